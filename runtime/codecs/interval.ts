/** interval. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { fraction } from './calendar.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/**
 * What an `interval` column accepts: PostgreSQL's three fields (integers: int32 months and
 * days, int64 microseconds; missing ones are 0), or an ISO 8601 duration such as
 * "P1Y2M3DT4H5M6.5S" (parts may be negative; a leading "-" negates all; only seconds take
 * a fraction, up to 6 digits).
 */
export type IntervalInput = { months?: number; days?: number; microseconds?: bigint | number } | string;

/** What node-postgres returns for an interval (a postgres-interval object). */
export interface IntervalOutput {
  years?: number;
  months?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  toPostgres?(): string;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Parsed value in module scratch state. `micros` is a number when it is a safe integer (the
// common case, no bigint arithmetic), else `microsBig` holds it.
let months = 0;
let days = 0;
let micros = 0;
let microsBig: bigint | undefined;

function checkInt32(v: unknown, field: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
    throw new CodecError(`interval ${field} must be an int32 integer, got ${describeValue(v)}`);
  }
  return v;
}

function setMicros(v: bigint): void {
  if (v <= INT64_MIN || v > INT64_MAX) {
    // -2^63 has no text form the server reads back ("-2562047788:00:54.775808" overflows).
    throw new CodecError(`interval microseconds ${v} out of range (must be within ±(2^63 - 1))`);
  }
  if (v >= -9007199254740991n && v <= 9007199254740991n) {
    micros = Number(v);
    microsBig = undefined;
  } else {
    micros = 0;
    microsBig = v;
  }
}

function parseObject(v: Record<string, unknown>): void {
  for (const k in v) {
    if (k !== 'months' && k !== 'days' && k !== 'microseconds') {
      // e.g. a postgres-interval object from a SELECT: its `years`, `hours`... would be dropped.
      throw new CodecError(`interval object has an unknown key "${k}"; expected { months, days, microseconds } or an ISO 8601 duration string`);
    }
  }
  months = checkInt32(v.months, 'months');
  days = checkInt32(v.days, 'days');
  const us = v.microseconds;
  if (us === undefined) {
    micros = 0;
    microsBig = undefined;
  } else if (typeof us === 'number') {
    if (!Number.isSafeInteger(us)) {
      throw new CodecError(`interval microseconds must be a safe integer number or a bigint, got ${describeValue(us)}`);
    }
    micros = us;
    microsBig = undefined;
  } else if (typeof us === 'bigint') {
    setMicros(us);
  } else {
    throw new CodecError(`interval microseconds must be a safe integer number or a bigint, got ${describeValue(us)}`);
  }
}

function syntaxError(s: string): CodecError {
  return new CodecError(`${describeValue(s)} is not an ISO 8601 duration (expected like "P1Y2M3DT4H5M6.5S")`);
}

/** Parses "P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]" with bigint arithmetic (strings are the slow path). */
function parseIso(s: string): void {
  const n = s.length;
  let i = 0;
  let sign = 1n;
  if (s.charCodeAt(0) === 45) {
    sign = -1n;
    i = 1;
  }
  if (s.charCodeAt(i) !== 80) throw syntaxError(s);
  i++;
  let m = 0n;
  let d = 0n;
  let us = 0n;
  let inTime = false;
  let seen = 0;
  // Designators in their required order; each at most once.
  const dateOrder = 'YMWD';
  const timeOrder = 'HMS';
  let lastIndex = -1;
  while (i < n) {
    if (s.charCodeAt(i) === 84) {
      if (inTime || i + 1 === n) throw syntaxError(s);
      inTime = true;
      lastIndex = -1;
      i++;
      continue;
    }
    const start = i;
    if (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43) i++;
    const digitsFrom = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === digitsFrom) throw syntaxError(s);
    let value = BigInt(s.slice(start, i));
    let fractionDigits = '';
    if (i < n && s.charCodeAt(i) === 46) {
      const from = ++i;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      fractionDigits = s.slice(from, i);
      if (fractionDigits.length === 0) throw syntaxError(s);
    }
    if (i === n) throw syntaxError(s);
    const unit = s[i++] as string;
    const order = inTime ? timeOrder : dateOrder;
    const index = order.indexOf(unit);
    if (index <= lastIndex) throw syntaxError(s);
    lastIndex = index;
    seen++;
    if (fractionDigits !== '' && !(inTime && unit === 'S')) {
      throw new CodecError(`${describeValue(s)}: only seconds may have a fraction`);
    }
    if (!inTime) {
      if (unit === 'Y') m += value * 12n;
      else if (unit === 'M') m += value;
      else if (unit === 'W') d += value * 7n;
      else d += value;
    } else if (unit === 'H') us += value * 3600000000n;
    else if (unit === 'M') us += value * 60000000n;
    else {
      if (fractionDigits.length > 6) throw new CodecError(`${describeValue(s)} has more than 6 fractional second digits`);
      let frac = fractionDigits === '' ? 0n : BigInt(fractionDigits.padEnd(6, '0'));
      if (s.charCodeAt(start) === 45) frac = -frac;
      value = value * 1000000n + frac;
      us += value;
    }
  }
  if (seen === 0) throw syntaxError(s);
  m *= sign;
  d *= sign;
  us *= sign;
  if (m < -2147483648n || m > 2147483647n) throw new CodecError(`${describeValue(s)}: months out of range for interval`);
  if (d < -2147483648n || d > 2147483647n) throw new CodecError(`${describeValue(s)}: days out of range for interval`);
  months = Number(m);
  days = Number(d);
  setMicros(us);
}

