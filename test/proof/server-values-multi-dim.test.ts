/**
 * Multi-dimensional arrays of issue 16's types (test/golden/multi-dim): the server fills them
 * (2x2 and 1x2x2 arrays of each type's edge and random values, NULL elements, empty arrays),
 * prints them under each IntervalStyle and several time zones (as text, and as node-postgres
 * returns them), and copyInto binary and text, batchInsert, batchUpsert and copyInto onConflict
 * each store rows identical to the source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as multiDim from '../golden/multi-dim/expected/multi-dim.ts';
import { useTestDatabase } from '../support/db.ts';
import { createPathSchemas, expectEveryPathStores, fillSource, pathsOf, rowsText, sourceRows, type ServerValuesCase, type ServerValuesModule } from '../support/server-values-extra.ts';
import { ddlColumns, fieldOf, intervalsHaveInfinity, serverGenerators } from '../support/server-values.ts';

const db = useTestDatabase();
const ddl = readFileSync(path.resolve(import.meta.dirname, '../golden/multi-dim/expected/schema.sql'), 'utf8');
const ROWS = 60;
const SETTINGS = [
  ['postgres', 'UTC'],
  ['postgres_verbose', 'Asia/Kathmandu'],
  ['sql_standard', 'Pacific/Chatham'],
  ['iso_8601', 'America/Sao_Paulo'],
] as const;

/**
 * Columns pgtwin refuses as the server prints them, each a bug reported and not yet fixed: the
 * paths are fed NULL there and compared with a source whose column is NULL. None today (a 2-D
 * box[] literal, `{{(1,2),(0,0);(3,4),(1,1)}}`, was refused until array.ts's multi-dimensional
 * reader took box's ";" delimiter).
 */
const KNOWN_REFUSED: string[] = [];

const t: ServerValuesCase = { table: 'multi_dim', module: multiDim as unknown as ServerValuesModule, binary: true, columns: ddlColumns(ddl, 'multi_dim', ['id']), key: { id: 'g' }, order: 't.id' };

describe('multi-dimensional arrays of the issue 16 types: PostgreSQL output is valid input', () => {
  let source: string[] = [];
  /** The source with the KNOWN_REFUSED columns NULL. */
  let sourceKnown: string[] = [];
  beforeAll(async () => {
    const c = db.client;
    await createPathSchemas(c, ddl, [t.table]);
    await fillSource(c, t, serverGenerators(true, await intervalsHaveInfinity(c)), ROWS);
    source = await rowsText(c, `src."${t.table}"`, t.order);
    await c.query(`CREATE TABLE src.known (LIKE src."${t.table}"); INSERT INTO src.known SELECT * FROM src."${t.table}"`);
    if (KNOWN_REFUSED.length > 0) await c.query(`UPDATE src.known SET ${KNOWN_REFUSED.map((k) => `"${k}" = NULL`).join(', ')}`);
    sourceKnown = await rowsText(c, 'src.known', t.order);
  });

  it('the source holds 2-D and 3-D arrays in every column, random values differing from row to row', async () => {
    expect(source).toHaveLength(ROWS);
    // Every column has arrays of its full dimension in most rows.
    const dims = await db.client.query<Record<string, number>>(`SELECT ${t.columns.map((col) => `count(*) FILTER (WHERE array_ndims("${col.name}") = ${col.dimensions})::int AS "${col.name}"`).join(', ')} FROM src.multi_dim`);
    for (const col of t.columns) expect(dims.rows[0]?.[col.name], col.name).toBeGreaterThan(40);
    const distinct = await db.client.query<Record<string, number>>(`SELECT ${t.columns.map((col) => `count(DISTINCT "${col.name}"::text)::int AS "${col.name}"`).join(', ')} FROM src.multi_dim`);
    for (const col of t.columns) expect(distinct.rows[0]?.[col.name], `distinct values of ${col.name}`).toBeGreaterThan(25);
  });

  for (const asText of [true, false]) {
    it(`${asText ? 'printed as text, under each IntervalStyle' : "as node-postgres's default parsers return it"}, in several time zones: ${pathsOf(t).join(', ')} store the source rows`, async () => {
      const c = db.client;
      // node-postgres reads intervals in IntervalStyle postgres only (postgres-interval): other styles come back as zero intervals, its loss.
      for (const [style, timeZone] of SETTINGS) {
        const intervalStyle = asText ? style : 'postgres';
        await c.query(`SET IntervalStyle = '${intervalStyle}'`);
        await c.query(`SET TimeZone = '${timeZone}'`);
        const rows = (await sourceRows(c, t, asText)).map((row) => ({ ...row, ...Object.fromEntries(KNOWN_REFUSED.map((k) => [fieldOf(k), null])) }));
        await expectEveryPathStores(c, t, rows, sourceKnown, `${asText ? 'text' : 'node-postgres'}, IntervalStyle ${intervalStyle}, TimeZone ${timeZone}`);
      }
      await c.query('RESET IntervalStyle');
    });
  }
});
