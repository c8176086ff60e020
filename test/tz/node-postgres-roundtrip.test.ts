/**
 * node-postgres's values are valid input, and one JS value is one stored row, in the process
 * time zone this file runs in (vitest.config.ts runs test/tz/ once per zone, each in its own
 * process):
 * - rows selected through `pg` with its default parsers and written back by copyInto
 *   (binary, text), batchInsert and batchUpsert store the source rows, where pg's parser is
 *   lossless (not json's text layout, not numeric[] elements, which pg returns as floats,
 *   not a timestamp whose wall clock does not exist in this zone);
 * - a plain pool.query INSERT and a Kysely insert of the same JS values store what
 *   batchInsert stores;
 * - read back through `pg`, the Dates are the same Dates.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as allTypes from '../golden/all-types/expected/all-types.ts';
import { useTestDatabase } from '../support/db.ts';
import { allTypesColumns, createServerValues, fieldOf } from '../support/server-values.ts';

const db = useTestDatabase();
const PATHS = ['p_bin', 'p_text', 'p_unnest', 'p_upsert', 'p_pg', 'p_kysely'] as const;
const columns = allTypesColumns();
/** Columns pg's default parsers do not return losslessly. */
// xml: its output function drops a `<?xml version="1.0"?>` declaration (the ::text cast compared here keeps it).
const LOSSY = new Set(['json_v', 'json_a', 'numeric_a', 'numeric_39_7_a', 'numeric_3d_a', 'xml_v', 'xml_a']);
/**
 * Columns whose parsed values node-postgres cannot send back as parameters: it parses point
 * and circle into objects but sends objects as JSON, which point_in and circle_in refuse.
 */
const PG_CANNOT_SEND = new Set(['point_v', 'point_a', 'circle_v']);

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** PostgreSQL's ISO text of a Date's local wall clock (what a timestamp column keeps). */
function localTimestampText(d: Date): string {
  const y = d.getFullYear();
  const ms = d.getMilliseconds();
  const frac = ms === 0 ? '' : `.${pad(ms, 3).replace(/0+$/, '')}`;
  const text = `${pad(y > 0 ? y : 1 - y, 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}${frac}`;
  return y > 0 ? text : `${text} BC`;
}

/** The process zone's UTC offset at `d` has seconds (local mean time before ~1920). */
function offsetHasSeconds(d: Date): boolean {
  const shifted = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
  return shifted.getUTCSeconds() !== d.getSeconds() || shifted.getUTCMinutes() !== d.getMinutes();
}

/** A `timestamp` the Date pg returned cannot reproduce (a wall clock skipped by a DST change). */
function lossyTimestamp(value: unknown, text: string | null): boolean {
  if (!(value instanceof Date) || text === null) return false;
  return localTimestampText(value) !== text;
}

async function columnTexts(client: pg.Client, qualified: string): Promise<Record<string, string | null>[]> {
  await client.query(`SET TimeZone = 'UTC'`);
  await client.query(`SET IntervalStyle = 'postgres'`);
  const list = columns.map((c) => `"${c.name}"::text AS "${c.name}"`).join(', ');
  const { rows } = await client.query<Record<string, string | null>>(`SELECT id::text AS id, ${list} FROM ${qualified} t ORDER BY t.id`);
  return rows;
}

function toInsertRow(row: Record<string, unknown>): allTypes.AllTypesInsert {
  const out: Record<string, unknown> = { id: row.id };
  for (const c of columns) out[fieldOf(c.name)] = row[c.name];
  return out as unknown as allTypes.AllTypesInsert;
}

