/**
 * The equivalence proof for contrib extension types and raw(type) columns
 * (test/golden/contrib-raw): every path stores rows identical, as `t::text`, to a plain
 * parameterised INSERT whose parameters come from a small oracle written here (the server
 * parses them), under random session settings. contrib_binary goes through both COPY
 * formats; contrib_types (isn, seg: no send/recv) and raw_types copy in text, and binary is
 * refused naming the column before anything is sent.
 *
 * The extensions and the raw base type `myint` (int4's I/O functions under another name, in
 * plain SQL) are created in public, once; each path has a schema of its own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { introspect } from '../../generator/introspect.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { validateSchema } from '../../generator/validate.ts';
import { verifySchema } from '../../generator/verify.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import type { TableDef } from '../../schema-dsl/index.ts';
import contribBinaryDef from '../golden/contrib-raw/schema/contrib-binary.ts';
import contribKeysDef from '../golden/contrib-raw/schema/contrib-keys.ts';
import contribTypesDef from '../golden/contrib-raw/schema/contrib-types.ts';
import rawTypesDef from '../golden/contrib-raw/schema/raw-types.ts';
import * as contribBinary from '../golden/contrib-raw/expected/contrib-binary.ts';
import * as contribKeys from '../golden/contrib-raw/expected/contrib-keys.ts';
import * as contribTypes from '../golden/contrib-raw/expected/contrib-types.ts';
import * as rawTypes from '../golden/contrib-raw/expected/raw-types.ts';
import { useTestDatabase } from '../support/db.ts';
import { proofColumns, rowsArbitrary, type ProofColumn } from './arbitraries.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const NUM_RUNS = Math.max(20, Math.round(Number(process.env.FC_NUM_RUNS ?? 100) / 2));
const PATHS = ['p_bin', 'p_text', 'p_unnest', 'p_merge', 'p_oracle'] as const;
type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------
// The oracle: the types' text input forms, without runtime/codecs.

function oracleText(c: ProofColumn, v: unknown): string {
  if (c.type === 'hstore' && typeof v !== 'string') {
    const entries = v instanceof Map ? [...(v as Map<string, string | null>)] : Object.entries(v as Record<string, string | null>);
    const q = (x: string) => `"${x.replace(/[\\"]/g, '\\$&')}"`;
    return entries.map(([k, x]) => `${q(k)}=>${x === null ? 'NULL' : q(x)}`).join(',');
  }
  if (c.type === 'cube' && typeof v !== 'string') {
    // float8in reads toPrecision(17) back as the same double; -0 and the infinities spelled out.
    const num = (x: number) => (Object.is(x, -0) ? '-0' : Number.isFinite(x) ? x.toPrecision(17) : x > 0 ? 'Infinity' : '-Infinity');
    const a = v as number[] | number[][];
    return Array.isArray(a[0]) ? (a as number[][]).map((xs) => `(${xs.map(num).join(',')})`).join(',') : `(${(a as number[]).map(num).join(',')})`;
  }
  return v as string;
}

function oracleParameter(c: ProofColumn, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (!c.isArray) return oracleText(c, v);
  return `{${(v as unknown[]).map((el) => (el === null || el === undefined ? 'NULL' : `"${oracleText(c, el).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** The cast of each parameter, spelled here: the extension types by name, raw types as written. */
function oracleCast(c: ProofColumn): string {
  const base = c.type === 'raw' ? (c.params.rawType as string) : c.type === 'bigint' ? 'int8' : c.type === 'text' ? 'text' : c.type;
  return `::${base}${c.isArray ? '[]' : ''}`;
}

