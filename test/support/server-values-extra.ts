/**
 * Server-made values for the tables of test/golden/contrib-raw, domains and composites (issue
 * 16), and the proof's runner: the server fills a source table (each type's edge values, then
 * random ones), prints it, and every write path of the generated module stores rows identical
 * to it (`t::text`).
 */
import type pg from 'pg';
import { expect } from 'vitest';
import { fieldOf, insertServerValues, serverGenerators, type Generator, type ServerColumn } from './server-values.ts';

const r = 'random()';
const md5 = `md5(${r}::text)`;

/** Random text of 0..maxLength characters of `pool` (an SQL text expression); `corr` ties the subquery to the outer row. */
function randomText(pool: string, maxLength: number, corr: string, minLength = 0): string {
  return `(SELECT coalesce(string_agg(substr(${pool}, 1 + floor(${r} * char_length(${pool}))::int, 1), ''), '') FROM generate_series(1, ${minLength} + floor(${r} * ${maxLength - minLength + 1})::int + ${corr} * 0))`;
}

// Quotes, backslashes, the hstore and array syntax, a tab, a newline, é and a crab.
const HSTORE_POOL = `('aAzZ"\\=>, {}()NUL' || chr(233) || chr(129408) || chr(9) || chr(10))`;
// ASCII labels: which other letters a label may hold depends on the database's LC_CTYPE.
const LABEL_POOL = `'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_'`;
/** An ltree path of 0..5 labels of 1..8 characters (g: the outer row). */
const ltreePath = (minLabels: number) =>
  `(SELECT coalesce(string_agg(label, '.'), '') FROM (SELECT ${randomText(LABEL_POOL, 8, 'i', 1)} AS label FROM generate_series(1, ${minLabels} + floor(${r} * ${6 - minLabels})::int + g * 0) i) s)`;

/** An ltxtquery word: a label of 1..8 characters and each of the modifiers *, @, % now and then (corr: the outer row). */
const ltxtWord = (corr: string) =>
  `(${randomText(LABEL_POOL, 8, corr, 1)} || CASE WHEN ${r} < 0.3 THEN '*' ELSE '' END || CASE WHEN ${r} < 0.3 THEN '@' ELSE '' END || CASE WHEN ${r} < 0.3 THEN '%' ELSE '' END)`;
// Spaced and bare: the server prints every operator spaced ('a|b' reads back 'a | b').
const LTXT_OP = `(ARRAY[' & ', ' | ', '&', '|'])[1 + floor(${r} * 4)::int]`;
/** An ltxtquery of 1..4 terms joined by & or |, each negated (!) or a parenthesized pair now and then (g: the outer row). */
const ltxtQuery = `(SELECT string_agg(CASE WHEN ${r} < 0.25 THEN '!' ELSE '' END || CASE WHEN ${r} < 0.3 THEN '(' || ${ltxtWord('i')} || ${LTXT_OP} || CASE WHEN ${r} < 0.3 THEN '!' ELSE '' END || ${ltxtWord('i')} || ')' ELSE ${ltxtWord('i')} END, ${LTXT_OP} ORDER BY i) FROM generate_series(1, 1 + floor(${r} * 4)::int + g * 0) i)`;

/** isn values: `prefix` and random digits, the check digit made valid by the server (under isn_weak, see withIsnWeak). */
const isnRandom = (type: string, prefix: string, digits: number) => `make_valid(('${prefix}' || lpad(floor(${r} * 1e${digits})::int8::text, ${digits}, '0') || '0')::${type})`;

