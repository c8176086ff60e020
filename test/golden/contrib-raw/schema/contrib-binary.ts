import { bigint, citext, cube, defineTable, hstore, lquery, ltree, ltxtquery } from 'pgtwin/schema';

/** The contrib types with a binary form (both COPY formats), NOT NULL and in arrays. */
export default defineTable({
  name: 'contrib_binary',
  columns: {
    id: bigint(),
    citext_v: citext(),
    citext_a: citext().array().nullable(),
    hstore_v: hstore(),
    hstore_a: hstore().array().nullable(),
    ltree_v: ltree(),
    ltree_a: ltree().array().nullable(),
    lquery_v: lquery().nullable(),
    lquery_a: lquery().array().nullable(),
    ltxtquery_v: ltxtquery().nullable(),
    ltxtquery_a: ltxtquery().array().nullable(),
    cube_v: cube(),
    cube_a: cube().array().nullable(),
  },
  primaryKey: ['id'],
});
