/** uuid. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/** Hex digit values by char code (-1: not a hex digit); a table beats branching per char. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i;
  HEX[97 + i] = 10 + i;
}

/** Start of each pair of hex digits in xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx. */
const PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

function invalid(v: unknown): CodecError {
  return typeof v === 'string'
    ? new CodecError(`${describeValue(v)} is not a uuid (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`)
    : new CodecError(typeMismatch('a uuid string', v));
}

/** Byte `k` of the uuid, or -1 when either hex digit is bad (one check per pair: -1 keeps the OR negative). */
function pairAt(s: string, at: number): number {
  const hi = s.charCodeAt(at);
  const lo = s.charCodeAt(at + 1);
  if (hi > 127 || lo > 127) return -1;
  const h = HEX[hi] as number;
  const l = HEX[lo] as number;
  return (h | l) < 0 ? -1 : (h << 4) | l;
}

function hasHyphens(s: string): boolean {
  return s.length === 36 && s.charCodeAt(8) === 45 && s.charCodeAt(13) === 45 && s.charCodeAt(18) === 45 && s.charCodeAt(23) === 45;
}

function checkUuid(v: unknown): string {
  if (typeof v !== 'string' || !hasHyphens(v)) throw invalid(v);
  for (let k = 0; k < 16; k++) if (pairAt(v, PAIRS[k] as number) < 0) throw invalid(v);
  return v;
}

/** Validates and writes in one pass; `pos` only moves once the whole value is valid. */
function writeUuid(w: ByteWriter, v: unknown): void {
  if (typeof v !== 'string' || !hasHyphens(v)) throw invalid(v);
  w.ensure(16);
  const buf = w.buf;
  const p = w.pos;
  for (let k = 0; k < 16; k++) {
    const b = pairAt(v, PAIRS[k] as number);
    if (b < 0) throw invalid(v);
    buf[p + k] = b;
  }
  w.pos = p + 16;
}

export function uuid(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => checkUuid(v).toLowerCase(),
    writeBinary: writeUuid,
  };
}
