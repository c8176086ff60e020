import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from '@pgtwin/runtime/internal/codec';
import { numeric } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected, expectWriteTextMatchesToText } from './codec-harness.ts';

const db = useTestDatabase();

const thousandDigits = '9'.repeat(400) + '1234567890'.repeat(60);
const longFraction = `0.${'0'.repeat(20)}${'3141592653'.repeat(100)}`;

describe('numeric', () => {
  const samples = [
    '0',
    { value: '-0', expect: '0' },
    { value: '-0.00', expect: '0.00' },
    '1.50',
    { value: '.5', expect: '0.5' },
    { value: '5.', expect: '5' },
    '-12.345',
    { value: '1.5e3', expect: '1500' },
    { value: '1.5E-3', expect: '0.0015' },
    { value: '+1e+2', expect: '100' },
    { value: '00012.3400', expect: '12.3400' },
    '9999',
    '10000',
    '0.0001',
    '0.00001',
    '99999999.99999999',
    '-100000000.00000001',
    'NaN',
    'Infinity',
    '-Infinity',
    thousandDigits,
    `-${thousandDigits}.${thousandDigits}`,
    longFraction,
    { value: '1e-16383', expect: `0.${'0'.repeat(16382)}1` },
    { value: '7e1000', expect: `7${'0'.repeat(1000)}` },
    { value: 123n, expect: '123' },
    { value: -12345678901234567890123n, expect: '-12345678901234567890123' },
    { value: Number.MAX_SAFE_INTEGER, expect: '9007199254740991' },
    { value: -0, expect: '0' },
    { value: NaN, expect: 'NaN' },
    { value: -Infinity, expect: '-Infinity' },
    // Base-10000 grouping: a first group shorter than its digits' span, full groups, a padded tail.
    '12300000',
    '1230',
    '123456789',
    '1234.5',
    '0.12345',
    '-0.000012345',
    '10000.0001',
    { value: 12300000n, expect: '12300000' },
    { value: -1000, expect: '-1000' },
    { value: 0n, expect: '0' },
    // A number is its shortest decimal, as node-postgres sends it.
    { value: 1.5, expect: '1.5' },
    { value: 0.1 + 0.2, expect: '0.30000000000000004' },
    { value: 2 ** 53 + 2, expect: '9007199254740994' },
    { value: 1e21, expect: '1000000000000000000000' },
    { value: -5e-324, expect: `-0.${'0'.repeat(323)}5` },
    // numeric_in's other spellings: any case for NaN and Infinity, inf, spaces around.
    { value: 'nan', expect: 'NaN' },
    { value: ' NaN ', expect: 'NaN' },
    { value: 'inf', expect: 'Infinity' },
    { value: '-INF', expect: '-Infinity' },
    { value: '-infinity', expect: '-Infinity' },
    { value: '+Inf', expect: 'Infinity' },
    { value: '+1', expect: '1' },
    { value: ' 1 ', expect: '1' },
    { value: '\t-1.50\n', expect: '-1.50' },
    { value: '1e5', expect: '100000' },
    { value: ' .5', expect: '0.5' },
  ];
  it('stores the same values through all insert paths, byte for byte', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'numeric', codec: numeric({}), samples, plainInsert: false, canonical: true }, 1700);
  });
  it('holds the largest values the storage format allows (more than 32767 base-10000 digits)', async () => {
    const widest = `${'7'.repeat(131072)}.${'3'.repeat(16383)}`;
    await checkRoundTrip(db.client, { sqlType: 'numeric', codec: numeric({}), samples: [{ value: widest, expect: widest }, `-${widest}`], plainInsert: true, canonical: true });
  });
  it('rejects bad syntax, lossy numbers and values beyond the storage format', () => {
    expectRejected(numeric({}), [
      ['', /not a valid numeric/],
      ['abc', /not a valid numeric \(expected a decimal string/],
      ['1.2.3', /not a valid numeric/],
      [' ', /not a valid numeric/],
      ['1 2', /not a valid numeric/],
      ['-nan', /not a valid numeric/],
      ['+NaN', /not a valid numeric/],
      ['infinit', /not a valid numeric/],
      ['\u00a01', /not a valid numeric/],
      ['1e', /not a valid numeric/],
      ['e5', /not a valid numeric/],
      ['--1', /not a valid numeric/],
      ['1_000', /not a valid numeric/],
      ['0x10', /not a valid numeric/],
      ['1e131072', /overflows numeric format/],
      ['1e-16384', /overflows numeric format/],
      ['0e-20000', /overflows numeric format/],
      ['1e99999999999', /overflows numeric format/],
      [true, /expected a decimal string, a bigint or a number/],
      [null, /expected a decimal string/],
    ]);
  });
});

describe('numeric writeText', () => {
  it('writes exactly the bytes of toText, for any decimal and typmod (no server)', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), maxLength: 40 });
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), digits, fc.boolean(), digits, fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }))
      .map(([sign, int, point, frac, exp]) => `${sign}${int}${point ? '.' : ''}${frac}${exp === undefined ? '' : `e${exp}`}`);
    const value = fc.oneof(decimal, fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }), fc.maxSafeInteger(), fc.constantFrom('NaN', 'Infinity', '-Infinity', NaN, Infinity, -Infinity));
    const typmods: [number | undefined, number | undefined][] = [[undefined, undefined], [39, 0], [10, 2], [5, -2], [3, 5], [30, 10], [1000, 499]];
    for (const [precision, scale] of typmods) {
      const codec = numeric({ precision, scale });
      expectWriteTextMatchesToText(codec, value, 2000);
    }
  });
});

