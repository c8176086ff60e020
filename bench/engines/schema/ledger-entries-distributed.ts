import { defineTable } from 'pgtwin/schema';
import { ledgerEntryColumns } from '../../schema/ledger-entries.ts';

/**
 * The benchmark's row in a Citus distributed table (bench/engines.ts), hash-distributed by id;
 * its statements count RETURNING rows. Same key as the hypertable, so that the two generated
 * batchInsert statements (bare and counted) can be timed on identical plain tables.
 */
export default defineTable({
  name: 'ledger_entries_distributed',
  columns: ledgerEntryColumns,
  primaryKey: ['id', 'closed_at'],
  distributeBy: { column: 'id' },
});
