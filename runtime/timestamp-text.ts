/**
 * Timestamp text outside the codecs: partition bounds and periods, and the key values the
 * server prints in partition errors. One grammar, read in UTC (no offset means UTC, as
 * everywhere in pgtwin). The timestamp codecs keep their own parsers: they are hot paths and
 * check ranges this does not.
 */

/** The fields of `YYYY-MM[-DD[( |T)HH:MM[:SS[.ffffff]]]][ ][Z|±HH[[:]MM[[:]SS]]]`. */
export interface TimestampText {
  readonly year: number;
  /** Digits of the year as written (`0050` is 4). */
  readonly yearDigits: number;
  readonly month: number;
  readonly day?: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  /** Fraction digits after the seconds (`''` when none). */
  readonly fraction: string;
  /** The offset's seconds east of UTC; undefined when the text has no offset. */
  readonly offsetSeconds?: number;
}

const TIMESTAMP_TEXT = /^([0-9]{4,})-([0-9]{2})(?:-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?)?)?\s*(Z|[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?)?$/;

/** `s` (trimmed) read as `TimestampText`, or undefined when it does not match. */
export function parseTimestampText(s: string): TimestampText | undefined {
  const m = TIMESTAMP_TEXT.exec(s.trim());
  if (!m) return undefined;
  const num = (x: string | undefined): number | undefined => (x === undefined ? undefined : Number(x));
  const zone = m[8];
  let offsetSeconds: number | undefined;
  if (zone === 'Z') offsetSeconds = 0;
  else if (zone !== undefined) {
    const digits = zone.slice(1).replace(/:/g, '');
    offsetSeconds = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60 + Number(digits.slice(4, 6) || 0));
  }
  return {
    year: Number(m[1]),
    yearDigits: (m[1] as string).length,
    month: Number(m[2]),
    day: num(m[3]),
    hour: num(m[4]),
    minute: num(m[5]),
    second: num(m[6]),
    fraction: m[7] ?? '',
    offsetSeconds,
  };
}

/**
 * Epoch milliseconds of the wall clock `t` in UTC (its offset not applied), missing fields
 * their lowest value; the fraction is truncated to milliseconds when `withFraction`. Years
 * 0–99 are those years, not 1900–1999 as Date.UTC would take them.
 */
export function utcMillis(t: TimestampText, withFraction: boolean): number {
  const ms = withFraction && t.fraction !== '' ? Math.floor(Number(`0.${t.fraction}`) * 1000) : 0;
  return utcTime(t.year, t.month - 1, t.day ?? 1, t.hour ?? 0, t.minute ?? 0, t.second ?? 0, ms);
}

/** 400 Gregorian years, in milliseconds: exactly 146,097 days. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

/**
 * `Date.UTC` for every year: Date.UTC reads years 0–99 as 1900–1999, so those are computed 400
 * years later (same calendar) and moved back. Fields may overflow as with Date.UTC.
 */
export function utcTime(year: number, monthIndex: number, day = 1, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (year >= 0 && year < 100) return Date.UTC(year + 400, monthIndex, day, hour, minute, second, ms) - FOUR_CENTURIES_MS;
  return Date.UTC(year, monthIndex, day, hour, minute, second, ms);
}

/** Epoch microseconds of a full `YYYY-MM-DD HH:MM:SS[.ffffff][offset]` (no offset: UTC), else undefined. */
export function timestampTextMicros(s: string): bigint | undefined {
  const t = parseTimestampText(s);
  if (!t || t.second === undefined) return undefined;
  return BigInt(utcMillis(t, false)) * 1000n + BigInt(t.fraction.padEnd(6, '0') || '0') - BigInt(t.offsetSeconds ?? 0) * 1_000_000n;
}

/** `YYYY-MM-DD` alone: a date, which a timestamp bound reads as its midnight. */
export function isDateOnlyText(s: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s);
}
