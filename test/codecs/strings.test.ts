import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bpchar, text, varchar } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

/** The characters COPY text, array literals and CSV-ish parsers treat specially. */
const tricky = [
  '',
  ' ',
  'plain',
  '\\N',
  'NULL',
  'null',
  'a\tb',
  'line\nbreak',
  'cr\rlf\r\n',
  'back\\slash',
  '\\',
  '\\\\x00',
  'say "hi"',
  '"',
  "it's",
  'a,b',
  '{a,b}',
  '{',
  '}',
  '  padded  ',
  'ünïcödé',
  '😀 emoji 🎉',
  '𝄞',
  '中文',
  '\u007f\u0001\u001f',
  'x'.repeat(10000),
  '\b\v\f',
  // Longer than the fused short-string loop (64 units): escapes, quotes, non-BMP.
  'tab\t😀 "q" \\ é,{}\n'.repeat(20),
  'ü'.repeat(63) + '😀',
];

describe('text', () => {
  it('stores the same strings through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'text', codec: text(), samples: tricky, plainInsert: true, arrayPlainInsert: true, canonical: true }, 25);
  });
  it('rejects what text cannot store', () => {
    expectRejected(text(), [
      ['a\u0000b', /NUL character/],
      ['\ud800', /lone UTF-16 surrogate/],
      ['x\udc00y', /lone UTF-16 surrogate/],
      ['\ude00\ud83d', /lone UTF-16 surrogate/],
      // Long strings take the native scans instead of the fused short-string loop.
      ['x'.repeat(100) + '\u0000', /NUL character/],
      ['é'.repeat(100) + '\ud800', /lone UTF-16 surrogate/],
      ['\udc00' + 'x'.repeat(100), /lone UTF-16 surrogate/],
      [1, /expected a string, got 1/],
      [null, /expected a string/],
      [Buffer.from('x'), /expected a string, got a Uint8Array/],
    ]);
  });
  it('property: any well-formed string without NUL survives every path', async () => {
    const str = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/\u0000/g, ''));
    const ascii = fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', '"', ',', '{', '}', ' ', 'N', 'a'), maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(str, ascii), { minLength: 1, maxLength: 20 }), async (values) => {
        await checkTypeAndArray(db.client, { sqlType: 'text', codec: text(), samples: values.map((value) => ({ value })), plainInsert: true, canonical: true }, 25);
      }),
      { numRuns: 15 },
    );
  });
});

describe('varchar(n)', () => {
  it('stores strings up to n characters (code points, not UTF-16 units)', async () => {
    await checkTypeAndArray(
      db.client,
      { sqlType: 'varchar(3)', codec: varchar({ length: 3 }), samples: ['', 'abc', '😀😀😀', 'a\tb', '  x', '"\\,', 'ab ', 'abc   ', '😀😀😀 ', 'a\tb  ', '      '], plainInsert: true, arrayPlainInsert: true, canonical: true },
      1043,
    );
  });
  it('without a length is text', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'varchar', codec: varchar({}), samples: tricky, plainInsert: true, canonical: true }, 1043);
  });
  it('cuts excess trailing spaces as PostgreSQL does', () => {
    expect(varchar({ length: 3 }).toText('abc   ')).toBe('abc');
    expect(varchar({ length: 3 }).toText('😀😀😀 ')).toBe('😀😀😀');
  });
  it('rejects longer strings unless the excess is spaces', () => {
    expectRejected(varchar({ length: 3 }), [
      ['abcd', /longer than 3 characters, too long for varchar\(3\)/],
      ['abc \t', /too long for varchar\(3\)/],
      ['abc\u00a0', /too long for varchar\(3\)/],
      ['abc  x', /too long for varchar\(3\)/],
      ['ab😀😀 ', /too long for varchar\(3\)/],
      ['😀😀😀😀', /too long/],
      ['a\u0000', /NUL/],
      [3, /expected a string/],
    ]);
  });
});

describe('char(n)', () => {
  it('stores strings, padded by the server identically for text and binary', async () => {
    await checkTypeAndArray(
      db.client,
      {
        sqlType: 'bpchar(4)',
        codec: bpchar({ length: 4 }),
        samples: [
          { value: 'abcd' },
          { value: '', notCanonical: true },
          { value: 'ab', notCanonical: true },
          { value: '😀😀😀😀' },
          { value: 'ab      ', notCanonical: true },
          { value: 'a\tb\\', expect: 'a\tb\\' },
          { value: 'a"', notCanonical: true },
        ],
        plainInsert: true,
        canonical: true,
        // Elements that need padding come back padded.
        arrayCanonical: false,
      },
      1042,
    );
  });
  it('defaults to char(1)', async () => {
    await checkRoundTrip(db.client, { sqlType: 'bpchar(1)', codec: bpchar({}), samples: ['x', '😀', { value: '', notCanonical: true }], plainInsert: true, canonical: true });
  });
  it('rejects longer strings unless the excess is spaces', () => {
    expectRejected(bpchar({ length: 2 }), [
      ['abc', /longer than 2 characters, too long for char\(2\)/],
      ['ab c', /too long/],
      ['😀😀😀', /too long/],
      ['\u0000', /NUL/],
    ]);
    expect(bpchar({ length: 2 }).toText('ab    ')).toBe('ab');
  });
});
