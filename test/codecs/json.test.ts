import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { json, jsonb, jsonText } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, encodeBinary, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

const values = [
  null,
  true,
  false,
  0,
  -0,
  1.5,
  -1e-7,
  1e300,
  Number.MAX_SAFE_INTEGER,
  '',
  'a string, not JSON text: {"a":1}',
  '\\N',
  'tab\there\nnewline\r"quotes" \\backslash\\',
  '\\u0000 as text',
  '😀 ünïcödé 中文',
  [],
  {},
  [1, 'two', null, [3, [4]], { five: 5 }],
  { a: 1, b: [true, null], 'key with "quotes"\n': { nested: 'x' }, '': 0 },
  { skipped: undefined, kept: 1 },
  { date: new Date('2020-01-02T03:04:05.678Z') },
  Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })),
];

/** The JSON text node-postgres would need to store the value as JSON (it sends a JS string as raw JSON). */
const asParam = (v: unknown) => JSON.stringify(v);

describe('json', () => {
  it('stores the same JSON text through all insert paths; a JS string is a JSON string', async () => {
    await checkTypeAndArray(
      db.client,
      { sqlType: 'json', codec: json(), samples: values.map((value) => ({ value, param: asParam(value) })), plainInsert: true, canonical: true },
      114,
    );
  });
  it('writes text marked with jsonText() as is', async () => {
    const raw = ['{"b": 1,   "a": [1,2]}', '"\\u0000"', '"\\ud83d\\ude00"', '[1e5, 0.10]', '  {"x": "tab\\t"}  '];
    await checkTypeAndArray(
      db.client,
      { sqlType: 'json', codec: json(), samples: raw.map((r) => ({ value: jsonText(r), expect: r, param: r })), plainInsert: true, canonical: true },
      114,
    );
    expect(json().toText('{"a":1}')).toBe('"{\\"a\\":1}"');
    expect(encodeBinary(json(), jsonText('[1]')).toString()).toBe('[1]');
  });
  it('rejects what JSON.stringify would drop, turn into null, or cannot serialise', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expectRejected(json(), [
      [undefined, /undefined is not a JSON value/],
      [() => 1, /a function is not a JSON value/],
      [Symbol('s'), /is not a JSON value/],
      [1n, /1n is not a JSON value/],
      [{ a: 1n }, /1n is not a JSON value/],
      [NaN, /NaN is not a JSON number/],
      [Infinity, /Infinity is not a JSON number/],
      [{ a: [1, NaN] }, /NaN is not a JSON number/],
      [[undefined], /undefined is not a JSON value/],
      [{ f: () => 1 }, /a function is not a JSON value/],
      [new Map([[1, 2]]), /a Map is not a JSON value/],
      [{ s: new Set() }, /a Set is not a JSON value/],
      [{ d: new Date(NaN) }, /invalid Date/],
      [cycle, /nested deeper than 1000 levels \(or is circular\)/],
      [{ raw: jsonText('1') }, /jsonText\(\) can only be a whole column value/],
    ]);
    expect(() => jsonText(1 as unknown as string)).toThrow(/jsonText\(\) takes a string/);
  });
});

describe('jsonb', () => {
  it('stores the same values through all insert paths', async () => {
    await checkTypeAndArray(
      db.client,
      // jsonb_send prints the server's normalised form (key order, spaces): not byte-comparable.
      { sqlType: 'jsonb', codec: jsonb(), samples: values.map((value) => ({ value, param: asParam(value) })), plainInsert: true, canonical: false },
      3802,
    );
  });
  it('writes version 1 then the JSON text', () => {
    expect(encodeBinary(jsonb(), { a: [1] }).toString('hex')).toBe('01' + Buffer.from('{"a":[1]}').toString('hex'));
    expect(encodeBinary(jsonb(), jsonText(' 1 ')).toString('hex')).toBe('01' + Buffer.from(' 1 ').toString('hex'));
  });
  it('accepts text that only looks like a \\u0000 escape, and raw JSON with escaped surrogate pairs', async () => {
    await checkRoundTrip(db.client, {
      sqlType: 'jsonb',
      codec: jsonb(),
      samples: [
        { value: '\\u0000', expect: '"\\\\u0000"', param: JSON.stringify('\\u0000') },
        { value: { 'k\\u0000': '\\\\\\u0000' }, param: JSON.stringify({ 'k\\u0000': '\\\\\\u0000' }) },
        { value: jsonText('"\\ud83d\\ude00"'), expect: '"😀"', param: '"\\ud83d\\ude00"' },
      ],
      plainInsert: true,
      canonical: false,
    });
  });
  it('rejects NUL characters and lone surrogates, which jsonb cannot store', () => {
    expectRejected(jsonb(), [
      ['a\u0000b', /jsonb cannot store the NUL character \(\\u0000\) in a string/],
      [{ 'key\u0000': 1 }, /NUL character/],
      [['x', { y: '\\\u0000' }], /NUL character/],
      ['\ud800', /jsonb cannot store a lone UTF-16 surrogate/],
      [{ k: 'x\udfff' }, /lone UTF-16 surrogate/],
      [jsonText('"\\u0000"'), /NUL character/],
      [jsonText('"a\u0000"'), /JSON text contains a NUL character/],
      [jsonText('"\ud800"'), /JSON text contains a lone UTF-16 surrogate/],
      [NaN, /not a JSON number/],
    ]);
  });
  it('property: any JSON value survives every path', async () => {
    const noNul = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('\\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(noNul, { minLength: 1, maxLength: 10 }), async (vals) => {
        await checkRoundTrip(db.client, { sqlType: 'jsonb', codec: jsonb(), samples: vals.map((value) => ({ value, param: asParam(value) })), plainInsert: true, canonical: false });
        await checkRoundTrip(db.client, { sqlType: 'json', codec: json(), samples: vals.map((value) => ({ value, param: asParam(value) })), plainInsert: true, canonical: true });
      }),
      { numRuns: 12 },
    );
  });
});
