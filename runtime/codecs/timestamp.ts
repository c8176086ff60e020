/** timestamp (without time zone) and timestamptz. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import {
  MAX_DAYS,
  MIN_DAYS,
  PG_EPOCH_DAYS,
  PG_MAX_DATE_DAYS,
  PG_MAX_TIMESTAMP_DAYS,
  PG_MIN_DAYS,
  PG_EPOCH_SECONDS,
  ascii2,
  asciiDate,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  fraction,
  pad2,
  readDigits,
  wallClockOffsetMs,
  writeInt64Max,
  writeInt64Min,
  writeInt64Scaled,
  yearText,
} from './calendar.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { checkPrecision } from './precision.ts';

/**
 * What a timestamp column accepts: a Date (timestamptz: its instant; timestamp: its wall clock
 * as node-postgres sends it, local time or UTC under `pg.defaults.parseInputDatesAsUTC`),
 * `Infinity`/`-Infinity` at run time (what node-postgres returns for infinite timestamps), or a string:
 * ISO 8601 `YYYY-MM-DD[T ]HH:MM:SS[.ffffff][Z|±HH[:MM[:SS]]]` or PostgreSQL's own output
 * (years of 4+ digits, ` BC`), "infinity" or "-infinity"; microseconds kept.
 */
export type TimestampInput = Date | string;

const enum Kind {
  Finite,
  PosInf,
  NegInf,
}

// Parsed value in module scratch state (no allocation per value): seconds since
// 2000-01-01 00:00:00 plus 0..999999 microseconds.
let kind = Kind.Finite;
let seconds = 0;
let micros = 0;
/**
 * Year, month, day, hour, minute, second of a string parsed without an offset, valid when
 * `civilValid`: writeText prints them instead of converting `seconds` back (saves
 * civilFromDays and the divisions: COPY text of timestamptz 0.25 → 0.18 us/value).
 */
let civilValid = false;
const civil = new Int32Array(6);

/** PostgreSQL's range: 4714-11-24 00:00:00 BC to 294276-12-31 23:59:59.999999 (UTC for timestamptz). */
const MIN_SECONDS = (PG_MIN_DAYS - PG_EPOCH_DAYS) * 86400;
const MAX_SECONDS = (PG_MAX_TIMESTAMP_DAYS - PG_EPOCH_DAYS) * 86400 + 86399;
const JULIAN_MIN_MONTH_DAYS = daysFromCivil(-4713, 11, 1);
/** Four-digit years: what the fast text writer prints. */
const FAST_MIN_SECONDS = (MIN_DAYS - PG_EPOCH_DAYS) * 86400;
const FAST_MAX_SECONDS = (MAX_DAYS - PG_EPOCH_DAYS) * 86400 + 86399;

/** 10^(6 - n): microseconds per unit of an n-digit fraction (a table, not a `10 ** x` call). */
const FRACTION_SCALE = [0, 100000, 10000, 1000, 100, 10, 1];

function syntaxError(v: string): CodecError {
  return new CodecError(
    `${describeValue(v)} is not a timestamp (expected YYYY-MM-DD HH:MM:SS[.ffffff][Z|±HH[:MM[:SS]]][ BC], "infinity" or "-infinity")`,
  );
}

/**
 * The fast path: "YYYY-MM-DD[T ]HH:MM:SS[.ffffff][Z|±HH[:MM]]" with a four-digit year from
 * 0001 and valid fields. Returns false for anything else (other forms and every error), which
 * parseGeneral then parses or names.
 */
