/**
 * numeric and numeric(p, s), mirroring PostgreSQL's numeric_in / apply_typmod / numeric_send.
 */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/**
 * What a `numeric` column accepts: a decimal string (exponent, NaN, ±Infinity, numeric_in's
 * other spellings), a bigint, or a number (its shortest decimal, String(n), as node-postgres sends it).
 */
export type NumericInput = string | bigint | number;

// Limits of PostgreSQL's storage format (value overflows numeric format beyond them).
const MAX_DSCALE = 0x3fff;
const MAX_INTEGER_DIGITS = 131072;

const enum Kind {
  Finite,
  NaN,
  PosInf,
  NegInf,
}

/**
 * The parsed value, kept in module scratch state (no allocation per value; encoders are not
 * reentrant). Finite value = 0.d[0]d[1]...d[nd-1] × 10^pointPos, d[0] ≠ 0, d[nd-1] ≠ 0;
 * zero has nd = 0. `dscale` is the display scale PostgreSQL would keep.
 */
let digits = new Uint8Array(64);
let nd = 0;
let pointPos = 0;
let dscale = 0;
let negative = false;
let kind = Kind.Finite;

function invalid(v: unknown): CodecError {
  return new CodecError(`${describeValue(v)} is not a valid numeric (expected a decimal string like "-12.345" or "1.5e3", "NaN", "Infinity" or "-Infinity")`);
}

/**
 * Parses a decimal string into the scratch state; throws on bad syntax.
 * The digit array is grown once from the string length (a string holds at most that many
 * digits) and the integer and fraction parts are scanned by two tight loops: the former
 * per-character loop with a pushDigit call and point/leading-zero branches took 0.185 us per
 * bench amount (1-30 digits), this one 0.156 us.
 */
function parseDecimal(s: string): boolean {
  const n = s.length;
  if (digits.length < n) digits = new Uint8Array(Math.max(n, digits.length * 2));
  const d = digits;
  let i = 0;
  negative = false;
  kind = Kind.Finite;
  let c = n > 0 ? s.charCodeAt(0) : 0;
  if (c === 45 || c === 43) {
    negative = c === 45;
    i = 1;
  }
  // Integer part: leading zeros skipped, then digits (`>>> 0` folds c < 0 into c > 9).
  const intStart = i;
  while (i < n && s.charCodeAt(i) === 48) i++;
  let leadingZeros = i - intStart;
  let k = 0;
  for (; i < n; i++) {
    c = (s.charCodeAt(i) - 48) >>> 0;
    if (c > 9) break;
    d[k++] = c;
  }
  const intLen = i - intStart;
  let fracLen = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    const fracStart = ++i;
    if (k === 0) {
      // 0.000123: zeros before the first significant digit shift the point, not digits.
      while (i < n && s.charCodeAt(i) === 48) i++;
      leadingZeros += i - fracStart;
    }
    for (; i < n; i++) {
      c = (s.charCodeAt(i) - 48) >>> 0;
      if (c > 9) break;
      d[k++] = c;
    }
    fracLen = i - fracStart;
  }
  nd = k;
  if (intLen + fracLen === 0) {
    if (s === 'NaN') kind = Kind.NaN;
    else if (s === 'Infinity' || s === '+Infinity') kind = Kind.PosInf;
    else if (s === '-Infinity') kind = Kind.NegInf;
    else return false;
    return true;
  }
  let exp = 0;
  if (i < n) {
    c = s.charCodeAt(i);
    if (c !== 101 && c !== 69) return false;
    i++;
    let expNeg = false;
    c = i < n ? s.charCodeAt(i) : 0;
    if (c === 45 || c === 43) {
      expNeg = c === 45;
      i++;
    }
    if (i === n) return false;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) return false;
      exp = exp * 10 + (c - 48);
      // Far beyond every limit below; stops the loop from overflowing.
      if (exp > 1e9) throw new CodecError(`${describeValue(s)} overflows numeric format`);
    }
    if (expNeg) exp = -exp;
  }
  while (nd > 0 && d[nd - 1] === 0) nd--;
  pointPos = intLen - leadingZeros + exp;
  dscale = Math.max(0, fracLen - exp);
  return true;
}

