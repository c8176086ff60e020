/**
 * Citus 13.2 (scripts/engines.sh: a coordinator and two workers): the example's tables with
 * the generated schema.sql and distributed.sql: balances and account_stats hash-distributed
 * and co-located, transactions a distributed partitioned table, ledgers a reference table.
 * Every path stores the same rows as plain PostgreSQL with exact counts (Citus' own command
 * tags overcount an INSERT … SELECT; the generated statements count RETURNING rows). Each
 * codegen rule for distributed tables is confronted with the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticLedger } from '../../examples/ledger-ingest/synthetic.ts';
import { introspect } from '../../generator/introspect.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { validateSchema } from '../../generator/validate.ts';
import { verifySchema } from '../../generator/verify.ts';
import { useTestDatabase } from '../support/db.ts';
import * as exampleBalances from '../../generated/balances.ts';
import * as accountStats from './citus/generated/account-stats.ts';
import * as balances from './citus/generated/balances.ts';
import * as ledgers from './citus/generated/ledgers.ts';
import * as transactions from './citus/generated/transactions.ts';
import { firstStage, sameRows, secondStage, type Scenario } from './scenario.ts';
import { runFile, serverError, useCitusDatabase } from './support.ts';

const root = path.resolve(import.meta.dirname, '../..');
const ddl = readFileSync(path.join(root, 'test/engines/citus/generated/schema.sql'), 'utf8');
const distributed = readFileSync(path.join(root, 'test/engines/citus/generated/distributed.sql'), 'utf8');

const plain = useTestDatabase();
const citus = useCitusDatabase(async (c) => {
  // 4 shards per table instead of 32: three nodes on two shared cores.
  await c.query('SET citus.shard_count = 4');
  await c.query(ddl);
  await runFile(c, distributed);
  await plain.client.query(ddl);
  for (const x of [c, plain.client]) expect(await ledgers.copyInto(x, ledgerRows.map((l) => l.ledger))).toBe(460);
});

const seqs = Array.from({ length: 400 }, (_, k) => 1 + k * 4000);
const laterSeqs = Array.from({ length: 60 }, (_, k) => 2001 + k * 4000 * 6);
const ledgerRows = [...seqs, ...laterSeqs].map(syntheticLedger);
const first = ledgerRows.slice(0, seqs.length);
const later = ledgerRows.slice(seqs.length);

const account = (i: number) => `G${String(i % 997).padStart(55, 'A')}`;
const balance = (i: number): balances.BalancesInsert => ({ account: account(i), asset: `ASSET${i}`, balance: `${i}000`, lastModifiedLedger: i, updatedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60)) });
const stat = (i: number): accountStats.AccountStatsInsert => ({ account: `G${String(i).padStart(55, 'B')}`, operationCount: i, feesPaid: `${i}00`, lastSeenLedger: i });

describe('the generated distributed.sql on Citus', () => {
  it('distributes balances and account_stats by hash, co-located; transactions (partitioned) by hash; ledgers is a reference table', async () => {
    const { rows } = await citus.client.query<{ t: string; method: string; column: string | null; colocated_with_balances: boolean; shards: string }>(
      `SELECT logicalrelid::text AS t, partmethod AS method, column_to_column_name(logicalrelid, partkey) AS column,
              colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'balances'::regclass) AS colocated_with_balances,
              (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = p.logicalrelid) AS shards
         FROM pg_dist_partition p WHERE logicalrelid::text IN ('balances', 'account_stats', 'transactions', 'ledgers', 'transactions_2024_01') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { t: 'account_stats', method: 'h', column: 'account', colocated_with_balances: true, shards: '4' },
      { t: 'balances', method: 'h', column: 'account', colocated_with_balances: true, shards: '4' },
      { t: 'ledgers', method: 'n', column: null, colocated_with_balances: false, shards: '1' },
      { t: 'transactions', method: 'h', column: 'closed_at', colocated_with_balances: false, shards: '4' },
      { t: 'transactions_2024_01', method: 'h', column: 'closed_at', colocated_with_balances: false, shards: '4' },
    ]);
  });
});

describe('verify on the Citus coordinator', () => {
  it('finds the tables as declared (shards on the coordinator, of the reference table, are hidden from it)', async () => {
    const ir = validateSchema(await loadSchema({ root, schemaDir: 'test/engines/citus/schema' }));
    expect(verifySchema(ir, await introspect(citus.client))).toEqual([]);
  });
});

const txScenario = (): Scenario<transactions.TransactionsInsert, transactions.TransactionsKey> => ({
  module: transactions,
  rows: first.flatMap((l) => l.transactions),
  later: later.flatMap((l) => l.transactions),
  modify: (r) => ({ ...r, memo: `upserted ${String(r.id)}`, feeCharged: 999, successful: !r.successful }),
  keyOf: (r) => ({ id: r.id, closedAt: r.closedAt }),
  engine: citus.client,
  plain: plain.client,
});

const balanceScenario = (): Scenario<balances.BalancesInsert, balances.BalancesKey> => ({
  module: balances,
  rows: Array.from({ length: 1200 }, (_, i) => balance(i)),
  later: Array.from({ length: 200 }, (_, i) => balance(100_000 + i)),
  // A newer ledger: the upsert's WHERE lets it through.
  modify: (r) => ({ ...r, balance: '1', lastModifiedLedger: Number(r.lastModifiedLedger) + 1_000_000 }),
  keyOf: (r) => ({ account: r.account, asset: r.asset }),
  engine: citus.client,
  plain: plain.client,
});

const statScenario = (): Scenario<accountStats.AccountStatsInsert, accountStats.AccountStatsKey> => ({
  module: accountStats,
  rows: Array.from({ length: 1200 }, (_, i) => stat(i)),
  later: Array.from({ length: 200 }, (_, i) => stat(100_000 + i)),
  modify: (r) => ({ ...r, operationCount: 1, feesPaid: '5', lastSeenLedger: 7_000_000 }),
  keyOf: (r) => ({ account: r.account }),
  engine: citus.client,
  plain: plain.client,
});

describe('every path on Citus, identical rows and exact counts', () => {
  it('transactions (distributed partitioned table, foreign key to a reference table): every path', async () => {
    await firstStage(txScenario());
    await secondStage(txScenario());
  });

  it('balances (distributed, upsert with WHERE): every path', async () => {
    await firstStage(balanceScenario());
    await secondStage(balanceScenario());
  });

  it('account_stats (distributed, co-located with balances, upsert adding to stored values): every path', async () => {
    await firstStage(statScenario());
    await secondStage(statScenario());
  });

  it('an upsert whose WHERE skips rows counts only the rows written, as on PostgreSQL', async () => {
    const older = Array.from({ length: 100 }, (_, i) => ({ ...balance(500 + i), balance: '0', lastModifiedLedger: 0 }));
    const newer = Array.from({ length: 100 }, (_, i) => ({ ...balance(600 + i), balance: '7', lastModifiedLedger: 5_000_000 }));
    for (const c of [citus.client, plain.client]) expect(await balances.batchUpsert(c, [...older, ...newer])).toBe(100);
    await sameRows(balanceScenario() as Scenario<unknown, unknown>, 'after the skipped upsert');
  });

  it('batchInsert of 10,000 rows with 5,000 present returns 5,000, and copyInto onConflict of 10,000 present rows inserts 0 (Citus\' own tag says 10,000)', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => balance(200_000 + i));
    for (const c of [citus.client, plain.client]) {
      expect(await balances.copyInto(c, rows.slice(0, 5000))).toBe(5000);
      expect(await balances.batchInsert(c, rows)).toBe(5000);
      expect(await balances.copyInto(c, rows, { onConflict: 'doNothing' })).toEqual({ copied: 10_000, inserted: 0 });
    }
    await sameRows(balanceScenario() as Scenario<unknown, unknown>, 'after 10,000 rows');
    // Why the generated statements count RETURNING rows: the example's module for the plain
    // table (same table, same columns) sends the bare INSERT … SELECT … ON CONFLICT DO NOTHING,
    // which Citus' coordinator tags with the rows it routed, not the rows stored.
    expect(await exampleBalances.batchInsert(citus.client, rows)).toBe(10_000);
    expect(await exampleBalances.copyInto(citus.client, rows, { onConflict: 'doNothing' })).toEqual({ copied: 10_000, inserted: 10_000 });
    expect(await exampleBalances.batchInsert(plain.client, rows)).toBe(0);
    await sameRows(balanceScenario() as Scenario<unknown, unknown>, 'after the bare statements (nothing stored)');
  });
});

describe('codegen rules for distributed tables, confronted with Citus (statements codegen refuses, sent anyway)', () => {
  const c = () => citus.client;

  it('a key without the distribution column: refused by Citus; a conflict target without it matches no unique index', async () => {
    await c().query('CREATE TABLE r1 (id int8 NOT NULL, tenant int8 NOT NULL, PRIMARY KEY (id))');
    expect(await serverError(c(), "SELECT create_distributed_table('r1', 'tenant')")).toBe('0A000 cannot create constraint on "r1"');
    await c().query('CREATE TABLE r2 (id int8 NOT NULL, tenant int8 NOT NULL, v int, PRIMARY KEY (id, tenant))');
    await c().query("SELECT create_distributed_table('r2', 'tenant')");
    expect(await serverError(c(), 'INSERT INTO r2 VALUES (1, 1, 0) ON CONFLICT (id) DO NOTHING')).toBe('42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification');
    expect(await serverError(c(), 'CREATE UNIQUE INDEX ON r2 (id)')).toMatch(/^0A000 creating unique indexes on non-partition columns is currently unsupported/);
  });

  it('an upsert that updates the distribution column: refused by Citus', async () => {
    await c().query('INSERT INTO r2 VALUES (5, 5, 0)');
    expect(await serverError(c(), 'INSERT INTO r2 VALUES (5, 5, 1) ON CONFLICT (id, tenant) DO UPDATE SET tenant = 7')).toBe('0A000 modifying the partition value of rows is not allowed');
  });

  it('a json distribution column: refused by Citus; array and jsonb: accepted, so codegen accepts them', async () => {
    await c().query('CREATE TABLE r3 (j json NOT NULL); CREATE TABLE r4 (a int8[] NOT NULL, v int); CREATE TABLE r5 (j jsonb NOT NULL)');
    expect(await serverError(c(), "SELECT create_distributed_table('r3', 'j')")).toBe('42704 data type json has no default operator class for specified partition method');
    await c().query("SELECT create_distributed_table('r4', 'a'); SELECT create_distributed_table('r5', 'j')");
    await c().query("INSERT INTO r4 VALUES ('{1,2}', 1), ('{3}', 2); INSERT INTO r5 VALUES ('{\"a\": 1}')");
    expect((await c().query('SELECT count(*)::int AS n FROM r4')).rows[0]).toEqual({ n: 2 });
  });

  it('co-location across distribution column types, or with a table that is not distributed: refused by Citus', async () => {
    await c().query('CREATE TABLE r6 (tenant text NOT NULL); CREATE TABLE r7 (tenant int8 NOT NULL); CREATE TABLE r8 (tenant int8 NOT NULL)');
    expect(await serverError(c(), "SELECT create_distributed_table('r6', 'tenant', colocate_with => 'r2')")).toBe('XX000 cannot colocate tables r2 and r6');
    expect(await serverError(c(), "SELECT create_distributed_table('r7', 'tenant', colocate_with => 'r8')")).toMatch(/^\w{5} relation r8 is not distributed$/);
    // colocateWith naming a reference table (codegen refuses it): the replication models differ.
    await c().query('CREATE TABLE r10 (sequence int8 NOT NULL)');
    expect(await serverError(c(), "SELECT create_distributed_table('r10', 'sequence', colocate_with => 'ledgers')")).toBe('XX000 cannot colocate tables ledgers and r10');
  });

  it('a partitioned reference table (codegen refuses distributeBy: { reference: true } with partitionBy): refused by Citus', async () => {
    await c().query("CREATE TABLE r11 (at timestamptz NOT NULL) PARTITION BY RANGE (at); CREATE TABLE r11_2024 PARTITION OF r11 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    expect(await serverError(c(), "SELECT create_reference_table('r11')")).toBe('0A000 distributing partitioned tables in only supported for hash-distributed tables');
  });

  it('a nullable distribution column (a rule codegen lacked): Citus distributes the table, then refuses every row whose value is NULL', async () => {
    await c().query("CREATE TABLE r9 (id int8 NOT NULL, tenant int8); SELECT create_distributed_table('r9', 'tenant')");
    expect(await serverError(c(), 'INSERT INTO r9 VALUES (1, NULL)')).toBe('22004 cannot perform an INSERT with NULL in the partition column');
    expect(await serverError(c(), 'INSERT INTO r9 SELECT * FROM UNNEST($1::int8[], $2::int8[])', [[1], [null]])).toMatch(/^\w{5} the partition column of table public\.r9 cannot be NULL$/);
  });

  it('a delete key without the distribution column: accepted (a multi-shard DELETE) with the right count, so codegen accepts it', async () => {
    await c().query('INSERT INTO r2 SELECT i, i % 10, 0 FROM generate_series(100, 199) i');
    const { rowCount } = await c().query('DELETE FROM r2 AS d USING UNNEST($1::int8[]) AS k(id) WHERE d.id = k.id', [[100, 101, 102, 99_999]]);
    expect(rowCount).toBe(3);
  });
});
