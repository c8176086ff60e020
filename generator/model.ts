/**
 * Stage 3: the render model. Every SQL string, cast, column list and TypeScript type the
 * templates print is computed here, from one ordered column array per table, so the COPY
 * column list, the row encoder order, the UNNEST parameters and the INSERT column list
 * cannot disagree.
 */
import { PG_TYPES, type PgTypeSpec } from '@pgtwin/runtime/internal/pg-types';
import type { TypeParams } from '@pgtwin/runtime/internal/codec';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';
import type { BoundValueIR, ColumnIR, PartitionBoundIR, SchemaIR, TableIR } from './ir.ts';
import { commentText, jsLiteral, jsString, lineCommentText, propertyKey, quoteIdent, quoteLiteral, tableNames, type TableNames } from './escape.ts';
import { orderTablesByDependency, SchemaError } from './validate.ts';

export interface ColumnModel {
  readonly name: string;
  readonly quotedName: string;
  /** TypeScript property name, quoted when it is not an identifier (Kysely interface keys). */
  readonly sqlKey: string;
  readonly field: string;
  /** `T`, `T | null`, `readonly (T | null)[]`… as the insert row takes it. */
  readonly tsInput: string;
  /** as node-postgres returns it. */
  readonly tsSelect: string;
  /** `?` for nullable insert fields. */
  readonly optional: string;
  readonly nullable: boolean;
  /** Runtime expression building the column's codec. */
  readonly codecExpr: string;
  /** `int8`, `numeric(39,0)[]`… as in DDL. */
  readonly ddlType: string;
  /** `NOT NULL DEFAULT …` and the like. */
  readonly ddlSuffix: string;
  readonly doc: string;
}

export interface InsertColumnModel extends ColumnModel {
  /** 1-based UNNEST parameter number. */
  readonly param: number;
  /** `$1::int8[]`; array columns travel as `text[]` of array literals, since UNNEST would flatten them. */
  readonly unnestArg: string;
  /** `u."c"` or `u."c"::text[]` */
  readonly selectExpr: string;
  /**
   * Element type of the UNNEST parameter when it travels as a binary array: the OID, or the
   * SQL type name of an enum (looked up per connection); `null` for array columns, which
   * travel as text arrays of array literals.
   */
  readonly paramOidLiteral: string;
}

export interface TableModel {
  readonly name: string;
  readonly quotedName: string;
  readonly schemaFile: string;
  /** The quoted table name and the schema file as doc-comment text; the schema file as line-comment text (header). */
  readonly docName: string;
  readonly docSchemaFile: string;
  readonly headerSource: string;
  /** `generated/<moduleName>.ts` */
  readonly moduleName: string;
  /** Namespace name in `generated/index.ts`. */
  readonly namespace: string;
  /** How index.ts imports the module (`./ledgers.js`, `./ledgers`, `./ledgers.ts`). */
  readonly importPath: string;
  readonly insertType: string;
  readonly rowType: string;
  readonly kyselyType: string;
  readonly columns: readonly ColumnModel[];
  readonly insertColumns: readonly InsertColumnModel[];
  /** JSON string literals of the SQL statements, ready to print. */
  readonly copyBinarySql: string;
  readonly copyTextSql: string;
  readonly batchInsertSql: string;
  readonly selectListSql: string;
  readonly columnNamesLiteral: string;
  readonly insertColumnNamesLiteral: string;
  readonly conflictTargetLiteral: string;
  /** The import list from @pgtwin/runtime. */
  readonly runtimeImports: string;
  /** What `batchInsert` does on conflict, for its doc comment. */
  readonly conflictDoc: string;
  /** Enum types used in array columns, whose OIDs binary COPY looks up. */
  readonly typeNamesLiteral: string;
  readonly createTableSql: string;
  /** `CREATE TABLE … PARTITION OF …` for each declared partition, then the default one. */
  readonly createPartitionSql: readonly string[];
  /** Partitioned tables: the generated module wraps its functions to name the row of a "no partition" error. */
  readonly partitioned: boolean;
  /** TypeScript literal of the partition key passed to `partitionErrorFrom` (`null` for a plain table). */
  readonly partitionKeyLiteral: string;
  /** JSON literal of the statements batchUpsert/batchDelete/batchApply and the staging COPY use (absent ones omitted). */
  readonly extraSqlEntries: readonly { readonly key: string; readonly sql: string }[];
  /** Indexes into insertColumns of the conflict target, upsert target and delete key (`null` when absent). */
  readonly keysLiteral: string;
  readonly upsertDuplicatesLiteral: string;
  /** Columns the database fills, `[{ name, field }]`: a row carrying one is refused by name. */
  readonly filledColumnsLiteral: string;
  readonly hasUpsert: boolean;
  readonly hasDelete: boolean;
  readonly hasApply: boolean;
  /** `"account" | "asset"`: the insert-row fields of the delete key. */
  readonly deleteKeyFields: string;
  readonly keyType: string;
  readonly upsertDoc: string;
  readonly deleteDoc: string;
  /** Position in dependency order (parents first), for multi-table backfills. */
  readonly backfillRank: number;
  /** Table name as a TypeScript property key. */
  readonly sqlKey: string;
  /** Kysely interface members: SQL names as keys, node-postgres select types, `Generated<…>` for columns the database fills. */
  readonly kyselyColumns: readonly { readonly key: string; readonly type: string }[];
}

