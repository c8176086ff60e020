import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '@pgtwin/runtime/internal/byte-writer';
import { int2, int4, int8 } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, encodeBinary, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

describe('smallint', () => {
  it('stores the same values through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'int2', codec: int2(), samples: [0, -0, 1, -1, 32767, -32768, 255, 256, '-32768', ' +12 ', '007'], plainInsert: true, arrayPlainInsert: true, canonical: true }, 21);
  });
  it('rejects what smallint cannot hold', () => {
    expectRejected(int2(), [
      [32768, /32768 is out of range for smallint/],
      [-32769, /out of range for smallint/],
      [40000, /^40000 is out of range for smallint$/],
      [1.5, /1.5 is not an integer/],
      [NaN, /NaN/],
      [Infinity, /Infinity is out of range/],
      ['32768', /32768 is out of range for smallint/],
      ['1.0', /"1.0" is not a smallint \(expected an integer\)/],
      ['0x10', /not a smallint/],
      ['', /not a smallint/],
      [1n, /expected a number or an integer string, got 1n/],
      [null, /expected a number/],
    ]);
  });
});

describe('integer', () => {
  it('stores the same values through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'int4', codec: int4(), samples: [0, -0, 1, -1, 2147483647, -2147483648, 65536, '-2147483648', '\t42\n'], plainInsert: true, arrayPlainInsert: true, canonical: true }, 23);
  });
  it('rejects what integer cannot hold', () => {
    expectRejected(int4(), [
      [2147483648, /out of range for integer/],
      [-2147483649, /out of range for integer/],
      [0.1, /not an integer/],
      [-Infinity, /out of range/],
      [NaN, /NaN/],
      [true, /expected a number or an integer string, got true/],
      ['2147483648', /out of range for integer/],
      ['1e3', /not a integer/],
      ['1_000', /not a integer/],
    ]);
  });
});

describe('bigint', () => {
  const samples = [
    0,
    -0,
    1n,
    -1,
    '0',
    '-0',
    '007',
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    9223372036854775807n,
    -9223372036854775808n,
    '9223372036854775807',
    '-9223372036854775808',
    '-000000000000000000000000000012',
    '123456789012345',
    '1234567890123456',
    4294967296,
    -4294967297,
  ];
  it('stores the same values through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'int8', codec: int8(), samples, plainInsert: true, canonical: true }, 20);
  });
  it('rejects what bigint cannot hold, and numbers that may have lost digits', () => {
    expectRejected(int8(), [
      [9223372036854775808n, /out of range for bigint/],
      [-9223372036854775809n, /out of range for bigint/],
      ['9223372036854775808', /out of range for bigint/],
      ['-9223372036854775809', /out of range for bigint/],
      [2 ** 53, /beyond 2\^53, pass a bigint or string/],
      [1e20, /beyond 2\^53, pass a bigint or string/],
      [1.5, /not an integer/],
      [NaN, /not an integer/],
      [Infinity, /not an integer/],
      ['', /not an integer/],
      ['-', /not an integer/],
      ['1.0', /not an integer/],
      ['++1', /not an integer/],
      [' 1 2', /not an integer/],
      [' +9223372036854775808', /out of range for bigint/],
      ['1e3', /not an integer/],
      [true, /expected a bigint, an integer string or a safe-integer number/],
    ]);
  });
  it('writes numbers, bigints and strings identically', () => {
    for (const v of [0, 1, -1, 4294967295, 4294967296, -4294967296, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const expected = encodeBinary(int8(), BigInt(v)).toString('hex');
      expect(encodeBinary(int8(), v).toString('hex')).toBe(expected);
      expect(encodeBinary(int8(), String(v)).toString('hex')).toBe(expected);
    }
  });
  it('property: any int64, as bigint or string, survives every path', async () => {
    const anyInt64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(anyInt64, anyInt64.map(String), fc.maxSafeInteger()), { minLength: 1, maxLength: 30 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'int8', codec: int8(), samples: values.map((value) => ({ value })), plainInsert: false, canonical: true });
      }),
      { numRuns: 15 },
    );
  });
  it('COPY text digits equal String(v) for every digit count and around every power of ten', () => {
    const edges = [0, -0, Number.MAX_SAFE_INTEGER, 2147483647, 2147483648, 4294967295, 4294967296];
    for (let k = 1; k <= 15; k++) edges.push(10 ** k - 1, 10 ** k, 10 ** k + 1);
    const w = new ByteWriter(8);
    const check = (v: number) => {
      w.pos = 0;
      int8().writeText?.(w, v);
      expect(w.buf.toString('latin1', 0, w.pos)).toBe(String(v));
    };
    for (const v of edges) {
      check(v);
      check(-v);
    }
    fc.assert(fc.property(fc.maxSafeInteger(), (v) => check(v)), { numRuns: 5000 });
  });
});
