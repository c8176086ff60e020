/**
 * copyIntoParallel on Citus 13.2 (a coordinator and two workers): every connection's COPY goes
 * to the coordinator, which routes the rows to the shards. Into a distributed partitioned
 * table, a distributed table and a co-located one, and a reference table: the rows and exact
 * counts of plain PostgreSQL (with onConflict too: Citus' own tag overcounts). A bad value
 * stops it with exactly the committed ranges stored. Resume: the checkpoint table is a local
 * table on the coordinator, written in the same transaction as the distributed COPY; a backend
 * killed mid-run (on the coordinator, or on a worker), then the same job again, leaves the
 * table equal to one clean load, with no prepared transaction left behind.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { PgTwinValueError, type ParallelCopyOptions, type ParallelCopyResult } from '@pgtwin/runtime';
import { syntheticLedger } from '../../examples/ledger-ingest/synthetic.ts';
import { useTestDatabase } from '../support/db.ts';
import { chunksOf, parallelFailure, usePools } from '../support/parallel.ts';
import * as exampleLedgers from '../../generated/ledgers.ts';
import * as accountStats from './citus/generated/account-stats.ts';
import * as balances from './citus/generated/balances.ts';
import * as ledgers from './citus/generated/ledgers.ts';
import * as transactions from './citus/generated/transactions.ts';
import { tableText } from './scenario.ts';
import { runFile, useCitusDatabase } from './support.ts';

const root = path.resolve(import.meta.dirname, '../..');
const ddl = readFileSync(path.join(root, 'test/engines/citus/generated/schema.sql'), 'utf8');
const distributed = readFileSync(path.join(root, 'test/engines/citus/generated/distributed.sql'), 'utf8');
const APP = 'pgtwin-citus-parallel';

/** Four interleaved sets of 240 ledgers, 4,000 apart (5.5 hours) within a set: each spans the same 3 monthly partitions. */
const seqsOf = (set: number) => Array.from({ length: 240 }, (_, k) => 1 + k * 4000 + set * 500);
const ledgerSets = Array.from({ length: 4 }, (_, s) => seqsOf(s).map(syntheticLedger));
const [A, B, C, D] = ledgerSets.map((set) => set.flatMap((l) => l.transactions)) as [transactions.TransactionsInsert[], transactions.TransactionsInsert[], transactions.TransactionsInsert[], transactions.TransactionsInsert[]];

const account = (i: number) => `G${String(i % 997).padStart(55, 'A')}`;
const balance = (i: number): balances.BalancesInsert => ({ account: account(i), asset: `ASSET${i}`, balance: `${i}000`, lastModifiedLedger: i, updatedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60)) });
const stat = (i: number): accountStats.AccountStatsInsert => ({ account: `G${String(i).padStart(55, 'B')}`, operationCount: i, feesPaid: `${i}00`, lastSeenLedger: i });

const plain = useTestDatabase();
const citus = useCitusDatabase(async (c) => {
  await c.query('SET citus.shard_count = 4');
  await c.query(ddl);
  await runFile(c, distributed);
  await plain.client.query(ddl);
});

const poolOf = usePools(APP);
const onEngine = () => poolOf(citus.url);
const onPlain = () => poolOf(plain.url);

interface Target<Row> {
  readonly tableName: string;
  readonly insertColumns: readonly string[];
  readonly conflictTarget: readonly string[] | null;
  copyIntoParallel(source: pg.Pool, rows: Iterable<Row> | AsyncIterable<Row>, options?: ParallelCopyOptions): Promise<ParallelCopyResult>;
}

/** The same call on Citus and on plain PostgreSQL; both results must equal `expected`. */
async function both<Row>(m: Target<Row>, rows: readonly Row[], options: ParallelCopyOptions, expected: Omit<ParallelCopyResult, 'connections'>): Promise<void> {
  for (const [where, pool] of [['Citus', onEngine()], ['plain PostgreSQL', onPlain()]] as const) {
    const result = await m.copyIntoParallel(pool, rows, options);
    expect(result, `${m.tableName}: copyIntoParallel on ${where}`).toEqual({ ...expected, connections: options.connections });
  }
}

async function sameRows<Row>(m: Target<Row>, stage: string): Promise<number> {
  const order = m.conflictTarget ?? m.insertColumns;
  const want = await tableText(plain.client, m.tableName, m.insertColumns, order);
  const have = await tableText(citus.client, m.tableName, m.insertColumns, order);
  expect(have.length, `${m.tableName} ${stage}: row count`).toBe(want.length);
  expect(have, `${m.tableName} ${stage}: rows`).toEqual(want);
  return have.length;
}


