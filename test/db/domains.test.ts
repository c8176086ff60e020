/**
 * Domains (issue 16) against the real server, on the golden case test/golden/domains: every
 * path (binary COPY, text COPY, batchInsert, batchUpsert, copyInto onConflict) stores rows
 * identical to a plain parameterised INSERT of hand-written PostgreSQL text (`t::text`, the
 * server the oracle); a row violating a domain's CHECK fails the statement with the domain
 * named and stores nothing, on every path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as holdings from '../golden/domains/expected/holdings.ts';
import type { HoldingsInsert } from '../golden/domains/expected/holdings.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';
import { useWritePaths, WRITERS } from '../support/write-paths.ts';

const db = useTestDatabase();
const ddl = readFileSync(path.resolve(import.meta.dirname, '../golden/domains/expected/schema.sql'), 'utf8');
const { client, stored, write } = useWritePaths<HoldingsInsert>(db, { ddl, table: 'holdings', orderBy: 'id', module: holdings });

/** The oracle's cast of each column, in column order. */
const CASTS = ['int4', 'amount', 'amount', 'amount[]', 'percent', 'tags', 'calm_mood', 'moods', 'calm_mood[]', 'stamp', 'small_amount', 'short_tags', 'tags[]', 'positive_pair', 'positive_pair[]'];

/** Each row with the oracle's PostgreSQL text of every column (null: NULL), written by hand. */
const CASES: readonly { row: HoldingsInsert; text: readonly (string | null)[] }[] = [
  {
    row: { id: 1, amount: '0', share: 0 },
    text: ['1', '0', null, null, '0', null, null, null, null, null, null, null, null, null, null],
  },
  {
    row: {
      id: 2,
      amount: '123456789012345678901234567890123456789',
      maybeAmount: 5n,
      amounts: ['1', null, 7n],
      share: 100,
      tags: ['a', null, 'b,c"\\ {x}'],
      mood: 'calm',
      moods: ['calm', 'tense', null],
      calmMoods: ['calm', null],
      at: '2024-01-01T00:00:00.123456Z',
      small: '999',
      shortTags: ['x', null],
      tagLists: [['a b', 'c,d'], null, [], ['{q}', null]],
      pair: { a: 1, b: 'x, y' },
      pairs: [{ a: 2, b: null }, null, { a: 3, b: '(p)' }],
    },
    text: [
      '2', '123456789012345678901234567890123456789', '5', '{1,NULL,7}', '100', '{a,NULL,"b,c\\"\\\\ {x}"}', 'calm', '{calm,tense,NULL}', '{calm,NULL}', '2024-01-01 00:00:00.123456+00',
      '999', '{x,NULL}', '{"{\\"a b\\",\\"c,d\\"}",NULL,"{}","{\\"{q}\\",NULL}"}', '(1,"x, y")', '{"(2,)",NULL,"(3,\\"(p)\\")"}',
    ],
  },
  {
    row: { id: 3, amount: 42, share: 50, tags: [], moods: [], calmMoods: [], amounts: [], at: new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), small: 0n, shortTags: [], tagLists: [], pair: { a: 5 }, pairs: [] },
    text: ['3', '42', null, '{}', '50', '{}', null, '{}', '{}', '1999-12-31 23:59:59+00', '0', '{}', '{}', '(5,)', '{}'],
  },
];

beforeAll(async () => {
  const oracle = client('p_oracle');
  for (const k of CASES) await oracle.query(`INSERT INTO holdings VALUES (${CASTS.map((t, i) => `$${i + 1}::${t}`).join(', ')})`, [...k.text]);
});

