/**
 * Shared checks for the codec tests, all against the real server: every sample goes in
 * through binary COPY, text COPY and INSERT ... SELECT unnest(array literal); the three
 * tables must hold the same `c::text`, equal to a plain parameterised INSERT (or an expected
 * text), and our binary bytes must equal what the server itself sends for the stored value.
 */
import { Readable } from 'node:stream';
import { inspect as nodeInspect } from 'node:util';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import fc from 'fast-check';
import { expect } from 'vitest';
import { ByteWriter } from '@pgtwin/runtime/internal/byte-writer';
import { CodecError } from '@pgtwin/runtime/internal/codec';
import type { BinaryContext, ColumnCodec } from '@pgtwin/runtime/internal/codec';
import { arrayCodec, arrayLiteralQuote, copyTextEscape } from '@pgtwin/runtime/internal/codecs/index';

export const emptyContext: BinaryContext = { typeOids: new Map() };

export interface Sample {
  readonly value: unknown;
  /** Expected `c::text` (TimeZone UTC); otherwise the plain INSERT decides, when allowed. */
  readonly expect?: string;
  /** What to pass to the plain parameterised INSERT instead of `value`. */
  readonly param?: unknown;
  /** The server sends different bytes than ours for this value (e.g. char(n) padding). */
  readonly notCanonical?: boolean;
}

export interface TypeCase {
  /** SQL type of the column, as in DDL: `int8`, `numeric(10,2)`, `"mood"`. */
  readonly sqlType: string;
  readonly codec: ColumnCodec;
  /** Samples: raw values or Sample objects (a raw value may not itself look like a Sample). */
  readonly samples: readonly (Sample | unknown)[];
  /** Whether to compare with a plain INSERT of each value passed by node-postgres. */
  readonly plainInsert: boolean;
  /** The same for the derived array case (node-postgres' own array serialisation must be exact). */
  readonly arrayPlainInsert?: boolean;
  /** The same for the derived array case (default: `canonical`). */
  readonly arrayCanonical?: boolean;
  /** Whether our binary bytes must equal the server's binary output (canonical types). */
  readonly canonical: boolean;
  readonly ctx?: BinaryContext;
  /** The type's array delimiter (pg_type.typdelim) for the unnest literal: ";" for box. */
  readonly arrayDelimiter?: string;
  /** SQL run before the inserts (reset to UTC before reading back), e.g. another TimeZone. */
  readonly sessionSetup?: string;
}

function isSample(s: unknown): s is Sample {
  return typeof s === 'object' && s !== null && !Array.isArray(s) && Object.getPrototypeOf(s) === Object.prototype && 'value' in s;
}