describe('copyIntoParallel on Citus: the rows and exact counts of plain PostgreSQL', () => {
  it('ledgers (reference table): binary over 3 connections, then onConflict with every key present inserts 0', async () => {
    const rows = ledgerSets.flat().map((l) => l.ledger);
    await both(ledgers, rows, { connections: 3, rowsPerChunk: 100 }, { rows: 960, inserted: 960, skipped: 0, committed: chunksOf(960, 100) });
    await both(ledgers, rows.slice(0, 500), { connections: 2, rowsPerChunk: 100, onConflict: 'doNothing' }, { rows: 500, inserted: 0, skipped: 0, committed: chunksOf(500, 100) });
    for (const c of [citus.client, plain.client]) expect(await ledgers.batchInsert(c, rows.slice(200, 500))).toBe(0);
    expect(await sameRows(ledgers, 'after the parallel loads')).toBe(960);
    // Why a reference table is declared (distributeBy: { reference: true }): the example's module
    // for the plain table sends the bare INSERT … SELECT, which Citus tags with the rows it sent.
    expect(await exampleLedgers.batchInsert(citus.client, rows.slice(200, 500))).toBe(300);
    expect(await exampleLedgers.copyInto(citus.client, rows.slice(0, 100), { onConflict: 'doNothing' })).toEqual({ copied: 100, inserted: 100 });
    expect(await sameRows(ledgers, 'after the bare statements (nothing stored)')).toBe(960);
  });

  it('transactions (distributed partitioned table): binary over 3 connections, text over 2, onConflict with half the keys present', async () => {
    await both(transactions, A, { connections: 3, rowsPerChunk: 100 }, { rows: 720, inserted: 720, skipped: 0, committed: chunksOf(720, 100) });
    await both(transactions, B, { connections: 2, rowsPerChunk: 150, format: 'text' }, { rows: 720, inserted: 720, skipped: 0, committed: chunksOf(720, 150) });
    await both(transactions, [...A.slice(0, 360), ...C], { connections: 3, rowsPerChunk: 200, onConflict: 'doNothing' }, { rows: 1080, inserted: 720, skipped: 0, committed: chunksOf(1080, 200) });
    expect(await sameRows(transactions, 'after the parallel loads')).toBe(3 * 720);
  });

  it('balances (distributed) and account_stats (co-located): onConflict counts the rows stored, not the rows Citus routed', async () => {
    const bal = Array.from({ length: 3000 }, (_, i) => balance(i));
    await both(balances, bal.slice(0, 1500), { connections: 3, rowsPerChunk: 250 }, { rows: 1500, inserted: 1500, skipped: 0, committed: chunksOf(1500, 250) });
    await both(balances, bal, { connections: 3, rowsPerChunk: 500, onConflict: 'doNothing' }, { rows: 3000, inserted: 1500, skipped: 0, committed: chunksOf(3000, 500) });
    await both(balances, bal.slice(0, 1000), { connections: 2, rowsPerChunk: 250, onConflict: 'doNothing' }, { rows: 1000, inserted: 0, skipped: 0, committed: chunksOf(1000, 250) });
    expect(await sameRows(balances, 'after the parallel loads')).toBe(3000);
    const stats = Array.from({ length: 1000 }, (_, i) => stat(i));
    await both(accountStats, stats.slice(0, 600), { connections: 2, rowsPerChunk: 150, format: 'text' }, { rows: 600, inserted: 600, skipped: 0, committed: chunksOf(600, 150) });
    await both(accountStats, stats, { connections: 3, rowsPerChunk: 200, onConflict: 'doNothing' }, { rows: 1000, inserted: 400, skipped: 0, committed: chunksOf(1000, 200) });
    expect(await sameRows(accountStats, 'after the parallel loads')).toBe(1000);
  });

  it('a bad value in one chunk of the distributed partitioned table: the committed ranges are exactly the rows stored', async () => {
    const rows = D.map((r, i) => (i === 333 ? { ...r, operationCount: 70_000 } : r)); // beyond int2
    const err = await parallelFailure(transactions.copyIntoParallel(onEngine(), rows, { connections: 2, rowsPerChunk: 100 }));
    expect(err.cause).toBeInstanceOf(PgTwinValueError);
    expect(err.cause).toMatchObject({ table: 'transactions', column: 'operation_count', rowIndex: 333 });
    // The chunk failed while being encoded, with the rows read into it up to the bad one.
    expect(err.failedChunk).toEqual({ from: 300, to: 334 });
    expect(err.inDoubt).toEqual([]);
    expect(err.committed.slice(0, 3)).toEqual(chunksOf(300, 100));
    expect(err.committed.filter((r) => r.from > 300).length).toBeLessThanOrEqual(1);
    const { rows: stored } = await citus.client.query<{ id: string }>('SELECT id::text FROM transactions WHERE id = ANY($1::int8[]) ORDER BY transactions.id', [D.map((r) => String(r.id))]);
    const want = err.committed.flatMap((r) => D.slice(r.from, r.to).map((x) => String(x.id))).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(stored.map((r) => r.id)).toEqual(want);
    await transactions.copyInto(plain.client, err.committed.flatMap((r) => D.slice(r.from, r.to)));
    await sameRows(transactions, 'after the failed copy');
  });
});

