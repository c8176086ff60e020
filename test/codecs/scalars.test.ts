/** bool, bytea, uuid. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bool, bytea, uuid } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

describe('boolean', () => {
  it('stores the same values through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'bool', codec: bool(), samples: [true, false, 't', 'f', 'TRUE', ' yes ', 'of', 'on', '1', '0', 'n'], plainInsert: true, arrayPlainInsert: true, canonical: true }, 16);
  });
  it('takes booleans only', () => {
    expectRejected(bool(), [
      [1, /expected a boolean \(or PostgreSQL's text of one: t, f, true, false, yes, no, on, off, 1, 0\), got 1/],
      ['o', /expected a boolean/],
      ['truex', /expected a boolean/],
      ['', /expected a boolean/],
      [null, /expected a boolean/],
    ]);
  });
});

describe('bytea', () => {
  const samples = [
    Buffer.alloc(0),
    Buffer.from([0]),
    Buffer.from('\\x00', 'latin1'),
    Buffer.from([0, 1, 2, 0x5c, 0x09, 0x0a, 0x0d, 0x22, 0x2c, 0x7b, 0x7d, 0xff]),
    new Uint8Array([1, 2, 3]),
    new Uint8Array(new Uint8Array([9, 8, 7, 6, 5]).buffer, 1, 3),
    Buffer.from('😀', 'utf8'),
    Buffer.alloc(100000, 0xab),
  ];
  it('stores the same bytes through all insert paths', async () => {
    await checkTypeAndArray(
      db.client,
      // node-postgres passes a Uint8Array that is not a Buffer as a string: plain insert only for Buffers.
      { sqlType: 'bytea', codec: bytea(), samples: samples.map((value) => ({ value, param: Buffer.from(value) })), plainInsert: true, canonical: true },
      17,
    );
  });
  it('takes PostgreSQL\'s hex text form as a string', async () => {
    const hex = ['\\x', '\\x00ab5c', '\\xFF', '\\x 0a 0b\n'];
    await checkRoundTrip(db.client, { sqlType: 'bytea', codec: bytea(), samples: hex.map((value) => ({ value, param: value })), plainInsert: true, canonical: true });
  });
  it('writes the hex text form', () => {
    expect(bytea().toText(new Uint8Array([0, 0xab, 0x5c]))).toBe('\\x00ab5c');
    expect(bytea().toText(Buffer.alloc(0))).toBe('\\x');
  });
  it('takes Uint8Array/Buffer only', () => {
    expectRejected(bytea(), [
      ['00', /"00" is not bytea's hex form/],
      ['\\x0', /not bytea's hex form/],
      ['\\x0 0', /not bytea's hex form/],
      ['\\xzz', /not bytea's hex form/],
      ['\\XFF', /not bytea's hex form/],
      [[1, 2], /expected a Uint8Array or Buffer, got an array/],
      [new ArrayBuffer(2), /expected a Uint8Array or Buffer/],
    ]);
  });
  it('property: any bytes survive every path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 10 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'bytea', codec: bytea(), samples: values.map((value) => ({ value })), plainInsert: false, canonical: true });
      }),
      { numRuns: 10 },
    );
  });
});

describe('uuid', () => {
  const samples = [
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    { value: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', expect: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' },
    '0189e2a0-7c1d-7b3a-9f00-123456789abc',
  ];
  it('stores the same values through all insert paths', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'uuid', codec: uuid(), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, 2950);
  });
  it('emits lowercase text', () => {
    expect(uuid().toText('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });
  it('takes the canonical hyphenated form only', () => {
    expectRejected(uuid(), [
      ['a0eebc999c0b4ef8bb6d6bb9bd380a11', /not a uuid \(expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\)/],
      ['{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', /not a uuid/],
      ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g', /not a uuid/],
      ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', /not a uuid/],
      ['a0eebc99-9c0b-4ef8-bb6d06bb9bd380a11', /not a uuid/],
      [Buffer.alloc(16), /expected a uuid string/],
    ]);
  });
  it('property: random uuids survive every path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uuid({ version: [1, 4, 7] }), { minLength: 1, maxLength: 20 }), async (values) => {
        await checkRoundTrip(db.client, { sqlType: 'uuid', codec: uuid(), samples: values.map((value) => ({ value: value.toUpperCase() })), plainInsert: true, canonical: true });
      }),
      { numRuns: 5 },
    );
  });
});
