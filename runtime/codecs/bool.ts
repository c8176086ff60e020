/** boolean. */
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { typeMismatch } from './describe-value.ts';

export function bool(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      if (v === true) return 't';
      if (v === false) return 'f';
      throw new CodecError(typeMismatch('a boolean', v));
    },
    writeText(w, v) {
      if (v === true) w.u8(116);
      else if (v === false) w.u8(102);
      else throw new CodecError(typeMismatch('a boolean', v));
    },
    writeBinary(w, v) {
      if (v === true) w.u8(1);
      else if (v === false) w.u8(0);
      else throw new CodecError(typeMismatch('a boolean', v));
    },
  };
}
