import { describe, expect, it } from 'vitest';
import { char, name, oid, pgLsn } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

describe('oid', () => {
  it('stores the same oid through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select (random() * 4294967295)::int8::text::oid::text from generate_series(1, 20)`);
    const samples = [0, 1, 4294967295, 2147483648, ' 12 ', '+5', '007', ...generated];
    await checkTypeAndArray(db.client, { sqlType: 'oid', codec: oid(), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 26);
  });
  it('stores a negative oid as oidin does (plus 2^32)', async () => {
    await checkRoundTrip(db.client, { sqlType: 'oid', codec: oid(), samples: [{ value: -1, expect: '4294967295' }, { value: '-2147483648', expect: '2147483648' }], plainInsert: true, canonical: true });
  });
  it('rejects what is not an oid', () => {
    expectRejected(oid(), [
      [4294967296, /4294967296 is out of range for type oid/],
      ['-2147483649', /out of range for type oid/],
      [1.5, /not an oid/],
      ['1.5', /not an oid/],
      ['', /not an oid/],
      [Number.NaN, /not an oid/],
      [1n, /expected a number or an integer string/],
    ]);
  });
  it('refuses a leading zero where octal and decimal differ (the server reads it as octal from PostgreSQL 16 on)', async () => {
    const { rows } = await db.client.query<{ v: string; n: number }>(`select $1::oid::text as v, current_setting('server_version_num')::int as n`, ['012']);
    expect(rows[0]?.v).toBe((rows[0]?.n ?? 0) >= 160000 ? '10' : '12');
    expectRejected(oid(), [
      ['012', /leading zero is octal for PostgreSQL 16 and later/],
      [' -012 ', /leading zero/],
      ['+010', /leading zero/],
      ['08', /leading zero/],
    ]);
    await checkRoundTrip(db.client, { sqlType: 'oid', codec: oid(), samples: [{ value: '007', expect: '7' }, { value: '00', expect: '0' }, { value: '-0', expect: '0' }], plainInsert: true, canonical: true });
  });
});

describe('"char"', () => {
  it('stores the same byte through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select chr(32 + i)::"char"::text from generate_series(0, 94) i`);
    const samples = ['a', 'Z', '', '\\', '"', ',', '{', '\t', '\n', ' ', '\\351', '\\377', '\\200', '\\101', '\\000', '\\400', ...generated];
    await checkTypeAndArray(db.client, { sqlType: '"char"', codec: char(), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 18);
  });
  it('writes the octal form for bytes from 128, as charout prints them', () => {
    expect(char().toText('\\351')).toBe('\\351');
    expect(char().toText('\\101')).toBe('A');
    expect(char().toText('\\400')).toBe('');
  });
  it('refuses what charin would cut to its first byte', () => {
    expectRejected(char(), [
      ['ab', /"ab" is not a "char".*keep only the first byte/],
      ['é', /is not a "char"/],
      ['\\38', /is not a "char"/],
      ['\u0000', /NUL cannot be written/],
      [65, /expected a "char" string/],
    ]);
  });
});

describe('name', () => {
  it('stores the same name through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select relname::text from pg_class order by oid limit 20`);
    const samples = ['', 'users', 'Mixed Case', 'tab\there', 'back\\slash', 'quote"d', 'x'.repeat(63), 'é'.repeat(31), '😀'.repeat(15), ...generated];
    await checkTypeAndArray(db.client, { sqlType: 'name', codec: name(), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 19);
  });
  it('refuses more than 63 bytes (text input would cut it, binary input refuses it)', () => {
    expectRejected(name(), [
      ['x'.repeat(64), /is 64 bytes long, too long for name \(at most 63 bytes\)/],
      ['é'.repeat(32), /is 64 bytes long/],
      ['a\u0000b', /NUL character/],
      [1, /expected a string/],
    ]);
  });
});

describe('pg_lsn', () => {
  it('stores the same location through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select ('0/0'::pg_lsn + (random() * 9e18)::numeric(20,0))::text from generate_series(1, 20)`);
    const samples = ['0/0', 'FFFFFFFF/FFFFFFFF', '16/B374D848', '00000001/0a', 'abc/DEF', 0n, 2n ** 64n - 1n, 2n ** 63n, ...generated];
    await checkTypeAndArray(db.client, {
      sqlType: 'pg_lsn',
      codec: pgLsn(),
      samples: samples.map((value) => ({ value, param: typeof value === 'bigint' ? pgLsn().toText(value) : value })),
      plainInsert: true,
      canonical: true,
    }, 3220);
  });
  it('rejects what pg_lsn_in rejects', () => {
    expectRejected(pgLsn(), [
      [' 1/0', /" 1\/0" is not a pg_lsn/],
      ['1/0 ', /not a pg_lsn/],
      ['123456789/0', /not a pg_lsn/],
      ['1/', /not a pg_lsn/],
      ['10', /not a pg_lsn/],
      [-1n, /out of range for type pg_lsn/],
      [2n ** 64n, /out of range for type pg_lsn/],
      [5, /expected a pg_lsn string/],
    ]);
  });
});
