/** time and timetz (time of day, with a UTC offset for timetz). */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { fraction, pad2 } from './calendar.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { checkPrecision, roundMicros } from './precision.ts';

/**
 * What a `time` column accepts: a string "HH:MM[:SS[.ffffff]]" (PostgreSQL's output, which
 * node-postgres returns as is; 24:00:00 is the end of the day), or another form time_in reads
 * (see TIME below). Not a Date: node-postgres's
 * own Date parameter is refused by the server for time and timetz.
 */
export type TimeInput = string;

/**
 * What a `timetz` column accepts: "HH:MM[:SS[.ffffff]][Z|±HH[:MM[:SS]]]" (PostgreSQL's output;
 * without an offset the time is UTC, never the session TimeZone). Not a Date (see TimeInput).
 */
export type TimetzInput = string;

/** 10^(6 - n): microseconds per unit of an n-digit fraction. */
const FRACTION_SCALE = [0, 100000, 10000, 1000, 100, 10, 1];

// Parsed value in module scratch state: microseconds since midnight, and the UTC offset in
// seconds east of Greenwich (timetz_send writes its negation, seconds west).
let micros = 0;
let offset = 0;

/**
 * The forms time_in/timetz_in read that pgtwin takes (DecodeTimeOnly): surrounding spaces, an
 * ISO `T` before the time, one- or two-digit fields, a leap second (`12:00:60` is 12:01:00), any
 * number of fractional digits (`12:00:00.` too), AM/PM, and a zone as `Z`, `UTC`, `GMT` or a
 * numeric offset `±H[H][:M[M][:S[S]]]` or run together as `±HHMM` (3 or 4 digits). Not taken:
 * a date before the time, `040506`, `allballs`, zone names (PST, Europe/Paris): pass HH:MM:SS.
 */
const TIME = /^\s*(?:[Tt]\s*)?(\d\d?):(\d\d?)(?::(\d\d?)(?:\.(\d*))?)?\s*(?:([AaPp])[Mm]\s*)?(?:(?:([Zz]|[Uu][Tt][Cc]|[Gg][Mm][Tt])|([+-])(?:(\d\d?)(?::(\d\d?)(?::(\d\d?))?)?|(\d{3,4})))\s*)?$/;

function syntaxError(v: string, withZone: boolean): CodecError {
  return new CodecError(`${describeValue(v)} is not a ${withZone ? 'timetz' : 'time'} (expected HH:MM[:SS[.ffffff]]${withZone ? '[±HH[:MM[:SS]]]' : ''})`);
}

/** C's rint(): round half to even (PostgreSQL rounds a fraction's microseconds so). */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Microseconds of the digits after the point, as ParseFractionalSecond: rint(strtod("0.digits") * 1e6). */
function fractionMicros(frac: string): number {
  if (frac === '') return 0;
  // Up to 6 digits the product is exact after rounding; past 6 the double rounding is the server's.
  if (frac.length <= 6) return Number(frac) * (FRACTION_SCALE[frac.length] as number);
  return rint(Number(`0.${frac}`) * 1_000_000);
}

