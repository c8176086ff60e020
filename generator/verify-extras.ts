/**
 * `verify` for indexes, CHECK constraints, foreign keys, storage parameters and comments.
 * A missing or different CHECK or foreign key is breaking (the database then accepts or
 * refuses other rows than the schema says); a missing index is a note naming the statements
 * it slows. Expressions are compared as the server prints them: `withServerSpelling` has the
 * server read the schema's own expressions first, so `amount > 0` written by hand and
 * `amount > 0::numeric` read from the catalog are the same check.
 */
import type { ClientBase } from 'pg';
import { quoteIdent } from '@pgtwin/runtime/internal/sql-quote';
import type { DbTable } from './introspect.ts';
import { introspectExtras, isHypertableDefaultIndex, stripOuterParens, type DbForeignKey, type DbIndex } from './introspect-extras.ts';
import type { SchemaIR, TableIR } from './ir.ts';
import { extrasOf, type ForeignKeyIR, type IndexIR } from './table-extras.ts';
import type { Finding } from './verify.ts';

/** SQL text compared without outer parentheses and with runs of white space as one space. */
function sameSql(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const n = (s: string) => stripOuterParens(s).replace(/\s+/g, ' ');
  return n(a) === n(b);
}

function keyText(k: { column: string | null; expr: string | null; desc: boolean; nullsFirst: boolean; opclass: string | null; collation: string | null }): string {
  return `${k.column !== null ? quoteIdent(k.column) : `(${stripOuterParens(k.expr ?? '')})`}${k.collation ? ` COLLATE ${quoteIdent(k.collation)}` : ''}${k.opclass ? ` ${k.opclass}` : ''}${k.desc ? ' DESC' : ''}${k.nullsFirst !== k.desc ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`;
}

function indexColumnsText(i: { keys: readonly Parameters<typeof keyText>[0][] }): string {
  return i.keys.map(keyText).join(', ');
}

function paramValue(v: string): string {
  const s = v.startsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v;
  return /^-?\d+(\.\d+)?$/.test(s) ? String(Number(s)) : s.toLowerCase();
}

/** The generated statements a missing index slows, in words. */
function slowedBy(t: TableIR, i: IndexIR): string {
  const lead = i.keys.filter((k) => k.column !== null).map((k) => k.column as string);
  const prefixCovers = (cols: readonly string[]) => cols.length > 0 && cols.every((c) => lead.slice(0, cols.length).includes(c));
  const out: string[] = [];
  if (t.deleteKey && prefixCovers(t.deleteKey)) out.push(`batchDelete${t.upsert ? ' and batchApply' : ''} (DELETE … USING UNNEST by ${t.deleteKey.join(', ')}) find each row by scanning "${t.name}" instead`);
  const fks = [
    ...t.columns.flatMap((c) => (c.references ? [{ columns: [c.name], table: c.references.table, onDelete: c.references.options?.onDelete ?? 'noAction' }] : [])),
    ...extrasOf(t).foreignKeys.map((fk) => ({ columns: fk.columns, table: fk.table, onDelete: fk.onDelete })),
  ];
  for (const fk of fks) {
    if (prefixCovers(fk.columns)) out.push(`deletes and key updates on "${fk.table}" look up the rows of "${t.name}" that reference them (the foreign key check${fk.onDelete !== 'noAction' && fk.onDelete !== 'restrict' ? ` and its ON DELETE ${fk.onDelete}` : ''}) by scanning`);
  }
  if (out.length === 0) return "none of the generated statements read through it (COPY, batchInsert and batchUpsert only write, and a little faster without it); the application's queries on it scan instead";
  return out.join('; ');
}

function indexDifferences(i: IndexIR, h: DbIndex): string[] {
  const d: string[] = [];
  if (i.method !== h.method) d.push(`method ${h.method}, schema ${i.method}`);
  if (indexColumnsText(i) !== indexColumnsText(h) && !(i.keys.length === h.keys.length && i.keys.every((k, n) => keyText(k) === keyText(h.keys[n] as DbIndex['keys'][number]) || (k.expr !== null && sameSql(k.expr, h.keys[n]?.expr ?? null))))) {
    d.push(`keys (${indexColumnsText(h)}), schema (${indexColumnsText(i)})`);
  }
  if (i.include.join('\u0000') !== h.include.join('\u0000')) d.push(`INCLUDE (${h.include.join(', ')}), schema (${i.include.join(', ')})`);
  if (!sameSql(i.where, h.where)) d.push(`WHERE ${h.where ?? '(none)'}, schema ${i.where ?? '(none)'}`);
  const params = (p: readonly { name: string; value: string }[]) => p.map((x) => `${x.name}=${paramValue(x.value)}`).sort().join(', ');
  if (params(i.with) !== params(h.with)) d.push(`WITH (${params(h.with)}), schema (${params(i.with)})`);
  return d;
}

