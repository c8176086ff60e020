/**
 * raw(type) arrays of a type whose array delimiter (pg_type.typdelim) is not ",": box is the
 * built-in one (";"). `raw('box', { delimiter: ';' })` writes array literals with ";", so text
 * COPY and batchInsert (a text[] of literals cast to box[]) store what `$1::box[]` stores;
 * without it, a literal of two boxes is refused by the server (nothing stored). pull writes the
 * delimiter from the catalog and verify reports a schema that lacks it.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/model.ts';
import { validateSchema } from '../../generator/validate.ts';
import { introspect } from '../../generator/introspect.ts';
import { verifySchema } from '../../generator/verify.ts';
import { defineTable as defineSchemaTable, integer, raw } from '../../schema-dsl/index.ts';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';
import type { ColumnCodec } from '@pgtwin/runtime/internal/codec';
import { defineTable, type TableDefinition } from '@pgtwin/runtime/internal/table';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

/** The generator's model of one table, turned into the runtime definition a generated module holds. */
function tableOf(name: string, boxes: ReturnType<typeof raw>) {
  const schema = defineSchemaTable({ name, columns: { id: integer(), boxes: boxes.array().nullable() }, primaryKey: ['id'] });
  const model = buildModel(validateSchema({ modules: [{ file: `schema/${name}.ts`, exports: { default: schema } }], index: { file: 'schema/index.ts', exports: { [name]: schema } } }));
  const t = model.tables[0];
  if (!t) throw new Error('no table model');
  const codecOf = (expr: string) => new Function('codecs', `return ${expr}`)(codecs) as ColumnCodec;
  const def: TableDefinition = {
    table: name,
    columns: t.columns.map((c) => ({ name: c.name, field: c.name, nullable: c.nullable, codec: codecOf(c.codecExpr), paramOid: c.name === 'id' ? 23 : null })),
    sql: { copyBinary: JSON.parse(t.copyBinarySql), copyText: JSON.parse(t.copyTextSql), batchInsert: JSON.parse(t.batchInsertSql) } as TableDefinition['sql'],
    keys: { conflict: [0], upsert: null, delete: null },
  };
  return { model: t, table: defineTable<{ id: number; boxes: unknown }>(def) };
}

describe('raw(type) arrays whose delimiter is not ","', () => {
  it("raw('box', { delimiter: ';' }): text COPY and batchInsert store what $1::box[] stores", async () => {
    const { model, table } = tableOf('raw_boxes', raw('box', { delimiter: ';' }));
    expect(model.columns.find((c) => c.name === 'boxes')?.codecExpr).toBe('codecs.arrayCodec(codecs.raw({"rawType":"box"}), 0, { delimiter: ";" })');
    const values = [['(1,2),(3,4)', ' ( 5 , 6 ) , ( 7 , 8 ) ', null], '{(3,4),(1,2);NULL}', '{{(1,1),(0,0);(2,2),(0,0)};{(3,3),(0,0);"(4,4),(0,0)"}}', []];
    const expected: string[] = [];
    for (const v of values) {
      const literal = Array.isArray(v) ? `{${v.map((b) => (b === null ? 'NULL' : `"${b}"`)).join(';')}}` : v;
      expected.push((await db.client.query<{ t: string }>('select $1::box[]::text as t', [literal])).rows[0]?.t as string);
    }
    await db.client.query('create temp table raw_boxes (id int4 primary key, boxes box[])');
    try {
      for (const [path, write] of [
        ['text COPY', (rows: { id: number; boxes: unknown }[]) => table.copyInto(db.client, rows, { format: 'text' })],
        ['batchInsert', (rows: { id: number; boxes: unknown }[]) => table.batchInsert(db.client, rows)],
      ] as const) {
        await db.client.query('truncate raw_boxes');
        await write(values.map((boxes, id) => ({ id, boxes })));
        const stored = (await db.client.query<{ t: string }>('select boxes::text as t from raw_boxes order by id')).rows.map((r) => r.t);
        expect(stored, path).toEqual(expected);
      }
    } finally {
      await db.client.query('drop table raw_boxes');
    }
  });

  it("raw('box') without the delimiter: two boxes make a literal the server refuses (what pgtwin did before)", async () => {
    const { table } = tableOf('raw_boxes_comma', raw('box'));
    await db.client.query('create temp table raw_boxes_comma (id int4 primary key, boxes box[])');
    try {
      await expect(table.copyInto(db.client, [{ id: 1, boxes: ['(1,2),(3,4)', '(5,6),(7,8)'] }], { format: 'text' })).rejects.toThrow(/malformed array literal/);
      expect((await db.client.query('select count(*)::int as n from raw_boxes_comma')).rows[0]).toEqual({ n: 0 });
    } finally {
      await db.client.query('drop table raw_boxes_comma');
    }
  });

  it('the delimiter is one printable ASCII character other than array syntax', () => {
    const schema = defineSchemaTable({ name: 't', columns: { id: integer(), a: raw('box', { delimiter: '{' }).array() }, primaryKey: ['id'] });
    expect(() => validateSchema({ modules: [{ file: 'schema/t.ts', exports: { default: schema } }], index: { file: 'schema/index.ts', exports: { t: schema } } })).toThrow(
      /raw\("box", \{ delimiter: "\{" \}\): an array delimiter is one printable ASCII character \(pg_type.typdelim\), not a double quote, backslash or brace/,
    );
  });

  it('verify: a raw array column without the database\'s delimiter is breaking; with it, no finding', async () => {
    await db.client.query('CREATE SCHEMA raw_delim; CREATE TABLE raw_delim.t (id int4 PRIMARY KEY, boxes box[])');
    try {
      const found = await introspect(db.client, 'raw_delim');
      const irOf = (boxes: ReturnType<typeof raw>) => {
        const schema = defineSchemaTable({ name: 't', columns: { id: integer(), boxes: boxes.array().nullable() }, primaryKey: ['id'] });
        return validateSchema({ modules: [{ file: 'schema/t.ts', exports: { default: schema } }], index: { file: 'schema/index.ts', exports: { t: schema } } });
      };
      expect(found.tables.get('t')?.columns.find((c) => c.name === 'boxes')?.delimiter).toBe(';');
      expect(verifySchema(irOf(raw('box')), found)).toEqual([
        expect.objectContaining({ table: 't', column: 'boxes', severity: 'breaking', message: expect.stringMatching(/the array delimiter of box is ";" in the database \(pg_type.typdelim\) but "," in the schema: .*declare raw\("box", \{ delimiter: ";" \}\)/) }),
      ]);
      expect(verifySchema(irOf(raw('box', { delimiter: ';' })), found)).toEqual([]);
    } finally {
      await db.client.query('DROP SCHEMA raw_delim CASCADE');
    }
  });
});
