/**
 * pgtwin's schema DSL: what files in `schema/` import (as `pgtwin/schema`).
 *
 * A table file default-exports `defineTable({...})`; enums are declared with `enumType` and
 * exported from the file that declares them. Columns keep their declaration order, which is
 * the order of the COPY column list, the row encoders and the UNNEST parameters.
 */
import { timePeriods, type PartitionInterval } from '@pgtwin/runtime/internal/partition-periods';
import { didYouMean } from '@pgtwin/runtime/internal/suggest';
import { PG_TYPES, TYPE_PARAM_NAMES, type PgTypeName, type TypeParamName } from '@pgtwin/runtime/internal/pg-types';
import type { ForeignKeyOptions, TableExtrasInput } from './table-extras.ts';
import type { IntervalFields } from '@pgtwin/runtime/internal/codecs/interval';

export type { IntervalFields };

export * from './table-extras.ts';
import type { DomainDef } from './domain.ts';
import type { CompositeDef } from './composite.ts';

/** The PostgreSQL types pgtwin supports: the keys of the runtime's type table (runtime/pg-types.ts). */
export type ColumnTypeName = PgTypeName;

const SQL_EXPR = Symbol.for('pgtwin.sql');

/** A fragment of SQL written by the schema's author (a default or a generated expression). */
export interface SqlExpr {
  readonly [SQL_EXPR]: true;
  readonly text: string;
}

/**
 * Marks SQL text, for defaults and generated columns: `sql('now()')`. Plain JS values given
 * to `.default()` are written as quoted literals instead, so they can never inject SQL.
 */
export function sql(text: string): SqlExpr {
  return Object.freeze({ [SQL_EXPR]: true as const, text });
}

export function isSqlExpr(v: unknown): v is SqlExpr {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[SQL_EXPR] === true;
}

/** A PostgreSQL enum type declared in the schema. */
export interface EnumDef {
  readonly kind: 'enum';
  readonly name: string;
  readonly labels: readonly string[];
}

/**
 * Declares a PostgreSQL enum: `CREATE TYPE name AS ENUM (labels...)`. Labels keep their order
 * (PostgreSQL sorts enum values by it). Export it from a schema file and use it with `enumOf`.
 */
export function enumType(name: string, labels: readonly string[]): EnumDef {
  return Object.freeze({ kind: 'enum' as const, name, labels: Object.freeze([...labels]) });
}

/** How the database fills a column that both insert paths leave out. */
export type DatabaseFill =
  | { readonly kind: 'default'; readonly expr: SqlExpr }
  | { readonly kind: 'identity'; readonly mode: 'always' | 'byDefault' }
  | { readonly kind: 'generated'; readonly expr: SqlExpr };

/** Everything a column declaration says; read by the generator. */
export interface ColumnSpec {
  readonly type: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly enumDef?: EnumDef;
  /** raw(type): the type as spelled in SQL. */
  readonly rawType?: string;
  /** raw(type, { delimiter }): the type's array delimiter (pg_type.typdelim) when it is not `,`. */
  readonly rawDelimiter?: string;
  /** For `domainOf` columns: the domain; the type and parameters above are its base type's. */
  readonly domainDef?: DomainDef;
  /** For `compositeOf` columns: the composite type. */
  readonly compositeDef?: CompositeDef;
  /** interval's field restriction (`interval({ fields: 'day to second' })`). */
  readonly fields?: IntervalFields;
  readonly isArray: boolean;
  /** Dimensions of an array column (`.array(2)`: `int4[][]`, JS `T[][]`); absent: one. */
  readonly arrayDimensions?: number;
  readonly nullable: boolean;
  readonly default?: SqlExpr | string | number | boolean;
  readonly fill?: DatabaseFill;
  readonly field?: string;
  readonly references?: { readonly table: string; readonly column: string; readonly options?: ForeignKeyOptions };
  /** Column CHECK constraints (`.check()`), validated and named by the generator. */
  readonly checks?: readonly { readonly expr: unknown; readonly name?: unknown }[];
  /** `COMMENT ON COLUMN` (`.comment()`). */
  readonly comment?: unknown;
  /** Set when a fill method was called after another one (a schema error reported by the generator). */
  readonly conflictingFills?: readonly string[];
  /** Wrong arguments given to the builder (unknown keys, wrong types): reported by the generator with the file named. */
  readonly problems?: readonly string[];
}

/**
 * A column declaration. Every method returns a new builder; the last call wins except where
 * the generator reports a contradiction (for example a default on an identity column).
 */
export class ColumnBuilder {
  readonly spec: ColumnSpec;

  constructor(spec: ColumnSpec) {
    this.spec = Object.freeze(spec);
  }

  private with(patch: Partial<ColumnSpec>): ColumnBuilder {
    return new ColumnBuilder({ ...this.spec, ...patch });
  }

  /** Allows NULL. The insert row type gets an optional `field?: T | null`; select rows get `T | null`. */
  nullable(): ColumnBuilder {
    return this.with({ nullable: true });
  }

  /**
   * Makes the column an array of its type: `.array()` one-dimensional (`text[]`, insert type
   * `(T | null)[]`), `.array(2)` two-dimensional (`text[][]`, `(T | null)[][]`), up to 6.
   * PostgreSQL does not enforce dimensions (`text[][]` is `text[]`); the number says how deep
   * JS arrays may nest (the encoders check them rectangular; a shallower array is stored as it
   * is, as PostgreSQL would), and for json/jsonb where an element's own array begins.
   */
  array(dimensions?: number): ColumnBuilder {
    if (dimensions === undefined || dimensions === 1) return this.with({ isArray: true, arrayDimensions: undefined });
    const b = this.with({ isArray: true, arrayDimensions: dimensions });
    return Number.isInteger(dimensions) && dimensions >= 1 && dimensions <= 6 ? b : b.problem(`.array(dimensions) takes an integer from 1 to 6 (PostgreSQL's limit), not ${describe(dimensions)}`);
  }

