/**
 * `pull` for indexes, CHECK constraints, foreign keys, storage parameters and comments: DSL
 * source from the catalog (introspect-extras.ts). Expressions are written as the server
 * prints them, inside `sql('…')`.
 */
import { jsString } from './escape.ts';
import type { DbTable } from './introspect.ts';
import { isHypertableDefaultIndex, type DbForeignKey, type DbIndex } from './introspect-extras.ts';

function sqlSource(text: string): string {
  return `sql(${jsString(text)})`;
}

/** A single-column foreign key written on its column (`.references()`); the rest are table-level. */
function columnForeignKey(t: DbTable, column: string): DbForeignKey | undefined {
  return t.extras?.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === column);
}

function foreignKeyOptionsSource(fk: DbForeignKey, defaultName: string): string[] {
  return [
    ...(fk.name !== defaultName ? [`name: ${jsString(fk.name)}`] : []),
    ...(fk.onDelete !== 'noAction' ? [`onDelete: '${fk.onDelete}'`] : []),
    ...(fk.onUpdate !== 'noAction' ? [`onUpdate: '${fk.onUpdate}'`] : []),
    ...(fk.deferrable ? ['deferrable: true'] : []),
    ...(fk.initiallyDeferred ? ['initiallyDeferred: true'] : []),
    ...(fk.matchFull ? ['matchFull: true'] : []),
  ];
}

/** Whether a check is written on its column (`.check(expr)`): one column and PostgreSQL's default name. */
function isColumnCheck(table: string, c: { name: string; column: string | null }): boolean {
  return c.column !== null && c.name === `${table}_${c.column}_check`;
}

/**
 * The column's `.references(…)`, `.check(…)` and `.comment(…)` calls. Returns undefined for the
 * references part when the table has no extras (introspected without them): the caller keeps
 * its own foreign key handling then.
 */
export function columnExtrasSource(t: DbTable, column: string, pulled: ReadonlySet<string>, builders: Set<string>, notes: string[]): string | undefined {
  const x = t.extras;
  if (!x) return undefined;
  let out = '';
  const fk = columnForeignKey(t, column);
  if (fk && pulled.has(fk.table)) {
    const options = foreignKeyOptionsSource(fk, `${t.name}_${column}_fkey`);
    out += `.references(${jsString(fk.table)}, ${jsString(fk.refColumns[0] as string)}${options.length ? `, { ${options.join(', ')} }` : ''})`;
    if (!fk.validated) notes.push(`${t.name}: foreign key ${fk.name} is NOT VALID in the database; pulled as a valid one (schema.sql checks every row)`);
  } else if (fk) notes.push(`${t.name}.${column}: foreign key to ${fk.table} left out (that table is not pulled)`);
  for (const c of x.checks) {
    if (!isColumnCheck(t.name, c) || c.column !== column) continue;
    builders.add('sql');
    out += `.check(${sqlSource(c.expr)})`;
  }
  const comment = x.columnComments.get(column);
  if (comment !== undefined) out += `.comment(${jsString(comment)})`;
  return out;
}

function indexSource(i: DbIndex, builders: Set<string>): string {
  const keys = i.keys.map((k) => {
    const plain = !k.desc && k.nullsFirst === k.desc && k.opclass === null && k.collation === null;
    if (k.expr !== null) builders.add('sql');
    if (plain) return k.column !== null ? jsString(k.column) : sqlSource(k.expr as string);
    const parts = [
      k.column !== null ? `column: ${jsString(k.column)}` : `expr: ${sqlSource(k.expr as string)}`,
      ...(k.desc ? ["order: 'desc'"] : []),
      ...(k.nullsFirst !== k.desc ? [`nulls: '${k.nullsFirst ? 'first' : 'last'}'`] : []),
      ...(k.opclass !== null ? [`opclass: ${jsString(k.opclass)}`] : []),
      ...(k.collation !== null ? [`collate: ${jsString(k.collation)}`] : []),
    ];
    return `{ ${parts.join(', ')} }`;
  });
  const parts = [
    `name: ${jsString(i.name)}`,
    `columns: [${keys.join(', ')}]`,
    ...(i.unique ? ['unique: true'] : []),
    ...(i.method !== 'btree' ? [`using: ${jsString(i.method)}`] : []),
    ...(i.include.length ? [`include: [${i.include.map(jsString).join(', ')}]`] : []),
    ...(i.with.length ? [`with: { ${i.with.map((p) => `${p.name}: ${paramSource(p.value)}`).join(', ')} }`] : []),
  ];
  if (i.where !== null) {
    builders.add('sql');
    parts.push(`where: ${sqlSource(i.where)}`);
  }
  return `{ ${parts.join(', ')} }`;
}

