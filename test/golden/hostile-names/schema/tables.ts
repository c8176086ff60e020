import { defineTable, enumOf, enumType, integer, text } from 'pgtwin/schema';

/** Names nobody here chose: a comment closer with code after it, `@` tags, separators, reserved and prototype names. */
export const mood = enumType('mood */ globalThis.ran = 1; /*', ['ok', 'line\u2028break', '`${x}`', "it's \"quoted\" \\"]);

/**
 * Three tables whose derived file and export names collide (`a-b`, `aB`): codegen refuses that
 * unless all but one pin their names, so adding a table never moves `aB` to another table.
 */
export const upper = defineTable({ name: 'A_B', columns: { id: integer() }, primaryKey: ['id'] });
export const dash = defineTable({ name: 'a-b', columns: { id: integer() }, primaryKey: ['id'], names: { export: 'aB2', file: 'a-b-2' } });
export const under = defineTable({ name: 'a_b', columns: { id: integer() }, primaryKey: ['id'], names: { export: 'aB3', file: 'a-b-3' } });

export const hostile = defineTable({
  name: "x */ globalThis.ran = 1; /* @deprecated\n`${1}`",
  columns: {
    'k */ y': integer(),
    constructor: text().nullable(),
    ['__proto__']: text().nullable(),
    class: text().nullable(),
    '1st': text().nullable(),
    feeling: enumOf(mood).nullable(),
  },
  primaryKey: ['k */ y'],
  upsert: {},
  deleteKey: 'primaryKey',
});
