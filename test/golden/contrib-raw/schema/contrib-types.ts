import { bigint, citext, cube, defineTable, ean13, hstore, isbn, isbn13, ismn, ismn13, issn, issn13, lquery, ltree, ltxtquery, seg, upc } from 'pgtwin/schema';

/**
 * Every contrib extension type, as a nullable scalar (`*_v`) and a nullable array (`*_a`): the
 * table of the contrib equivalence proof (test/proof/contrib-raw.test.ts). isn and seg have no
 * binary form, so this table copies in text format.
 */
export default defineTable({
  name: 'contrib_types',
  columns: {
    id: bigint(),
    citext_v: citext().nullable(),
    citext_a: citext().array().nullable(),
    hstore_v: hstore().nullable(),
    hstore_a: hstore().array().nullable(),
    ltree_v: ltree().nullable(),
    ltree_a: ltree().array().nullable(),
    lquery_v: lquery().nullable(),
    lquery_a: lquery().array().nullable(),
    ltxtquery_v: ltxtquery().nullable(),
    ltxtquery_a: ltxtquery().array().nullable(),
    cube_v: cube().nullable(),
    cube_a: cube().array().nullable(),
    ean13_v: ean13().nullable(),
    ean13_a: ean13().array().nullable(),
    isbn_v: isbn().nullable(),
    isbn_a: isbn().array().nullable(),
    isbn13_v: isbn13().nullable(),
    isbn13_a: isbn13().array().nullable(),
    ismn_v: ismn().nullable(),
    ismn_a: ismn().array().nullable(),
    ismn13_v: ismn13().nullable(),
    ismn13_a: ismn13().array().nullable(),
    issn_v: issn().nullable(),
    issn_a: issn().array().nullable(),
    issn13_v: issn13().nullable(),
    issn13_a: issn13().array().nullable(),
    upc_v: upc().nullable(),
    upc_a: upc().array().nullable(),
    seg_v: seg().nullable(),
    seg_a: seg().array().nullable(),
  },
  primaryKey: ['id'],
});
