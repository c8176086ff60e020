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
import { describe, expect, it } from 'vitest';
import * as records from '../golden/composites/expected/records.ts';
import type { RecordsInsert } from '../golden/composites/expected/records.ts';
import * as byPair from '../golden/composites/expected/by-pair.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';
import { useWritePaths, WRITERS } from '../support/write-paths.ts';

const db = useTestDatabase();
const ddl = readFileSync(path.resolve(import.meta.dirname, '../golden/composites/expected/schema.sql'), 'utf8');
const { client, stored, write } = useWritePaths<RecordsInsert>(db, { ddl, table: 'records', orderBy: 'id', module: records });

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

describe('composite types', () => {
  it('every path stores rows identical to an INSERT of ROW constructors', async () => {
    await client('p_oracle').query(`INSERT INTO records VALUES ${ORACLE.join(', ')}`);
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

describe('a composite type as a key', () => {
  const keyRows = async (p: Parameters<typeof client>[0]): Promise<string[]> => (await client(p).query<{ t: string }>('SELECT t::text AS t FROM by_pair t ORDER BY key')).rows.map((r) => r.t);
  const ROWS_BY_PAIR: readonly byPair.ByPairInsert[] = [
    { key: { a: 1, b: 'x' }, n: 1 },
    { key: { a: 1, b: null }, n: 2 },
    // PostgreSQL's text of a record (what node-postgres returns) is a key too.
    { key: '(2,"y z")' as never, n: 3 },
  ];

  it('every path stores the same rows; batchInsert and copyInto onConflict skip existing keys (NULL fields equal, as the unique index compares records)', async () => {
    await client('p_oracle').query(`INSERT INTO by_pair VALUES (ROW(1, 'x'), 1), (ROW(1, NULL), 2), (ROW(2, 'y z'), 3)`);
    const expected = await keyRows('p_oracle');
    for (const p of WRITERS) {
      const c = client(p);
      if (p === 'p_bin') await byPair.copyInto(c, ROWS_BY_PAIR);
      else if (p === 'p_text') await byPair.copyInto(c, ROWS_BY_PAIR, { format: 'text' });
      else if (p === 'p_unnest') expect(await byPair.batchInsert(c, ROWS_BY_PAIR)).toBe(3);
      else if (p === 'p_upsert') expect(await byPair.batchUpsert(c, ROWS_BY_PAIR)).toBe(3);
      else expect(await byPair.copyInto(c, ROWS_BY_PAIR, { onConflict: 'doNothing' })).toMatchObject({ inserted: 3 });
      expect(await keyRows(p), p).toEqual(expected);
    }
    const again = ROWS_BY_PAIR.map((r) => ({ ...r, n: r.n + 100 }));
    expect(await byPair.batchInsert(client('p_unnest'), again)).toBe(0);
    expect(await byPair.copyInto(client('p_merge'), again, { onConflict: 'doNothing' })).toMatchObject({ inserted: 0 });
    expect(await keyRows('p_unnest')).toEqual(expected);
    expect(await keyRows('p_merge')).toEqual(expected);
  });

  it('batchUpsert updates the row of an equal key; a key twice in one batch (object and record text) is refused before sending', async () => {
    const c = client('p_upsert');
    expect(await byPair.batchUpsert(c, [{ key: { a: 1, b: 'x' }, n: 10 }, { key: { a: 1 }, n: 20 }, { key: { a: 3, b: '' }, n: 30 }])).toBe(3);
    expect(await keyRows('p_upsert')).toEqual(['("(1,x)",10)', '("(1,)",20)', '("(2,""y z"")",3)', '("(3,"""")",30)']);
    const err = await byPair.batchUpsert(c, [{ key: { a: 5, b: 'z' }, n: 1 }, { key: '(5,z)' as never, n: 2 }]).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(PgTwinValueError);
    expect((err as Error).message).toMatch(/duplicate key \(key\) in one batch: rows 0 and 1/);
    expect(await keyRows('p_upsert')).toHaveLength(4);
  });

  it('batchDelete deletes by an equal key, NULL fields included (record equality of composite values treats NULL fields as equal)', async () => {
    const c = client('p_unnest');
    expect(await byPair.batchDelete(c, [{ key: { a: 1 } }, { key: { a: 2, b: 'y z' } }, { key: { a: 9, b: 'none' } }])).toBe(2);
    expect(await keyRows('p_unnest')).toEqual(['("(1,x)",1)']);
    const server = await c.query<{ eq: boolean | null; rowEq: boolean | null }>(`SELECT (ROW(1, NULL)::pair_key = ROW(1, NULL)::pair_key) AS eq, (ROW(1, NULL) = ROW(1, NULL)) AS "rowEq"`);
    // The same holds on the server for composite values (what the DELETE compares), unlike row constructors.
    expect(server.rows[0]).toEqual({ eq: true, rowEq: null });
  });
});