/** Plain objects only: a Date, an array or a postgres-interval object would be misread as all zeros. */
function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function parse(v: unknown): void {
  if (typeof v === 'string') parseIso(v);
  else if (typeof v === 'object' && v !== null && isPlainObject(v)) parseObject(v as Record<string, unknown>);
  else throw new CodecError(typeMismatch('{ months, days, microseconds } or an ISO 8601 duration string', v));
}

function signed(n: number): string {
  return n < 0 ? String(n) : `+${n}`;
}

/** Time part "±H:MM:SS[.ffffff]" of the microseconds (hours unbounded, as the server reads them). */
function formatTime(): string {
  let sign = '+';
  let hours: string;
  let rest: number; // microseconds below one hour, < 3.6e9: exact as a number
  if (microsBig === undefined) {
    let a = micros;
    if (a < 0) {
      sign = '-';
      a = -a;
    }
    const h = Math.floor(a / 3600000000);
    hours = String(h);
    rest = a - h * 3600000000;
  } else {
    let a = microsBig;
    if (a < 0n) {
      sign = '-';
      a = -a;
    }
    hours = String(a / 3600000000n);
    rest = Number(a % 3600000000n);
  }
  const minutes = Math.floor(rest / 60000000);
  rest -= minutes * 60000000;
  const secs = Math.floor(rest / 1000000);
  const us = rest - secs * 1000000;
  let out = `${sign}${hours}:${minutes < 10 ? '0' : ''}${minutes}:${secs < 10 ? '0' : ''}${secs}`;
  if (us !== 0) out += fraction(us);
  return out;
}

export function interval(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parse(v);
      // Every field carries an explicit sign: with IntervalStyle=sql_standard a leading "-"
      // would otherwise apply to all the fields that follow.
      return `${signed(months)} mons ${signed(days)} days ${formatTime()}`;
    },
    writeBinary(w: ByteWriter, v: unknown) {
      parse(v);
      if (microsBig === undefined) w.i64n(micros);
      else w.i64(microsBig);
      w.i32(days);
      w.i32(months);
    },
    // PostgreSQL compares intervals as one span: a month is 30 days, a day 24 hours.
    writeKey(w: ByteWriter, v: unknown) {
      parse(v);
      const span = (BigInt(months) * 30n + BigInt(days)) * 86_400_000_000n + (microsBig ?? BigInt(micros));
      w.utf8(span.toString());
    },
  };
}
