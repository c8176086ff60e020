/**
 * `pgtwin pull`: writes one schema file per table (and `enums.ts`, `index.ts`) from a live
 * database, using the same introspection as `verify`. Never overwrites an existing file
 * unless told to; a column of a type pgtwin has no codec for, or whose parameters the DSL
 * cannot express, is written as `raw('<format_type>')` and reported: no column is left out.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { dslCall, TYPE_BY_TYPNAME, typeParamProblems, typeSpec, withTypeDefaults, type PgTypeName } from '@pgtwin/runtime/internal/pg-types';
import type { DbColumn, DbComposite, DbDomain, DbSchema, DbTable } from './introspect.ts';
import * as dsl from '../schema-dsl/index.ts';
import { isCompositeDef, isDomainDef, isEnumDef, isTableDef } from '../schema-dsl/index.ts';
import { commentText, jsLiteral, jsString, lineCommentText, propertyKey } from './escape.ts';
import { derivedTableNames, effectiveTableNames, fieldName, identifierFrom, pullTableNames, uniqueNames, type ExistingNames, type TableNames } from './naming.ts';
import type { LoadedSchema } from './load-schema.ts';
import { columnExtrasSource, tableExtrasSource, uniqueConstraintKeys } from './pull-extras.ts';

export interface PullOptions {
  /** Only these tables (default: all). */
  readonly tables?: readonly string[];
  /** Extension of relative imports between schema files. */
  readonly importExtension: '.js' | '.ts' | 'none';
  /**
   * What the schema folder already declares (`existingNames`): those tables, columns and enums
   * keep their names, and no new one takes a file or export name the folder holds.
   */
  readonly existing?: ExistingNames;
}

/**
 * The names an existing schema folder holds, from its loaded modules: each table's effective
 * names (pinned or derived, as codegen sees them) and fields, each enum's variable, every file
 * stem and every exported name.
 */
export function existingNames(loaded: LoadedSchema): ExistingNames {
  const tables = new Map<string, { names: TableNames; fields: Map<string, string> }>();
  const enums = new Map<string, string>();
  const exports = new Set<string>();
  const modules = [...loaded.modules, ...(loaded.index ? [loaded.index] : [])];
  for (const mod of modules) {
    for (const [name, value] of Object.entries(mod.exports)) {
      if (name !== 'default') exports.add(name);
      if (isTableDef(value) && !tables.has(value.name)) {
        const fields = new Map(value.columns.map(([c, spec]) => [c, typeof spec.field === 'string' ? spec.field : fieldName(c)]));
        tables.set(value.name, { names: effectiveTableNames(value.name, value.names), fields });
      } else if ((isEnumDef(value) || isDomainDef(value) || isCompositeDef(value)) && name !== 'default' && mod !== loaded.index && !enums.has(value.name)) {
        // Domains and composite types share the enums' map: types have one namespace in PostgreSQL.
        enums.set(value.name, name);
      }
    }
  }
  const files = modules.map((m) => path.posix.basename(m.file).replace(/\.(ts|mts|js|mjs)$/, '').toLowerCase());
  return { tables, enums, files, exports: [...exports] };
}

export interface PulledFile {
  readonly name: string;
  readonly source: string;
  /** index.ts or enums.ts merged into the existing file (`mergePulledFiles`): always written. */
  readonly merged?: boolean;
}

export interface PullResult {
  readonly files: readonly PulledFile[];
  /** `table.column: type (why)` of every column written as `raw('type')`. */
  readonly raw: readonly string[];
  /** Other things the user should know (dropped references, …). */
  readonly notes: readonly string[];
  /** Tables asked for with `tables` that the database does not have. */
  readonly missingTables: readonly string[];
}

