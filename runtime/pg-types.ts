/**
 * The one table of PostgreSQL types: everything each stage needs to know about a type, as
 * data. The schema DSL (type names, constructors), validation (parameters and their
 * defaults), the render model (DDL, casts, OIDs, codecs, TypeScript types and their imports),
 * partitioning, `pull` and `verify` all read it. Arrays are derived from their element.
 * Adding a type is its codec (runtime/codecs/) plus one entry here; see the README's
 * "Contributing: adding a type".
 */
import type { ColumnCodec, TypeParams } from './codec.ts';
import type { IntervalFields } from './codecs/interval.ts';
import * as codecs from './codecs/index.ts';
import { quoteIdent } from './sql-quote.ts';

export const PG_TYPE_NAMES = [
  'smallint',
  'integer',
  'bigint',
  'numeric',
  'real',
  'double precision',
  'boolean',
  'text',
  'varchar',
  'char',
  'bytea',
  'uuid',
  'date',
  'timestamp',
  'timestamptz',
  'interval',
  'json',
  'jsonb',
  'inet',
  'cidr',
  'enum',
  // issue 16 (contrib types, raw): appended as one block
  'citext',
  'hstore',
  'ltree',
  'lquery',
  'ltxtquery',
  'cube',
  'ean13',
  'isbn',
  'isbn13',
  'ismn',
  'ismn13',
  'issn',
  'issn13',
  'upc',
  'seg',
  'raw',
  // Issue 16 wave 2: network, bit strings, money, text-like, system, text search and geometric types.
  'macaddr',
  'macaddr8',
  'bit',
  'bit varying',
  'money',
  'xml',
  'jsonpath',
  'oid',
  '"char"',
  'name',
  'pg_lsn',
  'tsvector',
  'tsquery',
  'point',
  'line',
  'lseg',
  'box',
  'path',
  'polygon',
  'circle',
  // Types the schema declares (issue 16).
  'composite',
  // Issue 16 wave 2 (wire-a): time types, ranges, multiranges.
  'time',
  'timetz',
  'int4range',
  'int8range',
  'numrange',
  'daterange',
  'tsrange',
  'tstzrange',
  'int4multirange',
  'int8multirange',
  'nummultirange',
  'datemultirange',
  'tsmultirange',
  'tstzmultirange',
] as const;

export type PgTypeName = (typeof PG_TYPE_NAMES)[number];

/** The numeric parameters a type can take in the schema (enums take their declaration instead). */
export const TYPE_PARAM_NAMES = ['length', 'precision', 'scale'] as const;
export type TypeParamName = (typeof TYPE_PARAM_NAMES)[number];

/** Type names `@pgtwin/runtime` exports for column values; generated modules import the ones their columns use. */
export const RUNTIME_TYPE_NAMES = [
  'Int8Input',
  'NumericInput',
  'DateInput',
  'TimestampInput',
  'IntervalInput',
  'IntervalOutput',
  'JsonInput',
  'JsonValue',
  'HstoreInput',
  'CubeInput',
  'MoneyInput',
  'OidInput',
  'PgLsnInput',
  'GeoPoint',
  'PointInput',
  'LineInput',
  'LsegInput',
  'BoxInput',
  'PathInput',
  'PolygonInput',
  'CircleInput',
  'TimeInput',
  'TimetzInput',
  'Int4RangeInput',
  'Int8RangeInput',
  'NumRangeInput',
  'DateRangeInput',
  'TimestampRangeInput',
  'MultirangeInput',
] as const;
export type RuntimeTypeName = (typeof RUNTIME_TYPE_NAMES)[number];

/** A TypeScript type as printed, with the `@pgtwin/runtime` type names it refers to (never found again in the text). */
export interface TsType {
  readonly text: string;
  readonly imports: readonly RuntimeTypeName[];
}

/** One parameter of a type: its range (checked at codegen, and by pull before writing it) and its default. */
export interface TypeParamSpec {
  /** How messages name it: `length`, `numeric precision`. */
  readonly label: string;
  readonly min: number;
  /** A number, or another parameter this one may not exceed (`scale` ≤ `precision`). */
  readonly max: number | TypeParamName;
  /**
   * Filled into the IR at validation when the schema leaves the parameter out, so every later
   * stage (DDL, codec, verify) sees the same value: `char()` is `char(1)`.
   */
  readonly default?: number;
  /**
   * Meaningful only with this other parameter: given alone it is a schema error, and its
   * default applies only when that one is given (`numeric(10)` is `numeric(10,0)`; `numeric()`
   * stays unconstrained).
   */
  readonly requires?: TypeParamName;
}

/** How partition bounds of a type are read and ordered at codegen. */
export type BoundOrder =
  /** BigInt order of the canonical text. */
  | 'integer'
  /** Decimal order (compareDecimal). */
  | 'decimal'
  /** The enum's label order. */
  | 'label'
  /** Canonical texts are fixed-width and sort as their values (date, timestamps). */
  | 'text'
  /** Ordered by the database's collation, unknown at codegen: order and overlap are left to the server. */
  | 'collation'
  /** List bounds only (no order needed). */
  | 'none';

