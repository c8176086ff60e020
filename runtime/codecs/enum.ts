/** PostgreSQL enums declared in the schema. */
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { describeValue } from './describe-value.ts';

export function enumCodec(p: TypeParams): ColumnCodec {
  const name = p.enumName ?? 'enum';
  const labels = p.labels ?? [];
  const known = new Set(labels);
  const shown = labels.slice(0, 5).map((l) => JSON.stringify(l)).join(', ') + (labels.length > 5 ? ', ...' : '');
  const check = (v: unknown): string => {
    if (typeof v === 'string' && known.has(v)) return v;
    throw new CodecError(`${describeValue(v)} is not a label of enum ${name} (${shown})`);
  };
  return {
    // Also false when a label holds a double quote: an array of this enum quotes it with a backslash.
    textIsCopySafe: labels.every((l) => !/[\\\b\t\n\v\f\r"]/.test(l)),
    toText: check,
    writeBinary: (w, v) => w.utf8(check(v)),
    writeText: (w, v) => w.copyText(check(v)),
  };
}
