/**
 * copyIntoParallel on TimescaleDB hypertables with columnstore: several connections COPY
 * chunks of one input into rowstore chunks (binary, text, onConflict), a bad value stops it
 * with exactly the committed ranges stored, then every chunk is compressed and it runs again
 * into compressed chunks (with and without onConflict, and a duplicate key found in compressed
 * data). Each step also runs on the same table in plain PostgreSQL: same counts, same rows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PgTwinValueError, type ParallelCopyOptions, type ParallelCopyResult, type RowRange } from '@pgtwin/runtime';
import { syntheticLedger } from '../../examples/ledger-ingest/synthetic.ts';
import { useTestDatabase } from '../support/db.ts';
import { chunksOf, parallelFailure, usePools } from '../support/parallel.ts';
import * as ledgers from './timescaledb/generated/ledgers.ts';
import * as transactions from './timescaledb/generated/transactions.ts';
import { tableText } from './scenario.ts';
import { useTimescaleDatabase } from './support.ts';

const root = path.resolve(import.meta.dirname, '../..');
const ddl = readFileSync(path.join(root, 'test/engines/timescaledb/generated/schema.sql'), 'utf8');
const plainDdl = ddl.replace(/\) WITH \(\s*tsdb\.[^;]*\);/g, ');');

/**
 * Six interleaved sets of 240 ledgers (720 transactions each), 4,000 ledgers (5.5 hours)
 * apart within a set: every set spans the same 9 weekly chunks, so a later set falls in the
 * chunks an earlier one created (and, after compress_chunk, in compressed chunks).
 */
const SETS = 6;
const seqsOf = (set: number) => Array.from({ length: 240 }, (_, k) => 1 + k * 4000 + set * 500);
const ledgerRows = Array.from({ length: SETS }, (_, s) => seqsOf(s).map(syntheticLedger));
const txs = ledgerRows.map((set) => set.flatMap((l) => l.transactions));
const [A, B, C, D, E, F] = txs as [transactions.TransactionsInsert[], transactions.TransactionsInsert[], transactions.TransactionsInsert[], transactions.TransactionsInsert[], transactions.TransactionsInsert[], transactions.TransactionsInsert[]];

const plain = useTestDatabase();
const tsdb = useTimescaleDatabase(async (c) => {
  await c.query(ddl);
  await plain.client.query(plainDdl);
  for (const x of [c, plain.client]) expect(await ledgers.copyInto(x, ledgerRows.flat().map((l) => l.ledger))).toBe(SETS * 240);
});

const poolOf = usePools();
const onEngine = () => poolOf(tsdb.url);
const onPlain = () => poolOf(plain.url);

/** The same call on the hypertable and on plain PostgreSQL; both results must equal `expected`. */
async function both(rows: readonly transactions.TransactionsInsert[], options: ParallelCopyOptions, expected: Omit<ParallelCopyResult, 'connections'>): Promise<void> {
  for (const [where, pool] of [['the hypertable', onEngine()], ['plain PostgreSQL', onPlain()]] as const) {
    const result = await transactions.copyIntoParallel(pool, rows, options);
    expect(result, `copyIntoParallel into ${where}`).toEqual({ ...expected, connections: options.connections });
  }
}

async function sameRows(stage: string): Promise<number> {
  const cols = transactions.insertColumns;
  const want = await tableText(plain.client, 'transactions', cols, ['id', 'closed_at']);
  const have = await tableText(tsdb.client, 'transactions', cols, ['id', 'closed_at']);
  expect(have.length, `${stage}: row count`).toBe(want.length);
  expect(have, `${stage}: rows`).toEqual(want);
  return have.length;
}

async function storedIds(c: pg.Client, rows: readonly transactions.TransactionsInsert[]): Promise<string[]> {
  const { rows: stored } = await c.query<{ id: string }>('SELECT id::text FROM transactions WHERE id = ANY($1::int8[]) ORDER BY transactions.id', [rows.map((r) => String(r.id))]);
  return stored.map((r) => r.id);
}
const idsIn = (rows: readonly transactions.TransactionsInsert[], ranges: readonly RowRange[]) =>
  ranges.flatMap((r) => rows.slice(r.from, r.to).map((x) => String(x.id))).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));


/**
 * Rows ordered by the segmentby column, then time. Into compressed chunks every row's key is
 * checked against the compressed batch its segment falls in, which TimescaleDB decompresses
 * (deleting the compressed tuple, a row lock held to commit): connections whose chunks
 * interleave the same segments take those locks in different orders and can deadlock
 * (seen here with time-ordered input and 3 connections: 40P01 "while deleting tuple … in
 * relation compress_hyper_…"). Sorted this way, each connection's chunk covers its own run of
 * segments, in the same order as its neighbours'.
 */