export interface EnumModel {
  readonly name: string;
  readonly createSql: string;
}

export interface RenderModel {
  readonly enums: readonly EnumModel[];
  /** `create_distributed_table` / `create_hypertable` statements for `distributed.sql`; empty: no such file. */
  readonly distributedSql: readonly { readonly comment: string; readonly sql: string }[];
  /** Sorted by name. */
  readonly tables: readonly TableModel[];
  /** Parents before children. */
  readonly tablesInDependencyOrder: readonly TableModel[];
  /** Import lines of `generated/database.ts`. */
  readonly databaseImports: string;
  readonly databaseImportPath: string;
  /** The command generated headers tell the reader to run (`npx pgtwin codegen`). */
  readonly codegenCommand: string;
}

const RUNTIME_TYPES = ['Int8Input', 'NumericInput', 'DateInput', 'TimestampInput', 'IntervalInput', 'IntervalOutput', 'JsonInput', 'JsonValue'] as const;

/** A TS type's text without its string literal types (enum labels), whose words are not type references. */
function typeReferencesText(types: readonly string[]): string {
  return types.join(' ').replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

function typeParams(c: ColumnIR): TypeParams {
  return {
    ...(c.length !== undefined && { length: c.length }),
    ...(c.precision !== undefined && { precision: c.precision, scale: c.scale ?? 0 }),
    ...(c.enumName !== undefined && { enumName: c.enumName, labels: c.labels ?? [] }),
  };
}

function wrapArray(t: string): string {
  return `readonly (${t} | null)[]`;
}

function columnModel(c: ColumnIR): ColumnModel {
  const spec = PG_TYPES[c.type];
  const p = typeParams(c);
  // Enum labels are printed as string literal types here, through jsString (not the type table's JSON.stringify).
  const labelUnion = c.type === 'enum' ? (c.labels ?? []).map(jsString).join(' | ') : undefined;
  const elemInput = labelUnion ?? spec.tsInput(p);
  const notNullInput: PgTypeSpec['tsInputNotNull'] = 'tsInputNotNull' in spec ? spec.tsInputNotNull : undefined;
  const elemSelect = labelUnion ?? spec.tsSelect(p);
  const tsInputBase = c.isArray ? wrapArray(elemInput) : !c.nullable && notNullInput ? notNullInput(p) : elemInput;
  const tsSelectBase = c.isArray ? `(${elemSelect} | null)[]` : elemSelect;
  const baseSql = spec.sql(p);
  const ddlType = c.isArray ? `${baseSql}[]` : baseSql;
  const args = spec.params.length === 0 ? '' : jsLiteral(p);
  const elementCodec = `codecs.${codecFactoryName(c.type)}(${args})`;
  const codecExpr = c.isArray
    ? `codecs.arrayCodec(${elementCodec}, ${c.type === 'enum' ? `typeOidOf(${jsString(baseSql)})` : spec.oid})`
    : elementCodec;

  const suffix: string[] = [];
  if (c.fill.kind === 'identity') suffix.push(`GENERATED ${c.fill.mode === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (c.fill.kind === 'generated') suffix.push(`GENERATED ALWAYS AS (${c.fill.sql}) STORED`);
  if (!c.nullable) suffix.push('NOT NULL');
  if (c.fill.kind === 'default') suffix.push(`DEFAULT ${c.fill.sql}`);
  if (c.defaultSql !== undefined) suffix.push(`DEFAULT ${c.defaultSql}`);
  if (c.references) suffix.push(`REFERENCES ${quoteIdent(c.references.table)} (${quoteIdent(c.references.column)})`);

  const fillDoc = c.fill.kind === 'insert' ? '' : ` Filled by the database (${c.fill.kind}); not sent by the insert paths.`;
  return {
    name: c.name,
    quotedName: quoteIdent(c.name),
    sqlKey: propertyKey(c.name),
    field: c.field,
    tsInput: c.nullable ? `${tsInputBase} | null` : tsInputBase,
    tsSelect: c.nullable ? `${tsSelectBase} | null` : tsSelectBase,
    optional: c.nullable ? '?' : '',
    nullable: c.nullable,
    codecExpr,
    ddlType,
    ddlSuffix: suffix.length ? ` ${suffix.join(' ')}` : '',
    doc: commentText(`\`${c.name.replace(/`/g, "'")}\` ${ddlType}${c.nullable ? '' : ' NOT NULL'}.${fillDoc}`),
  };
}

