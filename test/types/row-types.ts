/**
 * Type tests: checked by `npm run typecheck` (tsc), not run. Each `@ts-expect-error` line
 * must be an error; if a row type became looser, tsc would report the unused directive.
 */
import type pg from 'pg';
import type { Kysely } from 'kysely';
import type { Database } from '../../generated/index.ts';
import * as balances from '../../generated/balances.ts';
import * as ledgers from '../../generated/ledgers.ts';
import * as operations from '../../generated/operations.ts';
import * as stateChanges from '../../generated/state-changes.ts';
import { jsonText } from '@pgtwin/runtime';

declare const client: pg.Client;
declare const pool: pg.Pool;
declare const kysely: Kysely<Database>;

const ledger: ledgers.LedgersInsert = {
  sequence: 1n,
  hash: Buffer.alloc(32),
  prevHash: new Uint8Array(32),
  closedAt: new Date(),
  protocolVersion: 20,
  transactionCount: 1,
  operationCount: 1,
  totalCoins: '100000000000000000000000000000',
  feePool: 5n,
};

export async function typeChecks(): Promise<void> {
  await ledgers.copyInto(client, [ledger]);
  await ledgers.batchInsert(pool, [ledger]);
  await ledgers.batchInsert(kysely, [ledger]);
  await kysely.transaction().execute((trx) => ledgers.batchInsert(trx, [ledger]));
  const merged: { copied: number; inserted: number } = await ledgers.copyInto(client, [ledger], { onConflict: 'doNothing' });
  const plain: number = await ledgers.copyInto(client, [ledger]);
  void merged;
  void plain;

  // bigint and numeric take bigint, string or number; timestamps take Date or string.
  ledgers.copyRows([{ ...ledger, sequence: '1', totalCoins: 5, closedAt: '2024-01-01T00:00:00.000001Z' }]);
  // @ts-expect-error a boolean is not a bigint
  ledgers.copyRows([{ ...ledger, sequence: true }]);
  // @ts-expect-error an int2 column takes a number, not a string
  ledgers.copyRows([{ ...ledger, protocolVersion: '20' }]);
  // @ts-expect-error bytea takes bytes, not a hex string
  ledgers.copyRows([{ ...ledger, hash: 'deadbeef' }]);
  // @ts-expect-error a timestamp does not take a number
  ledgers.copyRows([{ ...ledger, closedAt: 1700000000000 }]);
  // @ts-expect-error a NOT NULL column cannot be null
  ledgers.copyRows([{ ...ledger, feePool: null }]);
  // @ts-expect-error a NOT NULL column cannot be missing
  ledgers.copyRows([{ sequence: 1n }]);
  // @ts-expect-error columns the database fills are not part of the insert row
  ledgers.copyRows([{ ...ledger, ingestedAt: new Date() }]);

  const op: operations.OperationsInsert = { id: 1, transactionId: 1, applicationOrder: 0, type: 'payment', details: { a: [1, 'x', null] }, closedAt: new Date() };
  operations.copyRows([{ ...op, details: 'a JSON string value' }, { ...op, details: jsonText('{"raw":true}') }, { ...op, sourceAccount: null }]);
  // @ts-expect-error an enum column takes one of its labels
  operations.copyRows([{ ...op, type: 'paymnet' }]);
  // @ts-expect-error a NOT NULL jsonb column cannot take a JS null (that is SQL NULL; JSON null is jsonText('null'))
  operations.copyRows([{ ...op, details: null }]);
  // @ts-expect-error JSON values cannot hold undefined or functions
  operations.copyRows([{ ...op, details: { f: () => 1 } }]);

  const sc = {} as stateChanges.StateChangesInsert;
  stateChanges.copyRows([{ ...sc, thresholds: [1, null, 3], signerKeys: ['a', null], operationTypes: ['payment', null] }]);
  // @ts-expect-error array elements have the element type
  stateChanges.copyRows([{ ...sc, thresholds: ['1'] }]);
  // @ts-expect-error enum array elements are labels
  stateChanges.copyRows([{ ...sc, operationTypes: ['nope'] }]);

  await balances.batchDelete(client, [{ account: 'GA', asset: 'x' }]);
  // @ts-expect-error a delete key needs every key column
  await balances.batchDelete(client, [{ account: 'GA' }]);
  // @ts-expect-error ledgers declares no upsert
  await ledgers.batchUpsert(client, [ledger]);

  const row = {} as ledgers.LedgersRow;
  const seq: string = row.sequence;
  const at: Date = row.ingestedAt;
  void seq;
  void at;
}
