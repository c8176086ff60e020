/**
 * Stage 2: validate the loaded schema into a frozen IR. Every problem is collected (not just
 * the first), each naming the schema file, table and column.
 */
import { isCompositeDef, isDomainDef, isEnumDef, isSqlExpr, isTableDef, type ColumnSpec, type CompositeDef, type DomainDef, type EnumDef, type TableDef } from '../schema-dsl/index.ts';
import { orderComposites, validateDomain } from './user-types.ts';
import { DSL_TYPE_NAMES, INTERVAL_FIELDS, PG_TYPE_NAMES, rawTypeProblems, typeParamProblems, typeSpec, withTypeDefaults, type PgTypeName } from '@pgtwin/runtime/internal/pg-types';
import { exceedsIdentifierLimit, identifierBytes, MAX_IDENTIFIER_BYTES } from '@pgtwin/runtime/internal/pg-names';
import { quoteIdent as quoteIdentifier, quoteLiteral } from '@pgtwin/runtime/internal/sql-quote';
import { effectiveTableNames, fieldName, pinnedNameProblem, tableNameCollisions, type TableNames } from './naming.ts';
import { isIdentifierName, PROTOTYPE_NAMES } from './ts-identifier.ts';
import type { ColumnFillIR, ColumnIR, CompositeIR, DomainIR, EnumIR, SchemaIR, TableIR, UpsertIR } from './ir.ts';
import { schemaFilePath, type LoadedSchema } from './load-schema.ts';
import { requiredKeyColumns, validateScaling } from './partitioning.ts';
import { didYouMean } from '@pgtwin/runtime/internal/suggest';
import { checkExtrasAcrossTables, columnExtrasIR, foreignKeyTargets, hasSingleColumnUniqueIndex, uniqueIndexKeys, validateTableExtras } from './table-extras.ts';

export interface SchemaIssue {
  readonly file: string;
  readonly table?: string;
  readonly column?: string;
  readonly message: string;
}

export function formatIssue(i: SchemaIssue): string {
  const where = [i.table === undefined ? '' : `table "${i.table}"`, i.column === undefined ? '' : `column "${i.column}"`].filter(Boolean).join(', ');
  return `${i.file}: ${where ? `${where}: ` : ''}${i.message}`;
}

