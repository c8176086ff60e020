/**
 * Bad values of the issue-16 wave-2 types (macaddr … circle), scalar and array, through every
 * entry point of the all-types table: each gives a PgTwinValueError naming table, column, row
 * index and value type, and the table is unchanged afterwards.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as allTypes from '../golden/all-types/expected/all-types.ts';
import { PgTwinValueError } from '@pgtwin/runtime';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');

/** [field, bad value, SQL column, value type, reason pattern] */
const catalogue: [string, unknown, string, string, RegExp][] = [
  ['macaddrV', '08:00:2b:01:02', 'macaddr_v', 'string', /is not a macaddr/],
  ['macaddrV', '08:00:2b:01:02:1ff', 'macaddr_v', 'string', /invalid octet value|not a macaddr/],
  ['macaddr8V', '08:00:2b:01:02:03:04', 'macaddr8_v', 'string', /is not a macaddr8/],
  ['bitV', '1010', 'bit_v', 'string', /bit string length 4 does not match type bit\(8\)/],
  ['bitV', '1010102x', 'bit_v', 'string', /not a valid binary digit/],
  ['bitV', 5, 'bit_v', 'number', /./],
  ['varbitV', '1'.repeat(13), 'varbit_v', 'string', /too long for type bit varying\(12\)/],
  ['moneyV', 'twelve', 'money_v', 'string', /not a money amount/],
  ['moneyV', '92233720368547758.08', 'money_v', 'string', /out of range for type money/],
  ['moneyV', 1e21, 'money_v', 'number', /no plain decimal form/],
  ['moneyV', Number.NaN, 'money_v', 'number', /not a money amount/],
  ['xmlV', '<?xml version="1.0" encoding="latin1"?><a/>', 'xml_v', 'string', /declares encoding/],
  ['xmlV', { a: 1 }, 'xml_v', 'Object', /./],
  ['jsonpathV', 'a\u0000b', 'jsonpath_v', 'string', /./],
  ['oidV', -2147483649, 'oid_v', 'number', /out of range for type oid/],
  ['oidV', 4294967296, 'oid_v', 'number', /out of range for type oid/],
  ['oidV', '1.5', 'oid_v', 'string', /not an oid/],
  ['singleCharV', 'ab', 'single_char_v', 'string', /is not a "char"/],
  ['singleCharV', 'é', 'single_char_v', 'string', /is not a "char"/],
  ['nameV', 'x'.repeat(64), 'name_v', 'string', /too long for name/],
  ['pgLsnV', '16/B374D848/1', 'pg_lsn_v', 'string', /is not a pg_lsn/],
  ['pgLsnV', -1n, 'pg_lsn_v', 'bigint', /out of range for type pg_lsn/],
  ['tsvectorV', "'unterminated", 'tsvector_v', 'string', /not a tsvector/],
  ['tsvectorV', 'a:0', 'tsvector_v', 'string', /positions start at 1/],
  ['tsqueryV', 'a & ', 'tsquery_v', 'string', /tsquery/],
  ['tsqueryV', 'a b', 'tsquery_v', 'string', /not a tsquery/],
  ['pointV', { x: 1 }, 'point_v', 'Object', /y must be a number/],
  ['pointV', '(1,2', 'point_v', 'string', /not a point/],
  ['lineV', { a: 0, b: 0, c: 1 }, 'line_v', 'Object', /A and B cannot both be zero/],
  ['lineV', '[(1,1),(1,1)]', 'line_v', 'string', /two distinct points/],
  ['lsegV', [{ x: 1, y: 2 }], 'lseg_v', 'array', /needs at least 2 points/],
  ['boxV', [{ x: 1, y: 2 }, { x: 3, y: 4 }, { x: 5, y: 6 }], 'box_v', 'array', /exactly 2 corners/],
  ['pathV', { points: [{ x: 1, y: 2 }] }, 'path_v', 'Object', /closed: true or false/],
  ['polygonV', [], 'polygon_v', 'array', /at least 1 point/],
  ['circleV', { x: 1, y: 2, radius: -1 }, 'circle_v', 'Object', /radius cannot be negative/],
  ['circleV', '<(1,2)>', 'circle_v', 'string', /not a circle/],
  // Arrays: the element named.
  ['boxA', ['(1,2),(3,4)', '(1,2)'], 'box_a', 'array', /element 1: .*not a box/],
  ['bitA', ['10101010', '1'], 'bit_a', 'array', /element 1: .*does not match type bit\(8\)/],
  ['singleCharA', ['a', 'bc'], 'single_char_a', 'array', /element 1: .*is not a "char"/],
  // A nested JS array is a second dimension: its elements, numbers, are not points.
  ['pointA', [[1, 2]], 'point_a', 'array', /element \[1\]\[1\]: expected a point/],
];

const good = (id: number): allTypes.AllTypesInsert => ({ id, macaddrV: '08:00:2b:01:02:03', boxA: ['(1,2),(3,4)', [{ x: 0, y: 0 }, { x: -1, y: 5 }]], pointV: { x: 1, y: 2 }, moneyV: '1.50' });

async function snapshot(): Promise<string> {
  const { rows } = await db.client.query<{ s: string | null }>('SELECT string_agg(t::text, E\'\\n\' ORDER BY id) AS s FROM all_types t');
  return rows[0]?.s ?? '';
}

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'test/golden/all-types/expected/schema.sql'), 'utf8'));
  await allTypes.copyInto(db.client, [good(1)]);
});

describe('bad values of the wave-2 types', () => {
  it('the good rows are stored, box arrays with their ";" delimiter', async () => {
    expect(await snapshot()).toContain('{(3,4),(1,2);(0,5),(-1,0)}');
  });

  it.each(catalogue.map((c, i) => [i, ...c] as const))('#%i %s = %s is refused by every entry point, table unchanged', async (_i, field, value, column, valueType, reason) => {
    const before = await snapshot();
    const rows = [good(10), { ...good(11), [field]: value }] as allTypes.AllTypesInsert[];
    const entryPoints: [string, () => Promise<unknown>][] = [
      ['copyInto binary', () => allTypes.copyInto(db.client, rows)],
      ['copyInto text', () => allTypes.copyInto(db.client, rows, { format: 'text' })],
      ['batchInsert', () => allTypes.batchInsert(db.client, rows)],
      ['batchUpsert', () => allTypes.batchUpsert(db.client, rows)],
    ];
    for (const [name, run] of entryPoints) {
      const err = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, `${name} accepted it`).toBeInstanceOf(PgTwinValueError);
      const e = err as PgTwinValueError;
      expect({ table: e.table, column: e.column, rowIndex: e.rowIndex, valueType: e.valueType }, name).toEqual({ table: 'all_types', column, rowIndex: 1, valueType });
      expect(e.reason, name).toMatch(reason);
      expect(await snapshot(), `${name} changed the database`).toBe(before);
    }
  });
});
