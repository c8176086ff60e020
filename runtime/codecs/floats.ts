/** real (float4) and double precision (float8). */
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { floatText as parseFloatText } from './text-forms.ts';

/**
 * The shortest decimal that parses back to exactly `x` (String() is shortest round-trip),
 * with the spellings PostgreSQL's float input takes for the special values.
 */
function floatText(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // String(NaN), String(±Infinity) are already "NaN", "Infinity", "-Infinity".
  return String(x);
}

/** PostgreSQL's text of a float ("1.5e+100", "NaN", "-Infinity"): the slow path after the number check. */
function fromText(v: unknown, float4: boolean): number {
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a number or a float string', v));
  return parseFloatText(v, float4, float4 ? 'real' : 'double precision');
}

function checkFloat8(v: unknown): number {
  if (typeof v !== 'number') return fromText(v, false);
  return v;
}

/**
 * A number as real: rounded to the nearest float32 (real is approximate by definition), but
 * a finite value too large (would become ±Infinity) or too small (would become 0) is
 * rejected, as PostgreSQL rejects its text form ("is out of range for type real").
 */
function checkFloat4(v: unknown): number {
  // A string is rounded straight to float32 (and range-checked) by its parser.
  if (typeof v !== 'number') return fromText(v, true);
  const f = Math.fround(v);
  if (f === Infinity || f === -Infinity) {
    if (v !== f) throw new CodecError(`${describeValue(v)} is out of range for real`);
  } else if (f === 0 && v !== 0) {
    throw new CodecError(`${describeValue(v)} is out of range for real (underflows to 0)`);
  }
  return f;
}

export function float4(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => floatText(checkFloat4(v)),
    writeBinary: (w, v) => w.f32(checkFloat4(v)),
    // -0 = 0 for PostgreSQL (and NaN = NaN, which the canonical NaN bytes already give).
    writeKey: (w, v) => w.f32(checkFloat4(v) + 0),
  };
}

export function float8(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => floatText(checkFloat8(v)),
    writeBinary: (w, v) => w.f64(checkFloat8(v)),
    writeKey: (w, v) => w.f64(checkFloat8(v) + 0),
  };
}
