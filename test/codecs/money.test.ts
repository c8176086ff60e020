import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

describe('money (lc_monetary C: 2 fraction digits, "." and ",")', () => {
  // cash_in's spellings, read as the server reads them (the plain INSERT of the same string is the oracle).
  const spellings = [
    '12.34',
    '-12.34',
    '12.345',
    '12.355',
    '12.3449',
    '-12.345',
    '$1,234.56',
    '-$1,234.5',
    '($3.00)',
    '$-3',
    ' 12 ',
    '1,2,3',
    '12.',
    '.5',
    '+5',
    '-',
    '',
    '$ 12',
    '12$',
    '00012',
    '12.999999',
    '- 5',
    '(5',
    '5)',
    '12.34,5',
    '5-',
    '92233720368547758.07',
    '-92233720368547758.08',
    '$92,233,720,368,547,758.07',
  ];
  const numbers = [0, -0, 1, -1, 0.1 + 0.2, 12.345, 1.005, 123456789.12, -0.5, 0.004, 0.005, 90071992547409.91];
  it('stores the same amount through all insert paths, byte for byte', async () => {
    const { rows } = await db.client.query<{ lc_monetary: string }>('show lc_monetary');
    expect(rows[0]?.lc_monetary).toMatch(/^(C|POSIX|C\.UTF-8|en_US.*)$/);
    const generated = await serverTexts(db.client, `select ((random() - 0.5) * 1e12)::numeric(20,2)::money::text from generate_series(1, 20)`);
    await checkTypeAndArray(db.client, { sqlType: 'money', codec: money(), samples: [...spellings, ...generated], plainInsert: true, arrayPlainInsert: true, canonical: true }, 790);
    await checkRoundTrip(db.client, { sqlType: 'money', codec: money(), samples: numbers.map((value) => ({ value, param: String(value) })), plainInsert: true, canonical: true });
  });
  it('writes a plain decimal with the fraction digits', () => {
    expect(money().toText('$1,234.5')).toBe('1234.50');
    expect(money().toText(-0.5)).toBe('-0.50');
    expect(money({ fractionDigits: 0 }).toText('1234.5')).toBe('1235');
    expect(money({ fractionDigits: 3 }).toText('-1.2345')).toBe('-1.235');
  });
  it('rejects what cash_in rejects and the out of range', () => {
    expectRejected(money(), [
      ['1.2.3', /"1.2.3" is not a money amount/],
      ['1e3', /not a money amount/],
      ['--1', /not a money amount/],
      ['12 34', /not a money amount/],
      ['abc', /not a money amount/],
      ['92233720368547758.08', /out of range for type money/],
      ['-92233720368547758.09', /out of range for type money/],
      ['99999999999999999999', /out of range for type money/],
      [1e-7, /no plain decimal form/],
      [1e21, /no plain decimal form/],
      [Number.NaN, /NaN is not a money amount/],
      [Infinity, /not a money amount/],
      [12n, /expected a number or a decimal string/],
    ]);
    expect(() => money({ fractionDigits: 11 })).toThrow(/fractionDigits must be an integer from 0 to 10/);
  });
});

describe('money properties', () => {
  it('property: numbers and decimal strings in range survive every path, byte for byte', async () => {
    const amount = fc.oneof(
      fc.double({ min: -9e13, max: 9e13, noNaN: true }).filter((x) => !String(x).includes('e')),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((c) => {
        const neg = c < 0n;
        const d = (neg ? -c : c).toString().padStart(3, '0');
        return `${neg ? '-' : ''}${d.slice(0, -2)}.${d.slice(-2)}`;
      }),
      fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99999 })).map(([a, b]) => `${a},${String(b).padStart(5, '0')}.${b}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(amount, { minLength: 1, maxLength: 20 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'money', codec: money(), samples: values.map((value) => ({ value, param: String(value) })), plainInsert: true, canonical: true });
      }),
      { numRuns: 20 },
    );
  });
});
