/**
 * Every generated path on partitioned tables, on a real server: the example's monthly
 * `transactions` (24 declared months and a default partition) and the golden `events` table
 * (range with MINVALUE/MAXVALUE ends, upsert and delete key). COPY binary, COPY text,
 * batchInsert and plain INSERT store the same rows; a row that fits no partition fails with
 * a PgTwinPartitionError naming table, row and key value, and nothing is stored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as transactions from '../../generated/transactions.ts';
import * as events from '../golden/partitioned/expected/events.ts';
import { PgTwinPartitionError, partitionErrorFrom } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const SCHEMAS = ['s_bin', 's_text', 's_unnest', 's_plain', 's_merge', 's_nodefault'];

/** Transaction i: closed in month i % 26 from 2024-01 (24 declared months, then 2026 into the default partition). */
function tx(i: number): transactions.TransactionsInsert {
  const month = i % 26;
  return {
    id: BigInt(1000 + i),
    hash: Buffer.alloc(32, i % 256),
    ledgerSequence: 50_000_000 + i,
    applicationOrder: i % 7,
    sourceAccount: `GA${i}\t"q"`,
    accountSequence: `${2n ** 62n + BigInt(i)}`,
    feeCharged: 100,
    maxFee: 10_000n,
    operationCount: i % 100,
    successful: i % 3 !== 0,
    memoType: i % 2 ? 'text' : 'none',
    memo: i % 5 === 0 ? null : `memo \\N ${i}`,
    signatures: i % 4 === 0 ? [] : ['sig,1', null, '{}'],
    resultMeta: i % 2 ? { fee: i, ok: true } : null,
    closedAt: new Date(Date.UTC(2024, month, 1 + (i % 28), i % 24, 0, 0, i % 1000)),
  };
}

/** One plain parameterised INSERT per row, with node-postgres' own value serialisation. */
async function plainInsert(c: pg.Client, rows: readonly transactions.TransactionsInsert[]): Promise<void> {
  const cols = transactions.insertColumns.map((n) => `"${n}"`).join(', ');
  const params = transactions.insertColumns.map((_, i) => `$${i + 1}`).join(', ');
  for (const r of rows) {
    await c.query(`INSERT INTO transactions (${cols}) VALUES (${params})`, [
      String(r.id), r.hash, String(r.ledgerSequence), r.applicationOrder, r.sourceAccount, String(r.accountSequence), String(r.feeCharged), String(r.maxFee),
      r.operationCount, r.successful, r.memoType, r.memo ?? null, r.signatures, r.resultMeta == null ? null : JSON.stringify(r.resultMeta), r.closedAt,
    ]);
  }
}

async function tableText(c: pg.Client, table: string): Promise<string[]> {
  const cols = transactions.insertColumns.map((n) => `"${n}"`).join(', ');
  const { rows } = await c.query<{ t: string }>(`SELECT ROW(${cols})::text AS t FROM ${table} ORDER BY id, closed_at`);
  return rows.map((r) => r.t);
}

async function count(c: pg.Client, table: string): Promise<number> {
  return Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
}

beforeAll(async () => {
  const ddl = readFileSync(path.join(root, 'generated/schema.sql'), 'utf8');
  // The hypertables' TimescaleDB options need the extension (test/engines covers them).
  const events = readFileSync(path.join(root, 'test/golden/partitioned/expected/schema.sql'), 'utf8').replace(/\) WITH \(\s*tsdb\.[^;]*\);/g, ');');
  for (const m of [...(ddl.match(/CREATE TYPE[^;]*;/g) ?? []), ...(events.match(/CREATE TYPE[^;]*;/g) ?? [])]) await db.client.query(m);
  for (const s of SCHEMAS) {
    await db.client.query(`CREATE SCHEMA ${s}`);
    await db.client.query(`SET search_path = ${s}, public`);
    // Enums live in public, created once; foreign keys left out so each table loads alone.
    await db.client.query(ddl.replace(/CREATE TYPE[^;]*;/g, '').replace(/ REFERENCES "[^"]+" \("[^"]+"\)/g, ''));
    await db.client.query(events.replace(/CREATE TYPE[^;]*;/g, '').replace(/ REFERENCES "[^"]+" \("[^"]+"\)/g, ''));
  }
  // No default partition and no open-ended events partitions: rows outside the declared months fail.
  await db.client.query('DROP TABLE s_nodefault.transactions_default, s_nodefault.events_old, s_nodefault.events_future');
  await db.client.query('RESET search_path');
});

