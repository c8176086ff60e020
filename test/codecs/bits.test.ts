import { describe, expect, it } from 'vitest';
import { bit, varbit } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkTypeAndArray, copyIn, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

describe('bit(n)', () => {
  it('stores the same bits through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select (floor(random() * 4096)::int)::bit(12)::text from generate_series(1, 20)`);
    const samples = ['000000000000', '111111111111', '101010101010', 'B000011110000', 'b000000000001', 'XfA0', 'x00f', ...generated];
    await checkTypeAndArray(db.client, { sqlType: 'bit(12)', codec: bit({ length: 12 }), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 1560);
  });
  it('bit alone is bit(1)', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'bit', codec: bit({}), samples: ['0', '1', 'B1'], plainInsert: true, arrayPlainInsert: true, canonical: true }, 1560);
    expectRejected(bit({}), [['10', /bit string length 2 does not match type bit\(1\)/]]);
  });
  it('rejects a length other than n, as the server does on input (it pads only on an explicit cast)', async () => {
    expectRejected(bit({ length: 4 }), [
      ['101', /"101": bit string length 3 does not match type bit\(4\)/],
      ['10101', /bit string length 5 does not match type bit\(4\)/],
      ['', /bit string length 0 does not match/],
      ['X1F', /bit string length 8 does not match/],
      ['1021', /"2" is not a valid binary digit/],
      ['Xg', /"g" is not a valid hexadecimal digit/],
      [' 1010', /" " is not a valid binary digit/],
      [5, /expected a bit string of 0s and 1s, got 5/],
    ]);
    // The server's own input of a column value (COPY) refuses it too.
    await db.client.query('create temp table bit4 (b bit(4))');
    await expect(copyIn(db.client, 'copy bit4 (b) from stdin', '101\n')).rejects.toThrow(/bit string length 3 does not match type bit\(4\)/);
  });
});

describe('bit varying(n)', () => {
  it('stores the same bits through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select substr((floor(random() * 1e9)::int8)::bit(40)::text, 1 + (random() * 39)::int) from generate_series(1, 20)`);
    const samples = ['', '0', '1', '10000000', '100000001', 'B1111', 'X', 'Xdeadbeef', ...generated];
    await checkTypeAndArray(db.client, { sqlType: 'varbit(40)', codec: varbit({ length: 40 }), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 1562);
  });
  it('is unlimited without n', async () => {
    const long = '10'.repeat(5000);
    await checkTypeAndArray(db.client, { sqlType: 'varbit', codec: varbit({}), samples: [long, '', '1'], plainInsert: true, arrayPlainInsert: true, canonical: true }, 1562);
  });
  it('rejects more than n bits', () => {
    expectRejected(varbit({ length: 4 }), [
      ['10101', /"10101": bit string too long for type bit varying\(4\)/],
      ['X1F', /too long for type bit varying\(4\)/],
      ['12', /"2" is not a valid binary digit/],
      [[1, 0], /expected a bit varying string/],
    ]);
  });
});