describe('numeric(p, s)', () => {
  it('rounds half away from zero to the scale, as the server does', async () => {
    const samples = [
      { value: '1.005', expect: '1.01' },
      { value: '-1.005', expect: '-1.01' },
      { value: '1.004999', expect: '1.00' },
      { value: '12345678.994', expect: '12345678.99' },
      { value: '99999999.994', expect: '99999999.99' },
      { value: '0.005', expect: '0.01' },
      { value: '-0.004', expect: '0.00' },
      { value: '9.995', expect: '10.00' },
      { value: '0.999', expect: '1.00' },
      { value: '1e-30', expect: '0.00' },
      { value: '5', expect: '5.00' },
      { value: 5n, expect: '5.00' },
      { value: -7, expect: '-7.00' },
      'NaN',
      { value: '1.5e2', expect: '150.00' },
    ];
    await checkTypeAndArray(db.client, { sqlType: 'numeric(10,2)', codec: numeric({ precision: 10, scale: 2 }), samples, plainInsert: true, canonical: true }, 1700);
  });
  it('handles negative scales, scales above the precision and numeric(p)', async () => {
    await checkRoundTrip(db.client, {
      sqlType: 'numeric(5,-2)',
      codec: numeric({ precision: 5, scale: -2 }),
      samples: [
        { value: '12345', expect: '12300' },
        { value: '12351', expect: '12400' },
        { value: '-150', expect: '-200' },
        { value: '49.99', expect: '0' },
        { value: '9999949', expect: '9999900' },
      ],
      plainInsert: true,
      canonical: true,
    });
    await checkRoundTrip(db.client, {
      sqlType: 'numeric(3,5)',
      codec: numeric({ precision: 3, scale: 5 }),
      samples: [{ value: '0.00123', expect: '0.00123' }, { value: '0.001234', expect: '0.00123' }, { value: '-0.000995', expect: '-0.00100' }, '0.00999'],
      plainInsert: true,
      canonical: true,
    });
    await checkRoundTrip(db.client, {
      sqlType: 'numeric(39,0)',
      codec: numeric({ precision: 39 }),
      samples: [{ value: '340282366920938463463374607431768211455', expect: '340282366920938463463374607431768211455' }, { value: '0.5', expect: '1' }, { value: '-0.5', expect: '-1' }, { value: '0.49', expect: '0' }],
      plainInsert: true,
      canonical: true,
    });
    const big = `${'8'.repeat(500)}.${'4'.repeat(499)}5`;
    await checkRoundTrip(db.client, {
      sqlType: 'numeric(1000,499)',
      codec: numeric({ precision: 1000, scale: 499 }),
      samples: [{ value: big, expect: `${'8'.repeat(500)}.${'4'.repeat(498)}5` }, `-${'9'.repeat(501)}`],
      plainInsert: true,
      canonical: true,
    });
  });
  it('rejects what would overflow the column, and infinities', () => {
    expectRejected(numeric({ precision: 3, scale: 2 }), [
      ['9.995', /"9.995" overflows numeric\(3,2\): it must round to an absolute value below 10\^1/],
      ['10', /overflows numeric\(3,2\)/],
      ['-10.001', /overflows/],
      ['Infinity', /numeric\(3,2\) cannot hold an infinite value/],
      ['-Infinity', /cannot hold an infinite value/],
      [Infinity, /cannot hold an infinite value/],
      ['1e-20000', /overflows numeric format/],
    ]);
    expectRejected(numeric({ precision: 2, scale: 5 }), [['0.001', /overflows numeric\(2,5\)/]]);
    expect(() => numeric({ precision: 0 })).toThrow(CodecError);
    expect(() => numeric({ precision: 10, scale: 1001 })).toThrow(CodecError);
  });
  it('property: decimal strings are stored alike, and rejected exactly when the server rejects them', async () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), maxLength: 14 });
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), digits, fc.boolean(), digits, fc.option(fc.integer({ min: -12, max: 12 }), { nil: undefined }))
      .map(([sign, int, point, frac, exp]) => `${sign}${int}${point ? '.' : ''}${frac}${exp === undefined ? '' : `e${exp}`}`);
    // numeric_in's other spellings, and spaces around any of them.
    const spelled = fc
      .tuple(fc.oneof(decimal, fc.constantFrom('nan', 'NaN', 'NAN', '-nan', 'inf', '-inf', '+INF', 'infinity', '-Infinity', '+infinity', 'infinit')), fc.constantFrom('', ' ', '\t', '\n '), fc.constantFrom('', ' ', '\r\n'))
      .map(([v, before, after]) => `${before}${v}${after}`);
    for (const [precision, scale] of [[undefined, undefined], [8, 3], [4, -1]] as const) {
      const codec = numeric({ precision, scale });
      const sqlType = precision === undefined ? 'numeric' : `numeric(${precision},${scale})`;
      await fc.assert(
        fc.asyncProperty(fc.array(spelled, { minLength: 1, maxLength: 20 }), async (values) => {
          const accepted: string[] = [];
          for (const v of values) {
            let ok = true;
            try {
              codec.toText(v);
            } catch (e) {
              if (!(e instanceof CodecError)) throw e;
              ok = false;
            }
            const server = await db.client.query(`select $1::${sqlType}`, [v]).then(
              () => true,
              () => false,
            );
            expect(ok, `${JSON.stringify(v)} accepted by us vs by the server`).toBe(server);
            if (ok) accepted.push(v);
          }
          if (accepted.length > 0) await checkRoundTrip(db.client, { sqlType, codec, samples: accepted.map((value) => ({ value })), plainInsert: true, canonical: true });
        }),
        { numRuns: 12 },
      );
    }
  });
});
