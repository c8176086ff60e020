/**
 * Values the server generates itself, for every column of test/golden/all-types (scalar and
 * array): each type's minimum and maximum, special values (NaN, ±infinity, BC years, the
 * extreme interval) and random values (setseed: the same rows on every run). Used by the
 * proofs that PostgreSQL's output, and node-postgres's parsed values, are valid input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

const root = path.resolve(import.meta.dirname, '../..');
export const ALL_TYPES_DDL = path.join(root, 'test/golden/all-types/expected/schema.sql');

/** Per column base type: edge literals (SQL) and an SQL expression for a random value. */
export interface Generator {
  readonly edges: readonly string[];
  readonly random: string;
  /**
   * The type is a domain over an array: PostgreSQL reads ARRAY[...] of its values as a
   * multi-dimensional array of the base's elements, so an array of it is built by array_append.
   */
  readonly overArray?: boolean;
}

const r = 'random()';
const md5 = `md5(${r}::text)`;

/**
 * `full`: PostgreSQL's whole range. Without it (the node-postgres round trip), values a JS
 * Date can hold with node-postgres's millisecond precision, and JSON node-postgres parses
 * without loss (objects whose numbers are doubles), so the source rows are what pg returns.
 */
/**
 * PostgreSQL 17 made the interval whose three fields are all at their minimum (maximum)
 * `-infinity` (`infinity`), which pgtwin does not take yet (README); from 17 on, the edges are
 * the finite extremes one microsecond inside.
 */
export async function intervalsHaveInfinity(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(rows[0]?.v) >= 170000;
}