async function oracleInsert(client: pg.Client, table: string, columns: readonly ProofColumn[], rows: readonly Row[]): Promise<void> {
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map((c, i) => `$${i + 1}${oracleCast(c)}`).join(', ')})`;
  for (const row of rows) await client.query(sql, columns.map((c) => oracleParameter(c, row[c.field])));
}

// ---------------------------------------------------------------------------------------

const sessionSettings = fc.record({
  TimeZone: fc.constantFrom('UTC', 'Asia/Kathmandu'),
  DateStyle: fc.constantFrom('ISO, MDY', 'German'),
  extra_float_digits: fc.constantFrom('1', '0', '-15'),
});

async function inSchema<T>(c: pg.Client, s: string, settings: Readonly<Record<string, string>>, f: () => Promise<T>): Promise<T> {
  for (const [k, v] of Object.entries(settings)) await c.query('SELECT set_config($1, $2, false)', [k, v]);
  await c.query(`SET search_path = ${s}, public`);
  try {
    return await f();
  } finally {
    await c.query('RESET ALL');
  }
}

async function tableText(c: pg.Client, qualified: string, order: string): Promise<string[]> {
  const { rows } = await c.query<{ t: string }>(`SELECT t::text AS t FROM ${qualified} t ORDER BY ${order}`);
  return rows.map((r) => r.t);
}

interface Case {
  readonly def: TableDef;
  readonly module: {
    readonly insertColumns: readonly string[];
    copyInto(c: pg.Client, rows: never[], o?: { format?: 'text'; onConflict?: 'doNothing' }): Promise<unknown>;
    batchInsert(c: pg.Client, rows: never[]): Promise<number>;
  };
  /** Has a binary form: copied binary too. */
  readonly binary: boolean;
}

const CASES: readonly Case[] = [
  { def: contribBinaryDef, module: contribBinary as unknown as Case['module'], binary: true },
  { def: contribTypesDef, module: contribTypes as unknown as Case['module'], binary: false },
  { def: rawTypesDef, module: rawTypes as unknown as Case['module'], binary: false },
];

beforeAll(async () => {
  const c = db.client;
  await c.query(`CREATE TYPE myint;
    CREATE FUNCTION myint_in(cstring) RETURNS myint AS 'int4in' LANGUAGE internal IMMUTABLE STRICT;
    CREATE FUNCTION myint_out(myint) RETURNS cstring AS 'int4out' LANGUAGE internal IMMUTABLE STRICT;
    CREATE TYPE myint (INPUT = myint_in, OUTPUT = myint_out, LIKE = int4);
    -- Equality and a btree operator class (for the primary key) borrowed from int4 through a binary-coercible cast.
    CREATE CAST (myint AS int4) WITHOUT FUNCTION AS IMPLICIT`);
  const ddl = readFileSync(path.join(root, 'test/golden/contrib-raw/expected/schema.sql'), 'utf8');
  // The extensions once, in public (schema.sql's CREATE EXTENSION IF NOT EXISTS would put them in the first path's schema).
  for (const m of ddl.match(/CREATE EXTENSION[^;]*;/g) ?? []) await c.query(m);
  expect(ddl.match(/CREATE EXTENSION[^;]*;/g)).toEqual(['citext', 'cube', 'hstore', 'isn', 'ltree', 'seg'].map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}";`));
  for (const s of PATHS) {
    await c.query(`CREATE SCHEMA ${s}`);
    await c.query(`SET search_path = ${s}, public`);
    await c.query(ddl.replace(/CREATE EXTENSION[^;]*;/g, ''));
  }
  await c.query('RESET search_path');
});

