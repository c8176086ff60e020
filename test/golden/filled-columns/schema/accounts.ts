import { bigint, defineTable, numeric, sql, text, timestamptz } from 'pgtwin/schema';

/** Columns the database fills are left out of both insert paths. */
export default defineTable({
  name: 'accounts',
  columns: {
    id: bigint().identity(),
    name: text(),
    balance: numeric(39, 0).default(0),
    doubled: numeric(39, 0).generatedAs(sql('balance * 2')),
    created_at: timestamptz().filledByDatabase(sql('now()')),
  },
  primaryKey: ['id'],
  unique: [['name']],
  conflictTarget: ['name'],
});