/** The generators of every all_types column type, by SQL type. */
export function serverGenerators(full: boolean, infiniteIntervals = false): Record<string, Generator> {
  const tsRandom = (type: string) =>
    full
      ? `CASE WHEN ${r} < 0.5 THEN ${type} '4714-11-24 00:00:00 BC' + make_interval(days => floor(${r} * 109000000)::int, secs => ${r} * 86400) ELSE ${type} '1900-01-01' + make_interval(secs => ${r} * 5e9) END`
      : `date_trunc('milliseconds', CASE WHEN ${r} < 0.3 THEN ${type} '4714-11-24 00:00:00 BC' + make_interval(days => floor(${r} * 100000000)::int, secs => ${r} * 86400) ELSE ${type} '1900-01-01' + make_interval(secs => ${r} * 5e9) END)`;
  const tsEdges = (type: string, tz: string) => [
    // node-postgres sends a Date with its UTC offset in whole minutes: at PostgreSQL's first
    // instant, in a zone whose local mean time had seconds, that is out of range (its loss).
    full ? `${type} '4714-11-24 00:00:00${tz} BC'` : `${type} '4714-11-25 00:00:00${tz} BC'`,
    `${type} 'infinity'`,
    `${type} '-infinity'`,
    `${type} '0001-01-01 00:00:00${tz}'`,
    `${type} '0001-12-31 23:59:59.999${full ? '999' : ''}${tz} BC'`,
    `${type} '0044-03-15 12:00:00${tz} BC'`,
    `${type} '9999-12-31 23:59:59.999${full ? '999' : ''}${tz}'`,
    `${type} '10000-01-01 00:00:00${tz}'`,
    `${type} '1900-01-01 00:00:00${tz}'`,
    `${type} '2000-02-29 12:34:56.789${tz}'`,
    full ? `${type} '294276-12-31 23:59:59.999999${tz}'` : `${type} '275000-12-31 23:59:59.999${tz}'`,
  ];
  const out: Record<string, Generator> = {
    int2: { edges: ['-32768', '32767', '0'], random: `floor(${r} * 65536 - 32768)::int2` },
    int4: { edges: ['-2147483648', '2147483647', '0'], random: `floor(${r} * 4294967296 - 2147483648)::int4` },
    int8: { edges: ['-9223372036854775808', '9223372036854775807', '0'], random: `floor((${r} - 0.5) * 1.8e19)::numeric::int8` },
    numeric: {
      edges: ["'NaN'", "'Infinity'", "'-Infinity'", '0', "'-0.000'", `'${'9'.repeat(200)}.${'1'.repeat(50)}'`, "'1e-300'", "'-0.0000000001'"],
      random: `round(((${r} - 0.5) * 10 ^ floor(${r} * 40 - 10))::numeric, floor(${r} * 12)::int)`,
    },
    'numeric(39,7)': {
      // node-postgres parses numeric[] elements to doubles: the extremes come back as 1e32, which overflows (its loss), so only with full.
      edges: ["'NaN'", ...(full ? ["'99999999999999999999999999999999.9999999'", "'-99999999999999999999999999999999.9999999'"] : ["'9999999999999999.9999999'", "'-9999999999999999.9999999'"]), '0', "'0.0000001'"],
      random: `round(((${r} - 0.5) * 10 ^ floor(${r} * 32))::numeric, 7)`,
    },
    'numeric(10,2)': { edges: ["'NaN'", "'99999999.99'", "'-99999999.99'", '0', "'0.01'", "'-0.005'"], random: `round(((${r} - 0.5) * 10 ^ floor(${r} * 9))::numeric, 2)` },
    float4: {
      edges: ["'NaN'", "'Infinity'", "'-Infinity'", ...(full ? ["'-0'"] : []), "'3.4028235e38'", "'-3.4028235e38'", "'1.4e-45'", "'1.1754944e-38'", '0.1'],
      random: `((${r} - 0.5) * 10 ^ (${r} * 70 - 35))::float4`,
    },
    float8: {
      edges: ["'NaN'", "'Infinity'", "'-Infinity'", ...(full ? ["'-0'"] : []), "'1.7976931348623157e308'", "'-1.7976931348623157e308'", "'5e-324'", "'2.2250738585072014e-308'", '0.1'],
      random: `((${r} - 0.5) * 10 ^ (${r} * 600 - 300))::float8`,
    },
    bool: { edges: ['true', 'false'], random: `${r} < 0.5` },
    text: {
      edges: ["''", "E'\\\\'", "E'a\\tb\\nc\\rd'", "'NULL'", `'"'`, "'{}'", "'🦀 é'", "' '", "E'\\\\N'"],
      random: `(SELECT string_agg(chr(32 + floor(${r} * 12000)::int), '') FROM generate_series(1, floor(${r} * 12)::int + g * 0))`,
    },
    'varchar(20)': { edges: ["''", `'${'x'.repeat(20)}'`, `'${'🦀'.repeat(20)}'`, "'  '"], random: `left(${md5}, floor(${r} * 21)::int)` },
    'bpchar(5)': { edges: ["''", "'abcde'", "'a'", "'🦀🦀🦀🦀🦀'"], random: `left(${md5}, floor(${r} * 6)::int)` },
    bytea: { edges: ["'\\x'", "'\\x00'", "'\\x5c'", "'\\xffff'"], random: `decode(${md5}, 'hex')` },
    uuid: { edges: ["'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'"], random: `${md5}::uuid` },
    date: {
      edges: [
        "'4714-11-24 BC'",
        ...(full ? ["'5874897-12-31'"] : ["'275000-12-31'"]),
        "'infinity'",
        "'-infinity'",
        "'0001-01-01'",
        "'0001-12-31 BC'",
        "'9999-12-31'",
        "'10000-01-01'",
        "'2000-02-29'",
      ],
      random: full ? `date '4714-11-24 BC' + floor(${r} * 2147000000)::int` : `date '4714-11-24 BC' + floor(${r} * 100000000)::int`,
    },
    timestamp: { edges: tsEdges('timestamp', ''), random: tsRandom('timestamp') },
    timestamptz: { edges: tsEdges('timestamptz', '+00'), random: tsRandom('timestamptz') },
    interval: {
      edges: [
        infiniteIntervals
          ? "interval '-178956970 years -8 mons -2147483648 days -2562047788 hours -54.775807 secs'"
          : "interval '-178956970 years -8 mons -2147483648 days -2562047788 hours -54.775808 secs'",
        infiniteIntervals
          ? "interval '178956970 years 7 mons 2147483647 days 2562047788:00:54.775806'"
          : "interval '178956970 years 7 mons 2147483647 days 2562047788:00:54.775807'",
        "interval '0'",
        "interval '1 mon -1 day'",
        "interval '-1 days +02:00:00'",
        "interval '1 year -1 second'",
        "interval '-1 year -2 mons -3 days -04:05:06.789'",
        "interval '0.000001 sec'",
      ],
      random: `make_interval(months => floor((${r} - 0.5) * 4294967295)::int, days => floor((${r} - 0.5) * 4294967295)::int, secs => round(((${r} - 0.5) * 1.8e13)::numeric, 6)::float8)`,
    },
    json: {
      // node-postgres cannot send a JSON array or string as a json parameter (it sends an array literal, the bare string).
      edges: [`'{"a": 1,   "b": [1, 2.50, "x"]}'`, `'{}'`, `'{"k": "\\u00e9\\n"}'`, ...(full ? [`'[]'`, `'"str"'`, "'null'", "'12345678901234567890'"] : [])],
      random: `json_build_object('k', ${md5}, 'n', ${full ? `round(${r}::numeric, 6)` : r}, 'a', json_build_array(${r} < 0.5, 'x'))`,
    },
    jsonb: {
      // node-postgres parses numbers to doubles: "2.50" comes back as 2.5 (its loss), so only without full.
      edges: [full ? `'{"a": 1,   "b": [1, 2.50, "x"]}'` : `'{"a": 1,   "b": [1, 2.5, "x"]}'`, `'{}'`, `'{"k": "\\u00e9\\n"}'`, ...(full ? [`'[]'`, `'"str"'`, "'null'", "'12345678901234567890.5'"] : [])],
      random: `jsonb_build_object('k', ${md5}, 'n', ${full ? `round(${r}::numeric, 6)` : r}, 'a', jsonb_build_array(${r} < 0.5, 'x'))`,
    },
    inet: {
      edges: ["'0.0.0.0/0'", "'255.255.255.255'", "'::/0'", "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'", "'::ffff:1.2.3.4'", "'192.168.1.5/24'", "'2001:db8::1/64'"],
      random: `(CASE WHEN ${r} < 0.5 THEN concat_ws('.', floor(${r} * 256), floor(${r} * 256), floor(${r} * 256), floor(${r} * 256)) || '/' || floor(${r} * 33) ELSE regexp_replace(${md5}, '(.{4})(?!$)', '\\1:', 'g') || '/' || floor(${r} * 129) END)::inet`,
    },
    cidr: {
      edges: ["'0.0.0.0/0'", "'255.255.255.255/32'", "'::/0'", "'10.1'", "'::192.168.1.226'", "'224'"],
      random: `network((CASE WHEN ${r} < 0.5 THEN concat_ws('.', floor(${r} * 256), floor(${r} * 256), floor(${r} * 256), floor(${r} * 256)) || '/' || floor(${r} * 33) ELSE regexp_replace(${md5}, '(.{4})(?!$)', '\\1:', 'g') || '/' || floor(${r} * 129) END)::inet)::cidr`,
    },
    // Issue 16 wave 2.
    macaddr: { edges: ["'00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff'", "'0800.2b01.0203'"], random: `substr(regexp_replace(${md5}, '(..)', '\\1:', 'g'), 1, 17)::macaddr` },
    macaddr8: { edges: ["'00:00:00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff:ff:ff'", "'08:00:2b:01:02:03'"], random: `substr(regexp_replace(${md5}, '(..)', '\\1:', 'g'), 1, 23)::macaddr8` },
    'bit(8)': { edges: ["B'00000000'", "B'11111111'", "X'a5'"], random: `floor(${r} * 256)::int::bit(8)` },
    'varbit(12)': { edges: ["B''", "B'1'", "B'111111111111'"], random: `substr(floor(${r} * 4096)::int::bit(12)::text, 1, floor(${r} * 13)::int)::varbit(12)` },
    money: {
      edges: ["'-92233720368547758.08'", "'92233720368547758.07'", '0', "'0.01'", "'-0.01'"],
      random: `round(((${r} - 0.5) * 10 ^ floor(${r} * 17))::numeric, 2)::money`,
    },
    xml: { edges: ["''", "'<a/>'", "'<?xml version=\"1.0\"?><doc>é</doc>'", "'text &amp; <b>bold</b>'"], random: `xmlelement(name x, xmlattributes(${md5} AS a), ${md5})` },
    jsonpath: { edges: ["'$'", "'strict $.a[*] ? (@ > 1)'", `'$."k\\"q"'`, "'lax $[0 to last]'"], random: `('$.k' || floor(${r} * 100)::text || '[' || floor(${r} * 9)::text || ']')::jsonpath` },
    oid: { edges: ['0', "'4294967295'", "'-1'"], random: `floor(${r} * 4294967296)::int8::text::oid` },
    '"char"': { edges: ["''", "'a'", "E'\\\\'", "'\\377'", "'\\200'", "E'\\t'"], random: `chr(1 + floor(${r} * 127)::int)::"char"` },
    name: { edges: ["''", `'${'n'.repeat(63)}'`, "'🦀 é'", "E'tab\\there'"], random: `${md5}::name` },
    pg_lsn: { edges: ["'0/0'", "'FFFFFFFF/FFFFFFFF'", "'16/B374D848'"], random: `(to_hex(floor(${r} * 4294967296)::int8) || '/' || to_hex(floor(${r} * 4294967296)::int8))::pg_lsn` },
    tsvector: { edges: ["''", `'''fat'':2A ''rat'':3 ''it''''s'':16383'`, "'a:1,2,3B b c:5D'"], random: `to_tsvector('simple', ${md5} || ' ' || left(${md5}, 3))` },
    tsquery: { edges: [`'''fat'' & ( ''rat'' | !''cat'' )'`, "'a <-> b:*A'", "'!!x <3> y'"], random: `(left(${md5}, 4) || ' & !' || left(${md5}, 3) || ':*')::tsquery` },
    point: { edges: ["'(0,0)'", "'(NaN,Infinity)'", "'(-1.7976931348623157e308,5e-324)'", "'(-0,1.5)'"], random: `point((${r} - 0.5) * 1e6, (${r} - 0.5) * 1e-3)` },
    line: { edges: ["'{1,-1,0}'", "'{0,1,-0}'", "'{1e300,-1e-300,NaN}'"], random: `line(point(${r}, ${r}), point(${r} + 1, ${r} - 2))` },
    lseg: { edges: ["'[(0,0),(0,0)]'", "'[(1,2),(-Infinity,NaN)]'"], random: `lseg(point(${r}, ${r}), point(${r} * 1e9, -${r}))` },
    box: { edges: ["'(0,0),(0,0)'", "'(1,2),(3,4)'", "'(Infinity,1e300),(-Infinity,-0)'"], random: `box(point(${r}, ${r}), point(-${r} * 1e6, ${r} * 7))` },
    path: { edges: ["'[(0,0)]'", "'((1,2),(3,4),(5,6))'", "'[(NaN,1),(2,-Infinity)]'"], random: `path(polygon(box(point(${r}, ${r}), point(-${r}, ${r} * 3))))` },
    polygon: { edges: ["'((0,0))'", "'((1,2),(3,4),(5,6))'", "'((-0,1e-300),(1e300,NaN))'"], random: `polygon(box(point(${r}, ${r}), point(-${r} * 1e3, ${r})))` },
    circle: { edges: ["'<(0,0),0>'", "'<(1,2),Infinity>'", "'<(-1e300,NaN),5e-324>'"], random: `circle(point((${r} - 0.5) * 1e4, ${r}), ${r} * 100)` },
    ...wireAGenerators(tsEdges, tsRandom),
    '"mood"': { edges: ["'happy'", "'say \"hi\"'", "'back\\slash'", "'NULL'", "'🦀'"], random: `(enum_range(null::"mood"))[1 + floor(${r} * 9)::int]` },
    // Composite (issue 16): NULL fields, an empty string, quotes, backslashes, parentheses and commas in the text field.
    // Each ROW cast to the composite: a CASE cannot mix an anonymous record with the type.
    '"pair"': { edges: ['ROW(NULL, NULL)::"pair"', "ROW(0, '')::\"pair\"", "ROW(-2147483648, 'a \"b\" \\ (c), d')::\"pair\"", "ROW(2147483647, 'NULL')::\"pair\""], random: `ROW(floor(${r} * 1000)::int4, ${md5})::"pair"` },
  };
  // Domains (issue 16): a domain over a domain over int4 and a domain over the composite take their base type's values.
  return { ...out, '"count2"': out.int4 as Generator, '"pair_d"': out['"pair"'] as Generator };
}