/** An invalid schema: codegen prints every issue and exits with code 2, writing nothing. */
export class SchemaError extends Error {
  override name = 'SchemaError';
  readonly issues: readonly SchemaIssue[];
  constructor(issues: readonly SchemaIssue[]) {
    super(`invalid schema:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.issues = issues;
  }
}

/** JS objects put integer-like keys first, which would silently reorder columns. */
const INTEGER_LIKE = /^(0|[1-9][0-9]*)$/;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

interface Found<T> {
  readonly def: T;
  readonly file: string;
}

export function validateSchema(loaded: LoadedSchema): SchemaIR {
  const issues: SchemaIssue[] = [];
  const tables: Found<TableDef>[] = [];
  const enums: Found<EnumDef>[] = [];
  const domains: Found<DomainDef>[] = [];
  const composites: Found<CompositeDef>[] = [];

  for (const mod of loaded.modules) {
    let found = 0;
    for (const value of Object.values(mod.exports)) {
      if (isTableDef(value)) {
        if (!tables.some((t) => t.def === value)) tables.push({ def: value, file: mod.file });
        found++;
      } else if (isEnumDef(value)) {
        if (!enums.some((e) => e.def === value)) enums.push({ def: value, file: mod.file });
        found++;
      } else if (isDomainDef(value)) {
        if (!domains.some((e) => e.def === value)) domains.push({ def: value, file: mod.file });
        found++;
      } else if (isCompositeDef(value)) {
        if (!composites.some((e) => e.def === value)) composites.push({ def: value, file: mod.file });
        found++;
      }
    }
    if (found === 0) issues.push({ file: mod.file, message: 'exports no table (defineTable) and no type (enumType, domainType, compositeType)' });
  }

  if (!loaded.index) {
    issues.push({ file: schemaFilePath(loaded.dir, 'index.ts'), message: 'is missing: it must export every table of the schema' });
  } else {
    const exported = new Set(Object.values(loaded.index.exports));
    for (const t of tables) {
      if (!exported.has(t.def)) issues.push({ file: loaded.index.file, table: t.def.name, message: `does not export this table (declared in ${t.file})` });
    }
  }

  // Enums: name clashes, labels.
  const enumIRs: EnumIR[] = [];
  const enumByName = new Map<string, Found<EnumDef>>();
  for (const e of enums) {
    const prev = enumByName.get(e.def.name);
    if (prev) {
      issues.push({ file: e.file, message: `enum "${e.def.name}" is declared twice (also in ${prev.file})` });
      continue;
    }
    enumByName.set(e.def.name, e);
    checkIdentifier(issues, { file: e.file }, e.def.name, `enum name "${e.def.name}"`);
    if (e.def.labels.length === 0) issues.push({ file: e.file, message: `enum "${e.def.name}" has no labels` });
    const seen = new Set<string>();
    for (const label of e.def.labels) {
      if (typeof label !== 'string' || label.length === 0) issues.push({ file: e.file, message: `enum "${e.def.name}" has an empty label` });
      else if (seen.has(label)) issues.push({ file: e.file, message: `enum "${e.def.name}" has the label "${label}" twice` });
      else if (exceedsIdentifierLimit(label)) issues.push({ file: e.file, message: `enum "${e.def.name}": label "${label}" is longer than ${MAX_IDENTIFIER_BYTES} bytes` });
      seen.add(label);
    }
    enumIRs.push(Object.freeze({ kind: 'enum' as const, name: e.def.name, labels: Object.freeze([...e.def.labels]), file: e.file }));
  }

  // Domains: after enums (a base may be one), sharing their namespace.
  const domainIRs: DomainIR[] = [];
  const domainByName = new Map<string, Found<DomainDef>>();
  for (const d of domains) {
    const prev = domainByName.get(d.def.name) ?? enumByName.get(d.def.name);
    if (prev) {
      issues.push({ file: d.file, message: `domain "${d.def.name}" is declared twice, or has the name of an enum (also in ${prev.file}; types share one namespace)` });
      continue;
    }
    domainByName.set(d.def.name, d);
    checkIdentifier(issues, { file: d.file }, d.def.name, `domain name "${d.def.name}"`);
  }

  // Composite types: their fields may use enums, domains and other composites.
  const compositeByName = new Map<string, Found<CompositeDef>>();
  const compositeIRs: CompositeIR[] = [];
  for (const c of composites) {
    const prev = compositeByName.get(c.def.name) ?? domainByName.get(c.def.name) ?? enumByName.get(c.def.name);
    if (prev) {
      issues.push({ file: c.file, message: `composite type "${c.def.name}" is declared twice, or has the name of another type (also in ${prev.file}; types share one namespace)` });
      continue;
    }
    compositeByName.set(c.def.name, c);
  }
  // A domain's base may be another domain or a composite type: validated once all are known.
  for (const d of domainByName.values()) {
    const ir = validateDomain(d.def, d.file, issues, (spec) => validateColumn(spec, 'VALUE', { file: d.file }, enumByName, issues, domainByName, compositeByName));
    if (ir) domainIRs.push(ir);
  }
  for (const c of compositeByName.values()) {
    const what = `composite type "${c.def.name}"`;
    checkIdentifier(issues, { file: c.file }, c.def.name, `${what} name`);
    for (const p of c.def.problems) issues.push({ file: c.file, message: `${what}: ${p}` });
    if (c.def.fields.length === 0 && c.def.problems.length === 0) issues.push({ file: c.file, message: `${what} has no fields` });
    const fields: ColumnIR[] = [];
    for (const [name, spec] of c.def.fields) {
      const at = { file: c.file, column: `${c.def.name}.${name}` };
      checkIdentifier(issues, at, name, 'field name');
      // .nullable() says what every field is anyway (PostgreSQL has no NOT NULL on a composite's fields).
      if (spec.fill || spec.default !== undefined || spec.references || spec.field !== undefined) {
        issues.push({ ...at, message: `${what}: field "${name}" is a type only (every field may be NULL, with or without .nullable()): no .default() or other column calls` });
        continue;
      }
      const ir = validateColumn({ ...spec, nullable: true }, name, at, enumByName, issues, domainByName, compositeByName);
      if (ir) fields.push(ir);
    }
    compositeIRs.push(Object.freeze({ kind: 'composite' as const, name: c.def.name, fields: Object.freeze(fields), file: c.file }));
  }
  const orderedComposites = orderComposites(compositeIRs, (c, cycle) => issues.push({ file: c.file, message: `composite type "${c.name}" contains itself (${cycle.join(' → ')}); PostgreSQL refuses that` }));

  const tableByName = new Map<string, Found<TableDef>>();
  for (const t of tables) {
    const prev = tableByName.get(t.def.name);
    if (prev) issues.push({ file: t.file, table: t.def.name, message: `is declared twice (also in ${prev.file})` });
    else tableByName.set(t.def.name, t);
    const clash = enumByName.get(t.def.name);
    if (clash) issues.push({ file: t.file, table: t.def.name, message: `has the same name as the enum declared in ${clash.file} (tables and types share one namespace)` });
    const typeClash = domainByName.get(t.def.name) ?? compositeByName.get(t.def.name);
    if (typeClash) issues.push({ file: t.file, table: t.def.name, message: `has the same name as the ${isDomainDef(typeClash.def) ? 'domain' : 'composite type'} declared in ${typeClash.file} (tables and types share one namespace)` });
  }

  const tableIRs: TableIR[] = [];
  for (const t of tableByName.values()) {
    try {
      const ir = validateTable(t, enumByName, issues, domainByName, compositeByName, (name) => compositeIRs.find((c) => c.name === name)?.fields);
      if (ir) tableIRs.push(ir);
    } catch (err) {
      // A shape no check foresaw: still an issue naming the file and table, not a stack.
      issues.push({ file: t.file, table: t.def.name, message: `cannot be read: ${(err as Error)?.message ?? String(err)}` });
    }
  }
  checkReferences(tableIRs, issues);
  checkExtrasAcrossTables(tableIRs, issues);
  checkScalingAcrossTables(tableIRs, enumIRs, issues);
  checkGeneratedNames(tableIRs, issues);

  if (issues.length > 0) throw new SchemaError(issues);
  return Object.freeze({
    kind: 'schema' as const,
    enums: Object.freeze(enumIRs.sort((a, b) => cmp(a.name, b.name))),
    ...(domainIRs.length > 0 && { domains: Object.freeze(domainIRs.sort((a, b) => cmp(a.name, b.name))) }),
    ...(orderedComposites.length > 0 && { composites: Object.freeze(orderedComposites) }),
    tables: Object.freeze(tableIRs.sort((a, b) => cmp(a.name, b.name))),
  });
}

/**
 * Pinned names are valid and no two tables share a generated file (ignoring case), export or
 * type name. Colliding names are refused, not numbered: a number given by position would move
 * to another table when one is added, and code calling `aB.batchInsert` would silently write
 * to the other table.
 */
function checkGeneratedNames(tables: readonly TableIR[], issues: SchemaIssue[]): void {
  const names = new Map<string, TableNames>();
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const t of [...tables].sort((a, b) => cmp(a.name, b.name))) {
    let ok = true;
    for (const kind of ['export', 'file'] as const) {
      const problem = t.names[kind] === undefined ? undefined : pinnedNameProblem(kind, t.names[kind]);
      if (problem) {
        issues.push({ file: t.file, table: t.name, message: problem });
        ok = false;
      }
    }
    if (ok) names.set(t.name, effectiveTableNames(t.name, t.names));
  }
  const what = { file: 'generated file', export: 'export name', type: 'type name prefix' } as const;
  for (const c of tableNameCollisions(names)) {
    const shown = c.kind === 'file' ? `${c.name}.ts` : c.name;
    const list = c.tables.map((t) => `"${t}" (${byName.get(t)?.file}${byName.get(t)?.names.export !== undefined || byName.get(t)?.names.file !== undefined ? ', pinned' : ''})`).join(', ');
    const [first, ...rest] = c.tables;
    const example = rest.map((t, i) => `"${t}": names: { export: '${names.get(first as string)?.exportName}${i + 2}', file: '${names.get(first as string)?.file}-${i + 2}' }`).join('; ');
    issues.push({
      file: byName.get(rest[0] as string)?.file ?? '',
      message: `tables ${list} all get the ${what[c.kind]} ${shown}; pgtwin does not number them (a number would move to another table when one is added). Pin distinct names with defineTable({ names: { export, file } }) on all but the table your code already calls ${names.get(first as string)?.exportName}, such as ${example}`,
    });
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkIdentifier(issues: SchemaIssue[], at: Omit<SchemaIssue, 'message'>, name: string, what: string): void {
  if (typeof name !== 'string' || name.length === 0) issues.push({ ...at, message: `${what} is empty` });
  else if (exceedsIdentifierLimit(name)) issues.push({ ...at, message: `${what} is ${identifierBytes(name)} bytes; PostgreSQL would truncate it to ${MAX_IDENTIFIER_BYTES}` });
  else if (name.includes('\u0000')) issues.push({ ...at, message: `${what} contains a NUL character` });
}

/**
 * Why a column cannot be in a key (its type, or a composite's field's type, has no equality
 * operator), or undefined. A composite compares field by field (record_eq, and record_cmp in a
 * unique index), so it is a key when every field is.
 */
function keyProblem(col: ColumnIR, compositeFields: (name: string) => readonly ColumnIR[] | undefined, depth = 0): { what: string; type: string } | undefined {
  if (!typeSpec(col.type).key) return { what: col.type, type: col.type };
  if (col.compositeName === undefined || depth > 50) return undefined;
  for (const f of compositeFields(col.compositeName) ?? []) {
    const p = keyProblem(f, compositeFields, depth + 1);
    if (p) return { what: `composite type ${col.compositeName} (field ${f.name}: ${p.what})`, type: p.type };
  }
  return undefined;
}

function validateTable(t: Found<TableDef>, enums: ReadonlyMap<string, Found<EnumDef>>, issues: SchemaIssue[], domains: ReadonlyMap<string, Found<DomainDef>> = new Map(), composites: ReadonlyMap<string, Found<CompositeDef>> = new Map(), compositeFields: (name: string) => readonly ColumnIR[] | undefined = () => undefined): TableIR | undefined {
  const { def, file } = t;
  const table = def.name;
  const before = issues.length;
  // Unknown keys and wrong shapes in the defineTable argument: the rest would be read wrongly.
  for (const p of def.problems ?? []) issues.push({ file, table, ...(p.column !== undefined && { column: p.column }), message: p.message });
  if (issues.length > before) return undefined;
  checkIdentifier(issues, { file, table }, table, 'table name');

  const columns: ColumnIR[] = [];
  const fields = new Map<string, string>();
  for (const [name, spec] of def.columns) {
    const at = { file, table, column: name };
    checkIdentifier(issues, at, name, 'column name');
    if (INTEGER_LIKE.test(name)) issues.push({ ...at, message: 'a column name that looks like an integer would be reordered by JavaScript object key order; rename it' });
    let col: ColumnIR | undefined;
    try {
      col = validateColumn(spec, name, at, enums, issues, domains, composites);
    } catch (err) {
      issues.push({ ...at, message: `cannot be read: ${(err as Error)?.message ?? String(err)}` });
    }
    if (!col) continue;
    const prevField = fields.get(col.field);
    if (prevField !== undefined) issues.push({ ...at, message: `TypeScript field "${col.field}" is also the field of column "${prevField}"; give one of them .field('...')` });
    fields.set(col.field, name);
    columns.push(col);
  }
  if (def.columns.length === 0) issues.push({ file, table, message: 'has no columns' });
  else if (columns.length === def.columns.length && !columns.some((c) => c.fill.kind === 'insert')) {
    issues.push({ file, table, message: 'has no insertable column: every column is filled by the database, so COPY and UNNEST would have nothing to send' });
  }

  const byName = new Map(columns.map((c) => [c.name, c]));
  const checkKey = (key: readonly string[], what: string, requireNotNull: boolean): boolean => {
    let ok = true;
    if (key.length === 0) {
      issues.push({ file, table, message: `${what} has no columns` });
      return false;
    }
    const seen = new Set<string>();
    for (const c of key) {
      if (seen.has(c)) {
        issues.push({ file, table, column: c, message: `appears twice in the ${what}` });
        ok = false;
      }
      seen.add(c);
      const col = byName.get(c);
      if (!col) {
        if (def.columns.some(([n]) => n === c)) continue; // already reported on the column
        issues.push({ file, table, column: c, message: `the ${what} names a column the table does not have` });
        ok = false;
      } else if (requireNotNull && col.nullable) {
        issues.push({ file, table, column: c, message: `is nullable but part of the ${what}; remove .nullable()` });
        ok = false;
      } else {
        const problem = keyProblem(col, compositeFields);
        if (problem !== undefined) {
          issues.push({ file, table, column: c, message: `a ${problem.what} column cannot be part of the ${what} (${problem.type} has no equality operator${problem.type === 'json' ? '; use jsonb' : ''})` });
          ok = false;
        }
      }
    }
    return ok;
  };

  if (def.primaryKey.length > 0) checkKey(def.primaryKey, 'primary key', true);
  def.unique.forEach((u, i) => checkKey(u, `unique key #${i + 1}`, false));

  let conflictTarget: readonly string[] | null = null;
  if (def.conflictTarget === undefined) {
    conflictTarget = def.primaryKey.length > 0 ? def.primaryKey : null;
  } else if (def.conflictTarget !== null) {
    if (checkKey(def.conflictTarget, 'conflict target', true)) {
      const keys = [def.primaryKey, ...def.unique, ...uniqueIndexKeys(def)].filter((k) => k.length > 0);
      if (!keys.some((k) => sameSet(k, def.conflictTarget ?? []))) {
        issues.push({ file, table, message: `conflict target (${def.conflictTarget.join(', ')}) is neither the primary key nor a unique key, so ON CONFLICT would fail at run time` });
      }
    }
    conflictTarget = def.conflictTarget;
  }

  const isKey = (cols: readonly string[]) => [def.primaryKey, ...def.unique, ...uniqueIndexKeys(def)].some((k) => k.length > 0 && sameSet(k, cols));
  const requireInsertable = (key: readonly string[], what: string) => {
    for (const c of key) {
      const col = byName.get(c);
      if (col && col.fill.kind !== 'insert') issues.push({ file, table, column: c, message: `is filled by the database (${col.fill.kind}), so rows cannot carry the ${what}` });
    }
  };

  let upsert: UpsertIR | null = null;
  if (def.upsert) {
    const u = def.upsert;
    const target = u.target ?? conflictTarget ?? (def.primaryKey.length ? def.primaryKey : undefined);
    if (!target) {
      issues.push({ file, table, message: 'upsert needs a target: declare upsert.target, a conflict target or a primary key' });
    } else if (checkKey(target, 'upsert target', true)) {
      if (!isKey(target)) issues.push({ file, table, message: `upsert target (${target.join(', ')}) is neither the primary key nor a unique key, so ON CONFLICT would fail at run time` });
      requireInsertable(target, 'upsert target');
    }
    const set: { column: string; sql: string }[] = [];
    const entries = u.set ? Object.entries(u.set) : columns.filter((c) => c.fill.kind === 'insert' && !(target ?? []).includes(c.name)).map((c) => [c.name, 'excluded'] as const);
    if (entries.length === 0) issues.push({ file, table, message: 'upsert updates no column: declare upsert.set, or use batchInsert (ON CONFLICT DO NOTHING)' });
    for (const [name, how] of entries) {
      const col = byName.get(name);
      const at = { file, table, column: name };
      if (!col) {
        issues.push({ ...at, message: 'upsert.set names a column the table does not have' });
        continue;
      }
      if ((target ?? []).includes(name)) issues.push({ ...at, message: 'is part of the upsert target; a key column cannot be updated' });
      if (col.fill.kind === 'generated' || col.fill.kind === 'identity') issues.push({ ...at, message: `is a ${col.fill.kind} column and cannot be updated` });
      if (how === 'excluded') {
        if (col.fill.kind !== 'insert') issues.push({ ...at, message: `'excluded' would take the database's default, since rows do not carry this column; give an sql('...') expression` });
        set.push({ column: name, sql: `EXCLUDED.${quoteIdentifier(name)}` });
      } else if (isSqlExpr(how) && how.text.trim() !== '') {
        set.push({ column: name, sql: how.text });
      } else {
        issues.push({ ...at, message: `upsert.set value must be 'excluded' or sql('...')` });
      }
    }
    if (u.where !== undefined && (!isSqlExpr(u.where) || u.where.text.trim() === '')) issues.push({ file, table, message: 'upsert.where must be a non-empty sql(...) expression' });
    if (u.duplicates !== undefined && u.duplicates !== 'reject' && u.duplicates !== 'lastWins') issues.push({ file, table, message: `upsert.duplicates must be 'reject' or 'lastWins', not ${String(u.duplicates)}` });
    const order = new Map(columns.map((c, i) => [c.name, i]));
    set.sort((a, b) => (order.get(a.column) ?? 0) - (order.get(b.column) ?? 0));
    upsert = Object.freeze({
      target: Object.freeze([...(target ?? [])]),
      set: Object.freeze(set.map((x) => Object.freeze(x))),
      where: u.where && isSqlExpr(u.where) ? u.where.text : null,
      duplicates: u.duplicates ?? 'reject',
    });
  }

  let deleteKey: readonly string[] | null = null;
  if (def.deleteKey !== undefined) {
    const key = def.deleteKey === 'primaryKey' ? def.primaryKey : def.deleteKey;
    if (def.deleteKey === 'primaryKey' && key.length === 0) issues.push({ file, table, message: "deleteKey: 'primaryKey' but the table has no primary key" });
    else if (checkKey(key, 'delete key', true)) requireInsertable(key, 'delete key');
    deleteKey = Object.freeze([...key]);
  }

  const scaling = validateScaling(def, file, byName, issues);
  const extras = validateTableExtras({ def, file, columnNames: new Set(def.columns.map(([n]) => n)), nullable: (c) => byName.get(c)?.nullable, partitioning: scaling.partitioning }, issues);
  const required = requiredKeyColumns(scaling);
  if (required.length > 0) {
    const keys: [string, readonly string[] | null | undefined][] = [
      ['primary key', def.primaryKey.length > 0 ? def.primaryKey : null],
      ...def.unique.map((u, i): [string, readonly string[]] => [`unique key #${i + 1} (${u.join(', ')})`, u]),
      ['conflict target', def.conflictTarget === undefined ? null : def.conflictTarget],
      // A target or key taken from the primary key is reported once, on the primary key.
      ['upsert target', upsert && def.upsert?.target !== undefined ? upsert.target : null],
      ['delete key', def.deleteKey === 'primaryKey' ? null : deleteKey],
      // Unique indexes too (their partition-column rule is checked with the index, in table-extras.ts).
      ...extras.indexes.filter((i) => i.unique).map((i): [string, readonly string[]] => [`unique index "${i.name}"`, i.keys.flatMap((k) => (k.column !== null ? [k.column] : []))]),
    ];
    for (const [what, key] of keys) {
      if (!key || key.length === 0) continue;
      for (const r of required) {
        // A delete key need not be unique: Citus runs a multi-shard DELETE and TimescaleDB
        // scans every chunk (test/engines shows both); only native partitioning keeps the rule.
        if (what === 'delete key' && r.role !== 'partition column') continue;
        if (what.startsWith('unique index') && r.role === 'partition column') continue;
        if (!key.includes(r.column)) {
          issues.push({ file, table, column: r.column, message: `${what} (${key.join(', ')}) must contain the ${r.role} "${r.column}": ${r.role === 'partition column' ? 'PostgreSQL enforces a unique key only within one partition' : r.role === 'distribution column' ? 'Citus enforces a unique key only within one shard' : 'TimescaleDB enforces a unique key only within one chunk'}` });
        }
      }
    }
    for (const x of upsert?.set ?? []) {
      const r = required.find((y) => y.column === x.column);
      if (r) issues.push({ file, table, column: x.column, message: `upsert.set: is the ${r.role}; an upsert cannot update it (that would move the row to another ${r.role === 'distribution column' ? 'shard' : r.role === 'partition column' ? 'partition' : 'chunk'})` });
    }
  }

  if (issues.length > before) return undefined;
  return Object.freeze({
    kind: 'table' as const,
    name: table,
    file,
    columns: Object.freeze(columns),
    primaryKey: Object.freeze([...def.primaryKey]),
    unique: Object.freeze(def.unique.map((u) => Object.freeze([...u]))),
    conflictTarget: conflictTarget && Object.freeze([...conflictTarget]),
    upsert,
    deleteKey,
    partitioning: scaling.partitioning,
    distribution: scaling.distribution,
    hypertable: scaling.hypertable,
    names: Object.freeze({ ...(def.names?.export !== undefined && { export: def.names.export }), ...(def.names?.file !== undefined && { file: def.names.file }) }),
    extras,
  });
}

/** Why an interval field restriction is wrong: another type, an unknown restriction, or a precision SQL does not allow with it. */
function intervalFieldsProblems(type: PgTypeName, spec: ColumnSpec): string[] {
  if (spec.fields === undefined) return [];
  if (!typeSpec(type).takesIntervalFields) return [`type ${type} takes no interval fields`];
  if (!(INTERVAL_FIELDS as readonly unknown[]).includes(spec.fields)) return [`interval fields ${JSON.stringify(spec.fields)} must be one of ${INTERVAL_FIELDS.map((f) => `'${f}'`).join(', ')}${didYouMean(String(spec.fields), INTERVAL_FIELDS)}`];
  if (spec.precision !== undefined && !spec.fields.endsWith('second')) return [`interval ${spec.fields} takes no precision (only a restriction ending in second does, as in SQL)`];
  return [];
}

/** Whether a domain's values are arrays: its base is one, or (over another domain) that domain's base is. */
function domainBaseIsArray(d: DomainDef): boolean {
  for (let x: DomainDef | undefined = d, depth = 0; x && depth < 100; x = x.base.domainDef, depth++) if (x.base.isArray) return true;
  return false;
}

function validateColumn(
  spec: ColumnSpec,
  name: string,
  at: Omit<SchemaIssue, 'message'>,
  enums: ReadonlyMap<string, Found<EnumDef>>,
  issues: SchemaIssue[],
  domains: ReadonlyMap<string, Found<DomainDef>> = new Map(),
  composites: ReadonlyMap<string, Found<CompositeDef>> = new Map(),
): ColumnIR | undefined {
  const before = issues.length;
  for (const p of spec.problems ?? []) issues.push({ ...at, message: p });
  if (issues.length > before) return undefined;
  if (!(PG_TYPE_NAMES as readonly string[]).includes(spec.type) || typeSpec(spec.type as PgTypeName).takesEnum && !spec.enumDef || typeSpec(spec.type as PgTypeName).takesComposite && !spec.compositeDef) {
    issues.push({ ...at, message: `unknown type "${spec.type}"${didYouMean(spec.type, DSL_TYPE_NAMES)}; supported: ${DSL_TYPE_NAMES.join(', ')}, enums via enumOf(), domains via domainOf() and composite types via compositeOf()` });
    return undefined;
  }
  const type = spec.type as PgTypeName;
  for (const message of typeParamProblems(type, spec)) issues.push({ ...at, message });
  for (const message of intervalFieldsProblems(type, spec)) issues.push({ ...at, message });
  if (spec.arrayDimensions !== undefined && !spec.isArray) issues.push({ ...at, message: 'has array dimensions but is not an array' });
  let enumName: string | undefined;
  let labels: readonly string[] | undefined;
  if (typeSpec(type).takesEnum && spec.enumDef) {
    const known = enums.get(spec.enumDef.name);
    if (!known) issues.push({ ...at, message: `enum "${spec.enumDef.name}" is not exported from any schema file` });
    else if (known.def !== spec.enumDef) issues.push({ ...at, message: `enum "${spec.enumDef.name}" is not the one exported from ${known.file}` });
    enumName = spec.enumDef.name;
    labels = spec.enumDef.labels;
  }
  const rawType = typeSpec(type).takesRawType ? spec.rawType : undefined;
  if (typeSpec(type).takesRawType) for (const message of rawTypeProblems(spec.rawType)) issues.push({ ...at, message });
  else if (spec.rawType !== undefined) issues.push({ ...at, message: `type ${type} takes no raw type (only raw does)` });
  const rawDelimiter = typeSpec(type).takesRawType && spec.rawDelimiter !== ',' ? spec.rawDelimiter : undefined;
  if (rawDelimiter !== undefined && !isArrayDelimiter(rawDelimiter)) {
    issues.push({ ...at, message: `raw(${JSON.stringify(spec.rawType)}, { delimiter: ${JSON.stringify(rawDelimiter)} }): an array delimiter is one printable ASCII character (pg_type.typdelim), not a double quote, backslash or brace` });
  }
  let compositeName: string | undefined;
  if (typeSpec(type).takesComposite && spec.compositeDef) {
    const known = composites.get(spec.compositeDef.name);
    if (!known) issues.push({ ...at, message: `composite type "${spec.compositeDef.name}" is not exported from any schema file` });
    else if (known.def !== spec.compositeDef) issues.push({ ...at, message: `composite type "${spec.compositeDef.name}" is not the one exported from ${known.file}` });
    compositeName = spec.compositeDef.name;
  }
  let domain: ColumnIR['domain'];
  if (spec.domainDef) {
    const d = spec.domainDef;
    const known = domains.get(d.name);
    if (!known) issues.push({ ...at, message: `domain "${d.name}" is not exported from any schema file` });
    else if (known.def !== d) issues.push({ ...at, message: `domain "${d.name}" is not the one exported from ${known.file}` });
    if (d.notNull && spec.nullable) issues.push({ ...at, message: `domain "${d.name}" is NOT NULL: a column of it cannot be .nullable()` });
    const baseIsArray = domainBaseIsArray(d);
    // An array of a domain over an array is an array of arrays (each element one domain value), not a second dimension.
    if (baseIsArray && spec.isArray && (spec.arrayDimensions ?? 1) > 1) issues.push({ ...at, message: `an array of domain "${d.name}", whose base is an array, takes one dimension (.array()): each element is one value of the domain` });
    if (spec.fill?.kind === 'identity') issues.push({ ...at, message: `a column of domain "${d.name}" cannot be an identity column` });
    domain = Object.freeze({ name: d.name, baseIsArray });
  }

  // The derived field is always an identifier and never a prototype member; a given one is checked.
  const field = spec.field ?? fieldName(name);
  if (typeof field !== 'string' || !isIdentifierName(field)) {
    issues.push({ ...at, message: `field name "${field}" is not a TypeScript identifier; give the column .field('...')` });
  } else if (PROTOTYPE_NAMES.has(field)) {
    issues.push({ ...at, message: `field name "${field}" is a member of Object.prototype (a missing value would read the prototype's); give the column another .field('...')` });
  }

  if (spec.conflictingFills && spec.conflictingFills.length > 1) {
    issues.push({ ...at, message: `the database can fill a column only one way, but it is declared ${spec.conflictingFills.join(' and ')}` });
  }
  let fill: ColumnFillIR = { kind: 'insert' };
  if (spec.fill) {
    if (spec.default !== undefined) {
      issues.push({ ...at, message: `has .default() but the database fills it (${spec.fill.kind}); a column has one default` });
    }
    if (spec.fill.kind === 'identity') {
      if (type !== 'smallint' && type !== 'integer' && type !== 'bigint' || spec.isArray) issues.push({ ...at, message: 'an identity column must be smallint, integer or bigint' });
      if (spec.nullable) issues.push({ ...at, message: 'an identity column cannot be nullable' });
      fill = { kind: 'identity', mode: spec.fill.mode };
    } else {
      if (!isSqlExpr(spec.fill.expr) || spec.fill.expr.text.trim() === '') issues.push({ ...at, message: `${spec.fill.kind === 'default' ? 'filledByDatabase' : 'generatedAs'}() needs a non-empty sql('...') expression` });
      fill = { kind: spec.fill.kind, sql: spec.fill.expr.text };
    }
  }

  let defaultSql: string | undefined;
  if (spec.default !== undefined && !spec.fill) {
    const d = spec.default;
    if (isSqlExpr(d)) defaultSql = d.text;
    else if (typeof d === 'string') defaultSql = quoteLiteral(d);
    else if (typeof d === 'boolean') defaultSql = d ? 'true' : 'false';
    else if (typeof d === 'number' && Number.isFinite(d)) defaultSql = String(d);
    else issues.push({ ...at, message: `default ${String(d)} is not a finite number, string, boolean or sql('...')` });
  }

  if (spec.references) {
    checkIdentifier(issues, at, spec.references.table, 'referenced table name');
  }
  const extras = columnExtrasIR(spec, at, issues);
  if (issues.length > before) return undefined;
  return Object.freeze({
    kind: 'column' as const,
    name,
    field,
    type,
    // The type's parameter defaults are filled here, once: every later stage reads them from the IR.
    ...withTypeDefaults(type, spec),
    ...(enumName !== undefined && { enumName, labels: Object.freeze([...(labels ?? [])]) }),
    ...(rawType !== undefined && { rawType: rawType.trim() }),
    ...(rawDelimiter !== undefined && { rawDelimiter }),
    ...(domain !== undefined && { domain }),
    ...(compositeName !== undefined && { compositeName }),
    ...(spec.fields !== undefined && { fields: spec.fields }),
    isArray: spec.isArray,
    ...(spec.isArray && spec.arrayDimensions !== undefined && spec.arrayDimensions > 1 && { arrayDimensions: spec.arrayDimensions }),
    nullable: spec.nullable,
    ...(defaultSql !== undefined && { defaultSql }),
    fill: Object.freeze(fill),
    ...(spec.references && { references: extras.references ?? Object.freeze({ table: spec.references.table, column: spec.references.column }) }),
    ...(extras.comment !== undefined && { comment: extras.comment }),
  });
}

function checkReferences(tables: readonly TableIR[], issues: SchemaIssue[]): void {
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const t of tables) {
    for (const c of t.columns) {
      if (!c.references) continue;
      const at = { file: t.file, table: t.name, column: c.name };
      const target = byName.get(c.references.table);
      if (!target) {
        issues.push({ ...at, message: `references table "${c.references.table}", which the schema does not declare` });
        continue;
      }
      const tc = target.columns.find((x) => x.name === c.references?.column);
      if (!tc) issues.push({ ...at, message: `references "${c.references.table}"."${c.references.column}", which does not exist` });
      else if (![target.primaryKey, ...target.unique].some((k) => k.length === 1 && k[0] === tc.name) && !hasSingleColumnUniqueIndex(target, tc.name)) {
        const partitioned = target.partitioning ? ` ("${target.name}" is partitioned, so its keys include the partition columns ${target.partitioning.columns.join(', ')}; drop the foreign key or reference another table)` : '';
        issues.push({ ...at, message: `references "${target.name}"."${tc.name}", which is not its primary key or a single-column unique key${partitioned}` });
      } else if (tc.type !== c.type || tc.isArray !== c.isArray) {
        issues.push({ ...at, message: `is ${c.type} but references "${target.name}"."${tc.name}" of type ${tc.type}` });
      }
    }
  }
  try {
    orderTablesByDependency(tables);
  } catch (err) {
    const t = tables[0];
    if (t) issues.push({ file: t.file, message: (err as Error).message });
  }
}

/** Partition names share the namespace of tables and types; colocation names a distributed table. */
function checkScalingAcrossTables(tables: readonly TableIR[], enums: readonly EnumIR[], issues: SchemaIssue[]): void {
  const owner = new Map<string, string>();
  for (const t of tables) owner.set(t.name, `table "${t.name}"`);
  for (const e of enums) owner.set(e.name, `enum "${e.name}"`);
  for (const t of tables) {
    const p = t.partitioning;
    for (const name of [...(p?.partitions.map((x) => x.name) ?? []), ...(p?.defaultPartition ? [p.defaultPartition] : [])]) {
      const prev = owner.get(name);
      if (prev !== undefined && prev !== `table "${t.name}"`) issues.push({ file: t.file, table: t.name, message: `partitionBy: partition "${name}" has the name of ${prev}` });
      owner.set(name, `a partition of "${t.name}"`);
    }
    const d = t.distribution;
    if (d?.kind === 'hash' && d.colocateWith && d.colocateWith !== 'none') {
      const other = tables.find((x) => x.name === d.colocateWith);
      const mine = t.columns.find((c) => c.name === d.column);
      const od = other?.distribution;
      const theirs = od?.kind === 'hash' ? other?.columns.find((c) => c.name === od.column) : undefined;
      if (!other) issues.push({ file: t.file, table: t.name, message: `distributeBy.colocateWith: table "${d.colocateWith}" is not declared in the schema` });
      else if (od?.kind === 'reference') issues.push({ file: t.file, table: t.name, message: `distributeBy.colocateWith: table "${other.name}" is a reference table; co-locate with a distributed table` });
      else if (!other.distribution) issues.push({ file: t.file, table: t.name, message: `distributeBy.colocateWith: table "${other.name}" is not distributed (declare distributeBy on it)` });
      else if (mine && theirs && (mine.type !== theirs.type || mine.isArray !== theirs.isArray)) {
        issues.push({ file: t.file, table: t.name, column: d.column, message: `distributeBy.colocateWith: the distribution column is ${mine.type} but "${other.name}"."${theirs.name}" is ${theirs.type}; co-located tables need the same type` });
      }
    }
  }
}

/** Parents before children (foreign keys); ties broken by name. Throws on a cycle. */
export function orderTablesByDependency<T extends TableIR>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (t: T, path: string[]): void => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle: ${[...path, t.name].join(' → ')}`);
    visiting.add(t.name);
    const deps = [...new Set([...t.columns.flatMap((c) => (c.references && c.references.table !== t.name ? [c.references.table] : [])), ...foreignKeyTargets(t).filter((x) => x !== t.name)])].sort(cmp);
    for (const d of deps) {
      const dt = byName.get(d);
      if (dt) visit(dt, [...path, t.name]);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => cmp(a.name, b.name))) visit(t, []);
  return out;
}

/** A character array_in can take as an element delimiter: one printable ASCII character (typdelim is a "char"), never one of its own syntax. */
function isArrayDelimiter(d: unknown): boolean {
  return typeof d === 'string' && /^[!-~]$/.test(d) && !/["\\{}]/.test(d);
}