/** The contrib types. */
export function contribGenerators(): Record<string, Generator> {
  const cubeCoord = `((${r} - 0.5) * 10 ^ (${r} * 40 - 20))::float8`;
  // x <= y, each with 0..3 decimals and up to 6 integer digits: seg keeps the significant digits it was given.
  const segNumber = `round(((${r} - 0.5) * 10 ^ floor(${r} * 6))::numeric, floor(${r} * 4)::int)`;
  const marker = `(ARRAY['', '', '<', '>', '~'])[1 + floor(${r} * 5)::int]`;
  return {
    citext: {
      edges: ["''", "'ÄbC'", "'MiXeD ÉÇ 🦀 ß'", String.raw`'\'`, `'"q"'`, "'NULL'", "'{}'", "' '", "'İı'"],
      // Upper and lower case ASCII (and [\]^_`), Latin-1 and Latin Extended letters of both cases.
      random: `(SELECT coalesce(string_agg(chr(CASE WHEN ${r} < 0.6 THEN 65 + floor(${r} * 58)::int ELSE 192 + floor(${r} * 400)::int END), ''), '') FROM generate_series(1, floor(${r} * 12)::int + g * 0))`,
    },
    hstore: {
      edges: [
        "''",
        `'""=>""'`,
        "'a=>NULL'",
        `'"NULL"=>"NULL", "null"=>NULL'`,
        String.raw`'"k\"q"=>"v\\b", "a b"=>"=>,", " "=>" "'`,
        `hstore(ARRAY['', 'tab' || chr(9), chr(10), 'é🦀'], ARRAY[NULL, chr(9), chr(92), '{"x"}'])`,
      ],
      // 0..4 pairs: random keys (the empty key among them) and values, a NULL value now and then.
      random: `(SELECT coalesce(hstore(array_agg(k), array_agg(v)), ''::hstore) FROM (SELECT ${randomText(HSTORE_POOL, 6, 'i')} AS k, CASE WHEN ${r} < 0.2 THEN NULL ELSE ${randomText(HSTORE_POOL, 8, 'i')} END AS v FROM generate_series(1, floor(${r} * 5)::int + g * 0) i) s)`,
    },
    ltree: { edges: ["''", "'a'", "'Top.Science_1.x9'", `'${'L'.repeat(255)}'`], random: `${ltreePath(0)}::ltree` },
    lquery: {
      edges: ["'*'", "'*.a.*'", "'a|b.c*@%.*{1,2}'", "'!x.*'", "'a.*{,3}.b'", "'*{2}'", "'a@.b%|c*'"],
      random: `(CASE WHEN ${r} < 0.5 THEN '*.' ELSE '' END || ${ltreePath(1)} || CASE WHEN ${r} < 0.5 THEN '|x*' ELSE '' END || '.*{1,' || (1 + floor(${r} * 5))::int || '}')::lquery`,
    },
    // No equality operator: never a key.
    ltxtquery: {
      edges: ["'a'", "'Europe & Russia*@ & !Transportation'", "'a|b'", "'!(a|b%)&c'", "'!!a'", "'((a))'", "'!(!(x@*%) | (y & z))'", `'${'L'.repeat(255)}@'`, "'Top_1&9|_'"],
      random: `${ltxtQuery}::ltxtquery`,
    },
    cube: {
      edges: ["'(0)'", "'(1, 2),(3, 4)'", "'(3, 4),(1, 2)'", "'(-0, Infinity),(1e300, -Infinity)'", "'(5e-324)'", "'(NaN)'", 'cube(array_fill(1.5::float8, ARRAY[100]))', "'(0.1, 2.2250738585072014e-308)'"],
      // 1..5 dimensions, a point or two corners.
      random: `(SELECT CASE WHEN ${r} < 0.3 THEN cube(array_agg(x)) ELSE cube(array_agg(x), array_agg(y)) END FROM (SELECT ${cubeCoord} AS x, ${cubeCoord} AS y FROM generate_series(1, 1 + floor(${r} * 5)::int + g * 0) i) s)`,
    },
    seg: {
      edges: ["'0'", "'<1'", "'>1'", "'~1'", "'1 ..'", "'.. 1'", "'5(+-)0.3'", "'-1e3 .. 1e3'", "'<1.5 .. >2.50'", "'~-0.001 .. ~1e-7'", "'1.5e38'", "'1.234567890'", "'-0'", "'1 .. 1'"],
      random: `(SELECT (CASE WHEN ${r} < 0.3 THEN m1 || lo::text WHEN ${r} < 0.2 THEN lo::text || '(+-)' || abs(hi)::text ELSE m1 || lo::text || ' .. ' || m2 || hi::text END)::seg FROM (SELECT least(a, b) AS lo, greatest(a, b) AS hi, ${marker} AS m1, ${marker} AS m2 FROM (SELECT ${segNumber} AS a, ${segNumber} AS b, g AS gg) s0 WHERE gg IS NOT NULL) s)`,
    },
    ean13: { edges: ["'0000000000000'", "'978-0-306-40615-7'", "'4006381333931'", "'0012345678905'", "'9771436452008'", "'9790230671187'"], random: isnRandom('ean13', '', 12) },
    isbn: { edges: ["'0-306-40615-2'", "'978-0-306-40615-7'", "'9791090636071'"], random: isnRandom('isbn', '978', 9) },
    isbn13: { edges: ["'978-0-306-40615-7'", "'979-10-90636-07-1'", "'0-306-40615-2'"], random: isnRandom('isbn13', '9791', 8) },
    ismn: { edges: ["'M-2306-7118-7'", "'979-0-2306-7118-7'"], random: isnRandom('ismn', '9790', 8) },
    ismn13: { edges: ["'M-2306-7118-7'", "'9790230671187'"], random: isnRandom('ismn13', '9790', 8) },
    issn: { edges: ["'1436-4522'", "'2434-561X'", "'0317-8471'", "'977-1436-452-00-8'"], random: isnRandom('issn', '977', 9) },
    issn13: { edges: ["'977-1436-452-00-8'", "'1436-4522'", "'2434-561X'"], random: isnRandom('issn13', '977', 9) },
    upc: { edges: ["'012345678905'", "'000000000000'", "'0012345678905'"], random: isnRandom('upc', '0', 11) },
  };
}

