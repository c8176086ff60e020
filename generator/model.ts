/**
 * Stage 3: the render model. Every SQL string, cast, column list and TypeScript type the
 * templates print is computed here, from one ordered column array per table, so the COPY
 * column list, the row encoder order, the UNNEST parameters and the INSERT column list
 * cannot disagree.
 */
import { RUNTIME_TYPE_NAMES, typeSpec, type RuntimeTypeName, type TsType } from '@pgtwin/runtime/internal/pg-types';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';
import { arrayDimensionsOf, typeParamsOf, type BoundValueIR, type ColumnIR, type CompositeIR, type PartitionBoundIR, type SchemaIR, type TableIR } from './ir.ts';
import { quoteIdent, quoteLiteral } from '@pgtwin/runtime/internal/sql-quote';
import { commentText, jsLiteral, jsString, lineCommentText, propertyKey } from './escape.ts';
import { tableNames, type TableNames } from './naming.ts';
import { orderTablesByDependency, SchemaError } from './validate.ts';
import { afterTableSql, columnCommentDoc, referencesSql, tableCommentDoc, tableConstraintsSql } from './table-extras-ddl.ts';
import { createDomainSql, orderUserTypes } from './user-types.ts';

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
  /** The `@pgtwin/runtime` type names `tsInput` and `tsSelect` refer to, collected as the types are chosen. */
  readonly inputTypeImports: readonly RuntimeTypeName[];
  readonly selectTypeImports: readonly RuntimeTypeName[];
  /** Its type's OID differs per database (enums, domains): an array codec looks the element OID up per connection. */
  readonly oidPerConnection: boolean;
  /** The types (as spelled in SQL) whose OIDs the column's binary encoder looks up per connection. */
  readonly typeOidNames: readonly string[];
  /** Its values hold money (a money column, array or domain, or a composite with a money field): lc_monetary is checked first. */
  readonly holdsMoney: boolean;
  /** `?` for nullable insert fields. */
  readonly optional: string;
  readonly nullable: boolean;
  /** Runtime expression building the column's codec. */
  readonly codecExpr: string;
  /** `int8`, `numeric(39,0)[]`… as in DDL. */
  readonly ddlType: string;
  /** The element type as in DDL and casts (`numeric(39,0)`, `"mood"`, a domain's `"amount"`). */
  readonly elementSql: string;
  /** For a domain column, its base type (`numeric(39,0)`, `text[]`); else `elementSql`. */
  readonly baseElementSql: string;
  /** `NOT NULL DEFAULT …` and the like. */
  readonly ddlSuffix: string;
  readonly doc: string;
}

export interface InsertColumnModel extends ColumnModel {
  /** The UNNEST parameter's element type: the column's type; `text` for array columns, which travel as `text[]` of array literals since UNNEST would flatten them. */
  readonly unnestElementSql: string;
  readonly isArray: boolean;
  /** The cast of the UNNEST output to the column type (`::int4[]` for arrays, `::"amount"` for domains), or ''. */
  readonly unnestCast: string;
  /**
   * Element OID of the UNNEST parameter, which then travels as a binary array; else it travels
   * as a text array literal: the SQL type name of an enum (enum OIDs differ per database; none
   * is looked up) or `null` for array columns, which UNNEST would flatten.
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
  /** Names of the insert columns holding money, whose lc_monetary the runtime checks; empty when none. */
  readonly moneyColumnsLiteral: string;
  /** `{ column, type }` literal of the first column without a binary form (COPY is text then), or `undefined`. */
  readonly textCopyLiteral: string;
  /** Why COPY defaults to text, as doc-comment text; empty when binary is the default. */
  readonly textCopyDoc: string;
  /** Type argument narrowing the COPY options' `format` to `'text'` (`<'text'>`), or empty. */
  readonly copyFormatArg: string;
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
  /** The runtime type names `kyselyColumns` refer to (for generated/database.ts). */
  readonly kyselyTypeImports: readonly RuntimeTypeName[];
  /** Storage parameters, indexes and comments, printed after the table and its partitions. */
  readonly afterTableSql: readonly string[];
  /** The table's comment as doc-comment text (empty: none). */
  readonly tableDoc: string;
}