function parseFast(v: string, withZone: boolean): boolean {
  const n = v.length;
  if (n < 19) return false;
  const sep = v.charCodeAt(10);
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32 && sep !== 116) || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) {
    return false;
  }
  const year = readDigits(v, 0, 4);
  const month = readDigits(v, 5, 2);
  const day = readDigits(v, 8, 2);
  const hour = readDigits(v, 11, 2);
  const minute = readDigits(v, 14, 2);
  const second = readDigits(v, 17, 2);
  if ((year | month | day | hour | minute | second) < 0) return false;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
  let i = 19;
  let us = 0;
  if (i < n && v.charCodeAt(i) === 46) {
    i++;
    const from = i;
    while (i < n) {
      const c = v.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    const len = i - from;
    if (len === 0 || len > 6) return false;
    us = readDigits(v, from, len) * (FRACTION_SCALE[len] as number);
  }
  let offset = 0;
  if (i < n) {
    const c = v.charCodeAt(i);
    if ((c === 90 || c === 122) && i + 1 === n) {
      // Z: UTC
    } else if (c === 43 || c === 45) {
      const oh = i + 3 <= n ? readDigits(v, i + 1, 2) : -1;
      let om = 0;
      if (i + 3 === n) {
        // ±HH
      } else if (i + 6 === n && v.charCodeAt(i + 3) === 58) {
        om = readDigits(v, i + 4, 2);
      } else {
        return false;
      }
      if (oh < 0 || om < 0 || oh > 15 || om > 59) return false;
      offset = (oh * 3600 + om * 60) * (c === 45 ? -1 : 1);
      if (!withZone && offset !== 0) return false;
    } else {
      return false;
    }
  }
  kind = Kind.Finite;
  seconds = (daysFromCivil(year, month, day) - PG_EPOCH_DAYS) * 86400 + hour * 3600 + minute * 60 + second - offset;
  micros = us;
  if (offset !== 0) {
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return false;
  }
  // Without an offset the fields are the UTC wall clock writeText prints.
  civilValid = offset === 0;
  civil[0] = year;
  civil[1] = month;
  civil[2] = day;
  civil[3] = hour;
  civil[4] = minute;
  civil[5] = second;
  return true;
}

/**
 * Every string form (the slow path): 4+ digit years, " BC", offsets with seconds or without a
 * colon, a date alone (midnight), 24:00:00; and the error for everything PostgreSQL refuses.
 */
const GENERAL =
  /^(\d{4,})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?(?:([Zz])|([+-])(\d\d)(?::?(\d\d)(?::?(\d\d))?)?)?( BC)?$/;

function parseGeneral(v: string, withZone: boolean): void {
  civilValid = false;
  if (v === 'infinity') {
    kind = Kind.PosInf;
    return;
  }
  if (v === '-infinity') {
    kind = Kind.NegInf;
    return;
  }
  const m = GENERAL.exec(v);
  if (m === null) throw syntaxError(v);
  const bc = m[13] !== undefined;
  const yearDigits = Number(m[1]);
  if (yearDigits < 1) throw new CodecError(`${describeValue(v)}: there is no year 0 (1 BC is followed by 1 AD)`);
  const year = bc ? 1 - yearDigits : yearDigits;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const frac = m[7] ?? '';
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new CodecError(`${describeValue(v)} is not a calendar date`);
  // 24:00:00 is the next midnight, as PostgreSQL reads it.
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0 || /[1-9]/.test(frac)))) {
    throw new CodecError(`${describeValue(v)} is not a time of day (00:00:00 to 24:00:00)`);
  }
  if (frac.length > 6) throw new CodecError(`${describeValue(v)} has more than 6 fractional digits (timestamps keep microseconds)`);
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    const os = m[12] === undefined ? 0 : Number(m[12]);
    if (oh > 15 || om > 59 || os > 59) throw new CodecError(`${describeValue(v)}: UTC offset out of range (±15:59:59 at most)`);
    offset = (oh * 3600 + om * 60 + os) * (m[9] === '-' ? -1 : 1);
    if (!withZone && offset !== 0) {
      throw new CodecError(`${describeValue(v)}: timestamp (without time zone) takes no UTC offset; pass the wall-clock time, or use timestamptz`);
    }
  }
  const days = daysFromCivil(year, month, day);
  kind = Kind.Finite;
  seconds = (days - PG_EPOCH_DAYS) * 86400 + hour * 3600 + minute * 60 + second - offset;
  micros = frac === '' ? 0 : Number(frac) * (FRACTION_SCALE[frac.length] as number);
  // PostgreSQL checks the date as written (from November 4714 BC: its Julian check is by
  // month), then the result.
  if (days < JULIAN_MIN_MONTH_DAYS || days > PG_MAX_DATE_DAYS) throw rangeError(v);
  checkRange(v);
}