// Issue 16 wave 2 (wire-a): precisions, interval fields, time of day, ranges, multiranges.
function wireAGenerators(tsEdges: (type: string, tz: string) => string[], tsRandom: (type: string) => string): Record<string, Generator> {
  // The last microsecond of the timestamp range rounds past it under a precision (the server refuses it too).
  const rounded = (type: string, tz: string) => tsEdges(type, tz).filter((e) => !e.includes('294276'));
  // The int64 extremes of microseconds overflow when rounded or truncated: inner values only.
  const intervalEdges = ["interval '0'", "interval '1 mon -1 day'", "interval '-1 days +02:00:00'", "interval '1 year -1 second'", "interval '-1 year -2 mons -3 days -04:05:06.789'", "interval '0.000001 sec'", "interval '2147483647 days 23:59:59.999'"];
  const intervalRandom = `make_interval(months => floor((${r} - 0.5) * 4294967295)::int, days => floor((${r} - 0.5) * 4294967295)::int, secs => round(((${r} - 0.5) * 1.8e13)::numeric, 6)::float8)`;
  const interval = { edges: intervalEdges, random: intervalRandom };
  const timeRandom = `make_time(floor(${r} * 24)::int, floor(${r} * 60)::int, floor(${r} * 60e6) / 1e6)`;
  const time = { edges: ["'00:00:00'", "'24:00:00'", "'23:59:59.999999'", "'12:34:56.789'", "'00:00:00.000001'"], random: timeRandom };
  const timetz = {
    edges: ["'00:00:00+00'", "'24:00:00-15:59'", "'23:59:59.999999+15:59'", "'12:34:56.789+05:30'", "'01:02:03-08'", "'10:00:00+01:02:03'"],
    random: `(${timeRandom}::text || CASE WHEN ${r} < 0.5 THEN '+' ELSE '-' END || lpad(floor(${r} * 16)::text, 2, '0') || ':' || lpad(floor(${r} * 60)::text, 2, '0'))::timetz`,
  };
  // One random range: lower x, upper x + w (a scalar subquery made per row by g), random bounds, sometimes unbounded.
  const range = (ctor: string, x: string, w: string) =>
    `(SELECT ${ctor}(CASE WHEN ${r} < 0.1 THEN NULL ELSE x END, CASE WHEN ${r} < 0.1 THEN NULL ELSE x + w END, (ARRAY['[)', '[]', '()', '(]'])[1 + floor(${r} * 4)::int]) FROM (SELECT ${x} AS x, ${w} AS w, g AS gg) s WHERE gg IS NOT NULL)`;
  const ranges: Record<string, { ctor: string; x: string; w: string; edges: string[] }> = {
    int4range: { ctor: 'int4range', x: `floor((${r} - 0.5) * 4e9)::int8::int4`, w: `floor(${r} * 1000)::int`, edges: ["'empty'", "'[-2147483648,2147483647)'", "'(,)'", "'[0,1)'", "'(,5]'"] },
    int8range: { ctor: 'int8range', x: `floor((${r} - 0.5) * 1.8e19)::numeric::int8 / 2`, w: `floor(${r} * 1e6)::int8`, edges: ["'empty'", "'[-9223372036854775808,9223372036854775807)'", "'(,)'", "'[0,0]'"] },
    numrange: { ctor: 'numrange', x: `round(((${r} - 0.5) * 10 ^ floor(${r} * 30 - 10))::numeric, floor(${r} * 12)::int)`, w: `round((${r} * 1000)::numeric, 4)`, edges: ["'empty'", "'(,)'", "'[-1e-300,1e300]'", "'[0.5,0.5]'", "'(1.00,2.000)'"] },
    daterange: { ctor: 'daterange', x: `date '2000-01-01' + floor((${r} - 0.5) * 4e6)::int`, w: `floor(${r} * 1000)::int`, edges: ["'empty'", "'[-infinity,infinity]'", "'[4714-11-24 BC,5874897-12-31)'", "'(,2000-02-29]'", "'[2000-01-01,infinity)'"] },
    tsrange: { ctor: 'tsrange', x: tsRandom('timestamp'), w: `make_interval(secs => ${r} * 1e8)`, edges: ["'empty'", "'[-infinity,infinity]'", `'[4714-11-24 00:00:00 BC,"294276-12-31 23:59:59.999999"]'`, `'(,"2000-02-29 12:34:56.789")'`] },
    tstzrange: { ctor: 'tstzrange', x: tsRandom('timestamptz'), w: `make_interval(secs => ${r} * 1e8)`, edges: ["'empty'", "'[-infinity,infinity]'", `'["4714-11-24 00:00:00+00 BC","294276-12-31 23:59:59.999999+00"]'`, `'(,"2000-02-29 12:34:56.789+05:30")'`] },
  };
  const out: Record<string, Generator> = {
    'timestamp(3)': { edges: rounded('timestamp', ''), random: tsRandom('timestamp') },
    'timestamptz(0)': { edges: rounded('timestamptz', '+00'), random: tsRandom('timestamptz') },
    'interval(3)': interval,
    'interval day to second(2)': interval,
    'interval year to month': interval,
    'interval hour': interval,
    time,
    'time(2)': time,
    timetz,
    'timetz(0)': timetz,
  };
  for (const [name, g] of Object.entries(ranges)) {
    const random = range(g.ctor, g.x, g.w);
    out[name] = { edges: g.edges, random };
    const multi = name.replace('range', 'multirange');
    out[multi] = { edges: ["'{}'", `${multi}(${g.edges.slice(1, 3).map((e) => `${e}::${name}`).join(', ')})`], random: `${multi}(${random}, ${random})` };
  }
  return out;
}

