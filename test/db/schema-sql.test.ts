/**
 * generated/schema.sql applied to a real PostgreSQL: the catalog must say what schema/ says
 * (names, order, types, nullability, defaults, keys, enum labels).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ColumnIR, SchemaIR } from '../../generator/ir.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { validateSchema } from '../../generator/validate.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
let ir: SchemaIR;

/** What format_type() prints for a column: an oracle written independently of the type table. */
function expectedFormatType(c: ColumnIR): string {
  const base: Record<string, string> = {
    smallint: 'smallint',
    integer: 'integer',
    bigint: 'bigint',
    real: 'real',
    'double precision': 'double precision',
    boolean: 'boolean',
    text: 'text',
    bytea: 'bytea',
    uuid: 'uuid',
    date: 'date',
    timestamp: 'timestamp without time zone',
    timestamptz: 'timestamp with time zone',
    interval: 'interval',
    json: 'json',
    jsonb: 'jsonb',
    inet: 'inet',
    cidr: 'cidr',
  };
  let t: string;
  if (c.type === 'numeric') t = c.precision === undefined ? 'numeric' : `numeric(${c.precision},${c.scale ?? 0})`;
  else if (c.type === 'varchar') t = c.length === undefined ? 'character varying' : `character varying(${c.length})`;
  else if (c.type === 'char') t = `character(${c.length ?? 1})`;
  else if (c.type === 'enum') t = c.enumName ?? '?';
  else t = base[c.type] ?? `unmapped ${c.type}`;
  return c.isArray ? `${t}[]` : t;
}

beforeAll(async () => {
  ir = validateSchema(await loadSchema({ root, schemaDir: 'schema' }));
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8'));
});

describe('generated/schema.sql on a real server', () => {
  it('creates exactly the schema tables', async () => {
    const { rows } = await db.client.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(ir.tables.map((t) => t.name).sort());
  });

  it('creates columns in declaration order with their types, nullability and defaults', async () => {
    for (const t of ir.tables) {
      const { rows } = await db.client.query<{ attname: string; type: string; notnull: boolean; def: string | null; identity: string; generated: string }>(
        `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
                pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity, a.attgenerated AS generated
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [`"${t.name}"`],
      );
      expect(rows.map((r) => r.attname), t.name).toEqual(t.columns.map((c) => c.name));
      t.columns.forEach((c, i) => {
        const r = rows[i]!;
        const where = `${t.name}.${c.name}`;
        expect(r.type, where).toBe(expectedFormatType(c));
        expect(r.notnull, where).toBe(!c.nullable || t.primaryKey.includes(c.name));
        expect(r.identity, where).toBe(c.fill.kind === 'identity' ? (c.fill.mode === 'always' ? 'a' : 'd') : '');
        expect(r.generated, where).toBe(c.fill.kind === 'generated' ? 's' : '');
        if (c.fill.kind === 'default') expect(r.def, where).toBe(c.fill.sql);
        else if (c.defaultSql !== undefined) expect(r.def, where).toContain(c.defaultSql.replace(/::.*$/, ''));
        else if (c.fill.kind === 'insert') expect(r.def, where).toBeNull();
      });
    }
  });

  it('creates the primary and unique keys', async () => {
    for (const t of ir.tables) {
      const { rows } = await db.client.query<{ primary: boolean; cols: string[] }>(
        `SELECT i.indisprimary AS primary, array_agg(a.attname::text ORDER BY k.ord) AS cols
           FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE i.indrelid = $1::regclass AND i.indisunique GROUP BY i.indexrelid, i.indisprimary`,
        [`"${t.name}"`],
      );
      const pk = rows.filter((r) => r.primary).map((r) => r.cols);
      expect(pk, t.name).toEqual(t.primaryKey.length ? [[...t.primaryKey]] : []);
      const uniques = rows.filter((r) => !r.primary).map((r) => r.cols.join(',')).sort();
      expect(uniques, t.name).toEqual(t.unique.map((u) => u.join(',')).sort());
    }
  });

  it('creates the enums with their labels in order', async () => {
    expect(ir.enums.length).toBeGreaterThan(0);
    for (const e of ir.enums) {
      const { rows } = await db.client.query<{ label: string }>(
        `SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`,
        [`"${e.name}"`],
      );
      expect(rows.map((r) => r.label), e.name).toEqual(e.labels);
    }
  });

  it('uses every type of the type table in the example schema', async () => {
    const { PG_TYPE_NAMES } = await import('../../runtime/pg-types.ts');
    const used = new Set(ir.tables.flatMap((t) => t.columns.map((c) => c.type)));
    // Composite types are declared by test/golden/composites and all-types (test/db/composites.test.ts, the equivalence proof).
    expect(PG_TYPE_NAMES.filter((n) => !used.has(n))).toEqual(['composite']);
    expect(ir.tables.some((t) => t.columns.some((c) => c.isArray))).toBe(true);
  });
});
