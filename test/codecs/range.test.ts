/** Ranges and multiranges: every form PostgreSQL prints, objects, canonicalisation, keys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  datemultirange,
  daterange,
  int4multirange,
  int4range,
  int8multirange,
  int8range,
  nummultirange,
  numrange,
  tsmultirange,
  tsrange,
  tstzmultirange,
  tstzrange,
} from '@pgtwin/runtime/internal/codecs/index';
import type { ColumnCodec as ColumnCodecLike } from '@pgtwin/runtime/internal/codec';
import { useTestDatabase } from '../support/db.ts';
import { binaryCopyStream, checkRoundTrip, checkTypeAndArray, copyIn, encodeBinary, expectKeysMatchServer, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

/** postgres-range's Range, as node-postgres users who parse ranges hold it (lower, upper, mask). */
class Range<T> {
  constructor(
    readonly lower: T | null,
    readonly upper: T | null,
    readonly mask: number,
  ) {}
}

const BOUNDS = `(array['[)', '[]', '()', '(]'])[1 + floor(random() * 4)::int]`;
/** Random ranges built and printed by the server: ordered bounds, some unbounded, some empty. */
function randomRanges(ctor: string, value: string): string {
  return `select ${ctor}(CASE WHEN random() < 0.1 THEN NULL ELSE least(a, b) END, CASE WHEN random() < 0.1 THEN NULL ELSE greatest(a, b) END, ${BOUNDS})::text as v
    from (select ${value} as a, ${value} as b from generate_series(1, 150)) x`;
}

