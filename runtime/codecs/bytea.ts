/** bytea. */
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { byteaHexText } from './text-forms.ts';

function checkBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') {
    // PostgreSQL's output ("\\x0a0b"); other strings would be ambiguous (escape format or plain text?).
    const b = byteaHexText(v);
    if (b === undefined) throw new CodecError(`${describeValue(v)} is not bytea's hex form "\\x…"; pass bytes as a Uint8Array or Buffer`);
    return b;
  }
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