export interface PgTypeSpec {
  /**
   * `pg_type.typname` of the type, what `pull` and `verify` match a database column by;
   * `null` when the schema names the type (enums: the typname is the enum's own name).
   */
  readonly typname: string | null;
  /**
   * OIDs of the type and its array type: fixed for built-in types; `'per-connection'` for
   * types whose OID differs per database (enums, and later extension types), looked up by
   * their SQL name once per connection (runtime/type-oids.ts). The UNNEST parameter of a
   * scalar column is a binary array of `oid`.
   */
  readonly oids: { readonly oid: number; readonly arrayOid: number } | 'per-connection';
  /** The type as spelled in DDL and in casts (`numeric(39,0)`, `varchar(64)`, `"mood"`), from parameters with defaults filled. */
  readonly sql: (p: TypeParams) => string;
  /** The parameters the type takes (anything else is a schema error), in DSL argument order. */
  readonly params: { readonly [K in TypeParamName]?: TypeParamSpec };
  /** Enums take their `enumType` declaration (`enumOf(def)`) instead of numeric parameters. */
  readonly takesEnum?: true;
  /** Composite types take their `compositeType` declaration (`compositeOf(def)`); the render model builds their codec and TypeScript types from the fields. */
  readonly takesComposite?: true;
  /**
   * The schema DSL constructor: its exported name; `pull` prints `name(args…)` with the
   * parameters in `params` order. `null`: not a plain constructor (enums: `enumOf`).
   */
  readonly dsl: string | null;
  /** Validator and COPY text/binary encoders for one non-null value (an export of runtime/codecs). */
  readonly codec: (p: TypeParams) => ColumnCodec;
  /** TypeScript type an insert accepts. */
  readonly tsInput: (p: TypeParams) => TsType;
  /**
   * The insert type of a NOT NULL column, where it differs (json: a JS `null` is SQL NULL, so a
   * NOT NULL json column cannot take it; JSON null is `jsonText('null')`).
   */
  readonly tsInputNotNull?: (p: TypeParams) => TsType;
  /** TypeScript type node-postgres returns for a select with its default parsers. */
  readonly tsSelect: (p: TypeParams) => TsType;
  /** Has equality (and hashing): can be in a primary key, unique key, conflict target or delete key, a hash partition or distribution column. */
  readonly key: boolean;
  /** Partition bounds of this type pgtwin reads and checks at codegen: range (and list), list only, or none. */
  readonly partitionBound: 'range' | 'list' | null;
  readonly boundOrder: BoundOrder;
  /** Can be a TimescaleDB hypertable time column. */
  readonly hypertableTime: boolean;
  /** Can be the element of a range type (the range rows name theirs in `rangeOf`; checked by test/generator/type-spec.test.ts). */
  readonly rangeElement: boolean;
  /**
   * What the column's typmod holds in the catalog (decoded by `pull` and `verify`): a length
   * (typmod - 4), numeric precision and scale, or fractional-second precision (and interval's
   * field restriction), which pull writes as `timestamp(3)` / `interval({ fields, precision })`. `bitLength`: the
   * typmod is the bit count itself (bit, varbit).
   */
  readonly typmod: 'length' | 'numeric' | 'fractional' | 'bitLength' | null;
  /**
   * Types of one family share their binary wire format, so one's COPY bytes are valid input
   * for another (text, varchar, bpchar; inet, cidr): verify explains such a mismatch instead of
   * calling it a different type.
   */
  readonly wireFamily?: 'string' | 'network';
  /**
   * `'text'`: the type has no binary form pgtwin writes (no send/recv in PostgreSQL, or a
   * raw column): a table with such a column copies in text format by default, and asking for
   * binary is an error naming the column. Absent: both formats.
   */
  readonly copy?: 'text';
  /**
   * `raw(type)`: the column takes the type's SQL spelling from the schema (`TypeParams.rawType`)
   * and its values as the type's PostgreSQL text; the UNNEST parameter is `text[]` cast to it.
   */
  readonly takesRawType?: true;
  /**
   * The extension that provides the type (`CREATE EXTENSION`): schema.sql creates it
   * (`IF NOT EXISTS`) before the tables. Its OIDs are then per connection.
   */
  readonly extension?: string;
  /**
   * `false`: equality but no hash operator class (bit, varbit, money, tsvector, tsquery, ltree, cube, seg): it can
   * be in a key or conflict target, not be a hash partition or Citus distribution column.
   */
  readonly hash?: false;
  /** The array literal's element delimiter when it is not `,` (box: `;`, pg_type.typdelim). */
  readonly arrayDelimiter?: ';';
  /**
   * Takes SQL's interval field restriction (`interval day to second`) besides its precision:
   * the DSL's `interval({ fields, precision })`, decoded from the typmod by pull and verify.
   */
  readonly takesIntervalFields?: true;
  /**
   * node-postgres has no parser for arrays of this type (pg-types registers none for the array
   * OID, and none for an OID that differs per database), so a select returns the array's
   * PostgreSQL text, such as `'{"[1,2)"}'` or `'{08:00:2b:01:02:03:04:05}'`: the select type of
   * an array column is `string`, else `(element | null)[]`. Checked against pg-types by
   * test/generator/type-spec.test.ts.
   */
  readonly arraySelectsText?: true;
  /** Range types: the element type (its spec has `rangeElement`). Multiranges: their range type. */
  readonly rangeOf?: PgTypeName;
  readonly multirangeOf?: PgTypeName;
}

