/**
 * copyIntoParallel on the real server: the same rows as copyInto, exact committed ranges on
 * every kind of failure, resume from a checkpoint, onConflict, and a bounded read-ahead.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PgTwinParallelCopyError, PgTwinPartitionError, PgTwinValueError, type ParallelCopyProgress, type RowRange } from '@pgtwin/runtime';
import * as ledgers from '../../generated/ledgers.ts';
import * as transactions from '../../generated/transactions.ts';
import { useTestDatabase } from '../support/db.ts';
import { parallelFailure } from '../support/parallel.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const APP = 'pgtwin-parallel-test';
let pool: pg.Pool;

const ledger = (i: number): ledgers.LedgersInsert => ({
  sequence: i,
  hash: Buffer.from(`h${i}`),
  prevHash: Buffer.from([i % 256, 0, 255]),
  closedAt: new Date(Date.UTC(2024, 0, 1) + i * 5003),
  protocolVersion: i % 30,
  transactionCount: i * 7,
  operationCount: i % 1000,
  totalCoins: `${i}${'9'.repeat(i % 30)}`,
  feePool: BigInt(i) * 1_000_000_007n,
});
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ledger(i));
function* syncRows(n: number): Generator<ledgers.LedgersInsert> {
  for (let i = 0; i < n; i++) yield ledger(i);
}
async function* asyncRows(n: number, onRow: (i: number) => void | Promise<void> = () => {}): AsyncGenerator<ledgers.LedgersInsert> {
  for (let i = 0; i < n; i++) {
    await onRow(i);
    yield ledger(i);
  }
}

const COLUMNS = ledgers.insertColumns.map((c) => `"${c}"`).join(', ');
async function tableText(): Promise<string> {
  const { rows } = await db.client.query<{ t: string | null }>(`SELECT string_agg(t::text, E'\\n' ORDER BY sequence) AS t FROM (SELECT ${COLUMNS} FROM ledgers) t`);
  return rows[0]?.t ?? '';
}
async function storedSequences(): Promise<number[]> {
  const { rows } = await db.client.query<{ s: string }>('SELECT sequence AS s FROM ledgers ORDER BY sequence');
  return rows.map((r) => Number(r.s));
}
const rangeRows = (ranges: readonly RowRange[]) => ranges.flatMap((r) => Array.from({ length: r.to - r.from }, (_, k) => r.from + k));

/** What a single copyInto of the first n rows stores, as text. */
const clean = new Map<number, string>();
async function cleanLoad(n: number): Promise<string> {
  let text = clean.get(n);
  if (text === undefined) {
    await db.client.query('TRUNCATE ledgers CASCADE');
    await ledgers.copyInto(db.client, rowsOf(n));
    text = await tableText();
    await db.client.query('TRUNCATE ledgers CASCADE');
    clean.set(n, text);
  }
  return text;
}


/** The error's committed ranges are exactly what the table holds, sorted and disjoint. */
async function expectCommittedIsStored(err: PgTwinParallelCopyError): Promise<void> {
  expect(err.inDoubt).toEqual([]);
  for (let i = 1; i < err.committed.length; i++) expect((err.committed[i] as RowRange).from).toBeGreaterThanOrEqual((err.committed[i - 1] as RowRange).to);
  expect(await storedSequences()).toEqual(rangeRows(err.committed));
}

/** Terminates the backend of one of the pool's connections while it is copying. */
async function terminateOneCopy(): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { rows } = await db.client.query<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query LIKE 'COPY%' AND state = 'active' LIMIT 1",
      [APP],
    );
    if (rows[0]?.ok) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('no COPY of the pool was seen running to terminate');
}

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8'));
  pool = new pg.Pool({ connectionString: db.url, max: 4, application_name: APP, options: '-c TimeZone=UTC' });
  pool.on('error', () => {}); // terminated idle clients
});
afterAll(async () => pool.end());
beforeEach(async () => {
  await db.client.query('TRUNCATE ledgers CASCADE');
  await db.client.query('DROP TABLE IF EXISTS backfill_jobs');
});

