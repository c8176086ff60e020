import { bigint, defineTable, numeric, sql, timestamptz, varchar } from 'pgtwin/schema';

/**
 * Current balance per account and asset: composite key, upserted as ledgers arrive. A
 * balance is the value after the ledger, so within one batch the last row for a key wins,
 * and an older ledger never overwrites a newer one.
 */
export default defineTable({
  name: 'balances',
  columns: {
    account: varchar(56),
    asset: varchar(64),
    balance: numeric(39, 0),
    last_modified_ledger: bigint(),
    updated_at: timestamptz(),
  },
  primaryKey: ['account', 'asset'],
  upsert: {
    where: sql('EXCLUDED."last_modified_ledger" >= "balances"."last_modified_ledger"'),
    duplicates: 'lastWins',
  },
  deleteKey: 'primaryKey',
});
