/** time(p), timetz(p), and the fractional precision of timestamp(p), timestamptz(p) and interval(p). */
import { describe, expect, it } from 'vitest';
import { interval, time, timestamp, timestamptz, timetz } from '@pgtwin/runtime/internal/codecs/index';
import type { IntervalFields } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, encodeBinary, expectKeysMatchServer, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

const RANDOM_TIME = `(time '00:00' + make_interval(secs => round((random() * 86400)::numeric, floor(random() * 7)::int)::float8))`;
const RANDOM_OFFSET = `(CASE WHEN random() < 0.5 THEN '+' ELSE '-' END || lpad(floor(random() * 16)::text, 2, '0') || ':' || lpad(floor(random() * 60)::text, 2, '0') || CASE WHEN random() < 0.3 THEN ':' || lpad(floor(random() * 60)::text, 2, '0') ELSE '' END)`;

describe('time', () => {
  const samples = [
    '00:00:00',
    '23:59:59.999999',
    '12:34:56.789',
    { value: '24:00:00', expect: '24:00:00' },
    { value: '1:02', expect: '01:02:00' },
    { value: '10:11:12.100', expect: '10:11:12.1' },
    { value: '08:00:00Z', expect: '08:00:00' },
    { value: '08:00:00+00:00', expect: '08:00:00' },
  ];
  // Forms time_in reads besides its own output, normalised as the server stores them.
  const otherForms = [
    { value: '12:00:60', expect: '12:01:00' },
    { value: '12:00:60.5', expect: '12:01:00.5' },
    { value: '23:59:60', expect: '24:00:00' },
    { value: '23:59:59.9999999', expect: '24:00:00' },
    { value: '24:00:00.0000005', expect: '24:00:00' },
    { value: '12:00:00.1234565', expect: '12:00:00.123456' },
    { value: '12:00:00.0000015', expect: '12:00:00.000002' },
    { value: '12:00:00.123456789', expect: '12:00:00.123457' },
    { value: '12:00:00.9999995', expect: '12:00:01' },
    { value: '12:00:00.', expect: '12:00:00' },
    { value: ' 12:00 ', expect: '12:00:00' },
    { value: 'T04:05:06', expect: '04:05:06' },
    { value: 't 4:5:6', expect: '04:05:06' },
    { value: '12:00 am', expect: '00:00:00' },
    { value: '12:30 PM', expect: '12:30:00' },
    { value: '1:00pm', expect: '13:00:00' },
    { value: '0:30 pm', expect: '12:30:00' },
    { value: '11:59:60.5 AM', expect: '12:00:00.5' },
    { value: '12:00:00 UTC', expect: '12:00:00' },
    { value: '12:00:00 gmt', expect: '12:00:00' },
  ];
  it('takes the other forms time_in reads (leap second, more than 6 fractional digits rounded as the server, AM/PM, T, spaces), stored as the server stores them', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'time', codec: time(), samples: otherForms, plainInsert: true, canonical: true }, 1083);
    await checkTypeAndArray(db.client, { sqlType: 'time(2)', codec: time({ precision: 2 }), samples: [{ value: '23:59:59.999', expect: '24:00:00' }, { value: '12:00:59.9951', expect: '12:01:00' }], plainInsert: true, canonical: true }, 1083);
  });
  it('stores the same times through all insert paths ', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'time', codec: time(), samples, plainInsert: true, canonical: true }, 1083);
  });
  it('takes every time PostgreSQL prints', async () => {
    const values = await serverTexts(db.client, `select ${RANDOM_TIME}::text as v from generate_series(1, 200)`);
    await checkTypeAndArray(db.client, { sqlType: 'time', codec: time(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 1083);
  });
  it('writes time_send bytes', () => {
    expect(encodeBinary(time(), '00:00:01.5').toString('hex')).toBe('000000000016e360');
    expect(encodeBinary(time(), '24:00:00').toString('hex')).toBe('000000141dd76000');
  });
  it('rejects offsets, impossible times and non-strings', () => {
    expectRejected(time(), [
      ['12:00:00+01', /time \(without time zone\) takes no UTC offset/],
      ['24:00:00.000001', /not a time of day/],
      ['24:01', /not a time of day/],
      ['25:00', /not a time of day/],
      ['12:60', /not a time of day/],
      ['12:00:61', /not a time of day/],
      ['23:59:60.5', /not a time of day/],
      // The server checks the range before rounding to the typmod: refused by time(2) too.
      ['23:59:60.004', /not a time of day/],
      ['24:00:00.0000015', /not a time of day/],
      ['13:00 pm', /an hour past 12 with AM\/PM/],
      ['12', /not a time \(expected HH:MM/],
      ['12.5', /not a time/],
      ['T12', /not a time/],
      ['2020-01-01 12:00:00', /not a time/],
      [43200, /expected a time string, got 43200/],
    ]);
  });
});

describe('timetz', () => {
  const samples = [
    '00:00:00+00',
    '23:59:59.999999-15:59:59',
    '24:00:00+15:59:59',
    '12:34:56.789+05:30',
    '12:00:00-08',
    '12:00:00+05:41:16',
    { value: '12:00:00', param: '12:00:00+00', expect: '12:00:00+00' },
    { value: '12:00:00Z', expect: '12:00:00+00' },
    { value: '12:00:00-00', expect: '12:00:00+00' },
    { value: '12:00:00+0530', expect: '12:00:00+05:30' },
    { value: '12:00:00.500+1', expect: '12:00:00.5+01' },
    { value: '12:00:60.5+05', expect: '12:01:00.5+05' },
    { value: '23:59:60-03', expect: '24:00:00-03' },
    { value: '1:00 pm +05', expect: '13:00:00+05' },
    { value: '12:00:00 +05:30', expect: '12:00:00+05:30' },
    { value: '12:00:00+05:3', expect: '12:00:00+05:03' },
    { value: '12:00:00+530', expect: '12:00:00+05:30' },
    { value: '12:00:00-005', expect: '12:00:00-00:05' },
    { value: '12:00:00.1234565 Z', expect: '12:00:00.123456+00' },
    { value: ' T12:00 UTC ', expect: '12:00:00+00' },
  ];
  it('stores the same times and offsets through all insert paths, whatever the session TimeZone', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'timetz', codec: timetz(), samples, plainInsert: true, canonical: true, sessionSetup: `set timezone = 'Asia/Kolkata'` }, 1266);
  });
  it('takes every timetz PostgreSQL prints', async () => {
    const values = await serverTexts(db.client, `select (${RANDOM_TIME}::text || ${RANDOM_OFFSET})::timetz::text as v from generate_series(1, 200)`);
    await checkTypeAndArray(db.client, { sqlType: 'timetz', codec: timetz(), samples: values.map((value) => ({ value, expect: value })), plainInsert: true, canonical: true }, 1266);
  });
  it('writes timetz_send bytes: the zone in seconds WEST of Greenwich', () => {
    expect(encodeBinary(timetz(), '00:00:01+01').toString('hex')).toBe('00000000000f4240' + 'fffff1f0');
    expect(encodeBinary(timetz(), '00:00:01-00:00:01').toString('hex')).toBe('00000000000f4240' + '00000001');
  });
  it('refuses a Date, as the server refuses node-postgres\'s Date parameter', async () => {
    const d = new Date('2021-03-04T05:06:07.890Z');
    await expect(db.client.query('select $1::timetz', [d])).rejects.toThrow(/invalid input syntax for type time with time zone/);
    await expect(db.client.query('select $1::time', [d])).rejects.toThrow(/invalid input syntax for type time/);
    expectRejected(timetz(), [[d, /a Date is not a time of day/]]);
    expectRejected(time(), [[d, /a Date is not a time of day/]]);
  });
  it('keys are equal only when time and offset both are (timetz_eq)', async () => {
    await expectKeysMatchServer(db.client, 'timetz', timetz(), ['12:00:00+01', '11:00:00+00', '12:00:00+01:00', '12:00:00.000001+01', '12:00:00']);
  });
  it('rejects offsets beyond ±15:59:59', () => {
    expectRejected(timetz(), [
      ['12:00:00+16', /UTC offset out of range/],
      ['12:00:00+15:60', /UTC offset out of range/],
      ['12:00:00+1:00:00:00', /not a timetz/],
      ['12:00:00+053015', /not a timetz/],
      ['12:00:00+1600', /UTC offset out of range/],
      ['24:00:01+00', /not a time of day/],
      [{}, /expected a timetz string/],
    ]);
  });
});