  /**
   * A DDL `DEFAULT` for other writers. The column stays in both insert paths and its value
   * stays required in the insert row type (COPY has no per-row "use the default").
   * Give `sql('...')` for an expression; any other value is written as a quoted literal.
   */
  default(value: SqlExpr | string | number | boolean): ColumnBuilder {
    // Checked here: undefined would otherwise read as "no default" and be dropped silently.
    if (value === undefined) return this.problem(".default() needs a value (a number, string, boolean or sql('...')), not undefined");
    return this.with({ default: value });
  }

  /**
   * The database fills this column with `DEFAULT expr` (such as `sql('now()')`); both insert
   * paths leave it out and the insert row type has no such field.
   */
  filledByDatabase(expr: SqlExpr): ColumnBuilder {
    return this.fill({ kind: 'default', expr });
  }

  /** `GENERATED ALWAYS|BY DEFAULT AS IDENTITY`; both insert paths leave it out. */
  identity(mode: 'always' | 'byDefault' = 'always'): ColumnBuilder {
    const b = this.fill({ kind: 'identity', mode });
    return mode === 'always' || mode === 'byDefault' ? b : b.problem(`.identity() takes 'always' or 'byDefault', not ${describe(mode)}${didYouMean(String(mode), ['always', 'byDefault'])}`);
  }

  /** `GENERATED ALWAYS AS (expr) STORED`; both insert paths leave it out. */
  generatedAs(expr: SqlExpr): ColumnBuilder {
    return this.fill({ kind: 'generated', expr });
  }

  /** The TypeScript field name, when the camelCase of the SQL name is not wanted. */
  field(name: string): ColumnBuilder {
    return this.with({ field: name });
  }

  /**
   * A foreign key to `table(column)`; it also orders tables in DDL and in multi-table backfills.
   * `options`: `{ onDelete: 'cascade', deferrable: true, initiallyDeferred: true, name }` and the like.
   */
  references(table: string, column: string, options?: ForeignKeyOptions): ColumnBuilder {
    const b = this.with({ references: { table, column, ...(options !== undefined && { options }) } });
    return typeof table === 'string' && typeof column === 'string' ? b : b.problem(`.references(table, column) takes two names (strings), not ${describe(table)} and ${describe(column)}`);
  }

  /** A column CHECK constraint, `CHECK (expr)`, named `name` (default `<table>_<column>_check`, PostgreSQL's). */
  check(expr: SqlExpr, name?: string): ColumnBuilder {
    return this.with({ checks: [...(this.spec.checks ?? []), { expr, ...(name !== undefined && { name }) }] });
  }

  /** `COMMENT ON COLUMN`; also the doc comment of the generated row fields. */
  comment(text: string): ColumnBuilder {
    return this.with({ comment: text });
  }

  private problem(message: string): ColumnBuilder {
    return this.with({ problems: [...(this.spec.problems ?? []), message] });
  }

  private fill(fill: DatabaseFill): ColumnBuilder {
    const previous = this.spec.fill;
    return this.with({
      fill,
      conflictingFills: previous ? [...(this.spec.conflictingFills ?? [previous.kind]), fill.kind] : this.spec.conflictingFills,
    });
  }
}

const make = (type: ColumnTypeName, extra: Partial<ColumnSpec> = {}) =>
  new ColumnBuilder({ type, isArray: false, nullable: false, ...extra });

/**
 * The DSL constructor of a type, from the type table: its arguments are the type's parameters
 * in the table's order; one left out gets the table's default at codegen (`char()` is char(1)).
 */
function typeConstructor(type: PgTypeName): (...args: (number | undefined)[]) => ColumnBuilder {
  const names: readonly TypeParamName[] = TYPE_PARAM_NAMES.filter((k) => k in PG_TYPES[type].params);
  const construct = (...args: (number | undefined)[]) => make(type, Object.fromEntries(names.flatMap((k, i) => (args[i] === undefined ? [] : [[k, args[i]]]))));
  // Named as exported, so that a builder passed without its call is named in the schema error.
  return Object.defineProperty(construct, 'name', { value: PG_TYPES[type].dsl ?? type });
}

// One export per type-table row with a `dsl` name (test/generator/type-spec.test.ts checks that none is missing).
/** `smallint` (int2). Insert: `number`, an integer from -32768 to 32767. */
export const smallint: () => ColumnBuilder = typeConstructor('smallint');
/** `integer` (int4). Insert: `number`, a 32-bit integer. */
export const integer: () => ColumnBuilder = typeConstructor('integer');
/** `bigint` (int8). Insert: `bigint`, a decimal `string`, or a safe-integer `number`. Select: `string`. */
export const bigint: () => ColumnBuilder = typeConstructor('bigint');
/** `numeric(precision, scale)` (scale 0 when left out), or unconstrained `numeric` without arguments. Insert: `string`, `bigint` or a safe-integer `number`. */
export const numeric: (precision?: number, scale?: number) => ColumnBuilder = typeConstructor('numeric');
/** `real` (float4). Insert: `number` (stored as the nearest float4). */
export const real: () => ColumnBuilder = typeConstructor('real');
/** `double precision` (float8). Insert: `number`, including NaN, ±Infinity and -0. */
export const doublePrecision: () => ColumnBuilder = typeConstructor('double precision');
/** `boolean`. Insert: `boolean`. */
export const boolean: () => ColumnBuilder = typeConstructor('boolean');
/** `text`. Insert: `string` without NUL characters. */
export const text: () => ColumnBuilder = typeConstructor('text');
/** `varchar(n)` (or unbounded `varchar`). Insert: `string` of at most n characters. */
export const varchar: (length?: number) => ColumnBuilder = typeConstructor('varchar');
/** `char(n)` (bpchar); `char()` is char(1), as in PostgreSQL. Insert: `string` of at most n characters; PostgreSQL pads it with spaces. */
export const char: (length?: number) => ColumnBuilder = typeConstructor('char');
/** `bytea`. Insert: `Uint8Array` (a Buffer is one). Select: `Buffer`. */
export const bytea: () => ColumnBuilder = typeConstructor('bytea');
/** `uuid`. Insert: `string` in 8-4-4-4-12 hex form. */
export const uuid: () => ColumnBuilder = typeConstructor('uuid');
/** `date`. Insert: `Date` (its local date, as node-postgres sends it), or PostgreSQL's text (`'YYYY-MM-DD'`, `' BC'`, `'infinity'`): see the README's values table. */
export const date: () => ColumnBuilder = typeConstructor('date');
/** `timestamp(precision)` without time zone (6 fractional digits when left out). Insert: `Date` (its local wall clock, as node-postgres sends it) or an ISO/PostgreSQL string with up to 6 fractional digits, rounded to the precision as the server does. */
export const timestamp: (precision?: number) => ColumnBuilder = typeConstructor('timestamp');
/** `timestamptz(precision)`. Insert: `Date` or an ISO string with up to 6 fractional digits (no offset means UTC), rounded to the precision. */
export const timestamptz: (precision?: number) => ColumnBuilder = typeConstructor('timestamptz');
/**
 * `interval`. Insert: `{ months, days, microseconds }`, node-postgres's interval object, or text in any IntervalStyle or ISO 8601 (`P1DT2H`).
 * `interval(3)` keeps 3 fractional-second digits; `interval({ fields: 'day to second', precision: 3 })` is SQL's
 * `interval day to second(3)`. The encoders round and truncate as the server does, so every path stores the same.
 */
