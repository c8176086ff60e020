/**
 * `verify` against a real server: one PostgreSQL schema per kind of mismatch, each made from
 * generated/schema.sql and then altered.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ledgers from '../../generated/ledgers.ts';
import * as operations from '../../generated/operations.ts';
import type { SchemaIR } from '../../generator/ir.ts';
import { introspect } from '../../generator/introspect.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { validateSchema } from '../../generator/validate.ts';
import { verifySchema, type Finding } from '../../generator/verify.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const ddl = readFileSync(path.join(root, 'generated/schema.sql'), 'utf8');
let ir: SchemaIR;
let caseNo = 0;

/** A fresh PostgreSQL schema holding the generated DDL, altered by `alter`; returns verify's findings. */
async function findingsAfter(alter: string): Promise<{ schema: string; findings: Finding[] }> {
  const schema = `case_${++caseNo}`;
  await db.client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
  try {
    await db.client.query(ddl);
    if (alter) await db.client.query(alter);
  } finally {
    await db.client.query('RESET search_path');
  }
  return { schema, findings: verifySchema(ir, await introspect(db.client, schema)) };
}

const breaking = (f: Finding[]) => f.filter((x) => x.severity === 'breaking');
const summary = (f: Finding[]) => f.map((x) => `${x.severity} ${x.table}${x.column ? `.${x.column}` : ''}: ${x.message}`);

beforeAll(async () => {
  ir = validateSchema(await loadSchema({ root, schemaDir: 'schema' }));
});