const ts = (text: string, ...imports: RuntimeTypeName[]) => {
  const t: TsType = { text, imports };
  return () => t;
};
const labelUnion = (p: TypeParams): TsType => ({ text: (p.labels ?? []).map((l) => JSON.stringify(l)).join(' | '), imports: [] });

/** Defaults shared by most rows: a scalar with no parameters that can be a key and nothing more. */
const base = { params: {}, key: true, partitionBound: null, boundOrder: 'none', hypertableTime: false, rangeElement: false, typmod: null } as const;
const oids = (oid: number, arrayOid: number) => ({ oid, arrayOid });
const MAX_LENGTH = 10_485_760;
const lengthParam = (d?: number): TypeParamSpec => ({ label: 'length', min: 1, max: MAX_LENGTH, ...(d !== undefined && { default: d }) });
const integerType = { ...base, partitionBound: 'range', boundOrder: 'integer', hypertableTime: true, rangeElement: true } as const;
const timeType = { ...base, partitionBound: 'range', boundOrder: 'text', hypertableTime: true, rangeElement: true } as const;
/** bit(n) / varbit(n): PostgreSQL's bit-length limit (MaxAttrSize * 8). */
const bitLengthParam = (d?: number): TypeParamSpec => ({ label: 'bit length', min: 1, max: 83_886_080, ...(d !== undefined && { default: d }) });
const geometric = { ...base, key: false, arraySelectsText: true } as const;

/**
 * Contrib extension types: OIDs per connection (an extension's types get new OIDs in each
 * database), unquoted names found through the search_path. isn and seg have no send/recv.
 * node-postgres parses none of their arrays (their OIDs are not pg-types'): arrays select as text.
 */
function contribTypes() {
  const ext = { ...base, oids: 'per-connection', tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true } as const;
  const isn = (name: 'ean13' | 'isbn' | 'isbn13' | 'ismn' | 'ismn13' | 'issn' | 'issn13' | 'upc') =>
    ({ ...ext, typname: name, sql: () => name, dsl: name, codec: codecs[name], extension: 'isn', copy: 'text' }) as const;
  return {
    citext: { ...ext, typname: 'citext', sql: () => 'citext', dsl: 'citext', codec: codecs.citext, extension: 'citext' },
    hstore: { ...ext, typname: 'hstore', sql: () => 'hstore', dsl: 'hstore', codec: codecs.hstore, extension: 'hstore', tsInput: ts('HstoreInput', 'HstoreInput') },
    // ltree and cube have btree but no hash operator class (ltree gains one in PostgreSQL 16), seg neither.
    ltree: { ...ext, typname: 'ltree', sql: () => 'ltree', dsl: 'ltree', codec: codecs.ltree, extension: 'ltree', hash: false },
    // lquery has no equality operator.
    lquery: { ...ext, typname: 'lquery', sql: () => 'lquery', dsl: 'lquery', codec: codecs.lquery, extension: 'ltree', key: false },
    // ltxtquery has no equality operator either.
    ltxtquery: { ...ext, typname: 'ltxtquery', sql: () => 'ltxtquery', dsl: 'ltxtquery', codec: codecs.ltxtquery, extension: 'ltree', key: false },
    cube: { ...ext, typname: 'cube', sql: () => 'cube', dsl: 'cube', codec: codecs.cube, extension: 'cube', tsInput: ts('CubeInput', 'CubeInput'), hash: false },
    ean13: isn('ean13'),
    isbn: isn('isbn'),
    isbn13: isn('isbn13'),
    ismn: isn('ismn'),
    ismn13: isn('ismn13'),
    issn: isn('issn'),
    issn13: isn('issn13'),
    upc: isn('upc'),
    seg: { ...ext, typname: 'seg', sql: () => 'seg', dsl: 'seg', codec: codecs.seg, extension: 'seg', copy: 'text', hash: false },
  } as const;
}

/** Fractional-second digits kept (`timestamp(3)`); left out: 6, the server's default. */
const fractionalPrecision = { precision: { label: 'fractional-second precision', min: 0, max: 6 } } as const;
const withPrecision = (name: string) => (p: TypeParams) => (p.precision === undefined ? name : `${name}(${p.precision})`);