/** A bound value as a quoted literal with a cast (`'2024-01-01 00:00:00+00'::timestamptz`): never the schema's raw text. */
function boundValueSql(v: BoundValueIR, c: ColumnIR): string {
  switch (v.kind) {
    case 'value':
      return `${quoteLiteral(v.text)}::${PG_TYPES[c.type].sql(typeParams(c))}`;
    case 'minvalue':
      return 'MINVALUE';
    case 'maxvalue':
      return 'MAXVALUE';
    case 'null':
      return 'NULL';
  }
}

function boundSql(b: PartitionBoundIR, cols: readonly ColumnIR[]): string {
  const list = (values: readonly BoundValueIR[], col: (i: number) => ColumnIR) => values.map((v, i) => boundValueSql(v, col(i))).join(', ');
  switch (b.kind) {
    case 'range':
      return `FROM (${list(b.from, (i) => cols[i] as ColumnIR)}) TO (${list(b.to, (i) => cols[i] as ColumnIR)})`;
    case 'list':
      return `IN (${list(b.values, () => cols[0] as ColumnIR)})`;
    case 'hash':
      return `WITH (MODULUS ${b.modulus}, REMAINDER ${b.remainder})`;
  }
}

/**
 * TimescaleDB 2.20+'s CREATE TABLE options. partition_column is a column name; segmentby and
 * orderby are parsed by TimescaleDB as column lists, so their names are quoted identifiers.
 */
function hypertableWith(t: TableIR): string {
  const h = t.hypertable;
  if (!h) return '';
  const opts = [
    'tsdb.hypertable',
    `tsdb.partition_column = ${quoteLiteral(h.timeColumn)}`,
    `tsdb.chunk_interval = ${quoteLiteral(h.chunkInterval)}`,
    ...(h.segmentBy.length ? [`tsdb.segmentby = ${quoteLiteral(h.segmentBy.map(quoteIdent).join(', '))}`] : []),
    ...(h.orderBy.length ? [`tsdb.orderby = ${quoteLiteral(h.orderBy.map((o) => `${quoteIdent(o.column)}${o.desc ? ' DESC' : ''}`).join(', '))}`] : []),
  ];
  return ` WITH (\n  ${opts.join(',\n  ')}\n)`;
}

