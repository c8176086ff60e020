/**
 * Key encodings (used to find duplicate keys in a batch, to refuse a key both upserted and
 * deleted, and to sort) must be equal exactly when PostgreSQL's `=` says the values are.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '@pgtwin/runtime/internal/byte-writer';
import type { ColumnCodec } from '@pgtwin/runtime/internal/codec';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const noOids = { typeOids: new Map() };

function key(codec: ColumnCodec, v: unknown): string {
  const w = new ByteWriter(64);
  if (codec.writeKey) codec.writeKey(w, v);
  else codec.writeBinary(w, v, noOids);
  return w.buf.toString('latin1', 0, w.pos);
}

const mood = { enumName: 'key_mood', labels: ['sad', 'ok'] };
/** [sql type, codec, values that must compare as PostgreSQL compares them] */
const cases: [string, ColumnCodec, unknown[]][] = [
  ['char(4)', codecs.bpchar({ length: 4 }), ['USD', 'USD ', 'USD  ', 'usd', 'US']],
  ['numeric', codecs.numeric({}), ['1', '1.0', '1.000', '1e0', '10000', '1e4', '0', '-0', '0.0', 'NaN', 5n, 5, '5.00']],
  ['numeric(10,2)', codecs.numeric({ precision: 10, scale: 2 }), ['1', '1.0', '1.001', '1.004', '1.005']],
  ['float8', codecs.float8(), [0, -0, Number.NaN, Number.NaN, 1.5, Number.POSITIVE_INFINITY]],
  ['float4', codecs.float4(), [0, -0, 0.1, Math.fround(0.1)]],
  ['interval', codecs.interval(), ['P1D', 'PT24H', 'P30D', 'P1M', { months: 0, days: 0, microseconds: 86_400_000_000 }, 'PT1S']],
  ['int8', codecs.int8(), [5, '5', 5n, '-0', 0, '0005']],
  ['timestamptz', codecs.timestamptz(), [new Date('2024-01-01T00:00:00Z'), '2024-01-01T00:00:00Z', '2024-01-01 02:00:00+02', '2024-01-01T00:00:00.000001Z']],
  ['text', codecs.text(), ['a', 'a ', 'A']],
  ['key_mood[]', codecs.arrayCodec(codecs.enumCodec(mood), 0), [['sad', 'ok'], ['sad', 'ok'], ['ok', 'sad'], ['sad', null], []]],
  ['char(3)[]', codecs.arrayCodec(codecs.bpchar({ length: 3 }), 1042), [['a'], ['a  '], ['b']]],
  ['jsonb', codecs.jsonb(), [{ a: 1, b: [2, { d: 1, c: 2 }] }, { b: [2, { c: 2, d: 1 }], a: 1 }, { a: 1, b: [{ c: 2, d: 1 }, 2] }, { a: 1.0, skipped: undefined, b: [2, { c: 2, d: 1 }] }, { a: -0 }, { a: 0 }, { a: '1' }, [1, 2], [2, 1], 'x', { x: null }]],
];

describe('key encodings agree with PostgreSQL equality', () => {
  it.each(cases)('%s', async (sqlType, codec, values) => {
    if (sqlType.startsWith('key_mood')) await db.client.query(`DO $$ BEGIN CREATE TYPE key_mood AS ENUM ('sad', 'ok'); EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    const literals = values.map((v) => codec.toText(v));
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        const { rows } = await db.client.query<{ eq: boolean }>(`SELECT $1::${sqlType} = $2::${sqlType} AS eq`, [literals[i], literals[j]]);
        const same = key(codec, values[i]) === key(codec, values[j]);
        expect(same, `${sqlType}: ${String(literals[i])} vs ${String(literals[j])}`).toBe(rows[0]?.eq);
      }
    }
  });
});
