/**
 * Ranges (int4range, int8range, numrange, daterange, tsrange, tstzrange) over any element
 * codec, and multiranges of them.
 */
import { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { BinaryContext, ColumnCodec } from '../codec.ts';
import { PG_EPOCH_DAYS, PG_MAX_DATE_DAYS, daysFromCivil } from './calendar.ts';
import { date, formatDays } from './date.ts';
import type { DateInput } from './date.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { int4, int8 } from './integers.ts';
import type { Int8Input } from './integers.ts';
import { numeric } from './numeric.ts';
import type { NumericInput } from './numeric.ts';
import { timestamp, timestamptz } from './timestamp.ts';
import type { TimestampInput } from './timestamp.ts';

/**
 * What a range column accepts:
 * - PostgreSQL's text of a range, as the server prints it and node-postgres returns it:
 *   "[1,5)", "(,10]", "[2020-01-01,infinity)", "empty";
 * - a postgres-range `Range` (what node-postgres users who parse ranges get): `{ lower, upper, mask }`
 *   with PostgreSQL's flag bits in `mask` (1 empty, 2 lower inclusive, 4 upper inclusive,
 *   8 lower unbounded, 16 upper unbounded);
 * - `{ lower, upper, bounds }`, as SQL's `int4range(lower, upper, bounds)`: `bounds` is "[)"
 *   (default), "[]", "()" or "(]"; a missing or null bound is unbounded.
 * Bound values are whatever the element column accepts (numbers, bigints, strings, Dates).
 */
export type RangeInput<T> = string | RangeObject<T> | PostgresRangeLike<T>;

export interface RangeObject<T> {
  lower?: T | null;
  upper?: T | null;
  bounds?: '[)' | '[]' | '()' | '(]';
}

/** The shape of postgres-range's Range. */
export interface PostgresRangeLike<T> {
  lower: T | null;
  upper: T | null;
  mask: number;
}

export type Int4RangeInput = RangeInput<number | string>;
export type Int8RangeInput = RangeInput<Int8Input>;
export type NumRangeInput = RangeInput<NumericInput>;
export type DateRangeInput = RangeInput<DateInput>;
/** tsrange and tstzrange. */
export type TimestampRangeInput = RangeInput<TimestampInput>;

/** A multirange: PostgreSQL's text ("{[1,3),[5,7)}", "{}") or an array of ranges. */
export type MultirangeInput<T> = string | readonly RangeInput<T>[];

/** range_send's flag bits. */
const EMPTY = 0x01;
const LB_INC = 0x02;
const UB_INC = 0x04;
const LB_INF = 0x08;
const UB_INF = 0x10;

/**
 * What the range codec must know about its element type beyond its codec: how two encoded
 * (binary) values compare, and for discrete types the next value, which canonicalisation
 * uses as the server does ([a,b] is stored as [a,b+1)).
 */
export interface RangeSubtype {
  /** Name shown in errors ("int4range"). */
  readonly rangeName: string;
  /** Compares two binary element encodings as the subtype's btree order does. */
  compare(a: Buffer, b: Buffer): number;
  /**
   * Discrete types: the encoding of the next value, or undefined when the bound stays as it is
   * (daterange_canonical leaves ±infinity and its inclusivity alone); throws CodecError at overflow.
   */
  next?(a: Buffer): Buffer | undefined;
  /**
   * Discrete types: the element's text as the server prints it, from its binary encoding, so a
   * bound moved by next() (and any bound: int8 "007" is printed "7") is written as range_out writes it.
   */
  binText?(a: Buffer): string;
  /** True when range_out never quotes the element's text (no `,()[]"\`, spaces or empty text): the range's text is then COPY-safe. */
  readonly plainText: boolean;
}

function compareInt32(a: Buffer, b: Buffer): number {
  return a.readInt32BE(0) - b.readInt32BE(0);
}

function compareInt64(a: Buffer, b: Buffer): number {
  const x = a.readBigInt64BE(0);
  const y = b.readBigInt64BE(0);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** numeric_cmp on numeric_send bytes: -Infinity < finite < Infinity < NaN; finite by value (scale ignored). */
function compareNumeric(a: Buffer, b: Buffer): number {
  const ra = numericRank(a);
  const rb = numericRank(b);
  if (ra !== rb || ra !== 1) return ra - rb;
  const na = a.readInt16BE(0);
  const nb = b.readInt16BE(0);
  const negA = a.readUInt16BE(4) === 0x4000 && na > 0;
  const negB = b.readUInt16BE(4) === 0x4000 && nb > 0;
  if (negA !== negB) return negA ? -1 : 1;
  const mag = compareMagnitude(a, na, b, nb);
  return negA ? -mag : mag;
}

/** 0 -Infinity, 1 finite, 2 Infinity, 3 NaN. */
function numericRank(x: Buffer): number {
  const sign = x.readUInt16BE(4);
  return sign === 0xf000 ? 0 : sign === 0xd000 ? 2 : sign === 0xc000 ? 3 : 1;
}

function compareMagnitude(a: Buffer, na: number, b: Buffer, nb: number): number {
  if (na === 0 || nb === 0) return (na === 0 ? 0 : 1) - (nb === 0 ? 0 : 1);
  const wa = a.readInt16BE(2);
  const wb = b.readInt16BE(2);
  if (wa !== wb) return wa - wb;
  const n = Math.max(na, nb);
  for (let i = 0; i < n; i++) {
    const da = i < na ? a.readInt16BE(8 + i * 2) : 0;
    const db = i < nb ? b.readInt16BE(8 + i * 2) : 0;
    if (da !== db) return da - db;
  }
  return 0;
}

function nextInt(bits: 32 | 64, typeName: string): (a: Buffer) => Buffer {
  return (a) => {
    const out = Buffer.allocUnsafe(a.length);
    if (bits === 32) {
      const v = a.readInt32BE(0);
      if (v === 2147483647) throw new CodecError(`${typeName} out of range: a bound of 2147483647 cannot be made exclusive (the server stores [a,b] as [a,b+1))`);
      out.writeInt32BE(v + 1, 0);
    } else {
      const v = a.readBigInt64BE(0);
      if (v === 2n ** 63n - 1n) throw new CodecError(`${typeName} out of range: a bound of 9223372036854775807 cannot be made exclusive (the server stores [a,b] as [a,b+1))`);
      out.writeBigInt64BE(v + 1n, 0);
    }
    return out;
  };
}

/** 5874897-12-31, the last date, as date_send's days since 2000-01-01. */
const LAST_DATE = PG_MAX_DATE_DAYS - daysFromCivil(2000, 1, 1);
/** date_out under DateStyle ISO (what COPY TO prints by default) of date_send bytes. */
function dateBinText(a: Buffer): string {
  const v = a.readInt32BE(0);
  if (v === 2147483647) return 'infinity';
  if (v === -2147483648) return '-infinity';
  return formatDays(v + PG_EPOCH_DAYS);
}

function nextDate(a: Buffer): Buffer | undefined {
  const v = a.readInt32BE(0);
  if (v === 2147483647 || v === -2147483648) return undefined;
  // daterange_canonical's date_pli refuses the day after the last date.
  if (v >= LAST_DATE) throw new CodecError('daterange out of range: a bound of 5874897-12-31 cannot be made exclusive (the server stores [a,b] as [a,b+1), and there is no later date)');
  const out = Buffer.allocUnsafe(4);
  out.writeInt32BE(v + 1, 0);
  return out;
}

export const RANGE_SUBTYPES = {
  int4range: { rangeName: 'int4range', compare: compareInt32, next: nextInt(32, 'int4range'), binText: (a) => String(a.readInt32BE(0)), plainText: true },
  int8range: { rangeName: 'int8range', compare: compareInt64, next: nextInt(64, 'int8range'), binText: (a) => a.readBigInt64BE(0).toString(), plainText: true },
  numrange: { rangeName: 'numrange', compare: compareNumeric, plainText: true },
  // A BC date and a timestamp have spaces: range_out quotes them.
  daterange: { rangeName: 'daterange', compare: compareInt32, next: nextDate, binText: dateBinText, plainText: false },
  tsrange: { rangeName: 'tsrange', compare: compareInt64, plainText: false },
  tstzrange: { rangeName: 'tstzrange', compare: compareInt64, plainText: false },
} as const satisfies Record<string, RangeSubtype>;

/** One bound of a parsed range: its value's binary encoding, key encoding when it differs, and the value given (none when next() made it). */
interface Bound {
  bin: Buffer;
  key: Buffer | undefined;
  value?: unknown;
}

/** A parsed, canonical range (what the server stores). */
interface ParsedRange {
  empty: boolean;
  lower: Bound | null; // null: unbounded
  upper: Bound | null;
  lowerInc: boolean;
  upperInc: boolean;
}

const EMPTY_RANGE: ParsedRange = { empty: true, lower: null, upper: null, lowerInc: false, upperInc: false };
const NO_TYPE_OIDS: BinaryContext = { typeOids: new Map() };
const scratch = new ByteWriter(64);

/** The value an unparsed range literal's bound text stands for, as range_parse reads it. */
interface RangeParts {
  empty: boolean;
  lower: unknown; // undefined: unbounded
  upper: unknown;
  lowerInc: boolean;
  upperInc: boolean;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** range_parse: "empty", or [ or (, two bounds (quotes and backslashes as range_parse_bound reads them), ] or ). */
function parseRangeText(s: string, rangeName: string): RangeParts {
  const bad = (why: string) => new CodecError(`${describeValue(s)} is not a ${rangeName} (${why})`);
  let i = 0;
  const n = s.length;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (s.slice(i, i + 5).toLowerCase() === 'empty') {
    let j = i + 5;
    while (j < n && isSpace(s.charCodeAt(j))) j++;
    if (j !== n) throw bad('junk after "empty"');
    return { empty: true, lower: undefined, upper: undefined, lowerInc: false, upperInc: false };
  }
  const open = s.charCodeAt(i);
  if (open !== 91 && open !== 40) throw bad('expected "[", "(" or "empty"');
  i++;
  const readBound = (): string | undefined => {
    const c0 = s.charCodeAt(i);
    if (c0 === 44 || c0 === 41 || c0 === 93) return undefined;
    let out = '';
    let inQuote = false;
    for (;;) {
      if (i >= n) throw bad('unexpected end');
      const c = s.charCodeAt(i);
      if (!inQuote && (c === 44 || c === 41 || c === 93)) return out;
      i++;
      if (c === 92) {
        if (i >= n) throw bad('unexpected end');
        out += s[i++];
      } else if (c === 34) {
        if (!inQuote) inQuote = true;
        else if (s.charCodeAt(i) === 34) out += s[i++];
        else inQuote = false;
      } else out += s[i - 1];
    }
  };
  const lower = readBound();
  if (s.charCodeAt(i) !== 44) throw bad('expected "," after the lower bound');
  i++;
  const upper = readBound();
  const close = s.charCodeAt(i);
  if (close !== 93 && close !== 41) throw bad('expected "]" or ")"');
  i++;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i !== n) throw bad('junk after the right bracket');
  return { empty: false, lower, upper, lowerInc: open === 91, upperInc: close === 93 };
}

const BOUNDS: Record<string, [boolean, boolean]> = { '[)': [true, false], '[]': [true, true], '()': [false, false], '(]': [false, true] };

function rangeParts(v: unknown, rangeName: string): RangeParts {
  if (typeof v === 'string') return parseRangeText(v, rangeName);
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) {
    throw new CodecError(typeMismatch(`a ${rangeName} string, { lower, upper, bounds } or a postgres-range Range`, v));
  }
  const o = v as Record<string, unknown>;
  if ('mask' in o) {
    const mask = o.mask;
    if (typeof mask !== 'number' || !Number.isInteger(mask) || mask < 0 || mask > 31) throw new CodecError(`${rangeName}: a Range's mask must be an integer of flag bits, got ${describeValue(mask)}`);
    if (mask & EMPTY) return { empty: true, lower: undefined, upper: undefined, lowerInc: false, upperInc: false };
    return {
      empty: false,
      lower: mask & LB_INF || o.lower === null ? undefined : o.lower,
      upper: mask & UB_INF || o.upper === null ? undefined : o.upper,
      lowerInc: (mask & LB_INC) !== 0,
      upperInc: (mask & UB_INC) !== 0,
    };
  }
  for (const k of Object.keys(o)) {
    if (k !== 'lower' && k !== 'upper' && k !== 'bounds') throw new CodecError(`${rangeName} object has an unknown key "${k}"; expected { lower, upper, bounds } or a postgres-range Range`);
  }
  const bounds = o.bounds === undefined ? '[)' : o.bounds;
  const inc = typeof bounds === 'string' ? BOUNDS[bounds] : undefined;
  if (inc === undefined) throw new CodecError(`${rangeName} bounds must be "[)", "[]", "()" or "(]", got ${describeValue(bounds)}`);
  return { empty: false, lower: o.lower ?? undefined, upper: o.upper ?? undefined, lowerInc: inc[0], upperInc: inc[1] };
}

/**
 * A bound position on the line, to compare bounds as range_cmp_bounds does: an inclusive bound
 * stands at its value, an exclusive lower just after it, an exclusive upper just before it.
 */
function compareBounds(sub: RangeSubtype, a: Bound | null, aLower: boolean, aInc: boolean, b: Bound | null, bLower: boolean, bInc: boolean): number {
  if (a === null || b === null) {
    const ra = a === null ? (aLower ? -1 : 1) : 0;
    const rb = b === null ? (bLower ? -1 : 1) : 0;
    return ra - rb;
  }
  const c = sub.compare(a.bin, b.bin);
  if (c !== 0) return c;
  const ea = aInc ? 0 : aLower ? 1 : -1;
  const eb = bInc ? 0 : bLower ? 1 : -1;
  return ea - eb;
}

function elementError(which: string, e: unknown): unknown {
  return e instanceof CodecError ? new CodecError(`${which} bound: ${e.message}`) : e;
}

/**
 * A range codec over `element` (the subtype's column codec, e.g. int4(), timestamptz({ precision: 3 })).
 * Binary: range_send's flags byte, then each finite bound length-prefixed. What is sent is
 * the canonical range the server stores (empty when the bounds meet, [a,b] as [a,b+1) for
 * discrete types), so the bytes and keys are the stored ones.
 */
export function rangeCodec(element: ColumnCodec, subtype: RangeSubtype): ColumnCodec {
  const name = subtype.rangeName;
  const fromText = element.elementFromText;

  function bound(v: unknown, which: string, ctx: BinaryContext): Bound {
    const value = typeof v === 'string' && fromText !== undefined ? fromText(v) : v;
    try {
      scratch.pos = 0;
      element.writeBinary(scratch, value, ctx);
      const bin = Buffer.from(scratch.buf.subarray(0, scratch.pos));
      let key: Buffer | undefined;
      if (element.writeKey !== undefined) {
        scratch.pos = 0;
        element.writeKey(scratch, value);
        key = Buffer.from(scratch.buf.subarray(0, scratch.pos));
      }
      return { bin, key, value };
    } catch (e) {
      throw elementError(which, e);
    }
  }

  function parse(v: unknown, ctx: BinaryContext): ParsedRange {
    const p = rangeParts(v, name);
    if (p.empty) return EMPTY_RANGE;
    let lower = p.lower === undefined ? null : bound(p.lower, 'lower', ctx);
    let upper = p.upper === undefined ? null : bound(p.upper, 'upper', ctx);
    // range_serialize: an unbounded end is never inclusive.
    let lowerInc = lower !== null && p.lowerInc;
    let upperInc = upper !== null && p.upperInc;
    if (lower !== null && upper !== null) {
      const c = subtype.compare(lower.bin, upper.bin);
      if (c > 0) throw new CodecError(`${typeof v === 'string' ? describeValue(v) : `${name} object`}: range lower bound must be less than or equal to range upper bound`);
      if (c === 0 && !(lowerInc && upperInc)) return EMPTY_RANGE;
    }
    if (subtype.next !== undefined) {
      // The discrete canonical form [a,b): as int4range_canonical / daterange_canonical.
      const nextLower = lower !== null && !lowerInc ? subtype.next(lower.bin) : undefined;
      if (nextLower !== undefined) {
        lower = { bin: nextLower, key: undefined };
        lowerInc = true;
      }
      const nextUpper = upper !== null && upperInc ? subtype.next(upper.bin) : undefined;
      if (nextUpper !== undefined) {
        upper = { bin: nextUpper, key: undefined };
        upperInc = false;
      }
      if (lower !== null && upper !== null) {
        const c = subtype.compare(lower.bin, upper.bin);
        if (c > 0 || (c === 0 && !(lowerInc && upperInc))) return EMPTY_RANGE;
      }
    }
    return { empty: false, lower, upper, lowerInc, upperInc };
  }

  function boundText(b: Bound, which: string): string {
    try {
      const t = subtype.binText !== undefined ? subtype.binText(b.bin) : element.toText(b.value);
      return subtype.plainText ? t : rangeBoundEscape(t);
    } catch (e) {
      throw elementError(which, e);
    }
  }

  /** range_out of the canonical range: what the server prints for the stored value. */
  function format(r: ParsedRange): string {
    if (r.empty) return 'empty';
    const lo = r.lower === null ? '' : boundText(r.lower, 'lower');
    const hi = r.upper === null ? '' : boundText(r.upper, 'upper');
    return `${r.lowerInc ? '[' : '('}${lo},${hi}${r.upperInc ? ']' : ')'}`;
  }

  const text = (v: unknown): string => format(parse(v, NO_TYPE_OIDS));

  return {
    textIsCopySafe: element.textIsCopySafe && subtype.plainText,
    toText: text,
    writeText: (w, v) => w.copyText(text(v)),
    writeBinary(w, v, ctx) {
      writeRange(w, parse(v, ctx), false);
    },
    writeKey(w, v) {
      writeRange(w, parse(v, NO_TYPE_OIDS), true);
    },
    parseRange: parse,
    formatRange: format,
    compareBounds: (a: Bound | null, aLower: boolean, aInc: boolean, b: Bound | null, bLower: boolean, bInc: boolean) => compareBounds(subtype, a, aLower, aInc, b, bLower, bInc),
    subtype,
  } as RangeCodec;
}

/** The range codec with what multirangeCodec needs from it. */
interface RangeCodec extends ColumnCodec {
  parseRange(v: unknown, ctx: BinaryContext): ParsedRange;
  formatRange(r: ParsedRange): string;
  compareBounds(a: Bound | null, aLower: boolean, aInc: boolean, b: Bound | null, bLower: boolean, bInc: boolean): number;
  readonly subtype: RangeSubtype;
}

/** range_bound_escape: double quotes around an empty text or one with `"\\()[],` or a space; `"` and `\\` doubled inside. */
function rangeBoundEscape(t: string): string {
  if (t !== '' && !/["\\()[\],\t\n\v\f\r ]/.test(t)) return t;
  return `"${t.replace(/["\\]/g, '$&$&')}"`;
}

function writeRange(w: ByteWriter, r: ParsedRange, asKey: boolean): void {
  if (r.empty) {
    w.u8(EMPTY);
    return;
  }
  let flags = 0;
  if (r.lower === null) flags |= LB_INF;
  else if (r.lowerInc) flags |= LB_INC;
  if (r.upper === null) flags |= UB_INF;
  else if (r.upperInc) flags |= UB_INC;
  w.u8(flags);
  for (const b of [r.lower, r.upper]) {
    if (b === null) continue;
    const bytes = asKey && b.key !== undefined ? b.key : b.bin;
    w.i32(bytes.length);
    w.bytes(bytes);
  }
}

/**
 * A multirange codec over a range codec from rangeCodec(). Binary: multirange_send's count and
 * length-prefixed ranges, sent in the canonical form the server stores (empty ranges dropped,
 * sorted, overlapping and adjacent ranges merged), so the bytes and keys are the stored ones.
 */
export function multirangeCodec(range: ColumnCodec): ColumnCodec {
  const rc = range as RangeCodec;
  if (typeof rc.parseRange !== 'function') throw new CodecError('multirangeCodec takes a codec made by rangeCodec()');
  const name = rc.subtype.rangeName.replace(/range$/, 'multirange');

  function items(v: unknown): readonly unknown[] {
    if (Array.isArray(v)) return v;
    if (typeof v === 'string') return parseMultirangeText(v, name);
    throw new CodecError(typeMismatch(`an array of ranges or a ${name} string`, v));
  }

  function canonical(v: unknown, ctx: BinaryContext): ParsedRange[] {
    const ranges: ParsedRange[] = [];
    items(v).forEach((item, i) => {
      if (item === null || item === undefined) throw new CodecError(`range ${i} is ${String(item)}: a multirange holds no NULLs`);
      let r: ParsedRange;
      try {
        r = rc.parseRange(item, ctx);
      } catch (e) {
        throw e instanceof CodecError ? new CodecError(`range ${i}: ${e.message}`) : e;
      }
      if (!r.empty) ranges.push(r);
    });
    const cmp = rc.compareBounds;
    ranges.sort((a, b) => cmp(a.lower, true, a.lowerInc, b.lower, true, b.lowerInc) || cmp(a.upper, false, a.upperInc, b.upper, false, b.upperInc));
    // multirange_canonicalize: merge a range into the last one when they touch or overlap.
    const out: ParsedRange[] = [];
    for (const r of ranges) {
      const last = out[out.length - 1];
      if (last === undefined) {
        out.push({ ...r });
        continue;
      }
      const gap = cmp(last.upper, false, last.upperInc, r.lower, true, r.lowerInc);
      const adjacent = last.upper !== null && r.lower !== null && gap < 0 && rc.subtype.compare(last.upper.bin, r.lower.bin) === 0 && last.upperInc !== r.lowerInc;
      if (gap < 0 && !adjacent) {
        out.push({ ...r });
        continue;
      }
      if (cmp(r.upper, false, r.upperInc, last.upper, false, last.upperInc) > 0) {
        last.upper = r.upper;
        last.upperInc = r.upperInc;
      }
    }
    return out;
  }

  function write(w: ByteWriter, rs: ParsedRange[], asKey: boolean): void {
    w.i32(rs.length);
    for (const r of rs) {
      const at = w.beginLength();
      writeRange(w, r, asKey);
      w.endLength(at);
    }
  }

  return {
    textIsCopySafe: range.textIsCopySafe,
    // multirange_out of the canonical multirange (empty ranges dropped, sorted, merged).
    toText: (v) => `{${canonical(v, NO_TYPE_OIDS).map(rc.formatRange).join(',')}}`,
    writeText(w, v) {
      w.copyText(`{${canonical(v, NO_TYPE_OIDS).map(rc.formatRange).join(',')}}`);
    },
    writeBinary(w, v, ctx) {
      write(w, canonical(v, ctx), false);
    },
    writeKey(w, v) {
      write(w, canonical(v, NO_TYPE_OIDS), true);
    },
  };
}

/** multirange_in: "{}" or "{range, range, ...}", whitespace around the ranges. */
function parseMultirangeText(s: string, name: string): string[] {
  const bad = (why: string) => new CodecError(`${describeValue(s)} is not a ${name} (${why})`);
  let i = 0;
  const n = s.length;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 123) throw bad('expected "{"');
  i++;
  const out: string[] = [];
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) === 125) {
    i++;
  } else {
    for (;;) {
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      const from = i;
      if (s.slice(i, i + 5).toLowerCase() === 'empty') {
        i += 5;
      } else {
        const open = s.charCodeAt(i);
        if (open !== 91 && open !== 40) throw bad('expected a range');
        // Up to the closing bracket outside quotes, as multirange_in scans.
        let inQuote = false;
        i++;
        for (;;) {
          if (i >= n) throw bad('unexpected end');
          const c = s.charCodeAt(i++);
          if (c === 92) i++;
          else if (c === 34) inQuote = !inQuote;
          else if (!inQuote && (c === 93 || c === 41)) break;
        }
      }
      out.push(s.slice(from, i));
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      const c = s.charCodeAt(i++);
      if (c === 125) break;
      if (c !== 44) throw bad('expected "," or "}"');
    }
  }
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i !== n) throw bad('junk after "}"');
  return out;
}