beforeEach(async () => {
  await db.client.query('RESET search_path');
});

describe('every path on a partitioned table', () => {
  const rows = Array.from({ length: 260 }, (_, i) => tx(i));

  it('copyInto binary, copyInto text, batchInsert and plain INSERT store identical rows across 25 partitions', async () => {
    const c = db.client;
    await c.query('SET search_path = s_bin, public');
    expect(await transactions.copyInto(c, rows)).toBe(260);
    await c.query('SET search_path = s_text, public');
    expect(await transactions.copyInto(c, rows, { format: 'text' })).toBe(260);
    await c.query('SET search_path = s_unnest, public');
    expect(await transactions.batchInsert(c, rows)).toBe(260);
    expect(await transactions.batchInsert(c, rows), 'ON CONFLICT (id, closed_at) DO NOTHING on retry').toBe(0);
    await c.query('SET search_path = s_plain, public');
    await plainInsert(c, rows);

    const expected = await tableText(c, 's_plain.transactions');
    expect(expected).toHaveLength(260);
    for (const s of ['s_bin', 's_text', 's_unnest']) expect(await tableText(c, `${s}.transactions`), s).toEqual(expected);

    // Spread: every declared month holds rows, and 2026 went to the default partition.
    const { rows: spread } = await c.query<{ part: string; n: string }>('SELECT tableoid::regclass::text AS part, count(*) AS n FROM s_bin.transactions GROUP BY 1 ORDER BY 1');
    expect(spread.length).toBe(25);
    expect(spread.map((r) => r.part)).toContain('s_bin.transactions_default');
    expect(spread.find((r) => r.part === 's_bin.transactions_2024_01')?.n).toBe('10');
  });

  it('copyInto with onConflict merges through the staging table into the partitions', async () => {
    const c = db.client;
    await c.query('SET search_path = s_merge, public');
    expect(await transactions.copyInto(c, rows.slice(0, 100), { onConflict: 'doNothing' })).toEqual({ copied: 100, inserted: 100 });
    expect(await transactions.copyInto(c, rows, { onConflict: 'doNothing', format: 'text' })).toEqual({ copied: 260, inserted: 160 });
    expect(await tableText(c, 's_merge.transactions')).toEqual(await tableText(c, 's_bin.transactions'));
  });

  it('batchUpsert, batchDelete and batchApply work across partitions (the partition column is in every key)', async () => {
    const c = db.client;
    await c.query('SET search_path = s_bin, public');
    const at = ['2023-06-01T00:00:00Z', '2024-03-01T00:00:00Z', '2024-09-01T00:00:00Z', '2030-01-01T00:00:00Z'];
    const ev = (id: number, v: number) => ({ id, at: at[id % 4] as string, payload: { v } });
    expect(await events.batchInsert(c, [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ev(i, 0)))).toBe(8);
    const { rows: parts } = await c.query<{ n: string }>('SELECT count(DISTINCT tableoid) AS n FROM events');
    expect(parts[0]?.n).toBe('4');
    expect(await events.batchUpsert(c, [ev(0, 1), ev(5, 1), ev(8, 1), ev(8, 2)])).toBe(3); // lastWins collapses id 8
    expect(await events.batchDelete(c, [{ id: 1, at: at[1] as string }, { id: 2, at: at[3] as string }])).toBe(1); // id 2 is not in 2030
    expect(await events.batchApply(c, { upsert: [ev(9, 5)], delete: [{ id: 3, at: at[3] as string }] })).toEqual({ upserted: 1, deleted: 1 });
    const { rows: left } = await c.query<{ id: string; v: number }>("SELECT id, (payload->>'v')::int AS v FROM events ORDER BY id");
    expect(left.map((r) => `${r.id}:${r.v}`)).toEqual(['0:1', '2:0', '4:0', '5:1', '6:0', '7:0', '8:2', '9:5']);
  });
});

