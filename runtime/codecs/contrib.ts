/**
 * Types of PostgreSQL's contrib extensions (shipped with every PostgreSQL, created with
 * `CREATE EXTENSION`): citext, hstore, ltree, lquery, ltxtquery, cube (binary formats read from their
 * *_send/*_recv in contrib/), and the isn types and seg, which have no send/recv and travel
 * as text only (the type table marks them `copy: 'text'`).
 */
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import type { ByteWriter } from '../byte-writer.ts';
import { describeValue } from './describe-value.ts';
import { checkString } from './strings.ts';

/** citext: case-insensitive text. Insert: a `string`. */
export type CitextInput = string;

/** ASCII case folding: what citext's lower() does in every locale, so two keys equal here are equal on the server. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function citext(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: checkString,
    // citextsend/citextrecv are textsend/textrecv: the UTF-8 bytes.
    writeBinary: (w, v) => w.utf8(checkString(v)),
    writeText: (w, v) => w.copyText(checkString(v)),
    // Equality ignores case; folding only ASCII never merges two values the server keeps apart
    // (non-ASCII case pairs stay two keys here, and the server decides).
    writeKey: (w, v) => w.utf8(asciiLower(checkString(v))),
  };
}

/** hstore: keys to text values or NULL. Insert: an object or Map of them, or hstore's text (`"a"=>"1", "b"=>NULL`). */
export type HstoreInput = Readonly<Record<string, string | null>> | ReadonlyMap<string, string | null> | string;
/** What node-postgres returns for hstore without a parser: its text. */
export type HstoreOutput = string;

/** hstore's limits (contrib/hstore/hstore.h: HSTORE_MAX_KEY_LEN, HSTORE_MAX_VALUE_LEN), in bytes. */
const HSTORE_MAX_KEY_BYTES = 0x3fff_ffff;
const HSTORE_MAX_VALUE_BYTES = 0x3fff_ffff;

/** Parses hstore's text form as hstore_in does (quoted or bare words, `NULL` bare is NULL); duplicate keys are left to hstorePairs. */
export function parseHstoreText(text: string): [string, string | null][] {
  const pairs: [string, string | null][] = [];
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && /\s/.test(text[i] as string)) i++;
  };
  const fail = (what: string): never => {
    throw new CodecError(`${describeValue(text)} is not hstore text: ${what} at character ${i + 1}`);
  };
  const word = (): { s: string; quoted: boolean } => {
    ws();
    let s = '';
    if (text[i] === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\') i++;
        if (i >= n) break;
        s += text[i++];
      }
      if (i >= n) fail('an unterminated quoted string');
      i++;
      return { s, quoted: true };
    }
    while (i < n && !/[\s=,>]/.test(text[i] as string)) {
      if (text[i] === '\\') i++;
      if (i >= n) fail('a backslash at the end');
      s += text[i++];
    }
    if (s === '') fail('a missing key or value');
    return { s, quoted: false };
  };
  ws();
  if (i >= n) return pairs;
  for (;;) {
    const key = word();
    ws();
    if (text[i] !== '=' || text[i + 1] !== '>') fail('no "=>" after a key');
    i += 2;
    const value = word();
    pairs.push([key.s, !value.quoted && value.s.toLowerCase() === 'null' ? null : value.s]);
    ws();
    if (i >= n) break;
    if (text[i] !== ',') fail('no "," between pairs');
    i++;
  }
  return pairs;
}

function hstorePairs(v: unknown): [string, string | null][] {
  let pairs: [string, string | null][];
  if (typeof v === 'string') pairs = parseHstoreText(checkString(v));
  else if (v instanceof Map) pairs = [...(v as Map<unknown, unknown>).entries()] as [string, string | null][];
  else if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array)) pairs = Object.entries(v) as [string, string | null][];
  else throw new CodecError(`${describeValue(v)} is not an hstore: give an object of string (or null) values, a Map, or hstore text`);
  const seen = new Map<string, string | null>();
  const out: [string, string | null][] = [];
  for (const [k, val] of pairs) {
    if (typeof k !== 'string') throw new CodecError(`hstore key ${describeValue(k)} is not a string`);
    checkString(k);
    if (k.length * 3 > HSTORE_MAX_KEY_BYTES && Buffer.byteLength(k) > HSTORE_MAX_KEY_BYTES) throw new CodecError(`hstore key ${describeValue(k)} is longer than hstore's limit`);
    if (val !== null) {
      if (typeof val !== 'string') throw new CodecError(`hstore value of key ${describeValue(k)} is ${describeValue(val)}, not a string or null`);
      checkString(val);
      if (val.length * 3 > HSTORE_MAX_VALUE_BYTES && Buffer.byteLength(val) > HSTORE_MAX_VALUE_BYTES) throw new CodecError(`hstore value of key ${describeValue(k)} is longer than hstore's limit`);
    }
    // hstore_in keeps one of duplicate keys, picked by its (unstable) qsort: the first of up to 6
    // pairs, another one in longer text. One value per key is kept here; different ones are refused.
    if (seen.has(k)) {
      const kept = seen.get(k) as string | null;
      if (kept !== val) throw new CodecError(`hstore text has key ${describeValue(k)} twice, with values ${describeValue(kept)} and ${describeValue(val)}: PostgreSQL keeps one of them, which one is not defined; give each key once`);
      continue;
    }
    seen.set(k, val);
    out.push([k, val]);
  }
  return out;
}