/** numeric_in's whitespace (isspace): skipped before and after the value. */
const SPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;
/** NaN takes no sign. */
const SPECIALS: Record<string, Kind> = { nan: Kind.NaN, infinity: Kind.PosInf, '+infinity': Kind.PosInf, inf: Kind.PosInf, '+inf': Kind.PosInf, '-infinity': Kind.NegInf, '-inf': Kind.NegInf };

/**
 * The spellings numeric_in also takes (the slow path, after parseDecimal said no): spaces
 * around the value, and NaN / Infinity / inf in any case. Returns false when the string is
 * not a numeric at all.
 */
function parseSpelled(s: string): boolean {
  const t = s.replace(SPACE, '');
  const special = SPECIALS[t.toLowerCase()];
  if (special !== undefined) {
    setSpecial(special);
    return true;
  }
  return t !== s && t.length > 0 && parseDecimal(t);
}

/** Rounds the scratch value half away from zero to `scale` decimal places (scale may be negative). */
function roundTo(scale: number): void {
  const keep = pointPos + scale;
  if (keep >= nd) return;
  if (keep < 0) {
    nd = 0;
    return;
  }
  const up = (digits[keep] as number) >= 5;
  nd = keep;
  if (up) {
    let i = nd - 1;
    while (i >= 0 && digits[i] === 9) i--;
    if (i < 0) {
      // 99.96 → 100.0: the carry adds a digit in front.
      digits[0] = 1;
      nd = 1;
      pointPos++;
    } else {
      digits[i] = (digits[i] as number) + 1;
      nd = i + 1;
    }
  }
  while (nd > 0 && digits[nd - 1] === 0) nd--;
}

/** Checks storage limits, then applies a column's precision and scale like apply_typmod. */
function finish(v: unknown, precision: number | undefined, scale: number): void {
  if (kind !== Kind.Finite) {
    if (precision !== undefined && kind !== Kind.NaN) {
      throw new CodecError(`${describeValue(v)}: numeric(${precision},${scale}) cannot hold an infinite value`);
    }
    return;
  }
  // Checked before rounding, as numeric_in does: "1e-20000" overflows even for numeric(5,2).
  if (dscale > MAX_DSCALE || (nd > 0 && pointPos > MAX_INTEGER_DIGITS)) {
    throw new CodecError(
      `${describeValue(v)} overflows numeric format (at most ${MAX_INTEGER_DIGITS} digits before the decimal point and ${MAX_DSCALE} after)`,
    );
  }
  if (precision !== undefined) {
    roundTo(scale);
    dscale = scale < 0 ? 0 : scale;
    if (nd > 0 && pointPos > precision - scale) {
      throw new CodecError(
        `${describeValue(v)} overflows numeric(${precision},${scale}): it must round to an absolute value below 10^${precision - scale}`,
      );
    }
  }
  // "-0" and values rounded to zero are stored unsigned.
  if (nd === 0) {
    // Zero: no sign, and no leftover exponent ("0e2" would otherwise print as "00").
    negative = false;
    pointPos = 0;
  }
}

function setSpecial(k: Kind): void {
  kind = k;
  nd = 0;
  negative = false;
}

/** True after a string other than the canonical spelling parseDecimal reads: toText rebuilds it. */
let respelled = false;

function parse(v: unknown, precision: number | undefined, scale: number): void {
  respelled = false;
  if (typeof v === 'string') {
    if (!parseDecimal(v)) {
      if (!parseSpelled(v)) throw invalid(v);
      respelled = true;
    }
  }
  else if (typeof v === 'bigint') parseDecimal(String(v));
  else if (typeof v === 'number') {
    // Any other number is its shortest decimal (String()), as node-postgres sends it: the
    // same JS value stores the same row whichever way it is written (node-postgres returns
    // numeric[] elements as such numbers).
    if (Number.isFinite(v)) parseDecimal(String(v));
    else if (Number.isNaN(v)) setSpecial(Kind.NaN);
    else if (v === Infinity) setSpecial(Kind.PosInf);
    else setSpecial(Kind.NegInf);
  } else throw new CodecError(typeMismatch('a decimal string, a bigint or a number', v));
  finish(v, precision, scale);
}