/** `interval`, `interval(3)`, `interval day to second(3)`: SQL puts the precision after the fields. */
function intervalSql(p: TypeParams): string {
  const precision = p.precision === undefined ? '' : `(${p.precision})`;
  return p.fields === undefined ? `interval${precision}` : `interval ${p.fields}${precision}`;
}

/** A range type: a key (ranges have equality and hashing), selected as text by node-postgres (arrays too, but numrange[]). */
function rangeType(name: string, element: PgTypeName, o: { oid: number; arrayOid: number }, codec: () => ColumnCodec, input: () => TsType) {
  // pg-types parses numrange[] (only) into an array of strings.
  return { ...base, typname: name, oids: o, sql: () => name, dsl: name, codec, tsInput: input, tsSelect: ts('string'), ...(name !== 'numrange' && { arraySelectsText: true as const }), rangeOf: element } as const;
}

/** A multirange type (PostgreSQL 14+): like its range type, a key selected as text. */
function multirangeType(name: string, range: PgTypeName, o: { oid: number; arrayOid: number }, codec: () => ColumnCodec, input: () => TsType) {
  return { ...base, typname: name, oids: o, sql: () => name, dsl: name, codec, tsInput: input, tsSelect: ts('string'), arraySelectsText: true, multirangeOf: range } as const;
}

