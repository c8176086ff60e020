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
    // ASCII fast path: short strings are faster as a loop than through Buffer.write.
    const n = s.length;
    this.ensure(n * 3);
    if (n < 32) {
      let i = 0;
      const buf = this.buf;
      let p = this.pos;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      if (i === n) {
        this.pos = p;
        return;
      }
      this.pos = p;
      this.pos += buf.write(s.slice(i), this.pos, 'utf8');
      return;
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
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
