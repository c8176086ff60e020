/**
 * The JSON writer must produce exactly JSON.stringify's bytes (json columns store the text
 * as written), with backslashes doubled for COPY text. Pure: no database needed here; the
 * server round trips are in json.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '@pgtwin/runtime/internal/byte-writer';
import { CodecError } from '@pgtwin/runtime/internal/codec';
import { copyTextEscape, json, jsonb } from '@pgtwin/runtime/internal/codecs/index';
import { writeJson, type JsonWriteMode } from '@pgtwin/runtime/internal/codecs/json-writer';

function written(v: unknown, mode: JsonWriteMode): Buffer {
  const w = new ByteWriter(8); // tiny on purpose: every ensure() path grows it
  writeJson(w, v, mode);
  return Buffer.from(w.buf.subarray(0, w.pos));
}

const BINARY = { jsonb: false, copyText: false };
const TEXT = { jsonb: false, copyText: true };
const BINARY_JSONB = { jsonb: true, copyText: false };

/** What jsonb cannot store: a NUL or a lone surrogate, which JSON.stringify writes as \u escapes. */
const jsonbRefuses = (s: string) => /(^|[^\\])(\\\\)*\\u(0000|d[89a-f])/i.test(s);

describe('writeJson', () => {
  it('property: binary bytes equal Buffer.from(JSON.stringify(v)), COPY text equals copyTextEscape of it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (v) => {
        const expected = JSON.stringify(v);
        const bytes = written(v, BINARY);
        // A lone surrogate is an escape in both (well-formed JSON.stringify), so the bytes match too.
        expect(bytes.equals(Buffer.from(expected))).toBe(true);
        expect(written(v, TEXT).toString('utf8')).toBe(copyTextEscape(expected));
        if (jsonbRefuses(expected)) expect(() => written(v, BINARY_JSONB)).toThrow(CodecError);
        else expect(written(v, BINARY_JSONB).equals(bytes)).toBe(true);
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 2000) },
    );
  });

  it('writes every escape, non-BMP characters, lone surrogates and numbers as JSON.stringify does', () => {
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    const values = [
      controls + '"\\/\u007f\u2028\u2029é中😀',
      '\ud800',
      'a\udfffb',
      '\udbff\udfff',
      [0, -0, 1.5, -1e-7, 1e21, 1e300, 5e-324, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 0.1 + 0.2],
      { '': { 'k\n"': [true, false, null] } },
      // Long strings (32 units and more) take the native path when nothing needs escaping.
      ['x'.repeat(40), 'é'.repeat(40) + '😀', 'y'.repeat(40) + '"', '\ud800' + 'z'.repeat(40), 'tab\t'.repeat(10), '😀'.repeat(20)],
    ];
    for (const v of values) {
      expect(written(v, BINARY).toString('utf8')).toBe(JSON.stringify(v));
      expect(written(v, TEXT).toString('utf8')).toBe(copyTextEscape(JSON.stringify(v)));
    }
  });

  it('calls toJSON with the property name or index, as JSON.stringify does, and not again on its result', () => {
    const keys: string[] = [];
    class Money {
      constructor(readonly cents: number) {}
      toJSON(key: string) {
        keys.push(key);
        return { cents: this.cents };
      }
    }
    const value = { price: new Money(5), list: [new Money(7)], when: new Date('2020-01-02T03:04:05.678Z'), buf: Buffer.from('hi') };
    expect(written(value, BINARY).toString()).toBe(JSON.stringify(value));
    expect(keys).toEqual(['price', '0', 'price', '0']);
  });

  it('writes class instances, boxed primitives and null-prototype objects like JSON.stringify', () => {
    class Point {
      z?: number;
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      get norm() {
        return Math.hypot(this.x, this.y);
      }
    }
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    const values = [new Point(1, 2), [Object(1), Object('s'), Object(false)], bare, { nested: { p: new Point(3, 4) } }];
    for (const v of values) expect(written(v, BINARY).toString()).toBe(JSON.stringify(v));
  });

  it('follows JSON.stringify on arrays with toJSON, boxed primitives by internal slot, and toJSON results', () => {
    class Tags extends Array<string> {
      toJSON() {
        return this.join(',');
      }
    }
    const tagged = Object.assign([1, 2], { toJSON: () => 'x' });
    const stringWithToString = Object.assign(new String('a'), { toString: () => 'b' });
    const numberWithPrimitive = Object.assign(new Number(1), { [Symbol.toPrimitive]: () => 3 });
    const values = [
      tagged,
      { t: Tags.from(['a', 'b']) },
      [stringWithToString, numberWithPrimitive, Object(true)],
      Object.create(Number.prototype) as object,
      // toJSON's result is not asked for its own toJSON again.
      { r: { toJSON: undefined, inner: new (class { toJSON() { return Object.assign([1], { toJSON: () => 'again' }); } })() } },
      { d: new (class { toJSON() { return new Date(0); } })() },
    ];
    for (const v of values) expect(written(v, BINARY).toString(), String(JSON.stringify(v))).toBe(JSON.stringify(v));
  });

  it('turns any error while serialising into a CodecError (the row encoder then names table, column and row)', () => {
    const throwing = new (class {
      toJSON(): never {
        throw new RangeError('bad');
      }
    })();
    const getter = Object.defineProperty({}, 'g', {
      enumerable: true,
      get() {
        throw new TypeError('no');
      },
    });
    expect(() => written({ x: throwing }, BINARY)).toThrow(CodecError);
    expect(() => written({ x: throwing }, BINARY)).toThrow(/cannot serialise as JSON: bad/);
    expect(() => written(getter, BINARY)).toThrow(/cannot serialise as JSON: no/);
    expect(() => written({ n: Object(1n) }, BINARY)).toThrow(/a boxed BigInt is not a JSON value/);
  });

  it('skips inherited enumerable keys (a polluted Object.prototype), as JSON.stringify does', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 1;
    try {
      expect(written({ own: 1 }, BINARY).toString()).toBe('{"own":1}');
    } finally {
      delete proto.polluted;
    }
  });

  it('refuses what JSON.stringify would change, naming the value', () => {
    const refused: [unknown, RegExp][] = [
      [[1, undefined], /undefined is not a JSON value/],
      [{ a: NaN }, /NaN is not a JSON number/],
      [{ a: -Infinity }, /-Infinity is not a JSON number/],
      [{ f: Symbol('s') }, /is not a JSON value/],
      [{ b: 2n }, /2n is not a JSON value/],
      [{ m: new Map() }, /a Map is not a JSON value/],
      [{ d: new Date(NaN) }, /invalid Date/],
      [{ t: { toJSON: () => undefined } }, /is not a JSON value/],
      [{ t: new (class { toJSON() { return undefined; } })() }, /returned undefined/],
      [{ t: new (class { toJSON() { return NaN; } })() }, /NaN is not a JSON number/],
    ];
    for (const [v, message] of refused) expect(() => written(v, BINARY), String(message)).toThrow(message);
  });

  it('is what the json and jsonb codecs write, and toText is the same text', () => {
    const v = { a: 'tab\there', b: ['\\', 'é'] };
    const w = new ByteWriter(8);
    json().writeText?.(w, v);
    expect(w.buf.toString('utf8', 0, w.pos)).toBe(copyTextEscape(JSON.stringify(v)));
    expect(json().toText(v)).toBe(JSON.stringify(v));
    expect(jsonb().toText(v)).toBe(JSON.stringify(v));
    expect(json().toText('x'.repeat(3_000_000)).length).toBe(3_000_002);
  });
});
