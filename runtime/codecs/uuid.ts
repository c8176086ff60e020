/** uuid. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/** Value of a hex digit char code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** True for the canonical form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits of any case). */
function isCanonicalUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (hexValue(c) < 0) {
      return false;
    }
  }
  return true;
}

function checkUuid(v: unknown): string {
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a uuid string', v));
  if (!isCanonicalUuid(v)) throw new CodecError(`${describeValue(v)} is not a uuid (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  return v;
}

function writeUuid(w: ByteWriter, v: unknown): void {
  const s = checkUuid(v);
  w.ensure(16);
  const buf = w.buf;
  let p = w.pos;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) continue;
    buf[p++] = (hexValue(s.charCodeAt(i)) << 4) | hexValue(s.charCodeAt(i + 1));
    i++;
  }
  w.pos = p;
}

export function uuid(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => checkUuid(v).toLowerCase(),
    writeBinary: writeUuid,
  };
}
