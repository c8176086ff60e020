import { bigint, defineTable, enumOf, integer, jsonb, numeric, timestamptz, varchar } from 'pgtwin/schema';
import { operationType } from './enums.ts';

/** One operation of a transaction. */
export default defineTable({
  name: 'operations',
  columns: {
    id: bigint(),
    transaction_id: bigint().references('transactions', 'id'),
    application_order: integer(),
    type: enumOf(operationType),
    source_account: varchar(56).nullable(),
    amount: numeric(39, 7).nullable(),
    details: jsonb(),
    closed_at: timestamptz(),
  },
  primaryKey: ['id'],
});
