import fc from 'fast-check';
import { describe, it } from 'vitest';
import { macaddr, macaddr8 } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

describe('macaddr', () => {
  // Every spelling macaddr_in's seven sscanf formats read (the plain INSERT is the oracle).
  const spellings = [
    '08:00:2b:01:02:03',
    '08-00-2b-01-02-03',
    '08002b:010203',
    '08002b-010203',
    '0800.2b01.0203',
    '0800-2b01-0203',
    '08002b010203',
    '8:0:2B:1:2:3',
    ' 08:00:2b:01:02:03 ',
    '0x8:0:2b:1:2:3',
    '008:0:2b:1:2:3',
    '+8:0:2b:1:2:3',
    '-0:0:0:0:0:0',
    'ff:ff:ff:ff:ff:ff',
    '00:00:00:00:00:00',
  ];
  it('stores the same address through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select substr(md5(i::text), 1, 12)::macaddr::text from generate_series(1, 20) i`);
    await checkTypeAndArray(db.client, { sqlType: 'macaddr', codec: macaddr(), samples: [...spellings, ...generated], plainInsert: true, arrayPlainInsert: true, canonical: true }, 829);
  });
  it('rejects what macaddr_in rejects', () => {
    expectRejected(macaddr(), [
      ['08:00:2b:01:02', /"08:00:2b:01:02" is not a macaddr/],
      ['08:00:2b:01:02:03:04', /not a macaddr/],
      ['08:00:2b:01:02:0g', /not a macaddr/],
      ['0800:2b01:0203', /not a macaddr/],
      ['08:00-2b:01:02:03', /not a macaddr/],
      ['08 :00:2b:01:02:03', /not a macaddr/],
      ['08002b:010203x', /not a macaddr/],
      ['100:0:0:0:0:0', /invalid octet value/],
      ['-1:0:0:0:0:0', /invalid octet value/],
      ['', /not a macaddr/],
      [0x08002b010203, /expected a macaddr string/],
    ]);
  });
});

describe('macaddr8', () => {
  const spellings = [
    '08:00:2b:01:02:03:04:05',
    '08-00-2b-01-02-03-04-05',
    '08002b01:02030405',
    '08002b0102030405',
    '0800.2b01.0203.0405',
    '0800-2b01-0203-0405',
    ' 08:00:2B:01:02:03:04:05  ',
    // EUI-48 becomes xx:xx:xx:ff:fe:xx:xx:xx, as on the server.
    '08:00:2b:01:02:03',
    '08002b010203',
    '08:00:2b:01:02:03  ',
    '08:00:2b:01:02:03:',
    '0800:2b01:0203',
    // A single character left at the end is ignored by macaddr8_in.
    '08002b0102034',
    'ff:ff:ff:ff:ff:ff:ff:ff',
  ];
  it('stores the same address through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select substr(md5(i::text), 1, 16)::macaddr8::text from generate_series(1, 20) i`);
    await checkTypeAndArray(db.client, { sqlType: 'macaddr8', codec: macaddr8(), samples: [...spellings, ...generated], plainInsert: true, arrayPlainInsert: true, canonical: true }, 774);
  });
  it('rejects what macaddr8_in rejects', () => {
    expectRejected(macaddr8(), [
      ['08:00:2b:01:02:03:04', /"08:00:2b:01:02:03:04" is not a macaddr8/],
      ['08:00:2b:01:02:03-04:05', /not a macaddr8/],
      ['8:0:2b:1:2:3:4:5', /not a macaddr8/],
      ['08:00:2b:01:02:03:04:05:06', /not a macaddr8/],
      ['08:00:2b:01:02:03 x', /not a macaddr8/],
      ['08:00:2b:01:02:0g', /not a macaddr8/],
      ['', /not a macaddr8/],
      [null, /expected a macaddr8 string/],
    ]);
  });
});

describe('MAC address properties', () => {
  const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')));
  it('property: any address in any separator style survives every path, byte for byte', async () => {
    const mac8 = fc.tuple(fc.oneof(bytes(6), bytes(8)), fc.constantFrom(':', '-', '.', ''), fc.constantFrom(1, 2, 4), fc.boolean()).map(([b, sep, group, upper]) => {
      const parts: string[] = [];
      for (let k = 0; k < b.length; k += group) parts.push(b.slice(k, k + group).join(''));
      const s = parts.join(sep);
      return upper ? s.toUpperCase() : s;
    });
    const mac6 = fc.tuple(bytes(6), fc.constantFrom(0, 1, 2, 3, 4, 5, 6), fc.boolean()).map(([b, style, upper]) => {
      const j = (parts: string[], sep: string): string => parts.join(sep);
      const s = [j(b, ':'), j(b, '-'), `${j(b.slice(0, 3), '')}:${j(b.slice(3), '')}`, `${j(b.slice(0, 3), '')}-${j(b.slice(3), '')}`, `${j(b.slice(0, 2), '')}.${j(b.slice(2, 4), '')}.${j(b.slice(4), '')}`, `${j(b.slice(0, 2), '')}-${j(b.slice(2, 4), '')}-${j(b.slice(4), '')}`, j(b, '')][style] as string;
      return upper ? s.toUpperCase() : s;
    });
    await fc.assert(
      fc.asyncProperty(fc.array(mac8, { minLength: 1, maxLength: 20 }), fc.array(mac6, { minLength: 1, maxLength: 20 }), async (eight, six) => {
        await checkRoundTrip(db.client, { sqlType: 'macaddr8', codec: macaddr8(), samples: eight.map((value) => ({ value })), plainInsert: true, canonical: true });
        await checkRoundTrip(db.client, { sqlType: 'macaddr', codec: macaddr(), samples: six.map((value) => ({ value })), plainInsert: true, canonical: true });
      }),
      { numRuns: 15 },
    );
  });
});
