/**
 * A field a row has that the table does not (a misspelling, issue 23) is refused on every path
 * with a PgTwinValueError naming the field, the table and the row, and "did you mean" when a
 * field is close; nothing is stored. `extraFields: 'ignore'` lets rows carry other data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import * as balances from '../../generated/balances.ts';
import * as ledgers from '../../generated/ledgers.ts';
import * as transactions from '../../generated/transactions.ts';
import { codecs, defineTable, PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const at = '2024-03-01T12:00:00.000001Z';

const tx = (id: number): transactions.TransactionsInsert => ({
  id, hash: Buffer.from([id]), ledgerSequence: 1, applicationOrder: 1, sourceAccount: 'GA', accountSequence: 1, feeCharged: 1, maxFee: 1, operationCount: 1, successful: true, memoType: 'none', signatures: ['s'], closedAt: at,
});
const balance = (account: string): balances.BalancesInsert => ({ account, asset: 'native', balance: 1n, lastModifiedLedger: 1, updatedAt: at });

async function snapshot(): Promise<string> {
  const { rows } = await db.client.query<{ s: string }>(
    `SELECT concat_ws('|', (SELECT string_agg(t::text, ',' ORDER BY id) FROM transactions t), (SELECT string_agg(b::text, ',' ORDER BY account, asset) FROM balances b), (SELECT count(*) FROM ledgers)) AS s`,
  );
  return rows[0]?.s ?? '';
}

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8').replace(/ REFERENCES "[^"]+" \("[^"]+"\)/g, ''));
  await transactions.batchInsert(db.client, [tx(100)]);
  await balances.batchUpsert(db.client, [balance('GZ')]);
});

/** The misspelt row is the third of three. */
const misspelt = [tx(1), tx(2), { ...tx(3), memoo: 'paid' }] as transactions.TransactionsInsert[];
const c = () => db.client;

const paths: [string, () => Promise<unknown>][] = [
  ['copyInto binary', () => transactions.copyInto(c(), misspelt)],
  ['copyInto text', () => transactions.copyInto(c(), misspelt, { format: 'text' })],
  ['copyInto onConflict', () => transactions.copyInto(c(), misspelt, { onConflict: 'doNothing' })],
  ['copyInto async iterable', () => transactions.copyInto(c(), (async function* () { yield* misspelt; })())],
  ['copyRows binary', async () => transactions.copyRows(misspelt)],
  ['copyRows text', async () => transactions.copyRows(misspelt, { format: 'text' })],
  ['batchInsert', () => transactions.batchInsert(c(), misspelt)],
  ['batchInsert unsorted', () => transactions.batchInsert(c(), misspelt, { sort: false })],
];