/** Defaults that are the database's business (sequences, clocks, random ids): left out of the insert paths. */
const DATABASE_FILLED = /^(nextval\(|now\(\)|CURRENT_TIMESTAMP|CURRENT_DATE|LOCALTIMESTAMP|clock_timestamp\(\)|statement_timestamp\(\)|transaction_timestamp\(\)|gen_random_uuid\(\)|uuid_generate_v4\(\))/i;

/** Every name a schema file imports from pgtwin/schema: an enum's variable must not shadow one. */
const DSL_NAMES = Object.keys(dsl);

/**
 * The DSL call for a column, or why it cannot be written: a type pgtwin does not know
 * (written as `raw()`), or parameters the DSL cannot express (`numeric(5,-2)`) or that it would
 * change (an unbounded `bpchar` is not `char()`, which means char(1)).
 */
function columnCall(c: DbColumn, enumVar: (name: string) => string): { call: string; builder: string; type: PgTypeName } | { problem: string } | undefined {
  const typeName: PgTypeName | undefined = c.enumLabels ? 'enum' : TYPE_BY_TYPNAME.get(c.baseType);
  if (!typeName) return undefined;
  const spec = typeSpec(typeName);
  if (spec.takesEnum) return { call: dslCall(typeName, {}, enumVar(c.baseType)), builder: 'enumOf', type: typeName };
  const params = {
    ...(c.length !== null && { length: c.length }),
    ...(c.precision !== null && { precision: c.precision }),
    ...(c.scale !== null && { scale: c.scale }),
  };
  const problems = typeParamProblems(typeName, params);
  if (problems.length) return { problem: `${problems.join('; ')} in pgtwin's schema DSL` };
  const filled = withTypeDefaults(typeName, params);
  const narrowed = (Object.keys(filled) as (keyof typeof filled)[]).filter((k) => params[k] === undefined);
  if (narrowed.length) {
    return { problem: `has no ${narrowed.join(' or ')} in the database (unbounded); pgtwin's ${dslCall(typeName, {})} means ${dslCall(typeName, filled)}, which would narrow it` };
  }
  return { call: dslCall(typeName, { ...params, ...(c.fields !== null && { fields: c.fields }) }), builder: spec.dsl as string, type: typeName };
}

/** A literal of a partition bound as pg_get_expr prints it: 'quoted', a number, NULL, MINVALUE or MAXVALUE. */
type BoundLiteral = { readonly kind: 'value'; readonly text: string; readonly quoted: boolean } | { readonly kind: 'null' | 'minvalue' | 'maxvalue' };

/** Splits `'a', 12, MINVALUE, NULL` (the inside of FROM (…), TO (…), IN (…)) into literals. */
export function parseBoundLiterals(list: string): BoundLiteral[] {
  const out: BoundLiteral[] = [];
  const re = /\s*(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(NULL|MINVALUE|MAXVALUE|true|false))\s*(?:,|$)/giy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < list.length && (m = re.exec(list))) {
    if (m[1] !== undefined) out.push({ kind: 'value', text: m[1].replace(/''/g, "'"), quoted: true });
    else if (m[2] !== undefined) out.push({ kind: 'value', text: m[2], quoted: false });
    else {
      const word = (m[3] as string).toLowerCase();
      if (word === 'true' || word === 'false') out.push({ kind: 'value', text: word, quoted: false });
      else out.push({ kind: word as 'null' | 'minvalue' | 'maxvalue' });
    }
  }
  if (re.lastIndex < list.length && list.slice(re.lastIndex).trim() !== '') throw new Error(`cannot read partition bound values: ${list}`);
  return out;
}

/** A bound literal as DSL source: a JS string, a number, `minValue` / `maxValue`, or `null`. */
function boundSource(b: BoundLiteral): string {
  if (b.kind !== 'value') return b.kind === 'null' ? 'null' : b.kind === 'minvalue' ? 'minValue' : 'maxValue';
  if (!b.quoted && /^-?\d+$/.test(b.text) && Number.isSafeInteger(Number(b.text))) return b.text;
  return jsString(b.text);
}

/** `hypertable: { … }` for a TimescaleDB hypertable: time dimension and columnstore settings. */
function hypertableSource(h: NonNullable<DbTable['hypertable']>): string {
  const parts = [`timeColumn: ${JSON.stringify(h.timeColumn)}`, `chunkInterval: ${h.intervalIsInteger ? h.chunkInterval : JSON.stringify(h.chunkInterval)}`];
  if (h.segmentBy.length) parts.push(`segmentBy: [${h.segmentBy.map((s) => JSON.stringify(s)).join(', ')}]`);
  if (h.orderBy.length) parts.push(`orderBy: [${h.orderBy.map((o) => JSON.stringify(`${o.column}${o.desc ? ' DESC' : ''}`)).join(', ')}]`);
  return `  hypertable: { ${parts.join(', ')} },`;
}

