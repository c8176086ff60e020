import { defineTable, doublePrecision, integer, text, timestamptz } from 'pgtwin/schema';

/** TimescaleDB: a hypertable on a timestamptz with one-day chunks. */
export default defineTable({
  name: 'metrics',
  columns: {
    at: timestamptz(),
    series: text(),
    value: doublePrecision(),
  },
  primaryKey: ['series', 'at'],
  hypertable: { timeColumn: 'at', chunkInterval: '1 day' },
});

/** TimescaleDB: an integer time column (ledger sequence), 100,000 per chunk. */
export const ticks = defineTable({
  name: 'ticks',
  columns: {
    seq: integer(),
    note: text().nullable(),
  },
  primaryKey: ['seq'],
  hypertable: { timeColumn: 'seq', chunkInterval: 100000 },
});
