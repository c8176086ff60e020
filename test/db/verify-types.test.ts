/**
 * verify's claims about a column whose type differs between schema and database (issue 23:
 * it called varchar(56) → text BREAKING for binary COPY, but binary COPY into text works).
 * For each pair: binary COPY of the schema type's bytes into a column of the database type,
 * on the real server, and verify's finding must say "same wire format" exactly when it works.
 */
import { describe, expect, it } from 'vitest';
import { introspect } from '../../generator/introspect.ts';
import { validateSchema } from '../../generator/validate.ts';
import { verifySchema } from '../../generator/verify.ts';
import { PG_TYPES, type PgTypeName } from '@pgtwin/runtime/internal/pg-types';
import { defineTable as defineRuntimeTable } from '@pgtwin/runtime/internal/table';
import { column, defineTable, integer, interval, time, timestamptz, tstzrange, type ColumnBuilder } from '../../schema-dsl/index.ts';
import { INTERVAL_FIELDS } from '@pgtwin/runtime/internal/pg-types';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

/** [schema type, its params, database type, value, binary COPY expected to work, verify severity] */
const pairs: [PgTypeName, { length?: number }, string, unknown, boolean, 'breaking' | 'note'][] = [
  ['varchar', { length: 56 }, 'text', 'GABC', true, 'note'],
  ['text', {}, 'varchar(10)', 'short', true, 'breaking'],
  ['text', {}, 'varchar', 'any', true, 'note'],
  ['char', { length: 4 }, 'text', 'USD', true, 'breaking'],
  ['text', {}, 'char(4)', 'USD', true, 'breaking'],
  ['cidr', {}, 'inet', '10.0.0.0/8', true, 'note'],
  ['inet', {}, 'cidr', '10.0.0.0/8', true, 'breaking'],
  ['integer', {}, 'int8', 7, false, 'breaking'],
  ['bigint', {}, 'int4', 7n, false, 'breaking'],
  ['smallint', {}, 'int4', 7, false, 'breaking'],
  ['double precision', {}, 'float4', 1.5, false, 'breaking'],
  ['json', {}, 'jsonb', { a: 1 }, false, 'breaking'],
  ['jsonb', {}, 'json', { a: 1 }, false, 'breaking'],
  ['text', {}, 'jsonb', 'x', false, 'breaking'],
  ['boolean', {}, 'int2', true, false, 'breaking'],
  ['point', {}, 'box', { x: 1, y: 2 }, false, 'breaking'],
  ['tsvector', {}, 'text', "'a':1", false, 'breaking'],
];

describe('verify: type mismatches, checked against the server', () => {
  pairs.forEach(([schemaType, params, dbType, value, works, severity], i) => {
    it(`${schemaType}${params.length ? `(${params.length})` : ''} in the schema, ${dbType} in the database: binary COPY ${works ? 'works' : 'fails'}, and verify says so`, async () => {
      const schema = `pair_${i}`;
      await db.client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v ${dbType} NOT NULL)`);
      const codec = PG_TYPES[schemaType].codec(params);
      const table = defineRuntimeTable<{ v: unknown }>({
        table: 't',
        columns: [{ name: 'v', field: 'v', nullable: false, codec }],
        sql: { copyBinary: `COPY ${schema}.t (v) FROM STDIN (FORMAT binary)`, copyText: `COPY ${schema}.t (v) FROM STDIN (FORMAT text)`, batchInsert: '' },
      });
      const copied = await table.copyInto(db.client, [{ v: value }]).then(() => true, () => false);
      expect(copied).toBe(works);
      if (works) {
        // The same value as the text path stores (a cast from the schema type's text form).
        const { rows } = await db.client.query<{ same: boolean }>(`SELECT (SELECT v FROM ${schema}.t) = $1::${dbType} AS same`, [codec.toText(value)]);
        expect(rows[0]?.same).toBe(true);
      }
      const def = defineTable({ name: 't', columns: { v: column(schemaType, params) } });
      const ir = validateSchema({ modules: [{ file: 'schema/t.ts', exports: { default: def } }], index: { file: 'schema/index.ts', exports: { t: def } } });
      const findings = verifySchema(ir, await introspect(db.client, schema)).filter((f) => f.column === 'v');
      expect(findings).toHaveLength(1);
      expect(findings[0]?.severity).toBe(severity);
      expect(findings[0]?.message.includes('same wire format')).toBe(works);
      if (!works) expect(findings[0]?.message).toMatch(/binary COPY sends the schema type's bytes, which the server refuses/);
    });
  });
});

/** bit and varbit keep their length in the typmod itself (not length + 4, as varchar): pull and verify decode it so. */
describe('verify: bit lengths, checked against the server', () => {
  const cases: [PgTypeName, number | undefined, string, string, 'breaking' | 'note'][] = [
    ['bit', 3, 'bit(4)', '101', 'breaking'],
    ['bit', 4, 'bit(3)', '1010', 'breaking'],
    ['bit varying', 7, 'varbit(10)', '1010101', 'note'],
    ['bit varying', 10, 'varbit(7)', '1010101010', 'breaking'],
    ['bit varying', undefined, 'varbit(7)', '1010101010', 'breaking'],
  ];
  cases.forEach(([type, length, dbType, value, severity], i) => {
    it(`${type}(${length ?? ''}) in the schema, ${dbType} in the database: verify says ${severity}, and the server agrees`, async () => {
      const schema = `bits_${i}`;
      await db.client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v ${dbType} NOT NULL)`);
      const params = length === undefined ? {} : { length };
      const table = defineRuntimeTable<{ v: unknown }>({
        table: 't',
        columns: [{ name: 'v', field: 'v', nullable: false, codec: PG_TYPES[type].codec(params) }],
        sql: { copyBinary: `COPY ${schema}.t (v) FROM STDIN (FORMAT binary)`, copyText: '', batchInsert: '' },
      });
      // A value the schema accepts, at its full length: refused by the server exactly when verify says breaking.
      const copied = await table.copyInto(db.client, [{ v: value }]).then(() => true, () => false);
      expect(copied).toBe(severity === 'note');
      const def = defineTable({ name: 't', columns: { v: column(type, params) } });
      const ir = validateSchema({ modules: [{ file: 'schema/t.ts', exports: { default: def } }], index: { file: 'schema/index.ts', exports: { t: def } } });
      const findings = verifySchema(ir, await introspect(db.client, schema)).filter((f) => f.column === 'v');
      expect(findings.map((f) => f.severity)).toEqual([severity]);
      expect(findings[0]?.message).toMatch(/^length is \d+ in the database but (\d+|unlimited) in the schema/);
    });
  });
  it('the same bit and varbit lengths: no finding', async () => {
    await db.client.query('CREATE SCHEMA bits_same; CREATE TABLE bits_same.t (a bit(5) NOT NULL, b varbit(9), c varbit)');
    const def = defineTable({ name: 't', columns: { a: column('bit', { length: 5 }), b: column('bit varying', { length: 9 }).nullable(), c: column('bit varying').nullable() } });
    const ir = validateSchema({ modules: [{ file: 'schema/t.ts', exports: { default: def } }], index: { file: 'schema/index.ts', exports: { t: def } } });
    expect(verifySchema(ir, await introspect(db.client, 'bits_same'))).toEqual([]);
  });
});

