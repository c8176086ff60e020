/** inet and cidr. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

// Parsed address in module scratch state (no allocation per value).
const addr = new Uint8Array(16);
let family: 4 | 6 = 4;
let bits = 0;
let hasPrefix = false;

/** Parses a dotted quad at s[from, to) into addr[at..at+4); false when malformed. Decimal, no leading zeros. */
function parseIPv4(s: string, from: number, to: number, at: number): boolean {
  let part = 0;
  let value = 0;
  let len = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (len === 0 || part > 3) return false;
      addr[at + part++] = value;
      value = 0;
      len = 0;
    } else if (c >= 48 && c <= 57) {
      if (len > 0 && value === 0) return false; // leading zero: octal to some parsers
      value = value * 10 + (c - 48);
      if (value > 255) return false;
      len++;
    } else {
      return false;
    }
  }
  return part === 4;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

const groups = [0, 0, 0, 0, 0, 0, 0, 0];

/** Parses an IPv6 address at s[from, to) into addr (with "::" and a trailing dotted quad). */
function parseIPv6(s: string, from: number, to: number): boolean {
  let ng = 0;
  let gap = -1; // index in groups where "::" stands
  let i = from;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
  }
  let tail4 = false;
  while (i < to) {
    let j = i;
    let value = 0;
    while (j < to && j - i < 5) {
      const h = hexDigit(s.charCodeAt(j));
      if (h < 0) break;
      value = value * 16 + h;
      j++;
    }
    if (j < to && s.charCodeAt(j) === 46) {
      // Embedded IPv4 in the last 32 bits.
      if (ng > 6 || !parseIPv4(s, i, to, 12)) return false;
      tail4 = true;
      break;
    }
    if (j === i || j - i > 4) return false;
    if (ng === 8) return false;
    groups[ng++] = value;
    if (j === to) break;
    if (s.charCodeAt(j) !== 58) return false;
    if (s.charCodeAt(j + 1) === 58) {
      if (gap !== -1) return false;
      gap = ng;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === to) return false; // trailing single ":"
    }
  }
  const total = ng + (tail4 ? 2 : 0);
  if (gap === -1 ? total !== 8 : total > 7) return false;
  addr.fill(0, 0, tail4 ? 12 : 16);
  const zeros = 8 - total;
  let g = 0;
  for (let k = 0; k < ng; k++) {
    if (k === gap) g += zeros;
    addr[g * 2] = (groups[k] as number) >> 8;
    addr[g * 2 + 1] = (groups[k] as number) & 0xff;
    g++;
  }
  return true;
}

function parse(v: unknown, typeName: string): void {
  if (typeof v !== 'string') throw new CodecError(typeMismatch(`an ${typeName} string`, v));
  const slash = v.indexOf('/');
  const end = slash === -1 ? v.length : slash;
  family = v.indexOf(':') === -1 ? 4 : 6;
  const ok = family === 4 ? parseIPv4(v, 0, end, 0) : parseIPv6(v, 0, end);
  if (!ok) throw new CodecError(`${describeValue(v)} is not an IPv4 or IPv6 ${typeName === 'cidr' ? 'network' : 'address'}`);
  const max = family === 4 ? 32 : 128;
  hasPrefix = slash !== -1;
  if (!hasPrefix) {
    bits = max;
    return;
  }
  parsePrefix(v, slash, max);
}

/** The "/bits" after `slash`: decimal, no leading zero, at most `max`. */
function parsePrefix(v: string, slash: number, max: number): void {
  hasPrefix = true;
  bits = 0;
  const n = v.length;
  if (slash + 1 === n || n - slash > 4 || (v.charCodeAt(slash + 1) === 48 && n - slash > 2)) {
    throw new CodecError(`${describeValue(v)}: bad prefix length`);
  }
  for (let i = slash + 1; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) throw new CodecError(`${describeValue(v)}: bad prefix length`);
    bits = bits * 10 + (c - 48);
  }
  if (bits > max) throw new CodecError(`${describeValue(v)}: prefix length must be at most ${max}`);
}

/** True when some address bit right of the prefix is set (not a network address). */
function hostBitsSet(): boolean {
  const len = family === 4 ? 4 : 16;
  for (let i = 0; i < len; i++) {
    const keep = bits - i * 8;
    const mask = keep >= 8 ? 0 : keep <= 0 ? 0xff : 0xff >> keep;
    if ((addr[i] as number) & mask) return true;
  }
  return false;
}