describe('a field the table does not have', () => {
  for (const [name, run] of paths) {
    it(`${name}: refused, naming field, table, row and the close field; nothing stored`, async () => {
      const before = await snapshot();
      const err = await run().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(PgTwinValueError);
      const e = err as PgTwinValueError;
      expect(e.table).toBe('transactions');
      expect(e.rowIndex).toBe(2);
      expect(e.message).toContain('the row has field "memoo", which the table does not have (did you mean "memo"?)');
      expect(e.message).toContain('table "transactions"');
      expect(e.message).toContain("extraFields: 'ignore'");
      expect(await snapshot()).toBe(before);
    });
  }

  const upserts: [string, (rows: balances.BalancesInsert[]) => Promise<unknown>][] = [
    ['batchUpsert', (rows) => balances.batchUpsert(c(), rows)],
    ['batchApply upsert', (rows) => balances.batchApply(c(), { upsert: rows })],
  ];
  for (const [name, run] of upserts) {
    it(`${name}: refused; nothing stored`, async () => {
      const before = await snapshot();
      const rows = [balance('GA'), { ...balance('GB'), lastModifiedLedgr: 5 }] as balances.BalancesInsert[];
      const err = await run(rows).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(PgTwinValueError);
      expect((err as PgTwinValueError).rowIndex).toBe(1);
      expect((err as Error).message).toContain('"lastModifiedLedgr", which the table does not have (did you mean "lastModifiedLedger"?)');
      expect(await snapshot()).toBe(before);
    });
  }

  it('batchDelete and batchApply delete: a key with a misspelt field is refused; whole rows work as keys', async () => {
    const before = await snapshot();
    const keys = [{ account: 'GZ', asset: 'native' }, { account: 'GZ', asset: 'native', acount: 'GY' }] as balances.BalancesKey[];
    for (const run of [() => balances.batchDelete(c(), keys), () => balances.batchApply(c(), { delete: keys })]) {
      const err = await run().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(PgTwinValueError);
      expect((err as PgTwinValueError).rowIndex).toBe(1);
      expect((err as Error).message).toContain('"acount", which the table does not have (did you mean "account"?)');
    }
    expect(await snapshot()).toBe(before);
    // A whole row (every field a field of the table) is a valid key.
    await balances.batchUpsert(c(), [balance('GW')]);
    expect(await balances.batchDelete(c(), [balance('GW')])).toBe(1);
  });

  it('batchDelete: a row as selected (with the fields of columns the database fills) is a valid key', async () => {
    await db.client.query('CREATE TABLE accounts (id int8 GENERATED ALWAYS AS IDENTITY, name text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())');
    const accounts = defineTable<{ name: string }>({
      table: 'accounts',
      columns: [{ name: 'name', field: 'name', nullable: false, codec: codecs.text(), paramOid: 25 }],
      sql: {
        copyBinary: 'COPY "accounts" ("name") FROM STDIN (FORMAT binary)',
        copyText: 'COPY "accounts" ("name") FROM STDIN (FORMAT text)',
        batchInsert: 'INSERT INTO "accounts" ("name") SELECT * FROM UNNEST($1::text[])',
        batchDelete: 'DELETE FROM "accounts" AS d USING UNNEST($1::text[]) AS k("name") WHERE d."name" = k."name"',
      },
      keys: { conflict: null, upsert: null, delete: [0] },
      filledColumns: [{ name: 'id', field: 'id' }, { name: 'created_at', field: 'createdAt' }],
    });
    expect(await accounts.batchInsert(c(), [{ name: 'a' }, { name: 'b' }])).toBe(2);
    const { rows } = await db.client.query<{ id: string; name: string; createdAt: Date }>('SELECT id, name, created_at AS "createdAt" FROM accounts ORDER BY name');
    expect(await accounts.batchDelete(c(), rows)).toBe(2);
    // A misspelt field is still refused.
    const err = await accounts.batchDelete(c(), [{ name: 'a', nmae: 'x' } as never]).then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).toContain('the row has field "nmae"');
  });

  it('a Map, a Set or a Promise (a forgotten await) is refused as a row, not stored as a row of NULLs', () => {
    const notes = defineTable<{ note?: string | null }>({
      table: 'notes',
      columns: [{ name: 'note', field: 'note', nullable: true, codec: codecs.text(), paramOid: 25 }],
      sql: { copyBinary: '', copyText: '', batchInsert: '' },
    });
    for (const row of [new Map([['note', 'x']]), new Set(['note']), Promise.resolve({ note: 'x' })]) {
      for (const extraFields of ['error', 'ignore'] as const) {
        for (const format of ['binary', 'text'] as const) {
          expect(() => notes.copyRows([row as never], { extraFields, format })).toThrow(/row 0: a row must be a plain object with the table's fields, not a (Map|Set|Promise)/);
        }
      }
    }
    expect(() => notes.copyRows([Promise.resolve({ note: 'x' }) as never])).toThrow(/missing await/);
    expect(notes.copyRows([{ note: 'x' }, {}]).length).toBeGreaterThan(0);
  });

  it('a misspelt field of a NOT NULL column is named in the missing-value error', async () => {
    const { ledgerSequence: _, ...rest } = tx(4);
    const err = await transactions.batchInsert(c(), [{ ...rest, ledgerSequnce: 1 } as never]).then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).toMatch(/missing value for NOT NULL column .*field "ledgerSequence".*the row has field "ledgerSequnce"/);
  });

  it('a field of a column the database fills is refused by name', async () => {
    const row = { sequence: 7, hash: Buffer.from([7]), prevHash: Buffer.from([6]), closedAt: at, protocolVersion: 20, transactionCount: 1, operationCount: 1, totalCoins: '1', feePool: '0', ingestedAt: at };
    for (const run of [() => ledgers.batchInsert(c(), [row as never]), () => ledgers.copyInto(c(), [row as never])]) {
      const err = await run().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(PgTwinValueError);
      expect((err as Error).message).toContain('column "ingested_at" is filled by the database and rows cannot set it');
    }
    expect(await ledgers.batchInsert(c(), [row as never], { extraFields: 'ignore' })).toBe(1);
  });

  it('exact: an extra field is found when a known field is undefined, and on class instances whose fields are getters', async () => {
    const withUndefined = { ...tx(5), memo: undefined, memoo: 'x' };
    expect(() => transactions.copyRows([withUndefined as never])).toThrow(/"memoo"/);
    class Tx {
      constructor(readonly extra: string) {}
    }
    for (const [k, v] of Object.entries(tx(6))) Object.defineProperty(Tx.prototype, k, { get: () => v });
    // Own keys: 1 ("extra"); fields read: all of them, from the prototype.
    expect(() => transactions.copyRows([new Tx('x') as never])).toThrow(/the row has field "extra"/);
    expect(() => transactions.copyRows([new Tx('x') as never], { format: 'text' })).toThrow(/the row has field "extra"/);
    // Without the extra field an instance is a valid row.
    class Plain {}
    for (const [k, v] of Object.entries(tx(6))) Object.defineProperty(Plain.prototype, k, { get: () => v });
    expect(transactions.copyRows([new Plain() as never]).length).toBeGreaterThan(0);
    // An enumerable key on Object.prototype (polluted) is not a field of the row.
    Object.defineProperty(Object.prototype, 'pollution', { value: 1, enumerable: true, configurable: true, writable: true });
    try {
      expect(transactions.copyRows([tx(7)]).length).toBeGreaterThan(0);
      expect(() => transactions.copyRows([{ ...tx(7), memoo: 'x' } as never])).toThrow(/"memoo"/);
    } finally {
      delete (Object.prototype as Record<string, unknown>).pollution;
    }
    // Null-prototype objects are rows too.
    expect(transactions.copyRows([Object.assign(Object.create(null) as object, tx(6)) as never]).length).toBeGreaterThan(0);
  });

  it("copyIntoParallel: a misspelt field is refused; extraFields: 'ignore' passes through to each chunk", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2, options: '-c TimeZone=UTC' });
    try {
      const before = await snapshot();
      const err = await transactions.copyIntoParallel(pool, misspelt, { connections: 2 }).then(() => undefined, (e: unknown) => e);
      const cause = err instanceof PgTwinValueError ? err : (err as Error | undefined)?.cause;
      expect(cause).toBeInstanceOf(PgTwinValueError);
      expect((cause as PgTwinValueError).rowIndex).toBe(2);
      expect((cause as Error).message).toContain('"memoo", which the table does not have (did you mean "memo"?)');
      expect(await snapshot()).toBe(before);
      const rows = [20, 21, 22].map((id) => ({ ...tx(id), source: 'kafka' }) as transactions.TransactionsInsert);
      const result = await transactions.copyIntoParallel(pool, rows, { connections: 2, extraFields: 'ignore' });
      expect(result.rows).toBe(3);
      const { rows: stored } = await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions WHERE id BETWEEN 20 AND 22');
      expect(stored[0]?.n).toBe(3);
    } finally {
      await pool.end();
    }
  });

  it("extraFields: 'ignore' stores rows that carry other data, on every path", async () => {
    const extra = (id: number) => ({ ...tx(id), source: 'kafka', offset: id }) as transactions.TransactionsInsert;
    expect(await transactions.copyInto(c(), [extra(10)], { extraFields: 'ignore' })).toBe(1);
    expect(await transactions.copyInto(c(), [extra(11)], { format: 'text', extraFields: 'ignore' })).toBe(1);
    expect(await transactions.copyInto(c(), [extra(12)], { onConflict: 'doNothing', extraFields: 'ignore' })).toEqual({ copied: 1, inserted: 1 });
    expect(await transactions.batchInsert(c(), [extra(13)], { extraFields: 'ignore' })).toBe(1);
    expect(transactions.copyRows([extra(14)], { extraFields: 'ignore' })).toEqual(transactions.copyRows([tx(14)]));
    const b = { ...balance('GV'), source: 'x' } as balances.BalancesInsert;
    expect(await balances.batchUpsert(c(), [b], { extraFields: 'ignore' })).toBe(1);
    expect(await balances.batchApply(c(), { upsert: [b], delete: [{ account: 'GZ', asset: 'native', note: 1 } as never] }, { extraFields: 'ignore' })).toEqual({ upserted: 1, deleted: 1 });
    const { rows } = await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions WHERE id BETWEEN 10 AND 13');
    expect(rows[0]?.n).toBe(4);
  });
});