export const interval = (options?: number | { readonly fields?: IntervalFields; readonly precision?: number }): ColumnBuilder => {
  if (options === undefined || typeof options === 'number') return typeConstructor('interval')(options);
  if (typeof options !== 'object' || options === null) return make('interval', { problems: [`interval() takes a precision or { fields, precision }, not ${describe(options)}`] });
  const unknown = Object.keys(options).filter((k) => k !== 'fields' && k !== 'precision');
  return make('interval', {
    ...(options.precision !== undefined && { precision: options.precision }),
    ...(options.fields !== undefined && { fields: options.fields }),
    ...(unknown.length > 0 && { problems: unknown.map((k) => `interval({ fields, precision }): unknown key "${k}"${didYouMean(k, ['fields', 'precision'])}`) }),
  });
};
/** `json`. Insert: any JSON value (a JS string is a JSON string), or `jsonText(text)` for text that already is JSON. */
export const json: () => ColumnBuilder = typeConstructor('json');
/** `jsonb`. Insert: as `json`; strings may not contain U+0000. */
export const jsonb: () => ColumnBuilder = typeConstructor('jsonb');
/** `inet`. Insert: an IPv4 or IPv6 address `string`, with an optional `/prefix`. */
export const inet: () => ColumnBuilder = typeConstructor('inet');
/** `cidr`. Insert: a network `string` (without `/prefix`: PostgreSQL's classful default) with no host bits set. */
export const cidr: () => ColumnBuilder = typeConstructor('cidr');
// Issue 16 wave 2.
/** `macaddr`. Insert: a MAC address `string` in any spelling PostgreSQL reads (`'08:00:2b:01:02:03'`, `'0800.2b01.0203'`, …). */
export const macaddr: () => ColumnBuilder = typeConstructor('macaddr');
/** `macaddr8` (EUI-64). Insert: a `string` of 6 or 8 bytes; a 6-byte address is stored as PostgreSQL converts it (`ff:fe` in the middle). */
export const macaddr8: () => ColumnBuilder = typeConstructor('macaddr8');
/** `bit(n)`; `bit()` is bit(1), as in PostgreSQL. Insert: a `string` of exactly n bits: `'0101'`, `'B0101'` or hex `'X5'`. */
export const bit: (length?: number) => ColumnBuilder = typeConstructor('bit');
/** `bit varying(n)` (varbit), or unbounded without n. Insert: a bit `string` as for `bit`, of at most n bits. */
export const varbit: (length?: number) => ColumnBuilder = typeConstructor('bit varying');
/** `money`. Insert: a `number` or a decimal `string` (`'-1234.56'`, `'$1,234.56'` as node-postgres returns it). Assumes an lc_monetary with `.` and 2 fraction digits: see the README. */
export const money: () => ColumnBuilder = typeConstructor('money');
/** `xml`. Insert: a `string`; the server checks that it is well-formed (per its xmloption). */
export const xml: () => ColumnBuilder = typeConstructor('xml');
/** `jsonpath`. Insert: a SQL/JSON path `string` (`'$.a[*] ? (@ > 1)'`); the server checks its syntax. No equality: never a key. */
export const jsonpath: () => ColumnBuilder = typeConstructor('jsonpath');
/** `oid`. Insert: a `number` or integer `string` from 0 to 4294967295 (negative ones as PostgreSQL reads them, plus 2^32). Select: `number`. */
export const oid: () => ColumnBuilder = typeConstructor('oid');
/** `"char"`, PostgreSQL's one-byte internal type (not `char(n)`: that is `char()`). Insert: one ASCII character, `''` for the zero byte, or `'\\ooo'` octal. */
export const singleChar: () => ColumnBuilder = typeConstructor('"char"');
/** `name` (catalog identifiers). Insert: a `string` of at most 63 bytes of UTF-8 (longer is refused, not cut). */
export const name: () => ColumnBuilder = typeConstructor('name');
/** `pg_lsn`. Insert: a WAL location `string` (`'16/B374D848'`) or a `bigint`. */
export const pgLsn: () => ColumnBuilder = typeConstructor('pg_lsn');
/** `tsvector`. Insert: PostgreSQL's text of it (`"'fat':2A 'rat':3"`), stored as given (not normalised by a text search configuration). */
export const tsvector: () => ColumnBuilder = typeConstructor('tsvector');
/** `tsquery`. Insert: PostgreSQL's text of it (`"'fat' & ('rat' | !'cat')"`). */
export const tsquery: () => ColumnBuilder = typeConstructor('tsquery');
/** `point`. Insert: `{ x, y }` (as node-postgres returns it) or `'(x,y)'`. Select: `{ x, y }`. No equality: never a key. */
export const point: () => ColumnBuilder = typeConstructor('point');
/** `line` (Ax + By + C = 0). Insert: `{ a, b, c }`, `'{A,B,C}'` or two distinct points `'[(x1,y1),(x2,y2)]'`. */
export const line: () => ColumnBuilder = typeConstructor('line');
/** `lseg`. Insert: `[{ x, y }, { x, y }]` or `'[(x1,y1),(x2,y2)]'`. */
export const lseg: () => ColumnBuilder = typeConstructor('lseg');
/** `box`. Insert: two opposite corners `[{ x, y }, { x, y }]` in any order, or `'(x1,y1),(x2,y2)'`; stored upper right corner first. */
export const box: () => ColumnBuilder = typeConstructor('box');
/** `path`. Insert: `{ points: [{ x, y }, …], closed }`, `'[(..),(..)]'` (open) or `'((..),(..))'` (closed). */
export const path: () => ColumnBuilder = typeConstructor('path');
/** `polygon`. Insert: `[{ x, y }, …]` or `'((x1,y1),…)'`. */
export const polygon: () => ColumnBuilder = typeConstructor('polygon');
/** `circle`. Insert: `{ x, y, radius }` (as node-postgres returns it) or `'<(x,y),r>'`. Select: `{ x, y, radius }`. */
export const circle: () => ColumnBuilder = typeConstructor('circle');
export { domainOf, domainType, isDomainDef, type DomainDef, type DomainOptions } from './domain.ts';
export { compositeOf, compositeType, isCompositeDef, type CompositeDef } from './composite.ts';
// Issue 16 wave 2 (wire-a): time of day, ranges, multiranges. node-postgres selects all of them as strings.
/** `time(precision)` (6 fractional digits when left out). Insert: `'HH:MM[:SS[.ffffff]]'` (`'24:00:00'` too), not a Date. Select: `string`. */
export const time: (precision?: number) => ColumnBuilder = typeConstructor('time');
/** `timetz(precision)` (time with time zone). Insert: `'HH:MM:SS[.ffffff][Z|±HH[:MM]]'`; without an offset it is UTC. Select: `string`. */
export const timetz: (precision?: number) => ColumnBuilder = typeConstructor('timetz');
/** `int4range`. Insert: PostgreSQL's text (`'[1,5)'`, `'empty'`), `{ lower, upper, bounds }` or a postgres-range `Range`. Select: `string`. */
export const int4range: () => ColumnBuilder = typeConstructor('int4range');
/** `int8range`. Insert: as int4range, bounds as bigint values. Select: `string`. */
export const int8range: () => ColumnBuilder = typeConstructor('int8range');
/** `numrange`. Insert: as int4range, bounds as numeric values. Select: `string`. */
export const numrange: () => ColumnBuilder = typeConstructor('numrange');
/** `daterange`. Insert: as int4range, bounds as date values (`Date`, `'2024-01-31'`, `'infinity'`). Select: `string`. */
export const daterange: () => ColumnBuilder = typeConstructor('daterange');
/** `tsrange`. Insert: as int4range, bounds as timestamp values. Select: `string`. */
export const tsrange: () => ColumnBuilder = typeConstructor('tsrange');
/** `tstzrange`. Insert: as int4range, bounds as timestamptz values. Select: `string`. */
export const tstzrange: () => ColumnBuilder = typeConstructor('tstzrange');
/** `int4multirange`. Insert: PostgreSQL's text (`'{[1,3),[5,7)}'`) or an array of int4range values. Select: `string`. */
export const int4multirange: () => ColumnBuilder = typeConstructor('int4multirange');
/** `int8multirange`. Insert: text or an array of int8range values. Select: `string`. */
export const int8multirange: () => ColumnBuilder = typeConstructor('int8multirange');
/** `nummultirange`. Insert: text or an array of numrange values. Select: `string`. */
export const nummultirange: () => ColumnBuilder = typeConstructor('nummultirange');
/** `datemultirange`. Insert: text or an array of daterange values. Select: `string`. */
export const datemultirange: () => ColumnBuilder = typeConstructor('datemultirange');
/** `tsmultirange`. Insert: text or an array of tsrange values. Select: `string`. */
export const tsmultirange: () => ColumnBuilder = typeConstructor('tsmultirange');
/** `tstzmultirange`. Insert: text or an array of tstzrange values. Select: `string`. */
export const tstzmultirange: () => ColumnBuilder = typeConstructor('tstzmultirange');

