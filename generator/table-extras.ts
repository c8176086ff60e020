/**
 * Indexes, CHECK constraints, foreign keys, storage parameters and comments: their IR and
 * their validation (called from validate.ts). Expressions stay SQL text; codegen checks the
 * names it can see (columns, quoted identifiers, duplicate names) and leaves the rest
 * (expression types, operator classes) to the server, which refuses them when schema.sql runs.
 */
import { exceedsIdentifierLimit, identifierBytes, MAX_IDENTIFIER_BYTES } from '@pgtwin/runtime/internal/pg-names';
import { quoteLiteral } from '@pgtwin/runtime/internal/sql-quote';
import { isSqlExpr, FOREIGN_KEY_ACTIONS, INDEX_METHODS, INDEX_PARAMETERS, STORAGE_PARAMETERS, type ColumnSpec, type ForeignKeyAction, type IndexMethod, type TableDef } from '../schema-dsl/index.ts';
import { didYouMean } from '@pgtwin/runtime/internal/suggest';
import type { ColumnIR, PartitioningIR, TableIR } from './ir.ts';

export interface IndexKeyIR {
  /** The column, or null for an expression. */
  readonly column: string | null;
  /** SQL text of an expression key. */
  readonly expr: string | null;
  readonly desc: boolean;
  /** Always resolved: PostgreSQL's default is NULLS FIRST for DESC, LAST otherwise. */
  readonly nullsFirst: boolean;
  /** A non-default operator class. */
  readonly opclass: string | null;
  /** A collation other than the key's own (`COLLATE "C"`). */
  readonly collation: string | null;
}

export interface IndexIR {
  readonly name: string;
  readonly unique: boolean;
  readonly method: IndexMethod;
  readonly keys: readonly IndexKeyIR[];
  readonly include: readonly string[];
  readonly where: string | null;
  /** Index storage parameters in declaration order; values as SQL text. */
  readonly with: readonly StorageParamIR[];
}

export interface CheckIR {
  readonly name: string;
  readonly expr: string;
  /** Declared on this column (`.check()`). */
  readonly column?: string;
}

export type ForeignKeyActionIR = ForeignKeyAction;

/** What a foreign key says besides its columns (both column `.references()` and `foreignKeys`). */
export interface ForeignKeyOptionsIR {
  /** null: PostgreSQL names it (`<table>_<column>_fkey`). */
  readonly name: string | null;
  readonly onDelete: ForeignKeyActionIR;
  readonly onUpdate: ForeignKeyActionIR;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  readonly matchFull: boolean;
}

export interface ForeignKeyIR extends ForeignKeyOptionsIR {
  readonly columns: readonly string[];
  readonly table: string;
  readonly refColumns: readonly string[];
}

export interface StorageParamIR {
  readonly name: string;
  /** SQL text: a number, `true`/`false`, or a quoted literal. */
  readonly value: string;
}

export interface TableExtrasIR {
  readonly indexes: readonly IndexIR[];
  /** Table checks, then column checks, in declaration order. */
  readonly checks: readonly CheckIR[];
  /** Table-level foreign keys (single-column ones declared on a column are on the column). */
  readonly foreignKeys: readonly ForeignKeyIR[];
  /** In declaration order (the catalog keeps it). */
  readonly storage: readonly StorageParamIR[];
  readonly comment: string | null;
}

export const NO_EXTRAS: TableExtrasIR = Object.freeze({ indexes: [], checks: [], foreignKeys: [], storage: [], comment: null });

/** The extras of a table (tables built before this existed, in tests, have none). */
export function extrasOf(t: TableIR): TableExtrasIR {
  return (t as { extras?: TableExtrasIR }).extras ?? NO_EXTRAS;
}

interface Issue {
  readonly file: string;
  readonly table?: string;
  readonly column?: string;
  readonly message: string;
}

const OPCLASS = /^[A-Za-z_][A-Za-z0-9_]*$/;

