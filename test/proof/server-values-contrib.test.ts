/**
 * The contrib types' output is valid input (issue 16): the server fills a source table of each
 * test/golden/contrib-raw table with values it makes itself (each type's edge values, then
 * random ones: ltree paths, ltxtqueries, hstore pairs with quotes, backslashes, NULL values and empty keys,
 * cubes of 1 to 5 dimensions and points, seg with '<', '>', '~' markers, isn numbers whose
 * check digits the server computes, mixed-case and non-ASCII citext), prints them (as text, and
 * as node-postgres returns them), and every path (copyInto binary where the table has a binary
 * form, copyInto text, batchInsert, batchUpsert where the table has one, copyInto onConflict)
 * stores rows identical to the source (`t::text`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as contribBinary from '../golden/contrib-raw/expected/contrib-binary.ts';
import * as contribKeys from '../golden/contrib-raw/expected/contrib-keys.ts';
import * as contribTypes from '../golden/contrib-raw/expected/contrib-types.ts';
import { useTestDatabase } from '../support/db.ts';
import { contribGenerators, createPathSchemas, expectEveryPathStores, fillSource, pathsOf, rowsText, sourceRows, type ServerValuesCase, type ServerValuesModule } from '../support/server-values-extra.ts';
import { ddlColumns, serverGenerators } from '../support/server-values.ts';

const db = useTestDatabase();
const ddl = readFileSync(path.resolve(import.meta.dirname, '../golden/contrib-raw/expected/schema.sql'), 'utf8');
const ROWS = 60;
const generators = { ...contribGenerators(), text: serverGenerators(true).text! };

const CASES: readonly ServerValuesCase[] = [
  { table: 'contrib_binary', module: contribBinary as unknown as ServerValuesModule, binary: true, columns: ddlColumns(ddl, 'contrib_binary', ['id']), key: { id: 'g' }, order: 't.id' },
  { table: 'contrib_types', module: contribTypes as unknown as ServerValuesModule, binary: false, columns: ddlColumns(ddl, 'contrib_types', ['id']), key: { id: 'g' }, order: 't.id' },
  // Every key column is a contrib type; upserted too.
  { table: 'contrib_keys', module: contribKeys as unknown as ServerValuesModule, binary: false, columns: ddlColumns(ddl, 'contrib_keys'), key: {}, order: 't::text' },
];

const SEG_COLUMNS = [
  ['contrib_types', ['seg_v', 'seg_a']],
  ['contrib_keys', ['span']],
] as const;

describe('contrib types: PostgreSQL output is valid input', () => {
  const source = new Map<string, string[]>();
  beforeAll(async () => {
    const c = db.client;
    await createPathSchemas(c, ddl, CASES.map((t) => t.table));
    // Weak mode: a number with a wrong check digit is read (flagged); make_valid then stores it with the right one.
    await c.query('SELECT isn_weak(true)');
    for (const t of CASES) await fillSource(c, t, generators, ROWS);
    await c.query('SELECT isn_weak(false)');
    // seg prints its float4 bounds with at most 6 significant digits, and a bound whose digits it cannot print as
    // nothing ('~1.88 .. '): its text is not always the stored value (3184.94 (+-) 6 prints -3184.94 .. 3190.94,
    // read back as other floats). The source is what the server reads back from its own print.
    for (const [table, columns] of SEG_COLUMNS) await c.query(`UPDATE src."${table}" SET ${columns.map((col) => `"${col}" = "${col}"::text::${col.endsWith('_a') ? 'seg[]' : 'seg'}`).join(', ')}`);
    for (const t of CASES) source.set(t.table, await rowsText(c, `src."${t.table}"`, t.order));
  });

  it('the source holds every edge value, random values and valid isn numbers', async () => {
    const c = db.client;
    expect(CASES.map((t) => pathsOf(t).join(' '))).toEqual(['p_bin p_text p_unnest p_merge', 'p_text p_unnest p_merge', 'p_text p_unnest p_upsert p_merge']);
    for (const t of CASES) expect(source.get(t.table), t.table).toHaveLength(ROWS);
    const printed = await c.query<{ t: string }>('SELECT concat_ws(chr(10), citext_v, hstore_v, ltree_v, lquery_v, ltxtquery_v, cube_v, seg_v, isbn_v, issn_v) AS t FROM src.contrib_types');
    const joined = printed.rows.map((x) => x.t).join('\n');
    for (const v of [String.raw`"k\"q"=>"v\\b"`, '""=>NULL', 'L'.repeat(255), 'a|b.c%@*.*{1,2}', 'Europe & Russia@* & !Transportation', '!( !a )', '!( !x%@* | y & z )', '(-0, Infinity),(1e+300, -Infinity)', '<1.5 .. >2.50', '~-0.001 .. ~1e-07', '2434-561X', 'MiXeD ÉÇ 🦀 ß']) {
      expect(joined.includes(v), v).toBe(true);
    }
    const { rows } = await c.query(`SELECT count(*)::int AS n, count(DISTINCT hstore_v)::int AS h, count(DISTINCT ltree_v)::int AS l, count(DISTINCT ltxtquery_v::text)::int AS lt,
      count(*) FILTER (WHERE ltxtquery_v::text ~ '[|&].*[(]' AND ltxtquery_v::text ~ '[*@%]' AND id > 9)::int AS ltmix, count(DISTINCT cube_v)::int AS cu,
      bool_and(is_valid(isbn_v) AND is_valid(ean13_v) AND is_valid(upc_v) AND is_valid(issn13_v)) AS valid, max(cube_dim(cube_v)) AS dims,
      count(*) FILTER (WHERE seg_v::text ~ '[<>~]' AND id > 14)::int AS markers FROM src.contrib_types`);
    expect(rows[0]).toMatchObject({ n: ROWS, valid: true, dims: 100 });
    expect(rows[0].h).toBeGreaterThan(40);
    expect(rows[0].l).toBeGreaterThan(40);
    expect(rows[0].lt).toBeGreaterThan(40);
    // Random ltxtqueries with operators, parentheses and modifiers.
    expect(rows[0].ltmix).toBeGreaterThan(3);
    expect(rows[0].cu).toBeGreaterThan(40);
    expect(rows[0].markers).toBeGreaterThan(5);
    // Read back once more, the seg values are the same: the source is a fixed point of the server's print and read.
    const again = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM src.contrib_types WHERE seg_v::text::seg::text IS DISTINCT FROM seg_v::text OR seg_a::text::seg[]::text IS DISTINCT FROM seg_a::text`);
    expect(again.rows[0]?.n).toBe(0);
  });

  for (const t of CASES) {
    for (const asText of [true, false]) {
      it(`${t.table}, ${asText ? 'printed as text' : "as node-postgres's default parsers return it"}: ${pathsOf(t).join(', ')} store the source rows`, async () => {
        const c = db.client;
        const rows = await sourceRows(c, t, asText);
        await expectEveryPathStores(c, t, rows, source.get(t.table) ?? [], asText ? 'text' : 'node-postgres');
      });
    }
  }
});