function zeros(n: number): string {
  return n > 0 ? '0'.repeat(n) : '';
}

function digitString(from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(48 + (digits[i] as number));
  return s;
}

/** The scratch value as PostgreSQL prints it (same digits and display scale). */
function formatText(): string {
  if (kind === Kind.NaN) return 'NaN';
  if (kind === Kind.PosInf) return 'Infinity';
  if (kind === Kind.NegInf) return '-Infinity';
  let out = negative ? '-' : '';
  if (pointPos <= 0) {
    out += '0';
    if (dscale > 0) out += '.' + zeros(-pointPos) + digitString(0, nd) + zeros(dscale + pointPos - nd);
    return out;
  }
  if (nd <= pointPos) {
    out += digitString(0, nd) + zeros(pointPos - nd);
    if (dscale > 0) out += '.' + zeros(dscale);
    return out;
  }
  out += digitString(0, pointPos);
  out += '.' + digitString(pointPos, nd) + zeros(dscale - (nd - pointPos));
  return out;
}

const NUMERIC_POS = 0x0000;
const NUMERIC_NEG = 0x4000;
const NUMERIC_NAN = 0xc000;
const NUMERIC_PINF = 0xd000;
const NUMERIC_NINF = 0xf000;

/** numeric_send: ndigits, weight, sign, dscale, then base-10000 digits. */
function writeValue(w: ByteWriter): void {
  if (kind !== Kind.Finite) {
    w.ensure(8);
    w.i16(0);
    w.i16(0);
    w.u16(kind === Kind.NaN ? NUMERIC_NAN : kind === Kind.PosInf ? NUMERIC_PINF : NUMERIC_NINF);
    // The server sends dscale 32 for ±Infinity (bits of its special-value header read as a
    // dscale) and 0 for NaN; it ignores the field on receive. Copied for byte equality.
    w.i16(kind === Kind.NaN ? 0 : 32);
    return;
  }
  if (nd === 0) {
    w.i16(0);
    w.i16(0);
    w.u16(NUMERIC_POS);
    w.i16(dscale);
    return;
  }
  // Digit i has decimal exponent pointPos-1-i; base-10000 group = floor(exponent / 4).
  const weight = Math.floor((pointPos - 1) / 4);
  const lastGroup = Math.floor((pointPos - nd) / 4);
  const ngroups = weight - lastGroup + 1;
  w.ensure(8 + ngroups * 2);
  const buf = w.buf;
  let p = w.pos;
  // numeric_recv reads ndigits as uint16 (up to 36864 groups fit, beyond int16).
  buf[p] = ngroups >>> 8;
  buf[p + 1] = ngroups & 255;
  buf[p + 2] = (weight >>> 8) & 255;
  buf[p + 3] = weight & 255;
  buf[p + 4] = negative ? NUMERIC_NEG >>> 8 : NUMERIC_POS >>> 8;
  buf[p + 5] = 0;
  buf[p + 6] = dscale >>> 8;
  buf[p + 7] = dscale & 255;
  p += 8;
  // Header and groups are stored straight into the buffer, full groups 4 digits at a time
  // (w.i16 per group is an ensure and a checked Buffer write each, and the per-digit loop
  // branched on the place): with parseDecimal's scan, numeric(39,0) binary COPY went from
  // 0.33 to 0.20 us/value. The first group holds the 1-4 digits before a multiple of 4 from
  // the point, the last one is padded on the right (1.5 → groups 1, 5000).
  const d = digits;
  let i = 0;
  let group = 0;
  // Past nd the digits are zeros ("12300000" is 0.123 × 10^8: one group, 1230).
  for (const head = pointPos - weight * 4; i < head; i++) group = group * 10 + (i < nd ? (d[i] as number) : 0);
  buf[p++] = group >>> 8;
  buf[p++] = group & 255;
  for (; i + 4 <= nd; i += 4) {
    group = (d[i] as number) * 1000 + (d[i + 1] as number) * 100 + (d[i + 2] as number) * 10 + (d[i + 3] as number);
    buf[p++] = group >>> 8;
    buf[p++] = group & 255;
  }
  if (i < nd) {
    group = 0;
    for (let j = i; j < i + 4; j++) group = group * 10 + (j < nd ? (d[j] as number) : 0);
    buf[p++] = group >>> 8;
    buf[p++] = group & 255;
  }
  w.pos = p;
}

