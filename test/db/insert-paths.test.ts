/**
 * The generated example modules on a real server: copyInto (binary and text), copyRows and
 * batchInsert (pg client, pool, Kysely instance and transaction) store the same rows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../generated/index.ts';
import * as ledgers from '../../generated/ledgers.ts';
import * as stateChanges from '../../generated/state-changes.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');

function ledger(seq: number): ledgers.LedgersInsert {
  return {
    sequence: BigInt(seq),
    hash: Buffer.alloc(32, seq % 256),
    prevHash: Buffer.alloc(32, (seq - 1) % 256),
    closedAt: `2024-01-0${1 + (seq % 9)}T10:00:00.123456Z`,
    protocolVersion: 20,
    transactionCount: seq % 7,
    operationCount: seq * 3,
    totalCoins: '1050000000000000000' + String(seq),
    feePool: 12345n * BigInt(seq),
  };
}

function stateChange(i: number): stateChanges.StateChangesInsert {
  return {
    operationId: 1000 + i,
    changeIndex: i % 3,
    ledgerSequence: '77',
    account: `GA${i}\tA\nB\\C`,
    reason: 'credit',
    operationTypes: i % 2 ? ['payment', null, 'account_merge'] : [],
    assetCode: i % 2 ? null : 'USD',
    amount: '12.3456789',
    balanceAfter: '1e-3',
    price: i % 2 ? -0 : Number.NaN,
    priceApprox: 0.1,
    thresholds: [1, null, 3],
    signerKeys: ['a,b', '{x}', '"q"', '\\N', '', null, '🦀'],
    dataValue: Buffer.alloc(0),
    isAuthorized: i % 2 === 0,
    sponsorId: '123e4567-e89b-12d3-a456-426614174000',
    expiresOn: '1999-12-31',
    validFor: { months: 1, days: -2, microseconds: 3_000_001 },
    peerAddress: '2001:db8::1',
    peerNetwork: '10.0.0.0/8',
    rawEffect: 'just a string',
    observedAt: new Date(Date.UTC(1970, 0, 1, 0, 0, 0, 1)),
    closedAt: 'infinity',
  };
}

/** The rows as text, inserted columns only (columns the database fills, such as now(), differ by design). */
async function tableText(client: pg.Client, table: string, order: string): Promise<string[]> {
  const cols = (table.endsWith('state_changes') ? stateChanges.insertColumns : ledgers.insertColumns).map((c) => `"${c}"`).join(', ');
  const { rows } = await client.query<{ t: string }>(`SELECT ROW(${cols})::text AS t FROM ${table} ORDER BY ${order}`);
  return rows.map((r) => r.t);
}

beforeAll(async () => {
  const ddl = readFileSync(path.join(root, 'generated/schema.sql'), 'utf8');
  for (const m of ddl.match(/CREATE TYPE[^;]*;/g) ?? []) await db.client.query(m);
  for (const s of ['s_bin', 's_text', 's_unnest', 's_kysely']) {
    await db.client.query(`CREATE SCHEMA ${s}`);
    await db.client.query(`SET search_path = ${s}, public`);
    // enums live in public, created once; foreign keys left out so each table loads alone
    await db.client.query(ddl.replace(/CREATE TYPE[^;]*;/g, '').replace(/ REFERENCES "[^"]+" \("[^"]+"\)/g, ''));
  }
  await db.client.query('SET search_path = public');
});

beforeEach(async () => {
  await db.client.query('RESET search_path');
});

