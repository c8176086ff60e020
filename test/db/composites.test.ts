/**
 * Composite types (issue 16) against the real server, on the golden case
 * test/golden/composites: every path (binary COPY, text COPY, batchInsert, batchUpsert,
 * copyInto onConflict) stores rows identical to an INSERT of ROW(…) constructors written by
 * hand (`t::text`, the server the oracle), with nested composites, arrays of composites, and
 * fields of an enum, an enum array, a domain and NULLs; bad values are refused naming table,
 * column, row and field; a domain field's CHECK is enforced by the server on every path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import * as records from '../golden/composites/expected/records.ts';
import type { RecordsInsert } from '../golden/composites/expected/records.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const ddl = readFileSync(path.resolve(import.meta.dirname, '../golden/composites/expected/schema.sql'), 'utf8');
const PATHS = ['p_bin', 'p_text', 'p_unnest', 'p_upsert', 'p_merge', 'p_oracle'] as const;
type PathName = (typeof PATHS)[number];
const clients = new Map<PathName, pg.Client>();

const ROWS: readonly RecordsInsert[] = [
  { id: 1, pair: {} },
  {
    id: 2,
    pair: { a: 1, b: 'x y, "q" \\ (p)\ttab\nline' },
    maybePair: { a: null, b: '' },
    pairs: [{ a: 1, b: 'a' }, null, {}],
    entry: { label: 'l', mood: 'calm', moods: ['tense', null], amount: 5n, pair: { a: 2, b: 'c' }, pairs: [{ a: 3 }], at: '2024-01-01T00:00:00Z', 'odd name': [1, null] },
    entries: [{ label: '{x}' }, null],
  },
  { id: 3, pair: { a: -7, b: 'NULL' }, pairs: [], entries: [] },
];
const ORACLE = [
  `(1, ROW(NULL, NULL)::pair, NULL, NULL, NULL, NULL)`,
  `(2, ROW(1, E'x y, "q" \\\\ (p)\\ttab\\nline')::pair, ROW(NULL, '')::pair, ARRAY[ROW(1, 'a')::pair, NULL, ROW(NULL, NULL)::pair],
     ROW('l', 'calm', ARRAY['tense', NULL]::mood[], 5, ROW(2, 'c')::pair, ARRAY[ROW(3, NULL)::pair], '2024-01-01 00:00:00+00', ARRAY[1, NULL]::int4[])::entry,
     ARRAY[ROW('{x}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::entry, NULL])`,
  `(3, ROW(-7, 'NULL')::pair, NULL, ARRAY[]::pair[], NULL, ARRAY[]::entry[])`,
];

async function stored(p: PathName): Promise<string[]> {
  const r = await (clients.get(p) as pg.Client).query<{ t: string }>('SELECT t::text AS t FROM records t ORDER BY id');
  return r.rows.map((x) => x.t);
}

async function write(p: PathName, rows: readonly RecordsInsert[]): Promise<void> {
  const c = clients.get(p) as pg.Client;
  if (p === 'p_bin') await records.copyInto(c, rows);
  else if (p === 'p_text') await records.copyInto(c, rows, { format: 'text' });
  else if (p === 'p_unnest') await records.batchInsert(c, rows);
  else if (p === 'p_upsert') await records.batchUpsert(c, rows);
  else if (p === 'p_merge') await records.copyInto(c, rows, { onConflict: 'doNothing' });
  else throw new Error(p);
}

const WRITERS = PATHS.filter((x) => x !== 'p_oracle');

beforeAll(async () => {
  for (const p of PATHS) {
    await db.client.query(`CREATE SCHEMA ${p}`);
    const c = await db.connect();
    await c.query(`SET search_path = ${p}`);
    await c.query(ddl);
    clients.set(p, c);
  }
});

describe('composite types', () => {
  it('every path stores rows identical to an INSERT of ROW constructors', async () => {
    await (clients.get('p_oracle') as pg.Client).query(`INSERT INTO records VALUES ${ORACLE.join(', ')}`);
    const expected = await stored('p_oracle');
    expect(expected).toHaveLength(ROWS.length);
    for (const p of WRITERS) {
      await write(p, ROWS);
      expect(await stored(p), p).toEqual(expected);
    }
  });

  const bad: readonly { what: string; row: Record<string, unknown>; message: RegExp }[] = [
    { what: 'an unknown field', row: { id: 9, pair: { a: 1, c: 2 } }, message: /unknown field "c" of composite type pair \(its fields: a, b\)/ },
    { what: 'a field of the wrong type', row: { id: 9, pair: { a: 'one' } }, message: /field a: / },
    { what: 'a nested field of the wrong type', row: { id: 9, pair: {}, entry: { pair: { b: 5 } } }, message: /field pair: field b: / },
    { what: 'a label not in the enum', row: { id: 9, pair: {}, entry: { mood: 'happy' } }, message: /field mood: .*not a label of enum mood/ },
    { what: 'not an object', row: { id: 9, pair: [1, 'b'] }, message: /not an object with the fields of composite type pair/ },
    { what: 'an array element that is not an object', row: { id: 9, pair: {}, pairs: [{ a: 1 }, 7] }, message: /element 1: .*not an object/ },
    // A string is PostgreSQL's text of a record (what node-postgres returns), read as record_in reads it.
    { what: 'an array element that is not a record literal', row: { id: 9, pair: {}, pairs: [{ a: 1 }, 'x'] }, message: /element 1: malformed record literal .*missing "\("/ },
    { what: 'a record literal with too many fields', row: { id: 9, pair: '(1,a,b)' }, message: /malformed record literal .*too many columns/ },
  ];
  for (const b of bad) {
    it(`${b.what} is refused before sending, naming table, column and row; nothing is stored`, async () => {
      for (const p of WRITERS) {
        const before = await stored(p);
        const err = await write(p, [{ id: 8, pair: {} }, b.row as unknown as RecordsInsert]).then(() => undefined, (e: unknown) => e);
        expect(err, p).toBeInstanceOf(PgTwinValueError);
        const e = err as PgTwinValueError;
        expect(e.message, p).toMatch(b.message);
        expect(e.message, p).toMatch(/records/);
        expect(e.rowIndex, p).toBe(1);
        expect(await stored(p), p).toEqual(before);
      }
    });
  }

  it("a domain field's CHECK is enforced by the server on every path, naming the domain", async () => {
    for (const p of WRITERS) {
      const before = await stored(p);
      const err = await write(p, [{ id: 8, pair: {} }, { id: 9, pair: {}, entry: { amount: '-1' } }]).then(() => undefined, (e: unknown) => e as Error);
      expect(err?.message, p).toContain('domain amount');
      expect(await stored(p), p).toEqual(before);
    }
  });
});