describe('copyIntoParallel stores what copyInto stores', () => {
  const N = 5_003;
  it.each([
    ['array, binary, 2 connections', () => rowsOf(N), { connections: 2 }],
    ['array, text, 4 connections', () => rowsOf(N), { connections: 4, format: 'text' as const }],
    ['sync generator, binary, 3 connections', () => syncRows(N), { connections: 3 }],
    ['async generator, binary, 2 connections', () => asyncRows(N), { connections: 2 }],
    ['async generator, text, 1 connection', () => asyncRows(N), { connections: 1, format: 'text' as const }],
  ])('%s', async (_name, input, options) => {
    const expected = await cleanLoad(N);
    const result = await ledgers.copyIntoParallel(pool, input(), { ...options, rowsPerChunk: 700 });
    expect(result.rows).toBe(N);
    expect(result.inserted).toBe(N);
    expect(result.skipped).toBe(0);
    expect(result.connections).toBe(options.connections);
    // 7 full chunks of 700 and one of 103, in input order, covering every row once.
    expect(result.committed).toEqual(Array.from({ length: 8 }, (_, k) => ({ from: k * 700, to: Math.min(N, (k + 1) * 700) })));
    expect(await tableText()).toBe(expected);
  });

  it('a client factory instead of a pool, and an empty input', async () => {
    const factory = async () => {
      const c = new pg.Client({ connectionString: db.url, options: '-c TimeZone=UTC' });
      await c.connect();
      return c;
    };
    expect(await ledgers.copyIntoParallel(factory, [], { connections: 2 })).toEqual({ rows: 0, inserted: 0, skipped: 0, committed: [], connections: 2 });
    const result = await ledgers.copyIntoParallel(factory, asyncRows(N), { connections: 2, rowsPerChunk: 1000 });
    expect(result.rows).toBe(N);
    expect(await tableText()).toBe(await cleanLoad(N));
  });

  it('defaults to the pool size, at most the server cores (read from the server)', async () => {
    const result = await ledgers.copyIntoParallel(pool, rowsOf(100));
    // The test server runs on this machine: its online CPUs are this machine's.
    expect(result.connections).toBe(Math.min(4, os.cpus().length));
    expect(await ledgers.copyIntoParallel(pool, [], { serverCores: 3 })).toMatchObject({ connections: 3 });
  });

  it('reports total rows, rows/s and per-connection progress', async () => {
    const seen: ParallelCopyProgress[] = [];
    await ledgers.copyIntoParallel(pool, rowsOf(N), { connections: 2, rowsPerChunk: 1000, onProgress: (p) => seen.push(p) });
    const last = seen.at(-1) as ParallelCopyProgress;
    expect(last.rows).toBe(N);
    expect(last.committedRows).toBe(N);
    expect(last.totalRows).toBe(N);
    expect(last.rowsPerSecond).toBeGreaterThan(0);
    expect(last.connections).toHaveLength(2);
    expect(last.connections.reduce((n, c) => n + c.rows, 0)).toBe(N);
    expect(last.connections.reduce((n, c) => n + c.chunks, 0)).toBe(6);
    for (let i = 1; i < seen.length; i++) expect((seen[i] as ParallelCopyProgress).committedRows).toBeGreaterThanOrEqual((seen[i - 1] as ParallelCopyProgress).committedRows);
  });
});