/** A column of an enum declared with `enumType`. Insert: one of its labels. */
export const enumOf = (def: EnumDef) =>
  isEnumDef(def) ? make('enum', { enumDef: def }) : make('enum', { problems: [`enumOf() takes an enum declared with enumType(name, labels), not ${describe(def)}`] });
// issue 16 (contrib types, raw). Extension types: schema.sql runs CREATE EXTENSION IF NOT EXISTS for them.
/** `citext` (extension citext): case-insensitive text. Insert: `string`. */
export const citext: () => ColumnBuilder = typeConstructor('citext');
/** `hstore` (extension hstore). Insert: an object or Map of string keys to `string | null`, or hstore text. */
export const hstore: () => ColumnBuilder = typeConstructor('hstore');
/** `ltree` (extension ltree): a label path. Insert: its text (`top.science`). */
export const ltree: () => ColumnBuilder = typeConstructor('ltree');
/** `lquery` (extension ltree): a label path pattern. Insert: its text. Cannot be a key (no equality). */
export const lquery: () => ColumnBuilder = typeConstructor('lquery');
/** `ltxtquery` (extension ltree): a full-text-like query over labels (`Europe & Russia*@`). Insert: its text. Cannot be a key (no equality). */
export const ltxtquery: () => ColumnBuilder = typeConstructor('ltxtquery');
/** `cube` (extension cube). Insert: `[x, …]` (a point), `[[x, …], [y, …]]` (two corners) or cube text. */
export const cube: () => ColumnBuilder = typeConstructor('cube');
/** `ean13` (extension isn; text COPY only). Insert: its text. */
export const ean13: () => ColumnBuilder = typeConstructor('ean13');
/** `isbn` (extension isn; text COPY only). Insert: its text. */
export const isbn: () => ColumnBuilder = typeConstructor('isbn');
/** `isbn13` (extension isn; text COPY only). Insert: its text. */
export const isbn13: () => ColumnBuilder = typeConstructor('isbn13');
/** `ismn` (extension isn; text COPY only). Insert: its text. */
export const ismn: () => ColumnBuilder = typeConstructor('ismn');
/** `ismn13` (extension isn; text COPY only). Insert: its text. */
export const ismn13: () => ColumnBuilder = typeConstructor('ismn13');
/** `issn` (extension isn; text COPY only). Insert: its text. */
export const issn: () => ColumnBuilder = typeConstructor('issn');
/** `issn13` (extension isn; text COPY only). Insert: its text. */
export const issn13: () => ColumnBuilder = typeConstructor('issn13');
/** `upc` (extension isn; text COPY only). Insert: its text. */
export const upc: () => ColumnBuilder = typeConstructor('upc');
/** `seg` (extension seg; text COPY only): a float interval. Insert: its text (`1.5 .. 2.5`). */
export const seg: () => ColumnBuilder = typeConstructor('seg');
/**
 * A column of any type pgtwin has no codec for (an extension's `vector(3)`, `geometry`, a type
 * made with `CREATE TYPE … (INPUT = …)`), spelled as in SQL. Insert: the type's PostgreSQL text
 * form as a `string`, parsed by the server. The table copies in text format (no binary form).
 * `delimiter`: the type's array delimiter (its pg_type.typdelim) when it is not `,`, such as
 * `raw('box', { delimiter: ';' })`: the array literals of a `.array()` column (text COPY and
 * the UNNEST parameter) put it between elements, as the type's array_in reads them. `pull`
 * writes it from the catalog; `verify` reports a difference.
 */