export function toSamples(list: readonly unknown[]): Sample[] {
  return list.map((s) => (isSample(s) ? s : { value: s }));
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A binary COPY stream of (i int4, c) tuples, `c` given as encoded bytes or null. */
export function binaryCopyStream(fields: readonly (Buffer | null)[]): Buffer {
  const w = new ByteWriter(1024);
  w.bytes(SIGNATURE);
  w.i32(0);
  w.i32(0);
  fields.forEach((f, i) => {
    w.i16(2);
    w.i32(4);
    w.i32(i);
    if (f === null) w.i32(-1);
    else {
      w.i32(f.length);
      w.bytes(f);
    }
  });
  w.i16(-1);
  return w.take();
}

/** Field values of column `col` in a binary COPY output. */
export function parseBinaryCopy(buf: Buffer, col: number): (Buffer | null)[] {
  expect(buf.subarray(0, 11).equals(SIGNATURE)).toBe(true);
  let p = 15;
  p += 4 + buf.readInt32BE(p);
  const out: (Buffer | null)[] = [];
  for (;;) {
    const n = buf.readInt16BE(p);
    p += 2;
    if (n === -1) break;
    for (let f = 0; f < n; f++) {
      const len = buf.readInt32BE(p);
      p += 4;
      const v = len === -1 ? null : buf.subarray(p, p + len);
      if (len > 0) p += len;
      if (f === col) out.push(v);
    }
  }
  return out;
}

export async function copyIn(client: pg.Client, sql: string, data: Buffer | string): Promise<void> {
  await pipeline(Readable.from([typeof data === 'string' ? Buffer.from(data, 'utf8') : data]), client.query(copyFrom(sql)));
}

export async function copyOut(client: pg.Client, sql: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of client.query(copyTo(sql))) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function encodeBinary(codec: ColumnCodec, v: unknown, ctx: BinaryContext = emptyContext): Buffer {
  const w = new ByteWriter(16);
  codec.writeBinary(w, v, ctx);
  return w.take();
}

let tableCounter = 0;

async function readBack(client: pg.Client, table: string): Promise<(string | null)[]> {
  const { rows } = await client.query<{ c: string | null }>(`select c::text as c from ${table} order by i`);
  return rows.map((r) => r.c);
}

/** Runs the three insert paths for `samples` and checks they agree (see the file comment). */
export async function checkRoundTrip(client: pg.Client, tc: TypeCase): Promise<void> {
  const samples = toSamples(tc.samples);
  const ctx = tc.ctx ?? emptyContext;
  const id = ++tableCounter;
  const [b, t, u, p] = ['b', 't', 'u', 'p'].map((x) => `codec_${x}${id}`) as [string, string, string, string];
  for (const name of [b, t, u, p]) await client.query(`create temp table ${name} (i int4 primary key, c ${tc.sqlType})`);
  if (tc.sessionSetup) await client.query(tc.sessionSetup);
  try {
    const ours = samples.map((s) => encodeBinary(tc.codec, s.value, ctx));
    const texts = samples.map((s) => tc.codec.toText(s.value));
    if (tc.codec.textIsCopySafe) {
      // Also no double quote: an array literal would escape it with a backslash (see arrayCodec).
      for (const s of texts) {
        expect(copyTextEscape(s), 'textIsCopySafe codec produced a character to escape').toBe(s);
        if (!tc.sqlType.endsWith('[]')) expect(s.includes('"'), 'textIsCopySafe codec produced a double quote').toBe(false);
      }
    }
    const writeText = tc.codec.writeText;
    if (writeText) {
      // The fused COPY text writer must write exactly the escaped text form.
      samples.forEach((sample, i) => {
        const w = new ByteWriter(8);
        writeText(w, sample.value);
        expect(w.buf.toString('utf8', 0, w.pos), `writeText of sample ${i}`).toBe(copyTextEscape(texts[i] as string));
      });
    }
    await copyIn(client, `copy ${b} (i, c) from stdin (format binary)`, binaryCopyStream(ours));
    await copyIn(client, `copy ${t} (i, c) from stdin`, texts.map((s, i) => `${i}\t${copyTextEscape(s)}\n`).join(''));
    const literal = `{${texts.map(arrayLiteralQuote).join(tc.arrayDelimiter ?? ',')}}`;
    // An array column cannot be unnested from a 2-D array: its literals go through text[] and a cast.
    const isArrayType = tc.sqlType.endsWith('[]');
    await client.query(
      isArrayType
        ? `insert into ${u} (i, c) select i, c::${tc.sqlType} from unnest($1::int4[], $2::text[]) as x(i, c)`
        : `insert into ${u} (i, c) select * from unnest($1::int4[], $2::${tc.sqlType}[])`,
      [samples.map((_, i) => i), literal],
    );
    if (tc.plainInsert) {
      for (const [i, s] of samples.entries()) {
        await client.query(`insert into ${p} (i, c) values ($1, $2::${tc.sqlType})`, [i, 'param' in s ? s.param : s.value]);
      }
    }
    if (tc.sessionSetup) await client.query(`reset all; set timezone = 'UTC'`);
    const fromBinary = await readBack(client, b);
    const fromText = await readBack(client, t);
    const fromUnnest = await readBack(client, u);
    const shown = samples.map((s, i) => ({ text: texts[i], stored: fromBinary[i], value: s.value }));
    expect(fromText, `text COPY vs binary COPY for ${tc.sqlType}: ${inspect(shown)}`).toEqual(fromBinary);
    expect(fromUnnest, `unnest vs binary COPY for ${tc.sqlType}`).toEqual(fromBinary);
    if (tc.plainInsert) expect(await readBack(client, p), `plain INSERT vs binary COPY for ${tc.sqlType}`).toEqual(fromBinary);
    samples.forEach((s, i) => {
      if (s.expect !== undefined) expect(fromBinary[i], `stored text of sample ${i}`).toBe(s.expect);
    });
    if (tc.canonical) {
      const server = parseBinaryCopy(await copyOut(client, `copy (select i, c from ${t} order by i) to stdout (format binary)`), 1);
      samples.forEach((s, i) => {
        if (s.notCanonical) return;
        expect(ours[i]?.toString('hex'), `binary bytes of sample ${i} (${inspect(s.value)}) for ${tc.sqlType}`).toBe(server[i]?.toString('hex'));
      });
    }
  } finally {
    if (tc.sessionSetup) await client.query(`reset all; set timezone = 'UTC'`);
    for (const name of [b, t, u, p]) await client.query(`drop table ${name}`);
  }
}

function inspect(v: unknown): string {
  return nodeInspect(v, { depth: 3, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 200 });
}

/** Arrays built from the samples: all of them, empty, only NULL, NULLs around, one element each. */
export function arraySamples(samples: readonly (Sample | unknown)[]): unknown[][] {
  const values = toSamples(samples).map((s) => s.value);
  const first = values[0];
  const last = values[values.length - 1];
  return [values, [], [null], [first, null, last, undefined], ...values.slice(0, 6).map((v) => [v])];
}

/** The scalar case plus an array case derived from it. */
export async function checkTypeAndArray(client: pg.Client, tc: TypeCase, elementOid: number | ((ctx: BinaryContext) => number)): Promise<void> {
  await checkRoundTrip(client, tc);
  await checkRoundTrip(client, {
    ...tc,
    plainInsert: tc.arrayPlainInsert ?? false,
    canonical: tc.arrayCanonical ?? tc.canonical,
    sqlType: `${tc.sqlType}[]`,
    codec: arrayCodec(tc.codec, elementOid),
    samples: arraySamples(tc.samples).map((value) => ({ value })),
  });
}

/** Every bad value is rejected by both encoders with a CodecError whose message matches. */
export function expectRejected(codec: ColumnCodec, bad: readonly (readonly [unknown, RegExp])[], ctx: BinaryContext = emptyContext): void {
  for (const [value, message] of bad) {
    const runs: (() => unknown)[] = [() => codec.toText(value), () => encodeBinary(codec, value, ctx)];
    const writeText = codec.writeText;
    if (writeText) runs.push(() => writeText(new ByteWriter(8), value));
    for (const run of runs) {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error, `${inspect(value)} should be rejected`).toBeInstanceOf(CodecError);
      expect((error as Error).message, `message for ${inspect(value)}`).toMatch(message);
    }
  }
}