describe(`node-postgres round trip in TZ=${process.env.TZ}`, () => {
  let pool: pg.Pool;
  let pgRows: Record<string, unknown>[] = [];
  let sourceText: Record<string, string | null>[] = [];

  beforeAll(async () => {
    await createServerValues(db.client, { schema: 'src', full: false });
    for (const s of PATHS) await createServerValues(db.client, { schema: s, full: false });
    await db.client.query(`TRUNCATE ${PATHS.map((s) => `${s}.all_types`).join(', ')}`);
    // node-postgres's default parsers, in this process's time zone (the session's TimeZone is UTC).
    pgRows = (await db.client.query<Record<string, unknown>>('SELECT * FROM src.all_types ORDER BY id')).rows;
    sourceText = await columnTexts(db.client, 'src.all_types');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
  });

  it('runs in the time zone its project set', () => {
    expect(process.env.TZ).toMatch(/^(UTC|America\/Sao_Paulo|Asia\/Kathmandu)$/);
    // (ICU may name Kathmandu by its old spelling.)
    expect([process.env.TZ, 'Asia/Katmandu']).toContain(Intl.DateTimeFormat().resolvedOptions().timeZone);
    // The zone is really in effect: Kathmandu is +05:45 today, Sao Paulo -03:00.
    const offset = new Date('2024-06-01T00:00:00Z').getTimezoneOffset();
    expect(offset).toBe({ UTC: 0, 'America/Sao_Paulo': 180, 'Asia/Kathmandu': -345 }[process.env.TZ as string]);
  });

  it('rows selected through pg, written back by every path, store the source rows where pg is lossless', async () => {
    const c = db.client;
    const rows = pgRows.map(toInsertRow);
    await c.query('SET search_path = p_bin, public');
    expect(await allTypes.copyInto(c, rows)).toBe(rows.length);
    await c.query('SET search_path = p_text, public');
    expect(await allTypes.copyInto(c, rows, { format: 'text' })).toBe(rows.length);
    await c.query('SET search_path = p_unnest, public');
    expect(await allTypes.batchInsert(c, rows)).toBe(rows.length);
    await c.query('SET search_path = p_upsert, public');
    expect(await allTypes.batchUpsert(c, rows)).toBe(rows.length);
    await c.query('RESET search_path');
    let compared = 0;
    let skipped = 0;
    for (const s of ['p_bin', 'p_text', 'p_unnest', 'p_upsert']) {
      const stored = await columnTexts(c, `${s}.all_types`);
      expect(stored.length).toBe(sourceText.length);
      stored.forEach((row, i) => {
        const src = sourceText[i] as Record<string, string | null>;
        const pgRow = pgRows[i] as Record<string, unknown>;
        expect(row.id).toBe(src.id);
        for (const col of columns) {
          const lossy =
            LOSSY.has(col.name) ||
            (col.name === 'timestamp_v' && lossyTimestamp(pgRow[col.name], src[col.name] ?? null)) ||
            (col.name === 'timestamp_a' && Array.isArray(pgRow[col.name]) && (pgRow[col.name] as unknown[]).some((d) => d instanceof Date && !(src[col.name] ?? '').includes(localTimestampText(d))));
          if (lossy) {
            skipped++;
            continue;
          }
          compared++;
          expect(row[col.name], `${s} row ${src.id} ${col.name}`).toBe(src[col.name]);
        }
      });
    }
    // Nearly every cell is compared: only the known lossy columns and DST gaps are left out.
    expect(compared).toBeGreaterThan(skipped * 5);
  });

  it('pool.query and Kysely store what batchInsert stores for the same JS values, and pg reads the same Dates back', async () => {
    const c = db.client;
    const sendable = columns.filter((col) => !PG_CANNOT_SEND.has(col.name));
    const names = sendable.map((col) => `"${col.name}"`).join(', ');
    const params = sendable.map((_, i) => `$${i + 2}`).join(', ');
    for (const row of pgRows) {
      await pool.query(`INSERT INTO p_pg.all_types (id, ${names}) VALUES ($1, ${params})`, [row.id, ...sendable.map((col) => row[col.name])]);
    }
    const kysely = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new PostgresDialect({ pool }) });
    await kysely.withSchema('p_kysely').insertInto('all_types').values(pgRows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !PG_CANNOT_SEND.has(k))))).execute();
    const unnest = await columnTexts(c, 'p_unnest.all_types');
    // node-postgres sends a timestamptz Date with its UTC offset in whole minutes: where the
    // zone's offset had seconds (local mean time), it stores another instant (its loss; pgtwin
    // stores the Date's instant). Those cells are left out, everything else must be equal.
    const lmt = pgRows.map((row) => ['timestamptz_v', 'timestamptz_a', 'timestamptz_0_v'].filter((k) => [row[k]].flat().some((d) => d instanceof Date && offsetHasSeconds(d))));
    const withoutLmt = (rows: Record<string, string | null>[]) => rows.map((row, i) => Object.fromEntries(Object.entries(row).filter(([k]) => !(lmt[i] ?? []).includes(k) && !PG_CANNOT_SEND.has(k))));
    expect(withoutLmt(await columnTexts(c, 'p_pg.all_types'))).toEqual(withoutLmt(unnest));
    expect(withoutLmt(await columnTexts(c, 'p_kysely.all_types'))).toEqual(withoutLmt(unnest));
    expect(lmt.filter((k) => k.length === 0).length, 'rows compared in full').toBeGreaterThan(0);
    // Read back through pg: the same Dates (and infinities) as the ones written.
    const back = (await c.query<Record<string, unknown>>('SELECT * FROM p_unnest.all_types ORDER BY id')).rows;
    const dates = (r: Record<string, unknown>) => ['date_v', 'date_a', 'timestamp_v', 'timestamp_a', 'timestamptz_v', 'timestamptz_a'].map((k) => r[k]);
    expect(back.map(dates)).toEqual(pgRows.map(dates));
    expect(back.length).toBe(pgRows.length);
  });
});