describe('int4range', () => {
  const samples = [
    '[1,5)',
    { value: '(1,5]', expect: '[2,6)' },
    { value: '[1,5]', expect: '[1,6)' },
    'empty',
    { value: 'EMPTY', expect: 'empty' },
    { value: '[5,5)', expect: 'empty' },
    { value: '(4,5)', expect: 'empty' },
    { value: '[5,5]', expect: '[5,6)' },
    '(,5)',
    { value: '[,5]', expect: '(,6)' },
    '[-3,)',
    '(,)',
    { value: ' [ 1 , "5" ) ', expect: '[1,5)' },
    '[-2147483648,2147483647)',
    { value: '(-2147483648,2147483646]', expect: '[-2147483647,2147483647)' },
    { value: { lower: 1, upper: 5 }, param: '[1,5)', expect: '[1,5)' },
    { value: { lower: 1, upper: 5, bounds: '[]' }, param: '[1,5]', expect: '[1,6)' },
    { value: { lower: null, upper: 3, bounds: '(]' }, param: '(,3]', expect: '(,4)' },
    { value: { lower: '7' }, param: '[7,)', expect: '[7,)' },
    { value: new Range(1, 5, 2 | 4), param: '[1,5]', expect: '[1,6)' },
    { value: new Range(null, 5, 8), param: '(,5)', expect: '(,5)' },
    { value: new Range(null, null, 1), param: 'empty', expect: 'empty' },
  ];
  it('stores the same canonical ranges through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'int4range', codec: int4range(), samples, plainInsert: true, canonical: true }, 3904);
  });
  it('takes every int4range PostgreSQL prints', async () => {
    const values = await serverTexts(db.client, randomRanges('int4range', `floor((random() - 0.5) * 4294967295)::int4`));
    await checkTypeAndArray(db.client, { sqlType: 'int4range', codec: int4range(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 3904);
  });
  it('range_recv canonicalises binary input too (so sending the canonical form is for bytes and keys, not storage)', async () => {
    await db.client.query('create temp table recv (i int4, c int4range)');
    // [1,5] and (1,5) as raw range_send bytes, not canonical.
    const raw = [Buffer.from('06' + '00000004' + '00000001' + '00000004' + '00000005', 'hex'), Buffer.from('00' + '00000004' + '00000001' + '00000004' + '00000002', 'hex')];
    await copyIn(db.client, 'copy recv (i, c) from stdin (format binary)', binaryCopyStream(raw));
    const { rows } = await db.client.query<{ c: string }>('select c::text as c from recv order by i');
    expect(rows.map((r) => r.c)).toEqual(['[1,6)', 'empty']);
  });
  it('writes range_send bytes', () => {
    expect(encodeBinary(int4range(), '(1,5]').toString('hex')).toBe('02' + '00000004' + '00000002' + '00000004' + '00000006');
    expect(encodeBinary(int4range(), 'empty').toString('hex')).toBe('01');
    expect(encodeBinary(int4range(), '(,)').toString('hex')).toBe('18');
  });
  it('rejects what the server refuses, naming the bound', async () => {
    for (const bad of ['[5,1)', '[1,2147483647]', '[1,a)']) await expect(db.client.query('select $1::int4range', [bad]), bad).rejects.toThrow();
    expectRejected(int4range(), [
      ['[5,1)', /range lower bound must be less than or equal to range upper bound/],
      [{ lower: 5, upper: 1 }, /int4range object: range lower bound must be less than or equal/],
      ['[1,2147483647]', /int4range out of range/],
      ['(2147483647,)', /int4range out of range/],
      ['[1,a)', /upper bound: "a" is not a integer/],
      ['[1.5,2)', /lower bound: .*not a integer/],
      ['[1,5', /not a int4range \(unexpected end\)/],
      ['1,5', /expected "\[", "\(" or "empty"/],
      ['[1;5)', /expected "," after the lower bound/],
      ['[1,5)x', /junk after the right bracket/],
      ['empty x', /junk after "empty"/],
      [{ lower: 1, upper: 5, bounds: '[[' }, /bounds must be "\[\)", "\[\]", "\(\)" or "\(\]"/],
      [{ lo: 1 }, /unknown key "lo"/],
      [new Range(1, 5, 99), /mask must be an integer of flag bits/],
      [{ lower: 2 ** 31 }, /lower bound: 2147483648 is out of range for integer/],
      [5, /expected a int4range string, \{ lower, upper, bounds \} or a postgres-range Range, got 5/],
      [[1, 5], /got an array/],
    ]);
  });
  it('keys are equal exactly when the server\'s = says so', async () => {
    await expectKeysMatchServer(db.client, 'int4range', int4range(), ['[1,5)', '[1,4]', '(0,5)', '(0,4]', 'empty', '[5,5)', '(,5)', '[,5)', '(,)', '[1,)', { lower: 1, upper: 5 }]);
  });
});

describe('int8range', () => {
  const samples = ['[-9223372036854775808,9223372036854775807)', { value: '(1,5]', expect: '[2,6)' }, { value: { lower: 10n, upper: 20n, bounds: '[]' }, param: '[10,20]', expect: '[10,21)' }, 'empty', '(,)'];
  it('stores the same canonical ranges through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'int8range', codec: int8range(), samples, plainInsert: true, canonical: true }, 3926);
    const values = await serverTexts(db.client, randomRanges('int8range', `floor((random() - 0.5) * 1.8e19)::numeric::int8`));
    await checkTypeAndArray(db.client, { sqlType: 'int8range', codec: int8range(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 3926);
  });
  it('rejects an inclusive bound at the maximum', () => {
    expectRejected(int8range(), [['[0,9223372036854775807]', /int8range out of range/]]);
  });
});

describe('numrange', () => {
  const samples = [
    '[1.5,2.50)',
    '[1.0,1.00]',
    { value: '(1,1.0)', expect: 'empty' },
    { value: '[1.0,1.00)', expect: 'empty' },
    '(,1e-5]',
    '[-Infinity,Infinity]',
    '[1,NaN]',
    '[NaN,NaN]',
    '(-0.000,0]',
    { value: { lower: '0.1', upper: 2n }, param: '[0.1,2)', expect: '[0.1,2)' },
  ];
  it('stores the same ranges through all insert paths (continuous: no canonical step)', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'numrange', codec: numrange(), samples, plainInsert: true, canonical: true }, 3906);
    const values = await serverTexts(db.client, randomRanges('numrange', `round(((random() - 0.5) * 10 ^ floor(random() * 20))::numeric, floor(random() * 6)::int)`));
    await checkTypeAndArray(db.client, { sqlType: 'numrange', codec: numrange(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 3906);
  });
  it('orders bounds as numeric_cmp does (NaN above Infinity)', () => {
    expectRejected(numrange(), [
      ['[2,1.99)', /lower bound must be less than or equal/],
      ['[NaN,Infinity)', /lower bound must be less than or equal/],
      ['[-1,-2)', /lower bound must be less than or equal/],
      ['[0.001,-0.001)', /lower bound must be less than or equal/],
    ]);
  });
  it('keys are equal exactly when the server\'s = says so', async () => {
    await expectKeysMatchServer(db.client, 'numrange', numrange(), ['[1,2)', '[1.0,2.00)', '[1,2]', 'empty', '(1,1)', '(1.0,2)', '[NaN,NaN]', '[NaN,NaN]', '(,2)']);
  });
});

describe('daterange', () => {
  const samples = [
    { value: '[2020-01-01,2020-12-31]', expect: '[2020-01-01,2021-01-01)' },
    { value: '(2020-01-01,infinity)', expect: '[2020-01-02,infinity)' },
    // daterange_canonical leaves infinite dates and their inclusivity alone.
    '[-infinity,infinity]',
    { value: '(-infinity,2020-02-28]', expect: '(-infinity,2020-02-29)' },
    { value: '[2020-01-01,infinity]', expect: '[2020-01-01,infinity]' },
    '[4714-11-24 BC,0001-01-01)',
    { value: '[2020-01-01,2020-01-01)', expect: 'empty' },
    { value: { lower: new Date('2020-05-06T12:00:00Z'), upper: Infinity }, param: '[2020-05-06,infinity)', expect: '[2020-05-06,infinity)' },
  ];
  it('stores the same canonical ranges through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'daterange', codec: daterange(), samples, plainInsert: true, canonical: true }, 3912);
    const values = await serverTexts(db.client, randomRanges('daterange', `date '4714-11-24 BC' + floor(random() * 2147000000)::int`));
    await checkTypeAndArray(db.client, { sqlType: 'daterange', codec: daterange(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 3912);
  });
  it('refuses a bound the server cannot make exclusive (the day after the last date), as the server does', async () => {
    for (const bad of ['[2020-01-01,5874897-12-31]', '(5874897-12-31,)']) await expect(db.client.query('select $1::daterange', [bad]), bad).rejects.toThrow(/date out of range/);
    expectRejected(daterange(), [
      ['[2020-01-01,5874897-12-31]', /daterange out of range: a bound of 5874897-12-31 cannot be made exclusive/],
      ['(5874897-12-31,)', /daterange out of range/],
      [{ lower: '2020-01-01', upper: '5874897-12-31', bounds: '[]' }, /daterange out of range/],
    ]);
    await checkRoundTrip(db.client, { sqlType: 'daterange', codec: daterange(), samples: [{ value: '[2020-01-01,5874897-12-31)', expect: '[2020-01-01,5874897-12-31)' }, { value: '[5874897-12-31,infinity]', expect: '[5874897-12-31,infinity]' }], plainInsert: true, canonical: true });
  });
  it('keys are equal exactly when the server\'s = says so', async () => {
    await expectKeysMatchServer(db.client, 'daterange', daterange(), ['[2020-01-01,2020-01-31]', '[2020-01-01,2020-02-01)', '(2019-12-31,2020-02-01)', '[2020-01-01,infinity]', '[2020-01-01,infinity)', '[2020-01-01,)', 'empty']);
  });
});

describe('tsrange and tstzrange', () => {
  const ts = [
    // The server's own output quotes bounds with spaces.
    '["2020-01-01 00:00:00","2020-01-02 00:00:00")',
    { value: '[2020-01-01 00:00:00,2020-01-02 00:00:00.5]', expect: '["2020-01-01 00:00:00","2020-01-02 00:00:00.5"]' },
    { value: '[2020-01-01 10:00,2020-01-01 10:00]', expect: '["2020-01-01 10:00:00","2020-01-01 10:00:00"]' },
    { value: '(2020-01-01 10:00,2020-01-01 10:00]', expect: 'empty' },
    '[-infinity,infinity]',
    '(,infinity)',
    '["0044-03-15 10:00:00 BC","294276-12-31 23:59:59.999999")',
  ];
  it('tsrange: bounds kept as given (continuous), whatever the session TimeZone', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'tsrange', codec: tsrange(), samples: ts, plainInsert: false, canonical: true, sessionSetup: `set timezone = 'Asia/Kolkata'` }, 3908);
    const values = await serverTexts(db.client, randomRanges('tsrange', `timestamp '1900-01-01' + make_interval(secs => random() * 5e9)`));
    await checkTypeAndArray(db.client, { sqlType: 'tsrange', codec: tsrange(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 3908);
  });
  it('tstzrange: a bound without an offset is UTC; Dates are instants', async () => {
    const tz = [
      { value: '["2020-01-01 00:00:00+05:30","2020-01-02 00:00:00")', expect: '["2019-12-31 18:30:00+00","2020-01-02 00:00:00+00")' },
      { value: { lower: new Date('2020-01-01T00:00:00.123Z'), upper: null }, expect: '["2020-01-01 00:00:00.123+00",)' },
      { value: '[2020-01-01 01:00+01,2020-01-01 00:00Z]', expect: '["2020-01-01 00:00:00+00","2020-01-01 00:00:00+00"]' },
      { value: '(2020-01-01 01:00+01,2020-01-01 00:00Z]', expect: 'empty' },
      '[-infinity,infinity)',
    ];
    await checkTypeAndArray(db.client, { sqlType: 'tstzrange', codec: tstzrange(), samples: tz, plainInsert: false, canonical: true, sessionSetup: `set timezone = 'America/New_York'` }, 3910);
    const values = await serverTexts(db.client, randomRanges('tstzrange', `timestamptz '1900-01-01' + make_interval(secs => random() * 5e9)`));
    await checkTypeAndArray(db.client, { sqlType: 'tstzrange', codec: tstzrange(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 3910);
  });
  it('rejects reversed instants after their offsets', () => {
    expectRejected(tstzrange(), [['[2020-01-01 01:30+01,2020-01-01 00:00Z)', /lower bound must be less than or equal/]]);
    expectRejected(tsrange(), [['[2020-01-01 00:00+01,2020-01-02)', /lower bound: .*takes no UTC offset/]]);
  });
  it('keys are equal exactly when the server\'s = says so', async () => {
    await expectKeysMatchServer(db.client, 'tstzrange', tstzrange(), ['[2020-01-01 01:00+01,2020-01-02)', '[2020-01-01 00:00Z,2020-01-02 00:00)', '(2020-01-01 00:00Z,2020-01-02)', '[2020-01-01,2020-01-02]', 'empty', '(2020-01-01,2020-01-01)']);
  });
});

describe('multiranges', () => {
  it('int4multirange: sorted, merged, empties dropped, as the server stores them', async () => {
    const samples = [
      '{}',
      '{[1,3),[5,7)}',
      { value: '{[5,7),[1,3)}', expect: '{[1,3),[5,7)}' },
      { value: '{[1,3),[3,5)}', expect: '{[1,5)}' },
      { value: '{[1,3],[2,8)}', expect: '{[1,8)}' },
      { value: '{[1,2],[3,4]}', expect: '{[1,5)}' },
      { value: '{ empty , [1,2) }', expect: '{[1,2)}' },
      { value: '{(,3),[1,)}', expect: '{(,)}' },
      { value: '{[10,20),[1,2),[15,30),(,0]}', expect: '{(,2),[10,30)}' },
      { value: ['[1,3)', { lower: 5, upper: 7, bounds: '[]' }, new Range(-5, -1, 2)], expect: '{[-5,-1),[1,3),[5,8)}' },
      { value: [], expect: '{}' },
      { value: ['empty'], expect: '{}' },
    ];
    await checkTypeAndArray(db.client, { sqlType: 'int4multirange', codec: int4multirange(), samples, plainInsert: false, canonical: true }, 4451);
    const values = await serverTexts(db.client, `select range_agg(r)::text as v from (select g % 40 as k, int4range(a, a + floor(random() * 50)::int, ${BOUNDS}) as r from (select g, floor(random() * 1000)::int as a from generate_series(1, 400) g) x) y group by k`);
    await checkTypeAndArray(db.client, { sqlType: 'int4multirange', codec: int4multirange(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 4451);
  });
  it('nummultirange: continuous ranges merge only when they touch or overlap', async () => {
    const samples = [
      { value: '{[1,3],(3,5)}', expect: '{[1,5)}' },
      '{[1,3),(3,5)}',
      { value: '{[1,3),[3.0,5)}', expect: '{[1,5)}' },
      { value: '{[1,3),(2,5]}', expect: '{[1,5]}' },
      '{[1,1],[2,NaN]}',
    ];
    await checkTypeAndArray(db.client, { sqlType: 'nummultirange', codec: nummultirange(), samples, plainInsert: true, canonical: true }, 4532);
  });
  it('the other multiranges', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'int8multirange', codec: int8multirange(), samples: [{ value: '{[1,2],[3,4]}', expect: '{[1,5)}' }, '{}'], plainInsert: true, canonical: true }, 4536);
    await checkTypeAndArray(db.client, { sqlType: 'datemultirange', codec: datemultirange(), samples: [{ value: '{[2020-01-01,2020-01-31],[2020-02-01,infinity)}', expect: '{[2020-01-01,infinity)}' }, '{(-infinity,2000-01-01)}', { value: '{[2000-01-01,infinity],(2000-01-01,2000-01-02)}', expect: '{[2000-01-01,infinity]}' }], plainInsert: true, canonical: true }, 4535);
    await checkTypeAndArray(db.client, { sqlType: 'tsmultirange', codec: tsmultirange(), samples: ['{["2020-01-01 00:00:00","2020-01-02 00:00:00"),["2020-01-03 00:00:00",infinity]}'], plainInsert: true, canonical: true }, 4533);
    await checkTypeAndArray(db.client, { sqlType: 'tstzmultirange', codec: tstzmultirange(), samples: [{ value: '{[2020-01-01 01:00+01,2020-01-02),[2020-01-02,2020-01-03)}', expect: '{["2020-01-01 00:00:00+00","2020-01-03 00:00:00+00")}' }], plainInsert: false, canonical: true }, 4534);
  });
  it('keys are equal exactly when the server\'s = says so', async () => {
    await expectKeysMatchServer(db.client, 'int4multirange', int4multirange(), ['{[1,5)}', '{[1,3),[3,5)}', '{[3,5),[1,2],empty}', '{}', '{empty}', '{[1,5]}']);
    await expectKeysMatchServer(db.client, 'nummultirange', nummultirange(), ['{[1,5)}', '{[1,3),[3,5)}', '{[1,3),(3,5)}', '{[1.0,5.00)}']);
  });
  it('rejects bad ranges naming them, and NULL ranges', () => {
    expectRejected(int4multirange(), [
      ['{[1,3),[5,1)}', /range 1: .*lower bound must be less than or equal/],
      [['[1,3)', null], /range 1 is null: a multirange holds no NULLs/],
      ['{[1,3)', /not a int4multirange/],
      ['[1,3)', /not a int4multirange \(expected "\{"\)/],
      ['{[1,3)} x', /junk after "\}"/],
      [5, /expected an array of ranges or a int4multirange string/],
    ]);
  });
});

describe('property: canonical form equals the server\'s', () => {
  // Small bounds so that ranges meet, touch and overlap often.
  const bound = fc.option(fc.integer({ min: -6, max: 6 }), { nil: null, freq: 6 });
  const bounds = fc.constantFrom('[)', '[]', '()', '(]');
  const range = fc.tuple(bound, bound, bounds).map(([a, b, br]) => (a !== null && b !== null && a > b ? { lower: b, upper: a, bounds: br } : { lower: a, upper: b, bounds: br }));
  it('int4multirange and nummultirange: our bytes and keys are what the server stores', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(range, { maxLength: 6 }), { minLength: 1, maxLength: 10 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'int4multirange', codec: int4multirange(), samples: values.map((value) => ({ value })), plainInsert: false, canonical: true });
        const halves = values.map((v) => v.map((r) => ({ ...r, lower: r.lower === null ? null : r.lower / 2, upper: r.upper === null ? null : r.upper / 2 })));
        await checkRoundTrip(db.client, { sqlType: 'nummultirange', codec: nummultirange(), samples: halves.map((value) => ({ value })), plainInsert: false, canonical: true });
        await expectKeysMatchServer(db.client, 'int4multirange', int4multirange(), values);
      }),
      { numRuns: 15 },
    );
  });
});

