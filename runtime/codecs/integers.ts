/** smallint, integer, bigint. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { integerText } from './text-forms.ts';

/** What a `bigint` column accepts: a bigint, a decimal integer string, or a safe-integer number. */
export type Int8Input = bigint | string | number;

function checkInt(value: unknown, min: number, max: number, typeName: string): number {
  const v = typeof value === 'number' ? value : intFromText(value, typeName);
  // One comparison pair rejects NaN too (every comparison with NaN is false).
  if (!(v >= min && v <= max)) {
    throw new CodecError(Number.isNaN(v) ? `NaN is not a ${typeName}` : `${describeValue(v)} is out of range for ${typeName}`);
  }
  if (!Number.isInteger(v)) throw new CodecError(`${describeValue(v)} is not an integer`);
  return v;
}

export function int2(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => String(checkInt(v, -32768, 32767, 'smallint')),
    writeBinary: (w, v) => w.i16(checkInt(v, -32768, 32767, 'smallint')),
    writeText: (w, v) => w.asciiInt(checkInt(v, -32768, 32767, 'smallint')),
  };
}

export function int4(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => String(checkInt(v, -2147483648, 2147483647, 'integer')),
    writeBinary: (w, v) => w.i32(checkInt(v, -2147483648, 2147483647, 'integer')),
    writeText: (w, v) => w.asciiInt(checkInt(v, -2147483648, 2147483647, 'integer')),
  };
}

/** PostgreSQL's text of an integer ("-12", " +7 "): the slow path after the number check. */
function intFromText(v: unknown, typeName: string): number {
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a number or an integer string', v));
  const digits = integerText(v);
  if (digits === undefined) throw new CodecError(`${describeValue(v)} is not a ${typeName} (expected an integer)`);
  // Long digit strings become large numbers, which the range check refuses.
  return Number(digits);
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function checkBigint(v: bigint): bigint {
  if (v < INT8_MIN || v > INT8_MAX) throw new CodecError(`${v} is out of range for bigint`);
  return v;
}

/** Length of the digits of `s` when it matches /^-?\d+$/, else -1 (a loop: cheaper than a regex here). */
function integerDigits(s: string): number {
  const n = s.length;
  let i = n > 0 && s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return s.charCodeAt(0) === 45 ? n - 1 : n;
}

function checkInt8Number(v: number): number {
  if (Number.isSafeInteger(v)) return v;
  if (Number.isInteger(v)) throw new CodecError(`${describeValue(v)} is beyond 2^53, pass a bigint or string`);
  throw new CodecError(`${describeValue(v)} is not an integer`);
}

/** int8in's other spellings (spaces around, "+"), as canonical digits; the slow path. */
function int8Respelled(v: string): string {
  const canonical = integerText(v);
  if (canonical === undefined) throw new CodecError(`${describeValue(v)} is not an integer (expected /^-?\\d+$/)`);
  return canonical;
}

function int8String(v: string): string {
  const digits = integerDigits(v);
  if (digits < 0) return int8String(int8Respelled(v));
  // Up to 18 digits always fit; beyond that, compare exactly.
  if (digits > 18) checkBigint(BigInt(v));
  return v;
}

function int8ToText(v: unknown): string {
  if (typeof v === 'string') return int8String(v);
  if (typeof v === 'bigint') return String(checkBigint(v));
  if (typeof v === 'number') return String(checkInt8Number(v));
  throw new CodecError(typeMismatch('a bigint, an integer string or a safe-integer number', v));
}

function int8WriteBinary(w: ByteWriter, v: unknown): void {
  if (typeof v === 'number') {
    w.i64n(checkInt8Number(v));
  } else if (typeof v === 'bigint') {
    w.i64(checkBigint(v));
  } else if (typeof v === 'string') {
    let s: string = v;
    let digits = integerDigits(s);
    if (digits < 0) {
      s = int8Respelled(s);
      digits = integerDigits(s);
    }
    // Up to 15 digits a number is exact and skips allocating a bigint.
    if (digits <= 15) w.i64n(Number(s));
    else w.i64(checkBigint(BigInt(s)));
  } else {
    throw new CodecError(typeMismatch('a bigint, an integer string or a safe-integer number', v));
  }
}

function int8WriteText(w: ByteWriter, v: unknown): void {
  if (typeof v === 'number') w.asciiInt(checkInt8Number(v));
  else w.utf8(int8ToText(v));
}

export function int8(): ColumnCodec {
  return { textIsCopySafe: true, toText: int8ToText, writeBinary: int8WriteBinary, writeText: int8WriteText };
}
