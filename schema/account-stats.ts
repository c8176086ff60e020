import { bigint, defineTable, numeric, sql, varchar } from 'pgtwin/schema';

/**
 * Running totals per account: an upsert adds the batch's figures to the stored ones, so two
 * rows for one account in a batch are an error rather than collapsed.
 */
export default defineTable({
  name: 'account_stats',
  columns: {
    account: varchar(56),
    operation_count: bigint(),
    fees_paid: numeric(39, 0),
    last_seen_ledger: bigint(),
  },
  primaryKey: ['account'],
  upsert: {
    set: {
      operation_count: sql('"account_stats"."operation_count" + EXCLUDED."operation_count"'),
      fees_paid: sql('"account_stats"."fees_paid" + EXCLUDED."fees_paid"'),
      last_seen_ledger: sql('GREATEST("account_stats"."last_seen_ledger", EXCLUDED."last_seen_ledger")'),
    },
    duplicates: 'reject',
  },
  deleteKey: 'primaryKey',
});
