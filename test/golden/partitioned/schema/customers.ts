import { bigint, defineTable, enumOf, integer, text } from 'pgtwin/schema';
import { region } from './region.ts';

/** List on an enum (with NULL-free keys), plus a default partition; a text column with a quote in a bound elsewhere. */
export default defineTable({
  name: 'customers',
  columns: {
    id: bigint(),
    region: enumOf(region),
    name: text(),
    score: integer(),
  },
  primaryKey: ['id', 'region'],
  partitionBy: {
    kind: 'list',
    columns: ['region'],
    partitions: [
      { name: 'customers_eu', values: ['eu'] },
      { name: 'customers_americas', values: ['us', 'latam'] },
    ],
    defaultPartition: 'customers_rest',
  },
});