/** `partitionBy: { … }` for a partitioned parent, from its partitions' bounds. */
function partitionSource(p: NonNullable<DbTable['partitioning']>, builders: Set<string>): string {
  const parts: string[] = [];
  let defaultName: string | undefined;
  for (const part of p.partitions) {
    const bound = part.bound.trim();
    if (/^DEFAULT$/i.test(bound)) {
      defaultName = part.name;
      continue;
    }
    const range = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/is.exec(bound);
    const list = /^FOR VALUES IN \((.*)\)$/is.exec(bound);
    const hash = /^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$/i.exec(bound);
    if (range) {
      const side = (text: string) => {
        const values = parseBoundLiterals(text);
        values.forEach((v) => v.kind === 'minvalue' ? builders.add('minValue') : v.kind === 'maxvalue' ? builders.add('maxValue') : undefined);
        return values.length === 1 ? boundSource(values[0] as BoundLiteral) : `[${values.map(boundSource).join(', ')}]`;
      };
      parts.push(`{ name: ${jsString(part.name)}, from: ${side(range[1] as string)}, to: ${side(range[2] as string)} }`);
    } else if (list) {
      parts.push(`{ name: ${jsString(part.name)}, values: [${parseBoundLiterals(list[1] as string).map(boundSource).join(', ')}] }`);
    } else if (hash) {
      parts.push(`{ name: ${jsString(part.name)}, modulus: ${hash[1]}, remainder: ${hash[2]} }`);
    } else {
      throw new Error(`cannot read the bound of partition ${part.name}: ${bound}`);
    }
  }
  const lines = [
    `    kind: '${p.kind}',`,
    `    columns: [${p.columns.map((c) => jsString(c)).join(', ')}],`,
    ...(parts.length ? [`    partitions: [\n${parts.map((x) => `      ${x},`).join('\n')}\n    ],`] : []),
    ...(defaultName ? [`    defaultPartition: ${jsString(defaultName)},`] : []),
  ];
  return `  partitionBy: {\n${lines.join('\n')}\n  },`;
}

/**
 * Row fields of a table's columns: a column the schema already declares keeps its field; a new
 * one gets the derived field (`fieldName`) when it is free, else a numbered one in column order
 * (`aB`, `aB2`), written as `.field('…')` so codegen gets the same and a later pull keeps it.
 */
function columnFields(t: DbTable, existing: ReadonlyMap<string, string> | undefined): Map<string, string> {
  const kept = new Map([...(existing ?? [])].filter(([c]) => t.columns.some((x) => x.name === c)));
  const fresh = uniqueNames(t.columns.map((c) => c.name).filter((c) => !kept.has(c)), fieldName, { separator: '', taken: kept.values() });
  return new Map(t.columns.map((c) => [c.name, kept.get(c.name) ?? (fresh.get(c.name) as string)]));
}

/** `names: { … }` for a table whose names differ from the derived ones (only the keys that differ). */
function pinnedNamesSource(table: string, names: TableNames): string | undefined {
  const derived = derivedTableNames(table);
  const parts = [
    ...(names.exportName !== derived.exportName ? [`export: ${jsString(names.exportName)}`] : []),
    ...(names.file !== derived.file ? [`file: ${jsString(names.file)}`] : []),
  ];
  return parts.length ? `  names: { ${parts.join(', ')} },` : undefined;
}

/** The element type of a column as format_type prints it (`numeric(5,-2)` of `numeric(5,-2)[]`). */
function elementFormatted(c: DbColumn): string {
  return c.isArray ? c.formatted.replace(/\[\]$/, '') : c.formatted;
}

/** A domain or composite type as pull declares it (in types.ts), or why the DSL cannot. */
type TypeDecl =
  | { readonly source: string; readonly builders: readonly string[]; readonly enums: readonly string[]; readonly types: readonly string[]; readonly notNull: boolean }
  | { readonly problem: string };

/** A column's (or field's, or domain base's) DSL call, resolving domains and composites through `decl`. */
type TypeCall = { call: string; builder: string; type: PgTypeName; enums: string[]; types: string[] } | { problem: string } | undefined;

/**
 * The declarations of a database's domains and composite types, made on demand (a composite's
 * fields may use other types; a cycle, which PostgreSQL refuses anyway, is a problem).
 */