function rangeError(v: unknown): CodecError {
  const shown = v instanceof Date ? v.toISOString() : describeValue(v);
  return new CodecError(`${shown} is outside PostgreSQL's timestamp range (4714-11-24 00:00:00 BC to 294276-12-31 23:59:59.999999 UTC)`);
}

function checkRange(v: unknown): void {
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw rangeError(v);
}

function parse(v: unknown, withZone: boolean): void {
  if (typeof v === 'string') {
    if (!parseFast(v, withZone)) parseGeneral(v, withZone);
  } else if (v instanceof Date) {
    civilValid = false;
    let ms = v.getTime();
    if (Number.isNaN(ms)) throw new CodecError('invalid Date');
    // timestamp keeps the wall clock node-postgres would send (local time by default).
    if (!withZone) ms += wallClockOffsetMs(v);
    const s = Math.floor(ms / 1000);
    kind = Kind.Finite;
    seconds = s - PG_EPOCH_SECONDS;
    micros = (ms - s * 1000) * 1000;
    checkRange(v);
  } else if (v === Infinity) {
    civilValid = false;
    kind = Kind.PosInf;
  } else if (v === -Infinity) {
    civilValid = false;
    kind = Kind.NegInf;
  } else {
    throw new CodecError(typeMismatch('a Date, a timestamp string, Infinity or -Infinity', v));
  }
}

const ymd: number[] = [0, 0, 0];

