/**
 * One growable, reused output buffer for the encoders.
 *
 * Encoders write straight into `buf` at `pos`; `take()` copies the filled part out and
 * rewinds, so the big buffer is allocated once per stream. (A prototype measured that
 * handing a freshly allocated 256 KB Buffer to the stream per chunk made encoding 3x
 * slower than copying 64 KB chunks out of one reused buffer.)
 */
export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 1 << 17) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Makes room for `n` more bytes, allocating exactly that much when it grows (a known total). */
  reserve(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(need);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  // Integers are stored byte by byte: Buffer#writeInt32BE and friends check their arguments
  // on every call, which cost about 8 ns each here, and a row writes some 20 of them.
  i16(v: number): void {
    this.ensure(2);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = v >> 8;
    buf[p + 1] = v;
    this.pos = p + 2;
  }

  u16(v: number): void {
    this.i16(v);
  }

  i32(v: number): void {
    this.ensure(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = v >> 24;
    buf[p + 1] = v >> 16;
    buf[p + 2] = v >> 8;
    buf[p + 3] = v;
    this.pos = p + 4;
  }

  u32(v: number): void {
    // The same low 32 bits: a Uint8Array store keeps the low 8 bits of each shifted value.
    this.i32(v);
  }

  /** A signed 64-bit integer given as a safe-integer number. */
  i64n(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / 4294967296);
    const lo = v - hi * 4294967296;
    const buf = this.buf;
    const p = this.pos;
    buf[p] = hi >> 24;
    buf[p + 1] = hi >> 16;
    buf[p + 2] = hi >> 8;
    buf[p + 3] = hi;
    buf[p + 4] = lo >>> 24;
    buf[p + 5] = lo >>> 16;
    buf[p + 6] = lo >>> 8;
    buf[p + 7] = lo;
    this.pos = p + 8;
  }

  /** A signed 64-bit integer given as a bigint. */
  i64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
  }

  f32(v: number): void {
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
  }

  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  bytes(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  /** UTF-8 bytes of a string (worst case 3 bytes per UTF-16 unit; a lone surrogate becomes U+FFFD). */
  utf8(s: string): void {
    const n = s.length;
    // Short strings: a JS loop beats a call into Buffer's UTF-8 encoder.
    if (n < SHORT_STRING) {
      this.ensure(n * 3);
      this.pos = encodeShort(this.buf, this.pos, s, false, false);
      return;
    }
    this.ensure(n * 3);
    this.pos += utf8Write(this.buf, s, this.pos);
  }

  /**
   * Validates and writes a text value in one pass: UTF-8 bytes of `s`, or COPY-text-escaped
   * UTF-8 when `copyText`, and true; false (nothing written) when PostgreSQL text cannot hold
   * it (a NUL character or a lone surrogate). Measured on the benchmark's text columns:
   * 0.2-0.4 us/value with a native NUL search, a native isWellFormed and a separate encoding
   * pass, against 0.1-0.2 us fused (short strings; long ones use the native scans).
   */
  text(s: string, copyText: boolean): boolean {
    const n = s.length;
    if (n < SHORT_STRING) {
      this.ensure(n * 3 + 2);
      const end = encodeShort(this.buf, this.pos, s, copyText, true);
      if (end < 0) return false;
      this.pos = end;
      return true;
    }
    if (s.indexOf('\u0000') !== -1 || !s.isWellFormed()) return false;
    if (copyText) this.copyText(s);
    else this.utf8(s);
    return true;
  }

  /**
   * A field in COPY text format: UTF-8 with backslash, \b \t \n \v \f \r escaped as the
   * server's COPY TO escapes them, in one pass (no intermediate escaped string).
   */
  copyText(s: string): void {
    const n = s.length;
    // At most 3 bytes per UTF-16 unit (2 for an escaped ASCII character, 4 for a pair of units).
    this.ensure(n * 3 + 2);
    // A long string with nothing to escape (the usual case): one native test, one native write.
    if (n >= SHORT_STRING && !NEEDS_COPY_ESCAPE.test(s)) this.pos += utf8Write(this.buf, s, this.pos);
    else this.pos = encodeShort(this.buf, this.pos, s, true, false);
  }

  /**
   * One element of an array literal inside a COPY text field: double-quoted, `"` and `\`
   * backslash-escaped for the literal, then COPY-escaped (so a backslash becomes four), in
   * one pass instead of arrayLiteralQuote + copyTextEscape building two strings.
   */
  copyTextArrayElement(s: string): void {
    const n = s.length;
    // Worst case 4 bytes per UTF-16 unit (a backslash), plus the quotes.
    this.ensure(n * 4 + 4);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 34;
    let from = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 34 || c === 92) {
        if (i > from) p = encodeShort(buf, p, s.slice(from, i), true, false);
        buf[p++] = 92;
        buf[p++] = 92;
        if (c === 92) {
          buf[p++] = 92;
          buf[p++] = 92;
        } else buf[p++] = 34;
        from = i + 1;
      }
    }
    // Quotes and backslashes are rare in elements: the common case encodes `s` whole, no slice.
    p = encodeShort(buf, p, from === 0 ? s : s.slice(from), true, false);
    buf[p++] = 34;
    this.pos = p;
  }

  /** The decimal digits of a safe integer, without a string. */
  asciiInt(v: number): void {
    this.ensure(21);
    const buf = this.buf;
    let p = this.pos;
    if (v < 0) {
      buf[p++] = 45;
      v = -v;
    }
    if (v < 10) {
      // Also -0, as "0".
      buf[p] = 48 + v;
      this.pos = p + 1;
      return;
    }
    // Digits written from the right into place: int32 arithmetic while it fits (the float
    // divisions of the general case measured about 3x slower for integer columns).
    let end = p + decimalDigits(v);
    this.pos = end;
    while (v >= 2147483648) {
      const q = Math.floor(v / 10);
      buf[--end] = 48 + (v - q * 10);
      v = q;
    }
    let u = v | 0;
    while (u >= 10) {
      const q = (u / 10) | 0;
      buf[--end] = 48 + (u - q * 10);
      u = q;
    }
    buf[--end] = 48 + u;
  }

  /** `\\x` and lowercase hex of bytes: bytea in COPY text format (the backslash escaped). */
  byteaHex(b: Uint8Array): void {
    this.ensure(3 + b.length * 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 92;
    buf[p++] = 92;
    buf[p++] = 120;
    for (let i = 0; i < b.length; i++) {
      const x = b[i] as number;
      buf[p++] = HEX[x >> 4] as number;
      buf[p++] = HEX[x & 15] as number;
    }
    this.pos = p;
  }

  /** Reserves a 4-byte length slot and returns its offset, for `endLength`. */
  beginLength(): number {
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    return at;
  }

  /** Writes the number of bytes written since `beginLength` into its slot. */
  endLength(at: number): void {
    const n = this.pos - at - 4;
    const buf = this.buf;
    buf[at] = n >> 24;
    buf[at + 1] = n >> 16;
    buf[at + 2] = n >> 8;
    buf[at + 3] = n;
  }

  /** Copies the filled part out and rewinds. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }
}

/** Number of decimal digits of a non-negative safe integer. */
function decimalDigits(v: number): number {
  let n = 1;
  while (v >= 1e4) {
    v /= 1e4;
    n += 4;
  }
  return v >= 1000 ? n + 3 : v >= 100 ? n + 2 : v >= 10 ? n + 1 : n;
}

/** Letters of COPY text escapes, indexed by char code. */
const ESCAPE_LETTER = new Uint8Array(128);
for (const [code, letter] of [[8, 98], [9, 116], [10, 110], [11, 118], [12, 102], [13, 114], [92, 92]] as const) ESCAPE_LETTER[code] = letter;
/** ASCII codes of the lowercase hex digits. */
export const HEX = Buffer.from('0123456789abcdef');
/** Below this length a JS encoding loop beats a call into Buffer's native encoder. */
/**
 * Below this length a JS loop (validating, escaping and encoding in one pass) beats native
 * scans plus Buffer's native encoder; above it the native calls win by far (measured on
 * ~110-character JSON text: 0.6 us a value in the loop, 0.16 us with three native scans
 * and a native write; on 10-40-character strings the two were even).
 */
const SHORT_STRING = 32;
/** What COPY text must escape: backslash and \b \t \n \v \f \r. */
const NEEDS_COPY_ESCAPE = /[\\\b\t\n\v\f\r]/;

// ES2024 (Node 20 has it; the project's lib setting is ES2023).
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}

