/**
 * The generated select type of a column is what node-postgres returns for it with its default
 * parsers: PostgreSQL's array text (a string) for every array type pg-types registers no
 * parser for (arrays of extension types, of domains, and domains over such arrays), a JS array only where it parses one. Checked against the real server, column by
 * column: each is filled from SQL text and read back through node-postgres.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedSchema } from '../../generator/load-schema.ts';
import { generate } from '../../generator/generate.ts';
import { buildModel } from '../../generator/model.ts';
import { validateSchema } from '../../generator/validate.ts';
import { bigint, bit, citext, cube, defineTable, domainOf, domainType, enumOf, enumType, hstore, integer, isbn, lquery, ltree, numeric, seg, text } from '../../schema-dsl/index.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

const mood = enumType('mood', ['calm', 'tense']);
const amount = domainType('amount', numeric(39, 0));
const moods = domainType('moods', enumOf(mood).array());
const tags = domainType('tags', text().array());
const flags = domainType('flags', bit(1).array());
const counts = domainType('counts', integer().array());
const names = domainType('names', citext().array());

/** Each column with the SQL text of a value, read back through node-postgres. */
const COLUMNS = {
  amounts: [domainOf(amount).array(), `'{1,2}'`],
  moods: [domainOf(moods), `'{calm}'`],
  tags: [domainOf(tags), `'{a}'`],
  flags: [domainOf(flags), `'{1}'`],
  counts: [domainOf(counts), `'{1}'`],
  names: [domainOf(names), `'{a}'`],
  citexts: [citext().array(), `'{a}'`],
  hstores: [hstore().array(), `'{"a=>1"}'`],
  ltrees: [ltree().array(), `'{a.b}'`],
  lqueries: [lquery().array(), `'{a.*}'`],
  cubes: [cube().array(), `'{"(1,2)"}'`],
  isbns: [isbn().array(), `'{978-0-393-04002-9}'`],
  segs: [seg().array(), `'{1..2}'`],
} as const;

function schemaOf(): LoadedSchema {
  const table = defineTable({
    name: 'shapes',
    columns: { id: bigint(), ...Object.fromEntries(Object.entries(COLUMNS).map(([k, [c]]) => [k, c])) },
    primaryKey: ['id'],
  });
  const exports = { default: table, mood, amount, moods, tags, flags, counts, names };
  return { modules: [{ file: 'schema/shapes.ts', exports }], index: { file: 'schema/index.ts', exports: { shapes: table, mood, amount, moods, tags, flags, counts, names } } };
}

describe('generated select types', () => {
  it('say string exactly where node-postgres returns an array column as text', async () => {
    const schema = schemaOf();
    const ddl = generate(schema, { root: '.', outDir: 'generated', typecheck: false }).get('schema.sql') as string;
    await db.client.query(ddl);
    const names = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];
    await db.client.query(`INSERT INTO shapes (id, ${names.join(', ')}) VALUES (1, ${names.map((n) => COLUMNS[n][1]).join(', ')})`);
    const { rows } = await db.client.query<Record<string, unknown>>(`SELECT ${names.join(', ')} FROM shapes`);
    const model = buildModel(validateSchema(schema));
    const table = model.tables.find((t) => t.name === 'shapes');
    const shapes = names.map((n) => {
      const tsSelect = table?.columns.find((c) => c.name === n)?.tsSelect ?? '?';
      const value = rows[0]?.[n];
      return { column: n, tsSelect, returned: Array.isArray(value) ? 'array' : typeof value };
    });
    const expected = shapes.map((s) => ({ ...s, tsSelect: s.returned === 'string' ? 'string' : s.tsSelect }));
    expect(shapes).toEqual(expected);
    // The arrays node-postgres does parse keep their element types.
    expect(shapes.filter((s) => s.returned === 'array').map((s) => [s.column, s.tsSelect])).toEqual([
      ['tags', '(string | null)[]'],
      ['counts', '(number | null)[]'],
    ]);
  });
});
