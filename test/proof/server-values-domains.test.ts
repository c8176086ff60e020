/**
 * Domains and composite types: PostgreSQL's output is valid input (issue 16). The server fills
 * test/golden/domains' holdings (domains over numeric, int4 NOT NULL, text[], an enum, an enum
 * array, timestamptz, a composite, domains over domains whose CHECKs all hold, and arrays of a
 * domain, of a domain over an array and of a domain over a composite) and test/golden/composites' records (pair,
 * entry with an enum, arrays, a domain, a nested composite and its array, timestamptz, a field
 * whose name needs quoting; arrays of both) with its own edge and random values, prints them in
 * several time zones (as text, and as node-postgres returns them), and copyInto binary and
 * text, batchInsert, batchUpsert and copyInto onConflict each store rows identical to the source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as records from '../golden/composites/expected/records.ts';
import * as holdings from '../golden/domains/expected/holdings.ts';
import { useTestDatabase } from '../support/db.ts';
import { compositeGenerators, createPathSchemas, domainGenerators, expectEveryPathStores, fillSource, pathsOf, rowsText, sourceRows, type ServerValuesCase, type ServerValuesModule, withDomainBases } from '../support/server-values-extra.ts';
import { ddlColumns } from '../support/server-values.ts';

const db = useTestDatabase();
const golden = (name: string) => readFileSync(path.resolve(import.meta.dirname, `../golden/${name}/expected/schema.sql`), 'utf8');
const ROWS = 60;
const TIME_ZONES = ['UTC', 'Asia/Kathmandu', 'Pacific/Chatham'] as const;

const CASES: readonly { ddl: string; generators: ReturnType<typeof withDomainBases>; t: ServerValuesCase }[] = [
  {
    ddl: golden('domains'),
    generators: withDomainBases(golden('domains'), domainGenerators()),
    t: { table: 'holdings', module: holdings as unknown as ServerValuesModule, binary: true, columns: ddlColumns(golden('domains'), 'holdings', ['id']), key: { id: 'g' }, order: 't.id' },
  },
  {
    ddl: golden('composites'),
    generators: compositeGenerators(),
    t: { table: 'records', module: records as unknown as ServerValuesModule, binary: true, columns: ddlColumns(golden('composites'), 'records', ['id']), key: { id: 'g' }, order: 't.id' },
  },
];

describe('domains and composites: PostgreSQL output is valid input', () => {
  const source = new Map<string, string[]>();
  beforeAll(async () => {
    const c = db.client;
    // Both goldens declare the same mood and amount; the first declaration is kept.
    for (const k of CASES) await createPathSchemas(c, k.ddl, [k.t.table]);
    for (const k of CASES) {
      await fillSource(c, k.t, k.generators, ROWS);
      source.set(k.t.table, await rowsText(c, `src."${k.t.table}"`, k.t.order));
    }
  });

  it('the source holds every edge value and random values', async () => {
    for (const k of CASES) {
      expect(pathsOf(k.t)).toEqual(['p_bin', 'p_text', 'p_unnest', 'p_upsert', 'p_merge']);
      expect(source.get(k.t.table)).toHaveLength(ROWS);
      expect(new Set(source.get(k.t.table)).size).toBe(ROWS);
    }
    const joined = [...source.values()].flat().join('\n');
    const { rows } = await db.client.query(`SELECT max(small)::text AS max, count(DISTINCT small)::int AS n, count(*) FILTER (WHERE cardinality(short_tags) = 2)::int AS two, count(*) FILTER (WHERE (pair).a IS NULL)::int AS nulla FROM src.holdings`);
    expect(rows[0]).toMatchObject({ max: '999' });
    expect(rows[0].n).toBeGreaterThan(20);
    expect(rows[0].two).toBeGreaterThan(3);
    expect(rows[0].nulla).toBeGreaterThan(0);
    for (const v of ['9'.repeat(39), '"4714-11-24 00:00:00+00 BC"', '{calm,tense}', '"(,,,,,,,)"']) expect(joined.includes(v), v).toBe(true);
  });

  it('a domain without a CHECK of its own takes the generator up its chain; one with a CHECK needs its own', () => {
    const int4 = { edges: ['0'], random: 'random()' };
    const ddl = ['CREATE DOMAIN "d2" AS "d1";', 'CREATE DOMAIN "d1" AS int4 NOT NULL DEFAULT 0;', 'CREATE DOMAIN "c1" AS int4 CONSTRAINT "c1_check" CHECK (VALUE > 0);', 'CREATE DOMAIN "c2" AS "c1";'];
    expect(withDomainBases(ddl.slice(0, 2).join('\n'), { int4 })).toMatchObject({ '"d1"': int4, '"d2"': int4 });
    expect(() => withDomainBases(ddl.join('\n'), { int4 })).toThrow('no server value generator for the domain "c1": "c1" (over int4) has a CHECK');
    expect(() => withDomainBases(ddl[3] as string, { int4 })).toThrow('its chain "c2" -> "c1" reaches no type with one');
    // small_amount (over amount, both checked) has its own generator: its values hold both CHECKs.
    const gens = withDomainBases(golden('domains'), domainGenerators());
    expect(gens['"small_amount"']).toBeDefined();
    expect(gens['"small_amount"']).not.toBe(gens['"amount"']);
  });

  for (const { t } of CASES) {
    for (const asText of [true, false]) {
      it(`${t.table}, ${asText ? 'printed as text' : "as node-postgres's default parsers return it"}, in ${TIME_ZONES.join(', ')}: ${pathsOf(t).join(', ')} store the source rows`, async () => {
        const c = db.client;
        for (const timeZone of TIME_ZONES) {
          // The writes run under the zone the rows were printed in.
          await c.query(`SET TimeZone = '${timeZone}'`);
          const rows = await sourceRows(c, t, asText);
          await expectEveryPathStores(c, t, rows, source.get(t.table) ?? [], `${asText ? 'text' : 'node-postgres'}, TimeZone ${timeZone}`);
        }
      });
    }
  }
});