/**
 * UTF-8 of one UTF-16 unit from 0x80 up that is not a surrogate (2 or 3 bytes) at `p`;
 * returns the offset after it. Shared by the encoders' JS loops (small enough to be inlined).
 */
export function utf8Bmp(buf: Uint8Array, p: number, c: number): number {
  if (c < 0x800) {
    buf[p] = 0xc0 | (c >> 6);
    buf[p + 1] = 0x80 | (c & 63);
    return p + 2;
  }
  buf[p] = 0xe0 | (c >> 12);
  buf[p + 1] = 0x80 | ((c >> 6) & 63);
  buf[p + 2] = 0x80 | (c & 63);
  return p + 3;
}

/** UTF-8 of the code point of a surrogate pair (4 bytes) at `p`; returns the offset after it. */
export function utf8Pair(buf: Uint8Array, p: number, high: number, low: number): number {
  const cp = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  buf[p] = 0xf0 | (cp >> 18);
  buf[p + 1] = 0x80 | ((cp >> 12) & 63);
  buf[p + 2] = 0x80 | ((cp >> 6) & 63);
  buf[p + 3] = 0x80 | (cp & 63);
  return p + 4;
}

/**
 * Encodes `s` into `buf` from `p` (room already ensured: 3 bytes per UTF-16 unit), COPY-text
 * escaping when `copyText`, and returns the end offset. `strict`: a NUL or a lone surrogate
 * returns -1 (the caller reports it); otherwise NUL is written and a lone surrogate becomes
 * U+FFFD, as Buffer's encoder does.
 */
function encodeShort(buf: Buffer, p: number, s: string, copyText: boolean, strict: boolean): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c > 13 && c !== 92) buf[p++] = c;
      else if (c === 0 && strict) return -1;
      else if (copyText && (c === 92 || c >= 8)) {
        buf[p++] = 92;
        buf[p++] = ESCAPE_LETTER[c] as number;
      } else buf[p++] = c;
    } else if (c < 0xd800 || c > 0xdfff) {
      p = utf8Bmp(buf, p, c);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) {
        if (strict) return -1;
        p = utf8Bmp(buf, p, 0xfffd);
        continue;
      }
      p = utf8Pair(buf, p, c, d);
      i++;
    }
  }
  return p;
}

type Utf8Writing = { utf8Write?: (s: string, offset: number) => number };
/**
 * Node's Buffer#utf8Write skips the argument checks of Buffer#write (measured: Buffer.write's
 * wrapper was about 5% of the binary encoder's time); falls back where it is absent.
 */
const hasUtf8Write = typeof (Buffer.prototype as unknown as Utf8Writing).utf8Write === 'function';
export function utf8Write(buf: Buffer, s: string, offset: number): number {
  return hasUtf8Write ? ((buf as unknown as Utf8Writing).utf8Write as (s: string, o: number) => number).call(buf, s, offset) : buf.write(s, offset, 'utf8');
}