describe('fractional precision p', () => {
  // The server rounds to p on every path; the encoders send microseconds as given, so binary
  // COPY, text COPY and UNNEST store the same rounded rows (checked against the server's bytes).
  const times = ['00:00:00.5', '23:59:59.5', '12:00:00.123456', '12:00:00.000005', '12:00:00.45', '23:59:59.999999'];
  it.each([0, 1, 3, 5])("time(p) and timetz(p), p = %i", async (p) => {
    await checkTypeAndArray(db.client, { sqlType: `time(${p})`, codec: time({ precision: p }), samples: times, plainInsert: true, canonical: true }, 1083);
    await checkTypeAndArray(db.client, { sqlType: `timetz(${p})`, codec: timetz({ precision: p }), samples: times.map((t) => `${t}-03:30`), plainInsert: true, canonical: true }, 1266);
  });
  it('rounds half away from zero, as stored', async () => {
    const { rows } = await db.client.query<{ v: string }>(`select '23:59:59.5'::time(0)::text as v`);
    expect(rows[0]?.v).toBe('24:00:00');
    await checkRoundTrip(db.client, { sqlType: 'time(0)', codec: time({ precision: 0 }), samples: [{ value: '23:59:59.5', expect: '24:00:00' }], plainInsert: true, canonical: true });
  });
  const stamps = ['2020-01-01 00:00:00.5', '1999-12-31 23:59:59.5', '1960-06-01 12:00:00.45', '1960-06-01 12:00:00.55', '0044-03-15 10:00:00.999999 BC', '2000-01-01 00:00:00.000005', 'infinity'];
  it.each([0, 2, 5])("timestamp(p), timestamptz(p) and interval(p), p = %i", async (p) => {
    await checkTypeAndArray(db.client, { sqlType: `timestamp(${p})`, codec: timestamp({ precision: p }), samples: stamps, plainInsert: true, canonical: true }, 1114);
    await checkTypeAndArray(db.client, { sqlType: `timestamptz(${p})`, codec: timestamptz({ precision: p }), samples: stamps, plainInsert: false, canonical: true }, 1184);
    const spans = ['00:00:00.5', '-00:00:00.5', '-1 days +00:00:00.45', '1 mon 00:00:00.55', '-00:00:00.000005', '2562047788:00:54', '-2562047788:00:53.5'];
    await checkTypeAndArray(db.client, { sqlType: `interval(${p})`, codec: interval({ precision: p }), samples: spans, plainInsert: true, canonical: true }, 1186);
  });
  it('keys are equal when the stored (rounded) values are', async () => {
    for (const p of [0, 1, 3]) {
      await expectKeysMatchServer(db.client, `time(${p})`, time({ precision: p }), ['12:00:00.4', '12:00:00', '12:00:00.5', '12:00:01', '12:00:00.05', '12:00:00.049999', '12:00:00.0005']);
      await expectKeysMatchServer(db.client, `timetz(${p})`, timetz({ precision: p }), ['12:00:00.4+01', '12:00:00+01', '12:00:00.5+01', '12:00:01+01', '12:00:00.05+01', '12:00:00+02']);
      const ts = ['1999-12-31 23:59:59.5', '2000-01-01 00:00:00', '1999-12-31 23:59:59.4', '1999-12-31 23:59:59', '1960-01-01 00:00:00.05', '1960-01-01 00:00:00', '1960-01-01 00:00:00.1', '2020-01-01 00:00:00.45', 'infinity'];
      await expectKeysMatchServer(db.client, `timestamp(${p})`, timestamp({ precision: p }), ts);
      await expectKeysMatchServer(db.client, `timestamptz(${p})`, timestamptz({ precision: p }), ts);
      await expectKeysMatchServer(db.client, `interval(${p})`, interval({ precision: p }), ['-00:00:00.5', '-00:00:01', '00:00:00', '-00:00:00.4', '1 day', '24:00:00.4', '00:00:00.05', '00:00:00.1']);
    }
  });
  it('refuses an interval whose rounding passes int64 (PostgreSQL 15 wraps it around silently)', async () => {
    const { rows } = await db.client.query<{ v: string }>(`select '2562047788:00:54.775807'::interval(0)::text as v`);
    expect(rows[0]?.v).toBe('-2562047788:00:54');
    expectRejected(interval({ precision: 0 }), [['2562047788:00:54.775807', /out of range/]]);
  });
  it('rejects precisions PostgreSQL does not have', () => {
    expect(() => time({ precision: 7 })).toThrow(/time\(7\): precision must be from 0 to 6/);
    expect(() => timestamptz({ precision: -1 })).toThrow(/precision must be from 0 to 6/);
    expect(() => interval({ precision: 1.5 })).toThrow(/precision must be from 0 to 6/);
  });
});

