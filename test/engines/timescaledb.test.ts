/**
 * TimescaleDB 2.28 (scripts/engines.sh): the example's event tables as hypertables with
 * columnstore, created by the generated schema.sql (`CREATE TABLE … WITH (tsdb.hypertable, …)`).
 * Every path stores the same rows as plain PostgreSQL with the same counts; then every chunk
 * is compressed and the live paths run again into compressed chunks. `verify` and `pull`
 * read the hypertables. Each codegen rule for hypertables is confronted with the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { syntheticLedger } from '../../examples/ledger-ingest/synthetic.ts';
import { introspect } from '../../generator/introspect.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { pullSchema } from '../../generator/pull.ts';
import { validateSchema } from '../../generator/validate.ts';
import { verifySchema } from '../../generator/verify.ts';
import { useTestDatabase } from '../support/db.ts';
import * as ledgers from './timescaledb/generated/ledgers.ts';
import * as operations from './timescaledb/generated/operations.ts';
import * as transactions from './timescaledb/generated/transactions.ts';
import { firstStage, secondStage, type Scenario } from './scenario.ts';
import { serverError, useTimescaleDatabase } from './support.ts';

const root = path.resolve(import.meta.dirname, '../..');
const ddl = readFileSync(path.join(root, 'test/engines/timescaledb/generated/schema.sql'), 'utf8');
/** The same DDL without TimescaleDB's options: plain PostgreSQL tables. */
const plainDdl = ddl.replace(/\) WITH \(\s*tsdb\.[^;]*\);/g, ');');

const plain = useTestDatabase();
const tsdb = useTimescaleDatabase(async (c) => {
  await c.query(ddl);
  await plain.client.query(plainDdl);
  for (const x of [c, plain.client]) expect(await ledgers.copyInto(x, ledgerRows.map((l) => l.ledger))).toBe(460);
});

/** Ledgers 4,000 apart (5.5 hours): 400 ledgers of 3 transactions and 6 operations span 14 weekly chunks; `later` ones fall between them. */
const seqs = Array.from({ length: 400 }, (_, k) => 1 + k * 4000);
const laterSeqs = Array.from({ length: 60 }, (_, k) => 2001 + k * 4000 * 6);
const ledgerRows = [...seqs, ...laterSeqs].map(syntheticLedger);
const first = ledgerRows.slice(0, seqs.length);
const later = ledgerRows.slice(seqs.length);