/** Canonical text of the parsed value: PostgreSQL reads back exactly the same microsecond. */
function formatText(withZone: boolean): string {
  if (kind === Kind.PosInf) return 'infinity';
  if (kind === Kind.NegInf) return '-infinity';
  const days = Math.floor(seconds / 86400);
  const rem = seconds - days * 86400;
  civilFromDays(days + PG_EPOCH_DAYS, ymd);
  const h = Math.floor(rem / 3600);
  const m = Math.floor((rem - h * 3600) / 60);
  const s = rem - h * 3600 - m * 60;
  const year = yearText(ymd[0] as number);
  let out = `${year.digits}-${pad2(ymd[1] as number)}-${pad2(ymd[2] as number)} ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (micros !== 0) out += fraction(micros);
  // An explicit +00: the session TimeZone cannot change what the server stores.
  if (withZone) out += '+00';
  return year.bc ? `${out} BC` : out;
}

function writeValue(w: ByteWriter): void {
  if (kind === Kind.PosInf) writeInt64Max(w);
  else if (kind === Kind.NegInf) writeInt64Min(w);
  else writeInt64Scaled(w, seconds, 1000000, micros);
}

/**
 * formatText's bytes written straight into the buffer (no strings): COPY text of timestamptz
 * went from 0.75 to 0.18 us/value (template strings, pad2/pad4, then UTF-8 encoding).
 */
function writeTextValue(w: ByteWriter, withZone: boolean): void {
  // "YYYY-MM-DD HH:MM:SS.ffffff+00" is 29 bytes.
  w.ensure(32);
  const buf = w.buf;
  let p = w.pos;
  if (kind !== Kind.Finite || seconds < FAST_MIN_SECONDS || seconds > FAST_MAX_SECONDS) {
    // Infinities, BC and 5+ digit years: the string formatter.
    w.utf8(formatText(withZone));
    return;
  }
  if (civilValid) {
    const y = civil[0] as number;
    const hi = (y / 100) | 0;
    p = ascii2(buf, p, hi);
    p = ascii2(buf, p, y - hi * 100);
    buf[p++] = 45;
    p = ascii2(buf, p, civil[1] as number);
    buf[p++] = 45;
    p = ascii2(buf, p, civil[2] as number);
    buf[p++] = 32;
    p = ascii2(buf, p, civil[3] as number);
    buf[p++] = 58;
    p = ascii2(buf, p, civil[4] as number);
    buf[p++] = 58;
    p = ascii2(buf, p, civil[5] as number);
  } else {
    const days = Math.floor(seconds / 86400);
    let rem = seconds - days * 86400;
    p = asciiDate(buf, p, days + PG_EPOCH_DAYS);
    const h = (rem / 3600) | 0;
    rem -= h * 3600;
    const m = (rem / 60) | 0;
    buf[p++] = 32;
    p = ascii2(buf, p, h);
    buf[p++] = 58;
    p = ascii2(buf, p, m);
    buf[p++] = 58;
    p = ascii2(buf, p, rem - m * 60);
  }
  if (micros !== 0) {
    // Six digits, then the trailing zeros dropped as PostgreSQL prints them.
    buf[p] = 46;
    let us = micros;
    for (let i = 6; i > 0; i--) {
      const q = (us / 10) | 0;
      buf[p + i] = 48 + us - q * 10;
      us = q;
    }
    p += 7;
    while (buf[p - 1] === 48) p--;
  }
  if (withZone) {
    buf[p] = 43;
    buf[p + 1] = 48;
    buf[p + 2] = 48;
    p += 3;
  }
  w.pos = p;
}

const SCALE = [1000000, 100000, 10000, 1000, 100, 10, 1];

/**
 * Rounds the parsed value to `p` fractional digits as AdjustTimestampForTypmod does: half away
 * from zero around 2000-01-01, so that our bytes are the ones the server stores and sends.
 */
function roundToPrecision(p: number, v: unknown): void {
  if (kind !== Kind.Finite) return;
  const scale = SCALE[p] as number;
  const half = scale / 2;
  const before = micros;
  if (seconds >= 0) {
    micros = Math.floor((micros + half) / scale) * scale;
    if (micros === 1000000) {
      micros = 0;
      seconds++;
    }
  } else if (micros > 0) {
    // value = (seconds + 1) s - neg us, neg in (0, 1e6]: round neg's magnitude.
    const neg = Math.floor((1000000 - micros + half) / scale) * scale;
    if (neg === 0) {
      micros = 0;
      seconds++;
    } else micros = 1000000 - neg;
    if (micros === 1000000) micros = 0;
  }
  if (micros !== before) {
    civilValid = false;
    checkRange(v);
  }
}

function timestampCodec(withZone: boolean, p: TypeParams): ColumnCodec {
  const precision = checkPrecision(withZone ? 'timestamptz' : 'timestamp', p.precision);
  const codec: ColumnCodec = {
    textIsCopySafe: true,
    toText(v) {
      parse(v, withZone);
      return formatText(withZone);
    },
    writeBinary(w, v) {
      parse(v, withZone);
      writeValue(w);
    },
    writeText(w, v) {
      parse(v, withZone);
      writeTextValue(w, withZone);
    },
  };
  if (precision === undefined) return codec;
  // timestamp(p): the server would round on every path too (timestamp_in, timestamp_recv and
  // the UNNEST cast apply the typmod); rounding here makes our bytes and keys the stored ones.
  return {
    textIsCopySafe: true,
    toText(v) {
      parse(v, withZone);
      roundToPrecision(precision, v);
      return formatText(withZone);
    },
    writeBinary(w, v) {
      parse(v, withZone);
      roundToPrecision(precision, v);
      writeValue(w);
    },
    writeText(w, v) {
      parse(v, withZone);
      roundToPrecision(precision, v);
      writeTextValue(w, withZone);
    },
  };
}

/**
 * timestamp(p) without time zone (p: fractional digits kept, 0..6, default 6): a Date gives its wall clock as node-postgres sends it (local
 * time, or UTC under pg.defaults.parseInputDatesAsUTC).
 */
export function timestamp(p: TypeParams = {}): ColumnCodec {
  return timestampCodec(false, p);
}

/** timestamptz(p): a string without an offset is taken as UTC (never the session TimeZone). */
export function timestamptz(p: TypeParams = {}): ColumnCodec {
  return timestampCodec(true, p);
}