interface SchemaForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  readonly refColumns: readonly string[];
  readonly options: Omit<ForeignKeyIR, 'columns' | 'table' | 'refColumns'>;
}

const DEFAULT_FK_OPTIONS = { name: null, onDelete: 'noAction', onUpdate: 'noAction', deferrable: false, initiallyDeferred: false, matchFull: false } as const;

function schemaForeignKeys(t: TableIR): SchemaForeignKey[] {
  return [
    ...t.columns.flatMap((c) => (c.references ? [{ columns: [c.name], table: c.references.table, refColumns: [c.references.column], options: c.references.options ?? DEFAULT_FK_OPTIONS }] : [])),
    ...extrasOf(t).foreignKeys.map((fk) => ({ columns: fk.columns, table: fk.table, refColumns: fk.refColumns, options: fk })),
  ];
}

function fkText(fk: { columns: readonly string[]; table: string; refColumns: readonly string[] }): string {
  return `(${fk.columns.join(', ')}) → ${fk.table} (${fk.refColumns.join(', ')})`;
}

const ACTION_SQL = { noAction: 'NO ACTION', restrict: 'RESTRICT', cascade: 'CASCADE', setNull: 'SET NULL', setDefault: 'SET DEFAULT' } as const;

/** ON DELETE, ON UPDATE, MATCH and deferral, as SQL words. */
function fkOptionParts(o: Omit<ForeignKeyIR, 'columns' | 'table' | 'refColumns'> | DbForeignKey): string[] {
  return [`ON DELETE ${ACTION_SQL[o.onDelete]}`, `ON UPDATE ${ACTION_SQL[o.onUpdate]}`, o.matchFull ? 'MATCH FULL' : 'MATCH SIMPLE', o.deferrable ? (o.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE INITIALLY IMMEDIATE') : 'NOT DEFERRABLE'];
}

/** Compares one table's indexes, checks, foreign keys, storage and comments (nothing when the database side was read without them). */
export function compareTableExtras(t: TableIR, d: DbTable, out: Finding[]): void {
  const have = d.extras;
  if (!have) return;
  const want = extrasOf(t);
  const table = t.name;

  const keys = [t.primaryKey, ...t.unique].filter((k) => k.length > 0);
  const dbIndexes = have.indexes.filter((h) => h.constraint === null);
  const renamed = new Set<DbIndex>();
  for (const i of want.indexes) {
    let h = dbIndexes.find((x) => x.name === i.name);
    // The same index under another name is that index (a rename changes no row and no plan).
    const same = h ? undefined : dbIndexes.find((x) => !renamed.has(x) && !want.indexes.some((w) => w.name === x.name) && x.unique === i.unique && indexDifferences(i, x).length === 0);
    if (same) {
      renamed.add(same);
      out.push({ table, severity: 'note', message: `index ${i.name} is named ${same.name} in the database` });
      h = same;
    }
    if (!h) {
      out.push(i.unique
        ? { table, severity: 'breaking', message: `unique index ${i.name} (${indexColumnsText(i)}) is missing in the database: it accepts rows with equal keys that the schema refuses` }
        : { table, severity: 'note', message: `index ${i.name} (${indexColumnsText(i)}) is missing in the database: ${slowedBy(t, i)}` });
      continue;
    }
    if (h.unique !== i.unique) {
      out.push({ table, severity: 'breaking', message: `index ${i.name} is ${h.unique ? 'unique' : 'not unique'} in the database but ${i.unique ? 'unique' : 'not unique'} in the schema: the database ${h.unique ? 'refuses' : 'accepts'} rows with equal keys that the schema ${h.unique ? 'accepts' : 'refuses'}` });
    }
    const diffs = indexDifferences(i, h);
    if (diffs.length) out.push({ table, severity: 'note', message: `index ${i.name} differs in the database: ${diffs.join('; ')} (${h.definition})` });
  }
  for (const h of dbIndexes) {
    if (renamed.has(h) || want.indexes.some((i) => i.name === h.name)) continue;
    if (t.hypertable && d.hypertable && isHypertableDefaultIndex(t.name, d.hypertable.timeColumn, h)) continue;
    // A unique index behind a declared key is that key (verify checks keys elsewhere).
    if (h.unique && h.where === null && h.keys.every((k) => k.column !== null) && keys.some((k) => k.length === h.keys.length && k.every((c) => h.keys.some((x) => x.column === c)))) continue;
    out.push({ table, severity: h.unique ? 'breaking' : 'note', message: h.unique ? `unique index ${h.name} exists only in the database: it refuses rows with equal (${indexColumnsText(h)}) that the schema accepts (${h.definition})` : `index ${h.name} exists only in the database, not in the schema (${h.definition})` });
  }

  const matchedChecks = new Set<string>();
  for (const c of want.checks) {
    const h = have.checks.find((x) => x.name === c.name) ?? have.checks.find((x) => !matchedChecks.has(x.name) && sameSql(x.expr, c.expr));
    const at = { table, ...(c.column !== undefined && { column: c.column }) };
    if (!h) {
      out.push({ ...at, severity: 'breaking', message: `check ${c.name} (${c.expr}) is missing in the database: it accepts rows the schema refuses` });
      continue;
    }
    matchedChecks.add(h.name);
    if (!sameSql(h.expr, c.expr)) out.push({ ...at, severity: 'breaking', message: `check ${c.name} is (${h.expr}) in the database but (${c.expr}) in the schema: the database accepts or refuses other rows than the schema says` });
    else if (h.name !== c.name) out.push({ ...at, severity: 'note', message: `check ${c.name} is named ${h.name} in the database` });
    if (!h.validated) out.push({ ...at, severity: 'note', message: `check ${h.name} is NOT VALID in the database: rows stored before it was added may break it` });
  }
  for (const h of have.checks) {
    if (!matchedChecks.has(h.name)) out.push({ table, ...(h.column !== null && { column: h.column }), severity: 'breaking', message: `check ${h.name} (${h.expr}) exists only in the database: it refuses rows the schema accepts, and every path fails on them` });
  }

  const sameTarget = (a: { columns: readonly string[]; table: string; refColumns: readonly string[] }, b: { columns: readonly string[]; table: string; refColumns: readonly string[] }) =>
    a.table === b.table && a.columns.join('\u0000') === b.columns.join('\u0000') && a.refColumns.join('\u0000') === b.refColumns.join('\u0000');
  const matchedFks = new Set<DbForeignKey>();
  for (const fk of schemaForeignKeys(t)) {
    const h = have.foreignKeys.find((x) => !matchedFks.has(x) && sameTarget(x, fk) && (fk.options.name === null || x.name === fk.options.name)) ?? have.foreignKeys.find((x) => !matchedFks.has(x) && sameTarget(x, fk));
    const at = { table, ...(fk.columns.length === 1 && { column: fk.columns[0] as string }) };
    if (!h) {
      out.push({ ...at, severity: 'breaking', message: `foreign key ${fk.options.name ?? ''}${fk.options.name ? ' ' : ''}${fkText(fk)} is missing in the database: it accepts rows the schema refuses` });
      continue;
    }
    matchedFks.add(h);
    const mine = fkOptionParts(fk.options);
    const theirs = fkOptionParts(h);
    const differ = mine.map((_, n) => n).filter((n) => mine[n] !== theirs[n]);
    if (differ.length) {
      out.push({ ...at, severity: 'breaking', message: `foreign key ${h.name} ${fkText(fk)} is ${differ.map((n) => theirs[n]).join(' ')} in the database but ${differ.map((n) => mine[n]).join(' ')} in the schema: the database refuses, cascades or defers other rows than the schema says` });
    }
    if (fk.options.name !== null && h.name !== fk.options.name) out.push({ ...at, severity: 'note', message: `foreign key ${fkText(fk)} is named ${h.name} in the database but ${fk.options.name} in the schema` });
    if (!h.validated) out.push({ ...at, severity: 'note', message: `foreign key ${h.name} is NOT VALID in the database: rows stored before it was added may break it` });
  }
  for (const h of have.foreignKeys) {
    if (!matchedFks.has(h)) out.push({ table, ...(h.columns.length === 1 && { column: h.columns[0] as string }), severity: 'breaking', message: `foreign key ${h.name} ${fkText(h)} exists only in the database: it refuses rows the schema accepts, and every path fails on them` });
  }

  const storage = (p: readonly { name: string; value: string }[]) => new Map(p.map((x) => [x.name, paramValue(x.value)]));
  const ws = storage(want.storage);
  const hs = storage(have.storage);
  for (const name of [...new Set([...ws.keys(), ...hs.keys()])].sort()) {
    if (ws.get(name) !== hs.get(name)) out.push({ table, severity: 'note', message: `storage parameter ${name} is ${hs.get(name) ?? '(default)'} in the database but ${ws.get(name) ?? '(default)'} in the schema (space and vacuum, not what is stored)` });
  }
  if ((want.comment ?? null) !== have.comment) out.push({ table, severity: 'note', message: `table comment is ${JSON.stringify(have.comment)} in the database but ${JSON.stringify(want.comment)} in the schema` });
  for (const c of t.columns) {
    const dc = have.columnComments.get(c.name) ?? null;
    if ((c.comment ?? null) !== dc && d.columns.some((x) => x.name === c.name)) out.push({ table, column: c.name, severity: 'note', message: `comment is ${JSON.stringify(dc)} in the database but ${JSON.stringify(c.comment ?? null)} in the schema` });
  }
}

/**
 * The schema with its index and check expressions as the server prints them: schema.sql runs
 * in a scratch schema inside a transaction that is rolled back, and the catalog is read back.
 * Without the right to create a schema (or when schema.sql needs what the server lacks), the
 * schema's text is kept and `note` says so.
 */
export async function withServerSpelling(client: ClientBase, ir: SchemaIR, schemaSql: string, dbSchema: string): Promise<{ ir: SchemaIR; note?: string }> {
  if (!ir.tables.some((t) => extrasOf(t).indexes.some((i) => i.where !== null || i.keys.some((k) => k.expr !== null)) || extrasOf(t).checks.length > 0)) return { ir };
  const scratch = `pgtwin_verify_${process.pid}`;
  await client.query('BEGIN');
  try {
    const visible = (await client.query<{ s: string[] }>('SELECT current_schemas(false)::text[] AS s')).rows[0]?.s ?? [];
    await client.query(`CREATE SCHEMA ${quoteIdent(scratch)}`);
    await client.query(`SELECT set_config('search_path', $1, true)`, [[scratch, ...visible].map(quoteIdent).join(', ')]);
    await client.query(schemaSql);
    // Read back with the scratch schema where the verified one is on the path, so names print alike.
    const onPath = visible.includes(dbSchema);
    await client.query(`SELECT set_config('search_path', $1, true)`, [(onPath ? visible.map((s) => (s === dbSchema ? scratch : s)).concat(dbSchema) : visible).map(quoteIdent).join(', ')]);
    const extras = await introspectExtras(client, scratch);
    // Off the path, names print schema-qualified, quoted only where needed (quote_ident): as the catalog prints the verified schema's.
    const printed = (await client.query<{ s: string; d: string }>('SELECT quote_ident($1) AS s, quote_ident($2) AS d', [scratch, dbSchema])).rows[0] as { s: string; d: string };
    const fix = (s: string) => (onPath ? s : s.split(`${printed.s}.`).join(`${printed.d}.`));
    const tables = ir.tables.map((t) => {
      const x = extrasOf(t);
      const server = extras.get(t.name);
      if (!server) return t;
      const indexes = x.indexes.map((i) => {
        const h = server.indexes.find((s) => s.name === i.name);
        if (!h) return i;
        return { ...i, where: h.where === null ? null : fix(h.where), keys: i.keys.map((k, n) => (k.expr !== null && h.keys[n]?.expr ? { ...k, expr: fix(h.keys[n]?.expr as string), collation: k.collation ?? h.keys[n]?.collation ?? null } : k)) };
      });
      const checks = x.checks.map((c) => {
        const h = server.checks.find((s) => s.name === c.name);
        return h ? { ...c, expr: fix(h.expr) } : c;
      });
      return { ...t, extras: { ...x, indexes, checks } };
    });
    return { ir: { ...ir, tables } };
  } catch (err) {
    return { ir, note: `index and check expressions are compared as the schema writes them (the server could not read them back: ${(err as Error).message})` };
  } finally {
    await client.query('ROLLBACK');
  }
}