describe('contrib types and raw(type): equivalence proof', () => {
  for (const t of CASES) {
    const columns = proofColumns(t.def);
    const order = t.def.primaryKey.map((k) => `t."${k}"`).join(', ');
    it(`${t.def.name}: ${t.binary ? 'copyInto binary, ' : ''}copyInto text, batchInsert, copyInto onConflict doNothing and a plain INSERT per row store identical rows`, async () => {
      const c = db.client;
      expect(columns.map((col) => col.name)).toEqual([...t.module.insertColumns]);
      const nonNull = new Map<string, number>();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(rowsArbitrary(t.def, 12), sessionSettings, async (rows, settings) => {
          await c.query(`TRUNCATE ${PATHS.map((s) => `${s}."${t.def.name}"`).join(', ')}`);
          const typed = rows as never[];
          if (t.binary) expect(await inSchema(c, 'p_bin', settings, () => t.module.copyInto(c, typed))).toBe(rows.length);
          // Text by default for a table with a column without a binary form; asked for explicitly otherwise.
          expect(await inSchema(c, 'p_text', settings, () => t.module.copyInto(c, typed, t.binary ? { format: 'text' } : {}))).toBe(rows.length);
          expect(await inSchema(c, 'p_unnest', settings, () => t.module.batchInsert(c, typed))).toBe(rows.length);
          expect(await inSchema(c, 'p_merge', settings, () => t.module.copyInto(c, typed, { ...(t.binary && { format: 'text' as const }), onConflict: 'doNothing' }))).toMatchObject({ copied: rows.length });
          await inSchema(c, 'p_oracle', settings, () => oracleInsert(c, t.def.name, columns, rows));
          const expected = await tableText(c, `p_oracle."${t.def.name}"`, order);
          expect(expected).toHaveLength(rows.length);
          for (const s of PATHS.filter((p) => p !== 'p_oracle' && (t.binary || p !== 'p_bin'))) {
            const actual = await tableText(c, `${s}."${t.def.name}"`, order);
            if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, `${s} vs the plain INSERT for rows ${JSON.stringify(rows, (_k, v: unknown) => (v instanceof Map ? { map: [...v] } : v))}`).toEqual(expected);
          }
          const { rows: counts } = await c.query<Record<string, string>>(`SELECT ${columns.map((col, i) => `count("${col.name}") AS c${i}`).join(', ')} FROM p_unnest."${t.def.name}"`);
          columns.forEach((col, i) => nonNull.set(col.name, (nonNull.get(col.name) ?? 0) + Number(counts[0]?.[`c${i}`] ?? 0)));
          runs++;
        }),
        { numRuns: NUM_RUNS },
      );
      expect(runs).toBeGreaterThanOrEqual(NUM_RUNS);
      for (const col of columns) expect(nonNull.get(col.name) ?? 0, `non-NULL values stored in ${col.name}`).toBeGreaterThan(0);
    }, 600_000);
  }
});

describe('text-only tables refuse binary COPY, naming table and column', () => {
  it('contrib_types (isn, seg) and raw_types: copyInto and copyRows with format binary throw before anything is sent; nothing stored', async () => {
    const c = db.client;
    await c.query('TRUNCATE p_text.contrib_types, p_text.raw_types');
    await c.query('SET search_path = p_text, public');
    try {
      // @ts-expect-error: the generated options type offers only 'text' for this table
      await expect(contribTypes.copyInto(c, [{ id: 1n }], { format: 'binary' })).rejects.toThrow('pgtwin: table "contrib_types" cannot be copied in binary format: column "ean13_v" (ean13) has no binary form');
      // @ts-expect-error: likewise
      await expect(rawTypes.copyInto(c, [{ id: 1n, myintV: '1' }], { format: 'binary' })).rejects.toThrow('column "myint_v" (myint) has no binary form');
      // @ts-expect-error: likewise
      expect(() => rawTypes.copyRows([{ id: 1n, myintV: '1' }], { format: 'binary' })).toThrow(/table "raw_types" cannot be copied in binary format/);
      expect(rawTypes.copyRows([{ id: 1n, myintV: '1' }]).toString()).toBe('1\t1\t\\N\t\\N\t\\N\t\\N\t\\N\n');
    } finally {
      await c.query('RESET search_path');
    }
    expect((await c.query('SELECT count(*)::int AS n FROM p_text.contrib_types')).rows[0].n + (await c.query('SELECT count(*)::int AS n FROM p_text.raw_types')).rows[0].n).toBe(0);
  });
});

