/** Fractional-second precision of time(p), timestamp(p) and interval(p) columns. */
import { CodecError } from '../codec.ts';

/** 10^(6 - p): microseconds per unit of the last kept digit. */
const SCALE = [1000000, 100000, 10000, 1000, 100, 10, 1];

/** The precision of `typeName(p)`: undefined (6, microseconds) or an integer 0..6. */
export function checkPrecision(typeName: string, p: number | undefined): number | undefined {
  if (p === undefined) return undefined;
  if (!Number.isInteger(p) || p < 0 || p > 6) throw new CodecError(`${typeName}(${p}): precision must be from 0 to 6`);
  return p === 6 ? undefined : p;
}

/**
 * Microseconds rounded to `p` fractional digits as the server rounds them (AdjustTimestampForTypmod,
 * AdjustTimeForTypmod, AdjustIntervalForTypmod): half away from zero.
 */
export function roundMicros(us: number, p: number): number {
  const scale = SCALE[p] as number;
  const half = scale / 2;
  return us >= 0 ? Math.floor((us + half) / scale) * scale : -Math.floor((-us + half) / scale) * scale;
}

export function roundMicrosBig(us: bigint, p: number): bigint {
  const scale = BigInt(SCALE[p] as number);
  const half = scale / 2n;
  return us >= 0n ? ((us + half) / scale) * scale : -(((-us + half) / scale) * scale);
}