describe('a row that fits no partition', () => {
  const good = Array.from({ length: 30 }, (_, i) => tx(i * 13)).filter((r) => new Date(r.closedAt as Date).getUTCFullYear() < 2026);
  const stray = { ...tx(999), closedAt: '2023-12-31T23:00:00Z' };
  const input = [...good.slice(0, 7), stray, ...good.slice(7)];

  async function expectNothingStored(run: () => Promise<unknown>, rowIndex: number | null) {
    const c = db.client;
    await c.query('SET search_path = s_nodefault, public');
    const before = await count(c, 'transactions');
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgTwinPartitionError);
    expect(err).toMatchObject({ name: 'PgTwinPartitionError', code: '23514', table: 'transactions', rowIndex, columns: ['closed_at'], keyValue: '2023-12-31 23:00:00+00' });
    expect((err as Error).message).toMatch(/^pgtwin: table "transactions", row 7: no partition for \(closed_at\) = \(2023-12-31 23:00:00\+00\); nothing of the statement was stored/);
    expect(await count(c, 'transactions')).toBe(before);
    const { rows } = await c.query('SELECT 1 AS one'); // the connection is usable
    expect(rows[0]).toEqual({ one: 1 });
  }

  it('copyInto binary: row index from the COPY line, nothing stored', async () => {
    await expectNothingStored(() => transactions.copyInto(db.client, input), 7);
  });

  it('copyInto text, from an async iterable (no array to search): row index from the COPY line', async () => {
    async function* source() {
      yield* input;
    }
    await expectNothingStored(() => transactions.copyInto(db.client, source(), { format: 'text' }), 7);
  });

  it('copyInto onConflict: the merge fails, the row is found in the input array', async () => {
    await expectNothingStored(() => transactions.copyInto(db.client, input, { onConflict: 'doNothing' }), 7);
  });

  it('batchInsert: rows are sorted before sending, the index is still the input row', async () => {
    await expectNothingStored(() => transactions.batchInsert(db.client, input), 7);
  });

  it('batchUpsert and batchApply (events): index of the upserted row', async () => {
    const c = db.client;
    await c.query('SET search_path = s_nodefault, public');
    const ok = (id: number) => ({ id, at: '2024-05-05T05:05:05.123456Z', payload: {} });
    const bad = { id: 99, at: new Date(Date.UTC(2031, 0, 1)), payload: 'late' };
    const before = await count(c, 'events');
    const up = await events.batchUpsert(c, [ok(1), ok(2), bad, ok(3)]).catch((e: unknown) => e);
    expect(up).toMatchObject({ name: 'PgTwinPartitionError', table: 'events', rowIndex: 2, columns: ['at'], keyValue: '2031-01-01 00:00:00+00' });
    const apply = await events.batchApply(c, { upsert: [bad], delete: [{ id: 1, at: '2024-05-05T05:05:05.123456Z' }] }).catch((e: unknown) => e);
    expect(apply).toMatchObject({ name: 'PgTwinPartitionError', table: 'events', rowIndex: 0 });
    expect(await count(c, 'events')).toBe(before);
  });

  it('partitionErrorFrom leaves other errors alone and reads a session TimeZone offset', () => {
    const other = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    expect(partitionErrorFrom(other, { table: 't' })).toBe(other);
    const check = Object.assign(new Error('new row for relation "t" violates check constraint "c"'), { code: '23514' });
    expect(partitionErrorFrom(check, { table: 't' })).toBe(check);
    const server = Object.assign(new Error('no partition of relation "t" found for row'), { code: '23514', detail: 'Partition key of the failing row contains (at) = (2024-01-01 01:30:00+05:30).' });
    const key = { table: 't', kind: 'range' as const, columns: [{ name: 'at', field: 'at', type: 'timestamptz' }] };
    const err = partitionErrorFrom(server, { table: 't', key, rows: [{ at: '2024-01-01T00:00:00Z' }, { at: new Date('2023-12-31T20:00:00Z') }] });
    expect(err).toMatchObject({ rowIndex: 1, keyValue: '2024-01-01 01:30:00+05:30', cause: server });
  });
});
