/**
 * A catalogue of bad values, through every entry point: each gives a PgTwinValueError naming
 * table, column, row index and the value's type, and the table is unchanged afterwards.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as accountStats from '../../generated/account-stats.ts';
import * as balances from '../../generated/balances.ts';
import * as ledgers from '../../generated/ledgers.ts';
import * as operations from '../../generated/operations.ts';
import * as stateChanges from '../../generated/state-changes.ts';
import * as transactions from '../../generated/transactions.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');

const at = '2024-03-01T12:00:00.000001Z';
const good = {
  ledgers: { sequence: 1, hash: Buffer.from([1]), prevHash: Buffer.from([0]), closedAt: at, protocolVersion: 20, transactionCount: 1, operationCount: 1, totalCoins: '1', feePool: '0' },
  transactions: { id: 1, hash: Buffer.from([1]), ledgerSequence: 1, applicationOrder: 1, sourceAccount: 'GA', accountSequence: 1, feeCharged: 1, maxFee: 1, operationCount: 1, successful: true, memoType: 'none', signatures: ['s'], closedAt: at },
  operations: { id: 1, transactionId: 1, applicationOrder: 1, type: 'payment', details: {}, closedAt: at },
  stateChanges: { operationId: 1, changeIndex: 0, ledgerSequence: 1, account: 'GA', reason: 'credit', closedAt: at },
  balances: { account: 'GA', asset: 'native', balance: 1n, lastModifiedLedger: 1, updatedAt: at },
  accountStats: { account: 'GA', operationCount: 1, feesPaid: 1n, lastSeenLedger: 1 },
} as const;

type TableKey = keyof typeof good;

interface Module {
  tableName: string;
  copyInto: (...a: never[]) => Promise<unknown>;
}
const modules: Record<TableKey, Module> = { ledgers, transactions, operations, stateChanges, balances, accountStats } as never;

/** [table, field, bad value, SQL column, value type, reason pattern] */
const catalogue: [TableKey, string, unknown, string, string, RegExp][] = [
  ['ledgers', 'protocolVersion', 40000, 'protocol_version', 'number', /out of range for smallint/],
  ['ledgers', 'protocolVersion', 1.5, 'protocol_version', 'number', /integer/],
  ['ledgers', 'protocolVersion', Number.NaN, 'protocol_version', 'number', /./],
  ['ledgers', 'protocolVersion', '20.5', 'protocol_version', 'string', /not a smallint/],
  ['ledgers', 'protocolVersion', '0x10', 'protocol_version', 'string', /not a smallint/],
  ['ledgers', 'protocolVersion', '40000', 'protocol_version', 'string', /out of range for smallint/],
  ['ledgers', 'transactionCount', 2 ** 31, 'transaction_count', 'number', /out of range/],
  ['ledgers', 'transactionCount', Number.POSITIVE_INFINITY, 'transaction_count', 'number', /./],
  ['ledgers', 'sequence', 2 ** 53 + 2, 'sequence', 'number', /2\^53/],
  ['ledgers', 'sequence', 9223372036854775808n, 'sequence', 'bigint', /out of range/],
  ['ledgers', 'sequence', '12abc', 'sequence', 'string', /./],
  ['ledgers', 'sequence', true, 'sequence', 'boolean', /./],
  ['ledgers', 'sequence', undefined, 'sequence', 'undefined', /missing value for NOT NULL column/],
  ['ledgers', 'sequence', null, 'sequence', 'null', /missing value for NOT NULL column/],
  ['ledgers', 'hash', 'deadbeef', 'hash', 'string', /./],
  ['ledgers', 'hash', [1, 2], 'hash', 'array', /./],
  ['ledgers', 'totalCoins', '1e40', 'total_coins', 'string', /./],
  ['ledgers', 'totalCoins', 1e40, 'total_coins', 'number', /overflows numeric\(39,0\)/],
  ['ledgers', 'totalCoins', ' 1 2 ', 'total_coins', 'string', /not a valid numeric/],
  ['ledgers', 'totalCoins', '-nan', 'total_coins', 'string', /not a valid numeric/],
  ['ledgers', 'totalCoins', '-inf', 'total_coins', 'string', /cannot hold an infinite value/],
  ['ledgers', 'totalCoins', 'twelve', 'total_coins', 'string', /./],
  ['ledgers', 'totalCoins', 'Infinity', 'total_coins', 'string', /./],
  ['ledgers', 'closedAt', new Date(Number.NaN), 'closed_at', 'Date', /./],
  ['ledgers', 'closedAt', '2024-02-30T00:00:00Z', 'closed_at', 'string', /./],
  ['ledgers', 'closedAt', '2024-01-01T00:00:00.1234567Z', 'closed_at', 'string', /./],
  ['ledgers', 'closedAt', 1700000000000, 'closed_at', 'number', /./],
  ['ledgers', 'closedAt', '294277-01-01T00:00:00Z', 'closed_at', 'string', /outside PostgreSQL's timestamp range/],
  ['ledgers', 'closedAt', '4714-11-23 23:59:59+00 BC', 'closed_at', 'string', /outside PostgreSQL's timestamp range/],
  ['ledgers', 'closedAt', '2024-01-01 25:00:00', 'closed_at', 'string', /not a time of day/],
  ['ledgers', 'closedAt', '0000-06-01 00:00:00+00 BC', 'closed_at', 'string', /no year 0/],
  ['ledgers', 'closedAt', '2024-01-01 00:00:00+16', 'closed_at', 'string', /UTC offset out of range/],
  ['ledgers', 'closedAt', new Date(-8.64e15), 'closed_at', 'Date', /outside PostgreSQL's timestamp range/],
  ['ledgers', 'hash', '\\XFF', 'hash', 'string', /hex form/],
  ['ledgers', 'hash', '\\x0', 'hash', 'string', /hex form/],
  ['transactions', 'sourceAccount', 'G'.repeat(57), 'source_account', 'string', /./],
  ['transactions', 'memo', 'nul\u0000inside', 'memo', 'string', /NUL/],
  ['transactions', 'memo', 'lone \uD800 surrogate', 'memo', 'string', /./],
  ['transactions', 'memo', 42, 'memo', 'number', /./],
  ['transactions', 'memoType', 'toolong', 'memo_type', 'string', /./],
  ['transactions', 'successful', 'yess', 'successful', 'string', /expected a boolean/],
  ['transactions', 'successful', 'o', 'successful', 'string', /expected a boolean/],
  ['transactions', 'sourceAccount', `${'G'.repeat(56)}  x`, 'source_account', 'string', /too long for varchar\(56\)/],
  ['transactions', 'memoType', 'none \t', 'memo_type', 'string', /too long for char\(4\)/],
  ['transactions', 'signatures', '{a,{b}}', 'signatures', 'string', /unexpected "{": a sub-array beside an element/],
  ['transactions', 'signatures', '{{a},{b,c}}', 'signatures', 'string', /multidimensional arrays must have sub-arrays with matching dimensions/],
  ['transactions', 'signatures', '[0:0]={a}', 'signatures', 'string', /dimension decorations/],
  ['transactions', 'successful', 1, 'successful', 'number', /./],
  ['transactions', 'signatures', 'not-an-array', 'signatures', 'string', /./],
  // A rectangular nested array is a 2-D text[] (PostgreSQL ignores the declared dimensions); a ragged one is refused.
  ['transactions', 'signatures', [['a'], ['b', 'c']], 'signatures', 'array', /multidimensional arrays must have array expressions with matching dimensions/],
  ['transactions', 'signatures', ['ok', 7], 'signatures', 'array', /element 1/],
  ['transactions', 'resultMeta', { big: 1n }, 'result_meta', 'Object', /./],
  ['transactions', 'resultMeta', { n: Number.NaN }, 'result_meta', 'Object', /./],
  ['transactions', 'resultMeta', 'has \u0000 NUL', 'result_meta', 'string', /./],
  ['transactions', 'resultMeta', () => 1, 'result_meta', 'function', /./],
  ['operations', 'type', 'paymnet', 'type', 'string', /./],
  ['operations', 'type', 3, 'type', 'number', /./],
  ['operations', 'details', undefined, 'details', 'undefined', /missing value/],
  ['stateChanges', 'sponsorId', 'not-a-uuid', 'sponsor_id', 'string', /./],
  ['stateChanges', 'sponsorId', '123e4567e89b12d3a456426614174000', 'sponsor_id', 'string', /./],
  ['stateChanges', 'peerAddress', '256.1.1.1', 'peer_address', 'string', /./],
  ['stateChanges', 'peerAddress', '2001:db8::1::2', 'peer_address', 'string', /./],
  ['stateChanges', 'peerNetwork', '10.0.0.1/8', 'peer_network', 'string', /./],
  ['stateChanges', 'peerNetwork', '10.1.0.0/8', 'peer_network', 'string', /bits set to the right of the \/8 mask/],
  ['stateChanges', 'peerNetwork', '10.1.2.3.4', 'peer_network', 'string', /not an IPv4 or IPv6 network/],
  ['stateChanges', 'peerNetwork', '10.256', 'peer_network', 'string', /not an IPv4 or IPv6 network/],
  ['stateChanges', 'expiresOn', '2023-02-30', 'expires_on', 'string', /not a calendar date/],
  ['stateChanges', 'expiresOn', '5874898-01-01', 'expires_on', 'string', /outside PostgreSQL's date range/],
  ['stateChanges', 'expiresOn', '4714-11-23 BC', 'expires_on', 'string', /outside PostgreSQL's date range/],
  ['stateChanges', 'expiresOn', 'yesterday', 'expires_on', 'string', /not a date/],
  ['stateChanges', 'validFor', '1 fortnight', 'valid_for', 'string', /unknown unit "fortnight"/],
  ['stateChanges', 'validFor', '1 day 25:61:00', 'valid_for', 'string', /below 60/],
  ['stateChanges', 'validFor', '@ 1 yearz', 'valid_for', 'string', /unknown unit "yearz"/],
  ['stateChanges', 'validFor', '1.5 mons', 'valid_for', 'string', /fractional mons/],
  ['stateChanges', 'validFor', '178956971 years', 'valid_for', 'string', /months out of range/],
  ['stateChanges', 'validFor', '1 day 2 days', 'valid_for', 'string', /already given/],
  ['stateChanges', 'validFor', { years: 1, microseconds: 5 }, 'valid_for', 'Object', /unknown key "microseconds"/],
  ['stateChanges', 'validFor', { hours: 1, milliseconds: 0.0001 }, 'valid_for', 'Object', /whole microseconds/],
  ['stateChanges', 'expiresOn', '2023-13-01', 'expires_on', 'string', /./],
  ['stateChanges', 'validFor', { months: 1.5 }, 'valid_for', 'Object', /./],
  ['stateChanges', 'validFor', 'P1Q', 'valid_for', 'string', /./],
  ['stateChanges', 'priceApprox', 1e39, 'price_approx', 'number', /./],
  ['stateChanges', 'price', '1.5x', 'price', 'string', /not a double precision/],
  ['stateChanges', 'price', '1e400', 'price', 'string', /out of range for type double precision/],
  ['stateChanges', 'priceApprox', '1e39', 'price_approx', 'string', /out of range for type real/],
  ['stateChanges', 'thresholds', [1, 70000], 'thresholds', 'array', /./],
  ['stateChanges', 'operationTypes', ['payment', 'bogus'], 'operation_types', 'array', /./],
  ['stateChanges', 'observedAt', '2024-01-01T00:00:00+02:00', 'observed_at', 'string', /./],
  ['balances', 'account', 'x'.repeat(57), 'account', 'string', /./],
  ['balances', 'balance', `1${'0'.repeat(39)}`, 'balance', 'string', /./],
  ['balances', 'lastModifiedLedger', -1.5, 'last_modified_ledger', 'number', /./],
  ['balances', 'updatedAt', 'yesterday', 'updated_at', 'string', /./],
  ['accountStats', 'feesPaid', 'NaN?', 'fees_paid', 'string', /./],
  ['accountStats', 'operationCount', 3.14, 'operation_count', 'number', /./],
];

/** Entry points per table; every one must refuse the bad row at index 2 of 3. */
function entryPoints(table: TableKey): [string, (rows: object[]) => Promise<unknown>][] {
  const m = modules[table] as unknown as Record<string, (...a: unknown[]) => Promise<unknown> | Buffer>;
  const c = db.client;
  const points: [string, (rows: object[]) => Promise<unknown>][] = [
    ['copyInto binary', async (rows) => m.copyInto!(c, rows)],
    ['copyInto text', async (rows) => m.copyInto!(c, rows, { format: 'text' })],
    ['copyInto onConflict', async (rows) => m.copyInto!(c, rows, { onConflict: 'doNothing' })],
    ['copyRows binary', async (rows) => m.copyRows!(rows)],
    ['copyRows text', async (rows) => m.copyRows!(rows, { format: 'text' })],
    ['batchInsert', async (rows) => m.batchInsert!(c, rows)],
  ];
  if (m.batchUpsert) points.push(['batchUpsert', async (rows) => m.batchUpsert!(c, rows)]);
  if (m.batchApply) points.push(['batchApply', async (rows) => m.batchApply!(c, { upsert: rows })]);
  return points;
}

async function snapshot(): Promise<string> {
  const { rows } = await db.client.query<{ s: string }>(
    `SELECT concat_ws('|', (SELECT count(*) FROM ledgers), (SELECT count(*) FROM transactions), (SELECT count(*) FROM operations),
       (SELECT count(*) FROM state_changes), (SELECT string_agg(b::text, ',' ORDER BY account, asset) FROM balances b),
       (SELECT string_agg(s::text, ',' ORDER BY account) FROM account_stats s)) AS s`,
  );
  return rows[0]?.s ?? '';
}

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8').replace(/ REFERENCES "[^"]+" \("[^"]+"\)/g, ''));
  // Something to leave unchanged.
  await ledgers.copyInto(db.client, [{ ...good.ledgers, sequence: 999, hash: Buffer.from([9, 9]) }]);
  await balances.batchUpsert(db.client, [{ ...good.balances, account: 'GZ' }]);
  await accountStats.batchUpsert(db.client, [{ ...good.accountStats, account: 'GZ' }]);
});

describe('bad values', () => {
  it('has a catalogue of at least 40 distinct bad values over every type family', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
    expect(new Set(catalogue.map(([t, f]) => `${t}.${f}`)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(catalogue.map((c, i) => [i, ...c] as const))('#%i %s.%s = %s is refused by every entry point, table unchanged', async (_i, table, field, value, column, valueType, reason) => {
    const before = await snapshot();
    const base = good[table] as Record<string, unknown>;
    const row = (n: number) => ({ ...base, ...('sequence' in base ? { sequence: 10 + n, hash: Buffer.from([n]) } : {}), ...('id' in base ? { id: 10 + n, ...('hash' in base && { hash: Buffer.from([n]) }) } : {}), ...('operationId' in base ? { operationId: 10 + n } : {}), ...('account' in base ? { account: `G${n}` } : {}) });
    const bad = { ...row(2), [field]: value };
    if (value === undefined) delete (bad as Record<string, unknown>)[field];
    const rows = [row(0), row(1), bad];
    for (const [name, run] of entryPoints(table)) {
      const err = await run(rows).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, `${name} accepted it`).toBeInstanceOf(PgTwinValueError);
      const e = err as PgTwinValueError;
      expect({ table: e.table, column: e.column, rowIndex: e.rowIndex, valueType: e.valueType }, name).toEqual({ table: modules[table].tableName, column, rowIndex: 2, valueType });
      expect(e.reason, name).toMatch(reason);
      expect(e.message, name).toContain(`table "${modules[table].tableName}", column "${column}", row 2`);
      expect(await snapshot(), `${name} changed the database`).toBe(before);
    }
  });

  it('batchDelete refuses a bad key naming the key column and row', async () => {
    const before = await snapshot();
    const err = await balances.batchDelete(db.client, [{ account: 'GA', asset: 'x' }, { account: 'GA', asset: 5 as unknown as string }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PgTwinValueError', table: 'balances', column: 'asset', rowIndex: 1, valueType: 'number' });
    const missing = await accountStats.batchDelete(db.client, [{} as { account: string }]).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'PgTwinValueError', table: 'account_stats', column: 'account', rowIndex: 0, valueType: 'undefined' });
    const apply = await balances.batchApply(db.client, { delete: [{ account: 'x'.repeat(80), asset: 'native' }] }).catch((e: unknown) => e);
    expect(apply).toMatchObject({ name: 'PgTwinValueError', table: 'balances', column: 'account', rowIndex: 0 });
    expect(await snapshot()).toBe(before);
  });

  it('a row that is not an object is refused naming the row', async () => {
    const err = await ledgers.batchInsert(db.client, [good.ledgers, 42 as never]).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PgTwinValueError', table: 'ledgers', column: null, rowIndex: 1, valueType: 'number' });
  });
});