/** Citus statements, colocation targets first (hypertables are created by schema.sql). */
function distributedStatements(tables: readonly TableIR[]): { comment: string; sql: string }[] {
  const out: { comment: string; sql: string }[] = [];
  const done = new Set<string>();
  const byName = new Map(tables.map((t) => [t.name, t]));
  const visit = (t: TableIR): void => {
    if (done.has(t.name)) return;
    done.add(t.name);
    const d = t.distribution;
    if (d?.kind === 'reference') {
      out.push({ comment: lineCommentText(`Citus: "${t.name}" is a reference table (a copy on every node).`), sql: `SELECT create_reference_table(${quoteLiteral(quoteIdent(t.name))});` });
    } else if (d) {
      const target = d.colocateWith && d.colocateWith !== 'none' ? byName.get(d.colocateWith) : undefined;
      if (target) visit(target);
      const colocate = d.colocateWith ? `, colocate_with => ${quoteLiteral(d.colocateWith === 'none' ? 'none' : quoteIdent(d.colocateWith))}` : '';
      out.push({ comment: lineCommentText(`Citus: distribute "${t.name}" by "${d.column}"${d.colocateWith ? ` (colocated with ${d.colocateWith})` : ''}.`), sql: `SELECT create_distributed_table(${quoteLiteral(quoteIdent(t.name))}, ${quoteLiteral(d.column)}${colocate});` });
    }
  };
  for (const t of orderTablesByDependency(tables)) visit(t);
  return out;
}

/** The name under which `runtime/codecs` exports the type table row's codec factory. */
function codecFactoryName(type: ColumnIR['type']): string {
  const factory: unknown = PG_TYPES[type].codec;
  const entry = Object.entries(codecs).find(([, v]) => v === factory);
  if (!entry) throw new Error(`type table: the codec of ${type} is not exported by runtime/codecs`);
  return entry[0];
}