export const raw = (type: string, options: { readonly delimiter?: string } = {}): ColumnBuilder =>
  make('raw', { rawType: type, ...(options.delimiter !== undefined && { rawDelimiter: options.delimiter }) });

/** What column(type, params) takes: every parameter a type constructor takes, under the ColumnSpec's names. */
export interface ColumnParams {
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** interval's field restriction, as `interval({ fields })`. */
  readonly fields?: IntervalFields;
  /** raw's type as spelled in SQL, as `raw('vector(3)')`. */
  readonly rawType?: string;
}

const COLUMN_PARAMS = [...TYPE_PARAM_NAMES, 'fields', 'rawType'] as const satisfies readonly (keyof ColumnParams)[];

/**
 * A column given by type name, for types picked at run time: `column('numeric', { precision: 10 })`,
 * `column('interval', { fields: 'day to second', precision: 3 })`, `column('raw', { rawType: 'vector(3)' })`:
 * the same column as the type's constructor with the same parameters. Whether the type takes a
 * parameter is checked at codegen, as for the constructors. Enums, domains and composite types
 * take their declaration: use enumOf(), domainOf(), compositeOf().
 * An unknown name is a codegen error naming the schema file.
 */
export const column = (type: string, params: ColumnParams = {}) => {
  const problems = typeof params === 'object' && params !== null
    ? Object.keys(params).filter((k) => !(COLUMN_PARAMS as readonly string[]).includes(k)).map((k) => `column(type, params): unknown key "${k}"${didYouMean(k, COLUMN_PARAMS)}; it takes ${COLUMN_PARAMS.join(', ')}`)
    : [`column(type, params): params must be an object such as { length: 10 }, not ${describe(params)}`];
  const known = typeof params === 'object' && params !== null ? Object.fromEntries(COLUMN_PARAMS.filter((k) => params[k] !== undefined).map((k) => [k, params[k]])) : {};
  return new ColumnBuilder({ type: typeof type === 'string' ? type : String(type), isArray: false, nullable: false, ...known, ...(problems.length > 0 && { problems }) });
};

/** A short description of a wrong value for schema messages: `the string "id"`, `the function integer`. */
function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'function') return `the function ${v.name || '(anonymous)'}`;
  if (Array.isArray(v)) return 'an array';
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** How `batchUpsert` updates a row whose key already exists. */
export interface UpsertInput {
  /**
   * The conflict target (`ON CONFLICT (...)`): the primary key or a unique key. Defaults to
   * the table's conflict target, else its primary key.
   */
  readonly target?: readonly string[];
  /**
   * Columns to update and how: `'excluded'` takes the new row's value (`EXCLUDED."c"`); an
   * `sql('...')` expression may use the old row (by the table's quoted name) and `EXCLUDED`,
   * e.g. `sql('"balances"."total" + EXCLUDED."total"')`. Defaults to every inserted column
   * outside the target, from EXCLUDED. Key columns cannot be updated.
   */
  readonly set?: Readonly<Record<string, 'excluded' | SqlExpr>>;
  /** Optional guard: `ON CONFLICT ... DO UPDATE ... WHERE <expr>` (rows failing it are left as they are). */
  readonly where?: SqlExpr;
  /**
   * Two rows with the same key in one batch: `'reject'` (default) throws a PgTwinValueError
   * naming the key before anything is sent; `'lastWins'` keeps only the last of them.
   * (Collapsing is wrong for additive updates such as running totals: keep `'reject'` there.)
   */
  readonly duplicates?: 'reject' | 'lastWins';
}

/** An unbounded end of a range partition: `FROM (MINVALUE)` or `TO (MAXVALUE)`. */
export interface RangeLimit {
  readonly kind: 'rangeLimit';
  readonly limit: 'MINVALUE' | 'MAXVALUE';
}

/** `FROM (MINVALUE)`: below every value of the column. */
export const minValue: RangeLimit = Object.freeze({ kind: 'rangeLimit' as const, limit: 'MINVALUE' as const });
/** `TO (MAXVALUE)`: above every value of the column. */
export const maxValue: RangeLimit = Object.freeze({ kind: 'rangeLimit' as const, limit: 'MAXVALUE' as const });

