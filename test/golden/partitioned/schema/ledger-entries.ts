import { bigint, defineTable, numeric, timestamptz } from 'pgtwin/schema';

/** Citus: co-located with accounts; also range-partitioned by month (Citus distributes partitioned tables). */
export default defineTable({
  name: 'ledger_entries',
  columns: {
    account_id: bigint(),
    entry_id: bigint(),
    amount: numeric(39, 0),
    booked_at: timestamptz(),
  },
  primaryKey: ['account_id', 'entry_id', 'booked_at'],
  deleteKey: 'primaryKey',
  distributeBy: { column: 'account_id', colocateWith: 'accounts' },
  partitionBy: {
    kind: 'range',
    columns: ['booked_at'],
    partitions: [{ name: 'ledger_entries_2024', from: '2024-01-01', to: '2025-01-01' }],
    defaultPartition: true,
  },
});
