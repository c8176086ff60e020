import { bigint, defineTable, numeric, timestamptz, varchar } from 'pgtwin/schema';

/** Current balance per account and asset: composite key, upserted as ledgers arrive. */
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
});