/**
 * A partition bound value, read for the partition column's type at codegen and printed as a
 * quoted literal with a cast (never as SQL text): integers as `number`, `bigint` or a decimal
 * string; numeric as a decimal string, `bigint` or a safe-integer `number`; date as
 * `'YYYY-MM-DD'` or a `Date` (its UTC date); timestamp and timestamptz as an ISO string or a
 * `Date` (no offset means UTC); text, varchar, char and enum labels as `string`.
 */
export type PartitionBoundValue = string | number | bigint | Date;

/** A range partition: `FOR VALUES FROM (from) TO (to)`; `from` is included, `to` is not. One value per partition column (a single value for a one-column key). */
export interface RangePartitionInput {
  readonly name: string;
  readonly from: PartitionBoundValue | RangeLimit | readonly (PartitionBoundValue | RangeLimit)[];
  readonly to: PartitionBoundValue | RangeLimit | readonly (PartitionBoundValue | RangeLimit)[];
}

/**
 * Range partitions of whole UTC periods covering `[from, to)`, named `<prefix>_2024_01` (month),
 * `<prefix>_2024` (year) or `<prefix>_2024_01_15` (day; week: its Monday) — the names
 * `ensureRangePartitions` gives, so it recognises them later. For a date, timestamp or
 * timestamptz partition column: `timeRangePartitions({ prefix: 'transactions', from: '2024-01', to: '2026-01', interval: 'month' })`.
 */
export function timeRangePartitions(options: { readonly prefix: string; readonly from: Date | string; readonly to: Date | string; readonly interval: PartitionInterval }): RangePartitionInput[] {
  return timePeriods(options).map((p) => Object.freeze({ name: `${options.prefix}_${p.suffix}`, from: p.from, to: p.to }));
}

/** A list partition: `FOR VALUES IN (values)`; `null` admits NULL keys. */
export interface ListPartitionInput {
  readonly name: string;
  readonly values: readonly (PartitionBoundValue | null)[];
}

/** A hash partition: `FOR VALUES WITH (MODULUS m, REMAINDER r)`. */
export interface HashPartitionInput {
  readonly name: string;
  readonly modulus: number;
  readonly remainder: number;
}

/**
 * Native PostgreSQL partitioning: the table becomes a partitioned parent
 * (`PARTITION BY RANGE|LIST|HASH (columns)`), and every declared partition is created after
 * it in `schema.sql`. All the generated paths write to the parent; PostgreSQL routes each row.
 *
 * Codegen checks that the primary key, every unique key, the conflict target, the upsert
 * target and the delete key contain every partition column (PostgreSQL cannot enforce a
 * unique key across partitions otherwise), that an upsert never updates one, that range
 * partition columns are NOT NULL, and that the bounds parse for the column's type and do not
 * overlap. Partitions added later (`ensureRangePartitions` in `@pgtwin/runtime`, pg_partman)
 * need not be declared here.
 */
export interface PartitionByInput {
  readonly kind: 'range' | 'list' | 'hash';
  /** Partition key columns (SQL names); `list` takes exactly one. */
  readonly columns: readonly string[];
  /** Partitions created with the table; the shape must match `kind`. */
  readonly partitions?: readonly (RangePartitionInput | ListPartitionInput | HashPartitionInput)[];
  /**
   * A `DEFAULT` partition for rows no other partition takes (`true`: named `<table>_default`).
   * Not for hash. Without one, a row outside every partition fails its statement with a
   * `PgTwinPartitionError`. Note that a default partition holding rows of a range makes
   * creating that range's partition later fail until the rows are moved out.
   */
  readonly defaultPartition?: string | true;
}

/**
 * Citus: the table is distributed by this column (`create_distributed_table`, written to
 * `generated/distributed.sql`, never applied by `schema.sql`). Codegen checks that every key
 * and conflict target contains the column, that an upsert never updates it and that it is NOT
 * NULL (Citus refuses a row whose distribution value is NULL). On such a table the generated
 * inserts count their rows through RETURNING (Citus' command tag overcounts them).
 *
 * `{ reference: true }`: a Citus reference table (`create_reference_table`, a copy on every
 * node), with no distribution column; its inserts are counted the same way (Citus' tag
 * overcounts them too).
 */
export type DistributeByInput =
  | {
      /** The distribution column (SQL name). */
      readonly column: string;
      /** Co-locate shards with this distributed table (same distribution column type), or `'none'` for a new colocation group. */
      readonly colocateWith?: string;
    }
  | {
      /** A reference table: replicated to every node, not sharded. */
      readonly reference: true;
    };

/**
 * TimescaleDB (2.20+): `schema.sql` creates the table as a hypertable on `timeColumn`, in
 * TimescaleDB's `CREATE TABLE … WITH (tsdb.hypertable, tsdb.partition_column = …,
 * tsdb.chunk_interval = …[, tsdb.segmentby = …, tsdb.orderby = …])` form, so that schema.sql
 * needs the extension. The time column is checked like a partition column: NOT NULL, in
 * every key and conflict target, never updated. Cannot be combined with `partitionBy`.
 */
export interface HypertableInput {
  /** A timestamptz, timestamp, date or integer column (SQL name). */
  readonly timeColumn: string;
  /** Chunk width: an interval such as `'1 month'` or `'7 days'` for time columns, a positive integer for integer columns. */
  readonly chunkInterval: string | number;
  /** Columnstore: the columns compressed chunks are segmented by (`tsdb.segmentby`). */
  readonly segmentBy?: readonly string[];
  /** Columnstore: the order within a segment (`tsdb.orderby`), each `'column'`, `'column DESC'` or `'column ASC'`. */
  readonly orderBy?: readonly string[];
}

