import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tsquery, tsvector } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, encodeBinary, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

describe('tsvector', () => {
  const samples = [
    '',
    'a',
    'fat cat sat on a mat',
    "'fat':2A 'rat':3",
    'a:1,1A,1B b a:3',
    'a:3,2,1 a:2C',
    'a:1A2',
    'a:1DA',
    'a:99999,16383,5',
    "'don''t' 'back\\\\slash' 'tab\there'",
    "\\'quoted\\ word",
    "'a'b",
    'ab abc a ab',
    'é ü a z ä',
    '😀:1 ✓:2*',
    `w:${Array.from({ length: 300 }, (_, k) => k + 1).join(',')}`,
    '  spaced   out  ',
    "'a':1 'a':1d",
    "'a\u3000b' '\u00a0'",
  ];
  it('stores the same vector through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select to_tsvector('english', 'The quick brown fox ' || md5(i::text) || ' jumps over the lazy dog number ' || i)::text from generate_series(1, 15) i`);
    await checkTypeAndArray(db.client, { sqlType: 'tsvector', codec: tsvector(), samples: [...samples, ...generated], plainInsert: true, arrayPlainInsert: true, canonical: true }, 3614);
  });
  it('writes the canonical text: sorted, merged, quoted', () => {
    expect(tsvector().toText('b a:3,1 a:2B')).toBe("'a':1,2B,3 'b'");
  });
  it('rejects what tsvectorin rejects', () => {
    expectRejected(tsvector(), [
      ['a:0', /wrong position info/],
      ['a:', /"a:" is not a tsvector/],
      ["'a", /is not a tsvector/],
      ["''", /is not a tsvector/],
      ['a:1AB', /is not a tsvector/],
      ['a:1,', /is not a tsvector/],
      ['a:x', /is not a tsvector/],
      ['a\\', /there is no escaped character/],
      ['x'.repeat(2047), /word is too long \(2047 bytes, max 2046 bytes\)/],
      ['a:12345678901', /too large/],
      ['a\u3000b', /U\+3000 outside quotes is a space or not depending on the database's LC_CTYPE/],
      ['a\u00a0b', /U\+00A0 outside quotes/],
      [['a'], /expected a string/],
    ]);
  });
});

describe('tsquery', () => {
  const samples = [
    '',
    'a',
    'a & b',
    'a & b & c',
    'a | b & c',
    '(a | b) & c',
    '!a',
    '!!a',
    '!a & !b | c',
    'a <-> b',
    'a <2> b <-> c',
    'a <0> b',
    'a <16384> b',
    'a & (b | c) <2> !d',
    "'fat':*AB & 'rat':c",
    'a:*',
    'a:dcba',
    "'don''t' | 'back\\\\slash'",
    'é & ü | 😀',
    '((a))',
    ' a&b|c ',
    'a:A<->b',
    'a<->b',
    "'a\u3000b' & '\u00a0'",
  ];
  it('stores the same query through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select (to_tsquery('english', 'quick & (brown | fox' || i || ') & !lazy') || phraseto_tsquery('english', 'jumped over ' || md5(i::text)))::text from generate_series(1, 15) i`);
    await checkTypeAndArray(db.client, { sqlType: 'tsquery', codec: tsquery(), samples: [...samples, ...generated], plainInsert: true, arrayPlainInsert: true, canonical: true }, 3615);
  });
  it('rejects what tsqueryin rejects', () => {
    expectRejected(tsquery(), [
      ['a b', /"a b" is not a tsquery/],
      ['a<b', /is not a tsquery/],
      ['a <-> ', /no operand in tsquery/],
      ['a &', /no operand in tsquery/],
      ['(a', /is not a tsquery/],
      ['a)', /is not a tsquery/],
      ['()', /is not a tsquery/],
      ['& a', /is not a tsquery/],
      [':a', /is not a tsquery/],
      ['a <16385> b', /distance in phrase operator must be an integer value between zero and 16384/],
      ['!', /no operand in tsquery/],
      ['a\u2003& b', /U\+2003 outside quotes/],
      ['a &\u2003b', /U\+2003 outside quotes/],
      [1, /expected a string/],
    ]);
  });
});

describe('text search properties', () => {
  const lexeme = fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'é', "'", '\\', ':', ' ', ',', '*', '&', '!', '(', '😀'), minLength: 1, maxLength: 6 });
  /** A lexeme quoted as the input syntax wants (quotes doubled, backslashes escaped). */
  const quoted = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  // Below 16383: several weights at 16383 are refused (the server's choice among them depends on its sort order).
  const position = fc.tuple(fc.integer({ min: 1, max: 16382 }), fc.constantFrom('', 'A', 'b', 'C', 'd')).map(([p, w]) => `${p}${w}`);
  const entry = fc.tuple(lexeme, fc.array(position, { maxLength: 5 })).map(([l, ps]) => (ps.length > 0 ? `${quoted(l)}:${ps.join(',')}` : quoted(l)));
  it('property: any tsvector text survives every path, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(entry, { maxLength: 8 }).map((es) => es.join(' ')), { minLength: 1, maxLength: 10 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'tsvector', codec: tsvector(), samples: values.map((value) => ({ value })), plainInsert: true, canonical: true });
      }),
      { numRuns: 15 },
    );
  });
  const operand = fc.tuple(lexeme, fc.constantFrom('', ':*', ':A', ':ab*', ':D')).map(([l, m]) => `${quoted(l)}${m}`);
  const query: fc.Arbitrary<string> = fc.letrec((tie) => ({
    q: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      operand,
      fc.tuple(tie('q') as fc.Arbitrary<string>, fc.constantFrom(' & ', '|', ' <-> ', '<3>', ' <0> '), tie('q') as fc.Arbitrary<string>).map(([a, op, b]) => `${a}${op}${b}`),
      (tie('q') as fc.Arbitrary<string>).map((a) => `!${a}`),
      (tie('q') as fc.Arbitrary<string>).map((a) => `( ${a} )`),
    ),
  })).q as fc.Arbitrary<string>;
  it('property: any tsquery text survives every path, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(query, { minLength: 1, maxLength: 10 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'tsquery', codec: tsquery(), samples: values.map((value) => ({ value })), plainInsert: true, canonical: true });
      }),
      { numRuns: 15 },
    );
  });
});

describe('tsvector positions at the limit', () => {
  it('refuses several weights at 16383 (the server keeps one depending on its sort order), accepts one weight there', () => {
    expect(() => encodeBinary(tsvector(), 'a:1,16383A,20000C')).toThrow(/several positions at or past 16383 with different weights/);
    expect(encodeBinary(tsvector(), 'a:1,16383A,20000A').length).toBeGreaterThan(0);
  });
});
