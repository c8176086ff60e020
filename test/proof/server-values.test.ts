/**
 * PostgreSQL's output is valid input: values the server
 * generates itself (each type's minimum and maximum, special values, random values) are
 * printed under every output setting (DateStyle ISO; each IntervalStyle; several TimeZones),
 * read as text, and fed back through copyInto binary, copyInto text, batchInsert and
 * batchUpsert: each stores rows identical to the source table (`t::text`, TimeZone=UTC).
 */
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import * as allTypes from '../golden/all-types/expected/all-types.ts';
import { jsonText } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';
import { SERVER_ROWS, allTypesColumns, createServerValues, fieldOf, intervalsHaveInfinity, tableText } from '../support/server-values.ts';

const db = useTestDatabase();
const PATHS = ['p_bin', 'p_text', 'p_unnest', 'p_upsert'] as const;
const INTERVAL_STYLES = ['postgres', 'postgres_verbose', 'sql_standard', 'iso_8601'] as const;
// Offsets with minutes, with seconds (local mean time before 1920 in Kathmandu), negative ones.
const TIME_ZONES = ['UTC', 'Asia/Kathmandu', 'America/Sao_Paulo', 'Pacific/Chatham'] as const;

/** Every column as the server prints it: node-postgres hands back the text, unparsed. */
const asText = { getTypeParser: () => (value: string) => value };

async function printedRows(client: pg.Client, intervalStyle: string, timeZone: string): Promise<allTypes.AllTypesInsert[]> {
  await client.query(`SET DateStyle = 'ISO, MDY'`);
  await client.query(`SET IntervalStyle = '${intervalStyle}'`);
  await client.query(`SET TimeZone = '${timeZone}'`);
  const { rows } = await client.query<Record<string, string | null>>({ text: 'SELECT * FROM src.all_types ORDER BY id', types: asText });
  const columns = allTypesColumns();
  return rows.map((row) => {
    const out: Record<string, unknown> = { id: row.id };
    for (const c of columns) {
      const text = row[c.name] ?? null;
      // A JS string for a json column is a JSON string; JSON text goes in as jsonText (array
      // literals are parsed by the array codec, whose json elements are JSON text).
      out[fieldOf(c.name)] = text !== null && !c.isArray && (c.type === 'json' || c.type === 'jsonb') ? jsonText(text) : text;
    }
    return out as unknown as allTypes.AllTypesInsert;
  });
}

describe('PostgreSQL output is valid input', () => {
  let source: string[] = [];
  beforeAll(async () => {
    await createServerValues(db.client, { schema: 'src', full: true });
    for (const s of PATHS) await createServerValues(db.client, { schema: s, full: true });
    source = await tableText(db.client, 'src.all_types');
  });

  it('the source holds every edge value and some NULLs', async () => {
    expect(source).toHaveLength(SERVER_ROWS);
    const joined = source.join('\n');
    const minInterval = (await intervalsHaveInfinity(db.client)) ? '-178956970 years -8 mons -2147483648 days -2562047788:00:54.775807' : '-178956970 years -8 mons -2147483648 days -2562047788:00:54.775808';
    for (const v of [minInterval, '99999999999999999999999999999999.9999999', '-99999999.99', '4714-11-24 BC', '5874897-12-31', '294276-12-31 23:59:59.999999', '4714-11-24 00:00:00+00 BC', 'NaN', '-Infinity', '10.1.0.0/16']) {
      expect(joined, v).toContain(v);
    }
    // Random values differ from row to row (a scalar subquery that does not use g is run once, for every row).
    const ranges = allTypesColumns().filter((c) => /range$/.test(c.type) && c.dimensions === 0);
    const { rows } = await db.client.query<Record<string, number>>(`SELECT ${ranges.map((c) => `count(DISTINCT "${c.name}")::int AS "${c.name}"`).join(', ')} FROM src.all_types`);
    expect(ranges.length).toBe(12);
    for (const c of ranges) expect(rows[0]?.[c.name], `distinct values of ${c.name}`).toBeGreaterThan(30);
  });

  for (const intervalStyle of INTERVAL_STYLES) {
    it(`IntervalStyle ${intervalStyle}: every path stores the source rows`, async () => {
      const c = db.client;
      for (const [k, timeZone] of TIME_ZONES.entries()) {
        const rows = await printedRows(c, intervalStyle, timeZone);
        await c.query(`TRUNCATE ${PATHS.map((s) => `${s}.all_types`).join(', ')}`);
        // The writes run under the same settings as the printing.
        await c.query(`SET search_path = p_bin, public`);
        expect(await allTypes.copyInto(c, rows)).toBe(rows.length);
        await c.query(`SET search_path = p_text, public`);
        expect(await allTypes.copyInto(c, rows, { format: 'text' })).toBe(rows.length);
        await c.query(`SET search_path = p_unnest, public`);
        expect(await allTypes.batchInsert(c, rows)).toBe(rows.length);
        await c.query(`SET search_path = p_upsert, public`);
        // Upserted twice: inserted, then every row updated with the same values.
        expect(await allTypes.batchUpsert(c, rows)).toBe(rows.length);
        expect(await allTypes.batchUpsert(c, rows.slice(k * 7))).toBe(rows.length - k * 7);
        await c.query('RESET search_path');
        for (const s of PATHS) expect(await tableText(c, `${s}.all_types`), `${s} (${intervalStyle}, TimeZone ${timeZone})`).toEqual(source);
      }
    });
  }
});
