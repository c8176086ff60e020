/** boolean. */
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { typeMismatch } from './describe-value.ts';
import { booleanText } from './text-forms.ts';

/** PostgreSQL's text of a boolean ("t", "false", "yes", "on", "1"...): the slow path. */
function fromText(v: unknown): boolean {
  const b = typeof v === 'string' ? booleanText(v) : undefined;
  if (b === undefined) throw new CodecError(typeMismatch('a boolean (or PostgreSQL\'s text of one: t, f, true, false, yes, no, on, off, 1, 0)', v));
  return b;
}

export function bool(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      if (v === true) return 't';
      if (v === false) return 'f';
      return fromText(v) ? 't' : 'f';
    },
    writeText(w, v) {
      if (v === true) w.u8(116);
      else if (v === false) w.u8(102);
      else w.u8(fromText(v) ? 116 : 102);
    },
    writeBinary(w, v) {
      if (v === true) w.u8(1);
      else if (v === false) w.u8(0);
      else w.u8(fromText(v) ? 1 : 0);
    },
  };
}