/** A reloption value as stored (text) → DSL: a number or boolean when it reads back the same, else a string. */
function paramSource(v: string): string {
  if (v === 'true' || v === 'false') return v;
  if (/^-?\d+(\.\d+)?$/.test(v) && String(Number(v)) === v) return v;
  return jsString(v);
}

/** `indexes`, `checks`, `foreignKeys`, `storage` and `comment` lines of defineTable. */
export function tableExtrasSource(t: DbTable, pulled: ReadonlySet<string>, builders: Set<string>, notes: string[]): string[] {
  const x = t.extras;
  if (!x) return [];
  const lines: string[] = [];
  for (const p of x.partitionLocal ?? []) notes.push(`${t.name}: ${p} is the partition's own, which the DSL does not declare (only the parent's); left out`);
  // TimescaleDB makes its time index itself when schema.sql creates the hypertable.
  const indexes = x.indexes.filter((i) => i.constraint === null && !(t.hypertable && isHypertableDefaultIndex(t.name, t.hypertable.timeColumn, i)));
  for (const i of x.indexes) {
    if (i.constraint === 'x') notes.push(`${t.name}: exclusion constraint ${i.name} left out (the DSL does not declare exclusion constraints): ${i.definition}`);
    if (i.nullsNotDistinct) notes.push(`${t.name}: index ${i.name} is NULLS NOT DISTINCT in the database; pulled without it (the DSL does not declare it)`);
  }
  for (const i of indexes) {
    if (!['btree', 'hash', 'gin', 'gist', 'spgist', 'brin'].includes(i.method)) notes.push(`${t.name}: index ${i.name} uses the access method ${i.method}, which the DSL does not declare; left out`);
  }
  const written = indexes.filter((i) => ['btree', 'hash', 'gin', 'gist', 'spgist', 'brin'].includes(i.method));
  if (written.length) lines.push(`  indexes: [\n${written.map((i) => `    ${indexSource(i, builders)},`).join('\n')}\n  ],`);
  const checks = x.checks.filter((c) => !isColumnCheck(t.name, c));
  for (const c of x.checks) {
    if (!c.validated) notes.push(`${t.name}: check ${c.name} is NOT VALID in the database; pulled as a valid one (schema.sql checks every row)`);
    if (c.noInherit) notes.push(`${t.name}: check ${c.name} is NO INHERIT in the database; pulled as an inherited one`);
  }
  if (checks.length) {
    builders.add('sql');
    lines.push(`  checks: [\n${checks.map((c) => `    { name: ${jsString(c.name)}, expr: ${sqlSource(c.expr)} },`).join('\n')}\n  ],`);
  }
  const fks = x.foreignKeys.filter((fk) => !(fk.columns.length === 1 && columnForeignKey(t, fk.columns[0] as string) === fk));
  const kept = fks.filter((fk) => {
    if (!pulled.has(fk.table)) notes.push(`${t.name}: foreign key ${fk.name} (${fk.columns.join(', ')}) to ${fk.table} left out (that table is not pulled)`);
    if (!fk.validated) notes.push(`${t.name}: foreign key ${fk.name} is NOT VALID in the database; pulled as a valid one (schema.sql checks every row)`);
    return pulled.has(fk.table);
  });
  if (kept.length) {
    lines.push(`  foreignKeys: [\n${kept.map((fk) => {
      // PostgreSQL's default name joins every column (`<table>_<a>_<b>_fkey`), as codegen's unnamed key gets.
      const options = foreignKeyOptionsSource(fk, `${t.name}_${fk.columns.join('_')}_fkey`);
      return `    { columns: [${fk.columns.map(jsString).join(', ')}], references: { table: ${jsString(fk.table)}, columns: [${fk.refColumns.map(jsString).join(', ')}] }${options.length ? `, ${options.join(', ')}` : ''} },`;
    }).join('\n')}\n  ],`);
  }
  if (x.storage.length) lines.push(`  storage: { ${x.storage.map((p) => `${/^[a-z_]+$/.test(p.name) ? p.name : jsString(p.name)}: ${paramSource(p.value)}`).join(', ')} },`);
  if (x.comment !== null) lines.push(`  comment: ${jsString(x.comment)},`);
  return lines;
}

/**
 * The table's unique keys that are UNIQUE constraints (written as `unique`): a unique index
 * that backs no constraint is written under `indexes` instead, with its name.
 */
export function uniqueConstraintKeys(t: DbTable): readonly (readonly string[])[] {
  const standalone = (t.extras?.indexes ?? []).filter((i) => i.unique && i.constraint === null && i.where === null && i.keys.every((k) => k.column !== null));
  const left = [...t.uniques];
  for (const i of standalone) {
    // introspect's unique keys list every column of the index, INCLUDE ones too.
    const cols = [...i.keys.map((k) => k.column as string), ...i.include].join('\u0000');
    const at = left.findIndex((u) => u.join('\u0000') === cols);
    if (at >= 0) left.splice(at, 1);
  }
  return left;
}
