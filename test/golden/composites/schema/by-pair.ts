import { compositeOf, defineTable, integer } from 'pgtwin/schema';
import { pairKey } from './types.ts';

/** A composite primary key: conflict target, upsert target and delete key. */
export default defineTable({
  name: 'by_pair',
  columns: {
    key: compositeOf(pairKey),
    n: integer(),
  },
  primaryKey: ['key'],
  upsert: { set: { n: 'excluded' } },
  deleteKey: 'primaryKey',
});