/** A column of a generated CREATE TABLE: its SQL type without the array brackets. */
export interface ServerColumn {
  readonly name: string;
  readonly type: string;
  readonly isArray: boolean;
  readonly dimensions: number;
  readonly notNull: boolean;
}

/**
 * The columns of `table` in a generated schema.sql and the SQL type of each. Every line of the
 * CREATE TABLE but the PRIMARY KEY must be read (a type with a comma, numeric(39,7), once
 * made its columns silently absent).
 */
export function ddlColumns(ddl: string, table: string, skip: readonly string[] = []): ServerColumn[] {
  const body = new RegExp(`CREATE TABLE "${table}" \\(([\\s\\S]*?)\\n\\);`).exec(ddl)?.[1];
  if (body === undefined) throw new Error(`no CREATE TABLE "${table}" in the DDL`);
  const out: ServerColumn[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '' || /^\s*PRIMARY KEY/.test(line)) continue;
    const m = /^\s*"([^"]+)" (.+?)( NOT NULL)?,?$/.exec(line);
    if (!m) throw new Error(`cannot read the column line ${JSON.stringify(line)} of "${table}"`);
    if (skip.includes(m[1] as string)) continue;
    const type = (m[2] as string).trim();
    const dimensions = (/(\[\])*$/.exec(type)?.[0].length ?? 0) / 2;
    out.push({ name: m[1] as string, type: type.replace(/(\[\])+$/, ''), isArray: dimensions > 0, dimensions, notNull: m[3] !== undefined });
  }
  return out;
}

