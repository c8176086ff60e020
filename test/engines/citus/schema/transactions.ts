import type { TableDef } from 'pgtwin/schema';
import example from '../../../../schema/transactions.ts';

/**
 * The example's monthly-partitioned `transactions`, distributed: a distributed partitioned
 * table. Its keys are (id, closed_at) and (hash, closed_at), so closed_at is the only column
 * every key contains, and Citus needs the distribution column in every key. With an upsert
 * and a delete key so that every path runs.
 */
export default Object.freeze({
  ...example,
  distributeBy: { column: 'closed_at' },
  upsert: { duplicates: 'lastWins' as const },
  deleteKey: 'primaryKey',
}) satisfies TableDef;
