import type { TableDef } from 'pgtwin/schema';
import example from '../../../../schema/transactions.ts';

/**
 * The example's `transactions` as a TimescaleDB hypertable with columnstore, as a ledger
 * indexer declares its event tables; with an upsert and a delete key so that every path runs.
 */
export default Object.freeze({
  ...example,
  partitionBy: undefined,
  hypertable: { timeColumn: 'closed_at', chunkInterval: '7 days', segmentBy: ['source_account'], orderBy: ['closed_at DESC', 'id DESC'] },
  upsert: { duplicates: 'lastWins' as const },
  deleteKey: 'primaryKey',
}) satisfies TableDef;
