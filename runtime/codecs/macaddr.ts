/** macaddr and macaddr8. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/** A MAC address: PostgreSQL's text of it, in any spelling the server's input accepts. */
export type MacaddrInput = string;

const mac = new Uint8Array(8);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** C isspace() in the "C" locale. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * One glibc `%x` (width 0: unbounded) conversion at s[i]: skips whitespace, optional sign,
 * optional 0x, hex digits. Returns [value, next index] or undefined when no number is there.
 */
function scanHex(s: string, i: number, width: number): [number, number] | undefined {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  const limit = width === 0 ? s.length : Math.min(s.length, i + width);
  let negative = false;
  if (i < limit && (s[i] === '+' || s[i] === '-')) {
    negative = s[i] === '-';
    i++;
  }
  if (i + 1 < limit && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < limit && hexValue(s.charCodeAt(i + 2)) >= 0) i += 2;
  const start = i;
  let value = 0;
  while (i < limit && hexValue(s.charCodeAt(i)) >= 0) {
    value = value * 16 + hexValue(s.charCodeAt(i));
    i++;
  }
  if (i === start) return undefined;
  return [negative ? -value : value, i];
}

/** The seven sscanf formats of macaddr_in (mac.c), in order: separators after each of the 6 numbers, and the width. */
const MACADDR_FORMATS: readonly (readonly [string, number])[] = [
  [':::::', 0],
  ['-----', 0],
  ['\0\0:\0\0', 2],
  ['\0\0-\0\0', 2],
  ['\0.\0.\0', 2],
  ['\0-\0-\0', 2],
  ['\0\0\0\0\0', 2],
];

/** Tries one sscanf format; true when it matched six numbers and only whitespace follows. */
function scanFormat(s: string, separators: string, width: number): boolean {
  let i = 0;
  for (let k = 0; k < 6; k++) {
    const r = scanHex(s, i, width);
    if (r === undefined) return false;
    const [value, next] = r;
    octets[k] = value;
    i = next;
    if (k < 5) {
      const sep = separators[k];
      if (sep !== '\0') {
        if (s[i] !== sep) return false;
        i++;
      }
    }
  }
  // "%1s": anything but whitespace after the address makes a seventh conversion.
  while (i < s.length) if (!isSpace(s.charCodeAt(i++))) return false;
  // macaddr_in refuses octets outside 0..255 once a format matched; -0 is 0.
  for (let k = 0; k < 6; k++) {
    const value = octets[k] as number;
    if (value < 0 || value > 255) throw new CodecError(`${describeValue(s)}: invalid octet value in macaddr`);
    mac[k] = value;
  }
  return true;
}

const octets = [0, 0, 0, 0, 0, 0];

function parseMacaddr(v: unknown): void {
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a macaddr string', v));
  for (const [separators, width] of MACADDR_FORMATS) if (scanFormat(v, separators, width)) return;
  throw new CodecError(`${describeValue(v)} is not a macaddr (expected a MAC address such as "08:00:2b:01:02:03")`);
}

/** macaddr8_in (mac8.c): pairs of hex digits, one optional separator kind (: - .), 6 or 8 bytes. */
function parseMacaddr8(v: unknown): void {
  if (typeof v !== 'string') throw new CodecError(typeMismatch('a macaddr8 string', v));
  const bad = (): CodecError => new CodecError(`${describeValue(v)} is not a macaddr8 (expected 6 or 8 bytes such as "08:00:2b:01:02:03:04:05")`);
  const n = v.length;
  let i = 0;
  while (i < n && isSpace(v.charCodeAt(i))) i++;
  let count = 0;
  let spacer = '';
  // As the server: a single character left over at the end is ignored.
  while (i + 1 < n) {
    if (count === 8) throw bad();
    const hi = hexValue(v.charCodeAt(i));
    const lo = hexValue(v.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) throw bad();
    mac[count++] = (hi << 4) | lo;
    i += 2;
    const c = v[i];
    if (c === ':' || c === '-' || c === '.') {
      if (spacer === '') spacer = c;
      else if (spacer !== c) throw bad();
      i++;
    }
    if ((count === 6 || count === 8) && i < n && isSpace(v.charCodeAt(i))) {
      while (i < n && isSpace(v.charCodeAt(i))) i++;
      if (i < n) throw bad();
    }
  }
  if (count === 6) {
    // An EUI-48 address is stored as EUI-64 with ff:fe in the middle.
    mac[7] = mac[5] as number;
    mac[6] = mac[4] as number;
    mac[5] = mac[3] as number;
    mac[3] = 0xff;
    mac[4] = 0xfe;
  } else if (count !== 8) {
    throw bad();
  }
}

function macText(len: number): string {
  let s = '';
  for (let k = 0; k < len; k++) s += (k > 0 ? ':' : '') + ((mac[k] as number) < 16 ? '0' : '') + (mac[k] as number).toString(16);
  return s;
}

function writeMac(w: ByteWriter, len: number): void {
  w.ensure(len);
  for (let k = 0; k < len; k++) w.buf[w.pos + k] = mac[k] as number;
  w.pos += len;
}

/** macaddr: 6 bytes; text in any of the seven spellings macaddr_in reads. */
export function macaddr(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parseMacaddr(v);
      return macText(6);
    },
    writeBinary(w, v) {
      parseMacaddr(v);
      writeMac(w, 6);
    },
  };
}

/** macaddr8: 8 bytes; a 6-byte address becomes xx:xx:xx:ff:fe:xx:xx:xx, as the server converts it. */
export function macaddr8(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parseMacaddr8(v);
      return macText(8);
    },
    writeBinary(w, v) {
      parseMacaddr8(v);
      writeMac(w, 8);
    },
  };
}