/** What `defineTable` takes (indexes, checks, foreign keys, storage and comment: see `TableExtrasInput`). */
export interface TableInput extends TableExtrasInput {
  /** The SQL table name (quoted in all generated SQL, so any name works). */
  readonly name: string;
  /** Columns in order; keys are SQL column names. */
  readonly columns: Readonly<Record<string, ColumnBuilder>>;
  /** Primary key columns (SQL names). */
  readonly primaryKey?: readonly string[];
  /** Unique keys, each a list of SQL column names. */
  readonly unique?: readonly (readonly string[])[];
  /**
   * The conflict target of `batchInsert` (`ON CONFLICT (...) DO NOTHING`); it must be the
   * primary key or a unique key. Defaults to the primary key; `null` means no conflict
   * handling at all (plain insert).
   */
  readonly conflictTarget?: readonly string[] | null;
  /** Generates `batchUpsert` (and `batchApply` with `deleteKey`): one `INSERT … ON CONFLICT … DO UPDATE`. */
  readonly upsert?: UpsertInput;
  /**
   * Generates `batchDelete(db, keys)` deleting by these columns (`'primaryKey'` for the
   * primary key), and `batchApply` when `upsert` is declared too.
   */
  readonly deleteKey?: readonly string[] | 'primaryKey';
  /** Native partitioning (range, list or hash); see `PartitionByInput`. */
  readonly partitionBy?: PartitionByInput;
  /** Citus distribution; see `DistributeByInput`. */
  readonly distributeBy?: DistributeByInput;
  /** TimescaleDB hypertable; see `HypertableInput`. */
  readonly hypertable?: HypertableInput;
  /**
   * Pins the generated names instead of deriving them from the SQL name: `export` names the
   * generated module's namespace in generated/index.ts (and its types: `aB2` → `AB2Row`), `file`
   * the generated file's stem (`a-b-2` → generated/a-b-2.ts). Needed when two tables derive the
   * same names (`a-b`, `a_b`, `A_B`): codegen refuses that rather than numbering them, since a
   * number would move to another table when one is added. `pull` writes it for such tables.
   */
  readonly names?: TableNamesInput;
}

/** Generated names pinned by `defineTable({ names })`; each key left out is derived from the SQL name. */
export interface TableNamesInput {
  /** A TypeScript identifier, not a reserved word, unique among the tables (`aB2`). */
  readonly export?: string;
  /** A portable file stem: lowercase letters and digits in words joined by `-` (`a-b-2`). */
  readonly file?: string;
}

/** A mistake in a `defineTable` argument, reported by the generator with the file and table named. */
export interface TableDefProblem {
  /** The column concerned, when there is one. */
  readonly column?: string;
  readonly message: string;
}

/** A table declaration, as the generator reads it. */
export interface TableDef {
  readonly kind: 'table';
  readonly name: string;
  /** Unknown keys and wrong shapes in the `defineTable` argument (empty when there are none). */
  readonly problems: readonly TableDefProblem[];
  /** Columns in declaration order. */
  readonly columns: readonly (readonly [string, ColumnSpec])[];
  readonly primaryKey: readonly string[];
  readonly unique: readonly (readonly string[])[];
  readonly conflictTarget: readonly string[] | null | undefined;
  readonly upsert: UpsertInput | undefined;
  readonly deleteKey: readonly string[] | 'primaryKey' | undefined;
  readonly partitionBy: PartitionByInput | undefined;
  readonly distributeBy: DistributeByInput | undefined;
  readonly hypertable: HypertableInput | undefined;
  readonly names: TableNamesInput | undefined;
  /** Indexes, checks, table foreign keys, storage, comment: as given, checked by the generator. */
  readonly extras: { readonly [K in keyof TableExtrasInput]?: unknown };
}

/**
 * Every key of `T`, checked by the compiler both ways (a key missing here or not in `T` fails the
 * type check), so that a key added to an input type is never refused as a misspelling.
 */
type AllKeys<T> = T extends unknown ? keyof T : never;
function keysOf<T>(keys: { readonly [K in AllKeys<T>]-?: true }): readonly string[] {
  return Object.freeze(Object.keys(keys));
}

/** The keys of each object `defineTable` takes; anything else is a misspelling reported at codegen. */
const TABLE_KEYS = keysOf<TableInput>({ name: true, columns: true, primaryKey: true, unique: true, conflictTarget: true, upsert: true, deleteKey: true, partitionBy: true, distributeBy: true, hypertable: true, names: true, indexes: true, checks: true, foreignKeys: true, storage: true, comment: true });
const NESTED_KEYS = {
  upsert: keysOf<UpsertInput>({ target: true, set: true, where: true, duplicates: true }),
  partitionBy: keysOf<PartitionByInput>({ kind: true, columns: true, partitions: true, defaultPartition: true }),
  distributeBy: keysOf<DistributeByInput>({ column: true, colocateWith: true, reference: true }),
  hypertable: keysOf<HypertableInput>({ timeColumn: true, chunkInterval: true, segmentBy: true, orderBy: true }),
  names: keysOf<TableNamesInput>({ export: true, file: true }),
};

