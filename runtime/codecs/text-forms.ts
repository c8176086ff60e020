/**
 * PostgreSQL's text forms of values whose JS form is not a string (integers, floats,
 * booleans, bytea, arrays): what the server prints is valid input too. These are slow
 * paths, reached only after the JS form's check said no.
 */
import { CodecError } from '../codec.ts';
import { describeValue } from './describe-value.ts';

/** The whitespace the server's input functions skip around a value (isspace). */
const SPACE = '[ \\t\\n\\r\\v\\f]*';
const INT_TEXT = new RegExp(`^${SPACE}([+-]?)(\\d+)${SPACE}$`);

/** int2in/int4in/int8in: optional sign, digits, spaces around. Returns the canonical digits ("-12") or undefined. */
export function integerText(s: string): string | undefined {
  const m = INT_TEXT.exec(s);
  if (m === null) return undefined;
  const digits = (m[2] as string).replace(/^0+(?=\d)/, '');
  return m[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

const FLOAT_TEXT = new RegExp(`^${SPACE}([+-]?)(?:(\\d+\\.?\\d*|\\.\\d+)(?:[eE]([+-]?\\d+))?|(nan|inf|infinity))${SPACE}$`, 'i');

/**
 * float4in/float8in: a decimal, or NaN / Infinity / inf in any case, with a sign and spaces
 * around. `float4`: rounded once, straight to the nearest float32, as strtof does (rounding
 * to a double first could land on a float32 midpoint and round the other way).
 * Values that overflow or underflow to zero are out of range, as for the server.
 */
export function floatText(s: string, float4: boolean, typeName: string): number {
  const m = FLOAT_TEXT.exec(s);
  if (m === null) throw new CodecError(`${describeValue(s)} is not a ${typeName} (expected a decimal like "1.5e-3", "NaN", "Infinity" or "-Infinity")`);
  const negative = m[1] === '-';
  if (m[4] !== undefined) {
    if (m[4].toLowerCase() === 'nan') return Number.NaN;
    return negative ? -Infinity : Infinity;
  }
  const mantissa = m[2] as string;
  const exp10 = m[3] === undefined ? 0 : Number(m[3]);
  const d = Number(`${mantissa}e${exp10}`);
  const nonzero = /[1-9]/.test(mantissa);
  let x = d;
  if (float4) {
    x = Math.fround(d);
    if (x !== d && isFloat32Midpoint(d, x)) x = roundMidpoint(mantissa, exp10, d, x);
  }
  if (x === Infinity || (x === 0 && nonzero)) throw new CodecError(`${describeValue(s)} is out of range for type ${typeName}`);
  return negative ? -x : x;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 next to `f` (positive) in the direction of `d`. */
function neighbour(f: number, d: number): number {
  f32[0] = f;
  u32[0] = (u32[0] as number) + (d > f ? 1 : -1);
  return f32[0] as number;
}

function isFloat32Midpoint(d: number, f: number): boolean {
  const other = neighbour(f, d);
  return Number.isFinite(other) && d - f === other - d;
}

/** Exact rational of a double: [numerator, power of two]. */
function dyadic(d: number): [bigint, number] {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, d);
  const bits = b.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return e === 0 ? [frac, -1074] : [frac | (1n << 52n), e - 1075];
}

/** The double `d` is a float32 midpoint: compare the exact decimal with it, as one rounding would. */
function roundMidpoint(mantissa: string, exp10: number, d: number, f: number): number {
  const point = mantissa.indexOf('.');
  const digits = BigInt(mantissa.replace('.', '') || '0');
  const k = exp10 - (point === -1 ? 0 : mantissa.length - point - 1);
  const [num, e2] = dyadic(d);
  // digits * 10^k  vs  num * 2^e2, both sides scaled to integers.
  let left = digits * (k >= 0 ? 10n ** BigInt(k) : 1n);
  let right = num * (e2 >= 0 ? 2n ** BigInt(e2) : 1n);
  if (k < 0) right *= 10n ** BigInt(-k);
  if (e2 < 0) left *= 2n ** BigInt(-e2);
  if (left === right) return f; // exactly the midpoint: ties to even, as fround did
  // The decimal lies beyond d on the neighbour's side: it rounds to the neighbour.
  return left > right === d > f ? neighbour(f, d) : f;
}

/** boolin: t/true/y/yes/on/1 and f/false/n/no/off/0, prefixes of the words, any case, spaces around. */
export function booleanText(s: string): boolean | undefined {
  const t = s.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '').toLowerCase();
  if (t.length === 0) return undefined;
  if ('true'.startsWith(t) || 'yes'.startsWith(t) || t === 'on' || t === '1') return true;
  if ('false'.startsWith(t) || 'no'.startsWith(t) || (t.length >= 2 && 'off'.startsWith(t)) || t === '0') return false;
  return undefined;
}

/** bytea's hex form "\x0a0b" (spaces allowed between byte pairs, as byteain reads it). */
export function byteaHexText(s: string): Buffer | undefined {
  if (s.charCodeAt(0) !== 92 || s.charCodeAt(1) !== 120) return undefined;
  // Whitespace may stand only between pairs.
  const out: number[] = [];
  let i = 2;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    }
    const pair = s.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) return undefined;
    out.push(Number.parseInt(pair, 16));
    i += 2;
  }
  return Buffer.from(out);
}

