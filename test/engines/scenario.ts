/**
 * Every generated path, run the same way on an engine's table and on the same table in plain
 * PostgreSQL: each call's count is checked against the exact expected number on both, and
 * the stored rows are compared after each stage.
 */
import type pg from 'pg';
import { expect } from 'vitest';
import type { ApplyResult, BatchOptions, CopyIntoOptions, CopyMergeResult, Queryable } from '@pgtwin/runtime';

export interface TableModule<Row, Key> {
  readonly tableName: string;
  readonly insertColumns: readonly string[];
  readonly conflictTarget: readonly string[] | null;
  copyInto(client: pg.ClientBase, rows: Iterable<Row>, options?: CopyIntoOptions): Promise<number | CopyMergeResult>;
  batchInsert(db: Queryable, rows: readonly Row[], options?: BatchOptions): Promise<number>;
  batchUpsert(db: Queryable, rows: readonly Row[], options?: BatchOptions): Promise<number>;
  batchDelete(db: Queryable, keys: readonly Key[], options?: BatchOptions): Promise<number>;
  batchApply(db: Queryable, changes: { readonly upsert?: readonly Row[]; readonly delete?: readonly Key[] }, options?: BatchOptions): Promise<ApplyResult>;
}

export interface Scenario<Row, Key> {
  readonly module: TableModule<Row, Key>;
  /** Rows for the first stage, in 1,000s: split into slices below. */
  readonly rows: readonly Row[];
  /** Rows not in `rows`, for the second stage (they fall in the same time range). */
  readonly later: readonly Row[];
  /** The row with its non-key columns changed (what an upsert writes). */
  readonly modify: (row: Row) => Row;
  readonly keyOf: (row: Row) => Key;
  /** The engine's connection and plain PostgreSQL's, each on a database holding the schema. */
  readonly engine: pg.Client;
  readonly plain: pg.Client;
}

export async function tableText(c: pg.Client, table: string, columns: readonly string[], orderBy: readonly string[]): Promise<string[]> {
  const cols = columns.map((n) => `"${n}"`).join(', ');
  const { rows } = await c.query<{ t: string }>(`SELECT ROW(${cols})::text AS t FROM "${table}" ORDER BY ${orderBy.map((n) => `"${n}"`).join(', ')}`);
  return rows.map((r) => r.t);
}

/** Runs `step` on the engine and on plain PostgreSQL; both results must equal `expected`. */
async function both<T>(s: Scenario<unknown, unknown>, what: string, step: (c: pg.Client) => Promise<T>, expected: T): Promise<void> {
  const onEngine = await step(s.engine);
  const onPlain = await step(s.plain);
  expect(onPlain, `${what} on plain PostgreSQL`).toEqual(expected);
  expect(onEngine, `${what} on the engine`).toEqual(expected);
}

export async function sameRows(s: Scenario<unknown, unknown>, stage: string): Promise<number> {
  const m = s.module;
  const order = m.conflictTarget ?? m.insertColumns;
  const want = await tableText(s.plain, m.tableName, m.insertColumns, order);
  const have = await tableText(s.engine, m.tableName, m.insertColumns, order);
  expect(have.length, `${m.tableName} ${stage}: row count`).toBe(want.length);
  expect(have, `${m.tableName} ${stage}: rows`).toEqual(want);
  return have.length;
}

/** Stage 1: every path into an empty table. `rows` needs at least 1,200 rows. */
export async function firstStage<Row, Key>(sc: Scenario<Row, Key>): Promise<void> {
  const s = sc as Scenario<unknown, unknown>;
  const m = sc.module;
  const r = sc.rows;
  const [a, b, c, d, e] = [r.slice(0, 400), r.slice(400, 700), r.slice(700, 900), r.slice(900, 1100), r.slice(1100, 1200)];
  await both(s, 'copyInto binary', (x) => m.copyInto(x, a), 400);
  await both(s, 'copyInto text', (x) => m.copyInto(x, b, { format: 'text' }), 300);
  await both(s, 'copyInto onConflict (200 of 600 new)', (x) => m.copyInto(x, [...a, ...c], { onConflict: 'doNothing' }), { copied: 600, inserted: 200 });
  await both(s, 'batchInsert (200 of 300 new)', (x) => m.batchInsert(x, [...d, ...a.slice(0, 100)]), 200);
  await both(s, 'batchUpsert (50 updated, 50 new)', (x) => m.batchUpsert(x, [...a.slice(0, 50).map(sc.modify), ...e.slice(0, 50)]), 100);
  await both(s, 'batchDelete (30 present, 1 absent)', (x) => m.batchDelete(x, [...b.slice(0, 30), ...sc.later.slice(0, 1)].map(sc.keyOf)), 30);
  await both(s, 'batchApply', (x) => m.batchApply(x, { upsert: [...e.slice(50), ...a.slice(50, 60).map(sc.modify)], delete: c.slice(0, 20).map(sc.keyOf) }), { upserted: 60, deleted: 20 });
  expect(await sameRows(s, 'after every path')).toBe(1200 - 30 - 20);
}

/**
 * Stage 2, after the engine's table changed state (TimescaleDB: every chunk compressed): the
 * live paths again, hitting stored rows: batchInsert with half the keys present, batchUpsert
 * and batchDelete of stored rows, copyInto with onConflict.
 */
export async function secondStage<Row, Key>(sc: Scenario<Row, Key>): Promise<void> {
  const s = sc as Scenario<unknown, unknown>;
  const m = sc.module;
  const a = sc.rows.slice(0, 400);
  const later = sc.later;
  await both(s, 'batchInsert (100 present, 100 new)', (x) => m.batchInsert(x, [...a.slice(100, 200), ...later.slice(0, 100)]), 100);
  await both(s, 'batchUpsert of 50 stored rows', (x) => m.batchUpsert(x, a.slice(200, 250).map(sc.modify)), 50);
  await both(s, 'batchDelete of 30 stored rows', (x) => m.batchDelete(x, a.slice(250, 280).map(sc.keyOf)), 30);
  await both(s, 'copyInto onConflict (100 present, 50 new)', (x) => m.copyInto(x, [...a.slice(280, 380), ...later.slice(100, 150)], { onConflict: 'doNothing' }), { copied: 150, inserted: 50 });
  expect(await sameRows(s, 'after the second stage')).toBe(1200 - 30 - 20 + 100 - 30 + 50);
}