/**
 * Domains of test/golden/domains (over numeric, int4 with NOT NULL, text[], an enum, an enum
 * array, timestamptz, a composite, and domains over domains whose CHECKs all hold); for a domain
 * without a CHECK of its own, withDomainBases finds its base's generator.
 */
export function domainGenerators(): Record<string, Generator> {
  return {
    '"amount"': { edges: ['0', `'${'9'.repeat(39)}'`, '1'], random: `round(${r} * 10 ^ floor(${r} * 39))::numeric(39,0)` },
    '"percent"': { edges: ['0', '100'], random: `floor(${r} * 101)::int` },
    '"tags"': {
      overArray: true,
      edges: ["'{}'", `ARRAY['', 'NULL', '"q" \\ {x}']`, 'ARRAY[NULL]::text[]', `ARRAY['é🦀', ' ', ',']`],
      random: `(SELECT coalesce(array_agg(CASE WHEN ${r} < 0.2 THEN NULL ELSE ${md5} END), '{}') FROM generate_series(1, floor(${r} * 4)::int + g * 0))`,
    },
    '"calm_mood"': { edges: ["'calm'"], random: "'calm'" },
    '"moods"': { overArray: true, edges: ["'{}'", "ARRAY['calm', 'tense']::mood[]", 'ARRAY[NULL]::mood[]'], random: `ARRAY[(enum_range(null::mood))[1 + floor(${r} * 2)::int], NULL, 'tense']::mood[]` },
    // Instants a JS Date holds: node-postgres parses the domain as timestamptz (the range's extremes are all_types').
    '"stamp"': serverGenerators(false).timestamptz as Generator,
    // Over amount: numeric(39,0) with VALUE >= 0 (amount) and VALUE < 1000 (its own), 0..999 at every magnitude.
    '"small_amount"': { edges: ['0', '999', '1', "'999.4'"], random: `floor(${r} * 10 ^ floor(${r} * 4))::numeric(39,0)` },
    // Over tags: text[] with cardinality <= 3 (tags) and <= 2 (its own).
    '"short_tags"': {
      overArray: true,
      edges: ["'{}'", 'ARRAY[NULL]::text[]', `ARRAY['', 'NULL']`, `ARRAY['"q" \\ {x}', 'é🦀']`],
      random: `(SELECT coalesce(array_agg(CASE WHEN ${r} < 0.2 THEN NULL ELSE ${md5} END), '{}') FROM generate_series(1, floor(${r} * 3)::int + g * 0))`,
    },
    // Over pair with (VALUE).a > 0: a NULL field makes the check NULL, which passes.
    '"positive_pair"': {
      edges: ['ROW(NULL, NULL)::"pair"', "ROW(1, '')::\"pair\"", String.raw`ROW(2147483647, 'a "b" \ (c), d')::"pair"`, "ROW(NULL, 'NULL')::\"pair\""],
      random: `ROW(1 + floor(${r} * 1000)::int4, ${md5})::"pair"`,
    },
  };
}