describe('bad values', () => {
  const bad: readonly [string, Case['module'], Row, RegExp][] = [
    ['hstore value not a string', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: { a: 1 }, ltreeV: 'a', cubeV: [1] }, /hstore value of key "a" is 1, not a string or null/],
    ['hstore text malformed', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: 'a=>', ltreeV: 'a', cubeV: [1] }, /is not hstore text: a missing key or value/],
    ['hstore as an array', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: ['a'], ltreeV: 'a', cubeV: [1] }, /an array is not an hstore/],
    ['cube corners of different dimensions', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 'a', cubeV: [[1, 2], [3]] }, /the two corners have different dimensions \(2 and 1\)/],
    ['cube of 101 dimensions', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 'a', cubeV: new Array(101).fill(0) }, /has 101 dimensions; a cube has at most 100/],
    ['cube text not a number', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 'a', cubeV: '(1, x)' }, /is not cube text: "x" is not a number/],
    ['citext with NUL', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a\u0000', hstoreV: {}, ltreeV: 'a', cubeV: [1] }, /contains a NUL character/],
    ['ltree as a number', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 5, cubeV: [1] }, /5 is not a string|expected a string/],
    ['ltxtquery as an object', contribBinary as unknown as Case['module'], { id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 'a', cubeV: [1], ltxtqueryV: { q: 'a' } }, /contrib_binary.*ltxtquery_v.*an object|ltxtquery_v.*contrib_binary.*an object/],
    ['isbn as a number', contribTypes as unknown as Case['module'], { id: 1n, isbnV: 9780306406157 }, /is not a string|expected a string/],
    ['raw as a number', rawTypes as unknown as Case['module'], { id: 1n, myintV: 5 }, /5 is not text: a myint column takes the type's PostgreSQL text form as a string/],
  ];
  const EMPTY = 'TRUNCATE p_text.contrib_binary, p_text.contrib_types, p_text.raw_types';
  it.each(bad)('%s: PgTwinValueError naming table, column and row in every path; nothing stored', async (_label, m, row, message) => {
    const c = db.client;
    await c.query(EMPTY);
    await c.query('SET search_path = p_text, public');
    try {
      const rows = [{ ...row, id: 2n }, row] as never[];
      for (const call of [() => m.copyInto(c, rows), () => m.batchInsert(c, rows)]) {
        const err = await call().then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(PgTwinValueError);
        expect((err as Error).message).toMatch(message);
        expect((err as Error).message).toMatch(/row 0|row 1/);
      }
    } finally {
      await c.query('RESET search_path');
    }
    expect((await c.query('SELECT (SELECT count(*) FROM p_text.contrib_binary) + (SELECT count(*) FROM p_text.contrib_types) + (SELECT count(*) FROM p_text.raw_types) AS n')).rows[0].n).toBe('0');
  });

  it('values only the server can judge (isbn check digit, seg bounds, ltree label, ltxtquery syntax, myint range) fail the statement, nothing stored', async () => {
    const c = db.client;
    await c.query(EMPTY);
    await c.query('SET search_path = p_text, public');
    try {
      await expect(contribTypes.copyInto(c, [{ id: 1n }, { id: 2n, isbnV: '978-0-306-40615-8' }])).rejects.toThrow(/invalid check digit for ISBN number|invalid input syntax for ISBN/);
      await expect(contribTypes.batchInsert(c, [{ id: 1n }, { id: 2n, segV: '3 .. 1' }])).rejects.toThrow(/swapped boundaries/);
      await expect(contribBinary.copyInto(c, [{ id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 'a b', cubeV: [1] }])).rejects.toThrow(/ltree syntax error|syntax error/);
      await expect(rawTypes.batchInsert(c, [{ id: 1n, myintV: '2147483648' }])).rejects.toThrow(/out of range for type integer/);
      await expect(contribBinary.copyInto(c, [{ id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 'a', cubeV: [1], ltxtqueryV: 'a & & b' }])).rejects.toThrow(/syntax error/);
      await expect(contribBinary.batchInsert(c, [{ id: 1n, citextV: 'a', hstoreV: {}, ltreeV: 'a', cubeV: [1], ltxtqueryV: 'a & & b' }])).rejects.toThrow(/syntax error/);
    } finally {
      await c.query('RESET search_path');
    }
    expect((await c.query('SELECT (SELECT count(*) FROM p_text.contrib_binary) + (SELECT count(*) FROM p_text.contrib_types) + (SELECT count(*) FROM p_text.raw_types) AS n')).rows[0].n).toBe('0');
  });
});

