import { bigint, boolean, bytea, defineTable, integer, jsonb, numeric, text, timestamptz } from 'pgtwin/schema';

/**
 * The benchmark's row (issue 11): ten columns of a ledger indexer's event table, one of each
 * kind whose encoding costs differ. `upsert: {}` sets every non-key column from EXCLUDED.
 */
export const ledgerEntryColumns = {
  id: bigint(),
  hash: bytea(),
  ledger: integer(),
  closed_at: timestamptz(),
  amount: numeric(39, 0),
  memo: text(),
  note: text().nullable(),
  flag: boolean(),
  meta: jsonb().nullable(),
  tags: text().array().nullable(),
};

export default defineTable({
  name: 'ledger_entries',
  columns: ledgerEntryColumns,
  primaryKey: ['id'],
  upsert: {},
});