export const PG_TYPES = {
  smallint: { ...integerType, typname: 'int2', oids: oids(21, 1005), sql: () => 'int2', dsl: 'smallint', codec: codecs.int2, tsInput: ts('number'), tsSelect: ts('number') },
  integer: { ...integerType, typname: 'int4', oids: oids(23, 1007), sql: () => 'int4', dsl: 'integer', codec: codecs.int4, tsInput: ts('number'), tsSelect: ts('number') },
  bigint: { ...integerType, typname: 'int8', oids: oids(20, 1016), sql: () => 'int8', dsl: 'bigint', codec: codecs.int8, tsInput: ts('Int8Input', 'Int8Input'), tsSelect: ts('string') },
  numeric: {
    ...base,
    typname: 'numeric',
    oids: oids(1700, 1231),
    sql: (p) => (p.precision === undefined ? 'numeric' : `numeric(${p.precision},${p.scale ?? 0})`),
    params: {
      precision: { label: 'numeric precision', min: 1, max: 1000 },
      // PostgreSQL 15 allows scales from -1000 to 1000; the DSL takes 0 to the precision (pull reports others).
      scale: { label: 'numeric scale', min: 0, max: 'precision', default: 0, requires: 'precision' },
    },
    dsl: 'numeric',
    codec: codecs.numeric,
    tsInput: ts('NumericInput', 'NumericInput'),
    tsSelect: ts('string'),
    partitionBound: 'range',
    boundOrder: 'decimal',
    rangeElement: true,
    typmod: 'numeric',
  },
  real: { ...base, typname: 'float4', oids: oids(700, 1021), sql: () => 'float4', dsl: 'real', codec: codecs.float4, tsInput: ts('number'), tsSelect: ts('number') },
  'double precision': { ...base, typname: 'float8', oids: oids(701, 1022), sql: () => 'float8', dsl: 'doublePrecision', codec: codecs.float8, tsInput: ts('number'), tsSelect: ts('number') },
  boolean: { ...base, typname: 'bool', oids: oids(16, 1000), sql: () => 'bool', dsl: 'boolean', codec: codecs.bool, tsInput: ts('boolean'), tsSelect: ts('boolean'), partitionBound: 'list' },
  text: { ...base, typname: 'text', oids: oids(25, 1009), sql: () => 'text', dsl: 'text', codec: codecs.text, tsInput: ts('string'), tsSelect: ts('string'), partitionBound: 'range', boundOrder: 'collation', rangeElement: true, wireFamily: 'string' },
  varchar: {
    ...base,
    typname: 'varchar',
    oids: oids(1043, 1015),
    sql: (p) => (p.length === undefined ? 'varchar' : `varchar(${p.length})`),
    params: { length: lengthParam() },
    dsl: 'varchar',
    codec: codecs.varchar,
    tsInput: ts('string'),
    tsSelect: ts('string'),
    partitionBound: 'range',
    boundOrder: 'collation',
    typmod: 'length',
    wireFamily: 'string',
  },
  char: {
    ...base,
    typname: 'bpchar',
    oids: oids(1042, 1014),
    // The length is always there: validation fills the default (PostgreSQL's char is char(1)).
    sql: (p) => `bpchar(${p.length ?? 1})`,
    params: { length: lengthParam(1) },
    dsl: 'char',
    codec: codecs.bpchar,
    tsInput: ts('string'),
    tsSelect: ts('string'),
    partitionBound: 'range',
    boundOrder: 'collation',
    typmod: 'length',
    wireFamily: 'string',
  },
  bytea: { ...base, typname: 'bytea', oids: oids(17, 1001), sql: () => 'bytea', dsl: 'bytea', codec: codecs.bytea, tsInput: ts('Uint8Array'), tsSelect: ts('Buffer') },
  uuid: { ...base, typname: 'uuid', oids: oids(2950, 2951), sql: () => 'uuid', dsl: 'uuid', codec: codecs.uuid, tsInput: ts('string'), tsSelect: ts('string'), partitionBound: 'list' },
  date: { ...timeType, typname: 'date', oids: oids(1082, 1182), sql: () => 'date', dsl: 'date', codec: codecs.date, tsInput: ts('DateInput', 'DateInput'), tsSelect: ts('Date') },
  timestamp: { ...timeType, typname: 'timestamp', oids: oids(1114, 1115), sql: withPrecision('timestamp'), params: fractionalPrecision, dsl: 'timestamp', codec: codecs.timestamp, tsInput: ts('TimestampInput', 'TimestampInput'), tsSelect: ts('Date'), typmod: 'fractional' },
  timestamptz: { ...timeType, typname: 'timestamptz', oids: oids(1184, 1185), sql: withPrecision('timestamptz'), params: fractionalPrecision, dsl: 'timestamptz', codec: codecs.timestamptz, tsInput: ts('TimestampInput', 'TimestampInput'), tsSelect: ts('Date'), typmod: 'fractional' },
  interval: { ...base, typname: 'interval', oids: oids(1186, 1187), sql: intervalSql, params: fractionalPrecision, takesIntervalFields: true, dsl: 'interval', codec: codecs.interval, tsInput: ts('IntervalInput', 'IntervalInput'), tsSelect: ts('IntervalOutput', 'IntervalOutput'), typmod: 'fractional' },
  json: { ...base, typname: 'json', oids: oids(114, 199), sql: () => 'json', dsl: 'json', codec: codecs.json, tsInput: ts('JsonInput', 'JsonInput'), tsInputNotNull: ts('NonNullable<JsonInput>', 'JsonInput'), tsSelect: ts('JsonValue', 'JsonValue'), key: false },
  jsonb: { ...base, typname: 'jsonb', oids: oids(3802, 3807), sql: () => 'jsonb', dsl: 'jsonb', codec: codecs.jsonb, tsInput: ts('JsonInput', 'JsonInput'), tsInputNotNull: ts('NonNullable<JsonInput>', 'JsonInput'), tsSelect: ts('JsonValue', 'JsonValue') },
  inet: { ...base, typname: 'inet', oids: oids(869, 1041), sql: () => 'inet', dsl: 'inet', codec: codecs.inet, tsInput: ts('string'), tsSelect: ts('string'), wireFamily: 'network' },
  cidr: { ...base, typname: 'cidr', oids: oids(650, 651), sql: () => 'cidr', dsl: 'cidr', codec: codecs.cidr, tsInput: ts('string'), tsSelect: ts('string'), wireFamily: 'network' },
  enum: {
    ...base,
    typname: null,
    oids: 'per-connection',
    sql: (p) => quoteIdent(p.enumName ?? ''),
    takesEnum: true,
    dsl: null,
    codec: codecs.enumCodec,
    tsInput: labelUnion,
    tsSelect: labelUnion,
    partitionBound: 'range',
    boundOrder: 'label',
    arraySelectsText: true,
  },
  // issue 16 (contrib types, raw)
  ...contribTypes(),
  raw: {
    ...base,
    typname: null,
    oids: 'per-connection',
    sql: (p) => p.rawType ?? '',
    takesRawType: true,
    dsl: 'raw',
    codec: codecs.raw,
    tsInput: ts('string'),
    tsSelect: ts('string'),
    copy: 'text',
  },
  // ---- Issue 16 wave 2 (codecs in runtime/codecs/macaddr, bits, money, xml, system, text-search, geometric).
  macaddr: { ...base, typname: 'macaddr', oids: oids(829, 1040), sql: () => 'macaddr', dsl: 'macaddr', codec: codecs.macaddr, tsInput: ts('string'), tsSelect: ts('string') },
  macaddr8: { ...base, typname: 'macaddr8', oids: oids(774, 775), sql: () => 'macaddr8', dsl: 'macaddr8', codec: codecs.macaddr8, tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true },
  bit: {
    ...base,
    typname: 'bit',
    oids: oids(1560, 1561),
    // Always with its length: validation fills the default (PostgreSQL's bit is bit(1)).
    sql: (p) => `bit(${p.length ?? 1})`,
    params: { length: bitLengthParam(1) },
    dsl: 'bit',
    codec: codecs.bit,
    tsInput: ts('string'),
    tsSelect: ts('string'),
    arraySelectsText: true,
    typmod: 'bitLength',
    hash: false,
  },
  'bit varying': {
    ...base,
    typname: 'varbit',
    oids: oids(1562, 1563),
    sql: (p) => (p.length === undefined ? 'varbit' : `varbit(${p.length})`),
    params: { length: bitLengthParam() },
    dsl: 'varbit',
    codec: codecs.varbit,
    tsInput: ts('string'),
    tsSelect: ts('string'),
    arraySelectsText: true,
    typmod: 'bitLength',
    hash: false,
  },
  // The amount in cents under an lc_monetary with "." and 2 fraction digits (README: money).
  money: { ...base, typname: 'money', oids: oids(790, 791), sql: () => 'money', dsl: 'money', codec: codecs.money, tsInput: ts('MoneyInput', 'MoneyInput'), tsSelect: ts('string'), hash: false },
  xml: { ...base, typname: 'xml', oids: oids(142, 143), sql: () => 'xml', dsl: 'xml', codec: codecs.xml, tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true, key: false },
  jsonpath: { ...base, typname: 'jsonpath', oids: oids(4072, 4073), sql: () => 'jsonpath', dsl: 'jsonpath', codec: codecs.jsonpath, tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true, key: false },
  oid: { ...base, typname: 'oid', oids: oids(26, 1028), sql: () => 'oid', dsl: 'oid', codec: codecs.oid, tsInput: ts('OidInput', 'OidInput'), tsSelect: ts('number') },
  '"char"': { ...base, typname: 'char', oids: oids(18, 1002), sql: () => '"char"', dsl: 'singleChar', codec: codecs.char, tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true },
  name: { ...base, typname: 'name', oids: oids(19, 1003), sql: () => 'name', dsl: 'name', codec: codecs.name, tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true },
  pg_lsn: { ...base, typname: 'pg_lsn', oids: oids(3220, 3221), sql: () => 'pg_lsn', dsl: 'pgLsn', codec: codecs.pgLsn, tsInput: ts('PgLsnInput', 'PgLsnInput'), tsSelect: ts('string'), arraySelectsText: true },
  tsvector: { ...base, typname: 'tsvector', oids: oids(3614, 3643), sql: () => 'tsvector', dsl: 'tsvector', codec: codecs.tsvector, tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true, hash: false },
  tsquery: { ...base, typname: 'tsquery', oids: oids(3615, 3645), sql: () => 'tsquery', dsl: 'tsquery', codec: codecs.tsquery, tsInput: ts('string'), tsSelect: ts('string'), arraySelectsText: true, hash: false },
  // Geometric types have no btree or hash equality: never keys.
  // node-postgres parses point[] (1017) into { x, y } objects; the other geometric arrays come back as text.
  point: { ...base, key: false, typname: 'point', oids: oids(600, 1017), sql: () => 'point', dsl: 'point', codec: codecs.point, tsInput: ts('PointInput', 'PointInput'), tsSelect: ts('GeoPoint', 'GeoPoint') },
  line: { ...geometric, typname: 'line', oids: oids(628, 629), sql: () => 'line', dsl: 'line', codec: codecs.line, tsInput: ts('LineInput', 'LineInput'), tsSelect: ts('string') },
  lseg: { ...geometric, typname: 'lseg', oids: oids(601, 1018), sql: () => 'lseg', dsl: 'lseg', codec: codecs.lseg, tsInput: ts('LsegInput', 'LsegInput'), tsSelect: ts('string') },
  box: { ...geometric, typname: 'box', oids: oids(603, 1020), sql: () => 'box', dsl: 'box', codec: codecs.box, tsInput: ts('BoxInput', 'BoxInput'), tsSelect: ts('string'), arrayDelimiter: ';' },
  path: { ...geometric, typname: 'path', oids: oids(602, 1019), sql: () => 'path', dsl: 'path', codec: codecs.path, tsInput: ts('PathInput', 'PathInput'), tsSelect: ts('string') },
  polygon: { ...geometric, typname: 'polygon', oids: oids(604, 1027), sql: () => 'polygon', dsl: 'polygon', codec: codecs.polygon, tsInput: ts('PolygonInput', 'PolygonInput'), tsSelect: ts('string') },
  circle: { ...geometric, typname: 'circle', oids: oids(718, 719), sql: () => 'circle', dsl: 'circle', codec: codecs.circle, tsInput: ts('CircleInput', 'CircleInput'), tsSelect: ts('{ x: number; y: number; radius: number }') },
  composite: {
    ...base,
    typname: null,
    oids: 'per-connection',
    sql: (p) => quoteIdent(p.compositeName ?? ''),
    takesComposite: true,
    dsl: null,
    codec: codecs.compositeCodec,
    // The render model prints the fields' types; this is what any composite value satisfies.
    tsInput: ts('Readonly<Record<string, unknown>>'),
    // node-postgres returns a record's text (it has no parser for a composite's OID).
    tsSelect: ts('string'),
    // Record equality compares field by field: validation allows a composite key only when every field's type is one (keyProblem).
    key: true,
    // hash_record needs every field hashable; distribution and hash partitioning by a composite are not offered.
    hash: false,
  },
  // Issue 16 wave 2 (wire-a). node-postgres returns time, timetz, ranges and multiranges as text; arrays: see arraySelectsText.
  time: { ...base, typname: 'time', oids: oids(1083, 1183), sql: withPrecision('time'), params: fractionalPrecision, dsl: 'time', codec: codecs.time, tsInput: ts('TimeInput', 'TimeInput'), tsSelect: ts('string'), typmod: 'fractional' },
  timetz: { ...base, typname: 'timetz', oids: oids(1266, 1270), sql: withPrecision('timetz'), params: fractionalPrecision, dsl: 'timetz', codec: codecs.timetz, tsInput: ts('TimetzInput', 'TimetzInput'), tsSelect: ts('string'), typmod: 'fractional' },
  int4range: rangeType('int4range', 'integer', oids(3904, 3905), codecs.int4range, ts('Int4RangeInput', 'Int4RangeInput')),
  int8range: rangeType('int8range', 'bigint', oids(3926, 3927), codecs.int8range, ts('Int8RangeInput', 'Int8RangeInput')),
  numrange: rangeType('numrange', 'numeric', oids(3906, 3907), codecs.numrange, ts('NumRangeInput', 'NumRangeInput')),
  daterange: rangeType('daterange', 'date', oids(3912, 3913), codecs.daterange, ts('DateRangeInput', 'DateRangeInput')),
  tsrange: rangeType('tsrange', 'timestamp', oids(3908, 3909), codecs.tsrange, ts('TimestampRangeInput', 'TimestampRangeInput')),
  tstzrange: rangeType('tstzrange', 'timestamptz', oids(3910, 3911), codecs.tstzrange, ts('TimestampRangeInput', 'TimestampRangeInput')),
  int4multirange: multirangeType('int4multirange', 'int4range', oids(4451, 6150), codecs.int4multirange, ts('MultirangeInput<number | string>', 'MultirangeInput')),
  int8multirange: multirangeType('int8multirange', 'int8range', oids(4536, 6157), codecs.int8multirange, ts('MultirangeInput<Int8Input>', 'MultirangeInput', 'Int8Input')),
  nummultirange: multirangeType('nummultirange', 'numrange', oids(4532, 6151), codecs.nummultirange, ts('MultirangeInput<NumericInput>', 'MultirangeInput', 'NumericInput')),
  datemultirange: multirangeType('datemultirange', 'daterange', oids(4535, 6155), codecs.datemultirange, ts('MultirangeInput<DateInput>', 'MultirangeInput', 'DateInput')),
  tsmultirange: multirangeType('tsmultirange', 'tsrange', oids(4533, 6152), codecs.tsmultirange, ts('MultirangeInput<TimestampInput>', 'MultirangeInput', 'TimestampInput')),
  tstzmultirange: multirangeType('tstzmultirange', 'tstzrange', oids(4534, 6153), codecs.tstzmultirange, ts('MultirangeInput<TimestampInput>', 'MultirangeInput', 'TimestampInput')),
} as const satisfies Record<PgTypeName, PgTypeSpec>;

