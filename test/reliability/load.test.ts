/**
 * Load: 8 concurrent writers with overlapping keys, 1 million rows in total through
 * batchInsert, batchUpsert and batchApply: no deadlock, no duplicate row, exact counts and
 * sums. Figures go to docs/reliability.md (timings printed, never asserted).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accountStats from '../../generated/account-stats.ts';
import * as balances from '../../generated/balances.ts';
import * as ledgers from '../../generated/ledgers.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const WRITERS = 8;
const TOTAL = Number(process.env.LOAD_ROWS ?? 1_000_000);
const BATCH = 5_000;
let pool: pg.Pool;

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8'));
  pool = new pg.Pool({ connectionString: db.url, max: WRITERS });
});
afterAll(async () => pool.end());

/** Runs `batches` batches per writer, each in its own transaction, all writers at once. */
async function concurrently(batchesPerWriter: number, work: (client: pg.PoolClient, writer: number, batch: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const client = await pool.connect();
      try {
        for (let b = 0; b < batchesPerWriter; b++) {
          await client.query('BEGIN');
          await work(client, w, b);
          await client.query('COMMIT');
        }
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

describe(`load: ${WRITERS} writers, ${TOTAL} rows`, () => {
  it('batchInsert with overlapping keys: every key once, no deadlock', async () => {
    // Writers cover the key space with a 50% overlap between neighbours, in different orders.
    const keys = TOTAL / 2;
    const batches = Math.ceil(TOTAL / WRITERS / BATCH);
    let sent = 0;
    const seconds = await concurrently(batches, async (client, w, b) => {
      const start = ((w * keys) / WRITERS + b * BATCH * 0.5) % keys;
      const rows = Array.from({ length: BATCH }, (_, i) => {
        const seq = ((start + (w % 2 ? BATCH - i : i)) % keys) + 1;
        return { sequence: seq, hash: Buffer.from(String(seq)), prevHash: Buffer.from([0]), closedAt: new Date(Date.UTC(2024, 0, 1) + seq), protocolVersion: 20, transactionCount: 1, operationCount: seq % 7, totalCoins: String(seq), feePool: 0 };
      });
      sent += rows.length;
      await ledgers.batchInsert(client, rows);
    });
    const { rows } = await db.client.query<{ n: number; distinct_n: number; ops: string; seqs: string }>(
      'SELECT count(*)::int AS n, count(DISTINCT sequence)::int AS distinct_n, sum(operation_count)::text AS ops, sum(sequence)::text AS seqs FROM ledgers',
    );
    const stored = rows[0]!;
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(stored.n).toBe(stored.distinct_n);
    // Each stored row is exactly the row for its key.
    const { rows: wrong } = await db.client.query('SELECT count(*)::int AS n FROM ledgers WHERE operation_count <> sequence % 7 OR total_coins <> sequence');
    expect(wrong[0]).toEqual({ n: 0 });
    console.log(`load: batchInsert ${sent} rows from ${WRITERS} writers in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)} rows/s), ${stored.n} distinct keys stored`);
  });

  it('batchUpsert of running totals with overlapping keys: exact sums, no deadlock', async () => {
    const accounts = 20_000;
    const perWriter = Math.ceil(TOTAL / 2 / WRITERS / BATCH);
    let expectedOps = 0n;
    let expectedFees = 0n;
    const seconds = await concurrently(perWriter, async (client, w, b) => {
      // One batch touches BATCH distinct accounts (running totals reject duplicates), shifted per writer and batch.
      const rows = Array.from({ length: BATCH }, (_, i) => {
        const acct = (i * 3 + w * 7919 + b * 104729) % accounts;
        return { account: `G${acct}`, operationCount: 1 + (i % 3), feesPaid: BigInt(100 + w), lastSeenLedger: b };
      });
      const unique = [...new Map(rows.map((r) => [r.account, r])).values()];
      for (const r of unique) {
        expectedOps += BigInt(r.operationCount);
        expectedFees += r.feesPaid;
      }
      await accountStats.batchUpsert(client, unique);
    });
    const { rows } = await db.client.query<{ ops: string; fees: string; n: number }>('SELECT sum(operation_count)::text AS ops, sum(fees_paid)::text AS fees, count(*)::int AS n FROM account_stats');
    expect(rows[0]?.ops).toBe(String(expectedOps));
    expect(rows[0]?.fees).toBe(String(expectedFees));
    expect(rows[0]?.n).toBeLessThanOrEqual(accounts);
    console.log(`load: batchUpsert running totals, ${WRITERS} writers in ${seconds.toFixed(1)} s; sums exact`);
  });

  it('batchApply (upserts and deletes in one statement) with overlapping keys: exact final state, no deadlock', async () => {
    const accounts = 20_000;
    const rounds = Math.ceil(TOTAL / 4 / WRITERS / BATCH);
    const perBatch = 1_000;
    const doomed = (WRITERS / 2) * rounds * perBatch;
    await db.client.query('TRUNCATE account_stats');
    // Rows to delete, each deleted by two writers (overlapping deletes).
    await db.client.query(`INSERT INTO account_stats SELECT 'D' || g, 1, 1, 1 FROM generate_series(0, ${doomed - 1}) g`);
    let expectedOps = 0n;
    let deleted = 0;
    const seconds = await concurrently(rounds, async (client, w, b) => {
      const upsert = Array.from({ length: BATCH }, (_, i) => ({ account: `G${(i * 7 + w * 1009 + b * 7919) % accounts}`, operationCount: 1 + (i % 5), feesPaid: 1n, lastSeenLedger: b }));
      const unique = [...new Map(upsert.map((r) => [r.account, r])).values()];
      for (const r of unique) expectedOps += BigInt(r.operationCount);
      const del = Array.from({ length: perBatch }, (_, i) => ({ account: `D${((w % (WRITERS / 2)) * rounds + b) * perBatch + i}` }));
      const r = await accountStats.batchApply(client, { upsert: unique, delete: del });
      deleted += r.deleted;
    });
    const { rows } = await db.client.query<{ d: number; ops: string }>(
      `SELECT count(*) FILTER (WHERE account LIKE 'D%')::int AS d, sum(operation_count) FILTER (WHERE account LIKE 'G%')::text AS ops FROM account_stats`,
    );
    expect(rows[0]?.d).toBe(0);
    expect(deleted).toBe(doomed); // each doomed row counted once, though two writers deleted it
    expect(rows[0]?.ops).toBe(String(expectedOps));
    console.log(`load: batchApply ${WRITERS} writers × ${rounds} rounds in ${seconds.toFixed(1)} s; sums exact, ${doomed} overlapping deletes counted once`);
  });
});