/** Rows produced slowly enough that a backend can be terminated while chunks are in flight. */
async function* slowly<Row>(rows: readonly Row[], onRow: (i: number) => void = () => {}): AsyncGenerator<Row> {
  for (let i = 0; i < rows.length; i++) {
    if (i % 250 === 0) await new Promise((r) => setTimeout(r, 2));
    onRow(i);
    yield rows[i] as Row;
  }
}

function workerUrl(port: number): string {
  const u = new URL(citus.url);
  u.port = String(port);
  return u.toString();
}

/** Terminates one backend running a COPY: on the coordinator (one of the pool's), or on a worker (one of the coordinator's connections to a shard). */
async function terminateOneCopy(on: 'coordinator' | 'worker'): Promise<string> {
  const e = inject('engines');
  if ('error' in e) throw new Error(e.error);
  const urls = on === 'coordinator' ? [citus.url] : e.citusWorkerPorts.map(workerUrl);
  const clients = await Promise.all(
    urls.map(async (url) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  try {
    for (let attempt = 0; attempt < 1000; attempt++) {
      for (const c of clients) {
        const { rows } = await c.query<{ ok: boolean; query: string }>(
          `SELECT pg_terminate_backend(pid) AS ok, query FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY%' AND state = 'active'
              AND ${on === 'coordinator' ? 'application_name = $1' : "application_name LIKE 'citus_internal%' AND $1::text IS NOT NULL"} LIMIT 1`,
          [APP],
        );
        if (rows[0]?.ok) return rows[0].query;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no COPY was seen running on the ${on} to terminate`);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

describe('resume from a checkpoint table on the coordinator', () => {
  it.each([['coordinator'], ['worker']] as const)(
    'a backend on the %s terminated mid-run, then the same job again: account_stats equals one clean load, the checkpoint matches what is stored, no prepared transaction is left',
    async (on) => {
      const N = 12_000;
      const rows = Array.from({ length: N }, (_, i) => stat(1_000_000 + i));
      await citus.client.query('TRUNCATE account_stats');
      await plain.client.query('TRUNCATE account_stats');
      expect(await accountStats.copyInto(plain.client, rows)).toBe(N);
      const checkpoint = { table: 'backfill_jobs', job: `stats-${on}` };

      let terminated: Promise<string> | undefined;
      const err = await parallelFailure(accountStats.copyIntoParallel(onEngine(), slowly(rows, (i) => void (i === 4_000 && (terminated = terminateOneCopy(on)))), { connections: 3, rowsPerChunk: 500, checkpoint }));
      expect(await terminated).toMatch(/^COPY /);
      expect(err.failedChunk).not.toBeNull();
      expect(err.inDoubt).toEqual([]);
      expect(err.committed.length).toBeGreaterThan(0);
      // The local checkpoint rows and the distributed rows committed together: both say the committed ranges.
      const { rows: recorded } = await citus.client.query<{ from: string; to: string }>('SELECT first_row AS from, first_row + row_count AS to FROM backfill_jobs WHERE job = $1 ORDER BY first_row', [checkpoint.job]);
      expect(recorded.map((r) => ({ from: Number(r.from), to: Number(r.to) }))).toEqual(err.committed);
      const { rows: stored } = await citus.client.query<{ n: string }>('SELECT operation_count::text AS n FROM account_stats ORDER BY operation_count');
      expect(stored.map((r) => Number(r.n))).toEqual(err.committed.flatMap((r) => rows.slice(r.from, r.to).map((x) => Number(x.operationCount))));

      const before = err.committed.reduce((n, r) => n + r.to - r.from, 0);
      const result = await accountStats.copyIntoParallel(onEngine(), slowly(rows), { connections: 2, rowsPerChunk: 700, checkpoint });
      expect(result.skipped).toBe(before);
      expect(result.rows).toBe(N - before);
      expect(await sameRows(accountStats, 'after the resumed job')).toBe(N);
      expect(await accountStats.copyIntoParallel(onEngine(), rows, { connections: 2, checkpoint })).toMatchObject({ rows: 0, skipped: N, committed: [] });

      // Citus' two-phase commit left nothing prepared on the workers.
      const e = inject('engines');
      if ('error' in e) throw new Error(e.error);
      for (const port of e.citusWorkerPorts) {
        const w = new pg.Client({ connectionString: workerUrl(port) });
        await w.connect();
        try {
          const { rows: prepared } = await w.query<{ gid: string }>('SELECT gid FROM pg_prepared_xacts WHERE database = current_database()');
          expect(prepared, `prepared transactions on the worker at ${port}`).toEqual([]);
        } finally {
          await w.end();
        }
      }
    },
  );
});
