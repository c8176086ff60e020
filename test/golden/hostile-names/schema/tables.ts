import { defineTable, enumOf, enumType, integer, text } from 'pgtwin/schema';

/** Names nobody here chose: a comment closer with code after it, `@` tags, separators, reserved and prototype names. */
export const mood = enumType('mood */ globalThis.ran = 1; /*', ['ok', 'line\u2028break', '`${x}`', "it's \"quoted\" \\"]);

/** Three tables whose derived file and type names collide: numbered in catalog order (`A_B`, `a-b`, `a_b`). */
export const upper = defineTable({ name: 'A_B', columns: { id: integer() }, primaryKey: ['id'] });
export const dash = defineTable({ name: 'a-b', columns: { id: integer() }, primaryKey: ['id'] });
export const under = defineTable({ name: 'a_b', columns: { id: integer() }, primaryKey: ['id'] });

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
