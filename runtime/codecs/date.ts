/** date. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { MAX_DAYS, MIN_DAYS, PG_EPOCH_DAYS, asciiDate, civilFromDays, daysFromCivil, daysInMonth, pad2, pad4, readDigits } from './calendar.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/** What a `date` column accepts: a Date (its UTC calendar date), "YYYY-MM-DD", "infinity" or "-infinity". */
export type DateInput = Date | string;

const INFINITY_DAYS = 2147483647;
const NEG_INFINITY_DAYS = -2147483648;
const ymd: number[] = [0, 0, 0];

/** Days since 1970-01-01, or ±2^31 sentinels for ±infinity. */
function toDays(v: unknown): number {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw new CodecError('invalid Date');
    const days = Math.floor(ms / 86400000);
    if (days < MIN_DAYS || days > MAX_DAYS) throw new CodecError(`${v.toISOString()} is outside the supported years 0001-9999`);
    return days;
  }
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a Date or a "YYYY-MM-DD" string', v));
  if (v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    const y = readDigits(v, 0, 4);
    const m = readDigits(v, 5, 2);
    const d = readDigits(v, 8, 2);
    if (y >= 0 && m >= 0 && d >= 0) {
      if (y < 1) throw new CodecError(`${describeValue(v)}: year must be from 0001 to 9999`);
      if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new CodecError(`${describeValue(v)} is not a calendar date`);
      return daysFromCivil(y, m, d);
    }
  }
  if (v === 'infinity') return INFINITY_DAYS;
  if (v === '-infinity') return NEG_INFINITY_DAYS;
  throw new CodecError(`${describeValue(v)} is not a date (expected "YYYY-MM-DD", "infinity" or "-infinity")`);
}

export function date(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      const days = toDays(v);
      if (typeof v === 'string') return v; // validated: already canonical
      civilFromDays(days, ymd);
      return `${pad4(ymd[0] as number)}-${pad2(ymd[1] as number)}-${pad2(ymd[2] as number)}`;
    },
    writeBinary(w: ByteWriter, v: unknown) {
      const days = toDays(v);
      w.i32(days === INFINITY_DAYS || days === NEG_INFINITY_DAYS ? days : days - PG_EPOCH_DAYS);
    },
    // toText's bytes without building a string: a validated string is copied as is (it is
    // canonical ASCII), a Date's date is written digit by digit.
    writeText(w: ByteWriter, v: unknown) {
      const days = toDays(v);
      if (typeof v === 'string') w.utf8(v);
      else {
        w.ensure(10);
        w.pos = asciiDate(w.buf, w.pos, days);
      }
    },
  };
}