const bySegment = (rows: readonly transactions.TransactionsInsert[]) =>
  [...rows].sort((a, b) => (a.sourceAccount < b.sourceAccount ? -1 : a.sourceAccount > b.sourceAccount ? 1 : Number(a.closedAt) - Number(b.closedAt) || Number(a.id) - Number(b.id)));

async function compressAll(): Promise<void> {
  await tsdb.client.query("SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('transactions') c");
  const { rows } = await tsdb.client.query<{ total: string; compressed: string }>(
    "SELECT count(*) AS total, count(*) FILTER (WHERE is_compressed) AS compressed FROM timescaledb_information.chunks WHERE hypertable_name = 'transactions'",
  );
  expect(Number(rows[0]?.total)).toBeGreaterThanOrEqual(9);
  expect(Number(rows[0]?.compressed), 'every chunk compressed').toBe(Number(rows[0]?.total));
}

describe('copyIntoParallel on a hypertable with columnstore', () => {
  it('into rowstore chunks: binary over 3 connections, text over 2, then onConflict with half the keys present: the rows and counts of plain PostgreSQL', async () => {
    await both(A, { connections: 3, rowsPerChunk: 100 }, { rows: 720, inserted: 720, skipped: 0, committed: chunksOf(720, 100) });
    await both(B, { connections: 2, rowsPerChunk: 150, format: 'text' }, { rows: 720, inserted: 720, skipped: 0, committed: chunksOf(720, 150) });
    const half = [...A.slice(0, 360), ...C];
    await both(half, { connections: 3, rowsPerChunk: 200, onConflict: 'doNothing' }, { rows: 1080, inserted: 720, skipped: 0, committed: chunksOf(1080, 200) });
    expect(await sameRows('after the rowstore loads')).toBe(3 * 720);
  });

  it('a bad value in one chunk: the committed ranges are exactly the rows stored, and the error names the input row', async () => {
    const rows = D.map((r, i) => (i === 333 ? { ...r, operationCount: 70_000 } : r)); // beyond int2
    const err = await parallelFailure(transactions.copyIntoParallel(onEngine(), rows, { connections: 2, rowsPerChunk: 100 }));
    expect(err.cause).toBeInstanceOf(PgTwinValueError);
    expect(err.cause).toMatchObject({ table: 'transactions', column: 'operation_count', rowIndex: 333 });
    // The chunk failed while being encoded, with the rows read into it up to the bad one.
    expect(err.failedChunk).toEqual({ from: 300, to: 334 });
    expect(err.inDoubt).toEqual([]);
    expect(err.committed.slice(0, 3)).toEqual(chunksOf(300, 100));
    expect(err.committed.filter((r) => r.from > 300).length).toBeLessThanOrEqual(1);
    expect(await storedIds(tsdb.client, D)).toEqual(idsIn(D, err.committed));
    // Plain PostgreSQL gets the same committed rows, so that the tables can be compared again.
    await transactions.copyInto(plain.client, err.committed.flatMap((r) => D.slice(r.from, r.to)));
    await sameRows('after the failed copy');
  });

  it('after compress_chunk on every chunk: into compressed chunks without and with onConflict, and a duplicate found in compressed data stops it with exact ranges', async () => {
    await compressAll();
    // The rest of D (what the failed copy left out) and E, into compressed chunks.
    const stored = new Set(await storedIds(tsdb.client, D));
    const restOfD = D.filter((r) => !stored.has(String(r.id)));
    const rows = bySegment([...restOfD, ...E]);
    await both(rows, { connections: 3, rowsPerChunk: 250 }, { rows: rows.length, inserted: rows.length, skipped: 0, committed: chunksOf(rows.length, 250) });
    await compressAll();
    const half = bySegment([...E.slice(0, 360), ...F.slice(0, 360)]);
    await both(half, { connections: 2, rowsPerChunk: 100, onConflict: 'doNothing' }, { rows: 720, inserted: 360, skipped: 0, committed: chunksOf(720, 100) });
    expect(await sameRows('after the loads into compressed chunks')).toBe(5 * 720 + 360);

    // Without onConflict, a key already stored in a compressed chunk fails its chunk.
    await compressAll();
    const rest = bySegment(F.slice(360));
    const dup = [...rest.slice(0, 200), F[0] as transactions.TransactionsInsert, ...rest.slice(201)];
    const err = await parallelFailure(transactions.copyIntoParallel(onEngine(), dup, { connections: 2, rowsPerChunk: 100 }));
    expect(err.cause).toMatchObject({ code: '23505' });
    expect(err.failedChunk).toEqual({ from: 200, to: 300 });
    expect(err.inDoubt).toEqual([]);
    const want = idsIn(dup, err.committed);
    const { rows: have } = await tsdb.client.query<{ id: string }>('SELECT id::text FROM transactions WHERE id = ANY($1::int8[]) ORDER BY transactions.id', [rest.map((r) => String(r.id))]);
    expect(have.map((r) => r.id)).toEqual(want);
  });
});