export interface EnumModel {
  readonly name: string;
  readonly createSql: string;
}

export interface RenderModel {
  /** `CREATE EXTENSION IF NOT EXISTS` statements for the extensions the columns' types come from, sorted. */
  readonly extensions: readonly string[];
  readonly enums: readonly EnumModel[];
  /** `CREATE DOMAIN` statements, after the enums (a base may be one), sorted by name; then `CREATE TYPE … AS (…)` of composites in dependency order. */
  readonly domains: readonly EnumModel[];
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

function wrapArray(t: string, dimensions: number): string {
  let out = `readonly (${t} | null)[]`;
  for (let d = 1; d < dimensions; d++) out = `readonly (${out})[]`;
  return out;
}

/** The composite types of the schema by name: the render model builds their codecs and TypeScript types from the fields. */
type Composites = ReadonlyMap<string, CompositeIR>;

/** A money column, array or domain, or a composite with a money field at any depth. */
function holdsMoney(c: ColumnIR, composites: Composites): boolean {
  if (c.type === 'money') return true;
  return typeSpec(c.type).takesComposite === true && compositeOf(c, composites).fields.some((f) => holdsMoney(f, composites));
}

function compositeOf(c: ColumnIR, composites: Composites): CompositeIR {
  const found = composites.get(c.compositeName ?? '');
  if (!found) throw new Error(`composite type ${c.compositeName ?? ''} is not declared`);
  return found;
}

/** `{ readonly a?: number | null; … }`: a composite's insert type, every field optional (NULL). */
function compositeInputType(c: ColumnIR, composites: Composites): TsType {
  const fields = compositeOf(c, composites).fields.map((f) => ({ f, t: columnTsTypes(f, composites).input }));
  return {
    text: fields.length ? `{ ${fields.map(({ f, t }) => `readonly ${propertyKey(f.name)}?: ${t.text}`).join('; ')} }` : 'Record<string, never>',
    imports: [...new Set(fields.flatMap(({ t }) => t.imports))],
  };
}

/** The insert and select TypeScript types of a column, each with the runtime names it refers to. */
function columnTsTypes(c: ColumnIR, composites: Composites): { input: TsType; select: TsType } {
  const spec = typeSpec(c.type);
  const p = typeParamsOf(c);
  // Enum labels are printed as string literal types through jsString (the type table's text is JSON.stringify).
  const labels: TsType | undefined = spec.takesEnum ? { text: (c.labels ?? []).map(jsString).join(' | '), imports: [] } : spec.takesComposite ? compositeInputType(c, composites) : undefined;
  let elemInput = labels ?? spec.tsInput(p);
  let elemSelect = labels && !spec.takesComposite ? labels : spec.tsSelect(p);
  // node-postgres parses only the array types pg-types registers; others come back as PostgreSQL's array text.
  const arraySelect = (dims: number): TsType =>
    spec.arraySelectsText ? { text: 'string', imports: [] } : { ...elemSelect, text: `(${elemSelect.text} | null)${'[]'.repeat(dims)}` };
  // A domain over an array: its values are arrays of the base element; node-postgres sees the base array type.
  if (c.domain?.baseIsArray) {
    elemInput = { ...elemInput, text: wrapArray(elemInput.text, 1) };
    elemSelect = arraySelect(1);
  }
  const dims = arrayDimensionsOf(c);
  const input = c.isArray ? { ...elemInput, text: wrapArray(elemInput.text, dims) } : !c.nullable && spec.tsInputNotNull && !c.domain?.baseIsArray ? spec.tsInputNotNull(p) : elemInput;
  // node-postgres parses no array of a composite or of a domain (their array OIDs are unknown to it): the text comes back.
  // (A domain column itself is sent as its base type.)
  const select = !c.isArray || spec.takesComposite ? elemSelect : c.domain !== undefined ? { text: 'string', imports: [] } : arraySelect(dims);
  // What a select returns is valid input (DESIGN, "Whose conventions"): where node-postgres hands
  // back PostgreSQL's text (record text, an array it does not parse), the codecs read that text,
  // and the insert type takes it too, so a selected row can be written back without a cast.
  // (Scalars that select as a string take a string already; arrays and composites need it added.)
  const structured = c.isArray || c.domain?.baseIsArray === true || spec.takesComposite === true;
  const takesSelected = structured && select.text === 'string' ? { ...input, text: `${input.text} | string` } : input;
  const orNull = (t: TsType): TsType => (c.nullable ? { ...t, text: `${t.text} | null` } : t);
  return { input: orNull(takesSelected), select: orNull(select) };
}

/**
 * A column's codec expression and what it needs: its element and DDL type, the types whose OIDs
 * its binary encoder looks up per connection, and its own type's OID as a composite field
 * names it (a number, or the SQL name looked up per connection).
 */
function columnCodec(c: ColumnIR, composites: Composites) {
  const spec = typeSpec(c.type);
  const p = typeParamsOf(c);
  const baseSql = spec.sql(p);
  const takesParams = Object.keys(spec.params).length > 0 || spec.takesEnum === true || spec.takesComposite === true || spec.takesRawType === true;
  const oidOf = (sql: string) => (spec.oids === 'per-connection' ? `typeOidOf(${jsString(sql)})` : String(spec.oids.oid));
  // The types whose OIDs binary COPY looks up per connection (enum and domain elements of arrays).
  const typeOidNames: string[] = [];
  let elementCodec = `codecs.${codecFactoryName(c.type)}(${takesParams ? jsLiteral(p) : ''})`;
  if (spec.takesComposite) {
    // Each field's codec and OID (record_recv checks every field's OID against the attribute's type).
    const fields = compositeOf(c, composites).fields.map((f) => {
      const fc = columnCodec(f, composites);
      typeOidNames.push(...fc.typeOidNames);
      if (typeof fc.oid === 'string') typeOidNames.push(fc.oid);
      return `{ name: ${jsString(f.name)}, codec: ${fc.codecExpr}, oid: ${typeof fc.oid === 'string' ? jsString(fc.oid) : fc.oid} }`;
    });
    elementCodec = `codecs.compositeCodec({ compositeName: ${jsString(c.compositeName ?? '')}, compositeFields: [${fields.join(', ')}] })`;
  }
  // A domain column: the base type's codec and, in DDL and casts, the domain's name.
  let elementSql = baseSql;
  // Text-only types never reach binary COPY (the runtime refuses it): no element OID to look up.
  let oidPerConnection = spec.oids === 'per-connection' && spec.copy !== 'text';
  // The element type's typdelim: the type table's (box), or a raw type's from the schema.
  const arrayDelimiter = spec.arrayDelimiter ?? c.rawDelimiter;
  const delimiterOption = arrayDelimiter ? `, { delimiter: ${jsString(arrayDelimiter)} }` : '';
  const arrayOptions = [arrayDelimiter ? `delimiter: ${jsString(arrayDelimiter)}` : '', c.arrayDimensions !== undefined ? `dimensions: ${c.arrayDimensions}` : ''].filter(Boolean);
  const columnArrayOption = arrayOptions.length ? `, { ${arrayOptions.join(', ')} }` : '';
  if (c.domain) {
    if (c.domain.baseIsArray) {
      elementCodec = `codecs.arrayCodec(${elementCodec}, ${spec.copy === 'text' ? '0' : oidOf(baseSql)}${delimiterOption})`;
      if (oidPerConnection) typeOidNames.push(baseSql);
    }
    elementSql = quoteIdent(c.domain.name);
    // An array of a domain names the domain's OID as its element type (array_recv checks it).
    oidPerConnection = true;
  }
  // `int4[][]`: PostgreSQL ignores the dimensions but records them (attndims), which pull reads back.
  const ddlType = `${elementSql}${'[]'.repeat(arrayDimensionsOf(c))}`;
  if (c.isArray && oidPerConnection) typeOidNames.push(elementSql);
  const codecExpr = c.isArray
    ? `codecs.arrayCodec(${elementCodec}, ${c.domain ? `typeOidOf(${jsString(elementSql)})` : spec.copy === 'text' ? '0' : oidOf(baseSql)}${c.domain?.baseIsArray ? '' : columnArrayOption})`
    : elementCodec;
  const oid: number | string = oidPerConnection ? (c.isArray ? `${elementSql}[]` : elementSql) : spec.oids === 'per-connection' ? '' : c.isArray ? spec.oids.arrayOid : spec.oids.oid;
  return { codecExpr, typeOidNames: [...new Set(typeOidNames)], elementSql, ddlType, oidPerConnection, baseSql, oid };
}

function columnModel(c: ColumnIR, composites: Composites): ColumnModel {
  const ts = columnTsTypes(c, composites);
  const { codecExpr, typeOidNames, elementSql, ddlType, oidPerConnection, baseSql } = columnCodec(c, composites);

  const suffix: string[] = [];
  if (c.fill.kind === 'identity') suffix.push(`GENERATED ${c.fill.mode === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (c.fill.kind === 'generated') suffix.push(`GENERATED ALWAYS AS (${c.fill.sql}) STORED`);
  if (!c.nullable) suffix.push('NOT NULL');
  if (c.fill.kind === 'default') suffix.push(`DEFAULT ${c.fill.sql}`);
  if (c.defaultSql !== undefined) suffix.push(`DEFAULT ${c.defaultSql}`);
  if (c.references) suffix.push(referencesSql(c.references));

  const fillDoc = c.fill.kind === 'insert' ? '' : ` Filled by the database (${c.fill.kind}); not sent by the insert paths.`;
  return {
    name: c.name,
    quotedName: quoteIdent(c.name),
    sqlKey: propertyKey(c.name),
    field: c.field,
    tsInput: ts.input.text,
    tsSelect: ts.select.text,
    inputTypeImports: ts.input.imports,
    selectTypeImports: ts.select.imports,
    oidPerConnection,
    typeOidNames,
    holdsMoney: holdsMoney(c, composites),
    optional: c.nullable ? '?' : '',
    nullable: c.nullable,
    codecExpr,
    ddlType,
    elementSql,
    baseElementSql: c.domain?.baseIsArray ? `${baseSql}[]` : baseSql,
    ddlSuffix: suffix.length ? ` ${suffix.join(' ')}` : '',
    doc: columnCommentDoc(c) + commentText(`\`${c.name.replace(/`/g, "'")}\` ${ddlType}${c.nullable ? '' : ' NOT NULL'}.${fillDoc}`),
  };
}

