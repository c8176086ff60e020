/**
 * raw(type) at codegen: the type is SQL text printed into DDL and casts, so anything that
 * could end it is a schema error naming the column; a table with a raw or text-only column
 * copies in text, says why, and offers only 'text' in its COPY options type.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedSchema } from '../../generator/load-schema.ts';
import { buildModel } from '../../generator/model.ts';
import { SchemaError, validateSchema } from '../../generator/validate.ts';
import { dslCall } from '@pgtwin/runtime/internal/pg-types';
import { bigint, citext, compositeOf, compositeType, defineTable, hstore, integer, raw, seg } from '../../schema-dsl/index.ts';

function schemaOf(table: unknown): LoadedSchema {
  return { modules: [{ file: 'schema/t.ts', exports: { default: table } }], index: { file: 'schema/index.ts', exports: { t: table } } };
}

function issuesOf(table: unknown): string[] {
  try {
    validateSchema(schemaOf(table));
  } catch (err) {
    if (err instanceof SchemaError) return err.issues.map((i) => `${i.file}|${i.table ?? ''}|${i.column ?? ''}|${i.message}`);
    throw err;
  }
  return [];
}

const withRaw = (type: unknown) => defineTable({ name: 't', columns: { id: bigint(), v: raw(type as string) }, primaryKey: ['id'] });

describe('raw(type)', () => {
  it.each([
    ['', /raw\(\) needs the type as spelled in SQL, such as raw\('vector\(3\)'\), not an empty string/],
    [42, /raw\(\) needs the type as spelled in SQL.*not 42/],
    ['int4; DROP TABLE t', /is not a type name: it contains ; -- \/\* ' \\ or \$/],
    ["text'", /is not a type name/],
    ['int4 -- x', /is not a type name/],
    ['vector(3', /unbalanced parentheses or quotes/],
    ['"my type', /unbalanced parentheses or quotes/],
    ['int4[]', /declare an array with \.array\(\), not \[\] in the type name/],
  ])('raw(%j) is a schema error naming the file, table and column', (type, message) => {
    const issues = issuesOf(withRaw(type));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^schema\/t\.ts\|t\|v\|/);
    expect(issues[0]).toMatch(message);
  });

  it('accepts what format_type prints, and prints it as is in DDL and casts', () => {
    for (const type of ['vector(3)', 'public.geometry(Point,4326)', '"My Type"', 'timestamp(3) with time zone', 'numeric(5,-2)', 'character varying(5)']) {
      expect(issuesOf(withRaw(type)), type).toEqual([]);
    }
    const model = buildModel(validateSchema(schemaOf(withRaw('public.geometry(Point,4326)'))));
    const t = model.tables[0]!;
    expect(t.createTableSql).toContain('"v" public.geometry(Point,4326) NOT NULL');
    expect(t.batchInsertSql).toContain('u.\\"v\\"::public.geometry(Point,4326) FROM UNNEST($1::int8[], $2::text[])');
    expect(t.textCopyLiteral).toBe('{ column: "v", type: "public.geometry(Point,4326)" }');
    expect(t.copyFormatArg).toBe("<'text'>");
    expect(dslCall('raw', { rawType: 'public.geometry(Point,4326)' })).toBe("raw('public.geometry(Point,4326)')");
  });

  it('a table whose columns all have a binary form keeps binary COPY; isn and seg make it text; schema.sql creates the extensions', () => {
    const binary = buildModel(validateSchema(schemaOf(defineTable({ name: 't', columns: { id: bigint(), a: citext(), b: hstore().array() }, primaryKey: ['id'] }))));
    expect(binary.tables[0]!.textCopyLiteral).toBe('undefined');
    expect(binary.tables[0]!.copyFormatArg).toBe('');
    expect(binary.extensions).toEqual(['CREATE EXTENSION IF NOT EXISTS "citext";', 'CREATE EXTENSION IF NOT EXISTS "hstore";']);
    const text = buildModel(validateSchema(schemaOf(defineTable({ name: 't', columns: { id: bigint(), s: seg().nullable() }, primaryKey: ['id'] }))));
    expect(text.tables[0]!.textCopyDoc).toBe('column "s" is seg, which has no binary send/receive functions in PostgreSQL; binary is refused');
  });

  it('a composite with a field of a text-only type (at any depth, or in an array of it) makes the table copy in text', () => {
    const withSeg = compositeType('with_seg', { a: integer(), s: seg() });
    const outer = compositeType('outer', { inner: compositeOf(withSeg).array() });
    const withRaw = compositeType('with_raw', { v: raw('vector(3)') });
    const plain = compositeType('plain', { a: integer() });
    const modelOf = (columns: Record<string, unknown>) => {
      const table = defineTable({ name: 't', columns: { id: bigint(), ...columns } as never, primaryKey: ['id'] });
      const exports = { default: table, withSeg, outer, withRaw, plain };
      return buildModel(validateSchema({ modules: [{ file: 'schema/t.ts', exports }], index: { file: 'schema/index.ts', exports: { t: table, withSeg, outer, withRaw, plain } } })).tables[0]!;
    };
    const direct = modelOf({ c: compositeOf(withSeg) });
    expect(direct.textCopyDoc).toBe('column "c" is "with_seg" with a field "s" of seg, which has no binary send/receive functions in PostgreSQL; binary is refused');
    expect(direct.textCopyLiteral).toBe('{ column: "c", type: "\\"with_seg\\", field s seg" }');
    expect(direct.copyFormatArg).toBe("<'text'>");
    expect(modelOf({ n: compositeOf(outer).nullable() }).textCopyLiteral).toContain('column: "n"');
    expect(modelOf({ r: compositeOf(withRaw).array().nullable() }).textCopyDoc).toContain('raw(vector(3))');
    expect(modelOf({ p: compositeOf(plain) }).textCopyLiteral).toBe('undefined');
  });
});
