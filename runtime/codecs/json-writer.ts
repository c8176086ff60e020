/**
 * A JSON serialiser that writes UTF-8 straight into the COPY output buffer, producing exactly
 * the bytes of `JSON.stringify(value)` for the values pgtwin accepts, and refusing what
 * JSON.stringify would silently change (NaN/±Infinity → null, undefined and functions dropped
 * or nulled, Map/Set → {}, bigint, invalid Dates, cycles).
 *
 * Why not JSON.stringify: serialising, validating and then encoding the string took about two
 * thirds of the binary encoder's time on the benchmark row (0.93 us of 2.77 us per row);
 * writing bytes directly, with validation folded into the same walk, needs no intermediate
 * string and no second pass (figures in docs/benchmarks.md).
 */
import { types } from 'node:util';
import { HEX, utf8Bmp, utf8Pair, utf8Write, type ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import { describeValue } from './describe-value.ts';

export const MAX_JSON_DEPTH = 1000;

/**
 * How the bytes are written: jsonb refuses NUL and lone surrogates; COPY text doubles every
 * backslash; `sortKeys` writes object keys in sorted order (a canonical form for keys: jsonb
 * compares objects regardless of key order).
 */
export interface JsonWriteMode {
  readonly jsonb: boolean;
  readonly copyText: boolean;
  readonly sortKeys?: boolean;
}

/** JSON.stringify's short escapes, by char code (0: none, use \u00XX). */
const SHORT_ESCAPE = new Uint8Array(128);
SHORT_ESCAPE[8] = 98; // \b
SHORT_ESCAPE[9] = 116; // \t
SHORT_ESCAPE[10] = 110; // \n
SHORT_ESCAPE[12] = 102; // \f
SHORT_ESCAPE[13] = 114; // \r
SHORT_ESCAPE[34] = 34; // \"
SHORT_ESCAPE[92] = 92; // \\
/** 1: the ASCII character is written as is inside a JSON string. */
const PLAIN = new Uint8Array(128);
for (let c = 32; c < 128; c++) PLAIN[c] = c === 34 || c === 92 ? 0 : 1;

/**
 * From this length a string is tested natively for characters to escape and, without any,
 * encoded natively: a JS loop over ~110 characters measured 0.6 us, native calls 0.16 us;
 * under ~30 characters the loop is as fast.
 */
const LONG_STRING = 32;
/** What a JSON string must escape, and surrogates (a pair is fine, but the loop sorts that out). */
const JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const objectProto = Object.prototype;
const isArray = Array.isArray;

/** Writes `value` as JSON.stringify would. Throws CodecError for what it would change or cannot write. */
export function writeJson(w: ByteWriter, value: unknown, mode: JsonWriteMode): void {
  try {
    writeValue(w, value, '', 0, mode);
  } catch (e) {
    // A toJSON, a getter or a boxed value's valueOf that throws: the row encoder reports
    // CodecErrors with table, column and row, so every failure here becomes one.
    if (e instanceof CodecError) throw e;
    throw new CodecError(`cannot serialise as JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * One value; `key` is its property name or array index, passed to toJSON as JSON.stringify
 * passes it. (An undefined object property never gets here: writeObject skips it.)
 */
function writeValue(w: ByteWriter, v: unknown, key: string | number, depth: number, mode: JsonWriteMode): void {
  switch (typeof v) {
    case 'string':
      writeString(w, v, mode);
      return;
    case 'number':
      writeNumber(w, v);
      return;
    case 'boolean':
      w.utf8(v ? 'true' : 'false');
      return;
    case 'object':
      if (v === null) {
        w.utf8('null');
        return;
      }
      if (depth >= MAX_JSON_DEPTH) throw new CodecError(`JSON value is nested deeper than ${MAX_JSON_DEPTH} levels (or is circular)`);
      if (isArray(v)) {
        // An array may have a toJSON of its own (a subclass, or an own property).
        if (typeof (v as { toJSON?: unknown }).toJSON === 'function') writeOther(w, v, key, depth, mode, true);
        else writeArray(w, v, depth, mode);
        return;
      }
      {
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto === objectProto || proto === null) writeObject(w, v as Record<string, unknown>, depth, mode);
        else writeOther(w, v, key, depth, mode, true);
      }
      return;
    case 'undefined':
      throw new CodecError('undefined is not a JSON value');
    default:
      throw new CodecError(`${describeValue(v)} is not a JSON value`);
  }
}

function writeArray(w: ByteWriter, a: readonly unknown[], depth: number, mode: JsonWriteMode): void {
  w.ensure(2);
  w.buf[w.pos++] = 91; // [
  const n = a.length;
  for (let i = 0; i < n; i++) {
    if (i > 0) w.u8(44);
    writeValue(w, a[i], i, depth + 1, mode);
  }
  w.u8(93); // ]
}

function writeObject(w: ByteWriter, o: Record<string, unknown>, depth: number, mode: JsonWriteMode): void {
  w.u8(123); // {
  let first = true;
  if (mode.sortKeys) {
    // A key's canonical form: the own keys in code unit order (JSON.stringify's is insertion order).
    for (const k of Object.keys(o).sort()) first = writeMember(w, k, o[k], first, depth, mode);
  } else {
    // for-in visits own keys in JSON.stringify's order (Object.keys order) without allocating
    // a key array; inherited enumerable keys (a polluted Object.prototype) are skipped.
    for (const k in o) if (Object.hasOwn(o, k)) first = writeMember(w, k, o[k], first, depth, mode);
  }
  w.u8(125); // }
}

/** `"key":value`, after a comma unless `first`; returns whether the next member is still first. */
function writeMember(w: ByteWriter, k: string, v: unknown, first: boolean, depth: number, mode: JsonWriteMode): boolean {
  // An undefined property is absent, as in JSON.stringify.
  if (v === undefined) return first;
  if (!first) w.u8(44);
  writeString(w, k, mode);
  w.u8(58); // :
  writeValue(w, v, k, depth + 1, mode);
  return false;
}

/**
 * Objects that are not plain: Dates, objects with toJSON (Buffer, Decimal.js...), boxed
 * primitives, class instances; in JSON.stringify's order (SerializeJSONProperty): toJSON
 * first, then boxed primitives unwrapped, then the object's own enumerable properties.
 * `callToJSON` is false for what a toJSON returned, which JSON.stringify serialises
 * without calling toJSON on it again.
 */
function writeOther(w: ByteWriter, v: object, key: string | number, depth: number, mode: JsonWriteMode, callToJSON: boolean): void {
  const toJSON = callToJSON ? (v as { toJSON?: unknown }).toJSON : undefined;
  if (typeof toJSON === 'function') {
    if (v instanceof Date && Number.isNaN(v.getTime())) throw new CodecError('invalid Date inside a JSON value');
    // JsonText's toJSON throws: raw JSON can only be a whole column value.
    const replaced: unknown = toJSON.call(v, String(key));
    if (replaced === undefined) throw new CodecError(`toJSON() of ${describeValue(v)} returned undefined, not a JSON value`);
    if (typeof replaced !== 'object' || replaced === null) {
      writeValue(w, replaced, key, depth, mode);
      return;
    }
    if (depth + 1 >= MAX_JSON_DEPTH) throw new CodecError(`JSON value is nested deeper than ${MAX_JSON_DEPTH} levels (or is circular)`);
    if (isArray(replaced)) writeArray(w, replaced, depth + 1, mode);
    else {
      const proto: unknown = Object.getPrototypeOf(replaced);
      if (proto === objectProto || proto === null) writeObject(w, replaced as Record<string, unknown>, depth + 1, mode);
      else writeOther(w, replaced, key, depth + 1, mode, false);
    }
    return;
  }
  // Boxed primitives, by their internal slot as the spec says (not by prototype): Number and
  // String through ToNumber / ToString, which may call the object's own valueOf / toString.
  if (types.isNumberObject(v)) writeNumber(w, Number(v));
  else if (types.isStringObject(v)) writeString(w, String(v), mode);
  else if (types.isBooleanObject(v)) w.utf8(Boolean.prototype.valueOf.call(v) ? 'true' : 'false');
  else if (types.isBigIntObject(v)) throw new CodecError('a boxed BigInt is not a JSON value');
  else if (v instanceof Map || v instanceof Set) throw new CodecError(`a ${v.constructor.name} is not a JSON value (JSON.stringify makes it {})`);
  // A class instance: its own enumerable properties, as JSON.stringify writes them.
  else writeObject(w, v as Record<string, unknown>, depth, mode);
}

function writeNumber(w: ByteWriter, v: number): void {
  if (!Number.isFinite(v)) throw new CodecError(`${describeValue(v)} is not a JSON number`);
  // Safe integers (most JSON numbers) as digits without a string; -0 prints as 0 in both.
  if (Number.isSafeInteger(v)) w.asciiInt(v);
  else w.utf8(String(v));
}

/**
 * A JSON string literal, escaped as JSON.stringify escapes it (\" \\ \b \t \n \f \r, other
 * control characters and lone surrogates as lowercase \u00XX / \uDXXX), UTF-8 encoded.
 */
function writeString(w: ByteWriter, s: string, mode: JsonWriteMode): void {
  const n = s.length;
  // Worst case: \u00XX (6 bytes, 7 with the COPY text backslash doubled) per UTF-16 unit.
  w.ensure(n * 7 + 2);
  const buf = w.buf;
  let p = w.pos;
  buf[p++] = 34;
  // A long string with nothing to escape: one native test and Buffer's native encoder (see
  // LONG_STRING). Nothing to escape for JSON means nothing for COPY text either.
  if (n >= LONG_STRING && !JSON_ESCAPE.test(s)) {
    p += utf8Write(buf, s, p);
    buf[p++] = 34;
    w.pos = p;
    return;
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (PLAIN[c] === 1) {
        buf[p++] = c;
        continue;
      }
      if (c === 0 && mode.jsonb) throw new CodecError('jsonb cannot store the NUL character (\\u0000) in a string');
      buf[p++] = 92;
      if (mode.copyText) buf[p++] = 92;
      const e = SHORT_ESCAPE[c] as number;
      if (e !== 0) {
        buf[p++] = e;
        // \\ is two backslashes: both doubled for COPY text.
        if (e === 92 && mode.copyText) buf[p++] = 92;
      } else {
        buf[p++] = 117; // u
        buf[p++] = 48;
        buf[p++] = 48;
        buf[p++] = HEX[c >> 4] as number;
        buf[p++] = HEX[c & 15] as number;
      }
    } else if (c < 0xd800 || c > 0xdfff) {
      p = utf8Bmp(buf, p, c);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        p = utf8Pair(buf, p, c, d);
        i++;
      } else {
        // A lone surrogate: JSON.stringify writes it as an escape; jsonb cannot store it.
        if (mode.jsonb) throw new CodecError('jsonb cannot store a lone UTF-16 surrogate in a string');
        buf[p++] = 92;
        if (mode.copyText) buf[p++] = 92;
        buf[p++] = 117;
        buf[p++] = HEX[c >> 12] as number;
        buf[p++] = HEX[(c >> 8) & 15] as number;
        buf[p++] = HEX[(c >> 4) & 15] as number;
        buf[p++] = HEX[c & 15] as number;
      }
    }
  }
  buf[p++] = 34;
  w.pos = p;
}

/**
 * Text that is JSON already (`jsonText()`): no NUL character, no lone surrogate (checked and
 * written by ByteWriter#text, as text columns are), and for jsonb no \u0000 escape (jsonb
 * cannot store it; escaped surrogate pairs such as "\ud83d\ude00" are valid and left to
 * the server, as is the syntax).
 */
export function writeRawJson(w: ByteWriter, s: string, mode: JsonWriteMode): void {
  if (mode.jsonb) checkNoNulEscape(s);
  if (w.text(s, mode.copyText)) return;
  throw new CodecError(s.indexOf('\u0000') !== -1 ? 'JSON text contains a NUL character' : 'JSON text contains a lone UTF-16 surrogate (not valid Unicode)');
}

/** A \u0000 escape counts only after an even run of backslashes ("\\u0000" is a backslash, then "u0000"). */
function checkNoNulEscape(s: string): void {
  let at = s.indexOf('\\u0000');
  while (at !== -1) {
    let run = 0;
    for (let j = at - 1; j >= 0 && s.charCodeAt(j) === 92; j--) run++;
    if (run % 2 === 0) throw new CodecError('jsonb cannot store the NUL character (\\u0000) in a string');
    at = s.indexOf('\\u0000', at + 1);
  }
}
