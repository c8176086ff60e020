import { bigint, bytea, defineTable, enumOf, jsonb, numeric, text, timestamptz } from 'pgtwin/schema';
import { level } from './level.ts';

export default defineTable({
  name: 'events',
  columns: {
    id: bigint(),
    hash: bytea(),
    level: enumOf(level),
    levels: enumOf(level).array().nullable(),
    amount: numeric(20, 4),
    payload: jsonb().nullable(),
    tags: text().array(),
    at: timestamptz(),
  },
  primaryKey: ['id'],
  unique: [['hash']],
});
