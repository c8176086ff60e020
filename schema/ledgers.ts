import { bigint, bytea, defineTable, integer, numeric, smallint, sql, timestamptz } from 'pgtwin/schema';

/** One closed ledger: the parent of every event row. */
export default defineTable({
  name: 'ledgers',
  columns: {
    sequence: bigint(),
    hash: bytea(),
    prev_hash: bytea(),
    closed_at: timestamptz(),
    protocol_version: smallint(),
    transaction_count: integer(),
    operation_count: integer(),
    total_coins: numeric(39, 0),
    fee_pool: numeric(39, 0),
    ingested_at: timestamptz().filledByDatabase(sql('now()')),
  },
  primaryKey: ['sequence'],
  unique: [['hash']],
});