/** A bound value as a quoted literal with a cast (`'2024-01-01 00:00:00+00'::timestamptz`): never the schema's raw text. */
function boundValueSql(v: BoundValueIR, c: ColumnIR): string {
  switch (v.kind) {
    case 'value':
      return `${quoteLiteral(v.text)}::${typeSpec(c.type).sql(typeParamsOf(c))}`;
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
  const factory: unknown = typeSpec(type).codec;
  const entry = Object.entries(codecs).find(([, v]) => v === factory);
  if (!entry) throw new Error(`type table: the codec of ${type} is not exported by runtime/codecs`);
  return entry[0];
}

function insertColumnModels(t: TableIR, columns: readonly ColumnModel[]): InsertColumnModel[] {
  const insertable = t.columns.map((c, i) => ({ c, m: columns[i] as ColumnModel })).filter(({ c }) => c.fill.kind === 'insert');
  return insertable.map(({ c, m }) => {
    const oids = typeSpec(c.type).oids;
    // Arrays (of the column, or a domain's base) travel as text literals, since UNNEST would flatten
    // them; so do composites, whose fields a multi-argument UNNEST would expand into columns.
    // raw types may have no array type: their parameter is text[], each element cast to the type.
    const textLiteral = c.isArray || c.domain?.baseIsArray === true || typeSpec(c.type).takesComposite === true || typeSpec(c.type).takesRawType === true;
    // A domain's scalar parameter is a binary array of its base type (a domain has no binary
    // array format of its own: array_recv wants the domain's per-database OID), cast to the domain after UNNEST.
    return {
      ...m,
      unnestElementSql: textLiteral ? 'text' : m.baseElementSql,
      isArray: c.isArray,
      unnestCast: textLiteral || c.domain ? `::${m.ddlType}` : '',
      paramOidLiteral: textLiteral ? 'null' : oids === 'per-connection' ? jsString(m.baseElementSql) : String(oids.oid),
    };
  });
}

/** `UNNEST(<args>) AS <alias>(<list>)` over some insert columns, with parameters numbered from `first`, and the select expression of each. */
function unnestOf(cols: readonly InsertColumnModel[], options: { readonly first: number; readonly alias: string }): { args: string; exprs: string[]; list: string } {
  return {
    args: cols.map((c, i) => `$${options.first + i}::${c.unnestElementSql}[]`).join(', '),
    exprs: cols.map((c) => `${options.alias}.${c.quotedName}${c.unnestCast}`),
    list: cols.map((c) => c.quotedName).join(', '),
  };
}

/** Every statement a table's module sends: COPY, the UNNEST insert, upsert, delete, apply and the staging ones. */
function statementModel(t: TableIR, columns: readonly ColumnModel[], insertColumns: readonly InsertColumnModel[]) {
  const q = quoteIdent(t.name);
  const list = insertColumns.map((c) => c.quotedName).join(', ');
  const copyBase = `COPY ${q} (${list}) FROM STDIN`;
  const conflict = t.conflictTarget ? ` ON CONFLICT (${t.conflictTarget.map(quoteIdent).join(', ')}) DO NOTHING` : '';
  const insertFrom = (first: number) => {
    const u = unnestOf(insertColumns, { first, alias: 'u' });
    return `INSERT INTO ${q} (${list}) SELECT ${u.exprs.join(', ')} FROM UNNEST(${u.args}) AS u(${u.list})`;
  };
  // Citus tags an INSERT … SELECT on a distributed or reference table with the rows the coordinator routed,
  // not the rows stored (ON CONFLICT DO NOTHING skips are counted): count RETURNING rows instead.
  // Plain tables keep the bare statement (see docs/scaling.md for the measured cost).
  const counted = (sql: string): string => (t.distribution ? `WITH w AS (${sql} RETURNING 1) SELECT count(*) AS "affected" FROM w` : sql);
  const extraSql: { key: string; sql: string }[] = [];
  const upsertFrom = t.upsert
    ? (first: number) => {
        const u = t.upsert as NonNullable<TableIR['upsert']>;
        const set = u.set.map((x) => `${quoteIdent(x.column)} = ${x.sql}`).join(', ');
        return `${insertFrom(first)} ON CONFLICT (${u.target.map(quoteIdent).join(', ')}) DO UPDATE SET ${set}${u.where ? ` WHERE ${u.where}` : ''}`;
      }
    : undefined;
  if (upsertFrom) extraSql.push({ key: 'batchUpsert', sql: counted(upsertFrom(1)) });
  const deleteCols = t.deleteKey ? t.deleteKey.map((k) => insertColumns.find((c) => c.name === k) as InsertColumnModel) : [];
  const deleteFrom = t.deleteKey
    ? (first: number) => {
        const k = unnestOf(deleteCols, { first, alias: 'k' });
        const cond = deleteCols.map((c, i) => `d.${c.quotedName} = ${k.exprs[i]}`).join(' AND ');
        return `DELETE FROM ${q} AS d USING UNNEST(${k.args}) AS k(${k.list}) WHERE ${cond}`;
      }
    : undefined;
  if (deleteFrom) extraSql.push({ key: 'batchDelete', sql: deleteFrom(1) }); // Citus tags a DELETE with the rows deleted
  if (upsertFrom && deleteFrom) {
    extraSql.push({
      key: 'batchApply',
      sql: `WITH d AS (${deleteFrom(insertColumns.length + 1)} RETURNING 1), u AS (${upsertFrom(1)} RETURNING 1) SELECT (SELECT count(*) FROM u)::int4 AS upserted, (SELECT count(*) FROM d)::int4 AS deleted`,
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
  return {
    copyBinarySql: jsString(`${copyBase} (FORMAT binary)`),
    copyTextSql: jsString(`${copyBase} (FORMAT text)`),
    batchInsertSql: jsString(counted(`${insertFrom(1)}${conflict}`)),
    selectListSql: jsString(columns.map((c) => (c.name === c.field ? c.quotedName : `${c.quotedName} AS ${quoteIdent(c.field)}`)).join(', ')),
    extraSqlEntries: extraSql.map((e) => ({ key: e.key, sql: jsString(e.sql) })),
    deleteKeyFields: deleteCols.map((c) => jsString(c.field)).join(' | '),
  };
}

/** `CREATE TABLE` with its constraints, partitioning and hypertable options, and its partitions. */
function ddlModel(t: TableIR, columns: readonly ColumnModel[]) {
  const q = quoteIdent(t.name);
  const constraints: string[] = [];
  if (t.primaryKey.length) constraints.push(`PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
  for (const u of t.unique) constraints.push(`UNIQUE (${u.map(quoteIdent).join(', ')})`);
  constraints.push(...tableConstraintsSql(t));
  const p = t.partitioning;
  const partitionBy = p ? ` PARTITION BY ${p.kind.toUpperCase()} (${p.columns.map(quoteIdent).join(', ')})` : '';
  const createTableSql = `CREATE TABLE ${q} (\n${[
    ...columns.map((c) => `  ${c.quotedName} ${c.ddlType}${c.ddlSuffix}`),
    ...constraints.map((s) => `  ${s}`),
  ].join(',\n')}\n)${partitionBy}${hypertableWith(t)};`;
  const keyColumns = partitionKeyColumns(t);
  const createPartitionSql = p
    ? [
        ...p.partitions.map((x) => `CREATE TABLE ${quoteIdent(x.name)} PARTITION OF ${q} FOR VALUES ${boundSql(x.bound, keyColumns)};`),
        ...(p.defaultPartition ? [`CREATE TABLE ${quoteIdent(p.defaultPartition)} PARTITION OF ${q} DEFAULT;`] : []),
      ]
    : [];
  return { createTableSql, createPartitionSql };
}

function partitionKeyColumns(t: TableIR): ColumnIR[] {
  return t.partitioning ? t.partitioning.columns.map((n) => t.columns.find((c) => c.name === n) as ColumnIR) : [];
}

/** The runtime type names a set of columns' TypeScript types refer to, sorted. */
function runtimeTypeNames(imports: Iterable<readonly RuntimeTypeName[]>): RuntimeTypeName[] {
  const used = new Set([...imports].flat());
  return RUNTIME_TYPE_NAMES.filter((n) => used.has(n));
}

/** What the generated module declares for TypeScript: its imports and the Kysely table members. */
function typeSurfaceModel(t: TableIR, columns: readonly ColumnModel[], insertColumns: readonly InsertColumnModel[]) {
  const p = t.partitioning;
  const runtimeTypes = runtimeTypeNames([...insertColumns.map((c) => c.inputTypeImports), ...columns.map((c) => c.selectTypeImports)]);
  const kyselyColumns = columns.map((c, i) => ({
    key: c.sqlKey,
    type: t.columns[i]?.fill.kind === 'insert' ? c.tsSelect : `Generated<${c.tsSelect}>`,
  }));
  return {
    runtimeImports: [
      'codecs',
      'copyIntoParallel as parallelCopyInto',
      'defineTable',
      ...(insertColumns.some((c) => c.typeOidNames.length > 0) ? ['typeOidOf'] : []),
      ...(p ? ['withPartitionErrors'] : []),
      ...['BatchOptions', 'CopyIntoOptions', 'CopyMergeResult', 'CopyRowsOptions', 'ParallelCopyOptions', 'ParallelCopyResult', 'ParallelCopySource', 'Queryable', ...(p ? ['PartitionKey'] : []), ...(t.upsert && t.deleteKey ? ['ApplyResult'] : []), ...runtimeTypes].sort().map((n) => `type ${n}`),
    ].join(', '),
    kyselyColumns,
    kyselyTypeImports: runtimeTypeNames(columns.map((c) => c.selectTypeImports)),
  };
}

function tableModel(t: TableIR, names: TableNames, composites: Composites): TableModel {
  const columns = t.columns.map((c) => columnModel(c, composites));
  const insertColumns = insertColumnModels(t, columns);
  const q = quoteIdent(t.name);
  const base = names.typeBase;
  /** Indexes into insertColumns; null when absent or when a column is filled by the database (rows do not carry it). */
  const indexOf = (cols: readonly string[] | null) => {
    const idx = cols?.map((c) => insertColumns.findIndex((ic) => ic.name === c));
    return idx && !idx.includes(-1) ? idx : null;
  };
  const p = t.partitioning;
  const keyColumns = partitionKeyColumns(t);

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
    ...statementModel(t, columns, insertColumns),
    ...ddlModel(t, columns),
    ...typeSurfaceModel(t, columns, insertColumns),
    columnNamesLiteral: `[${columns.map((c) => jsString(c.name)).join(', ')}] as const`,
    insertColumnNamesLiteral: `[${insertColumns.map((c) => jsString(c.name)).join(', ')}] as const`,
    conflictTargetLiteral: t.conflictTarget ? `[${t.conflictTarget.map((c) => jsString(c)).join(', ')}] as const` : 'null',
    ...textCopyModel(t, composites),
    typeNamesLiteral: jsLiteral([...new Set(insertColumns.flatMap((c) => c.typeOidNames))].sort()),
    moneyColumnsLiteral: insertColumns.some((c) => c.holdsMoney) ? jsLiteral(insertColumns.filter((c) => c.holdsMoney).map((c) => c.name)) : '',
    conflictDoc: t.conflictTarget
      ? commentText(` with \`ON CONFLICT (${t.conflictTarget.join(', ')}) DO NOTHING\` (idempotent on retry)`)
      : ' (no conflict target: a duplicate key fails the statement)',
    partitioned: p !== null,
    partitionKeyLiteral: p
      ? `{ table: tableName, kind: ${jsString(p.kind)}, columns: [${keyColumns.map((c) => `{ name: ${jsString(c.name)}, field: ${jsString(c.field)}, type: ${jsString(c.type)} }`).join(', ')}] }`
      : 'null',
    keysLiteral: `{ conflict: ${jsLiteral(indexOf(t.conflictTarget))}, upsert: ${jsLiteral(indexOf(t.upsert?.target ?? null))}, delete: ${jsLiteral(indexOf(t.deleteKey))} }`,
    upsertDuplicatesLiteral: jsString(t.upsert?.duplicates ?? 'reject'),
    filledColumnsLiteral: `[${t.columns.filter((c) => c.fill.kind !== 'insert').map((c) => `{ name: ${jsString(c.name)}, field: ${jsString(c.field)} }`).join(', ')}]`,
    hasUpsert: t.upsert !== null,
    hasDelete: t.deleteKey !== null,
    hasApply: t.upsert !== null && t.deleteKey !== null,
    keyType: `${base}Key`,
    upsertDoc: t.upsert
      ? commentText(`ON CONFLICT (${t.upsert.target.join(', ')}) DO UPDATE SET ${t.upsert.set.map((x) => x.column).join(', ')}${t.upsert.where ? ' WHERE …' : ''}; duplicate keys in one batch: ${t.upsert.duplicates === 'lastWins' ? 'the last row wins' : 'rejected with a PgTwinValueError'}`)
      : '',
    deleteDoc: t.deleteKey ? commentText(`by (${t.deleteKey.join(', ')})`) : '',
    backfillRank: 0,
    importPath: '',
    sqlKey: propertyKey(t.name),
    afterTableSql: afterTableSql(t),
    tableDoc: tableCommentDoc(t),
  };
}

/** A table with a column of a type without a binary form copies in text format: which column, and the doc saying so. */
function textCopyModel(t: TableIR, composites: Composites): { textCopyLiteral: string; textCopyDoc: string; copyFormatArg: string } {
  // The text-only type of a column, or of a field of its composite type (at any depth): a record's binary form holds each field's.
  const textOnly = (c: ColumnIR, seen: ReadonlySet<string>): ColumnIR | undefined => {
    if (typeSpec(c.type).copy === 'text') return c;
    if (!typeSpec(c.type).takesComposite || seen.has(c.compositeName ?? '')) return undefined;
    const inner = new Set([...seen, c.compositeName ?? '']);
    for (const f of compositeOf(c, composites).fields) {
      const found = textOnly(f, inner);
      if (found) return found;
    }
    return undefined;
  };
  let c: ColumnIR | undefined;
  let typed: ColumnIR | undefined;
  for (const x of t.columns) {
    if (x.fill.kind !== 'insert') continue;
    typed = textOnly(x, new Set());
    if (typed) {
      c = x;
      break;
    }
  }
  if (!c || !typed) return { textCopyLiteral: 'undefined', textCopyDoc: '', copyFormatArg: '' };
  const type = typeSpec(typed.type).sql(typeParamsOf(typed));
  const columnType = typed === c ? type : `${typeSpec(c.type).sql(typeParamsOf(c))}, field ${typed.name} ${type}`;
  const what = typed === c ? '' : `${typeSpec(c.type).sql(typeParamsOf(c))} with a field "${typed.name}" of `;
  const why = typeSpec(typed.type).takesRawType ? `${what}raw(${type}), sent as PostgreSQL text` : `${what}${type}, which has no binary send/receive functions in PostgreSQL`;
  return {
    textCopyLiteral: `{ column: ${jsString(c.name)}, type: ${jsString(columnType)} }`,
    textCopyDoc: commentText(`column "${c.name}" is ${why}; binary is refused`),
    copyFormatArg: "<'text'>",
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
  const composites: Composites = new Map((ir.composites ?? []).map((c) => [c.name, c]));
  const tables = ir.tables.map((t) => {
    let m: TableModel;
    try {
      m = tableModel(t, names.get(t.name) as TableNames, composites);
    } catch (err) {
      throw new SchemaError([{ file: t.file, table: t.name, message: `cannot be generated: ${(err as Error)?.message ?? String(err)}` }]);
    }
    return { ...m, backfillRank: ranks.get(t.name) ?? 0, importPath: `./${m.moduleName}${ext}` };
  });
  const byName = new Map(tables.map((t) => [t.name, t]));
  const kyselyTypes = runtimeTypeNames(tables.map((t) => t.kyselyTypeImports));
  const generated = tables.some((t) => t.kyselyColumns.some((c) => c.type.startsWith('Generated<')));
  const databaseImports = [
    generated ? "import type { Generated } from 'kysely';" : '',
    kyselyTypes.length ? `import type { ${kyselyTypes.join(', ')} } from '@pgtwin/runtime';` : '',
  ].filter(Boolean).join('\n');
  return {
    databaseImportPath: `./database${ext}`,
    databaseImports,
    codegenCommand: options.codegenCommand ?? DEFAULT_CODEGEN_COMMAND,
    extensions: [...new Set(ir.tables.flatMap((t) => t.columns.flatMap((c) => typeSpec(c.type).extension ?? [])))].sort().map((e) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e)};`),
    enums: ir.enums.map((e) => ({
      name: e.name,
      createSql: `CREATE TYPE ${quoteIdent(e.name)} AS ENUM (${e.labels.map(quoteLiteral).join(', ')});`,
    })),
    // Domains and composites in one dependency order: a domain may be over a composite, whose fields may be of a domain.
    domains: orderUserTypes(ir.domains ?? [], ir.composites ?? []).map((x) =>
      x.kind === 'domain'
        ? { name: x.name, createSql: createDomainSql(x) }
        : { name: x.name, createSql: `CREATE TYPE ${quoteIdent(x.name)} AS (${x.fields.map((f) => `${quoteIdent(f.name)} ${columnCodec(f, composites).ddlType}`).join(', ')});` },
    ),
    distributedSql: distributedStatements(ir.tables),
    tables,
    tablesInDependencyOrder: orderTablesByDependency(ir.tables).map((t) => byName.get(t.name) as TableModel),
  };
}
