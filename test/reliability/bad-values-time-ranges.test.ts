/**
 * Bad values of the issue 16 wave 2 types (time, timetz, precisions, interval fields, ranges,
 * multiranges, multi-dimensional arrays), through every entry point of the all_types golden
 * module: each gives a PgTwinValueError naming table, column, row index and value type, and
 * the table is unchanged afterwards.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PgTwinValueError } from '@pgtwin/runtime';
import * as allTypes from '../golden/all-types/expected/all-types.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');

/** [field, bad value, SQL column, value type, reason] */
const catalogue: [string, unknown, string, string, RegExp][] = [
  ['timeV', '25:00:00', 'time_v', 'string', /./],
  ['timeV', '12:00:61', 'time_v', 'string', /./],
  ['timeV', new Date(0), 'time_v', 'Date', /./],
  ['timeV', '12:00:00+02', 'time_v', 'string', /./],
  ['timetzV', '12:00:00+16:00', 'timetz_v', 'string', /./],
  ['timetzA', ['12:00', 'noon'], 'timetz_a', 'array', /./],
  ['timestamp3V', '294276-12-31 23:59:59.9999', 'timestamp_3_v', 'string', /./],
  ['intervalDsV', '1.5 days', 'interval_ds_v', 'string', /./],
  ['int4rangeV', '[5,1)', 'int4range_v', 'string', /./],
  ['int4rangeV', '[1,2147483647]', 'int4range_v', 'string', /./],
  ['int4rangeV', { lower: 1, upper: 2, bounds: '{}' }, 'int4range_v', 'Object', /./],
  ['int4rangeV', '[1,2', 'int4range_v', 'string', /./],
  ['int8rangeV', { lower: 1.5, upper: 3 }, 'int8range_v', 'Object', /./],
  ['numrangeV', '[NaN,1)', 'numrange_v', 'string', /./],
  ['daterangeV', '[2024-02-30,2024-03-01)', 'daterange_v', 'string', /./],
  ['tstzrangeV', { lower: '2024-01-02T00:00:00Z', upper: '2024-01-01T00:00:00Z' }, 'tstzrange_v', 'Object', /./],
  ['int4multirangeV', '{[1,3),oops}', 'int4multirange_v', 'string', /./],
  ['int4multirangeV', [{ lower: 3, upper: 1 }], 'int4multirange_v', 'array', /./],
  ['integer2dA', [[1, 2], [3]], 'integer_2d_a', 'array', /matching dimensions/],
  ['integer2dA', [[1, 2], [[3], [4]]], 'integer_2d_a', 'array', /./],
  ['text2dA', [[[]]], 'text_2d_a', 'array', /./],
];

const row = (id: number) => ({ id: BigInt(id), int4rangeV: '[1,5)', timeV: '12:00' });

async function snapshot(): Promise<string> {
  const { rows } = await db.client.query<{ s: string | null }>('SELECT string_agg(t::text, \'|\' ORDER BY id) AS s FROM all_types t');
  return rows[0]?.s ?? '';
}

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'test/golden/all-types/expected/schema.sql'), 'utf8'));
  await allTypes.copyInto(db.client, [row(999) as allTypes.AllTypesInsert]);
});

describe('bad values of time, ranges, multiranges and multi-dimensional arrays', () => {
  it.each(catalogue.map((c, i) => [i, ...c] as const))('#%i %s = %s is refused by every entry point, table unchanged', async (_i, field, value, column, valueType, reason) => {
    const before = await snapshot();
    const rows = [row(1), row(2), { ...row(3), [field]: value }] as unknown as allTypes.AllTypesInsert[];
    const c = db.client;
    const points: [string, () => Promise<unknown>][] = [
      ['copyInto binary', () => allTypes.copyInto(c, rows)],
      ['copyInto text', () => allTypes.copyInto(c, rows, { format: 'text' })],
      ['copyInto onConflict', () => allTypes.copyInto(c, rows, { onConflict: 'doNothing' })],
      ['batchInsert', () => allTypes.batchInsert(c, rows)],
      ['batchUpsert', () => allTypes.batchUpsert(c, rows)],
    ];
    for (const [name, run] of points) {
      const err = await run().then(() => undefined, (e: unknown) => e);
      expect(err, `${name} accepted it`).toBeInstanceOf(PgTwinValueError);
      const e = err as PgTwinValueError;
      expect({ table: e.table, column: e.column, rowIndex: e.rowIndex, valueType: e.valueType }, name).toEqual({ table: 'all_types', column, rowIndex: 2, valueType });
      expect(e.reason, name).toMatch(reason);
    }
    expect(await snapshot()).toBe(before);
  });

  it('the server refuses the text ones too, except those pgtwin refuses on purpose (README)', async () => {
    // PostgreSQL drops a time's offset silently, spreads fractional days over smaller units, and
    // rounds the last microseconds of its range to 294277-01-01, which it cannot read back.
    const onPurpose = new Set(['12:00:00+02', '1.5 days', '294276-12-31 23:59:59.9999']);
    for (const [, value, column] of catalogue) {
      if (typeof value !== 'string') continue;
      const ok = await db.client.query(`INSERT INTO all_types (id, "${column}") VALUES (77, $1)`, [value]).then(() => true, () => false);
      if (ok) await db.client.query('DELETE FROM all_types WHERE id = 77');
      expect(ok, `${column} = ${value}`).toBe(onPurpose.has(value));
    }
  });
});
