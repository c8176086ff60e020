/**
 * batchUpsert, batchDelete, batchApply, copyInto with onConflict, key sorting, backfill
 * pools and multi-table backfills, on a real server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as accountStats from '../../generated/account-stats.ts';
import * as balances from '../../generated/balances.ts';
import * as ledgers from '../../generated/ledgers.ts';
import * as operations from '../../generated/operations.ts';
import * as transactions from '../../generated/transactions.ts';
import { copyTables, createBackfillPool, PgTwinValueError, tableRows } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 15);

async function rowsOf(client: pg.ClientBase, table: string, order: string): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(`SELECT t::text AS t FROM ${table} t ORDER BY ${order}`);
  return rows.map((r) => r.t);
}

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8'));
  // A second copy of the two upsert tables, for the per-row reference loop.
  await db.client.query(`CREATE SCHEMA ref; CREATE TABLE ref.balances (LIKE public.balances INCLUDING ALL); CREATE TABLE ref.account_stats (LIKE public.account_stats INCLUDING ALL)`);
});

beforeEach(async () => {
  await db.client.query('TRUNCATE balances, account_stats, ref.balances, ref.account_stats, ledgers, transactions, operations, state_changes');
});

const account = fc.constantFrom('GA', 'GB', 'GC', 'G\tD', 'GÉ', 'G🦀');
const balanceRow = fc.record({
  account,
  asset: fc.constantFrom('native', 'USD:GA', 'EUR:GB'),
  balance: fc.bigInt({ min: 0n, max: 10n ** 38n }),
  lastModifiedLedger: fc.integer({ min: 1, max: 50 }),
  updatedAt: fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
});

const distinctBalances = fc.uniqueArray(balanceRow, { selector: (r) => `${r.account}|${r.asset}`, maxLength: 25 });

/** The per-row reference: what a hand-written `INSERT … ON CONFLICT DO UPDATE` loop stores. */
async function referenceBalances(client: pg.ClientBase, rows: readonly balances.BalancesInsert[]): Promise<void> {
  for (const r of rows) {
    await client.query(
      `INSERT INTO ref.balances AS b (account, asset, balance, last_modified_ledger, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account, asset) DO UPDATE SET balance = EXCLUDED.balance, last_modified_ledger = EXCLUDED.last_modified_ledger, updated_at = EXCLUDED.updated_at
       WHERE EXCLUDED.last_modified_ledger >= b.last_modified_ledger`,
      [r.account, r.asset, String(r.balance), String(r.lastModifiedLedger), (r.updatedAt as Date).toISOString()],
    );
  }
}

