import { bigint, defineTable, numeric } from 'pgtwin/schema';

/** Hash partitioning: four partitions. */
export default defineTable({
  name: 'buckets',
  columns: {
    account: bigint(),
    amount: numeric(20, 2),
  },
  primaryKey: ['account'],
  partitionBy: {
    kind: 'hash',
    columns: ['account'],
    partitions: [0, 1, 2, 3].map((r) => ({ name: `buckets_${r}`, modulus: 4, remainder: r })),
  },
});
