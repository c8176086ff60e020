/** bit(n) and bit varying(n). */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/**
 * A bit string as PostgreSQL's text of it: binary digits ("0101", as node-postgres returns
 * it), or bit_in's other spellings "B0101" and "X5f" (4 bits per hex digit).
 */
export type BitInput = string;

/** The bit string's digits as "0"/"1" text, validated (bit_in, varbit.c). */
function bitDigits(v: unknown, typeName: string): string {
  if (typeof v !== 'string') throw new CodecError(typeMismatch(`a ${typeName} string of 0s and 1s`, v));
  const first = v.charCodeAt(0) | 0x20;
  if (first === 0x78 /* x */) {
    let out = '';
    for (let i = 1; i < v.length; i++) {
      const h = hexValue(v.charCodeAt(i));
      if (h < 0) throw new CodecError(`${describeValue(v)}: "${v[i]}" is not a valid hexadecimal digit`);
      out += HEX_BITS[h];
    }
    return out;
  }
  const digits = first === 0x62 /* b */ ? v.slice(1) : v;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c !== 48 && c !== 49) throw new CodecError(`${describeValue(v)}: "${digits[i]}" is not a valid binary digit`);
  }
  return digits;
}

const HEX_BITS = Array.from({ length: 16 }, (_, i) => i.toString(2).padStart(4, '0'));

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** bit_send / varbit_send: int32 bit count, then the bits packed MSB first, zero-padded. */
function writeBits(w: ByteWriter, digits: string): void {
  const n = digits.length;
  const bytes = (n + 7) >> 3;
  w.ensure(4 + bytes);
  w.i32(n);
  const buf = w.buf;
  const p = w.pos;
  buf.fill(0, p, p + bytes);
  for (let i = 0; i < n; i++) if (digits.charCodeAt(i) === 49) buf[p + (i >> 3)] = (buf[p + (i >> 3)] as number) | (0x80 >> (i & 7));
  w.pos = p + bytes;
}

function checkModifier(p: TypeParams, typeName: string): number | undefined {
  const n = p.length;
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1 || n > 83886080) throw new CodecError(`${typeName}(${n}): length must be an integer from 1 to 83886080`);
  return n;
}

function bitCodec(check: (v: unknown) => string): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: check,
    writeBinary: (w, v) => writeBits(w, check(v)),
  };
}

/** bit(n) (bit alone is bit(1)): exactly n bits, as the server's input requires (it pads only on an explicit cast). */
export function bit(p: TypeParams): ColumnCodec {
  const n = checkModifier(p, 'bit') ?? 1;
  return bitCodec((v) => {
    const digits = bitDigits(v, 'bit');
    if (digits.length !== n) throw new CodecError(`${describeValue(v)}: bit string length ${digits.length} does not match type bit(${n})`);
    return digits;
  });
}

/** bit varying(n): at most n bits (unlimited without n); the empty bit string is a value. */
export function varbit(p: TypeParams): ColumnCodec {
  const n = checkModifier(p, 'bit varying');
  return bitCodec((v) => {
    const digits = bitDigits(v, 'bit varying');
    if (n !== undefined && digits.length > n) throw new CodecError(`${describeValue(v)}: bit string too long for type bit varying(${n})`);
    return digits;
  });
}