/**
 * formatText's bytes written straight into the buffer: COPY text of numeric(39,0) went from
 * 0.43 to 0.20 us/value. `asGiven`: the string input itself (toText's shortcut without a
 * typmod), validated ASCII.
 */
function writeTextValue(w: ByteWriter, asGiven: string | undefined): void {
  if (asGiven !== undefined) {
    const n = asGiven.length;
    w.ensure(n);
    const buf = w.buf;
    let p = w.pos;
    for (let i = 0; i < n; i++) buf[p++] = asGiven.charCodeAt(i);
    w.pos = p;
    return;
  }
  if (kind !== Kind.Finite) {
    w.utf8(formatText());
    return;
  }
  // At most sign, "0", point, then max(pointPos, 0) + dscale digits (dscale covers every
  // fraction digit).
  w.ensure(3 + (pointPos > 0 ? pointPos : 0) + dscale);
  const buf = w.buf;
  const d = digits;
  let p = w.pos;
  if (negative) buf[p++] = 45;
  if (pointPos <= 0) {
    buf[p++] = 48;
    if (dscale > 0) {
      buf[p++] = 46;
      const end = p + dscale;
      for (let i = pointPos; i < 0; i++) buf[p++] = 48;
      for (let i = 0; i < nd; i++) buf[p++] = 48 + (d[i] as number);
      while (p < end) buf[p++] = 48;
    }
  } else if (nd <= pointPos) {
    for (let i = 0; i < nd; i++) buf[p++] = 48 + (d[i] as number);
    for (let i = nd; i < pointPos; i++) buf[p++] = 48;
    if (dscale > 0) {
      buf[p++] = 46;
      for (let i = 0; i < dscale; i++) buf[p++] = 48;
    }
  } else {
    for (let i = 0; i < pointPos; i++) buf[p++] = 48 + (d[i] as number);
    buf[p++] = 46;
    const end = p + dscale;
    for (let i = pointPos; i < nd; i++) buf[p++] = 48 + (d[i] as number);
    while (p < end) buf[p++] = 48;
  }
  w.pos = p;
}

export function numeric(p: TypeParams): ColumnCodec {
  const precision = p.precision;
  const scale = p.scale ?? 0;
  if (precision !== undefined) {
    if (!Number.isInteger(precision) || precision < 1 || precision > 1000) throw new CodecError(`numeric(${precision}): precision must be from 1 to 1000`);
    if (!Number.isInteger(scale) || scale < -1000 || scale > 1000) throw new CodecError(`numeric(${precision},${scale}): scale must be from -1000 to 1000`);
  }
  return {
    textIsCopySafe: true,
    toText(v) {
      parse(v, precision, scale);
      // Without a typmod a validated string is already what the server will parse: skip rebuilding it.
      if (precision === undefined && typeof v === 'string' && !respelled) return v;
      return formatText();
    },
    writeBinary(w, v) {
      parse(v, precision, scale);
      writeValue(w);
    },
    writeText(w, v) {
      parse(v, precision, scale);
      writeTextValue(w, precision === undefined && typeof v === 'string' && !respelled ? v : undefined);
    },
    // Equal values differ only in their display scale ('1' = '1.0'): the key leaves it out
    // (the digits are stored without trailing zero groups, so they match).
    writeKey(w, v) {
      parse(v, precision, scale);
      const at = w.pos;
      writeValue(w);
      w.buf.writeInt16BE(0, at + 6);
    },
  };
}