function parseString(v: string, withZone: boolean): void {
  const m = TIME.exec(v);
  if (m === null) throw syntaxError(v, withZone);
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  const fsec = fractionMicros(m[4] ?? '');
  if (m[5] !== undefined) {
    if (hour > 12) throw new CodecError(`${describeValue(v)} is not a time of day (an hour past 12 with AM/PM)`);
    if (m[5] === 'A' || m[5] === 'a') hour = hour === 12 ? 0 : hour;
    else if (hour !== 12) hour += 12;
  }
  // time_overflows(): each field in range (a leap second 60, a rounded fraction up to a whole
  // second), then the total at most 24:00:00.
  micros = ((hour * 60 + minute) * 60 + second) * 1_000_000 + fsec;
  if (hour > 24 || minute > 59 || second > 60 || micros > 86_400_000_000) {
    throw new CodecError(`${describeValue(v)} is not a time of day (00:00:00 to 24:00:00)`);
  }
  offset = 0;
  if (m[7] !== undefined) {
    // DecodeTimezone: 3 or 4 digits run together are HHMM.
    const run = m[11];
    const oh = run === undefined ? Number(m[8]) : Math.floor(Number(run) / 100);
    const om = run === undefined ? (m[9] === undefined ? 0 : Number(m[9])) : Number(run) % 100;
    const os = m[10] === undefined ? 0 : Number(m[10]);
    if (oh > 15 || om > 59 || os > 59) throw new CodecError(`${describeValue(v)}: UTC offset out of range (±15:59:59 at most)`);
    offset = (oh * 3600 + om * 60 + os) * (m[7] === '-' ? -1 : 1);
    if (!withZone && offset !== 0) {
      throw new CodecError(`${describeValue(v)}: time (without time zone) takes no UTC offset; pass the wall-clock time, or use timetz`);
    }
  }
}

function parse(v: unknown, withZone: boolean, precision: number | undefined): void {
  parseValue(v, withZone);
  if (precision !== undefined) micros = roundMicros(micros, precision);
}

function parseValue(v: unknown, withZone: boolean): void {
  if (typeof v === 'string') parseString(v, withZone);
  else if (v instanceof Date) {
    // node-postgres sends a Date as "2021-03-04T05:06:07.890+01:00", which time_in and
    // timetz_in refuse; which wall clock and offset a Date means is the caller's choice.
    throw new CodecError(`a Date is not a time of day (the server refuses node-postgres's Date for ${withZone ? 'timetz' : 'time'} too); pass "HH:MM:SS[.ffffff]"${withZone ? ' with an offset' : ''}`);
  } else {
    throw new CodecError(typeMismatch(`a ${withZone ? 'timetz' : 'time'} string`, v));
  }
}

function formatTime(us: number): string {
  const s = Math.floor(us / 1_000_000);
  const rest = us - s * 1_000_000;
  const h = Math.floor(s / 3600);
  const mi = Math.floor((s - h * 3600) / 60);
  const out = `${pad2(h)}:${pad2(mi)}:${pad2(s - h * 3600 - mi * 60)}`;
  return rest === 0 ? out : out + fraction(rest);
}

/** "+HH[:MM[:SS]]" as PostgreSQL prints an offset. */
function formatOffset(east: number): string {
  const a = Math.abs(east);
  const h = Math.floor(a / 3600);
  const mi = Math.floor((a - h * 3600) / 60);
  const s = a - h * 3600 - mi * 60;
  let out = `${east < 0 ? '-' : '+'}${pad2(h)}`;
  if (mi !== 0 || s !== 0) out += `:${pad2(mi)}`;
  if (s !== 0) out += `:${pad2(s)}`;
  return out;
}

function timeCodec(withZone: boolean, p: TypeParams): ColumnCodec {
  const precision = checkPrecision(withZone ? 'timetz' : 'time', p.precision);
  return {
    textIsCopySafe: true,
    // Rounded to the precision as the server would round on every path (time_in, time_recv and
    // the UNNEST cast apply the typmod), so our bytes are the stored ones.
    toText(v) {
      parse(v, withZone, precision);
      const t = formatTime(micros);
      return withZone ? t + formatOffset(offset) : t;
    },
    writeBinary(w: ByteWriter, v: unknown) {
      parse(v, withZone, precision);
      w.i64n(micros);
      if (withZone) w.i32(offset === 0 ? 0 : -offset);
    },
  };
}

/** time(p): microseconds since midnight, 00:00:00 to 24:00:00. */
export function time(p: TypeParams = {}): ColumnCodec {
  return timeCodec(false, p);
}

/** timetz(p): time of day and UTC offset; timetz_send's zone is seconds WEST of Greenwich. */
export function timetz(p: TypeParams = {}): ColumnCodec {
  return timeCodec(true, p);
}
