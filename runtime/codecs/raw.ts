/**
 * `raw('vector(3)')`: a column of a type pgtwin has no codec for. The value is the type's
 * PostgreSQL text form, passed through unchanged: the server's input function parses it (text
 * COPY, and a `text[]` UNNEST parameter cast to the type), so it accepts exactly what
 * PostgreSQL accepts. There is no binary form (each type's send/recv format is its own).
 */
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { describeValue } from './describe-value.ts';
import { checkString } from './strings.ts';

export function raw(p: TypeParams): ColumnCodec {
  const type = p.rawType ?? 'raw';
  const check = (v: unknown): string => {
    if (typeof v !== 'string') throw new CodecError(`${describeValue(v)} is not text: a ${type} column takes the type's PostgreSQL text form as a string`);
    return checkString(v);
  };
  return {
    textIsCopySafe: false,
    toText: check,
    writeBinary: () => {
      throw new CodecError(`${type} has no binary COPY form in pgtwin (raw column): use format 'text'`);
    },
    writeText: (w, v) => w.copyText(check(v)),
    // Equality of the text: two spellings of one value are two keys here (the server then decides).
    writeKey: (w, v) => w.utf8(check(v)),
  };
}