/** The all_types columns and the SQL type of each (from the generated DDL). */
export function allTypesColumns(): ServerColumn[] {
  return ddlColumns(readFileSync(ALL_TYPES_DDL, 'utf8'), 'all_types', ['id']);
}

/** Number of rows: every edge value, then random ones. */
export const SERVER_ROWS = 60;

/**
 * One SQL expression per column for row `g` of generate_series: row i takes the column type's
 * i-th edge value, random values after them, NULL now and then (not in a NOT NULL column);
 * arrays hold an edge, a random value and a NULL, or are empty or NULL.
 */
export function serverValueExpressions(columns: readonly ServerColumn[], gens: Readonly<Record<string, Generator>>): string[] {
  return columns.map((c) => {
    const g = gens[c.type];
    if (!g) throw new Error(`no server value generator for ${c.type}`);
    const edges = g.edges.map((e) => `(${e})::${c.type}`);
    const scalar = `(CASE ${edges.map((e, i) => `WHEN g = ${i + 1} THEN ${e}`).join(' ')} ELSE ${g.random} END)`;
    if (!c.isArray) return c.notNull ? `${scalar}::${c.type}` : `CASE WHEN g % 17 = 16 THEN NULL ELSE ${scalar}::${c.type} END`;
    const edgeAt = (k: number) => `(CASE ${edges.map((e, i) => `WHEN (g + ${k}) % ${edges.length} = ${i} THEN ${e}`).join(' ')} END)`;
    const leaves = [edgeAt(0), `(${g.random})::${c.type}`, 'NULL', edgeAt(3)];
    const arrayType = `${c.type}${'[]'.repeat(c.dimensions)}`;
    if (g.overArray === true) {
      if (c.dimensions !== 1) throw new Error(`no server values for ${c.type}${'[]'.repeat(c.dimensions)}: arrays of a domain over an array are built with one dimension only`);
      // Each leaf cast: a CASE without ELSE over a domain is of its base type, which has no array type.
      const appended = leaves.reduce((acc, leaf) => `array_append(${acc}, (${leaf})::${c.type})`, `'{}'::${arrayType}`);
      return `CASE WHEN g % 13 = 12 ${c.notNull ? 'AND false ' : ''}THEN NULL WHEN g % 11 = 10 THEN '{}'::${arrayType} ELSE ${appended} END`;
    }
    // Multi-dimensional: the same four values as 2x2 (2 dimensions) or 1x2x2 (3).
    const literal = c.dimensions === 1 ? `[${leaves.join(', ')}]` : `[${c.dimensions === 3 ? '[' : ''}[${leaves[0]}, ${leaves[1]}], [${leaves[2]}, ${leaves[3]}]${c.dimensions === 3 ? ']' : ''}]`;
    return `CASE WHEN g % 13 = 12 ${c.notNull ? 'AND false ' : ''}THEN NULL WHEN g % 11 = 10 THEN '{}'::${arrayType} ELSE ARRAY${literal}::${arrayType} END`;
  });
}