describe('verify: precisions, interval fields and array dimensions (issue 16 wave 2)', () => {
  const findingsFor = async (schema: string, dbType: string, builder: ColumnBuilder) => {
    await db.client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v ${dbType} NOT NULL)`);
    const def = defineTable({ name: 't', columns: { v: builder } });
    const ir = validateSchema({ modules: [{ file: 'schema/t.ts', exports: { default: def } }], index: { file: 'schema/index.ts', exports: { t: def } } });
    return verifySchema(ir, await introspect(db.client, schema)).filter((f) => f.column === 'v');
  };

  it('the same precision and fields: no finding; every interval restriction decodes from the catalog', async () => {
    expect(await findingsFor('p_same_1', 'timestamptz(3)', timestamptz(3))).toEqual([]);
    expect(await findingsFor('p_same_2', 'time', time())).toEqual([]);
    expect(await findingsFor('p_same_3', 'tstzrange', tstzrange())).toEqual([]);
    for (const [i, fields] of INTERVAL_FIELDS.entries()) {
      const precision = fields.endsWith('second') ? 2 : undefined;
      expect(await findingsFor(`p_iv_${i}`, `interval ${fields}${precision === undefined ? '' : '(2)'}`, interval({ fields, ...(precision !== undefined && { precision }) })), fields).toEqual([]);
    }
  });

  it('another precision or restriction is breaking: the server keeps something else than pgtwin sent', async () => {
    for (const [schema, dbType, builder] of [
      ['p_diff_1', 'timestamptz', timestamptz(3)],
      ['p_diff_2', 'timestamptz(3)', timestamptz()],
      ['p_diff_3', 'interval day to second', interval()],
      ['p_diff_4', 'interval', interval({ fields: 'year to month' })],
      ['p_diff_5', 'time(1)', time(2)],
    ] as const) {
      const findings = await findingsFor(schema, dbType, builder);
      expect(findings.map((f) => f.severity), dbType).toEqual(['breaking']);
      expect(findings[0]?.message).toMatch(/rounds or truncates/);
    }
    // And it is so on the server: 12:00:00.25 sent for time(2) is stored as 12:00:00.3 by time(1).
    await db.client.query(`INSERT INTO p_diff_5.t VALUES ($1)`, [PG_TYPES.time.codec({ precision: 2 }).toText('12:00:00.25')]);
    expect((await db.client.query<{ v: string }>('SELECT v::text AS v FROM p_diff_5.t')).rows[0]?.v).toBe('12:00:00.3');
  });

  it('array dimensions are not part of the type (PostgreSQL does not enforce them): no finding', async () => {
    expect(await findingsFor('p_dims_1', 'int4[]', integer().array(2))).toEqual([]);
    expect(await findingsFor('p_dims_2', 'int4[][][]', integer().array())).toEqual([]);
  });
});