export function int4range(): ColumnCodec {
  return rangeCodec(int4(), RANGE_SUBTYPES.int4range);
}

export function int8range(): ColumnCodec {
  return rangeCodec(int8(), RANGE_SUBTYPES.int8range);
}

export function numrange(): ColumnCodec {
  return rangeCodec(numeric({}), RANGE_SUBTYPES.numrange);
}

export function daterange(): ColumnCodec {
  return rangeCodec(date(), RANGE_SUBTYPES.daterange);
}

export function tsrange(): ColumnCodec {
  return rangeCodec(timestamp(), RANGE_SUBTYPES.tsrange);
}

/** tstzrange: a bound string without an offset is UTC, as for timestamptz. */
export function tstzrange(): ColumnCodec {
  return rangeCodec(timestamptz(), RANGE_SUBTYPES.tstzrange);
}

export const int4multirange = (): ColumnCodec => multirangeCodec(int4range());
export const int8multirange = (): ColumnCodec => multirangeCodec(int8range());
export const nummultirange = (): ColumnCodec => multirangeCodec(numrange());
export const datemultirange = (): ColumnCodec => multirangeCodec(daterange());
export const tsmultirange = (): ColumnCodec => multirangeCodec(tsrange());
export const tstzmultirange = (): ColumnCodec => multirangeCodec(tstzrange());