describe('text: what range_out and multirange_out print for the stored value', () => {
  const cases: readonly [string, ColumnCodecLike, unknown][] = [
    ['int4range', int4range(), '[1,5]'],
    ['int4range', int4range(), '(1,5)'],
    ['int4range', int4range(), '(3,4)'],
    ['int4range', int4range(), { lower: null, upper: 3, bounds: '[]' }],
    ['int8range', int8range(), '(007,9]'],
    ['daterange', daterange(), '[0044-03-15 BC,2020-01-01]'],
    ['daterange', daterange(), '(2020-01-05,infinity]'],
    ['daterange', daterange(), { lower: '-infinity', upper: new Date(2020, 0, 31, 12), bounds: '(]' }],
    ['numrange', numrange(), '[1.50,2]'],
    ['tsrange', tsrange(), '[2020-01-01 00:00,)'],
    ['tsrange', tsrange(), '["2020-01-01 12:00","2020-01-01 12:00"]'],
    ['tsrange', tsrange(), '(0044-03-15 10:00 BC,infinity)'],
    ['tstzrange', tstzrange(), '[2020-01-01 05:00+05,2020-01-02)'],
    ['int4multirange', int4multirange(), '{[3,4),empty,[1,3),(8,9)}'],
    ['datemultirange', datemultirange(), '{[2020-01-01,2020-01-03], (,2019-12-31]}'],
    ['tsmultirange', tsmultirange(), [{ lower: '2020-01-01', upper: '2020-01-02' }, 'empty']],
  ];
  it.each(cases.map(([t, c, v], i) => [`${t} #${i}`, t, c, v] as const))('%s', async (_label, type, codec, v) => {
    const c = db.client;
    await c.query("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'");
    try {
      const ours = codec.toText(v);
      const { rows } = await c.query<{ t: string }>(`SELECT $1::${type}::text AS t`, [ours]);
      expect(ours).toBe(rows[0]?.t);
    } finally {
      await c.query('RESET TimeZone; RESET DateStyle');
    }
  });
});