/**
 * SQL's interval field restrictions, each with its typmod range bits (INTERVAL_MASK in
 * PostgreSQL's datetime.h: YEAR 4, MONTH 2, DAY 8, HOUR 1024, MINUTE 2048, SECOND 4096).
 */
export const INTERVAL_FIELD_BITS: Readonly<Record<IntervalFields, number>> = {
  year: 4,
  month: 2,
  day: 8,
  hour: 1024,
  minute: 2048,
  second: 4096,
  'year to month': 4 | 2,
  'day to hour': 8 | 1024,
  'day to minute': 8 | 1024 | 2048,
  'day to second': 8 | 1024 | 2048 | 4096,
  'hour to minute': 1024 | 2048,
  'hour to second': 1024 | 2048 | 4096,
  'minute to second': 2048 | 4096,
};
export const INTERVAL_FIELDS = Object.keys(INTERVAL_FIELD_BITS) as readonly IntervalFields[];

/**
 * Precision and field restriction of a time type's typmod (-1: none): timestamp(p), time(p)
 * hold p; interval holds (range bits << 16) | precision, 0x7FFF and 0xFFFF meaning "all fields"
 * and "no precision".
 */
export function decodeFractionalTypmod(type: PgTypeName, typmod: number): { precision?: number; fields?: IntervalFields } {
  if (typmod < 0) return {};
  if (!typeSpec(type).takesIntervalFields) return { precision: typmod };
  const precision = typmod & 0xffff;
  const range = (typmod >> 16) & 0x7fff;
  const fields = INTERVAL_FIELDS.find((f) => INTERVAL_FIELD_BITS[f] === range);
  return { ...(precision !== 0xffff && { precision }), ...(fields !== undefined && { fields }) };
}

