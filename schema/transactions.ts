import { bigint, boolean, bytea, char, defineTable, integer, jsonb, smallint, text, timeRangePartitions, timestamptz, varchar } from 'pgtwin/schema';

/**
 * One transaction of a ledger. Range-partitioned by month on the ledger's close time, as an
 * indexer's event tables are: every key includes `closed_at` (PostgreSQL enforces uniqueness
 * only within a partition), so the hash is unique per close time. Months after 2025 go to
 * the default partition until `ensureRangePartitions` creates theirs.
 */
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
  primaryKey: ['id', 'closed_at'],
  unique: [['hash', 'closed_at']],
  partitionBy: {
    kind: 'range',
    columns: ['closed_at'],
    partitions: timeRangePartitions({ prefix: 'transactions', from: '2024-01', to: '2026-01', interval: 'month' }),
    defaultPartition: true,
  },
});