/**
 * Property, no server: for every generated value, `writeText` writes exactly the bytes of
 * `toText` (these codecs' text needs no COPY escaping), and refuses what `toText` refuses.
 */
export function expectWriteTextMatchesToText(codec: ColumnCodec, values: fc.Arbitrary<unknown>, numRuns: number): void {
  fc.assert(
    fc.property(values, (v) => {
      let text: string;
      try {
        text = codec.toText(v);
      } catch (e) {
        if (!(e instanceof CodecError)) throw e;
        expect(() => codec.writeText?.(new ByteWriter(4), v)).toThrow(CodecError);
        return;
      }
      const w = new ByteWriter(4);
      codec.writeText?.(w, v);
      expect(w.buf.toString('latin1', 0, w.pos)).toBe(text);
    }),
    { numRuns },
  );
}

function keyOf(codec: ColumnCodec, v: unknown): string {
  const w = new ByteWriter(64);
  if (codec.writeKey) codec.writeKey(w, v);
  else codec.writeBinary(w, v, emptyContext);
  return w.buf.toString('latin1', 0, w.pos);
}

/**
 * Keys are equal exactly when the server's `=` says the stored values are (each value cast
 * to `sqlType` from our text form, so typmod rounding and range canonicalisation count).
 */
export async function expectKeysMatchServer(client: pg.Client, sqlType: string, codec: ColumnCodec, values: readonly unknown[]): Promise<void> {
  const texts = values.map((v) => codec.toText(v));
  const { rows } = await client.query<{ i: number; j: number; eq: boolean }>(
    `select a.i, b.i as j, a.v::${sqlType} = b.v::${sqlType} as eq from unnest($1::text[]) with ordinality a(v, i), unnest($1::text[]) with ordinality b(v, i) where a.i < b.i order by 1, 2`,
    [texts],
  );
  for (const r of rows) {
    const i = Number(r.i) - 1;
    const j = Number(r.j) - 1;
    expect(keyOf(codec, values[i]) === keyOf(codec, values[j]), `${sqlType} keys of ${inspect(values[i])} and ${inspect(values[j])}`).toBe(r.eq);
  }
}

/** Values the server generates and prints (seeded, so a run repeats): the first column of each row of `sql`, as text. */
export async function serverTexts(client: pg.Client, sql: string): Promise<string[]> {
  await client.query('select setseed(0.25)');
  const { rows } = await client.query<{ v: string }>({ text: sql, rowMode: 'array' } as never);
  return (rows as unknown as string[][]).map((r) => String(r[0]));
}
