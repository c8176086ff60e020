import { defineTable, timeRangePartitions } from 'pgtwin/schema';
import { ledgerEntryColumns } from './ledger-entries.ts';

/**
 * The benchmark's row in a table range-partitioned on closed_at (issue 9): the same columns
 * and rows as ledger_entries. The rows' close times span 2015–2025, so the 12 partitions
 * are yearly (2015–2026) rather than monthly, keeping the rows identical to the unpartitioned
 * load (one digest for both).
 */
export default defineTable({
  name: 'ledger_entries_partitioned',
  columns: ledgerEntryColumns,
  primaryKey: ['id', 'closed_at'],
  upsert: {},
  partitionBy: {
    kind: 'range',
    columns: ['closed_at'],
    partitions: timeRangePartitions({ prefix: 'ledger_entries_partitioned', from: '2015-01', to: '2027-01', interval: 'year' }),
  },
});
