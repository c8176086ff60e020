import { bigint, defineTable, raw } from 'pgtwin/schema';

/**
 * raw(type): types pgtwin has no codec for, as pull writes them (myint is a base type made in
 * plain SQL from int4's I/O functions: the test creates it before schema.sql).
 */
export default defineTable({
  name: 'raw_types',
  columns: {
    id: bigint(),
    myint_v: raw('myint'),
    myint_a: raw('myint').array().nullable(),
    scaled_v: raw('numeric(5,-2)').nullable(),
    scaled_a: raw('numeric(5,-2)').array().nullable(),
    bpchar_v: raw('bpchar').nullable(),
    bpchar_a: raw('bpchar').array().nullable(),
  },
  primaryKey: ['id', 'myint_v'],
  upsert: { set: { scaled_v: 'excluded' } },
  deleteKey: 'primaryKey',
});
