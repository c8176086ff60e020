/**
 * Domains (issue 16) against the real server, on the golden case test/golden/domains: every
 * path (binary COPY, text COPY, batchInsert, batchUpsert, copyInto onConflict) stores rows
 * identical to a plain parameterised INSERT of hand-written PostgreSQL text (`t::text`, the
 * server the oracle); a row violating a domain's CHECK fails the statement with the domain
 * named and stores nothing, on every path.
 */
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as holdings from '../golden/domains/expected/holdings.ts';
import type { HoldingsInsert } from '../golden/domains/expected/holdings.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const ddl = readFileSync(path.resolve(import.meta.dirname, '../golden/domains/expected/schema.sql'), 'utf8');
const PATHS = ['p_bin', 'p_text', 'p_unnest', 'p_upsert', 'p_merge', 'p_oracle'] as const;
type PathName = (typeof PATHS)[number];
/** One client per schema: enum and domain OIDs are cached per connection, and each schema has its own. */
const clients = new Map<PathName, pg.Client>();

/** Each row with the oracle's PostgreSQL text of every column (null: NULL), written by hand. */
const CASES: readonly { row: HoldingsInsert; text: readonly (string | null)[] }[] = [
  {
    row: { id: 1, amount: '0', share: 0 },
    text: ['1', '0', null, null, '0', null, null, null, null, null],
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
    },
    text: ['2', '123456789012345678901234567890123456789', '5', '{1,NULL,7}', '100', '{a,NULL,"b,c\\"\\\\ {x}"}', 'calm', '{calm,tense,NULL}', '{calm,NULL}', '2024-01-01 00:00:00.123456+00'],
  },
  {
    row: { id: 3, amount: 42, share: 50, tags: [], moods: [], calmMoods: [], amounts: [], at: new Date(Date.UTC(1999, 11, 31, 23, 59, 59)) },
    text: ['3', '42', null, '{}', '50', '{}', null, '{}', '{}', '1999-12-31 23:59:59+00'],
  },
];

async function stored(p: PathName): Promise<string[]> {
  const r = await (clients.get(p) as pg.Client).query<{ t: string }>('SELECT t::text AS t FROM holdings t ORDER BY id');
  return r.rows.map((x) => x.t);
}

async function write(p: PathName, rows: readonly HoldingsInsert[]): Promise<void> {
  const c = clients.get(p) as pg.Client;
  if (p === 'p_bin') await holdings.copyInto(c, rows);
  else if (p === 'p_text') await holdings.copyInto(c, rows, { format: 'text' });
  else if (p === 'p_unnest') await holdings.batchInsert(c, rows);
  else if (p === 'p_upsert') await holdings.batchUpsert(c, rows);
  else if (p === 'p_merge') await holdings.copyInto(c, rows, { onConflict: 'doNothing' });
  else throw new Error(p);
}

beforeAll(async () => {
  for (const p of PATHS) {
    await db.client.query(`CREATE SCHEMA ${p}`);
    const c = await db.connect();
    await c.query(`SET search_path = ${p}`);
    await c.query(ddl);
    clients.set(p, c);
  }
});

describe('domains', () => {
  it('every path stores rows identical to a plain INSERT of the same values', async () => {
    const oracle = clients.get('p_oracle') as pg.Client;
    for (const k of CASES) {
      const casts = ['int4', 'amount', 'amount', 'amount[]', 'percent', 'tags', 'calm_mood', 'moods', 'calm_mood[]', 'stamp'];
      await oracle.query(`INSERT INTO holdings VALUES (${casts.map((t, i) => `$${i + 1}::${t}`).join(', ')})`, [...k.text]);
    }
    const expected = await stored('p_oracle');
    expect(expected).toHaveLength(CASES.length);
    for (const p of PATHS.filter((x) => x !== 'p_oracle')) {
      await write(p, CASES.map((k) => k.row));
      expect(await stored(p), p).toEqual(expected);
    }
    // The columns really are of the domains (not their base types).
    const types = await oracle.query<{ attname: string; t: string }>("SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'holdings'::regclass AND attnum > 0 ORDER BY attnum");
    expect(types.rows.map((r) => r.t)).toEqual(['integer', 'amount', 'amount', 'amount[]', 'percent', 'tags', 'calm_mood', 'moods', 'calm_mood[]', 'stamp']);
  });

  const violations: readonly { what: string; row: HoldingsInsert; domain: string; constraint: string }[] = [
    { what: 'a negative amount', row: { id: 10, amount: '-1', share: 1 }, domain: 'amount', constraint: 'amount_check' },
    { what: 'a negative amount in an array of the domain', row: { id: 10, amount: '1', amounts: ['2', '-3'], share: 1 }, domain: 'amount', constraint: 'amount_check' },
    { what: 'a share over 100 (named check)', row: { id: 10, amount: '1', share: 101 }, domain: 'percent', constraint: 'percent_max' },
    { what: 'four tags (a domain over an array)', row: { id: 10, amount: '1', share: 1, tags: ['a', 'b', 'c', 'd'] }, domain: 'tags', constraint: 'tags_check' },
    { what: 'a tense mood (a domain over an enum)', row: { id: 10, amount: '1', share: 1, mood: 'tense' }, domain: 'calm_mood', constraint: 'calm_mood_check' },
    { what: 'a tense mood in an array of a domain over an enum', row: { id: 10, amount: '1', share: 1, calmMoods: ['calm', 'tense'] }, domain: 'calm_mood', constraint: 'calm_mood_check' },
  ];

  for (const v of violations) {
    it(`${v.what}: every path fails the statement naming the domain, and stores nothing`, async () => {
      for (const p of PATHS.filter((x) => x !== 'p_oracle')) {
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
    for (const p of PATHS.filter((x) => x !== 'p_oracle')) {
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
