import { bigint, defineTable, jsonb, maxValue, minValue, timestamptz } from 'pgtwin/schema';

/** Range on a timestamptz: an open-ended first and last partition, bounds with offsets (stored as UTC). */
export default defineTable({
  name: 'events',
  columns: {
    id: bigint(),
    at: timestamptz(),
    payload: jsonb(),
  },
  primaryKey: ['id', 'at'],
  upsert: { duplicates: 'lastWins' },
  deleteKey: 'primaryKey',
  partitionBy: {
    kind: 'range',
    columns: ['at'],
    partitions: [
      { name: 'events_old', from: minValue, to: '2024-01-01T00:00:00Z' },
      { name: 'events_2024_h1', from: '2024-01-01T00:00:00Z', to: '2024-07-01T02:00:00+02:00' },
      { name: 'events_2024_h2', from: new Date('2024-07-01T00:00:00Z'), to: '2025-01-01 00:00:00.5' },
      { name: 'events_future', from: '2025-01-01 00:00:00.5', to: maxValue },
    ],
  },
});