describe('interval field restrictions', () => {
  const spans = [
    '1 year 5 mons 3 days 04:05:06.789',
    '-1 years -5 mons -3 days -04:05:06.789',
    '17 mons',
    '-17 mons',
    '49:59:59.999999',
    '-49:59:59.5',
    '3 days',
    { months: 0, days: 0, microseconds: 9223372036854775807n },
  ];
  const all = ['year', 'month', 'day', 'hour', 'minute', 'second', 'year to month', 'day to hour', 'day to minute', 'day to second', 'hour to minute', 'hour to second', 'minute to second'] as const;
  it.each(all)('interval %s stores what the server keeps, on every path', async (fields) => {
    await checkTypeAndArray(db.client, { sqlType: `interval ${fields}`, codec: interval({ fields }), samples: spans, plainInsert: false, canonical: true }, 1186);
  });
  it('with a precision on a restriction ending in second', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'interval day to second(1)', codec: interval({ fields: 'day to second', precision: 1 }), samples: spans.slice(0, -1), plainInsert: false, canonical: true }, 1186);
    await expectKeysMatchServer(db.client, 'interval hour to minute', interval({ fields: 'hour to minute' }), ['01:00:59', '01:00:00', '01:01', '-00:00:59', '00:00:00', '60 days']);
    await expectKeysMatchServer(db.client, 'interval year', interval({ fields: 'year' }), ['1 year 11 mons', '1 year', '12 mons 40 days', '-11 mons', '00:00:00']);
  });
  it('text the server reads two ways under a restriction (COPY or a literal vs a query parameter) is refused; text both read alike is stored as both store it', async () => {
    // COPY and a literal apply the column's typmod while reading: a trailing number without a
    // unit is in the restriction's rightmost unit, and minute to second reads "M:SS". A query
    // parameter (Kysely, pool.query) is read without it, then truncated to the restriction.
    const check = async (text: string, fields: IntervalFields): Promise<'same' | 'ambiguous'> => {
      const { rows } = await db.client.query<{ literal: string; parameter: string }>(`select '${text}'::interval ${fields}::text as literal, ($1::text::interval)::interval ${fields}::text as parameter`, [text]);
      const { literal, parameter } = rows[0] as { literal: string; parameter: string };
      if (literal !== parameter) {
        expect(() => interval({ fields }).toText(text), `interval ${fields} '${text}'`).toThrow(new RegExp(`is ambiguous for interval ${fields}: COPY and a SQL literal read it as .*, a query parameter as`));
        return 'ambiguous';
      }
      const ours = interval({ fields }).toText(text);
      const { rows: back } = await db.client.query<{ ours: string }>(`select $1::interval::text as ours`, [ours]);
      expect(back[0]?.ours, `interval ${fields} '${text}'`).toBe(literal);
      return 'same';
    };
    const outcomes = new Set<string>();
    for (const fields of all) for (const n of ['3', ' -2 ', '0', '+7']) outcomes.add(await check(n, fields));
    const mixed: readonly [string, IntervalFields][] = [
      ['1 day 5', 'day to hour'],
      ['1 day 5', 'hour'],
      ['1 day -5', 'day to minute'],
      ['1-2 5', 'day to hour'],
      ['1 year 5', 'year to month'],
      ['1:30', 'minute to second'],
      ['-1:30', 'minute to second'],
      ['2 1:30', 'minute to second'],
      ['1:30', 'hour to second'],
      ['1 day 5', 'day to second'],
      ['1 day 05:00:00', 'day to hour'],
      ['00:01:30', 'minute to second'],
      ['3 minutes', 'minute'],
    ];
    for (const [text, fields] of mixed) outcomes.add(await check(text, fields));
    // Both outcomes occur: the server's two readings differ for some of these and agree for others.
    expect([...outcomes].sort()).toEqual(['ambiguous', 'same']);
    expect(() => interval({ fields: 'days' as never })).toThrow(/interval fields must be one of year, month/);
    expect(() => interval({ fields: 'hour to minute', precision: 2 })).toThrow(/only a restriction ending in second takes a precision/);
  });
});
