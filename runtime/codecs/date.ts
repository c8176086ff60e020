/** date. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import {
  MAX_DAYS,
  MIN_DAYS,
  PG_EPOCH_DAYS,
  PG_MAX_DATE_DAYS,
  PG_MIN_DAYS,
  asciiDate,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  pad2,
  readDigits,
  wallClockOffsetMs,
  yearText,
} from './calendar.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/**
 * What a `date` column accepts: a Date (its calendar date as node-postgres sends it: local
 * time, or UTC under `pg.defaults.parseInputDatesAsUTC`), `Infinity`/`-Infinity` (what
 * node-postgres returns for infinite dates), or a string: "YYYY-MM-DD" (4+ digit years,
 * optionally " BC", as PostgreSQL prints them), "infinity" or "-infinity".
 */
export type DateInput = Date | string;

const INFINITY_DAYS = 2147483647;
const NEG_INFINITY_DAYS = -2147483648;
const ymd: number[] = [0, 0, 0];

const GENERAL = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/;

function rangeError(v: unknown): CodecError {
  return new CodecError(`${v instanceof Date ? v.toISOString() : describeValue(v)} is outside PostgreSQL's date range (4714-11-24 BC to 5874897-12-31)`);
}

/** Every string form but the fast one (slow path), and the errors. */
function parseGeneral(v: string): number {
  if (v === 'infinity') return INFINITY_DAYS;
  if (v === '-infinity') return NEG_INFINITY_DAYS;
  const m = GENERAL.exec(v);
  if (m === null) throw new CodecError(`${describeValue(v)} is not a date (expected "YYYY-MM-DD" with an optional " BC", "infinity" or "-infinity")`);
  const digits = Number(m[1]);
  if (digits < 1) throw new CodecError(`${describeValue(v)}: there is no year 0 (1 BC is followed by 1 AD)`);
  const y = m[4] === undefined ? digits : 1 - digits;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new CodecError(`${describeValue(v)} is not a calendar date`);
  const days = daysFromCivil(y, mo, d);
  if (days < PG_MIN_DAYS || days > PG_MAX_DATE_DAYS) throw rangeError(v);
  return days;
}

/** Days since 1970-01-01, or ±2^31 sentinels for ±infinity. */
function toDays(v: unknown): number {
  if (typeof v === 'string') {
    if (v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
      const y = readDigits(v, 0, 4);
      const m = readDigits(v, 5, 2);
      const d = readDigits(v, 8, 2);
      if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
    }
    return parseGeneral(v);
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw new CodecError('invalid Date');
    // The calendar date node-postgres would send (local time by default).
    const days = Math.floor((ms + wallClockOffsetMs(v)) / 86400000);
    if (days < PG_MIN_DAYS || days > PG_MAX_DATE_DAYS) throw rangeError(v);
    return days;
  }
  if (v === Infinity) return INFINITY_DAYS;
  if (v === -Infinity) return NEG_INFINITY_DAYS;
  throw new CodecError(typeMismatch('a Date, a "YYYY-MM-DD" string, Infinity or -Infinity', v));
}

/** PostgreSQL's text of a finite day count (since 1970-01-01), as date_out writes it under DateStyle ISO. */
export function formatDays(days: number): string {
  civilFromDays(days, ymd);
  const year = yearText(ymd[0] as number);
  const out = `${year.digits}-${pad2(ymd[1] as number)}-${pad2(ymd[2] as number)}`;
  return year.bc ? `${out} BC` : out;
}

export function date(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      const days = toDays(v);
      if (days === INFINITY_DAYS) return 'infinity';
      if (days === NEG_INFINITY_DAYS) return '-infinity';
      if (typeof v === 'string') return v; // validated: the server reads it as the same date
      return formatDays(days);
    },
    writeBinary(w: ByteWriter, v: unknown) {
      const days = toDays(v);
      w.i32(days === INFINITY_DAYS || days === NEG_INFINITY_DAYS ? days : days - PG_EPOCH_DAYS);
    },
    // toText's bytes without building a string: a validated string is copied as is (it is
    // ASCII), a Date's date is written digit by digit when its year has four digits.
    writeText(w: ByteWriter, v: unknown) {
      const days = toDays(v);
      if (typeof v === 'string') w.utf8(v);
      else if (days === INFINITY_DAYS) w.utf8('infinity');
      else if (days === NEG_INFINITY_DAYS) w.utf8('-infinity');
      else if (days >= MIN_DAYS && days <= MAX_DAYS) {
        w.ensure(10);
        w.pos = asciiDate(w.buf, w.pos, days);
      } else w.utf8(formatDays(days));
    },
  };
}
