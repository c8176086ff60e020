import { bigint, defineTable, enumOf, integer, jsonb, numeric, timeRangePartitions, timestamptz, varchar } from 'pgtwin/schema';
import { operationType } from './enums.ts';

/**
 * One operation of a transaction, range-partitioned by month on the ledger's close time.
 * No foreign key to "transactions": a key of a partitioned table includes its partition
 * column, and the pipeline writes transactions and operations of a ledger together anyway.
 */
export default defineTable({
  name: 'operations',
  columns: {
    id: bigint(),
    transaction_id: bigint(),
    application_order: integer(),
    type: enumOf(operationType),
    source_account: varchar(56).nullable(),
    amount: numeric(39, 7).nullable(),
    details: jsonb(),
    closed_at: timestamptz(),
  },
  primaryKey: ['id', 'closed_at'],
  partitionBy: {
    kind: 'range',
    columns: ['closed_at'],
    partitions: timeRangePartitions({ prefix: 'operations', from: '2024-01', to: '2026-01', interval: 'month' }),
    defaultPartition: true,
  },
});