describe('contrib types in keys', () => {
  it('batchInsert, batchUpsert and batchDelete by citext, ltree, cube, hstore, isbn13 and seg keys; one value spelled two ways is one key', async () => {
    const c = db.client;
    await c.query('TRUNCATE p_unnest.contrib_keys, p_unnest.raw_types');
    await c.query('SET search_path = p_unnest, public');
    try {
      const key = { email: 'Ann@Example.org', path: 'a.b', box: [[1, 2], [3, 4]] as const, tags: { x: '1', y: null }, book: '978-0-306-40615-7', span: '1 .. 2' };
      expect(await contribKeys.batchInsert(c, [{ ...key, note: 'first' }])).toBe(1);
      // The same key spelled otherwise: citext ignores case, cube corners swapped, hstore as text in another order.
      const again = { ...key, email: 'ann@example.ORG', box: '(3, 4),(1, 2)', tags: 'y=>NULL, x=>1' };
      expect(await contribKeys.batchInsert(c, [{ ...again, note: 'ignored' }])).toBe(0);
      expect(await contribKeys.batchUpsert(c, [{ ...again, note: 'second' }])).toBe(1);
      // Two spellings of one key in one upsert batch are found before sending (ASCII case, corners, pair order).
      await expect(contribKeys.batchUpsert(c, [{ ...key, note: 'a' }, { ...again, note: 'b' }])).rejects.toThrow(PgTwinValueError);
      expect((await c.query('SELECT note, email::text, box::text, tags::text FROM contrib_keys')).rows).toEqual([{ note: 'second', email: 'Ann@Example.org', box: '(1, 2),(3, 4)', tags: '"x"=>"1", "y"=>NULL' }]);
      expect(await contribKeys.batchDelete(c, [again])).toBe(1);
      expect((await c.query('SELECT count(*)::int AS n FROM contrib_keys')).rows[0].n).toBe(0);
      // raw keys: by their text; the server decides equality (' 7' and '7' are one myint).
      expect(await rawTypes.batchInsert(c, [{ id: 1n, myintV: '7' }])).toBe(1);
      expect(await rawTypes.batchUpsert(c, [{ id: 1n, myintV: ' 7', scaledV: '1234' }])).toBe(1);
      expect((await c.query('SELECT scaled_v::text FROM raw_types')).rows).toEqual([{ scaled_v: '1200' }]);
      expect(await rawTypes.batchDelete(c, [{ id: 1n, myintV: '+7' }])).toBe(1);
    } finally {
      await c.query('RESET search_path');
    }
  });
});

describe('verify', () => {
  it('finds no difference between the contrib-raw schema and a database made from its schema.sql; a raw type that differs is breaking', async () => {
    const ir = validateSchema(await loadSchema({ root: path.join(root, 'test/golden/contrib-raw'), schemaDir: 'schema' }));
    expect(verifySchema(ir, await introspect(db.client, 'p_text'))).toEqual([]);
    await db.client.query('CREATE SCHEMA drifted; CREATE TABLE drifted.raw_types (id int8, myint_v int4 NOT NULL, myint_a myint[], scaled_v numeric(5,-2), scaled_a numeric(5,-2)[], bpchar_v bpchar, bpchar_a bpchar(3)[], PRIMARY KEY (id, myint_v))');
    const findings = verifySchema({ ...ir, tables: ir.tables.filter((t) => t.name === 'raw_types') }, await introspect(db.client, 'drifted'));
    expect(findings.map((f) => `${f.severity} ${f.column}: ${f.message.split(':')[0]}`)).toEqual([
      'breaking myint_v: type is integer in the database but raw("myint") in the schema',
      'breaking bpchar_a: type is character(3)[] in the database but raw("bpchar").array() in the schema',
    ]);
  });
});
