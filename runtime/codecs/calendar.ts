/**
 * Proleptic Gregorian calendar arithmetic (what PostgreSQL uses), without Date: Date.UTC
 * maps years 0–99 to 1900–1999, and these encoders need years 4714 BC to 5874897 AD.
 * Years are astronomical here (1 BC is 0, 2 BC is -1); only text has BC years.
 */
import pg from 'pg';
import type { ByteWriter } from '../byte-writer.ts';

/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
export const PG_EPOCH_DAYS = 10957;
/** Seconds from 1970-01-01 to 2000-01-01. */
export const PG_EPOCH_SECONDS = PG_EPOCH_DAYS * 86400;

/** Days since 1970-01-01 of a (valid) calendar date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date of a day count since 1970-01-01, written into `out` as [year, month, day]. */
export function civilFromDays(days: number, out: number[]): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[1] = month;
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970 of 0001-01-01 and 9999-12-31: four-digit years, the fast paths' range
 * (years outside it take the slower general parser and formatter).
 */
export const MIN_DAYS = daysFromCivil(1, 1, 1);
export const MAX_DAYS = daysFromCivil(9999, 12, 31);

/** PostgreSQL's first day (Julian day 0, 4714-11-24 BC) and last dates and timestamps. */
export const PG_MIN_DAYS = daysFromCivil(-4713, 11, 24);
export const PG_MAX_DATE_DAYS = daysFromCivil(5874897, 12, 31);
export const PG_MAX_TIMESTAMP_DAYS = daysFromCivil(294276, 12, 31);

/**
 * How far a `Date`'s wall clock for `date`/`timestamp` is from its UTC time, in ms:
 * node-postgres sends a Date parameter as its local time fields (`dateToString` in
 * pg/lib/utils.js), or as UTC when the application set `pg.defaults.parseInputDatesAsUTC`;
 * a `date` or `timestamp` column keeps that wall clock.
 */
export function wallClockOffsetMs(d: Date): number {
  if (pg.defaults.parseInputDatesAsUTC) return 0;
  const ms = d.getTime();
  // getTimezoneOffset is in whole minutes, but before 1972 some zones' offsets had seconds
  // (local mean time: Kathmandu +05:41:16 until 1920); the local fields have them. Reading
  // all the fields costs more, so only old dates take that path.
  if (ms >= WHOLE_MINUTE_OFFSETS_SINCE) return -d.getTimezoneOffset() * 60000;
  const local = new Date(0);
  local.setUTCFullYear(d.getFullYear(), d.getMonth(), d.getDate());
  local.setUTCHours(d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  return local.getTime() - ms;
}

/** 1972-07-01: the last offset with seconds (Africa/Monrovia, -00:44:30) ended in January 1972. */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 6, 1);

/** Text of an astronomical year as PostgreSQL prints it: 4+ digits, and " BC" for years <= 0. */
export function yearText(year: number): { digits: string; bc: boolean } {
  return year > 0 ? { digits: pad4(year), bc: false } : { digits: pad4(1 - year), bc: true };
}

/** Decimal value of `len` ASCII digits of `s` at `at`, or -1 when one is not a digit. */
export function readDigits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function pad4(n: number): string {
  return n >= 1000 ? String(n) : n >= 100 ? `0${n}` : n >= 10 ? `00${n}` : `000${n}`;
}

/**
 * Writes the int64 `a * k + b` (a an integer, 0 <= b < k <= 1e6) without a bigint: the
 * product can pass 2^53 (microseconds of years far from 2000), its 32-bit halves cannot.
 * Bytes are stored straight into the buffer after one ensure (w.i32 + w.u32 cost two ensures
 * and two checked Buffer writes: timestamptz binary COPY went from 0.197 to 0.173 us/value).
 */
export function writeInt64Scaled(w: ByteWriter, a: number, k: number, b: number): void {
  const ah = Math.floor(a / 4294967296);
  const al = a - ah * 4294967296;
  const c = al * k + b; // < 2^32 * 1e6: exact
  const cHi = Math.floor(c / 4294967296);
  const hi = ah * k + cHi; // int32 (two's complement via the shifts below)
  const lo = c - cHi * 4294967296; // uint32
  w.ensure(8);
  const buf = w.buf;
  const p = w.pos;
  buf[p] = hi >>> 24;
  buf[p + 1] = (hi >>> 16) & 255;
  buf[p + 2] = (hi >>> 8) & 255;
  buf[p + 3] = hi & 255;
  buf[p + 4] = lo >>> 24;
  buf[p + 5] = (lo >>> 16) & 255;
  buf[p + 6] = (lo >>> 8) & 255;
  buf[p + 7] = lo & 255;
  w.pos = p + 8;
}

/** int64 max / min, PostgreSQL's infinity and -infinity timestamps. */
export function writeInt64Max(w: ByteWriter): void {
  w.i32(0x7fffffff);
  w.u32(0xffffffff);
}

export function writeInt64Min(w: ByteWriter): void {
  w.i32(-0x80000000);
  w.u32(0);
}

/**
 * Writes "YYYY-MM-DD" of a day count since 1970-01-01 (years 1-9999) as ASCII at `p` of
 * `buf` (room checked by the caller) and returns the position after it. Digits are computed
 * arithmetically: building the string with pad4/pad2 and encoding it cost about 0.3 us/value.
 */
export function asciiDate(buf: Buffer, p: number, days: number): number {
  civilFromDays(days, ymdScratch);
  const y = ymdScratch[0] as number;
  const hi = (y / 100) | 0;
  const lo = y - hi * 100;
  p = ascii2(buf, p, hi);
  p = ascii2(buf, p, lo);
  buf[p++] = 45;
  p = ascii2(buf, p, ymdScratch[1] as number);
  buf[p++] = 45;
  return ascii2(buf, p, ymdScratch[2] as number);
}

const ymdScratch: number[] = [0, 0, 0];

/** Two ASCII digits of 0..99 at `p`; returns p + 2. */
export function ascii2(buf: Buffer, p: number, v: number): number {
  const t = (v / 10) | 0;
  buf[p] = 48 + t;
  buf[p + 1] = 48 + v - t * 10;
  return p + 2;
}

/** ".ffffff" of 1..999999 microseconds, trailing zeros dropped as PostgreSQL prints them. */
export function fraction(us: number): string {
  let digits = 6;
  while (us % 10 === 0) {
    us /= 10;
    digits--;
  }
  return `.${String(us).padStart(digits, '0')}`;
}
