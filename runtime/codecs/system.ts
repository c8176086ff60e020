/** oid, "char", name and pg_lsn: the catalog's own scalar types. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { checkString } from './strings.ts';
import { integerText } from './text-forms.ts';

/** An oid: a number (node-postgres returns one) or PostgreSQL's text of it. */
export type OidInput = number | string;

const LEADING_ZERO = /^[ \t\n\r\v\f]*[+-]?0\d/;

/**
 * oidin reads -2147483648..4294967295 and stores a negative value plus 2^32 (for old dumps);
 * the stored value, printed unsigned, is what is sent here.
 */
function checkOid(v: unknown): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const digits = integerText(v);
    if (digits === undefined) throw new CodecError(`${describeValue(v)} is not an oid (expected an unsigned integer)`);
    n = Number(digits);
    // oidin reads a leading 0 as octal from PostgreSQL 16 on ("012" is 10 there, 12 before): refused where the readings differ.
    if (Math.abs(n) >= 8 && LEADING_ZERO.test(v)) throw new CodecError(`${describeValue(v)}: an oid with a leading zero is octal for PostgreSQL 16 and later, decimal before; write it without leading zeros`);
  } else throw new CodecError(typeMismatch('a number or an integer string', v));
  if (!Number.isInteger(n)) throw new CodecError(`${describeValue(v)} is not an oid (expected an unsigned integer)`);
  if (n < -2147483648 || n > 4294967295) throw new CodecError(`${describeValue(v)} is out of range for type oid`);
  return n < 0 ? n + 4294967296 : n;
}

export function oid(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => String(checkOid(v)),
    writeBinary: (w, v) => w.u32(checkOid(v)),
  };
}

/**
 * A "char": one byte, given as a string of one ASCII character, "" for the zero byte, or
 * charout's "\ooo" octal form (which node-postgres returns for bytes of 128 and above).
 */
export type CharInput = string;

function isOctal(c: number): boolean {
  return c >= 48 && c <= 55;
}

/**
 * The byte. charin keeps only the first byte of longer input, so "ab" or "é" (two bytes in
 * UTF-8) would be stored cut; they are refused instead.
 */
function checkChar(v: unknown): number {
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a "char" string of one ASCII character', v));
  if (v.length === 0) return 0;
  if (v.length === 1 && v.charCodeAt(0) < 128) {
    if (v.charCodeAt(0) === 0) throw new CodecError(`${describeValue(v)}: NUL cannot be written as text, pass "" for the zero byte`);
    return v.charCodeAt(0);
  }
  if (v.length === 4 && v.charCodeAt(0) === 92 && isOctal(v.charCodeAt(1)) && isOctal(v.charCodeAt(2)) && isOctal(v.charCodeAt(3))) {
    // charin keeps the low 8 bits ("\400" is the zero byte).
    return Number.parseInt(v.slice(1), 8) & 0xff;
  }
  throw new CodecError(`${describeValue(v)} is not a "char" (expected one ASCII character, "" or "\\ooo"; PostgreSQL would keep only the first byte)`);
}

/** charout's text: "" for 0, "\ooo" from 128 on, else the character. */
function charText(b: number): string {
  if (b === 0) return '';
  if (b >= 128) return `\\${b.toString(8)}`;
  return String.fromCharCode(b);
}

export function char(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: (v) => charText(checkChar(v)),
    writeText: (w, v) => w.copyText(charText(checkChar(v))),
    writeBinary: (w, v) => w.u8(checkChar(v)),
  };
}

/** name: NAMEDATALEN - 1 bytes of UTF-8. */
const NAME_MAX_BYTES = 63;

/**
 * A name of at most 63 bytes. Longer ones are refused: text input would cut them at a
 * character boundary but binary input refuses them ("identifier too long"), and a cut key
 * could collide with another.
 */
function checkName(v: unknown): string {
  const s = checkString(v);
  if (s.length > NAME_MAX_BYTES / 3 && Buffer.byteLength(s, 'utf8') > NAME_MAX_BYTES) {
    throw new CodecError(`${describeValue(s)} is ${Buffer.byteLength(s, 'utf8')} bytes long, too long for name (at most ${NAME_MAX_BYTES} bytes)`);
  }
  return s;
}

export function name(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: checkName,
    writeText: (w, v) => w.copyText(checkName(v)),
    writeBinary: (w: ByteWriter, v) => w.utf8(checkName(v)),
  };
}

/** A WAL location: PostgreSQL's "16/B374D848" (node-postgres returns that string) or a bigint from 0 to 2^64 - 1. */
export type PgLsnInput = string | bigint;

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

function checkLsn(v: unknown): bigint {
  if (typeof v === 'bigint') {
    if (v < 0n || v > 0xffffffffffffffffn) throw new CodecError(`${describeValue(v)} is out of range for type pg_lsn`);
    return v;
  }
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a pg_lsn string ("16/B374D848") or a bigint', v));
  const m = LSN_TEXT.exec(v);
  if (m === null) throw new CodecError(`${describeValue(v)} is not a pg_lsn (expected two hex numbers of 1 to 8 digits, "16/B374D848")`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

function lsnText(n: bigint): string {
  return `${(n >> 32n).toString(16).toUpperCase()}/${(n & 0xffffffffn).toString(16).toUpperCase()}`;
}

export function pgLsn(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText: (v) => lsnText(checkLsn(v)),
    writeBinary: (w, v) => w.i64(BigInt.asIntN(64, checkLsn(v))),
  };
}