function tableModel(t: TableIR, names: TableNames): TableModel {
  const columns = t.columns.map(columnModel);
  const insertable = t.columns.map((c, i) => ({ c, m: columns[i] as ColumnModel })).filter(({ c }) => c.fill.kind === 'insert');
  const insertColumns: InsertColumnModel[] = insertable.map(({ c, m }, i) => {
    const spec = PG_TYPES[c.type];
    const elemSql = spec.sql(typeParams(c));
    return {
      ...m,
      param: i + 1,
      unnestArg: c.isArray ? `$${i + 1}::text[]` : `$${i + 1}::${elemSql}[]`,
      selectExpr: c.isArray ? `u.${m.quotedName}::${m.ddlType}` : `u.${m.quotedName}`,
      paramOidLiteral: c.isArray ? 'null' : c.type === 'enum' ? jsString(elemSql) : String(spec.oid),
    };
  });
  const q = quoteIdent(t.name);
  const list = insertColumns.map((c) => c.quotedName).join(', ');
  const copyBase = `COPY ${q} (${list}) FROM STDIN`;
  const conflict = t.conflictTarget ? ` ON CONFLICT (${t.conflictTarget.map(quoteIdent).join(', ')}) DO NOTHING` : '';
  const base = names.typeBase;
  /** Indexes into insertColumns; null when absent or when a column is filled by the database (rows do not carry it). */
  const indexOf = (cols: readonly string[] | null) => {
    const idx = cols?.map((c) => insertColumns.findIndex((ic) => ic.name === c));
    return idx && !idx.includes(-1) ? idx : null;
  };
  const unnestOf = (cols: readonly InsertColumnModel[], first: number, alias: string) => ({
    args: cols.map((c, i) => (c.unnestArg.replace(/^\$\d+/, `$${first + i}`))).join(', '),
    exprs: cols.map((c) => c.selectExpr.replace(/^u\./, `${alias}.`)),
    list: cols.map((c) => c.quotedName).join(', '),
  });
  const insertSelect = `INSERT INTO ${q} (${list}) SELECT ${insertColumns.map((c) => c.selectExpr).join(', ')} FROM UNNEST(${insertColumns.map((c) => c.unnestArg).join(', ')}) AS u(${list})`;
  // Citus tags an INSERT … SELECT on a distributed or reference table with the rows the coordinator routed,
  // not the rows stored (ON CONFLICT DO NOTHING skips are counted): count RETURNING rows instead.
  // Plain tables keep the bare statement (see docs/scaling.md for the measured cost).
  const counted = (sql: string): string => (t.distribution ? `WITH w AS (${sql} RETURNING 1) SELECT count(*) AS "affected" FROM w` : sql);
  const batchInsert = counted(`${insertSelect}${conflict}`);
  const extraSql: { key: string; sql: string }[] = [];
  let upsertSql: string | undefined;
  if (t.upsert) {
    const set = t.upsert.set.map((x) => `${quoteIdent(x.column)} = ${x.sql}`).join(', ');
    upsertSql = `${insertSelect} ON CONFLICT (${t.upsert.target.map(quoteIdent).join(', ')}) DO UPDATE SET ${set}${t.upsert.where ? ` WHERE ${t.upsert.where}` : ''}`;
    extraSql.push({ key: 'batchUpsert', sql: counted(upsertSql) });
  }
  let deleteFrom: ((first: number) => string) | undefined;
  const deleteCols = t.deleteKey ? t.deleteKey.map((k) => insertColumns.find((c) => c.name === k) as InsertColumnModel) : [];
  if (t.deleteKey) {
    deleteFrom = (first) => {
      const k = unnestOf(deleteCols, first, 'k');
      const cond = deleteCols.map((c, i) => `d.${c.quotedName} = ${k.exprs[i]}`).join(' AND ');
      return `DELETE FROM ${q} AS d USING UNNEST(${k.args}) AS k(${k.list}) WHERE ${cond}`;
    };
    extraSql.push({ key: 'batchDelete', sql: deleteFrom(1) }); // Citus tags a DELETE with the rows deleted
  }
  if (upsertSql && deleteFrom) {
    extraSql.push({
      key: 'batchApply',
      sql: `WITH d AS (${deleteFrom(insertColumns.length + 1)} RETURNING 1), u AS (${upsertSql} RETURNING 1) SELECT (SELECT count(*) FROM u)::int4 AS upserted, (SELECT count(*) FROM d)::int4 AS deleted`,
    });
  }
  const stage = 'pg_temp."pgtwin_stage"';
  extraSql.push(
    { key: 'stageCreate', sql: `CREATE TEMP TABLE "pgtwin_stage" ON COMMIT DROP AS SELECT ${list} FROM ${q} WITH NO DATA` },
    { key: 'stageCopyBinary', sql: `COPY ${stage} (${list}) FROM STDIN (FORMAT binary)` },
    { key: 'stageCopyText', sql: `COPY ${stage} (${list}) FROM STDIN (FORMAT text)` },
    { key: 'stageMerge', sql: counted(`INSERT INTO ${q} (${list}) SELECT ${list} FROM ${stage} ON CONFLICT ${t.conflictTarget ? `(${t.conflictTarget.map(quoteIdent).join(', ')}) ` : ''}DO NOTHING`) },
    { key: 'stageDrop', sql: `DROP TABLE ${stage}` },
  );
  const usedTypes = new Set(typeReferencesText([...insertColumns.map((c) => c.tsInput), ...columns.map((c) => c.tsSelect)]).match(/\b[A-Z][A-Za-z0-9]*\b/g) ?? []);

  const constraints: string[] = [];
  if (t.primaryKey.length) constraints.push(`PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
  for (const u of t.unique) constraints.push(`UNIQUE (${u.map(quoteIdent).join(', ')})`);
  const p = t.partitioning;
  const partitionBy = p ? ` PARTITION BY ${p.kind.toUpperCase()} (${p.columns.map(quoteIdent).join(', ')})` : '';
  const createTableSql = `CREATE TABLE ${q} (\n${[
    ...columns.map((c) => `  ${c.quotedName} ${c.ddlType}${c.ddlSuffix}`),
    ...constraints.map((s) => `  ${s}`),
  ].join(',\n')}\n)${partitionBy}${hypertableWith(t)};`;
  const keyColumns = p ? p.columns.map((n) => t.columns.find((c) => c.name === n) as ColumnIR) : [];
  const createPartitionSql = p
    ? [
        ...p.partitions.map((x) => `CREATE TABLE ${quoteIdent(x.name)} PARTITION OF ${q} FOR VALUES ${boundSql(x.bound, keyColumns)};`),
        ...(p.defaultPartition ? [`CREATE TABLE ${quoteIdent(p.defaultPartition)} PARTITION OF ${q} DEFAULT;`] : []),
      ]
    : [];
  const partitionKeyLiteral = p
    ? `{ table: tableName, kind: ${jsString(p.kind)}, columns: [${keyColumns.map((c) => `{ name: ${jsString(c.name)}, field: ${jsString(c.field)}, type: ${jsString(c.type)} }`).join(', ')}] }`
    : 'null';

  return {
    name: t.name,
    quotedName: q,
    schemaFile: t.file,
    docName: commentText(q),
    docSchemaFile: commentText(t.file),
    headerSource: lineCommentText(t.file),
    moduleName: names.file,
    namespace: names.exportName,
    insertType: `${base}Insert`,
    rowType: `${base}Row`,
    kyselyType: `${base}Table`,
    columns,
    insertColumns,
    copyBinarySql: jsString(`${copyBase} (FORMAT binary)`),
    copyTextSql: jsString(`${copyBase} (FORMAT text)`),
    batchInsertSql: jsString(batchInsert),
    selectListSql: jsString(columns.map((c) => (c.name === c.field ? c.quotedName : `${c.quotedName} AS ${quoteIdent(c.field)}`)).join(', ')),
    columnNamesLiteral: `[${columns.map((c) => jsString(c.name)).join(', ')}] as const`,
    insertColumnNamesLiteral: `[${insertColumns.map((c) => jsString(c.name)).join(', ')}] as const`,
    conflictTargetLiteral: t.conflictTarget ? `[${t.conflictTarget.map((c) => jsString(c)).join(', ')}] as const` : 'null',
    runtimeImports: [
      'codecs',
      'copyIntoParallel as parallelCopyInto',
      'defineTable',
      ...(insertColumns.some((c) => c.codecExpr.includes('typeOidOf(')) ? ['typeOidOf'] : []),
      ...(p ? ['withPartitionErrors'] : []),
      ...['BatchOptions', 'CopyIntoOptions', 'CopyMergeResult', 'CopyRowsOptions', 'ParallelCopyOptions', 'ParallelCopyResult', 'ParallelCopySource', 'Queryable', ...(p ? ['PartitionKey'] : []), ...(t.upsert && t.deleteKey ? ['ApplyResult'] : []), ...RUNTIME_TYPES.filter((n) => usedTypes.has(n))].sort().map((n) => `type ${n}`),
    ].join(', '),
    typeNamesLiteral: jsLiteral([...new Set(t.columns.filter((c) => c.isArray && c.type === 'enum' && c.fill.kind === 'insert').map((c) => PG_TYPES.enum.sql(typeParams(c))))].sort()),
    conflictDoc: t.conflictTarget
      ? commentText(` with \`ON CONFLICT (${t.conflictTarget.join(', ')}) DO NOTHING\` (idempotent on retry)`)
      : ' (no conflict target: a duplicate key fails the statement)',
    createTableSql,
    createPartitionSql,
    partitioned: p !== null,
    partitionKeyLiteral,
    extraSqlEntries: extraSql.map((e) => ({ key: e.key, sql: jsString(e.sql) })),
    keysLiteral: `{ conflict: ${jsLiteral(indexOf(t.conflictTarget))}, upsert: ${jsLiteral(indexOf(t.upsert?.target ?? null))}, delete: ${jsLiteral(indexOf(t.deleteKey))} }`,
    upsertDuplicatesLiteral: jsString(t.upsert?.duplicates ?? 'reject'),
    filledColumnsLiteral: `[${t.columns.filter((c) => c.fill.kind !== 'insert').map((c) => `{ name: ${jsString(c.name)}, field: ${jsString(c.field)} }`).join(', ')}]`,
    hasUpsert: t.upsert !== null,
    hasDelete: t.deleteKey !== null,
    hasApply: t.upsert !== null && t.deleteKey !== null,
    deleteKeyFields: deleteCols.map((c) => jsString(c.field)).join(' | '),
    keyType: `${base}Key`,
    upsertDoc: t.upsert
      ? commentText(`ON CONFLICT (${t.upsert.target.join(', ')}) DO UPDATE SET ${t.upsert.set.map((x) => x.column).join(', ')}${t.upsert.where ? ' WHERE …' : ''}; duplicate keys in one batch: ${t.upsert.duplicates === 'lastWins' ? 'the last row wins' : 'rejected with a PgTwinValueError'}`)
      : '',
    deleteDoc: t.deleteKey ? commentText(`by (${t.deleteKey.join(', ')})`) : '',
    backfillRank: 0,
    importPath: '',
    sqlKey: propertyKey(t.name),
    kyselyColumns: columns.map((c, i) => ({
      key: c.sqlKey,
      type: t.columns[i]?.fill.kind === 'insert' ? c.tsSelect : `Generated<${c.tsSelect}>`,
    })),
  };
}