describe('verify', () => {
  it('finds nothing on a database made from generated/schema.sql', async () => {
    expect(summary((await findingsAfter('')).findings)).toEqual([]);
  });

  it('reports a type mismatch as breaking binary COPY, and binary COPY really fails while text COPY does not', async () => {
    const { schema, findings } = await findingsAfter('ALTER TABLE ledgers ALTER COLUMN transaction_count TYPE int8');
    expect(summary(breaking(findings))).toEqual([expect.stringMatching(/^breaking ledgers\.transaction_count: type is bigint in the database but int4 in the schema: binary COPY sends the schema type's bytes, which the server refuses/)]);
    const row = { sequence: 1, hash: Buffer.from([1]), prevHash: Buffer.from([0]), closedAt: new Date(), protocolVersion: 1, transactionCount: 1, operationCount: 1, totalCoins: '1', feePool: '1' };
    await db.client.query(`SET search_path = ${schema}`);
    try {
      await expect(ledgers.copyInto(db.client, [row])).rejects.toThrow(/incorrect binary data format|insufficient data/);
      expect(await ledgers.copyInto(db.client, [row], { format: 'text' })).toBe(1);
    } finally {
      await db.client.query('RESET search_path');
    }
  });

  it.each([
    ['a missing column', 'ALTER TABLE transactions DROP COLUMN memo', /^breaking transactions\.memo: is missing in the database: COPY and batchInsert name it and fail/],
    ['an extra NOT NULL column without default', 'ALTER TABLE ledgers ADD COLUMN extra text NOT NULL', /^breaking ledgers\.extra: exists in the database as NOT NULL without a default but not in the schema/],
    ['a shorter varchar', 'ALTER TABLE balances ALTER COLUMN account TYPE varchar(10)', /^breaking balances\.account: length is 10 in the database but 56 in the schema: values the schema accepts fail/],
    ['another numeric scale', 'ALTER TABLE operations ALTER COLUMN amount TYPE numeric(39,2)', /^breaking operations\.amount: numeric is \(39,2\) in the database but \(39,7\) in the schema: the server rounds to another scale/],
    ['a NOT NULL column the schema says is nullable', 'ALTER TABLE transactions ALTER COLUMN memo SET NOT NULL', /^breaking transactions\.memo: is NOT NULL in the database but nullable in the schema/],
    ['a missing default for a column the database fills', 'ALTER TABLE ledgers ALTER COLUMN ingested_at DROP DEFAULT', /^breaking ledgers\.ingested_at: has no DEFAULT in the database, but the schema says the database fills it/],
    ['a conflict target without a unique index', 'ALTER TABLE ledgers DROP CONSTRAINT ledgers_pkey CASCADE', /^breaking ledgers: conflict target \(sequence\) has no unique index or constraint behind it in the database: ON CONFLICT fails/],
    ['a missing table', 'DROP TABLE account_stats', /^breaking account_stats: table is missing in the database/],
    ['a timestamp precision that rounds microseconds', 'ALTER TABLE ledgers ALTER COLUMN closed_at TYPE timestamptz(0)', /^breaking ledgers\.closed_at: is timestamp\(0\) with time zone in the database but timestamptz in the schema: the server rounds/],
    ['an interval with restricted fields', 'ALTER TABLE state_changes ALTER COLUMN valid_for TYPE interval day', /^breaking state_changes\.valid_for: is interval day in the database/],
    ['a generated column the schema inserts', 'ALTER TABLE balances DROP COLUMN balance; ALTER TABLE balances ADD COLUMN balance numeric(39,0) GENERATED ALWAYS AS (0) STORED', /^breaking balances\.balance: is a generated column in the database, but the schema inserts it/],
  ])('reports %s as breaking', async (_name, alter, expected) => {
    const { findings } = await findingsAfter(alter);
    expect(summary(breaking(findings))).toContainEqual(expect.stringMatching(expected));
  });

  it('reports a missing enum label as breaking and a different label order as a note', async () => {
    const missing = await findingsAfter(`ALTER TYPE state_change_reason RENAME VALUE 'offer' TO 'offers'`);
    expect(summary(breaking(missing.findings))).toContainEqual(expect.stringMatching(/^breaking state_change_reason: enum lacks label\(s\) "offer"/));
    const reordered = await findingsAfter(`ALTER TYPE operation_type ADD VALUE 'zzz' BEFORE 'create_account'`);
    expect(breaking(reordered.findings)).toEqual([]);
    expect(summary(reordered.findings)).toContainEqual(expect.stringMatching(/^note operation_type: enum has extra label\(s\) in the database: zzz/));
  });

  it('reports labels in another order, a missing unique key and another primary key as notes', async () => {
    const { findings } = await findingsAfter(`
      ALTER TABLE state_changes ALTER COLUMN reason TYPE text; DROP TYPE state_change_reason;
      CREATE TYPE state_change_reason AS ENUM ('offer', 'credit', 'debit', 'trustline', 'signer', 'data');
      ALTER TABLE state_changes ALTER COLUMN reason TYPE state_change_reason USING reason::state_change_reason;
      ALTER TABLE transactions DROP CONSTRAINT transactions_hash_closed_at_key;`);
    expect(breaking(findings)).toEqual([]);
    expect(summary(findings)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^note state_change_reason: enum labels are ordered differently \(database: offer, credit/),
        expect.stringMatching(/^note transactions: unique key \(hash, closed_at\) is missing in the database/),
      ]),
    );
  });

  it('reports a missing partition as a note while a default partition takes its rows, as breaking without one, and really fails then', async () => {
    const withDefault = await findingsAfter('DROP TABLE operations_2024_03');
    expect(breaking(withDefault.findings)).toEqual([]);
    expect(summary(withDefault.findings)).toContainEqual(expect.stringMatching(/^note operations: partition\(s\) operations_2024_03 missing in the database: their rows go to the default partition operations_default/));

    const { schema, findings } = await findingsAfter('DROP TABLE operations_2024_03; DROP TABLE operations_default');
    expect(summary(breaking(findings))).toEqual([
      expect.stringMatching(/^breaking operations: partition\(s\) operations_2024_03 missing in the database, which has no default partition: rows in their ranges fail in every path/),
      expect.stringMatching(/^breaking operations: default partition operations_default is missing in the database/),
    ]);
    const row = { id: 1, transactionId: 1, applicationOrder: 1, type: 'payment' as const, details: {}, closedAt: '2024-03-15T00:00:00Z' };
    await db.client.query(`SET search_path = ${schema}`);
    try {
      await expect(operations.copyInto(db.client, [row])).rejects.toThrow(/no partition/);
      await expect(operations.batchInsert(db.client, [row])).rejects.toThrow(/no partition/);
      expect(await operations.copyInto(db.client, [{ ...row, closedAt: '2024-04-15T00:00:00Z' }])).toBe(1);
    } finally {
      await db.client.query('RESET search_path');
    }
  });

  it('reports partitions made outside the schema, and other partitioning, as notes', async () => {
    const extra = await findingsAfter(`CREATE TABLE operations_2026_01 PARTITION OF operations FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00')`);
    expect(breaking(extra.findings)).toEqual([]);
    expect(summary(extra.findings)).toEqual([expect.stringMatching(/^note operations: 1 partition\(s\) exist only in the database \(ensureRangePartitions makes such\): operations_2026_01$/)]);

    const plain = await findingsAfter(`
      DROP TABLE operations; CREATE TABLE operations (id int8, transaction_id int8, application_order int4, type operation_type NOT NULL, source_account varchar(56), amount numeric(39,7), details jsonb NOT NULL, closed_at timestamptz NOT NULL, PRIMARY KEY (id, closed_at))`);
    expect(summary(plain.findings)).toContainEqual(expect.stringMatching(/^note operations: is not partitioned in the database; the schema partitions it by range \(closed_at\)/));
    expect(summary(breaking(plain.findings)).filter((f) => f.includes('partition'))).toEqual([]);
  });

  it('reports harmless differences as notes only', async () => {
    const { findings } = await findingsAfter('ALTER TABLE balances ALTER COLUMN asset TYPE varchar(100); ALTER TABLE ledgers ADD COLUMN comment text; CREATE TABLE unrelated (x int)');
    expect(breaking(findings)).toEqual([]);
    expect(summary(findings)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^note balances\.asset: length is 100 in the database but 64/),
        expect.stringMatching(/^note ledgers\.comment: exists in the database but not in the schema/),
        expect.stringMatching(/^note unrelated: table exists in the database but not in the schema/),
      ]),
    );
  });

  it('exits 0 when the database matches and 1 on a breaking difference (CLI)', async () => {
    const good = await findingsAfter('');
    const bad = await findingsAfter('ALTER TABLE transactions DROP COLUMN memo');
    const run = (schema: string) =>
      spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/verify-cli.ts', '--database-url', db.url, '--db-schema', schema], { cwd: root, encoding: 'utf8' });
    const ok = run(good.schema);
    expect(ok.stdout).toContain('the database matches the schema');
    expect(ok.status).toBe(0);
    const ko = run(bad.schema);
    expect(ko.stdout).toMatch(/BREAKING {2}transactions\.memo: is missing in the database/);
    expect(ko.status).toBe(1);
  });
});
