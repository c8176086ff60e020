import { bigint, boolean, bytea, char, defineTable, integer, jsonb, smallint, text, timestamptz, varchar } from 'pgtwin/schema';

/** One transaction of a ledger. */
export default defineTable({
  name: 'transactions',
  columns: {
    id: bigint(),
    hash: bytea(),
    ledger_sequence: bigint().references('ledgers', 'sequence'),
    application_order: integer(),
    source_account: varchar(56),
    account_sequence: bigint(),
    fee_charged: bigint(),
    max_fee: bigint(),
    operation_count: smallint(),
    successful: boolean(),
    memo_type: char(4).default('none'),
    memo: text().nullable(),
    signatures: text().array(),
    result_meta: jsonb().nullable(),
    closed_at: timestamptz(),
  },
  primaryKey: ['id'],
  unique: [['hash']],
});
