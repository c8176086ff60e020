import type pg from 'pg';
import * as ledgers from '../generated/ledgers.ts';
import * as balances from '../generated/balances.ts';

/** A stand-in for a ledger hash: 32 bytes, unique per sequence. */
function hashOf(seq: number): Buffer {
  const hash = Buffer.alloc(32);
  hash.writeUInt32BE(seq, 28);
  return hash;
}

/** Backfill: stream history into the table with COPY (binary), reporting progress. */
export async function backfill(client: pg.ClientBase, from: number, to: number): Promise<number> {
  async function* history(): AsyncGenerator<ledgers.LedgersInsert> {
    for (let seq = from; seq <= to; seq++) {
      yield {
        sequence: BigInt(seq),
        hash: hashOf(seq),
        prevHash: hashOf(seq - 1),
        closedAt: new Date(Date.UTC(2024, 0, 1) + seq * 5000),
        protocolVersion: 21,
        transactionCount: 0,
        operationCount: 0,
        totalCoins: '1000000000000000000',
        feePool: 0n,
      };
    }
  }
  return ledgers.copyInto(client, history(), {
    onProgress: ({ rows, bytes }) => console.log(`backfill: ${rows} rows, ${bytes} bytes`),
  });
}

/** Live ingestion: one ledger and its balance changes in the application's transaction. */
export async function ingest(pool: pg.Pool, seq: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await ledgers.batchInsert(client, [
      {
        sequence: BigInt(seq),
        hash: hashOf(seq),
        prevHash: hashOf(seq - 1),
        closedAt: new Date(),
        protocolVersion: 21,
        transactionCount: 1,
        operationCount: 2,
        totalCoins: '1000000000000000000',
        feePool: 100n,
      },
    ]); // ON CONFLICT DO NOTHING: a retried ledger is a no-op
    await balances.batchApply(client, {
      upsert: [{ account: 'GA…', asset: 'native', balance: 9_900n, lastModifiedLedger: seq, updatedAt: new Date() }],
      delete: [{ account: 'GB…', asset: 'USD:GC…' }],
    });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