const hstoreQuote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

function hstoreText(v: unknown): string {
  return hstorePairs(v)
    .map(([k, val]) => `${hstoreQuote(k)}=>${val === null ? 'NULL' : hstoreQuote(val)}`)
    .join(', ');
}

export function hstore(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: hstoreText,
    writeText: (w, v) => w.copyText(hstoreText(v)),
    // hstore_send/hstore_recv: int32 count, then per pair int32 key length + key bytes and
    // int32 value length (-1: NULL) + value bytes. Sent in hstore's own order (key length, then
    // bytes), as hstore_send sends a stored value: the bytes are canonical, so they are the key too.
    writeBinary: (w, v) => writeHstore(w, v),
    writeKey: (w, v) => writeHstore(w, v),
    elementFromText: (text) => text,
  };
}

/** UTF-8 byte order of two strings: code point order (UTF-16 units order differs only past surrogates). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function writeHstore(w: ByteWriter, v: unknown): void {
  // Byte lengths computed once; strings written straight into the writer (measured: Buffer.from
  // per key and value made this about 8 us a row for three pairs).
  const pairs = hstorePairs(v).map(([k, val]) => ({ k, kb: Buffer.byteLength(k), val }));
  pairs.sort((a, b) => a.kb - b.kb || compareCodePoints(a.k, b.k));
  w.i32(pairs.length);
  for (const p of pairs) {
    w.i32(p.kb);
    w.utf8(p.k);
    if (p.val === null) w.i32(-1);
    else {
      w.i32(Buffer.byteLength(p.val));
      w.utf8(p.val);
    }
  }
}

/** ltree: a label path (`top.science.astronomy`). Insert: its text; labels are checked by the server. */
export type LtreeInput = string;
/** lquery: a pattern over label paths (`*.science.*{1,2}`). Insert: its text, checked by the server. */
export type LqueryInput = string;

/** ltree, lquery and ltxtquery: ltree_send/lquery_send/ltxtq_send write a version byte (1) and the text; recv parses it as the text input does. */
function versionedText(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: checkString,
    writeBinary(w, v) {
      const s = checkString(v);
      w.u8(1);
      w.utf8(s);
    },
    writeText: (w, v) => w.copyText(checkString(v)),
    // ltree's text has one spelling per value: its bytes are the key.
    writeKey: (w, v) => w.utf8(checkString(v)),
  };
}

export function ltree(): ColumnCodec {
  return versionedText();
}

export function lquery(): ColumnCodec {
  return versionedText();
}

/** ltxtquery: a full-text-like query over labels (`Europe & Russia*@ & !Transportation`). Insert: its text, checked by the server. */
export type LtxtqueryInput = string;

/** ltxtq_send/ltxtq_recv use the same version byte and text as ltree's; the server respaces the text (`a|b` is stored as `a | b`). */
export function ltxtquery(): ColumnCodec {
  return versionedText();
}

/** cube: a point (`[1, 2]`) or a box given by two opposite corners (`[[1, 2], [3, 4]]`), or cube's text (`(1, 2),(3, 4)`). */
export type CubeInput = readonly number[] | readonly [readonly number[], readonly number[]] | string;

/** contrib/cube/cubedata.h */
const CUBE_MAX_DIM = 100;
const POINT_BIT = 0x8000_0000;

interface Cube {
  readonly ll: readonly number[];
  /** null: a point (cube_in stores a box with equal corners as a point too). */
  readonly ur: readonly number[] | null;
}

/** A number of cube's text as cube's scanner reads it (then float8in): digits with optional sign, point, exponent; inf, infinity, nan. */
const CUBE_NUMBER = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])$/;

function cubeNumber(s: string, text: string): number {
  const t = s.trim();
  if (!CUBE_NUMBER.test(t)) throw new CodecError(`${describeValue(text)} is not cube text: ${describeValue(t)} is not a number`);
  const bare = t.replace(/^[+-]/, '').toLowerCase();
  if (bare === 'nan') return NaN;
  if (bare === 'inf' || bare === 'infinity') return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

function parseCubeText(text: string): Cube {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1).trim();
  const lists: string[] = [];
  if (s.startsWith('(')) {
    const re = /\(([^()]*)\)\s*(,\s*|$)/y;
    let m: RegExpExecArray | null;
    while (re.lastIndex < s.length && (m = re.exec(s))) lists.push(m[1] as string);
    if (re.lastIndex !== s.length || lists.length === 0 || lists.length > 2) throw new CodecError(`${describeValue(text)} is not cube text: expected (x, ...) or (x, ...),(y, ...)`);
  } else {
    lists.push(s);
  }
  const coords = lists.map((l) => l.split(',').map((x) => cubeNumber(x, text)));
  return cubeOf(coords[0] as number[], (coords[1] as number[] | undefined) ?? null, text);
}