async function chunks(c: pg.Client, table: string): Promise<{ total: number; compressed: number }> {
  const { rows } = await c.query<{ total: string; compressed: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE is_compressed) AS compressed FROM timescaledb_information.chunks WHERE hypertable_name = $1`,
    [table],
  );
  return { total: Number(rows[0]?.total), compressed: Number(rows[0]?.compressed) };
}

describe('the generated schema.sql on TimescaleDB', () => {
  it('creates hypertables with the declared dimension and columnstore settings', async () => {
    const { rows } = await tsdb.client.query<{ hypertable_name: string; column_name: string; time_interval: string; compression_enabled: boolean; segmentby: string; orderby: string }>(
      `SELECT d.hypertable_name, d.column_name, d.time_interval::text, h.compression_enabled, s.segmentby, s.orderby
         FROM timescaledb_information.dimensions d JOIN timescaledb_information.hypertables h USING (hypertable_schema, hypertable_name)
         JOIN timescaledb_information.hypertable_columnstore_settings s ON s.hypertable = format('%I', d.hypertable_name)::regclass
        ORDER BY 1`,
    );
    expect(rows).toEqual([
      { hypertable_name: 'operations', column_name: 'closed_at', time_interval: '7 days', compression_enabled: true, segmentby: 'transaction_id', orderby: 'closed_at DESC' },
      { hypertable_name: 'transactions', column_name: 'closed_at', time_interval: '7 days', compression_enabled: true, segmentby: 'source_account', orderby: 'closed_at DESC,id DESC' },
    ]);
  });

  it('verify finds the hypertables as declared, and reports a different chunk interval and columnstore', async () => {
    const ir = validateSchema(await loadSchema({ root, schemaDir: 'test/engines/timescaledb/schema' }));
    expect(verifySchema(ir, await introspect(tsdb.client))).toEqual([]);
    const plainDb = verifySchema(ir, await introspect(plain.client));
    expect(plainDb.map((f) => `${f.severity} ${f.table}: ${f.message}`)).toEqual([
      'note operations: is not a hypertable in the database; the schema makes it one on closed_at: inserts work, on one table',
      'note transactions: is not a hypertable in the database; the schema makes it one on closed_at: inserts work, on one table',
    ]);
    await tsdb.client.query("CREATE SCHEMA other; CREATE TABLE other.transactions (id int8 NOT NULL, closed_at timestamptz NOT NULL, source_account varchar(56) NOT NULL) WITH (tsdb.hypertable, tsdb.partition_column = 'closed_at', tsdb.chunk_interval = '1 day', tsdb.segmentby = 'id', tsdb.orderby = 'closed_at')");
    const other = verifySchema(ir, await introspect(tsdb.client, 'other')).filter((f) => f.table === 'transactions' && /^(chunk interval|columnstore)/.test(f.message));
    expect(other.map((f) => f.message)).toEqual([
      'chunk interval is 1 day in the database but 7 days in the schema (new chunks use the database\'s)',
      'columnstore segmentby is id in the database but source_account in the schema',
      'columnstore orderby is closed_at in the database but closed_at DESC, id DESC in the schema',
    ]);
  });

  it('pull writes the hypertable option back, with its columnstore settings', async () => {
    const pulled = pullSchema(await introspect(tsdb.client), { importExtension: '.ts' });
    const source = pulled.files.find((f) => f.name === 'transactions.ts')?.source ?? '';
    expect(source).toContain('  hypertable: { timeColumn: "closed_at", chunkInterval: "7 days", segmentBy: ["source_account"], orderBy: ["closed_at DESC", "id DESC"] },');
    expect(source).not.toContain('partitionBy');
  });
});

const txScenario = (): Scenario<transactions.TransactionsInsert, transactions.TransactionsKey> => ({
  module: transactions,
  rows: first.flatMap((l) => l.transactions),
  later: later.flatMap((l) => l.transactions),
  modify: (r) => ({ ...r, memo: `upserted ${String(r.id)}`, feeCharged: 999, successful: !r.successful }),
  keyOf: (r) => ({ id: r.id, closedAt: r.closedAt }),
  engine: tsdb.client,
  plain: plain.client,
});

const opScenario = (): Scenario<operations.OperationsInsert, operations.OperationsKey> => ({
  module: operations,
  rows: first.flatMap((l) => l.operations).slice(0, 1200),
  later: later.flatMap((l) => l.operations),
  modify: (r) => ({ ...r, amount: '12345.6789012', details: { upserted: true } }),
  keyOf: (r) => ({ id: r.id, closedAt: r.closedAt }),
  engine: tsdb.client,
  plain: plain.client,
});

describe('every path on hypertables, then into compressed chunks', () => {
  it('transactions: copyInto binary/text/onConflict, batchInsert, batchUpsert, batchDelete, batchApply store the rows plain PostgreSQL stores, with the same counts', async () => {
    await firstStage(txScenario());
    expect((await chunks(tsdb.client, 'transactions')).total).toBeGreaterThan(10);
  });

  it('operations: the same', async () => {
    await firstStage(opScenario());
  });

  it('after compress_chunk on every chunk: batchInsert with half the keys present, batchUpsert and batchDelete of compressed rows, copyInto onConflict', async () => {
    for (const t of ['transactions', 'operations']) {
      await tsdb.client.query(`SELECT compress_chunk(c) FROM show_chunks('${t}') c`);
      const n = await chunks(tsdb.client, t);
      expect(n.compressed, `${t}: every chunk compressed`).toBe(n.total);
    }
    await secondStage(txScenario());
    await secondStage(opScenario());
    // The stored rows really sit in compressed chunks (partially compressed after the writes).
    const { rows } = await tsdb.client.query<{ n: string }>("SELECT count(*) AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'transactions' AND is_compressed");
    expect(Number(rows[0]?.n)).toBeGreaterThan(10);
  });
});

describe('codegen rules for hypertables, confronted with TimescaleDB (statements codegen refuses, sent anyway)', () => {
  const create = (name: string, columns: string, options = "tsdb.chunk_interval = '1 day'", time = 'at') =>
    `CREATE TABLE ${name} (${columns}) WITH (tsdb.hypertable, tsdb.partition_column = '${time}', ${options})`;

  it('a key without the time column: refused by TimescaleDB', async () => {
    expect(await serverError(tsdb.client, create('r1', 'id int8 NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id)'))).toMatch(/^TS103 cannot create a unique index without the column "at" \(used in partitioning\)/);
    // …and so a conflict target without it matches no unique index.
    await tsdb.client.query(create('r1', 'id int8 NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id, at)'));
    expect(await serverError(tsdb.client, 'INSERT INTO r1 VALUES (1, now()) ON CONFLICT (id) DO NOTHING')).toBe('42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification');
  });

  it('an upsert that updates the time column: refused (chunk constraint; on a compressed chunk, explicitly)', async () => {
    await tsdb.client.query(create('r2', 'id int8 NOT NULL, at timestamptz NOT NULL, v int, PRIMARY KEY (id, at)', "tsdb.chunk_interval = '1 day', tsdb.segmentby = 'id'"));
    await tsdb.client.query("INSERT INTO r2 SELECT i, '2024-01-01'::timestamptz + i * interval '1 hour', 0 FROM generate_series(1, 100) i");
    const upsert = "INSERT INTO r2 VALUES (1, '2024-01-01T01:00:00Z', 5) ON CONFLICT (id, at) DO UPDATE SET at = r2.at + interval '3 days'";
    expect(await serverError(tsdb.client, upsert)).toMatch(/^23514 new row for relation "_hyper_\d+_\d+_chunk" violates check constraint/);
    await tsdb.client.query("SELECT compress_chunk(c) FROM show_chunks('r2') c");
    expect(await serverError(tsdb.client, upsert)).toBe('0A000 cannot update column "at" of a compressed chunk');
  });

  it('a nullable time column: TimescaleDB makes it NOT NULL itself, so codegen refuses the declaration (schema.sql would say nullable, the table is not)', async () => {
    await tsdb.client.query(create('r3', 'id int8 NOT NULL, at timestamptz'));
    const { rows } = await tsdb.client.query<{ attnotnull: boolean }>("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'r3'::regclass AND attname = 'at'");
    expect(rows[0]?.attnotnull).toBe(true);
  });

  it('a time column of another type, an interval for an integer column, a partitioned table, unknown columnstore columns: refused', async () => {
    expect(await serverError(tsdb.client, create('r4', 'id int8 NOT NULL, at text NOT NULL'))).toMatch(/unexpected column type text when setting chunk interval/);
    expect(await serverError(tsdb.client, create('r5', 'id int8 NOT NULL, at int8 NOT NULL'))).toBe('22P02 invalid input syntax for type bigint: "1 day"');
    await tsdb.client.query(create('r5', 'id int8 NOT NULL, at int8 NOT NULL', "tsdb.chunk_interval = '100000'"));
    expect(await serverError(tsdb.client, "CREATE TABLE r6 (at timestamptz NOT NULL) PARTITION BY RANGE (at) WITH (tsdb.hypertable, tsdb.partition_column = 'at')")).toMatch(/table "r6" is already partitioned/);
    expect(await serverError(tsdb.client, create('r7', 'at timestamptz NOT NULL', "tsdb.segmentby = 'nope'"))).toBe('42601 column "nope" does not exist');
    expect(await serverError(tsdb.client, create('r7', 'at timestamptz NOT NULL', "tsdb.orderby = 'nope DESC'"))).toBe('42601 column "nope" does not exist');
  });

  it('a delete key without the time column: accepted (every chunk is scanned), so codegen accepts it', async () => {
    const { rowCount } = await tsdb.client.query('DELETE FROM r2 AS d USING UNNEST($1::int8[]) AS k(id) WHERE d.id = k.id', [[2, 3, 999]]);
    expect(rowCount).toBe(2);
  });
});