describe('batchUpsert', () => {
  it('R then R′ gives the same table as a per-row INSERT … ON CONFLICT DO UPDATE loop (with its WHERE guard)', async () => {
    await fc.assert(
      fc.asyncProperty(distinctBalances, distinctBalances, async (r1, r2) => {
        await db.client.query('TRUNCATE balances, ref.balances');
        await balances.batchUpsert(db.client, r1);
        await balances.batchUpsert(db.client, r2);
        await referenceBalances(db.client, [...r1, ...r2]);
        expect(await rowsOf(db.client, 'public.balances', 'account, asset')).toEqual(await rowsOf(db.client, 'ref.balances', 'account, asset'));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('adds running totals with SQL expressions, equal to the per-row loop', async () => {
    const statRow = fc.record({ account, operationCount: fc.integer({ min: 0, max: 1000 }), feesPaid: fc.bigInt({ min: 0n, max: 10n ** 30n }), lastSeenLedger: fc.integer({ min: 1, max: 1e6 }) });
    const distinct = fc.uniqueArray(statRow, { selector: (r) => r.account, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(distinct, { minLength: 1, maxLength: 4 }), async (batches) => {
        await db.client.query('TRUNCATE account_stats, ref.account_stats');
        for (const batch of batches) {
          await accountStats.batchUpsert(db.client, batch);
          for (const r of batch) {
            await db.client.query(
              `INSERT INTO ref.account_stats AS s VALUES ($1, $2, $3, $4) ON CONFLICT (account) DO UPDATE SET operation_count = s.operation_count + EXCLUDED.operation_count,
               fees_paid = s.fees_paid + EXCLUDED.fees_paid, last_seen_ledger = GREATEST(s.last_seen_ledger, EXCLUDED.last_seen_ledger)`,
              [r.account, r.operationCount, String(r.feesPaid), r.lastSeenLedger],
            );
          }
        }
        expect(await rowsOf(db.client, 'public.account_stats', 'account')).toEqual(await rowsOf(db.client, 'ref.account_stats', 'account'));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('rejects duplicate keys in one batch when the schema says reject, naming the key, sending nothing', async () => {
    const rows = [
      { account: 'GA', operationCount: 1, feesPaid: 1n, lastSeenLedger: 1 },
      { account: 'GB', operationCount: 1, feesPaid: 1n, lastSeenLedger: 1 },
      { account: 'GA', operationCount: 2, feesPaid: 2n, lastSeenLedger: 2 },
    ];
    const err = await accountStats.batchUpsert(db.client, rows).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgTwinValueError);
    expect(err).toMatchObject({ table: 'account_stats', column: 'account', rowIndex: 2 });
    expect((err as Error).message).toMatch(/duplicate key \(account\) in one batch: rows 0 and 2/);
    expect(await rowsOf(db.client, 'account_stats', 'account')).toEqual([]);
  });

  it('collapses duplicate keys, last row winning, when the schema says lastWins', async () => {
    const at = new Date('2024-01-01T00:00:00Z');
    const n = await balances.batchUpsert(db.client, [
      { account: 'GA', asset: 'x', balance: 1n, lastModifiedLedger: 1, updatedAt: at },
      { account: 'GA', asset: 'x', balance: 2n, lastModifiedLedger: 2, updatedAt: at },
      { account: 'GB', asset: 'x', balance: 3n, lastModifiedLedger: 1, updatedAt: at },
    ]);
    expect(n).toBe(2);
    const { rows } = await db.client.query('SELECT account, balance::text FROM balances ORDER BY account');
    expect(rows).toEqual([{ account: 'GA', balance: '2' }, { account: 'GB', balance: '3' }]);
  });

  it('lastWins collapses before the WHERE guard: the batch\'s last row for a key is the one offered (documented)', async () => {
    const at = new Date('2024-01-01T00:00:00Z');
    // Row by row, ledger 1 after ledger 2 would be refused by the guard; collapsed, only ledger 1 is offered.
    await balances.batchUpsert(db.client, [
      { account: 'GA', asset: 'x', balance: 2n, lastModifiedLedger: 2, updatedAt: at },
      { account: 'GA', asset: 'x', balance: 1n, lastModifiedLedger: 1, updatedAt: at },
    ]);
    const { rows } = await db.client.query('SELECT balance::text FROM balances');
    expect(rows).toEqual([{ balance: '1' }]);
  });
});

describe('batchDelete and batchApply', () => {
  const at = new Date('2024-01-01T00:00:00Z');
  const b = (account: string, asset: string, balance: bigint) => ({ account, asset, balance, lastModifiedLedger: 1, updatedAt: at });

  it('deletes by composite key and by single key in one statement, returning the count', async () => {
    await balances.batchUpsert(db.client, [b('GA', 'x', 1n), b('GA', 'y', 2n), b('GB', 'x', 3n)]);
    expect(await balances.batchDelete(db.client, [{ account: 'GA', asset: 'y' }, { account: 'GB', asset: 'x' }, { account: 'GZ', asset: 'x' }])).toBe(2);
    expect(await rowsOf(db.client, 'balances', 'account, asset')).toEqual(['(GA,x,1,1,"2024-01-01 00:00:00+00")']);
    await accountStats.batchUpsert(db.client, [{ account: 'GA', operationCount: 1, feesPaid: 1n, lastSeenLedger: 1 }]);
    expect(await accountStats.batchDelete(db.client, [{ account: 'GA' }, { account: 'GA' }])).toBe(1);
    expect(await accountStats.batchDelete(db.client, [])).toBe(0);
  });

  it('batchApply gives the same table as upsert then delete, in one statement', async () => {
    const keys = fc.record({ account, asset: fc.constantFrom('x', 'y', 'z') });
    await fc.assert(
      fc.asyncProperty(distinctBalances, distinctBalances, fc.array(keys, { maxLength: 8 }), async (initial, ups, dels) => {
        const deleting = new Set(dels.map((k) => `${k.account}|${k.asset}`));
        const upserts = ups.filter((r) => !deleting.has(`${r.account}|${r.asset}`));
        await db.client.query('TRUNCATE balances, ref.balances');
        await balances.batchUpsert(db.client, initial);
        await db.client.query('INSERT INTO ref.balances SELECT * FROM balances');
        const result = await balances.batchApply(db.client, { upsert: upserts, delete: dels });
        await balances.batchUpsert(db.client, []);
        await referenceBalances(db.client, upserts);
        const deleted = await db.client.query('DELETE FROM ref.balances r USING unnest($1::text[], $2::text[]) k(a, s) WHERE r.account = k.a AND r.asset = k.s', [dels.map((k) => k.account), dels.map((k) => k.asset)]);
        expect(result.deleted).toBe(deleted.rowCount);
        expect(await rowsOf(db.client, 'public.balances', 'account, asset')).toEqual(await rowsOf(db.client, 'ref.balances', 'account, asset'));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('batchApply refuses a key that is both upserted and deleted, before sending anything', async () => {
    await balances.batchUpsert(db.client, [b('GA', 'x', 1n)]);
    const err = await balances.batchApply(db.client, { upsert: [b('GB', 'x', 5n), b('GA', 'x', 9n)], delete: [{ account: 'GA', asset: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgTwinValueError);
    expect(err).toMatchObject({ table: 'balances', column: 'account, asset', rowIndex: 1 });
    expect(await rowsOf(db.client, 'balances', 'account')).toEqual(['(GA,x,1,1,"2024-01-01 00:00:00+00")']);
  });
});

describe('copyInto with onConflict: doNothing', () => {
  const ledger = (seq: number) => ({
    sequence: seq,
    hash: Buffer.from([seq % 256, 1, 2]),
    prevHash: Buffer.from([0]),
    closedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, seq)),
    protocolVersion: 20,
    transactionCount: 1,
    operationCount: 2,
    totalCoins: '100',
    feePool: 7n,
  });

  it('gives the same table as batchInsert on the same overlapping input, and reports copied and inserted', async () => {
    const first = Array.from({ length: 100 }, (_, i) => ledger(i + 1));
    const second = Array.from({ length: 100 }, (_, i) => ledger(i + 51)); // 50 overlap
    for (const format of ['binary', 'text'] as const) {
      await db.client.query('TRUNCATE ledgers CASCADE');
      expect(await ledgers.copyInto(db.client, first, { onConflict: 'doNothing', format })).toEqual({ copied: 100, inserted: 100 });
      expect(await ledgers.copyInto(db.client, second, { onConflict: 'doNothing', format })).toEqual({ copied: 100, inserted: 50 });
      const viaCopy = await rowsOf(db.client, 'ledgers', 'sequence');
      await db.client.query('TRUNCATE ledgers CASCADE');
      await ledgers.batchInsert(db.client, first);
      await ledgers.batchInsert(db.client, second);
      expect(viaCopy.map((r) => r.replace(/,"[^"]*"\)$/, ')'))).toEqual((await rowsOf(db.client, 'ledgers', 'sequence')).map((r) => r.replace(/,"[^"]*"\)$/, ')')));
      expect(viaCopy).toHaveLength(150);
    }
  });

  it('runs inside the caller\'s transaction under a savepoint, leaving it usable after a failure', async () => {
    const c = db.client;
    await c.query('BEGIN');
    try {
      expect(await ledgers.copyInto(c, [ledger(1)], { onConflict: 'doNothing' })).toEqual({ copied: 1, inserted: 1 });
      const bad = [ledger(2), { ...ledger(3), protocolVersion: 1.5 }];
      await expect(ledgers.copyInto(c, bad, { onConflict: 'doNothing' })).rejects.toBeInstanceOf(PgTwinValueError);
      expect(await ledgers.copyInto(c, [ledger(1), ledger(4)], { onConflict: 'doNothing' })).toEqual({ copied: 2, inserted: 1 });
    } finally {
      await c.query('ROLLBACK');
    }
    expect(await rowsOf(c, 'ledgers', 'sequence')).toEqual([]);
  });

  it('a plain COPY that hits a duplicate fails with the server\'s unique violation, and the retry with onConflict succeeds', async () => {
    await ledgers.copyInto(db.client, [ledger(1)]);
    for (const format of ['binary', 'text'] as const) {
      // The server's CONTEXT names line N for row N-1 (0-based), in both formats (as the README says).
      await expect(ledgers.copyInto(db.client, [ledger(2), ledger(3), ledger(1)], { format })).rejects.toMatchObject({ code: '23505', where: expect.stringMatching(/^COPY ledgers, line 3\b/) });
    }
    expect(await ledgers.copyInto(db.client, [ledger(2), ledger(1)], { onConflict: 'doNothing' })).toEqual({ copied: 2, inserted: 1 });
  });
});

describe('key order for concurrent writers', () => {
  it('sorts rows by key so concurrent upserts of the same keys in different orders do not deadlock', async () => {
    const at = new Date('2024-01-01T00:00:00Z');
    const keys = Array.from({ length: 400 }, (_, i) => ({ account: `G${i}`, asset: 'x', balance: BigInt(i), lastModifiedLedger: 1, updatedAt: at }));
    const writers = await Promise.all(Array.from({ length: 4 }, () => db.connect()));
    const shuffled = (seed: number) => [...keys].sort((a, b) => ((a.account.length * 31 + seed * Number(a.balance)) % 97) - ((b.account.length * 31 + seed * Number(b.balance)) % 97));
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        writers.map(async (w, i) => {
          await w.query('BEGIN');
          await balances.batchUpsert(w, i % 2 ? [...keys].reverse() : shuffled(i + round));
          await balances.batchInsert(w, shuffled(round));
          await w.query('COMMIT');
        }),
      );
    }
    expect(await rowsOf(db.client, 'balances', 'account')).toHaveLength(400);
  });

  it('keeps the caller\'s order with sort: false', async () => {
    const at = new Date('2024-01-01T00:00:00Z');
    const rows = ['GC', 'GA', 'GB'].map((account, i) => ({ account, asset: 'x', balance: BigInt(i), lastModifiedLedger: 1, updatedAt: at }));
    await db.client.query('CREATE TEMP TABLE seen (n serial, account text); CREATE FUNCTION pg_temp.log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO seen (account) VALUES (NEW.account); RETURN NEW; END $$');
    await db.client.query('CREATE TRIGGER log BEFORE INSERT ON balances FOR EACH ROW EXECUTE FUNCTION pg_temp.log()');
    try {
      await balances.batchInsert(db.client, rows, { sort: false });
      await db.client.query('TRUNCATE balances');
      await balances.batchInsert(db.client, rows);
      const { rows: seen } = await db.client.query<{ account: string }>('SELECT account FROM seen ORDER BY n');
      expect(seen.map((r) => r.account)).toEqual(['GC', 'GA', 'GB', 'GA', 'GB', 'GC']);
    } finally {
      await db.client.query('DROP TRIGGER log ON balances; DROP TABLE seen');
    }
  });
});

describe('backfill sessions', () => {
  it('opens connections with synchronous_commit=off and session_replication_role=replica', async () => {
    const pool = await createBackfillPool({ connectionString: db.url, max: 2 });
    try {
      const { rows } = await pool.query("SELECT current_setting('synchronous_commit') AS sc, current_setting('session_replication_role') AS srr");
      expect(rows[0]).toEqual({ sc: 'off', srr: 'replica' });
    } finally {
      await pool.end();
    }
  });

  it('keeps its settings when the connection string carries options of its own', async () => {
    const url = new URL(db.url);
    url.searchParams.set('options', '-c application_name=myapp');
    const pool = await createBackfillPool({ connectionString: url.toString(), max: 1 });
    try {
      const { rows } = await pool.query("SELECT current_setting('synchronous_commit') AS sc, current_setting('session_replication_role') AS srr, current_setting('application_name') AS app");
      expect(rows[0]).toEqual({ sc: 'off', srr: 'replica', app: 'myapp' });
    } finally {
      await pool.end();
    }
  });

  it('warns once, and still works, where the role may not set session_replication_role', async () => {
    const role = `pgtwin_nosuper_${Math.random().toString(36).slice(2, 8)}`;
    await db.client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'pw';
    const onWarning = vi.fn();
    const pool = await createBackfillPool({ connectionString: url.toString(), max: 2, onWarning });
    try {
      const [a, b] = await Promise.all([pool.connect(), pool.connect()]);
      const { rows } = await a.query("SELECT current_setting('synchronous_commit') AS sc, current_setting('session_replication_role') AS srr");
      expect(rows[0]).toEqual({ sc: 'off', srr: 'origin' });
      a.release();
      b.release();
      expect(onWarning).toHaveBeenCalledTimes(1);
      expect(onWarning.mock.calls[0]?.[0]).toMatch(/could not SET session_replication_role = replica \(permission denied/);
    } finally {
      await pool.end();
      await db.client.query(`DROP ROLE ${role}`);
    }
  });
});

describe('multi-table backfill', () => {
  const at = '2024-05-01T00:00:00.000001Z';
  const l = { sequence: 1, hash: Buffer.from([1]), prevHash: Buffer.from([0]), closedAt: at, protocolVersion: 20, transactionCount: 1, operationCount: 1, totalCoins: '1', feePool: '0' };
  const t = { id: 10, hash: Buffer.from([2]), ledgerSequence: 1, applicationOrder: 1, sourceAccount: 'GA', accountSequence: 5, feeCharged: 100, maxFee: 200, operationCount: 1, successful: true, memoType: 'text', signatures: ['sig'], closedAt: at };
  const o = { id: 100, transactionId: 10, applicationOrder: 1, type: 'payment' as const, details: { to: 'GB' }, closedAt: at };

  it('copies parents before children whatever the order given, in one transaction', async () => {
    const counts = await copyTables(db.client, [tableRows(operations, [o]), tableRows(transactions, [t]), tableRows(ledgers, [l])]);
    expect(counts).toEqual({ ledgers: 1, transactions: 1, operations: 1 });
    expect(await rowsOf(db.client, 'operations', 'id')).toHaveLength(1);
  });

  it('is all or nothing: a bad row in the last table leaves every table empty', async () => {
    const err = await copyTables(db.client, [tableRows(ledgers, [l]), tableRows(transactions, [t]), tableRows(operations, [{ ...o, type: 'nope' as 'payment' }])]).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PgTwinValueError', table: 'operations', column: 'type' });
    for (const table of ['ledgers', 'transactions', 'operations']) expect(await rowsOf(db.client, table, '1'), table).toEqual([]);
  });
});