function identifierProblem(name: unknown, what: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return `${what} must be a non-empty string, not ${describe(name)}`;
  if (exceedsIdentifierLimit(name)) return `${what} "${name}" is ${identifierBytes(name)} bytes; PostgreSQL would truncate it to ${MAX_IDENTIFIER_BYTES}`;
  if (name.includes('\u0000')) return `${what} contains a NUL character`;
  return undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'an array';
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(v: Record<string, unknown>, known: readonly string[], where: string, report: (m: string) => void): void {
  for (const k of Object.keys(v)) if (!known.includes(k)) report(`${where}: unknown key "${k}"${didYouMean(k, known)}; known keys: ${known.join(', ')}`);
}

/**
 * Quoted identifiers in an expression that are not columns of the table: the one kind of
 * name codegen can see in SQL text (string literals skipped; `::"type"`, `COLLATE "C"`,
 * `"schema".` and `"function"(` are not columns). Unquoted names are left to the server.
 */
export function unknownQuotedNames(expr: string, columns: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const re = /'(?:[^']|'')*'|"((?:[^"]|"")*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    if (m[1] === undefined) continue;
    const name = m[1].replace(/""/g, '"');
    const before = expr.slice(0, m.index).trimEnd();
    const after = expr.slice(m.index + m[0].length).trimStart();
    // `::"type"`, `COLLATE "C"`, `"schema".x`, `x."name"` and `"function"(` name no column.
    if (before.endsWith('::') || /\bCOLLATE$/i.test(before) || after.startsWith('.') || after.startsWith('(') || before.endsWith('.')) continue;
    if (!columns.has(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

function sqlText(v: unknown): string | undefined {
  return isSqlExpr(v) && v.text.trim() !== '' ? v.text : undefined;
}

/** A storage or index parameter value as SQL text. */
function paramValue(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string' && v !== '' && !v.includes('\u0000')) return quoteLiteral(v);
  return undefined;
}

function params(v: unknown, known: readonly string[], where: string, report: (m: string) => void): StorageParamIR[] {
  if (v === undefined) return [];
  if (!isRecord(v)) {
    report(`${where} must be an object such as { fillfactor: 90 }, not ${describe(v)}`);
    return [];
  }
  const out: StorageParamIR[] = [];
  for (const [name, value] of Object.entries(v)) {
    if (!known.includes(name)) {
      report(`${where}: unknown parameter "${name}"${didYouMean(name, known)}; known: ${known.join(', ')}`);
      continue;
    }
    const text = paramValue(value);
    if (text === undefined) report(`${where}: ${name} must be a finite number, a boolean or a non-empty string, not ${describe(value)}`);
    else out.push({ name, value: text });
  }
  return out;
}

function foreignKeyOptions(v: Record<string, unknown>, where: string, report: (m: string) => void): ForeignKeyOptionsIR {
  const action = (key: 'onDelete' | 'onUpdate'): ForeignKeyActionIR => {
    const a = v[key];
    if (a === undefined) return 'noAction';
    if ((FOREIGN_KEY_ACTIONS as readonly unknown[]).includes(a)) return a as ForeignKeyActionIR;
    report(`${where}: ${key} must be one of ${FOREIGN_KEY_ACTIONS.map((x) => `'${x}'`).join(', ')}, not ${describe(a)}${didYouMean(String(a), FOREIGN_KEY_ACTIONS)}`);
    return 'noAction';
  };
  const flag = (key: string): boolean => {
    const f = v[key];
    if (f === undefined) return false;
    if (typeof f === 'boolean') return f;
    report(`${where}: ${key} must be true or false, not ${describe(f)}`);
    return false;
  };
  const name = v.name === undefined ? null : v.name;
  if (name !== null) {
    const p = identifierProblem(name, 'the constraint name');
    if (p) report(`${where}: ${p}`);
  }
  const deferrable = flag('deferrable');
  const initiallyDeferred = flag('initiallyDeferred');
  if (initiallyDeferred && !deferrable) report(`${where}: initiallyDeferred needs deferrable: true (PostgreSQL refuses INITIALLY DEFERRED on a NOT DEFERRABLE constraint)`);
  return { name: typeof name === 'string' ? name : null, onDelete: action('onDelete'), onUpdate: action('onUpdate'), deferrable, initiallyDeferred, matchFull: flag('matchFull') };
}

const FK_OPTION_KEYS = ['name', 'onDelete', 'onUpdate', 'deferrable', 'initiallyDeferred', 'matchFull'];

/** The IR of a column's `.references()` options and `.comment()` (called from validateColumn). */
export function columnExtrasIR(spec: ColumnSpec, at: Omit<Issue, 'message'>, issues: Issue[]): { references?: ColumnIR['references']; comment?: string } {
  const out: { references?: ColumnIR['references']; comment?: string } = {};
  const report = (message: string) => issues.push({ ...at, message });
  if (spec.comment !== undefined) {
    if (typeof spec.comment === 'string') out.comment = spec.comment;
    else report(`.comment() takes a string, not ${describe(spec.comment)}`);
  }
  const r = spec.references;
  if (r && r.options !== undefined) {
    if (!isRecord(r.options)) report(`.references(table, column, options): options must be an object, not ${describe(r.options)}`);
    else {
      unknownKeys(r.options, FK_OPTION_KEYS, '.references() options', report);
      out.references = Object.freeze({ table: r.table, column: r.column, options: Object.freeze(foreignKeyOptions(r.options, '.references()', report)) });
    }
  }
  return out;
}

const INDEX_KEYS = ['name', 'columns', 'unique', 'using', 'include', 'where', 'with'];
const INDEX_KEY_KEYS = ['column', 'expr', 'order', 'nulls', 'opclass', 'collate'];
/** Methods that keep keys in order (ASC/DESC/NULLS) and that take INCLUDE, in PostgreSQL 15. */
const ORDERED: readonly IndexMethod[] = ['btree'];
const WITH_INCLUDE: readonly IndexMethod[] = ['btree', 'gist', 'spgist'];

export interface ExtrasContext {
  readonly def: TableDef;
  readonly file: string;
  /** Every declared column name (including ones whose own declaration had a problem). */
  readonly columnNames: ReadonlySet<string>;
  readonly nullable: (column: string) => boolean | undefined;
  readonly partitioning: PartitioningIR | null;
}

/** Validates `indexes`, `checks`, `foreignKeys`, `storage`, `comment` and column `.check()`s of one table. */
export function validateTableExtras(ctx: ExtrasContext, issues: Issue[]): TableExtrasIR {
  const { def, file, columnNames } = ctx;
  const table = def.name;
  const report = (message: string, column?: string) => issues.push({ file, table, ...(column !== undefined && { column }), message });
  const list = <T>(key: 'indexes' | 'checks' | 'foreignKeys', v: unknown): T[] => {
    if (v === undefined) return [];
    if (Array.isArray(v)) return v as T[];
    report(`${key} must be a list, not ${describe(v)}`);
    return [];
  };
  const column = (name: unknown, where: string): string | undefined => {
    if (typeof name !== 'string') {
      report(`${where}: a column name must be a string, not ${describe(name)}`);
      return undefined;
    }
    if (!columnNames.has(name)) {
      report(`${where} names column "${name}", which the table does not have${didYouMean(name, [...columnNames])}`);
      return undefined;
    }
    return name;
  };
  const quotedNames = (expr: string, where: string) => {
    for (const n of unknownQuotedNames(expr, columnNames)) report(`${where} names "${n}", which is not a column of the table${didYouMean(n, [...columnNames])}`);
  };

  const indexes: IndexIR[] = [];
  list<unknown>('indexes', def.extras.indexes).forEach((x, i) => {
    const where = `indexes[${i}]${isRecord(x) && typeof x.name === 'string' ? ` ("${x.name}")` : ''}`;
    if (!isRecord(x)) return report(`${where} must be an object { name, columns, … }, not ${describe(x)}`);
    unknownKeys(x, INDEX_KEYS, where, report);
    const nameProblem = identifierProblem(x.name, 'the index name');
    if (nameProblem) report(`${where}: ${nameProblem}`);
    const method = (x.using ?? 'btree') as IndexMethod;
    if (!INDEX_METHODS.includes(method)) report(`${where}: using must be one of ${INDEX_METHODS.join(', ')}, not ${describe(x.using)}${didYouMean(String(x.using), INDEX_METHODS)}`);
    const unique = x.unique === true;
    if (x.unique !== undefined && typeof x.unique !== 'boolean') report(`${where}: unique must be true or false, not ${describe(x.unique)}`);
    if (unique && method !== 'btree') report(`${where}: only btree indexes can be unique (PostgreSQL refuses UNIQUE with ${method})`);
    const keys: IndexKeyIR[] = [];
    if (!Array.isArray(x.columns) || x.columns.length === 0) report(`${where}: columns must be a non-empty list of column names, sql('...') expressions or { column | expr, order, nulls, opclass }`);
    else {
      x.columns.forEach((k: unknown, j: number) => {
        const kw = `${where}.columns[${j}]`;
        const key: Record<string, unknown> = typeof k === 'string' ? { column: k } : isSqlExpr(k) ? { expr: k } : isRecord(k) ? k : {};
        if (typeof k !== 'string' && !isSqlExpr(k) && !isRecord(k)) return report(`${kw} must be a column name, an sql('...') expression or an object, not ${describe(k)}`);
        unknownKeys(key, INDEX_KEY_KEYS, kw, report);
        if ((key.column === undefined) === (key.expr === undefined)) return report(`${kw}: give exactly one of column and expr`);
        let col: string | null = null;
        let expr: string | null = null;
        if (key.column !== undefined) col = column(key.column, kw) ?? null;
        else {
          expr = sqlText(key.expr) ?? null;
          if (expr === null) report(`${kw}: expr must be a non-empty sql('...') expression`);
          else quotedNames(expr, kw);
        }
        if (key.order !== undefined && key.order !== 'asc' && key.order !== 'desc') report(`${kw}: order must be 'asc' or 'desc', not ${describe(key.order)}`);
        if (key.nulls !== undefined && key.nulls !== 'first' && key.nulls !== 'last') report(`${kw}: nulls must be 'first' or 'last', not ${describe(key.nulls)}`);
        if ((key.order !== undefined || key.nulls !== undefined) && !ORDERED.includes(method)) report(`${kw}: ${method} indexes keep no order (PostgreSQL refuses ASC/DESC/NULLS with ${method})`);
        if (key.opclass !== undefined && (typeof key.opclass !== 'string' || !OPCLASS.test(key.opclass))) report(`${kw}: opclass must be an operator class name such as 'text_pattern_ops', not ${describe(key.opclass)}`);
        const collateProblem = key.collate === undefined ? undefined : identifierProblem(key.collate, 'collate');
        if (collateProblem) report(`${kw}: ${collateProblem} (a collation name such as 'C')`);
        const desc = key.order === 'desc';
        keys.push({ column: col, expr, desc, nullsFirst: key.nulls === undefined ? desc : key.nulls === 'first', opclass: typeof key.opclass === 'string' ? key.opclass : null, collation: typeof key.collate === 'string' && !collateProblem ? key.collate : null });
      });
    }
    const include: string[] = [];
    if (x.include !== undefined) {
      if (!Array.isArray(x.include)) report(`${where}: include must be a list of column names, not ${describe(x.include)}`);
      else for (const c of x.include) { const n = column(c, `${where}.include`); if (n) include.push(n); }
      if (!WITH_INCLUDE.includes(method)) report(`${where}: ${method} indexes take no INCLUDE columns (btree, gist and spgist do)`);
    }
    let where_: string | null = null;
    if (x.where !== undefined) {
      where_ = sqlText(x.where) ?? null;
      if (where_ === null) report(`${where}: where must be a non-empty sql('...') expression`);
      else quotedNames(where_, `${where}.where`);
    }
    const withParams = params(x.with, INDEX_METHODS.includes(method) ? INDEX_PARAMETERS[method] : [], `${where}.with`, report);
    if (unique && ctx.partitioning) {
      const plain = keys.filter((k) => k.column !== null).map((k) => k.column);
      const missing = ctx.partitioning.columns.filter((c) => !plain.includes(c));
      if (missing.length) report(`${where}: a unique index on a partitioned table must contain the partition column(s) ${missing.join(', ')} (PostgreSQL enforces it only within one partition)`);
      if (where_ !== null) report(`${where}: PostgreSQL cannot make a partial unique index on a partitioned table`);
    }
    if (typeof x.name === 'string') indexes.push(Object.freeze({ name: x.name, unique, method, keys: Object.freeze(keys.map((k) => Object.freeze(k))), include: Object.freeze(include), where: where_, with: Object.freeze(withParams) }));
  });

  const checks: CheckIR[] = [];
  list<unknown>('checks', def.extras.checks).forEach((x, i) => {
    const where = `checks[${i}]${isRecord(x) && typeof x.name === 'string' ? ` ("${x.name}")` : ''}`;
    if (!isRecord(x)) return report(`${where} must be an object { name, expr: sql('...') }, not ${describe(x)}`);
    unknownKeys(x, ['name', 'expr'], where, report);
    const p = identifierProblem(x.name, 'the check name');
    if (p) report(`${where}: ${p}`);
    const expr = sqlText(x.expr);
    if (expr === undefined) report(`${where}: expr must be a non-empty sql('...') expression`);
    else quotedNames(expr, where);
    if (typeof x.name === 'string' && expr !== undefined) checks.push(Object.freeze({ name: x.name, expr }));
  });
  for (const [name, spec] of def.columns) {
    (spec.checks ?? []).forEach((c, i) => {
      const where = `.check() #${i + 1}`;
      const checkName = c.name ?? `${table}_${name}_check`;
      const p = identifierProblem(checkName, c.name === undefined ? 'the default check name' : 'the check name');
      if (p) report(`${where}: ${p}${c.name === undefined ? '; give .check(expr, name)' : ''}`, name);
      const expr = sqlText(c.expr);
      if (expr === undefined) report(`${where}: needs a non-empty sql('...') expression`, name);
      else quotedNames(expr, where);
      if (typeof checkName === 'string' && expr !== undefined) checks.push(Object.freeze({ name: checkName, expr, column: name }));
    });
  }

  const foreignKeys: ForeignKeyIR[] = [];
  list<unknown>('foreignKeys', def.extras.foreignKeys).forEach((x, i) => {
    const where = `foreignKeys[${i}]`;
    if (!isRecord(x)) return report(`${where} must be an object { columns, references: { table, columns }, … }, not ${describe(x)}`);
    unknownKeys(x, ['columns', 'references', ...FK_OPTION_KEYS], where, report);
    const options = foreignKeyOptions(x, where, report);
    const cols = Array.isArray(x.columns) ? x.columns.map((c) => column(c, where)) : [];
    if (!Array.isArray(x.columns) || x.columns.length === 0) report(`${where}: columns must be a non-empty list of column names`);
    const ref = x.references;
    if (!isRecord(ref) || typeof ref.table !== 'string' || !Array.isArray(ref.columns) || !ref.columns.every((c) => typeof c === 'string')) {
      return report(`${where}: references must be { table: 'name', columns: ['a', …] }, not ${describe(ref)}`);
    }
    if (ref.columns.length !== cols.length) report(`${where}: ${cols.length} column(s) reference ${ref.columns.length} column(s) of "${ref.table}"; give as many on each side`);
    if (new Set(cols).size !== cols.length) report(`${where}: a column appears twice`);
    if (cols.every((c) => c !== undefined) && ref.columns.length === cols.length && cols.length > 0) {
      foreignKeys.push(Object.freeze({ ...options, columns: Object.freeze(cols as string[]), table: ref.table, refColumns: Object.freeze([...(ref.columns as string[])]) }));
    }
  });
  for (const fk of foreignKeys) {
    for (const action of [fk.onDelete, fk.onUpdate]) {
      const notNull = fk.columns.filter((c) => ctx.nullable(c) === false);
      if (action === 'setNull' && notNull.length) report(`foreign key (${fk.columns.join(', ')}): setNull on NOT NULL column(s) ${notNull.join(', ')} would fail when it fires`);
    }
  }

  // Constraint names are unique per table (PostgreSQL refuses a second one).
  const constraintNames = new Map<string, string>();
  const claim = (name: string | null, what: string) => {
    if (name === null) return;
    const prev = constraintNames.get(name);
    if (prev !== undefined) report(`the constraint name "${name}" is used by ${prev} and ${what}`);
    else constraintNames.set(name, what);
  };
  for (const c of checks) claim(c.name, c.column ? `the check on column "${c.column}"` : `check "${c.name}"`);
  for (const fk of foreignKeys) claim(fk.name, `foreign key (${fk.columns.join(', ')})`);
  for (const [name, spec] of def.columns) if (spec.references?.options && isRecord(spec.references.options) && typeof spec.references.options.name === 'string') claim(spec.references.options.name, `the foreign key of column "${name}"`);

  const storage = params(def.extras.storage, STORAGE_PARAMETERS, 'storage', report);
  if (storage.length && ctx.partitioning) report('storage: PostgreSQL refuses storage parameters on a partitioned table (they belong to its partitions)');
  let comment: string | null = null;
  if (def.extras.comment !== undefined) {
    if (typeof def.extras.comment === 'string') comment = def.extras.comment;
    else report(`comment must be a string, not ${describe(def.extras.comment)}`);
  }
  return Object.freeze({ indexes: Object.freeze(indexes), checks: Object.freeze(checks), foreignKeys: Object.freeze(foreignKeys), storage: Object.freeze(storage), comment });
}

/** Unique indexes on plain columns (no expression, not partial): keys ON CONFLICT and foreign keys can use. */
export function uniqueIndexKeys(def: TableDef): string[][] {
  const out: string[][] = [];
  if (!Array.isArray(def.extras.indexes)) return out;
  for (const x of def.extras.indexes as unknown[]) {
    if (!isRecord(x) || x.unique !== true || x.where !== undefined || !Array.isArray(x.columns)) continue;
    const cols = x.columns.map((k: unknown) => (typeof k === 'string' ? k : isRecord(k) && typeof k.column === 'string' && k.expr === undefined ? k.column : null));
    if (cols.every((c): c is string => c !== null)) out.push(cols);
  }
  return out;
}

function uniqueKeysIR(t: TableIR): (readonly string[])[] {
  const fromIndexes = extrasOf(t).indexes.filter((i) => i.unique && i.where === null && i.keys.every((k) => k.column !== null)).map((i) => i.keys.map((k) => k.column as string));
  return [t.primaryKey, ...t.unique, ...fromIndexes].filter((k) => k.length > 0);
}

/** A single-column unique key of `t` on `column` (for column `.references()`). */
export function hasSingleColumnUniqueIndex(t: TableIR, column: string): boolean {
  return uniqueKeysIR(t).some((k) => k.length === 1 && k[0] === column);
}

/** Tables a table's table-level foreign keys point at (for dependency order). */
export function foreignKeyTargets(t: TableIR): string[] {
  return extrasOf(t).foreignKeys.map((fk) => fk.table);
}

/** Cross-table checks: foreign key targets, duplicate index names (one namespace with tables and partitions). */
export function checkExtrasAcrossTables(tables: readonly TableIR[], issues: Issue[]): void {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const relations = new Map<string, string>();
  for (const t of tables) {
    relations.set(t.name, `table "${t.name}"`);
    for (const p of t.partitioning?.partitions ?? []) relations.set(p.name, `partition "${p.name}" of "${t.name}"`);
    if (t.partitioning?.defaultPartition) relations.set(t.partitioning.defaultPartition, `partition "${t.partitioning.defaultPartition}" of "${t.name}"`);
    if (t.primaryKey.length) relations.set(`${t.name}_pkey`, `the primary key index of "${t.name}"`);
  }
  for (const t of tables) {
    const x = extrasOf(t);
    for (const i of x.indexes) {
      if (t.hypertable && i.name === `${t.name}_${t.hypertable.timeColumn}_idx`) {
        issues.push({ file: t.file, table: t.name, message: `index "${i.name}": TimescaleDB gives this name to the index on "${t.hypertable.timeColumn}" it makes when schema.sql creates the hypertable; name yours otherwise` });
      }
      const prev = relations.get(i.name);
      if (prev !== undefined) issues.push({ file: t.file, table: t.name, message: `index "${i.name}": the name is taken by ${prev} (indexes share one namespace with tables)` });
      else relations.set(i.name, `index "${i.name}" of "${t.name}"`);
    }
    for (const fk of x.foreignKeys) {
      const at = { file: t.file, table: t.name };
      const target = byName.get(fk.table);
      if (!target) {
        issues.push({ ...at, message: `foreign key (${fk.columns.join(', ')}) references table "${fk.table}", which the schema does not declare` });
        continue;
      }
      const missing = fk.refColumns.filter((c) => !target.columns.some((tc) => tc.name === c));
      if (missing.length) {
        issues.push({ ...at, message: `foreign key (${fk.columns.join(', ')}) references "${fk.table}" (${missing.join(', ')}), which it does not have` });
        continue;
      }
      if (!uniqueKeysIR(target).some((k) => k.length === fk.refColumns.length && k.every((c) => fk.refColumns.includes(c)))) {
        issues.push({ ...at, message: `foreign key (${fk.columns.join(', ')}) references "${fk.table}" (${fk.refColumns.join(', ')}), which is not its primary key or a unique key (PostgreSQL needs one to point at)` });
        continue;
      }
      fk.columns.forEach((c, i) => {
        const mine = t.columns.find((x) => x.name === c);
        const theirs = target.columns.find((x) => x.name === fk.refColumns[i]);
        if (mine && theirs && (mine.type !== theirs.type || mine.isArray !== theirs.isArray)) {
          issues.push({ ...at, column: c, message: `is ${mine.type}${mine.isArray ? '[]' : ''} but its foreign key references "${fk.table}"."${theirs.name}" of type ${theirs.type}${theirs.isArray ? '[]' : ''}` });
        }
      });
    }
  }
}