describe('domains', () => {
  it('every path stores rows identical to a plain INSERT of the same values', async () => {
    const expected = await stored('p_oracle');
    expect(expected).toHaveLength(CASES.length);
    for (const p of WRITERS) {
      await write(p, CASES.map((k) => k.row));
      expect(await stored(p), p).toEqual(expected);
    }
    // The columns really are of the domains (not their base types).
    const types = await client('p_oracle').query<{ attname: string; t: string }>("SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'holdings'::regclass AND attnum > 0 ORDER BY attnum");
    expect(types.rows.map((r) => r.t)).toEqual(['integer', ...CASTS.slice(1)]);
  });

  it('node-postgres returns each column as the generated row type says', async () => {
    const r = await client('p_oracle').query<holdings.HoldingsRow>(`SELECT ${holdings.selectList} FROM holdings WHERE id = 2`);
    const row = r.rows[0] as holdings.HoldingsRow;
    // A domain column is sent as its base type (node-postgres parses it); an array of a domain has the domain's own array OID (text).
    expect(row.small).toBe('999');
    expect(row.shortTags).toEqual(['x', null]);
    expect(row.amounts).toBe('{1,NULL,7}');
    expect(row.tagLists).toBe('{"{\\"a b\\",\\"c,d\\"}",NULL,"{}","{\\"{q}\\",NULL}"}');
    expect(row.pair).toBe('(1,"x, y")');
    expect(row.pairs).toBe('{"(2,)",NULL,"(3,\\"(p)\\")"}');
    // What node-postgres returned is valid input again: the same row, stored through every path.
    const back: HoldingsInsert = { id: 2, amount: row.amount, share: row.share, small: row.small, shortTags: row.shortTags, tagLists: row.tagLists as never, pair: row.pair as never, pairs: row.pairs as never };
    for (const p of WRITERS) {
      await client(p).query('DELETE FROM holdings WHERE id = 2');
      await write(p, [back]);
      const got = await client(p).query<{ t: string }>('SELECT (small, short_tags, tag_lists, pair, pairs)::text AS t FROM holdings WHERE id = 2');
      const want = await client('p_oracle').query<{ t: string }>('SELECT (small, short_tags, tag_lists, pair, pairs)::text AS t FROM holdings WHERE id = 2');
      expect(got.rows, p).toEqual(want.rows);
    }
  });

  const violations: readonly { what: string; row: HoldingsInsert; domain: string; constraint: string }[] = [
    { what: 'a negative amount', row: { id: 10, amount: '-1', share: 1 }, domain: 'amount', constraint: 'amount_check' },
    { what: 'a negative amount in an array of the domain', row: { id: 10, amount: '1', amounts: ['2', '-3'], share: 1 }, domain: 'amount', constraint: 'amount_check' },
    { what: 'a share over 100 (named check)', row: { id: 10, amount: '1', share: 101 }, domain: 'percent', constraint: 'percent_max' },
    { what: 'four tags (a domain over an array)', row: { id: 10, amount: '1', share: 1, tags: ['a', 'b', 'c', 'd'] }, domain: 'tags', constraint: 'tags_check' },
    { what: 'a tense mood (a domain over an enum)', row: { id: 10, amount: '1', share: 1, mood: 'tense' }, domain: 'calm_mood', constraint: 'calm_mood_check' },
    { what: 'a tense mood in an array of a domain over an enum', row: { id: 10, amount: '1', share: 1, calmMoods: ['calm', 'tense'] }, domain: 'calm_mood', constraint: 'calm_mood_check' },
    // A domain over a domain: each level's check.
    { what: 'an amount of 1000 (the outer domain of a domain over a domain)', row: { id: 10, amount: '1', share: 1, small: 1000 }, domain: 'small_amount', constraint: 'small_amount_check' },
    { what: 'a negative amount (the inner domain of a domain over a domain)', row: { id: 10, amount: '1', share: 1, small: -1 }, domain: 'small_amount', constraint: 'amount_check' },
    { what: 'three tags (the outer domain of a domain over a domain over an array)', row: { id: 10, amount: '1', share: 1, shortTags: ['a', 'b', 'c'] }, domain: 'short_tags', constraint: 'short_tags_check' },
    { what: 'four tags (the inner domain of a domain over a domain over an array)', row: { id: 10, amount: '1', share: 1, shortTags: ['a', 'b', 'c', 'd'] }, domain: 'short_tags', constraint: 'tags_check' },
    { what: 'four tags in an array of a domain over an array', row: { id: 10, amount: '1', share: 1, tagLists: [['a'], ['a', 'b', 'c', 'd']] }, domain: 'tags', constraint: 'tags_check' },
    { what: 'a pair with a = 0 (a domain over a composite)', row: { id: 10, amount: '1', share: 1, pair: { a: 0, b: 'x' } }, domain: 'positive_pair', constraint: 'positive_pair_check' },
    { what: 'a pair with a = -1 in an array of a domain over a composite', row: { id: 10, amount: '1', share: 1, pairs: [{ a: 1 }, { a: -1 }] }, domain: 'positive_pair', constraint: 'positive_pair_check' },
  ];

  for (const v of violations) {
    it(`${v.what}: every path fails the statement naming the domain, and stores nothing`, async () => {
      for (const p of WRITERS) {
        const before = await stored(p);
        // A valid row first in the same batch: the whole statement fails, it is not stored either.
        const good: HoldingsInsert = { id: 11, amount: '9', share: 9 };
        const err = await write(p, [good, v.row]).then(() => undefined, (e: unknown) => e as Error & { constraint?: string });
        expect(err, `${p}: ${v.what}`).toBeDefined();
        expect(err?.message, p).toContain(`domain ${v.domain}`);
        expect(err?.constraint, p).toBe(v.constraint);
        expect(await stored(p), p).toEqual(before);
      }
    });
  }

  it('a NOT NULL domain refuses NULL before sending; a value the base type refuses names table, column and row', async () => {
    for (const p of WRITERS) {
      const before = await stored(p);
      const nullShare = await write(p, [{ id: 20, amount: '1', share: null } as unknown as HoldingsInsert]).then(() => undefined, (e: unknown) => e);
      expect(nullShare, p).toBeInstanceOf(PgTwinValueError);
      expect(String((nullShare as Error).message), p).toMatch(/holdings.*share/s);
      const badAmount = await write(p, [{ id: 20, amount: 'abc', share: 1 }]).then(() => undefined, (e: unknown) => e);
      expect(badAmount, p).toBeInstanceOf(PgTwinValueError);
      expect(String((badAmount as Error).message), p).toMatch(/amount/);
      expect(await stored(p), p).toEqual(before);
    }
  });
});
