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

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  i16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }

  i32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }

  /** A signed 64-bit integer given as a safe-integer number. */
  i64n(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / 4294967296);
    const lo = v - hi * 4294967296;
    this.buf.writeInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(lo, this.pos + 4);
    this.pos += 8;
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

  /** UTF-8 bytes of a string (worst case 3 bytes per UTF-16 unit). */
  utf8(s: string): void {
    const n = s.length;
    this.ensure(n * 3);
    // Short ASCII strings: a JS loop beats a call into Buffer's UTF-8 encoder.
    if (n < 64) {
      const buf = this.buf;
      let p = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      this.pos = p;
      if (i === n) return;
      this.pos += utf8Write(buf, i === 0 ? s : s.slice(i), p);
      return;
    }
    this.pos += utf8Write(this.buf, s, this.pos);
  }

  /**
   * A field in COPY text format: UTF-8 with backslash, \b \t \n \v \f \r escaped as the
   * server's COPY TO escapes them, in one pass over ASCII (no intermediate escaped string).
   */
  copyText(s: string): void {
    const n = s.length;
    this.ensure(n * 3 + 2);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Non-ASCII from here: escape the rest as a string and encode it natively.
        this.pos = p;
        this.ensure((n - i) * 6);
        this.pos += utf8Write(this.buf, copyTextEscapeRest(s.slice(i)), this.pos);
        return;
      }
      if (c === 92 || (c >= 8 && c <= 13)) {
        // At most 2 bytes per ASCII character: within the n * 3 ensured above.
        buf[p++] = 92;
        buf[p++] = ESCAPE_LETTER[c] as number;
      } else {
        buf[p++] = c;
      }
    }
    this.pos = p;
  }

  /** The decimal digits of a safe integer, without a string. */
  asciiInt(v: number): void {
    this.ensure(21);
    const buf = this.buf;
    if (v < 0) {
      buf[this.pos++] = 45;
      v = -v;
    }
    if (v < 10) {
      buf[this.pos++] = 48 + v;
      return;
    }
    let digits = 0;
    for (let t = v; t >= 1; t = Math.floor(t / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    while (v >= 1) {
      const q = Math.floor(v / 10);
      buf[--p] = 48 + (v - q * 10);
      v = q;
    }
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
    this.buf.writeInt32BE(this.pos - at - 4, at);
  }

  /** Copies the filled part out and rewinds. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }
}

/** Letters of COPY text escapes, indexed by char code. */
const ESCAPE_LETTER: Record<number, number> = { 8: 98, 9: 116, 10: 110, 11: 118, 12: 102, 13: 114, 92: 92 };
const HEX = Buffer.from('0123456789abcdef');

function copyTextEscapeRest(s: string): string {
  return s.replace(/[\\\b\t\n\v\f\r]/g, (ch) => `\\${String.fromCharCode(ESCAPE_LETTER[ch.charCodeAt(0)] as number)}`);
}

type Utf8Writing = { utf8Write?: (s: string, offset: number) => number };
/**
 * Node's Buffer#utf8Write skips the argument checks of Buffer#write (measured: Buffer.write's
 * wrapper was about 5% of the binary encoder's time); falls back where it is absent.
 */
const hasUtf8Write = typeof (Buffer.prototype as unknown as Utf8Writing).utf8Write === 'function';
function utf8Write(buf: Buffer, s: string, offset: number): number {
  return hasUtf8Write ? ((buf as unknown as Utf8Writing).utf8Write as (s: string, o: number) => number).call(buf, s, offset) : buf.write(s, offset, 'utf8');
}
