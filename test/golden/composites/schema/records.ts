import { compositeOf, defineTable, integer } from 'pgtwin/schema';
import { entry, pair } from './types.ts';

export default defineTable({
  name: 'records',
  columns: {
    id: integer(),
    pair: compositeOf(pair),
    maybe_pair: compositeOf(pair).nullable(),
    pairs: compositeOf(pair).array().nullable(),
    entry: compositeOf(entry).nullable(),
    entries: compositeOf(entry).array().nullable(),
  },
  primaryKey: ['id'],
  upsert: { set: { pair: 'excluded', entry: 'excluded' } },
});