describe('generated modules on a real server', () => {
  it('copyInto binary, copyInto text, batchInsert (pg) and batchInsert (Kysely) store identical rows', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ledger(i + 1));
    const changes = Array.from({ length: 20 }, (_, i) => stateChange(i));
    const c = db.client;
    await c.query('SET search_path = s_bin, public');
    expect(await ledgers.copyInto(c, rows)).toBe(50);
    expect(await stateChanges.copyInto(c, changes)).toBe(20);
    await c.query('SET search_path = s_text, public');
    expect(await ledgers.copyInto(c, rows, { format: 'text' })).toBe(50);
    expect(await stateChanges.copyInto(c, changes, { format: 'text' })).toBe(20);
    await c.query('SET search_path = s_unnest, public');
    expect(await ledgers.batchInsert(c, rows)).toBe(50);
    expect(await stateChanges.batchInsert(c, changes)).toBe(20);
    expect(await ledgers.batchInsert(c, rows), 'ON CONFLICT DO NOTHING on retry').toBe(0);

    const kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url, options: '-c search_path=s_kysely,public -c TimeZone=UTC', max: 1 }) }),
    });
    try {
      await kysely.transaction().execute(async (trx) => {
        expect(await ledgers.batchInsert(trx, rows)).toBe(50);
        expect(await stateChanges.batchInsert(trx, changes)).toBe(20);
      });
      const count = await kysely.selectFrom('ledgers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(50);
    } finally {
      await kysely.destroy();
    }

    const expectedLedgers = await tableText(c, 's_bin.ledgers', 'sequence');
    const expectedChanges = await tableText(c, 's_bin.state_changes', 'operation_id, change_index');
    expect(expectedLedgers).toHaveLength(50);
    expect(expectedChanges).toHaveLength(20);
    for (const s of ['s_text', 's_unnest', 's_kysely']) {
      expect(await tableText(c, `${s}.ledgers`, 'sequence'), s).toEqual(expectedLedgers);
      expect(await tableText(c, `${s}.state_changes`, 'operation_id, change_index'), s).toEqual(expectedChanges);
    }
    // A few values, checked against what they must be.
    const { rows: sc } = await c.query(`SELECT account, signer_keys::text AS k, price::text AS p, raw_effect::text AS j, closed_at::text AS at, valid_for::text AS iv FROM s_unnest.state_changes ORDER BY operation_id LIMIT 2`);
    expect(sc[0]).toEqual({ account: 'GA0\tA\nB\\C', k: '{"a,b","{x}","\\"q\\"","\\\\N","",NULL,🦀}', p: 'NaN', j: '"just a string"', at: 'infinity', iv: '1 mon -2 days +00:00:03.000001' });
    expect(sc[1]?.p).toBe('-0');
  });

  it('copyRows text output equals what PostgreSQL itself prints with COPY TO, byte for byte', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ledger(i + 1));
    const c = db.client;
    const list = ledgers.insertColumns.map((n) => `"${n}"`).join(', ');
    const stream = c.query(copyTo(`COPY (SELECT ${list} FROM s_bin.ledgers ORDER BY sequence LIMIT 5) TO STDOUT`));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const theirs = Buffer.concat(chunks);
    expect(theirs.length).toBeGreaterThan(100);
    expect(ledgers.copyRows(rows, { format: 'text' }).toString('utf8')).toBe(theirs.toString('utf8'));
  });

  it('a bad value aborts copyInto, leaves the table unchanged and the connection usable', async () => {
    const c = db.client;
    await c.query('SET search_path = s_text, public');
    const before = await tableText(c, 'ledgers', 'sequence');
    const rows = [ledger(1001), { ...ledger(1002), protocolVersion: 70000 }, ledger(1003)];
    for (const format of ['binary', 'text'] as const) {
      const err = await ledgers.copyInto(c, rows, { format }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PgTwinValueError);
      expect(err).toMatchObject({ table: 'ledgers', column: 'protocol_version', rowIndex: 1, valueType: 'number' });
      expect(await tableText(c, 'ledgers', 'sequence')).toEqual(before);
    }
    const err = await ledgers.batchInsert(c, rows).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PgTwinValueError', column: 'protocol_version', rowIndex: 1 });
    expect(await tableText(c, 'ledgers', 'sequence')).toEqual(before);
  });

  it('an exception from the caller\'s async iterator aborts the COPY with nothing stored', async () => {
    const c = db.client;
    await c.query('SET search_path = s_text, public');
    const before = await tableText(c, 'ledgers', 'sequence');
    async function* rows() {
      for (let i = 0; i < 5000; i++) yield ledger(2000 + i);
      throw new Error('source failed');
    }
    await expect(ledgers.copyInto(c, rows())).rejects.toThrow('source failed');
    expect(await tableText(c, 'ledgers', 'sequence')).toEqual(before);
    const { rows: ok } = await c.query('SELECT 1 AS one');
    expect(ok[0]).toEqual({ one: 1 });
  });
});
