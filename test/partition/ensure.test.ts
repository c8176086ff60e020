/**
 * ensureRangePartitions on a real server: creates the missing periods, is idempotent, safe
 * when several connections call it at once, refuses a default partition holding rows of a
 * new period and a period partly covered by another partition, and creates nothing then.
 */
import { describe, expect, it } from 'vitest';
import { ensureRangePartitions, PgTwinPartitionSetupError, timePeriods } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

async function partitionsOf(table: string): Promise<string[]> {
  const { rows } = await db.client.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass ORDER BY c.relname`,
    [table],
  );
  return rows.map((r) => `${r.name} ${r.bound}`);
}

describe('timePeriods', () => {
  it('rounds the span out to whole UTC periods and names them', () => {
    expect(timePeriods({ from: '2024-01-15T10:00:00Z', to: '2024-03-01', interval: 'month' }).map((p) => p.suffix)).toEqual(['2024_01', '2024_02']);
    expect(timePeriods({ from: '2024-01-15T10:00:00Z', to: '2024-03-01T00:00:01Z', interval: 'month' }).map((p) => p.suffix)).toEqual(['2024_01', '2024_02', '2024_03']);
    expect(timePeriods({ from: '2024-01-03', to: '2024-01-10', interval: 'week' }).map((p) => [p.suffix, p.to.toISOString().slice(0, 10)])).toEqual([['2024_01_01', '2024-01-08'], ['2024_01_08', '2024-01-15']]);
    expect(timePeriods({ from: '2023-12-31', to: '2024-01-02', interval: 'day' }).map((p) => p.suffix)).toEqual(['2023_12_31', '2024_01_01']);
    expect(timePeriods({ from: '2024-06-01', to: '2026-01-01', interval: 'year' }).map((p) => p.suffix)).toEqual(['2024', '2025']);
    expect(() => timePeriods({ from: 'soon', to: '2024-01-01', interval: 'day' })).toThrow(/from soon is not a date/);
  });
});

describe('ensureRangePartitions', () => {
  it('creates the missing monthly partitions, then does nothing', async () => {
    await db.client.query('CREATE TABLE ev (id int8 NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)');
    const first = await ensureRangePartitions(db.client, { table: 'ev', column: 'at', from: '2024-01-20T00:00:00Z', to: new Date('2024-04-01T00:00:00Z'), interval: 'month' });
    expect(first).toEqual({ created: ['ev_2024_01', 'ev_2024_02', 'ev_2024_03'], existing: 0 });
    expect(await partitionsOf('ev')).toEqual([
      "ev_2024_01 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00')",
      "ev_2024_02 FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00')",
      "ev_2024_03 FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')",
    ]);
    expect(await ensureRangePartitions(db.client, { table: 'ev', from: '2024-01-01', to: '2024-05-01', interval: 'month' })).toEqual({ created: ['ev_2024_04'], existing: 3 });
    await db.client.query("INSERT INTO ev VALUES (1, '2024-04-30T23:59:59.999999Z')");
  });

  it('creates partitions in years below 100 (PostgreSQL stores them; Date.UTC alone read them as 1900–1999 and created none)', async () => {
    await db.client.query('CREATE TABLE ancient (d date NOT NULL) PARTITION BY RANGE (d)');
    expect(await ensureRangePartitions(db.client, { table: 'ancient', from: '0050-01-15', to: '0050-03-01', interval: 'month' })).toEqual({ created: ['ancient_0050_01', 'ancient_0050_02'], existing: 0 });
    expect(await partitionsOf('ancient')).toEqual([
      "ancient_0050_01 FOR VALUES FROM ('0050-01-01') TO ('0050-02-01')",
      "ancient_0050_02 FOR VALUES FROM ('0050-02-01') TO ('0050-03-01')",
    ]);
    await db.client.query("INSERT INTO ancient VALUES ('0050-02-28')");
  });

  it('is safe when eight connections call it at once: each month is created exactly once', async () => {
    await db.client.query('CREATE TABLE busy (id int8 NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at)');
    const clients = await Promise.all(Array.from({ length: 8 }, () => db.connect()));
    const results = await Promise.all(clients.map((c, i) => ensureRangePartitions(c, { table: 'busy', from: `2024-0${1 + (i % 3)}-01`, to: '2025-01-01', interval: 'month' })));
    const created = results.flatMap((r) => r.created).sort();
    expect(created).toEqual(timePeriods({ from: '2024-01-01', to: '2025-01-01', interval: 'month' }).map((p) => `busy_${p.suffix}`));
    expect(await partitionsOf('busy')).toHaveLength(12);
  });

  it('checks date and timestamp columns, days, weeks and a name prefix', async () => {
    await db.client.query('CREATE TABLE days (d date NOT NULL) PARTITION BY RANGE (d)');
    expect((await ensureRangePartitions(db.client, { table: 'days', from: '2024-02-28', to: '2024-03-02', interval: 'day' })).created).toEqual(['days_2024_02_28', 'days_2024_02_29', 'days_2024_03_01']);
    await db.client.query('CREATE TABLE weeks (t timestamp NOT NULL) PARTITION BY RANGE (t)');
    expect((await ensureRangePartitions(db.client, { table: 'weeks', from: '2024-01-03', to: '2024-01-09', interval: 'week', namePrefix: 'w' })).created).toEqual(['w_2024_01_01', 'w_2024_01_08']);
    expect(await partitionsOf('weeks')).toEqual([
      "w_2024_01_01 FOR VALUES FROM ('2024-01-01 00:00:00') TO ('2024-01-08 00:00:00')",
      "w_2024_01_08 FOR VALUES FROM ('2024-01-08 00:00:00') TO ('2024-01-15 00:00:00')",
    ]);
  });

  it('skips periods covered by wider partitions and refuses one partly covered, creating nothing', async () => {
    await db.client.query('CREATE TABLE q (at timestamptz NOT NULL) PARTITION BY RANGE (at)');
    await db.client.query("CREATE TABLE q_2024_q1 PARTITION OF q FOR VALUES FROM ('2024-01-01Z') TO ('2024-04-01Z')");
    await db.client.query("CREATE TABLE q_old PARTITION OF q FOR VALUES FROM (MINVALUE) TO ('2023-06-15Z')");
    expect(await ensureRangePartitions(db.client, { table: 'q', from: '2024-02-01', to: '2024-05-01', interval: 'month' })).toEqual({ created: ['q_2024_04'], existing: 2 });
    const err = await ensureRangePartitions(db.client, { table: 'q', from: '2023-05-01', to: '2023-08-01', interval: 'month' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgTwinPartitionSetupError);
    expect((err as Error).message).toMatch(/the month from 2023-06-01T00:00:00\.000Z to 2023-07-01T00:00:00\.000Z is partly covered by partition\(s\) "q_old"/);
    expect(await partitionsOf('q')).toHaveLength(3); // 2023_05 is covered; nothing else was created
  });

  it('refuses a period whose rows sit in the default partition, and creates nothing; rows elsewhere do not matter', async () => {
    await db.client.query('CREATE TABLE d (at timestamptz NOT NULL) PARTITION BY RANGE (at)');
    await db.client.query('CREATE TABLE d_default PARTITION OF d DEFAULT');
    await db.client.query("INSERT INTO d VALUES ('2024-03-10Z'), ('2030-01-01Z')");
    const err = await ensureRangePartitions(db.client, { table: 'd', from: '2024-01-01', to: '2024-06-01', interval: 'month' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgTwinPartitionSetupError);
    expect((err as Error).message).toMatch(/the default partition "public"\."d_default" holds rows from 2024-03-01T00:00:00\.000Z to 2024-04-01T00:00:00\.000Z, so partition "d_2024_03" cannot be created; move those rows out/);
    expect(await partitionsOf('d')).toEqual(['d_default DEFAULT']);
    expect((await ensureRangePartitions(db.client, { table: 'd', from: '2024-01-01', to: '2024-03-01', interval: 'month' })).created).toEqual(['d_2024_01', 'd_2024_02']);
  });

  it('runs under a savepoint in the caller\'s transaction: a rollback removes what it created', async () => {
    await db.client.query('CREATE TABLE tx (at timestamptz NOT NULL) PARTITION BY RANGE (at)');
    await db.client.query('BEGIN');
    expect((await ensureRangePartitions(db.client, { table: 'tx', from: '2024-01-01', to: '2024-02-01', interval: 'month' })).created).toEqual(['tx_2024_01']);
    await db.client.query('ROLLBACK');
    expect(await partitionsOf('tx')).toEqual([]);
  });

  it('refuses tables it cannot handle, and a name taken by another table', async () => {
    await db.client.query('CREATE TABLE plain (at timestamptz NOT NULL)');
    await db.client.query('CREATE TABLE listed (k int NOT NULL) PARTITION BY LIST (k)');
    await db.client.query('CREATE TABLE nums (k int NOT NULL) PARTITION BY RANGE (k)');
    await db.client.query('CREATE TABLE clash (at date NOT NULL) PARTITION BY RANGE (at)');
    await db.client.query('CREATE TABLE clash_2024 (at date NOT NULL)');
    const attempt = (table: string, column?: string) =>
      ensureRangePartitions(db.client, { table, ...(column && { column }), from: '2024-01-01', to: '2024-12-31', interval: 'year' }).catch((e: Error) => e.message);
    expect(await attempt('plain')).toMatch(/"plain" is not a partitioned table/);
    expect(await attempt('listed')).toMatch(/must be range-partitioned on one column/);
    expect(await attempt('nums')).toMatch(/is int4; ensureRangePartitions handles date, timestamp and timestamptz/);
    expect(await attempt('ev', 'other')).toMatch(/"ev" is partitioned by "at", not "other"/);
    expect(await attempt('clash')).toMatch(/a relation named "clash_2024" exists but is not a partition of "clash"/);
  });
});