/** Canonical text: dotted quad or eight full hex groups, always with the prefix. */
function formatText(): string {
  let out = '';
  if (family === 4) {
    out = `${addr[0]}.${addr[1]}.${addr[2]}.${addr[3]}`;
  } else {
    for (let g = 0; g < 8; g++) {
      if (g > 0) out += ':';
      out += (((addr[g * 2] as number) << 8) | (addr[g * 2 + 1] as number)).toString(16);
    }
  }
  return `${out}/${bits}`;
}

/** inet_send: family (2 = IPv4, 3 = IPv6), bits, is_cidr, address length, address. */
function writeValue(w: ByteWriter, isCidr: boolean): void {
  const len = family === 4 ? 4 : 16;
  w.ensure(4 + len);
  const buf = w.buf;
  let p = w.pos;
  buf[p++] = family === 4 ? 2 : 3;
  buf[p++] = bits;
  buf[p++] = isCidr ? 1 : 0;
  buf[p++] = len;
  for (let i = 0; i < len; i++) buf[p++] = addr[i] as number;
  w.pos = p;
}

/** inet: a host address with an optional /prefix (default /32 or /128); host bits may be set. */
export function inet(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parse(v, 'inet');
      return formatText();
    },
    writeBinary(w, v) {
      parse(v, 'inet');
      writeValue(w, false);
    },
  };
}

/**
 * An IPv4 network as cidr_in also reads it: 1 to 4 decimal octets ("10.1" is 10.1.0.0),
 * leading zeros allowed; the missing octets are zeros. Returns the number of octets given,
 * or -1 when malformed.
 */
function parseIPv4Abbreviated(s: string, to: number): number {
  let part = 0;
  let value = 0;
  let len = 0;
  addr.fill(0, 0, 4);
  for (let i = 0; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (len === 0 || part > 3) return -1;
      addr[part++] = value;
      value = 0;
      len = 0;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (value > 255) return -1;
      len++;
    } else {
      return -1;
    }
  }
  return part;
}

/** PostgreSQL's classful default width of an IPv4 cidr given without /prefix (inet_net_pton.c). */
function classfulBits(octets: number): number {
  const first = addr[0] as number;
  let b = first >= 240 ? 32 : first >= 224 ? 8 : first >= 192 ? 24 : first >= 128 ? 16 : 8;
  // Never narrower than the octets written; a bare class D network is /4.
  if (b < octets * 8) b = octets * 8;
  if (b === 8 && first === 224) b = 4;
  return b;
}

function parseCidr(v: unknown): void {
  if (typeof v === 'string' && v.indexOf(':') === -1 && !IPV4_FULL.test(v)) {
    // The abbreviated forms (slow path): "10.1", "10/8", "192.168.1".
    const slash = v.indexOf('/');
    const octets = parseIPv4Abbreviated(v, slash === -1 ? v.length : slash);
    if (octets < 0) throw new CodecError(`${describeValue(v)} is not an IPv4 or IPv6 network`);
    family = 4;
    if (slash === -1) {
      hasPrefix = false;
      bits = classfulBits(octets);
    } else {
      parsePrefix(v, slash, 32);
    }
  } else {
    parse(v, 'cidr');
    // Without /prefix: IPv6 is /128, IPv4 takes PostgreSQL's classful default.
    if (!hasPrefix && family === 4) bits = classfulBits(4);
  }
  if (hostBitsSet()) throw new CodecError(`${describeValue(v)} has bits set to the right of the /${bits} mask`);
}

/** Four decimal octets without leading zeros: the fast parser's form. */
const IPV4_FULL = /^(?:(?:0|[1-9]\d{0,2})\.){3}(?:0|[1-9]\d{0,2})(?:\/\d+)?$/;

/**
 * cidr: a network address, no host bits set; without /prefix IPv6 is /128 and IPv4 takes
 * PostgreSQL's classful default ("10.1" is 10.1.0.0/16, "192.168.1.2" is /32).
 */
export function cidr(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parseCidr(v);
      return formatText();
    },
    writeBinary(w, v) {
      parseCidr(v);
      writeValue(w, true);
    },
  };
}