/** The domains a generated schema.sql creates: the column type (quoted name) → its base type, and whether it adds a CHECK. */
export function ddlDomains(ddl: string): Map<string, { readonly base: string; readonly checked: boolean }> {
  const out = new Map<string, { base: string; checked: boolean }>();
  for (const m of ddl.matchAll(/^CREATE DOMAIN ("[^"]+") AS (.+?)((?: NOT NULL| DEFAULT | CONSTRAINT | CHECK ).*)?;$/gm)) {
    out.set(m[1] as string, { base: m[2] as string, checked: / CHECK /.test(m[3] ?? '') });
  }
  return out;
}

/**
 * `gens` and, for each domain of `ddl` it has no generator for, the generator of the nearest
 * type up the domain's chain (a domain over a domain over int4 takes int4's values). Only for
 * a chain that adds no CHECK under that type: a CHECK restricts the values, so such a domain
 * needs its own generator, and the error names it.
 */
export function withDomainBases(ddl: string, gens: Readonly<Record<string, Generator>>): Record<string, Generator> {
  const domains = ddlDomains(ddl);
  const out: Record<string, Generator> = { ...gens };
  for (const name of domains.keys()) {
    const chain: string[] = [];
    let type = name;
    while (out[type] === undefined) {
      const d = domains.get(type);
      if (d === undefined) throw new Error(`no server value generator for the domain ${name}: its chain ${[...chain, type].join(' -> ')} reaches no type with one`);
      if (d.checked) throw new Error(`no server value generator for the domain ${name}: ${type} (over ${d.base}) has a CHECK, so ${name} needs a generator of its own whose values hold it`);
      chain.push(type);
      type = d.base;
    }
    for (const t of chain) out[t] = out[type] as Generator;
  }
  return out;
}

/** Composites of test/golden/composites: pair (int4, text) and entry (an enum, arrays, a domain, a nested composite and its array, timestamptz, a field with a space in its name). */
export function compositeGenerators(): Record<string, Generator> {
  const ts = serverGenerators(true).timestamptz as Generator;
  const pair = (a: string, b: string) => `ROW(${a}, ${b})::"pair"`;
  return {
    '"pair"': {
      edges: [pair('NULL', 'NULL'), pair('0', "''"), pair('-2147483648', String.raw`'a "b" \ (c), d'`), pair('2147483647', "'NULL'"), pair('1', `' ' || chr(9) || '{}'`)],
      random: pair(`floor(${r} * 1000)::int4`, md5),
    },
    '"entry"': {
      edges: [
        'ROW(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::"entry"',
        `ROW('', 'calm', '{}', 0, ${pair('NULL', 'NULL')}, '{}', 'infinity', '{}')::"entry"`,
        `ROW('say "hi" \\ (a,b)', 'tense', ARRAY['calm', NULL]::mood[], '${'9'.repeat(39)}', ${pair('-1', String.raw`'(,)"\'`)}, ARRAY[${pair('1', "'a'")}, NULL, ${pair('NULL', "''")}], '4714-11-24 00:00:00+00 BC', ARRAY[NULL, -2147483648])::"entry"`,
        `ROW('NULL', NULL, ARRAY[NULL]::mood[], NULL, ${pair('2', "'NULL'")}, ARRAY[NULL]::"pair"[], '-infinity', ARRAY[NULL]::int4[])::"entry"`,
      ],
      random: `ROW(${md5}, (enum_range(null::mood))[1 + floor(${r} * 2)::int], ARRAY[(enum_range(null::mood))[1 + floor(${r} * 2)::int], NULL]::mood[], round(${r} * 1e20)::numeric(39,0), ${pair(`floor(${r} * 1000)::int4`, md5)}, ARRAY[${pair(`floor(${r} * 1000)::int4`, md5)}, NULL], ${ts.random}, ARRAY[floor(${r} * 1000)::int4, NULL])::"entry"`,
    },
  };
}

/** The write paths of a generated table module (those the table has). */
export interface ServerValuesModule {
  copyInto(c: pg.Client, rows: never[], o?: { format?: 'text' | 'binary'; onConflict?: 'doNothing' }): Promise<unknown>;
  batchInsert(c: pg.Client, rows: never[]): Promise<number>;
  batchUpsert?(c: pg.Client, rows: never[]): Promise<number>;
}

export interface ServerValuesCase {
  readonly table: string;
  readonly module: ServerValuesModule;
  /** Has a binary form: copied in both formats (else text, the table's default). */
  readonly binary: boolean;
  readonly columns: readonly ServerColumn[];
  /** SQL of the key columns for row g that are not server values (id). */
  readonly key: Readonly<Record<string, string>>;
  readonly order: string;
}

export const SERVER_PATHS = ['p_bin', 'p_text', 'p_unnest', 'p_upsert', 'p_merge'] as const;
export type ServerPath = (typeof SERVER_PATHS)[number];

/** The paths a table has. */
export function pathsOf(t: ServerValuesCase): ServerPath[] {
  return SERVER_PATHS.filter((p) => (p !== 'p_bin' || t.binary) && (p !== 'p_upsert' || t.module.batchUpsert !== undefined));
}

export async function fillSource(c: pg.Client, t: ServerValuesCase, generators: Readonly<Record<string, Generator>>, rows: number): Promise<void> {
  await insertServerValues(c, { qualified: `src."${t.table}"`, columns: t.columns, generators, rows, key: t.key });
}

/** `t::text` of every row, in a UTC session. */
export async function rowsText(c: pg.Client, qualified: string, order: string): Promise<string[]> {
  await c.query(`SET TimeZone = 'UTC'`);
  await c.query(`SET DateStyle = 'ISO, MDY'`);
  await c.query(`SET IntervalStyle = 'postgres'`);
  const { rows } = await c.query<{ t: string }>(`SELECT t::text AS t FROM ${qualified} t ORDER BY ${order}`);
  return rows.map((x) => x.t);
}

/**
 * The source rows as insert rows: every column as the server prints it (`asText`) or as
 * node-postgres's default parsers return it.
 */
export async function sourceRows(c: pg.Client, t: ServerValuesCase, asText: boolean): Promise<Record<string, unknown>[]> {
  const names = [...Object.keys(t.key), ...t.columns.map((col) => col.name)];
  const text = { getTypeParser: () => (value: string) => value };
  const { rows } = await c.query<Record<string, unknown>>({ text: `SELECT * FROM src."${t.table}" t ORDER BY ${t.order}`, ...(asText && { types: text }) });
  return rows.map((row) => Object.fromEntries(names.map((n) => [fieldOf(n), row[n] ?? null])));
}

/** Writes `rows` through every path of the table, each into its schema's copy, and expects each to hold `source`. */
export async function expectEveryPathStores(c: pg.Client, t: ServerValuesCase, rows: Record<string, unknown>[], source: readonly string[], label: string): Promise<void> {
  const paths = pathsOf(t);
  await c.query(`TRUNCATE ${paths.map((s) => `${s}."${t.table}"`).join(', ')}`);
  const typed = rows as never[];
  const inPath = async <T>(s: ServerPath, f: () => Promise<T>): Promise<T> => {
    await c.query(`SET search_path = ${s}, public`);
    try {
      return await f();
    } finally {
      await c.query('RESET search_path');
    }
  };
  for (const s of paths) {
    if (s === 'p_bin') expect(await inPath(s, () => t.module.copyInto(c, typed, { format: 'binary' })), `${s} ${label}`).toBe(rows.length);
    if (s === 'p_text') expect(await inPath(s, () => t.module.copyInto(c, typed, { format: 'text' })), `${s} ${label}`).toBe(rows.length);
    if (s === 'p_unnest') expect(await inPath(s, () => t.module.batchInsert(c, typed)), `${s} ${label}`).toBe(rows.length);
    if (s === 'p_merge') expect(await inPath(s, () => t.module.copyInto(c, typed, { onConflict: 'doNothing' })), `${s} ${label}`).toMatchObject({ copied: rows.length });
    if (s === 'p_upsert') {
      const upsert = t.module.batchUpsert?.bind(t.module) as (c: pg.Client, rows: never[]) => Promise<number>;
      // Twice: inserted, then every row updated with the same values.
      expect(await inPath(s, () => upsert(c, typed)), `${s} ${label}`).toBe(rows.length);
      expect(await inPath(s, () => upsert(c, typed.slice(5))), `${s} ${label}`).toBe(Math.max(0, rows.length - 5));
    }
  }
  for (const s of paths) {
    const stored = await rowsText(c, `${s}."${t.table}"`, t.order);
    // The first differing row only: a whole table of these rows is too long to read.
    const i = stored.findIndex((row, k) => row !== source[k]);
    if (i !== -1 || stored.length !== source.length) expect(stored[i], `${s} ${label}: row ${i} of ${stored.length} (source has ${source.length})`).toBe(source[i]);
  }
}

/** Creates the source and one schema per path, each with `tables` of `ddl` (types and extensions once, in public). */
export async function createPathSchemas(c: pg.Client, ddl: string, tables: readonly string[]): Promise<void> {
  const shared = /^(CREATE (EXTENSION|TYPE|DOMAIN)[^;]*;)/gm;
  for (const m of ddl.match(shared) ?? []) {
    const exists = /^CREATE (TYPE|DOMAIN) "([^"]+)"/.exec(m);
    if (exists && (await c.query('SELECT 1 FROM pg_type WHERE typname = $1', [exists[2]])).rowCount !== 0) continue;
    await c.query(m);
  }
  for (const s of ['src', ...SERVER_PATHS]) {
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await c.query(`SET search_path = ${s}, public`);
    for (const t of tables) {
      const create = new RegExp(`CREATE TABLE "${t}" \\([\\s\\S]*?\\n\\);`).exec(ddl)?.[0];
      if (create === undefined) throw new Error(`no CREATE TABLE "${t}" in the DDL`);
      await c.query(create);
    }
  }
  await c.query('RESET search_path');
}
