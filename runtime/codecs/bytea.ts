/** bytea. */
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { typeMismatch } from './describe-value.ts';

function checkBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new CodecError(typeMismatch('a Uint8Array or Buffer', v));
}

export function bytea(): ColumnCodec {
  return {
    // The hex form starts with a backslash, which COPY text must escape.
    textIsCopySafe: false,
    toText(v) {
      const b = checkBytes(v);
      // A Buffer view over the same memory: no copy before hex encoding.
      const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      return `\\x${buf.toString('hex')}`;
    },
    writeBinary(w, v) {
      w.bytes(checkBytes(v));
    },
    writeText(w, v) {
      w.byteaHex(checkBytes(v));
    },
  };
}