function typeDeclarations(db: DbSchema, enumVar: (name: string) => string) {
  const made = new Map<string, TypeDecl>();
  const doing = new Set<string>();
  const typeCall = (c: DbColumn): TypeCall => {
    if (c.isDomain || c.isComposite) {
      const d = decl(c.baseType);
      if (!d) return undefined;
      if ('problem' in d) return { problem: d.problem };
      const builder = c.isDomain ? 'domainOf' : 'compositeOf';
      return { call: `${builder}(${enumVar(c.baseType)})`, builder, type: c.isDomain ? 'text' : 'composite', enums: [], types: [c.baseType] };
    }
    const m = columnCall(c, enumVar);
    return m && !('problem' in m) ? { ...m, enums: c.enumLabels ? [c.baseType] : [], types: [] } : m;
  };
  const decl = (name: string): TypeDecl | undefined => {
    const known = made.get(name);
    if (known) return known;
    if (doing.has(name)) return { problem: `type ${name} contains itself` };
    const domain = db.domains?.get(name);
    const composite = db.composites?.get(name);
    if (!domain && !composite) return undefined;
    doing.add(name);
    const d = domain ? domainDecl(domain) : compositeDecl(composite as DbComposite);
    doing.delete(name);
    made.set(name, d);
    return d;
  };
  /** `domainType('amount', numeric(39, 0), { check: sql('…') })`. */
  const domainDecl = (d: DbDomain): TypeDecl => {
    if (d.baseIsDomain && d.base.isArray) return { problem: `domain ${d.name} is over an array of domain ${d.base.baseType}, which pgtwin's DSL does not declare` };
    const base = typeCall(d.base);
    if (!base) return { problem: `domain ${d.name}: pgtwin cannot encode its base type ${d.base.formatted}` };
    if ('problem' in base) return { problem: `domain ${d.name}: ${base.problem}` };
    const builders = ['domainType', base.builder];
    const opts: string[] = [];
    if (d.checks.length === 1 && d.checks[0]?.name === `${d.name}_check`) opts.push(`check: sql(${jsString(d.checks[0].sql)})`);
    else if (d.checks.length > 0) opts.push(`check: { ${d.checks.map((c) => `${propertyKey(c.name)}: sql(${jsString(c.sql)})`).join(', ')} }`);
    if (d.notNull) opts.push('notNull: true');
    if (d.defaultSql !== null) opts.push(`default: sql(${jsString(d.defaultSql)})`);
    if (d.checks.length > 0 || d.defaultSql !== null) builders.push('sql');
    return {
      source: `export const ${enumVar(d.name)} = domainType(${jsString(d.name)}, ${base.call}${d.base.isArray ? '.array()' : ''}${opts.length ? `, { ${opts.join(', ')} }` : ''});`,
      builders,
      enums: base.enums,
      types: base.types,
      notNull: d.notNull,
    };
  };
  /** `compositeType('pair', { a: integer(), b: text() })`. */
  const compositeDecl = (c: DbComposite): TypeDecl => {
    const builders = new Set(['compositeType']);
    const enums = new Set<string>();
    const types = new Set<string>();
    const fields: string[] = [];
    for (const f of c.fields) {
      const m = typeCall(f);
      if (!m) return { problem: `composite type ${c.name}: pgtwin cannot encode field ${f.name} (${f.formatted})` };
      if ('problem' in m) return { problem: `composite type ${c.name}: field ${f.name}: ${m.problem}` };
      builders.add(m.builder);
      for (const e of m.enums) enums.add(e);
      for (const x of m.types) types.add(x);
      fields.push(`${propertyKey(f.name)}: ${m.call}${f.isArray ? '.array()' : ''}`);
    }
    return { source: `export const ${enumVar(c.name)} = compositeType(${jsString(c.name)}, { ${fields.join(', ')} });`, builders: [...builders], enums: [...enums], types: [...types], notNull: false };
  };
  return { typeCall, decl };
}

