/** text, varchar(n), char(n) (bpchar). */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

// String.prototype.isWellFormed (ES2024) is declared in byte-writer.ts.

/** Validates a string PostgreSQL can store as text: no NUL, well-formed UTF-16 (UTF-8 encodable). */
export function checkString(v: unknown): string {
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a string', v));
  // Native scans: faster than one JS char loop doing both checks.
  if (v.indexOf('\u0000') !== -1) throw new CodecError(`${describeValue(v)} contains a NUL character, which PostgreSQL text cannot store`);
  if (!v.isWellFormed()) throw new CodecError(`${describeValue(v)} contains a lone UTF-16 surrogate (not valid Unicode)`);
  return v;
}

/** Number of Unicode code points (what PostgreSQL counts as characters in UTF-8). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A well-formed string: each low surrogate closes a pair counted twice by .length.
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/**
 * Validates and writes a text value in one pass (ByteWriter#text, with the measured reason);
 * `checkString` runs only to name what is wrong.
 */
function writeString(w: ByteWriter, v: unknown, copyText: boolean): void {
  if (typeof v === 'string' && w.text(v, copyText)) return;
  checkString(v);
  // Not reached: checkString throws for every value ByteWriter#text refuses.
  throw new CodecError(`${describeValue(v)} cannot be stored as text`);
}

export function text(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: checkString,
    writeBinary: (w: ByteWriter, v: unknown) => writeString(w, v, false),
    writeText: (w: ByteWriter, v: unknown) => writeString(w, v, true),
  };
}

function checkLength(p: TypeParams, typeName: string): number | undefined {
  const n = p.length;
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1 || n > 10485760) throw new CodecError(`${typeName}(${n}): length must be an integer from 1 to 10485760`);
  return n;
}

/**
 * A text codec that also applies a length rule to strings: `fit` returns the string to send
 * (itself, or cut) or throws; other values are refused by checkString.
 */
function lengthCheckedText(fit: (s: string) => string): ColumnCodec {
  const check = (v: unknown): unknown => (typeof v === 'string' ? fit(v) : v);
  return {
    textIsCopySafe: false,
    toText: (v) => checkString(check(v)),
    writeBinary: (w, v) => writeString(w, check(v), false),
    writeText: (w, v) => writeString(w, check(v), true),
  };
}

/**
 * The string cut to `max` characters when it is longer and only spaces are beyond them (as
 * PostgreSQL does for varchar(n) and char(n), per the SQL standard); otherwise an error.
 * Cut here rather than by the server so that duplicate keys are found before sending.
 */
function fitLength(s: string, max: number, typeName: string): string {
  // .length is an upper bound of the code point count: count only when it can matter.
  if (s.length <= max) return s;
  const n = codePointLength(s);
  if (n <= max) return s;
  // The excess characters are the last n - max code units when they are all spaces.
  const cut = s.length - (n - max);
  for (let i = cut; i < s.length; i++) {
    if (s.charCodeAt(i) !== 32) throw new CodecError(`${describeValue(s)} is longer than ${max} characters, too long for ${typeName}(${max})`);
  }
  return s.slice(0, cut);
}

/** varchar(n): beyond n characters only spaces may follow, and they are cut. */
export function varchar(p: TypeParams): ColumnCodec {
  const max = checkLength(p, 'varchar');
  if (max === undefined) return { ...text() };
  return lengthCheckedText((s) => fitLength(s, max, 'varchar'));
}

/**
 * char(n): like varchar(n), characters beyond n are allowed only when they are all spaces
 * (cut); the server pads shorter values identically on text and binary input.
 */
export function bpchar(p: TypeParams): ColumnCodec {
  const max = checkLength(p, 'char') ?? 1;
  const codec = lengthCheckedText((s) => fitLength(s, max, 'char'));
  return {
    ...codec,
    // char(n) compares without its trailing spaces ('USD' = 'USD ').
    writeKey: (w, v) => w.utf8(codec.toText(v).replace(/ +$/, '')),
  };
}
