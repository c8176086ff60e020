import { defineTable, integer, text, varchar } from 'pgtwin/schema';

/** Identifiers that need quoting: reserved words, mixed case, spaces, double quotes, non-ASCII. */
export default defineTable({
  name: 'Order Items "v2"',
  columns: {
    select: integer(),
    'Mixed Case': text().field('mixedCase'),
    'quote"d': varchar(10).nullable().field('quoted'),
    'größe': text().default("it's; DROP TABLE x; --").field('groesse'),
  },
  primaryKey: ['select'],
});
