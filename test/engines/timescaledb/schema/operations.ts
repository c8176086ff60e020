import type { TableDef } from 'pgtwin/schema';
import example from '../../../../schema/operations.ts';

/** The example's `operations` as a hypertable with columnstore segmented by transaction. */
export default Object.freeze({
  ...example,
  partitionBy: undefined,
  hypertable: { timeColumn: 'closed_at', chunkInterval: '7 days', segmentBy: ['transaction_id'], orderBy: ['closed_at DESC'] },
  upsert: { duplicates: 'reject' as const },
  deleteKey: 'primaryKey',
}) satisfies TableDef;