function cubeOf(ll: readonly number[], ur: readonly number[] | null, shown: unknown): Cube {
  if (ll.length === 0) throw new CodecError(`${describeValue(shown)} is not a cube: it has no coordinates`);
  if (ll.length > CUBE_MAX_DIM) throw new CodecError(`${describeValue(shown)} has ${ll.length} dimensions; a cube has at most ${CUBE_MAX_DIM}`);
  if (ur !== null && ur.length !== ll.length) throw new CodecError(`${describeValue(shown)}: the two corners have different dimensions (${ll.length} and ${ur.length})`);
  // cube_in makes a box whose corners are the same point a point (compared as float8: -0 = 0).
  const point = ur === null || ll.every((x, i) => x === ur[i]);
  return { ll, ur: point ? null : ur };
}

function toCube(v: unknown): Cube {
  if (typeof v === 'string') return parseCubeText(checkString(v));
  if (!Array.isArray(v)) throw new CodecError(`${describeValue(v)} is not a cube: give [x, ...] (a point), [[x, ...], [y, ...]] (two corners) or cube text`);
  const isNum = (x: unknown) => typeof x === 'number';
  if (v.length > 0 && v.every(isNum)) return cubeOf(v as number[], null, v);
  if (v.length === 2 && v.every((c) => Array.isArray(c) && c.every(isNum))) return cubeOf(v[0] as number[], v[1] as number[], v);
  throw new CodecError(`${describeValue(v)} is not a cube: give [x, ...] (a point), [[x, ...], [y, ...]] (two corners) or cube text`);
}

/** float8out's spelling, which cube_in reads back as the same double (shortest round trip, as extra_float_digits=1). */
function float8Text(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return Object.is(x, -0) ? '-0' : String(x);
}

function cubeText(v: unknown): string {
  const c = toCube(v);
  const list = (xs: readonly number[]) => `(${xs.map(float8Text).join(', ')})`;
  return c.ur === null ? list(c.ll) : `${list(c.ll)},${list(c.ur)}`;
}

export function cube(): ColumnCodec {
  return {
    textIsCopySafe: true,
    valuesAreArrays: true,
    toText: cubeText,
    writeBinary(w, v) {
      // cube_send/cube_recv: int32 header (dimensions, POINT_BIT for a point), then the
      // lower-left corner's float8s and, for a box, the upper-right's.
      const c = toCube(v);
      w.i32((c.ll.length | (c.ur === null ? POINT_BIT : 0)) | 0);
      for (const x of c.ll) w.f64(x);
      if (c.ur !== null) for (const x of c.ur) w.f64(x);
    },
    writeKey(w, v) {
      // cube_cmp_v0 compares per dimension the lower and the upper value of the two corners.
      const c = toCube(v);
      const ur = c.ur ?? c.ll;
      w.i32(c.ll.length);
      c.ll.forEach((x, i) => {
        const y = ur[i] as number;
        w.f64(Math.min(x, y) + 0);
        w.f64(Math.max(x, y) + 0);
      });
    },
  };
}

/** The isn types (ean13, isbn, isbn13, ismn, ismn13, issn, issn13, upc): their text, checked (check digit, prefix) by the server. */
export type IsnInput = string;
/** seg: a floating-point interval (`1.5 .. 2.5`, `5(+-)0.3`, `<1`), as text parsed by the server. */
export type SegInput = string;

/** isn and seg have no binary send/recv: text COPY and text[] UNNEST only (the type table says `copy: 'text'`). */
function textOnly(type: string): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: checkString,
    writeBinary: () => {
      throw new CodecError(`${type} has no binary form in PostgreSQL (no send/receive functions): use format 'text'`);
    },
    writeText: (w, v) => w.copyText(checkString(v)),
    // Equality of the text: another spelling of one value is another key here (the server then decides).
    writeKey: (w, v) => w.utf8(checkString(v)),
  };
}

export const ean13 = (): ColumnCodec => textOnly('ean13');
export const isbn = (): ColumnCodec => textOnly('isbn');
export const isbn13 = (): ColumnCodec => textOnly('isbn13');
export const ismn = (): ColumnCodec => textOnly('ismn');
export const ismn13 = (): ColumnCodec => textOnly('ismn13');
export const issn = (): ColumnCodec => textOnly('issn');
export const issn13 = (): ColumnCodec => textOnly('issn13');
export const upc = (): ColumnCodec => textOnly('upc');
export const seg = (): ColumnCodec => textOnly('seg');