/** A type's spec, widened (optional fields readable on every row). */
export function typeSpec(type: PgTypeName): PgTypeSpec {
  return PG_TYPES[type];
}

/** The type names a schema can give `column(type)` or pull can write: every type with a DSL constructor. */
export const DSL_TYPE_NAMES: readonly PgTypeName[] = PG_TYPE_NAMES.filter((n) => PG_TYPES[n].dsl !== null);

/** pg_type.typname → type, for pull and verify. */
export const TYPE_BY_TYPNAME: ReadonlyMap<string, PgTypeName> = new Map(
  PG_TYPE_NAMES.flatMap((n) => {
    const t = typeSpec(n).typname;
    return t === null ? [] : [[t, n] as const];
  }),
);

/** A single-quoted JS string literal (pull's style for raw types). */
function quoteJsString(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}'`;
}

/**
 * Why a raw type's SQL spelling cannot be printed into DDL and casts as is: it is SQL text
 * (`vector(3)`, `public.geometry(Point,4326)`, `"my type"`), so anything that could end the
 * type name and start other SQL is refused.
 */
export function rawTypeProblems(rawType: unknown): string[] {
  if (typeof rawType !== 'string' || rawType.trim() === '') return [`raw() needs the type as spelled in SQL, such as raw('vector(3)'), not ${typeof rawType === 'string' ? 'an empty string' : String(rawType)}`];
  if (/;|--|\/\*|'|\\|\$/.test(rawType)) return [`raw(${JSON.stringify(rawType)}) is not a type name: it contains ; -- /* ' \\ or $`];
  if (/\[\s*\d*\s*\]\s*$/.test(rawType)) return [`raw(${JSON.stringify(rawType)}): declare an array with .array(), not [] in the type name`];
  let depth = 0;
  let quoted = false;
  for (const ch of rawType) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')' && --depth < 0) break;
  }
  if (depth !== 0 || quoted) return [`raw(${JSON.stringify(rawType)}) is not a type name: unbalanced parentheses or quotes`];
  return [];
}

/** Why the parameters are wrong for the type (`numeric scale -2 must be an integer from 0 to the precision 5`), checked before defaults are filled. */
export function typeParamProblems(type: PgTypeName, p: Partial<Record<TypeParamName, unknown>>): string[] {
  const spec = typeSpec(type);
  const problems: string[] = [];
  for (const k of TYPE_PARAM_NAMES) {
    if (p[k] !== undefined && !spec.params[k]) problems.push(`type ${type} takes no ${k}`);
  }
  for (const k of TYPE_PARAM_NAMES) {
    const ps = spec.params[k];
    const v = p[k];
    if (!ps || v === undefined) continue;
    if (ps.requires !== undefined && p[ps.requires] === undefined) {
      problems.push(`${ps.label} ${String(v)} needs a ${ps.requires}`);
      continue;
    }
    let max: number;
    let maxText: string;
    if (typeof ps.max === 'number') {
      max = ps.max;
      maxText = String(ps.max);
    } else {
      // Bounded by another parameter: checked only when that one is valid itself (and given).
      const other = p[ps.max];
      const os = spec.params[ps.max];
      if (typeof other !== 'number' || !os || !Number.isInteger(other) || other < os.min || typeof os.max === 'number' && other > os.max) continue;
      max = other;
      maxText = `the ${ps.max} ${other}`;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < ps.min || v > max) problems.push(`${ps.label} ${String(v)} must be an integer from ${ps.min} to ${maxText}`);
  }
  return problems;
}

/** The parameters with the type's defaults filled in: what the IR holds. */
export function withTypeDefaults(type: PgTypeName, p: Partial<Record<TypeParamName, number>>): Partial<Record<TypeParamName, number>> {
  const spec = typeSpec(type);
  const out: Partial<Record<TypeParamName, number>> = {};
  for (const k of TYPE_PARAM_NAMES) {
    const ps = spec.params[k];
    if (!ps) continue;
    const v = p[k] ?? (ps.default !== undefined && (ps.requires === undefined || p[ps.requires] !== undefined) ? ps.default : undefined);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * The DSL call declaring a column of the type with these parameters (`numeric(10, 2)`, `char(1)`, `text()`); enums are `enumOf(variable)`,
 * raw types `raw('vector(3)')`, or `raw('box', { delimiter: ';' })` with `rawDelimiter`, the type's typdelim when it is not `,`.
 */
export function dslCall(type: PgTypeName, p: TypeParams, enumVariable?: string, rawDelimiter?: string): string {
  const spec = typeSpec(type);
  if (spec.takesRawType) return `${spec.dsl}(${quoteJsString(p.rawType ?? '')}${rawDelimiter !== undefined && rawDelimiter !== ',' ? `, { delimiter: ${quoteJsString(rawDelimiter)} }` : ''})`;
  if (spec.dsl === null) return `${spec.takesComposite ? 'compositeOf' : 'enumOf'}(${enumVariable ?? ''})`;
  if (p.fields !== undefined) return `${spec.dsl}({ fields: '${p.fields}'${p.precision === undefined ? '' : `, precision: ${p.precision}`} })`;
  const args = TYPE_PARAM_NAMES.filter((k) => spec.params[k]).map((k) => p[k]);
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return `${spec.dsl}(${args.join(', ')})`;
}
