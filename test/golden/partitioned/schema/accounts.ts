import { bigint, defineTable, numeric, sql, varchar } from 'pgtwin/schema';

/** Citus: distributed by account id. */
export default defineTable({
  name: 'accounts',
  columns: {
    account_id: bigint(),
    name: varchar(80),
    balance: numeric(39, 0),
  },
  primaryKey: ['account_id'],
  upsert: { set: { balance: sql('"accounts"."balance" + EXCLUDED."balance"') } },
  distributeBy: { column: 'account_id' },
});
