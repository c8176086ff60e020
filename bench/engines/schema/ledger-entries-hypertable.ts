import { defineTable } from 'pgtwin/schema';
import { ledgerEntryColumns } from '../../schema/ledger-entries.ts';

/**
 * The benchmark's row as a TimescaleDB hypertable with columnstore (bench/engines.ts): the
 * rows' close times span 2015–2025, so one chunk per 365 days. The bench also creates the same
 * table without the TimescaleDB options, as the plain reference.
 */
export default defineTable({
  name: 'ledger_entries_hypertable',
  columns: ledgerEntryColumns,
  primaryKey: ['id', 'closed_at'],
  hypertable: { timeColumn: 'closed_at', chunkInterval: '365 days', segmentBy: ['ledger'], orderBy: ['closed_at DESC'] },
});