export interface ModelOptions {
  /** Extension of relative imports between generated modules. */
  readonly importExtension: '.js' | '.ts' | 'none';
  /** What the "do not edit" headers say to run (default `npx pgtwin codegen`). */
  readonly codegenCommand?: string;
}

/** What a project without a codegen script runs: the installed bin. */
export const DEFAULT_CODEGEN_COMMAND = 'npx pgtwin codegen';

export function buildModel(ir: SchemaIR, options: ModelOptions = { importExtension: '.ts' }): RenderModel {
  const ext = options.importExtension === 'none' ? '' : options.importExtension;
  const ranks = new Map(orderTablesByDependency(ir.tables).map((t, i) => [t.name, i]));
  const names = tableNames(ir.tables);
  const tables = ir.tables.map((t) => {
    let m: TableModel;
    try {
      m = tableModel(t, names.get(t.name) as TableNames);
    } catch (err) {
      throw new SchemaError([{ file: t.file, table: t.name, message: `cannot be generated: ${(err as Error)?.message ?? String(err)}` }]);
    }
    return { ...m, backfillRank: ranks.get(t.name) ?? 0, importPath: `./${m.moduleName}${ext}` };
  });
  const byName = new Map(tables.map((t) => [t.name, t]));
  const kyselyText = typeReferencesText(tables.flatMap((t) => t.kyselyColumns.map((c) => c.type)));
  const runtimeTypes = RUNTIME_TYPES.filter((n) => new RegExp(`\\b${n}\\b`).test(kyselyText));
  const databaseImports = [
    kyselyText.includes('Generated<') ? "import type { Generated } from 'kysely';" : '',
    runtimeTypes.length ? `import type { ${runtimeTypes.join(', ')} } from '@pgtwin/runtime';` : '',
  ].filter(Boolean).join('\n');
  return {
    databaseImportPath: `./database${ext}`,
    databaseImports,
    codegenCommand: options.codegenCommand ?? DEFAULT_CODEGEN_COMMAND,
    enums: ir.enums.map((e) => ({
      name: e.name,
      createSql: `CREATE TYPE ${quoteIdent(e.name)} AS ENUM (${e.labels.map(quoteLiteral).join(', ')});`,
    })),
    distributedSql: distributedStatements(ir.tables),
    tables,
    tablesInDependencyOrder: orderTablesByDependency(ir.tables).map((t) => byName.get(t.name) as TableModel),
  };
}