/** An array literal read as array_in reads it: its dimensions and its elements in row-major order. */
export interface ArrayLiteral {
  /** One length per dimension; `[]` for the empty array `{}`. */
  readonly dims: number[];
  /** Element texts (quotes and backslash escapes resolved), `null` for an unquoted NULL. */
  readonly items: (string | null)[];
}

/** PostgreSQL's MAXDIM. */
const MAX_DIMENSIONS = 6;

/**
 * An array literal of any number of dimensions as array_in reads it ("{1,2,NULL}",
 * '{{"a b","c\\"d"},{e,f}}', "[1:2]={1,2}"): quoted elements, backslash escapes, unquoted
 * NULL (any case) as null, spaces around elements and braces skipped. `delimiter` is the
 * element type's typdelim as a char code (`;` for box, else `,`), between elements and
 * between sub-arrays alike. Refused as the server refuses them: ragged sub-arrays, empty
 * sub-arrays ("{{}}"), an element beside a sub-array, more than 6 dimensions, text after the
 * last "}". Dimension decorations are read; lower bounds other than 1 are refused, since
 * pgtwin stores lower bound 1.
 */
export function arrayLiteralText(s: string, delimiter = 44): ArrayLiteral {
  const n = s.length;
  let i = 0;
  const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
  const skipSpace = () => {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
  };
  const bad = (why: string) => new CodecError(`${describeValue(s)} is not an array literal (${why})`);
  const delimiterText = String.fromCharCode(delimiter);

  // Dimension decorations: "[1:2][1:3]=" (or "[2]"), read as array_in reads them (atoi).
  const declared: number[] = [];
  const bound = (): number => {
    const m = /^[+-]?\d*/.exec(s.slice(i)) as RegExpExecArray;
    const run = /^[\d+-]*/.exec(s.slice(i)) as RegExpExecArray;
    if (run[0].length === 0) throw bad('missing array dimension value');
    i += run[0].length;
    const v = Number.parseInt(m[0], 10);
    return Number.isNaN(v) ? 0 : v;
  };
  for (;;) {
    skipSpace();
    if (s.charCodeAt(i) !== 91) break;
    i++;
    if (declared.length >= MAX_DIMENSIONS) throw bad(`number of array dimensions (${declared.length + 1}) exceeds the maximum allowed (${MAX_DIMENSIONS})`);
    let lower = 1;
    let upper = bound();
    if (s.charCodeAt(i) === 58) {
      i++;
      lower = upper;
      upper = bound();
    }
    if (s.charCodeAt(i) !== 93) throw bad('missing "]" after array dimensions');
    i++;
    if (upper < lower) throw bad('upper bound cannot be less than lower bound');
    if (lower !== 1) throw bad(`dimension decorations with lower bound ${lower} are not supported: pgtwin stores arrays with lower bound 1`);
    declared.push(upper);
  }
  if (declared.length > 0) {
    if (s.charCodeAt(i) !== 61) throw bad('missing "=" after array dimensions');
    i++;
    skipSpace();
  }
  if (s.charCodeAt(i) !== 123) throw bad('expected "{"');

  const dims: number[] = [];
  const items: (string | null)[] = [];
  // The depth that holds elements (dims.length - 1 once known): every element sits there.
  let leafDepth = -1;
  const level = (depth: number): void => {
    if (depth >= MAX_DIMENSIONS) throw bad(`number of array dimensions (${depth + 1}) exceeds the maximum allowed (${MAX_DIMENSIONS})`);
    i++; // {
    skipSpace();
    let count = 0;
    if (s.charCodeAt(i) === 125) {
      // "{}" is the empty array, never a sub-array ("{{}}" is refused by the server too).
      if (depth > 0) throw bad('unexpected "}": an empty sub-array');
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (i >= n) throw bad('unexpected end of input');
      let c = s.charCodeAt(i);
      if (c === 123) {
        if (leafDepth === depth) throw bad('unexpected "{": a sub-array beside an element');
        level(depth + 1);
      } else {
        if (leafDepth === -1) leafDepth = depth;
        else if (leafDepth !== depth) throw bad('unexpected array element: an element beside a sub-array');
        let text = '';
        // Quotes or a backslash escape make the element a string, even when it spells NULL.
        let quoted = false;
        if (c === 34) {
          quoted = true;
          i++;
          for (;;) {
            if (i >= n) throw bad('unterminated quoted element');
            c = s.charCodeAt(i);
            if (c === 34) {
              i++;
              break;
            }
            if (c === 92) i++;
            if (i >= n) throw bad('unterminated quoted element');
            text += s[i];
            i++;
          }
        } else {
          // Unquoted: up to the delimiter or "}", trailing unescaped spaces dropped.
          let keep = 0;
          while (i < n) {
            c = s.charCodeAt(i);
            if (c === delimiter || c === 125) break;
            if (c === 34 || c === 123) throw bad('unexpected quote or brace inside an element');
            if (c === 92) {
              i++;
              if (i >= n) throw bad('unexpected end of input');
              quoted = true;
              text += s[i];
              keep = text.length;
            } else {
              text += s[i];
              if (!isSpace(c)) keep = text.length;
            }
            i++;
          }
          text = text.slice(0, keep);
          if (text.length === 0) throw bad(`unexpected "${i < n ? s[i] : 'end of input'}": an empty element`);
        }
        items.push(!quoted && text.length === 4 && text.toUpperCase() === 'NULL' ? null : text);
      }
      count++;
      skipSpace();
      if (i >= n) throw bad('unexpected end of input');
      c = s.charCodeAt(i);
      i++;
      if (c === 125) break;
      if (c !== delimiter) throw bad(`expected "${delimiterText}" or "}", found "${s[i - 1]}"`);
    }
    const expected = dims[depth];
    if (expected === undefined) dims[depth] = count;
    else if (expected !== count) throw bad(`multidimensional arrays must have sub-arrays with matching dimensions: ${count} elements where the first sub-array has ${expected}`);
  };
  level(0);
  skipSpace();
  if (i !== n) throw bad('junk after closing right brace');
  if (declared.length > 0 && (declared.length !== dims.length || declared.some((d, k) => d !== dims[k]))) {
    throw bad(`specified array dimensions ${declared.join('x')} do not match array contents (${dims.length ? dims.join('x') : 'empty'})`);
  }
  return { dims, items };
}
