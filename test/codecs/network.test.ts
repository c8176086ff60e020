import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidr, inet } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

describe('inet', () => {
  const samples = [
    '0.0.0.0',
    '255.255.255.255',
    '192.168.1.1',
    '192.168.1.1/24',
    '10.0.0.0/8',
    '1.2.3.4/0',
    '::',
    '::1',
    '::/0',
    '1::',
    'fe80::1/64',
    '2001:db8::ff00:42:8329',
    '2001:DB8:0:0:8:800:200C:417A',
    '2001:db8:85a3:0:0:8a2e:370:7334/128',
    '::ffff:1.2.3.4',
    '::ffff:1.2.3.4/120',
    '64:ff9b::192.0.2.33',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6::8',
    '1::2:3:4:5:6:7',
  ];
  it('stores the same addresses through all insert paths, byte for byte', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'inet', codec: inet(), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 869);
  });
  it('writes an explicit prefix', () => {
    expect(inet().toText('1.2.3.4')).toBe('1.2.3.4/32');
    expect(inet().toText('::ffff:1.2.3.4')).toBe('0:0:0:0:0:ffff:102:304/128');
  });
  it('rejects what is not an address', () => {
    expectRejected(inet(), [
      ['1.2.3', /"1.2.3" is not an IPv4 or IPv6 address/],
      ['1.2.3.4.5', /not an IPv4 or IPv6 address/],
      ['256.1.1.1', /not an IPv4/],
      ['01.2.3.4', /not an IPv4/],
      ['1.2.3.4/33', /prefix length must be at most 32/],
      ['::/129', /at most 128/],
      ['1.2.3.4/', /bad prefix length/],
      ['1.2.3.4/08', /bad prefix length/],
      ['1.2.3.4/x', /bad prefix length/],
      ['1:2:3:4:5:6:7:8:9', /not an IPv4 or IPv6/],
      ['1::2::3', /not an IPv4 or IPv6/],
      [':::', /not an IPv4 or IPv6/],
      ['1:2:3:4:5:6:7', /not an IPv4 or IPv6/],
      ['12345::', /not an IPv4 or IPv6/],
      ['g::', /not an IPv4 or IPv6/],
      ['1:', /not an IPv4 or IPv6/],
      ['fe80::1%eth0', /not an IPv4 or IPv6/],
      ['::ffff:1.2.3', /not an IPv4 or IPv6/],
      ['1:2:3:4:5:6:7:1.2.3.4', /not an IPv4 or IPv6/],
      [' 1.2.3.4', /not an IPv4/],
      ['', /not an IPv4/],
      [16909060, /expected an inet string/],
    ]);
  });
  it('property: any address and prefix survives every path', async () => {
    const v4 = fc.tuple(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 }))).map(([a, p]) => (p === null ? a : `${a}/${p}`));
    const v6 = fc.tuple(fc.ipV6(), fc.option(fc.integer({ min: 0, max: 128 }))).map(([a, p]) => (p === null ? a : `${a}/${p}`));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(v4, v6), { minLength: 1, maxLength: 20 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'inet', codec: inet(), samples: values.map((value) => ({ value })), plainInsert: true, canonical: true });
      }),
      { numRuns: 15 },
    );
  });
});

describe('cidr', () => {
  // Without /prefix: IPv6 is /128, IPv4 takes PostgreSQL's classful default (plain INSERT decides).
  const abbreviated = ['10.1', '10', '128', '192.168.1.2', '10.0.0.0', '224', '224.1', '240', '10.1/16', '10/8', '::192.168.1.226', '010.1', '0010.1', '192.168', '192.168.1', '0', '255', '::'];
  const samples = ['0.0.0.0/0', '10.0.0.0/8', '192.168.1.0/24', '192.168.1.128/25', '1.2.3.4/32', '::/0', '2001:db8::/32', '::ffff:1.2.3.0/120', 'fe80::1/128', ...abbreviated];
  it('stores the same networks through all insert paths, byte for byte', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'cidr', codec: cidr(), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 650);
  });
  it('refuses host bits and what is not a network', () => {
    expectRejected(cidr(), [
      ['10.1.0.0/8', /"10.1.0.0\/8" has bits set to the right of the \/8 mask/],
      ['1.2.3.4.5', /not an IPv4 or IPv6 network/],
      ['1.2.3.256', /not an IPv4 or IPv6 network/],
      ['1..2', /not an IPv4 or IPv6 network/],
      ['10.1.2.3.0', /not an IPv4 or IPv6 network/],
      ['10.1/33', /prefix length must be at most 32/],
      [10, /expected an cidr string/],
      ['192.168.1.1/24', /"192.168.1.1\/24" has bits set to the right of the \/24 mask/],
      ['11.0.0.0/7', /bits set to the right/],
      ['2001:db8::1/64', /bits set to the right/],
      ['1.2.3/x', /bad prefix length/],
    ]);
  });
});
