/**
 * The one table of PostgreSQL types. Every stage reads it: the generator (TS types, DDL,
 * UNNEST casts, OIDs) and the runtime (COPY text and binary encoders). Arrays are derived
 * from their element. Adding a type is one row here plus its sample values in the tests.
 */
import type { ColumnCodec, TypeParams } from './codec.ts';
import * as codecs from './codecs/index.ts';

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
] as const;

export type PgTypeName = (typeof PG_TYPE_NAMES)[number];

export interface PgTypeSpec {
  /** OID of the type and of its array type; 0 for enums (looked up per connection). */
  readonly oid: number;
  readonly arrayOid: number;
  /** The type as spelled in DDL and in casts (`numeric(39,0)`, `varchar(64)`, `"mood"`). */
  readonly sql: (p: TypeParams) => string;
  /** TypeScript type an insert accepts (names exported by @pgtwin/runtime, or a literal union for enums). */
  readonly tsInput: (p: TypeParams) => string;
  /**
   * The insert type of a NOT NULL column, where it differs (json: a JS `null` is SQL NULL, so a
   * NOT NULL json column cannot take it; JSON null is `jsonText('null')`).
   */
  readonly tsInputNotNull?: (p: TypeParams) => string;
  /** TypeScript type node-postgres returns for a select with its default parsers. */
  readonly tsSelect: (p: TypeParams) => string;
  /** Which parameters the type takes; anything else is a schema error. */
  readonly params: readonly ('length' | 'precision' | 'scale' | 'enum')[];
  /** Validator and COPY text/binary encoders for one non-null value. */
  readonly codec: (p: TypeParams) => ColumnCodec;
  /** The schema DSL call declaring a column of this type (used by `pgtwin pull`). */
  readonly dsl: (p: TypeParams) => string;
}

const plain = (ts: string) => () => ts;

export const PG_TYPES = {
  smallint: { oid: 21, arrayOid: 1005, sql: () => 'int2', tsInput: plain('number'), tsSelect: plain('number'), params: [], codec: codecs.int2, dsl: () => 'smallint()' },
  integer: { oid: 23, arrayOid: 1007, sql: () => 'int4', tsInput: plain('number'), tsSelect: plain('number'), params: [], codec: codecs.int4, dsl: () => 'integer()' },
  bigint: { oid: 20, arrayOid: 1016, sql: () => 'int8', tsInput: plain('Int8Input'), tsSelect: plain('string'), params: [], codec: codecs.int8, dsl: () => 'bigint()' },
  numeric: {
    oid: 1700,
    arrayOid: 1231,
    sql: (p) => (p.precision === undefined ? 'numeric' : `numeric(${p.precision},${p.scale ?? 0})`),
    tsInput: plain('NumericInput'),
    tsSelect: plain('string'),
    params: ['precision', 'scale'],
    codec: codecs.numeric,
    dsl: (p) => (p.precision === undefined ? 'numeric()' : `numeric(${p.precision}, ${p.scale ?? 0})`),
  },
  real: { oid: 700, arrayOid: 1021, sql: () => 'float4', tsInput: plain('number'), tsSelect: plain('number'), params: [], codec: codecs.float4, dsl: () => 'real()' },
  'double precision': { oid: 701, arrayOid: 1022, sql: () => 'float8', tsInput: plain('number'), tsSelect: plain('number'), params: [], codec: codecs.float8, dsl: () => 'doublePrecision()' },
  boolean: { oid: 16, arrayOid: 1000, sql: () => 'bool', tsInput: plain('boolean'), tsSelect: plain('boolean'), params: [], codec: codecs.bool, dsl: () => 'boolean()' },
  text: { oid: 25, arrayOid: 1009, sql: () => 'text', tsInput: plain('string'), tsSelect: plain('string'), params: [], codec: codecs.text, dsl: () => 'text()' },
  varchar: {
    oid: 1043,
    arrayOid: 1015,
    sql: (p) => (p.length === undefined ? 'varchar' : `varchar(${p.length})`),
    tsInput: plain('string'),
    tsSelect: plain('string'),
    params: ['length'],
    codec: codecs.varchar,
    dsl: (p) => (p.length === undefined ? 'varchar()' : `varchar(${p.length})`),
  },
  char: {
    oid: 1042,
    arrayOid: 1014,
    sql: (p) => `bpchar(${p.length ?? 1})`,
    tsInput: plain('string'),
    tsSelect: plain('string'),
    params: ['length'],
    codec: codecs.bpchar,
    dsl: (p) => `char(${p.length ?? 1})`,
  },
  bytea: { oid: 17, arrayOid: 1001, sql: () => 'bytea', tsInput: plain('Uint8Array'), tsSelect: plain('Buffer'), params: [], codec: codecs.bytea, dsl: () => 'bytea()' },
  uuid: { oid: 2950, arrayOid: 2951, sql: () => 'uuid', tsInput: plain('string'), tsSelect: plain('string'), params: [], codec: codecs.uuid, dsl: () => 'uuid()' },
  date: { oid: 1082, arrayOid: 1182, sql: () => 'date', tsInput: plain('DateInput'), tsSelect: plain('Date'), params: [], codec: codecs.date, dsl: () => 'date()' },
  timestamp: { oid: 1114, arrayOid: 1115, sql: () => 'timestamp', tsInput: plain('TimestampInput'), tsSelect: plain('Date'), params: [], codec: codecs.timestamp, dsl: () => 'timestamp()' },
  timestamptz: { oid: 1184, arrayOid: 1185, sql: () => 'timestamptz', tsInput: plain('TimestampInput'), tsSelect: plain('Date'), params: [], codec: codecs.timestamptz, dsl: () => 'timestamptz()' },
  interval: { oid: 1186, arrayOid: 1187, sql: () => 'interval', tsInput: plain('IntervalInput'), tsSelect: plain('IntervalOutput'), params: [], codec: codecs.interval, dsl: () => 'interval()' },
  json: { oid: 114, arrayOid: 199, sql: () => 'json', tsInput: plain('JsonInput'), tsInputNotNull: plain('NonNullable<JsonInput>'), tsSelect: plain('JsonValue'), params: [], codec: codecs.json, dsl: () => 'json()' },
  jsonb: { oid: 3802, arrayOid: 3807, sql: () => 'jsonb', tsInput: plain('JsonInput'), tsInputNotNull: plain('NonNullable<JsonInput>'), tsSelect: plain('JsonValue'), params: [], codec: codecs.jsonb, dsl: () => 'jsonb()' },
  inet: { oid: 869, arrayOid: 1041, sql: () => 'inet', tsInput: plain('string'), tsSelect: plain('string'), params: [], codec: codecs.inet, dsl: () => 'inet()' },
  cidr: { oid: 650, arrayOid: 651, sql: () => 'cidr', tsInput: plain('string'), tsSelect: plain('string'), params: [], codec: codecs.cidr, dsl: () => 'cidr()' },
  enum: {
    oid: 0,
    arrayOid: 0,
    sql: (p) => quoteIdent(p.enumName ?? ''),
    tsInput: (p) => (p.labels ?? []).map((l) => JSON.stringify(l)).join(' | '),
    tsSelect: (p) => (p.labels ?? []).map((l) => JSON.stringify(l)).join(' | '),
    params: ['enum'],
    codec: codecs.enumCodec,
    dsl: (p) => `enumOf(${p.enumName ?? ''})`,
  },
} as const satisfies Record<PgTypeName, PgTypeSpec>;

/** Quotes an SQL identifier: always double-quoted, embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal for DDL: `'it''s'` (standard_conforming_strings, on since PostgreSQL 9.1). */
export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