function renderTable(t: DbTable, names: TableNames, existingFields: ReadonlyMap<string, string> | undefined, pulled: ReadonlySet<string>, options: PullOptions, enumVar: (name: string) => string, raws: string[], notes: string[], types: ReturnType<typeof typeDeclarations>): { source: string; enums: string[]; types: string[] } {
  const builders = new Set<string>(['defineTable']);
  const enums = new Set<string>();
  const usedTypes = new Set<string>();
  const lines: string[] = [];
  const fields = columnFields(t, existingFields);
  for (const c of t.columns) {
    const found = types.typeCall(c);
    const domain = c.isDomain ? types.decl(c.baseType) : undefined;
    let made: { call: string; builder: string; type: PgTypeName; enums: string[]; types: string[] };
    if (found && !('problem' in found)) made = found;
    else {
      // No codec for the type, or parameters the DSL cannot express: the type as the server spells it, values as its text.
      const rawType = elementFormatted(c);
      const why = found ? found.problem : 'a type pgtwin has no codec for';
      raws.push(`${t.name}.${c.name}: ${c.formatted} (${why})`);
      made = { call: dslCall('raw', { rawType }, undefined, c.delimiter), builder: 'raw', type: 'raw', enums: [], types: [] };
      lines.push(`    // ${lineCommentText(propertyKey(c.name))}: ${lineCommentText(why)}: values are the type's PostgreSQL text, COPY is text.`);
    }
    builders.add(made.builder);
    for (const x of made.types) usedTypes.add(x);
    if (!c.isDomain && typeSpec(made.type).typmod === 'fractional' && c.typmod >= 0) {
      notes.push(`${t.name}.${c.name}: ${c.formatted} written as ${made.call}: pgtwin keeps microseconds and all interval fields, the column rounds them (verify reports it)`);
    }
    if (c.enumLabels) enums.add(c.baseType);
    let call = made.call;
    // attndims is what the DDL wrote (`int4[][]`); 0 or 1 (or a column made without dimensions) is one.
    if (c.isArray) call += c.dimensions > 1 ? `.array(${c.dimensions})` : '.array()';
    // A column of a NOT NULL domain is NOT NULL (the DSL refuses .nullable() on it).
    const domainNotNull = domain !== undefined && 'source' in domain && domain.notNull;
    if (!c.notNull && c.identity === '' && !domainNotNull) call += '.nullable()';
    if (c.identity) call += `.identity(${c.identity === 'a' ? '' : "'byDefault'"})`;
    else if (c.defaultSql !== null && /^nextval\(/i.test(c.defaultSql) && made.builder.match(/^(smallint|integer|bigint)$/)) {
      // A serial column: declared as an identity, which schema.sql can create on its own.
      call += `.identity('byDefault')`;
      notes.push(`${t.name}.${c.name}: serial (${c.defaultSql}) pulled as .identity('byDefault')`);
    }
    else if (c.generated === 's' && c.defaultSql !== null) {
      call += `.generatedAs(sql(${jsString(c.defaultSql)}))`;
      builders.add('sql');
    } else if (c.defaultSql !== null) {
      call += DATABASE_FILLED.test(c.defaultSql) ? `.filledByDatabase(sql(${jsString(c.defaultSql)}))` : `.default(sql(${jsString(c.defaultSql)}))`;
      builders.add('sql');
    }
    const extras = columnExtrasSource(t, c.name, pulled, builders, notes);
    const fk = extras === undefined ? t.foreignKeys.find((f) => f.column === c.name) : undefined;
    if (extras !== undefined) call += extras;
    else if (fk && pulled.has(fk.table)) call += `.references(${jsString(fk.table)}, ${jsString(fk.refColumn)})`;
    else if (fk) notes.push(`${t.name}.${c.name}: foreign key to ${fk.table} left out (that table is not pulled)`);
    const field = fields.get(c.name) as string;
    if (field !== fieldName(c.name)) call += `.field(${jsString(field)})`;
    lines.push(`    ${propertyKey(c.name)}: ${call},`);
  }
  const keys: string[] = [];
  if (t.primaryKey.length) keys.push(`  primaryKey: ${jsLiteral(t.primaryKey)},`);
  const uniques = uniqueConstraintKeys(t);
  if (uniques.length) keys.push(`  unique: [${uniques.map((u) => jsLiteral(u)).join(', ')}],`);
  if (t.partitioning) keys.push(partitionSource(t.partitioning, builders));
  if (t.hypertable) keys.push(hypertableSource(t.hypertable));
  keys.push(...tableExtrasSource(t, pulled, builders, notes));
  // Names that differ from the derived ones are pinned, so adding a table never renumbers this one.
  const pinned = pinnedNamesSource(t.name, names);
  if (pinned) keys.push(pinned);
  const ext = options.importExtension === 'none' ? '' : options.importExtension;
  const imports = [`import { ${[...builders].sort().join(', ')} } from 'pgtwin/schema';`];
  if (enums.size) imports.push(`import { ${[...enums].sort().map(enumVar).join(', ')} } from './enums${ext}';`);
  if (usedTypes.size) imports.push(`import { ${[...usedTypes].sort().map(enumVar).join(', ')} } from './types${ext}';`);
  const source = `${imports.join('\n')}\n\n/** Pulled from the database's table ${commentText(jsString(t.name))}. */\nexport default defineTable({\n  name: ${jsString(t.name)},\n  columns: {\n${lines.join('\n')}\n  },\n${keys.join('\n')}${keys.length ? '\n' : ''}});\n`;
  return { source, enums: [...enums], types: [...usedTypes] };
}

/** Builds the schema files for a database (pure: writing is `writePulled`). */
export function pullSchema(db: DbSchema, options: PullOptions): PullResult {
  const wanted = options.tables ? new Set(options.tables) : undefined;
  const raws: string[] = [];
  const notes: string[] = [];
  const missingTables = wanted ? [...wanted].filter((t) => !db.tables.has(t)) : [];
  const tables = [...db.tables.values()].filter((t) => !wanted || wanted.has(t.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const pulled = new Set(tables.map((t) => t.name));
  // File and export names: kept for tables the schema folder declares; for new ones derived, or
  // numbered on collision (catalog order, over every table of the database, so pulling a few with
  // --tables gives each its usual file) and pinned in the file written.
  const names = pullTableNames(db.tables.keys(), options.existing);
  const exportOf = (table: string) => names.get(table)?.exportName as string;
  const enumsOf = (ts: Iterable<DbTable>) => [...ts].flatMap((t) => t.columns.filter((c) => c.enumLabels).map((c) => c.baseType));
  // Enum (and domain and composite type) variables share index.ts with the tables' exports and each table file with the DSL's names.
  // Numbered over every type and table of the database, like the files, so --tables gives the same names.
  const allEnumNames = [...new Set([...db.enums.keys(), ...enumsOf(db.tables.values()), ...(db.domains?.keys() ?? []), ...(db.composites?.keys() ?? [])])].sort();
  // An enum the folder declares keeps its variable; a new one never takes a name the folder exports.
  const keptEnums = options.existing?.enums ?? new Map<string, string>();
  const enumVars = uniqueNames(allEnumNames.filter((e) => !keptEnums.has(e)), (e) => identifierFrom(e, 'camel'), {
    separator: '',
    taken: [...[...names.values()].map((n) => n.exportName), ...DSL_NAMES, ...keptEnums.values(), ...(options.existing?.exports ?? [])],
  });
  const enumVar = (e: string) => keptEnums.get(e) ?? (enumVars.get(e) as string);
  const types = typeDeclarations(db, enumVar);
  const files: PulledFile[] = [];
  const usedEnums = new Set<string>();
  // Domains and composite types the columns use, each after the types it uses (types.ts declares them in this order).
  const typeNames: string[] = [];
  const addType = (name: string): void => {
    if (typeNames.includes(name)) return;
    const d = types.decl(name);
    if (!d || 'problem' in d) return;
    for (const x of [...d.types].sort()) addType(x);
    for (const e of d.enums) usedEnums.add(e);
    typeNames.push(name);
  };
  for (const t of tables) {
    const r = renderTable(t, names.get(t.name) as TableNames, options.existing?.tables.get(t.name)?.fields, pulled, options, enumVar, raws, notes, types);
    for (const e of r.enums) usedEnums.add(e);
    for (const x of [...r.types].sort()) addType(x);
    files.push({ name: `${names.get(t.name)?.file as string}.ts`, source: r.source });
  }
  const enumNames = [...usedEnums].sort();
  const ext = options.importExtension === 'none' ? '' : options.importExtension;
  if (typeNames.length) {
    const made = typeNames.map((d) => types.decl(d) as Extract<TypeDecl, { source: string }>);
    const dslNames = [...new Set(made.flatMap((m) => m.builders))].sort();
    const typeEnums = [...new Set(made.flatMap((m) => m.enums))].sort();
    const head = [`import { ${dslNames.join(', ')} } from 'pgtwin/schema';`, ...(typeEnums.length ? [`import { ${typeEnums.map(enumVar).join(', ')} } from './enums${ext}';`] : [])];
    files.push({ name: 'types.ts', source: `${head.join('\n')}\n\n${made.map((m) => m.source).join('\n')}\n` });
  }
  if (enumNames.length) {
    const body = enumNames.map((e) => `export const ${enumVar(e)} = enumType(${jsString(e)}, ${jsLiteral(db.enums.get(e) ?? [])});`).join('\n');
    files.push({ name: 'enums.ts', source: `import { enumType } from 'pgtwin/schema';\n\n${body}\n` });
  }
  const index = [
    ...tables.map((t) => `export { default as ${exportOf(t.name)} } from './${names.get(t.name)?.file as string}${ext}';`),
    ...(enumNames.length ? [`export { ${enumNames.map(enumVar).join(', ')} } from './enums${ext}';`] : []),
    ...(typeNames.length ? [`export { ${[...typeNames].sort().map(enumVar).join(', ')} } from './types${ext}';`] : []),
  ];
  files.push({ name: 'index.ts', source: `/** Every table of the schema (codegen checks that none is missing). */\n${index.join('\n')}\n` });
  return { files, raw: raws, notes, missingTables };
}

/**
 * Pulling some tables (`--tables`) into an existing schema folder: index.ts and enums.ts keep
 * what they have and get what is new (the other tables and enums must not drop out, and a
 * pulled table must be exported, or codegen fails). The existing files are parsed, not matched
 * line by line, since users reformat them (double quotes, multi-line exports, comments): a name
 * already exported, a table module whose default is already exported and an enum already
 * declared (by SQL name, in enums.ts or another schema file) are never added again.
 */
export function mergePulledFiles(dir: string, files: readonly PulledFile[]): PulledFile[] {
  // The import extension the pulled files use (`./enums.ts`, `./enums.js` or `./enums`).
  const ext = /from '\.\/[^']*?(\.ts|\.js)?'/.exec(files.find((f) => f.name === 'index.ts')?.source ?? '')?.[1] ?? '';
  return files.map((f) => {
    const target = path.join(dir, f.name);
    if (f.name === 'enums.ts') {
      const old = existsSync(target) ? readFileSync(target, 'utf8') : null;
      const source = mergeEnums(old, f.source, enumsDeclaredElsewhere(dir), ext);
      return old === null ? { name: f.name, source } : { name: f.name, source, merged: true };
    }
    if (f.name !== 'index.ts' || !existsSync(target)) return f;
    return { name: f.name, source: mergeIndex(readFileSync(target, 'utf8'), f.source), merged: true };
  });
}

/** `./accounts.ts`, `./accounts.js` and `./accounts` are one module. */
function modulePath(p: string): string {
  return p.replace(/\.(ts|js|mts|mjs)$/, '');
}

function parse(name: string, source: string): ts.SourceFile {
  return ts.createSourceFile(name, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

const hasExport = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** What a module exports, as far as merging needs: names, modules whose default it re-exports, `export *` modules, single-line `export { … } from` statements. */
function exportsOf(file: ts.SourceFile) {
  const names = new Set<string>();
  const defaultFrom = new Set<string>();
  const starFrom = new Set<string>();
  const lines = new Map<string, ts.ExportDeclaration>();
  for (const s of file.statements) {
    if (ts.isExportDeclaration(s)) {
      const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? modulePath(s.moduleSpecifier.text) : undefined;
      if (!s.exportClause) {
        if (from !== undefined) starFrom.add(from);
      } else if (ts.isNamedExports(s.exportClause)) {
        for (const e of s.exportClause.elements) {
          names.add(e.name.text);
          if (from !== undefined && (e.propertyName ?? e.name).text === 'default') defaultFrom.add(from);
        }
        if (from !== undefined && !s.isTypeOnly && !s.getText(file).includes('\n')) lines.set(from, s);
      } else {
        names.add(s.exportClause.name.text);
      }
    } else if (ts.isVariableStatement(s) && hasExport(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && hasExport(s) && s.name) {
      names.add(s.name.text);
    }
  }
  return { names, defaultFrom, starFrom, lines };
}

function mergeIndex(old: string, pulled: string): string {
  const file = parse('index.ts', old);
  const have = exportsOf(file);
  const edits: { at: number; end: number; text: string }[] = [];
  const added: string[] = [];
  for (const s of parse('pulled.ts', pulled).statements) {
    if (!ts.isExportDeclaration(s) || !s.exportClause || !ts.isNamedExports(s.exportClause) || !s.moduleSpecifier || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    const spec = s.moduleSpecifier.text;
    const from = modulePath(spec);
    if (have.starFrom.has(from)) continue;
    const missing = s.exportClause.elements.filter((e) => !have.names.has(e.name.text) && !((e.propertyName ?? e.name).text === 'default' && have.defaultFrom.has(from)));
    if (missing.length === 0) continue;
    for (const e of missing) have.names.add(e.name.text);
    const texts = missing.map((e) => e.getText(parse('pulled.ts', pulled)) || (e.propertyName ? `${e.propertyName.text} as ${e.name.text}` : e.name.text));
    const line = have.lines.get(from);
    if (line && line.exportClause && ts.isNamedExports(line.exportClause) && !edits.some((x) => x.at === line.exportClause?.getStart(file))) {
      // A one-line `export { … } from` of the same module: extend it in place.
      const clause = line.exportClause;
      edits.push({ at: clause.getStart(file), end: clause.getEnd(), text: `{ ${[...clause.elements.map((e) => e.getText(file)), ...texts].join(', ')} }` });
    } else {
      added.push(`export { ${texts.join(', ')} } from '${spec}';`);
    }
  }
  let out = old;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return `${[out.replace(/\n+$/, ''), ...added].join('\n')}\n`;
}

/** An enum declared in a schema file: `export const <variable> = enumType('<name>', …)`. */
interface DeclaredEnum {
  readonly variable: string;
  readonly name: string;
}

function declaredEnums(file: ts.SourceFile): DeclaredEnum[] {
  const out: DeclaredEnum[] = [];
  for (const s of file.statements) {
    if (!ts.isVariableStatement(s) || !hasExport(s)) continue;
    for (const d of s.declarationList.declarations) {
      const init = d.initializer;
      if (!ts.isIdentifier(d.name) || !init || !ts.isCallExpression(init)) continue;
      const callee = init.expression;
      const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const first = init.arguments[0];
      if (calleeName === 'enumType' && first && ts.isStringLiteralLike(first)) out.push({ variable: d.name.text, name: first.text });
    }
  }
  return out;
}

/** Enums declared in the schema folder's files other than enums.ts and index.ts: SQL name → file and variable. */
function enumsDeclaredElsewhere(dir: string): Map<string, { readonly file: string; readonly variable: string }> {
  const out = new Map<string, { file: string; variable: string }>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(ts|mts)$/.test(name) || /\.d\.ts$/.test(name) || name === 'enums.ts' || name === 'index.ts') continue;
    for (const e of declaredEnums(parse(name, readFileSync(path.join(dir, name), 'utf8')))) if (!out.has(e.name)) out.set(e.name, { file: name, variable: e.variable });
  }
  return out;
}

/**
 * enums.ts with the pulled enums it lacks. An enum already declared (same SQL name) keeps its
 * declaration: when its variable has another name, or it lives in another file, enums.ts
 * re-exports it under the name the pulled tables import, so the enum is declared once.
 */
function mergeEnums(old: string | null, pulled: string, elsewhere: ReadonlyMap<string, { readonly file: string; readonly variable: string }>, ext: string): string {
  const pulledFile = parse('pulled.ts', pulled);
  const oldFile = old === null ? undefined : parse('enums.ts', old);
  const mine = oldFile ? declaredEnums(oldFile) : [];
  const exported = oldFile ? exportsOf(oldFile).names : new Set<string>();
  const declarations: string[] = [];
  const reexports: string[] = [];
  for (const s of pulledFile.statements) {
    const e = declaredEnums(parse('s.ts', s.getText(pulledFile)))[0];
    if (!e) continue;
    const here = mine.find((m) => m.name === e.name);
    if (here) {
      if (here.variable !== e.variable && !exported.has(e.variable)) reexports.push(`export { ${here.variable} as ${e.variable} };`);
      continue;
    }
    if (exported.has(e.variable)) continue;
    const other = elsewhere.get(e.name);
    if (other) {
      const spec = `./${other.file.replace(/\.(ts|mts)$/, '')}${ext}`;
      reexports.push(other.variable === e.variable ? `export { ${e.variable} } from '${spec}';` : `export { ${other.variable} as ${e.variable} } from '${spec}';`);
      continue;
    }
    declarations.push(s.getText(pulledFile));
  }
  if (old !== null) return `${[old.replace(/\n+$/, ''), ...declarations, ...reexports].join('\n')}\n`;
  const head = declarations.length > 0 ? "import { enumType } from 'pgtwin/schema';\n\n" : '';
  return `${head}${[...declarations, ...reexports].join('\n')}\n`;
}

/** Writes pulled files into `dir`; existing files are kept unless `force` (merged ones always written). Returns what happened per file. */
export function writePulled(dir: string, files: readonly PulledFile[], force: boolean): string[] {
  // Names differ ignoring case (pullSchema numbers colliding ones); a repeat would overwrite a file written by this run.
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name.toLowerCase())) throw new Error(`pull would write ${f.name} twice (names equal ignoring case); nothing written`);
    seen.add(f.name.toLowerCase());
  }
  mkdirSync(dir, { recursive: true });
  return files.map((f) => {
    const target = path.join(dir, f.name);
    if (f.merged) {
      if (readFileSync(target, 'utf8') === f.source) return `kept     ${f.name} (already complete)`;
      writeFileSync(target, f.source);
      return `merged   ${f.name}`;
    }
    if (existsSync(target) && !force) return `kept     ${f.name} (exists; --force overwrites)`;
    writeFileSync(target, f.source);
    return `written  ${f.name}`;
  });
}
