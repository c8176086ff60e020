/**
 * Faults during COPY and batches: each ends with zero partial rows and a pool that still works.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as ledgers from '../../generated/ledgers.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
let pool: pg.Pool;

const ledger = (seq: number): ledgers.LedgersInsert => ({
  sequence: seq,
  hash: Buffer.from(String(seq)),
  prevHash: Buffer.from([0]),
  closedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, 0, seq)),
  protocolVersion: 20,
  transactionCount: 1,
  operationCount: 1,
  totalCoins: '1',
  feePool: '0',
});

/** An endless row source that lets the test act once `after` rows have been produced. */
async function* slowRows(after: number, act: () => void): AsyncGenerator<ledgers.LedgersInsert> {
  for (let i = 0; ; i++) {
    if (i === after) act();
    if (i % 500 === 0) await new Promise((r) => setTimeout(r, 5));
    yield ledger(i + 1);
  }
}

async function count(): Promise<number> {
  const { rows } = await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM ledgers');
  return rows[0]?.n ?? -1;
}

async function poolWorks(): Promise<void> {
  const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
  expect(rows[0]?.ok).toBe(1);
  expect(await ledgers.batchInsert(pool, [ledger(1_000_000)])).toBe(1);
  await db.client.query('TRUNCATE ledgers CASCADE');
}

/** Runs `work` with a pooled client, releasing it as broken when it failed (as applications should). */
async function withPooled<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  // pg emits 'error' on a client whose connection dies; a checked-out client needs a listener.
  const onError = () => {};
  c.on('error', onError);
  try {
    const r = await work(c);
    c.off('error', onError);
    c.release();
    return r;
  } catch (err) {
    c.release(err as Error);
    throw err;
  }
}

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8'));
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  pool.on('error', () => {}); // terminated idle clients
});
afterAll(async () => pool.end());
beforeEach(async () => db.client.query('TRUNCATE ledgers CASCADE'));

async function pidOf(c: pg.ClientBase): Promise<number> {
  const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0]?.pid as number;
}

describe('faults', () => {
  it("the caller's iterator throws mid-COPY", async () => {
    for (const format of ['binary', 'text'] as const) {
      await expect(
        withPooled((c) =>
          ledgers.copyInto(
            c,
            slowRows(20_000, () => {
              throw new Error('source broke');
            }),
            { format },
          ),
        ),
      ).rejects.toThrow('source broke');
      expect(await count()).toBe(0);
    }
    await poolWorks();
  });

  it('the server terminates the backend mid-COPY', async () => {
    await expect(
      withPooled(async (c) => {
        const pid = await pidOf(c);
        return ledgers.copyInto(c, slowRows(30_000, () => void db.client.query('SELECT pg_terminate_backend($1)', [pid])));
      }),
    ).rejects.toThrow(/terminat|Connection terminated|closed/i);
    expect(await count()).toBe(0);
    await poolWorks();
  });

  it('the server terminates the backend mid-batch (blocked on a conflicting key)', async () => {
    const holder = await db.connect();
    await holder.query('BEGIN');
    await ledgers.batchInsert(holder, [ledger(5000)]);
    const rows = Array.from({ length: 10_000 }, (_, i) => ledger(i + 1));
    const run = withPooled(async (c) => {
      const pid = await pidOf(c);
      setTimeout(() => void db.client.query('SELECT pg_terminate_backend($1)', [pid]), 300);
      return ledgers.batchInsert(c, rows);
    });
    await expect(run).rejects.toThrow(/terminat/i);
    await holder.query('ROLLBACK');
    expect(await count()).toBe(0);
    await poolWorks();
  });

  it('statement_timeout fires during COPY and during a batch', async () => {
    await expect(
      withPooled(async (c) => {
        await c.query("SET statement_timeout = '300ms'");
        try {
          return await ledgers.copyInto(c, slowRows(-1, () => {}), { format: 'text' });
        } finally {
          await c.query('RESET statement_timeout').catch(() => {});
        }
      }),
    ).rejects.toMatchObject({ code: '57014' });
    expect(await count()).toBe(0);

    const holder = await db.connect();
    await holder.query('BEGIN');
    await ledgers.batchInsert(holder, [ledger(7)]);
    await expect(
      withPooled(async (c) => {
        await c.query("SET statement_timeout = '300ms'");
        try {
          return await ledgers.batchInsert(c, Array.from({ length: 1000 }, (_, i) => ledger(i + 1)));
        } finally {
          await c.query('RESET statement_timeout');
        }
      }),
    ).rejects.toMatchObject({ code: '57014' });
    await holder.query('ROLLBACK');
    expect(await count()).toBe(0);
    await poolWorks();
  });

  it('the client destroys its connection mid-stream', async () => {
    await expect(
      withPooled((c) =>
        ledgers.copyInto(
          c,
          slowRows(25_000, () => (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy()),
        ),
      ),
    ).rejects.toThrow();
    expect(await count()).toBe(0);
    await poolWorks();
  });

  it('a unique violation during plain COPY fails clearly; the retry with onConflict succeeds', async () => {
    await ledgers.batchInsert(pool, [ledger(3)]);
    await expect(withPooled((c) => ledgers.copyInto(c, [ledger(1), ledger(2), ledger(3), ledger(4)]))).rejects.toMatchObject({
      code: '23505',
      where: expect.stringMatching(/COPY ledgers, line 3/),
    });
    expect(await count()).toBe(1);
    expect(await withPooled((c) => ledgers.copyInto(c, [ledger(1), ledger(2), ledger(3), ledger(4)], { onConflict: 'doNothing' }))).toEqual({ copied: 4, inserted: 3 });
    expect(await count()).toBe(4);
    await db.client.query('TRUNCATE ledgers CASCADE');
    await poolWorks();
  });
});