describe('failures say exactly what committed', () => {
  it('a bad value in chunk 3: the chunks before it commit, at most one more after it, and the value error names the input row', async () => {
    const rows = rowsOf(10_000);
    rows[1505] = { ...ledger(1505), protocolVersion: 70_000 }; // beyond int2
    const err = await parallelFailure(ledgers.copyIntoParallel(pool, rows, { connections: 2, rowsPerChunk: 500 }));
    expect(err.cause).toBeInstanceOf(PgTwinValueError);
    expect(err.cause).toMatchObject({ table: 'ledgers', column: 'protocol_version', rowIndex: 1505, valueType: 'number' });
    // The chunk was being encoded when row 1505 failed: nothing of it was sent.
    expect(err.failedChunk).toEqual({ from: 1500, to: 1506 });
    const chunks = err.committed.map((r) => r.from / 500);
    // Chunks are taken in input order, and a connection always finishes the chunk it holds.
    expect(chunks.slice(0, 3)).toEqual([0, 1, 2]);
    expect(chunks).not.toContain(3);
    expect(chunks.filter((k) => k > 3).length).toBeLessThanOrEqual(1);
    await expectCommittedIsStored(err);
  });

  it('a server error (duplicate key) in one chunk: the others stop after their current chunk', async () => {
    await ledgers.copyInto(db.client, [ledger(2222)]);
    // The input arrives slowly (as from a network source), so the failure is known before
    // the chunks after the ones in flight are read: those must never be taken.
    const slow = asyncRows(8_000, async (i) => {
      if (i % 400 === 0) await new Promise((r) => setTimeout(r, 30));
    });
    const err = await parallelFailure(ledgers.copyIntoParallel(pool, slow, { connections: 3, rowsPerChunk: 400 }));
    expect(err.cause).toMatchObject({ code: '23505' });
    expect(err.failedChunk).toEqual({ from: 2000, to: 2400 });
    const chunks = err.committed.map((r) => r.from / 400);
    expect(chunks.filter((k) => k > 5).length).toBeLessThanOrEqual(2);
    await db.client.query('DELETE FROM ledgers WHERE sequence = 2222');
    await expectCommittedIsStored(err);
  });

  it('the input iterator throws: the chunks in flight commit, nothing after', async () => {
    const err = await parallelFailure(
      ledgers.copyIntoParallel(
        pool,
        asyncRows(10_000, (i) => {
          if (i === 3_210) throw new Error('source broke');
        }),
        { connections: 2, rowsPerChunk: 500 },
      ),
    );
    expect((err.cause as Error).message).toBe('source broke');
    expect(err.failedChunk).toBeNull();
    // Rows 3000–3209 were read but never formed a whole chunk: not sent.
    expect(err.committed).toEqual(Array.from({ length: 6 }, (_, k) => ({ from: k * 500, to: (k + 1) * 500 })));
    await expectCommittedIsStored(err);
  });

  it('abort signal: the chunks in flight are rolled back, the error lists what committed', async () => {
    const controller = new AbortController();
    const err = await parallelFailure(
      ledgers.copyIntoParallel(
        pool,
        asyncRows(100_000, async (i) => {
          if (i % 200 === 0) await new Promise((r) => setTimeout(r, 1));
          if (i === 4_321) controller.abort();
        }),
        { connections: 2, rowsPerChunk: 1000, signal: controller.signal },
      ),
    );
    expect((err.cause as Error).name).toBe('AbortError');
    expect(err.failedChunk).toBeNull();
    expect(rangeRows(err.committed).length).toBeLessThanOrEqual(4_321);
    await expectCommittedIsStored(err);
    // The pool is usable afterwards.
    expect((await ledgers.copyIntoParallel(pool, [ledger(999_999)], { connections: 2 })).rows).toBe(1);
  });

  it.each([
    ['COPY', 'error' as const],
    // The merge's error has no COPY line: the row is found by its key among the chunk's rows.
    ["onConflict: 'doNothing' (staging merge)", 'doNothing' as const],
  ])('a row that fits no partition (%s): the PgTwinPartitionError names its row in the whole input', async (_name, onConflict) => {
    await db.client.query('DROP TABLE IF EXISTS transactions_default');
    await ledgers.copyInto(db.client, rowsOf(4_000)); // transactions.ledger_sequence references ledgers
    const tx = (i: number): transactions.TransactionsInsert => ({
      id: i,
      hash: Buffer.from(`${i}`.padStart(32, '0')),
      ledgerSequence: i,
      applicationOrder: 0,
      sourceAccount: `GA${i}`,
      accountSequence: i,
      feeCharged: 100,
      maxFee: 1000,
      operationCount: 1,
      successful: true,
      memoType: 'none',
      signatures: [],
      closedAt: i === 2_345 ? '2023-12-31T23:00:00Z' : new Date(Date.UTC(2024, i % 24, 1)),
    });
    const err = await parallelFailure(transactions.copyIntoParallel(pool, Array.from({ length: 4_000 }, (_, i) => tx(i)), { connections: 2, rowsPerChunk: 1000, onConflict }));
    expect(err.cause).toBeInstanceOf(PgTwinPartitionError);
    expect(err.cause).toMatchObject({ table: 'transactions', rowIndex: 2_345, keyValue: '2023-12-31 23:00:00+00' });
    expect(err.failedChunk).toEqual({ from: 2000, to: 3000 });
    const { rows } = await db.client.query<{ id: string }>('SELECT id FROM transactions ORDER BY id');
    expect(rows.map((r) => Number(r.id))).toEqual(rangeRows(err.committed));
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(ledgers.copyIntoParallel(pool, rowsOf(10), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(await storedSequences()).toEqual([]);
  });
});

describe('resume from a checkpoint', () => {
  it('pg_terminate_backend on one connection mid-run, then the same job again: the table equals one clean load, row for row', async () => {
    const N = 30_000;
    const expected = await cleanLoad(N);
    const checkpoint = { table: 'backfill_jobs', job: 'ledgers-2024' };
    let terminating: Promise<void> | undefined;
    const err = await parallelFailure(
      ledgers.copyIntoParallel(
        pool,
        asyncRows(N, async (i) => {
          if (i % 500 === 0) await new Promise((r) => setTimeout(r, 2));
          if (i === 12_000) terminating = terminateOneCopy();
        }),
        { connections: 3, rowsPerChunk: 1000, checkpoint },
      ),
    );
    await terminating;
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.failedChunk).not.toBeNull();
    await expectCommittedIsStored(err);
    expect(err.committed.length).toBeGreaterThan(0);
    const { rows: recorded } = await db.client.query<{ from: string; to: string }>('SELECT first_row AS from, first_row + row_count AS to FROM backfill_jobs WHERE job = $1 ORDER BY first_row', [checkpoint.job]);
    expect(recorded.map((r) => ({ from: Number(r.from), to: Number(r.to) }))).toEqual(err.committed);

    // A different chunk size on the rerun: the chunks fill the gaps between stored ranges.
    const result = await ledgers.copyIntoParallel(pool, asyncRows(N), { connections: 2, rowsPerChunk: 700, checkpoint });
    const before = rangeRows(err.committed).length;
    expect(result.skipped).toBe(before);
    expect(result.rows).toBe(N - before);
    expect(await tableText()).toBe(expected);

    // A third call of the finished job stores nothing.
    expect(await ledgers.copyIntoParallel(pool, asyncRows(N), { checkpoint })).toMatchObject({ rows: 0, skipped: N, committed: [] });
    expect(await tableText()).toBe(expected);
  });

  it('two concurrent calls of one job: the rows are stored once (on a table without a unique key, where nothing else would catch it)', async () => {
    await db.client.query('DROP SCHEMA IF EXISTS keyless CASCADE');
    await db.client.query('CREATE SCHEMA keyless');
    await db.client.query('CREATE TABLE keyless.ledgers (LIKE public.ledgers INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED)');
    const keyless = new pg.Pool({ connectionString: db.url, max: 4, options: '-c TimeZone=UTC -c search_path=keyless' });
    try {
      const checkpoint = { table: 'backfill_jobs', job: 'twice' };
      const runs = await Promise.allSettled([
        ledgers.copyIntoParallel(keyless, asyncRows(6_000), { connections: 2, rowsPerChunk: 500, checkpoint }),
        ledgers.copyIntoParallel(keyless, asyncRows(6_000), { connections: 2, rowsPerChunk: 700, checkpoint }),
      ]);
      const { rows } = await db.client.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT sequence) AS d FROM keyless.ledgers');
      expect(Number(rows[0]?.d)).toBe(Number(rows[0]?.n));
      // One call ran; the other was refused before copying anything, saying why.
      expect(runs.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = runs.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((refused.reason as Error).message).toMatch(/checkpoint job "twice" .*is running/);
      expect(Number(rows[0]?.n)).toBe(6_000);
      // Once the first is done, the job can be called again (and has nothing left to do).
      expect(await ledgers.copyIntoParallel(keyless, asyncRows(6_000), { connections: 2, checkpoint })).toMatchObject({ rows: 0, skipped: 6_000 });
    } finally {
      await keyless.end();
      await db.client.query('DROP SCHEMA keyless CASCADE');
    }
  });

  it('progress counts the rows a checkpoint skips, so rows + skippedRows reaches totalRows', async () => {
    const checkpoint = { table: 'backfill_jobs', job: 'progress' };
    await ledgers.copyIntoParallel(pool, rowsOf(2_000), { connections: 2, rowsPerChunk: 500, checkpoint });
    const seen: ParallelCopyProgress[] = [];
    const result = await ledgers.copyIntoParallel(pool, rowsOf(5_000), { connections: 2, rowsPerChunk: 500, checkpoint, onProgress: (p) => seen.push(p) });
    expect(result).toMatchObject({ rows: 3_000, skipped: 2_000 });
    expect(seen.at(-1)).toMatchObject({ rows: 3_000, committedRows: 3_000, skippedRows: 2_000, totalRows: 5_000 });
  });

  it('a job recorded for another table is refused', async () => {
    await ledgers.copyIntoParallel(pool, rowsOf(10), { checkpoint: { table: 'backfill_jobs', job: 'j' } });
    await db.client.query("UPDATE backfill_jobs SET target = 'balances'");
    await expect(ledgers.copyIntoParallel(pool, rowsOf(10), { checkpoint: { table: 'backfill_jobs', job: 'j' } })).rejects.toThrow(/belongs to table "balances"/);
  });
});

describe('onConflict and backpressure', () => {
  it("onConflict: 'doNothing' skips rows already there, per chunk", async () => {
    const N = 6_000;
    const expected = await cleanLoad(N);
    await ledgers.copyInto(db.client, rowsOf(N).filter((_, i) => i % 3 === 0));
    const result = await ledgers.copyIntoParallel(pool, syncRows(N), { connections: 3, rowsPerChunk: 800, onConflict: 'doNothing' });
    expect(result.rows).toBe(N);
    expect(result.inserted).toBe(N - N / 3);
    expect(await tableText()).toBe(expected);
  });

  it('the input is read at most (connections + 1) chunks ahead of what has committed', async () => {
    const connections = 2;
    const rowsPerChunk = 500;
    let committedRows = 0;
    let worstAhead = 0;
    const result = await ledgers.copyIntoParallel(
      pool,
      asyncRows(20_000, (i) => {
        // i rows were read before this one.
        worstAhead = Math.max(worstAhead, i + 1 - committedRows);
      }),
      { connections, rowsPerChunk, onProgress: (p) => void (committedRows = p.committedRows) },
    );
    expect(result.rows).toBe(20_000);
    expect(worstAhead).toBeLessThanOrEqual((connections + 1) * rowsPerChunk);
    // And it does read ahead: chunks wait for connections, they are not sent one at a time.
    expect(worstAhead).toBeGreaterThan(connections * rowsPerChunk);
  });
});

/** Settles with the promise, or rejects after `ms` (a hang is a failure, not a stuck test). */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('review: failures at COMMIT, shared pools, stalled input', () => {
  it('a server error at COMMIT (a deferred constraint) is a failed chunk, not one in doubt', async () => {
    await db.client.query(`CREATE OR REPLACE FUNCTION refuse_1234() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deferred refusal of %', NEW.sequence USING ERRCODE = '23514'; END $$`);
    await db.client.query('CREATE CONSTRAINT TRIGGER refuse_1234 AFTER INSERT ON ledgers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.sequence = 1234) EXECUTE FUNCTION refuse_1234()');
    try {
      const err = await parallelFailure(ledgers.copyIntoParallel(pool, rowsOf(4_000), { connections: 2, rowsPerChunk: 500 }));
      expect(err.cause).toMatchObject({ code: '23514' });
      expect(err.failedChunk).toEqual({ from: 1000, to: 1500 });
      // The server answered the COMMIT with an ERROR: the chunk was rolled back, nothing is in doubt.
      await expectCommittedIsStored(err);
      expect(rangeRows(err.committed)).not.toContain(1234);
    } finally {
      await db.client.query('DROP TRIGGER refuse_1234 ON ledgers');
    }
  });

  it("extraFields: unknown fields are refused naming the row in the whole input, and 'ignore' lets them through", async () => {
    const rows: ledgers.LedgersInsert[] = rowsOf(3_000);
    rows[2_345] = { ...ledger(2_345), closedAtt: 1 } as ledgers.LedgersInsert;
    const err = await parallelFailure(ledgers.copyIntoParallel(pool, rows, { connections: 2, rowsPerChunk: 1000 }));
    expect(err.cause).toBeInstanceOf(PgTwinValueError);
    expect(err.cause).toMatchObject({ table: 'ledgers', rowIndex: 2_345 });
    expect((err.cause as Error).message).toMatch(/closedAtt/);
    await expectCommittedIsStored(err);
    await db.client.query('TRUNCATE ledgers CASCADE');
    const result = await ledgers.copyIntoParallel(pool, rows, { connections: 2, rowsPerChunk: 1000, extraFields: 'ignore' });
    expect(result.rows).toBe(3_000);
    expect(await tableText()).toBe(await cleanLoad(3_000));
  });
  it('an async input that stalls: abort ends the call, with the committed chunks listed', async () => {
    const controller = new AbortController();
    async function* stalls(): AsyncGenerator<ledgers.LedgersInsert> {
      for (let i = 0; i < 1_500; i++) yield ledger(i);
      await new Promise(() => {}); // a source that never answers again
    }
    setTimeout(() => controller.abort(), 500);
    const err = await parallelFailure(within(10_000, ledgers.copyIntoParallel(pool, stalls(), { connections: 2, rowsPerChunk: 500, signal: controller.signal }), 'aborted copyIntoParallel of a stalled input'));
    expect((err.cause as Error).name).toBe('AbortError');
    expect(err.committed).toEqual([{ from: 0, to: 500 }, { from: 500, to: 1000 }, { from: 1000, to: 1500 }]);
    await expectCommittedIsStored(err);
  });

  it('the connection lost during COMMIT: that chunk is in doubt, the others exact', async () => {
    await db.client.query(`CREATE OR REPLACE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$`);
    await db.client.query('CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON ledgers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.sequence = 1234) EXECUTE FUNCTION slow_commit()');
    try {
      const killing = (async () => {
        for (let attempt = 0; attempt < 1000; attempt++) {
          const { rows } = await db.client.query<{ ok: boolean }>("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND query = 'COMMIT' AND state = 'active' AND clock_timestamp() - query_start > interval '500 ms'", [APP]); // the slow one
          if (rows[0]?.ok) return;
          await new Promise((r) => setTimeout(r, 5));
        }
        throw new Error('no COMMIT of the pool was seen running to terminate');
      })();
      const err = await parallelFailure(ledgers.copyIntoParallel(pool, rowsOf(3_000), { connections: 2, rowsPerChunk: 500 }));
      await killing;
      expect(err.cause).toBeInstanceOf(Error); // the FATAL, or pg's lost-connection error, whichever it reports first
      expect(err.failedChunk).toEqual({ from: 1000, to: 1500 });
      expect(err.inDoubt).toEqual([{ from: 1000, to: 1500 }]);
      const stored = new Set(await storedSequences());
      // Outside the chunk in doubt, the table holds exactly the committed ranges.
      expect([...stored].filter((s) => s < 1000 || s >= 1500)).toEqual(rangeRows(err.committed));
    } finally {
      await db.client.query('DROP TRIGGER slow_commit ON ledgers');
    }
  });

  it('an onProgress that throws after a commit: the copy stops, and the committed chunk is not reported as the failed one', async () => {
    const err = await parallelFailure(
      ledgers.copyIntoParallel(pool, rowsOf(6_000), {
        connections: 2,
        rowsPerChunk: 500,
        onProgress: (p) => {
          if (p.committedRows >= 1_000) throw new Error('progress bar broke');
        },
      }),
    );
    expect((err.cause as Error).message).toBe('progress bar broke');
    if (err.failedChunk) expect(rangeRows(err.committed)).not.toContain(err.failedChunk.from);
    await expectCommittedIsStored(err);
  });

  it('a pool with a client held elsewhere for the whole call: the copy uses the clients it can get, it does not wait forever', async () => {
    const shared = new pg.Pool({ connectionString: db.url, max: 2, options: '-c TimeZone=UTC' });
    const held = await shared.connect(); // e.g. a LISTEN client, or the caller's own transaction
    try {
      const result = await within(15_000, ledgers.copyIntoParallel(shared, rowsOf(3_000), { rowsPerChunk: 500, serverCores: 4 }), 'copyIntoParallel on a pool with one client held');
      expect(result.rows).toBe(3_000);
      expect(result.connections).toBe(1);
      expect(shared.totalCount - shared.idleCount).toBe(1); // only the held client is out
      expect(await tableText()).toBe(await cleanLoad(3_000));
    } finally {
      held.release();
      await shared.end();
    }
  });

});

describe('review 19: chunks handed to a connection while they are still being encoded', () => {
  /** Yields the first `n` rows, then never answers again (a network source that hangs). */
  async function* stallsAfter(n: number): AsyncGenerator<ledgers.LedgersInsert> {
    for (let i = 0; i < n; i++) yield ledger(i);
    await new Promise(() => {});
  }

  it('a connection lost while its chunk waits for rows of a stalled input: the call fails at once, it does not wait for the input', async () => {
    const controller = new AbortController(); // only to end the call if it hangs
    let twoCommitted!: () => void;
    const committedTwo = new Promise<void>((resolve) => (twoCommitted = resolve));
    // Chunks 0–499 and 500–999 commit; chunk 1000– is taken by a connection with 250 rows
    // encoded, and the input stalls: its COPY is the only one running.
    const call = ledgers.copyIntoParallel(pool, stallsAfter(1_250), {
      connections: 2,
      rowsPerChunk: 500,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.committedRows === 1_000) twoCommitted();
      },
    });
    call.catch(() => {});
    try {
      await committedTwo;
      await terminateOneCopy();
      const err = await parallelFailure(within(10_000, call, 'copyIntoParallel after its connection was lost, input stalled'));
      expect(err.cause).toBeInstanceOf(Error);
      expect((err.cause as Error).name).not.toBe('AbortError');
      expect(err.failedChunk).toEqual({ from: 1_000, to: 1_250 });
      expect(err.committed).toEqual([
        { from: 0, to: 500 },
        { from: 500, to: 1_000 },
      ]);
      await expectCommittedIsStored(err);
    } finally {
      controller.abort();
      await call.catch(() => {});
    }
  });
});