/**
 * Fills `qualified` with `rows` server-generated rows (setseed: the same rows on every run);
 * `key` is the SQL of the key columns' values for row g (for a table whose key is a value column, nothing).
 */
export async function insertServerValues(
  client: pg.Client,
  options: { qualified: string; columns: readonly ServerColumn[]; generators: Readonly<Record<string, Generator>>; rows: number; key?: Readonly<Record<string, string>> },
): Promise<void> {
  const key = Object.entries(options.key ?? {});
  const names = [...key.map(([k]) => k), ...options.columns.map((c) => c.name)].map((n) => `"${n}"`);
  const exprs = [...key.map(([, v]) => v), ...serverValueExpressions(options.columns, options.generators)];
  await client.query('SELECT setseed(0.15)');
  await client.query(`INSERT INTO ${options.qualified} (${names.join(', ')}) SELECT ${exprs.join(', ')} FROM generate_series(1, ${options.rows}) g`);
}

/**
 * Creates `src.all_types` (and the enum) and fills it with server-generated rows. Each
 * column's row i takes its i-th edge value, random values after them; arrays hold an edge,
 * a random value and a NULL, or are empty.
 */
export async function createServerValues(client: pg.Client, options: { schema: string; full: boolean }): Promise<void> {
  const ddl = readFileSync(ALL_TYPES_DDL, 'utf8');
  // Types and domains in schema.sql's order (a domain may be over a type, and the other way round).
  const types = ddl.match(/CREATE (?:TYPE|DOMAIN)[^;]*;/g) ?? [];
  const exists = await client.query(`SELECT 1 FROM pg_type WHERE typname = 'mood'`);
  if (exists.rowCount === 0) for (const t of types) await client.query(t);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  await client.query(`SET search_path = ${options.schema}, public`);
  await client.query(ddl.replace(/CREATE (?:TYPE|DOMAIN)[^;]*;/g, ''));
  await client.query('RESET search_path');
  const generators = serverGenerators(options.full, await intervalsHaveInfinity(client));
  await insertServerValues(client, { qualified: `${options.schema}.all_types`, columns: allTypesColumns(), generators, rows: SERVER_ROWS, key: { id: 'g' } });
}

/** `t::text` of every row, ordered by id, read in a UTC session. */
export async function tableText(client: pg.Client, qualified: string): Promise<string[]> {
  await client.query(`SET TimeZone = 'UTC'`);
  await client.query(`SET IntervalStyle = 'postgres'`);
  await client.query(`SET DateStyle = 'ISO, MDY'`);
  const { rows } = await client.query<{ t: string }>(`SELECT t::text AS t FROM ${qualified} t ORDER BY id`);
  return rows.map((x) => x.t);
}

/** Field name of a column, as the generated module spells it. */
export function fieldOf(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