function isNameList(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isColumnBuilder(v: unknown): v is ColumnBuilder {
  const spec = (v as { spec?: unknown } | null)?.spec;
  return typeof v === 'object' && v !== null && typeof spec === 'object' && spec !== null && typeof (spec as { type?: unknown }).type === 'string';
}

/**
 * Checks the shape of a `defineTable` argument. Schema files are TypeScript, but a key
 * misspelt in a variable, a `primaryKey: 'id'` or a builder without its parentheses still
 * reaches here (JS files, `as any`, or a project without a type check), and each would
 * otherwise be ignored or crash codegen.
 */
function tableProblems(input: Record<string, unknown>): TableDefProblem[] {
  const problems: TableDefProblem[] = [];
  const unknownKeys = (obj: Record<string, unknown>, known: readonly string[], where: string) => {
    for (const k of Object.keys(obj)) {
      if (!known.includes(k)) problems.push({ message: `${where}unknown key "${k}"${didYouMean(k, known)}; known keys: ${known.join(', ')}` });
    }
  };
  unknownKeys(input, TABLE_KEYS, '');
  if (typeof input.name !== 'string' || input.name === '') problems.push({ message: `name must be the table's SQL name (a non-empty string), not ${describe(input.name)}` });
  const columns = input.columns;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    problems.push({ message: `columns must be an object of column builders, such as { id: bigint() }, not ${describe(columns)}` });
  } else {
    for (const [name, b] of Object.entries(columns)) {
      if (isColumnBuilder(b)) continue;
      const message = typeof b === 'function'
        ? `is the builder function ${b.name || '(anonymous)'} itself, not a column: call it, as in ${b.name || 'integer'}()`
        : `must be a column builder such as text() or integer(), not ${describe(b)}`;
      problems.push({ column: name, message });
    }
  }
  const nameList = (key: 'primaryKey' | 'conflictTarget', allowNull: boolean) => {
    const v = input[key];
    if (v === undefined || (allowNull && v === null) || isNameList(v)) return;
    const hint = typeof v === 'string' ? `, such as [${JSON.stringify(v)}]` : '';
    problems.push({ message: `${key} must be a list of column names${hint}${allowNull ? ' (or null)' : ''}, not ${describe(v)}` });
  };
  nameList('primaryKey', false);
  nameList('conflictTarget', true);
  if (input.unique !== undefined && !(Array.isArray(input.unique) && input.unique.every(isNameList))) {
    problems.push({ message: `unique must be a list of keys, each a list of column names (such as [['email']]), not ${describe(input.unique)}${isNameList(input.unique) ? ' of names' : ''}` });
  }
  if (input.deleteKey !== undefined && input.deleteKey !== 'primaryKey' && !isNameList(input.deleteKey)) {
    problems.push({ message: `deleteKey must be 'primaryKey' or a list of column names, not ${describe(input.deleteKey)}` });
  }
  for (const key of Object.keys(NESTED_KEYS) as (keyof typeof NESTED_KEYS)[]) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) problems.push({ message: `${key} must be an object, not ${describe(v)}` });
    else unknownKeys(v as Record<string, unknown>, NESTED_KEYS[key], `${key}: `);
  }
  const upsert = input.upsert as Record<string, unknown> | undefined;
  if (typeof upsert === 'object' && upsert !== null) {
    if (upsert.target !== undefined && !isNameList(upsert.target)) problems.push({ message: `upsert.target must be a list of column names, not ${describe(upsert.target)}` });
    if (upsert.set !== undefined && (typeof upsert.set !== 'object' || upsert.set === null || Array.isArray(upsert.set))) problems.push({ message: `upsert.set must be an object of column: 'excluded' | sql('...'), not ${describe(upsert.set)}` });
  }
  const partitionBy = input.partitionBy as Record<string, unknown> | undefined;
  if (typeof partitionBy === 'object' && partitionBy !== null && !isNameList(partitionBy.columns)) {
    problems.push({ message: `partitionBy.columns must be a list of column names, not ${describe(partitionBy.columns)}` });
  }
  if (typeof partitionBy === 'object' && partitionBy !== null && partitionBy.partitions !== undefined && !Array.isArray(partitionBy.partitions)) {
    problems.push({ message: `partitionBy.partitions must be a list of partitions, not ${describe(partitionBy.partitions)}` });
  }
  const hypertable = input.hypertable as Record<string, unknown> | undefined;
  for (const key of ['segmentBy', 'orderBy'] as const) {
    const v = typeof hypertable === 'object' && hypertable !== null ? hypertable[key] : undefined;
    if (v === undefined || isNameList(v)) continue;
    const hint = typeof v === 'string' ? `, such as [${JSON.stringify(v)}]` : '';
    problems.push({ message: `hypertable.${key} must be a list of column names${hint}, not ${describe(v)}` });
  }
  return problems;
}

/** Declares a table; default-export it from `schema/<table>.ts`. */
export function defineTable(input: TableInput): TableDef {
  const raw: Record<string, unknown> = typeof input === 'object' && input !== null ? (input as unknown as Record<string, unknown>) : {};
  const problems = typeof input === 'object' && input !== null ? tableProblems(raw) : [{ message: `defineTable takes an object ({ name, columns, … }), not ${describe(input)}` }];
  // With problems, keep only what has the right shape, so that the generator can report them
  // all (with the file named) instead of crashing on the rest.
  const ok = problems.length === 0;
  const list = (v: unknown) => (isNameList(v) ? Object.freeze([...v]) : Object.freeze([]));
  const object = <T>(v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (Object.freeze({ ...v }) as T) : undefined);
  const columns = object<Record<string, unknown>>(raw.columns) ?? {};
  return Object.freeze({
    kind: 'table' as const,
    name: typeof raw.name === 'string' ? raw.name : String(raw.name),
    problems: Object.freeze(problems.map((p) => Object.freeze(p))),
    columns: Object.freeze(Object.entries(columns).filter(([, b]) => isColumnBuilder(b)).map(([name, b]) => Object.freeze([name, (b as ColumnBuilder).spec] as const))),
    primaryKey: list(raw.primaryKey),
    unique: Object.freeze(Array.isArray(raw.unique) ? raw.unique.filter(isNameList).map((u) => Object.freeze([...u])) : []),
    conflictTarget: raw.conflictTarget === undefined || raw.conflictTarget === null ? raw.conflictTarget : list(raw.conflictTarget),
    upsert: ok ? object<UpsertInput>(raw.upsert) : undefined,
    deleteKey: raw.deleteKey === undefined || raw.deleteKey === 'primaryKey' ? raw.deleteKey : list(raw.deleteKey),
    partitionBy: ok ? object<PartitionByInput>(raw.partitionBy) : undefined,
    distributeBy: ok ? object<DistributeByInput>(raw.distributeBy) : undefined,
    hypertable: ok ? object<HypertableInput>(raw.hypertable) : undefined,
    names: ok ? object<TableNamesInput>(raw.names) : undefined,
    extras: Object.freeze(Object.fromEntries((['indexes', 'checks', 'foreignKeys', 'storage', 'comment'] as const).filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]))),
  });
}

export function isTableDef(v: unknown): v is TableDef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'table' && Array.isArray((v as { columns?: unknown }).columns);
}

export function isRangeLimit(v: unknown): v is RangeLimit {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'rangeLimit';
}

export function isEnumDef(v: unknown): v is EnumDef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'enum' && Array.isArray((v as { labels?: unknown }).labels);
}
