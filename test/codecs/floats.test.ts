import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float4, float8 } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

describe('double precision', () => {
  const samples = [
    0,
    { value: -0, expect: '-0', param: '-0' }, // node-postgres sends -0 as "0"
    1,
    -1.5,
    0.1,
    1 / 3,
    Math.PI,
    1e21,
    1e-7,
    123456789012345680000,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    2.2250738585072014e-308,
    Number.MAX_SAFE_INTEGER,
    Number.EPSILON,
    { value: NaN, expect: 'NaN' },
    { value: Infinity, expect: 'Infinity' },
    { value: -Infinity, expect: '-Infinity' },
  ];
  it('stores the exact same doubles through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'float8', codec: float8(), samples, plainInsert: true, canonical: true }, 701);
  });
  it('writes the shortest round-trip text', () => {
    expect(float8().toText(-0)).toBe('-0');
    expect(float8().toText(0.1)).toBe('0.1');
    expect(float8().toText(1e21)).toBe('1e+21');
  });
  it('takes numbers only', () => {
    expectRejected(float8(), [
      ['1.5x', /"1.5x" is not a double precision/],
      ['0x10', /not a double precision/],
      ['', /not a double precision/],
      ['1e400', /out of range for type double precision/],
      ['1e-400', /out of range for type double precision/],
      [1n, /expected a number or a float string/],
      [null, /expected a number/],
    ]);
  });
  it('property: any double survives every path bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double(), { minLength: 1, maxLength: 30 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'float8', codec: float8(), samples: values.map((value) => ({ value })), plainInsert: false, canonical: true });
      }),
      { numRuns: 15 },
    );
  });
});

describe('real', () => {
  const samples = [
    0,
    { value: -0, expect: '-0' },
    1,
    { value: 0.1, expect: '0.1' },
    { value: 16777217, expect: '1.6777216e+07' },
    3.4028234663852886e38,
    { value: 3.4028235e38, expect: '3.4028235e+38' },
    -3.4028234663852886e38,
    1.401298464324817e-45,
    1.1754943508222875e-38,
    { value: NaN, expect: 'NaN' },
    { value: Infinity, expect: 'Infinity' },
    { value: -Infinity, expect: '-Infinity' },
  ];
  it('stores the nearest float32 alike through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'float4', codec: float4(), samples, plainInsert: false, canonical: true }, 700);
  });
  it('rejects finite values that would become infinite or zero', () => {
    expectRejected(float4(), [
      [1e39, /1e\+39 is out of range for real/],
      [-3.5e38, /out of range for real/],
      [Number.MAX_VALUE, /out of range for real/],
      [1e-50, /1e-50 is out of range for real \(underflows to 0\)/],
      [Number.MIN_VALUE, /underflows/],
      ['1e39', /out of range for type real/],
      ['1e-46', /out of range for type real/],
      ['x', /not a real/],
      [true, /expected a number or a float string/],
    ]);
  });
  it('reads PostgreSQL\'s text, rounded once to float32 as strtof does (not via a double)', async () => {
    // 1 + 2^-24 is the midpoint between two float32s; a double cannot hold the 1e-25 beyond it.
    const text = ['1.0000000596046447753906251', '1.0000000596046447753906249', '1.000000059604644775390625', ' -3.4028235e+38 ', 'NaN', '-Infinity', 'inf', '1.4e-45'];
    expect(float4().toText(text[0])).toBe(String(Math.fround(1 + 2 ** -23)));
    expect(float4().toText(text[1])).toBe('1');
    await checkRoundTrip(db.client, { sqlType: 'float4', codec: float4(), samples: text.map((value) => ({ value, param: value })), plainInsert: true, canonical: true });
  });
  it('property: any float32 survives every path bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.float(), { minLength: 1, maxLength: 30 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'float4', codec: float4(), samples: values.map((value) => ({ value })), plainInsert: false, canonical: true });
      }),
      { numRuns: 15 },
    );
  });
});
