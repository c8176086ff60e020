/**
 * Reads tables, columns, keys and enums of one database schema from pg_catalog. Used by
 * `verify` (compare with schema/) and `pull` (write schema/ from a database).
 */
import type { ClientBase } from 'pg';
import { decodeFractionalTypmod, TYPE_BY_TYPNAME, typeSpec } from '@pgtwin/runtime/internal/pg-types';
import type { IntervalFields } from '@pgtwin/runtime/internal/codecs/interval';
import { introspectExtras, type DbTableExtras } from './introspect-extras.ts';

export interface DbColumn {
  readonly name: string;
  /** format_type() of the column, e.g. `numeric(39,0)`, `character varying(56)[]`. */
  readonly formatted: string;
  /** Element type name (`int8`, `varchar`, `my_enum`…) from pg_type.typname. */
  readonly baseType: string;
  /** Whether the element type is an enum, and its labels. */
  readonly enumLabels: readonly string[] | null;
  readonly isArray: boolean;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  readonly identity: '' | 'a' | 'd';
  readonly generated: '' | 's';
  /** varchar/char length, numeric precision and scale, from the type modifier. */
  readonly length: number | null;
  readonly precision: number | null;
  readonly scale: number | null;
  /** The raw type modifier (-1: none); for timestamp(p), time(p) and interval fields/precision. */
  readonly typmod: number;
  /** The element type is a domain (`baseType` is its name; see DbSchema.domains). */
  readonly isDomain?: boolean;
  /** The element type is a composite type (`baseType` is its name; see DbSchema.composites). */
  readonly isComposite?: boolean;
  /** interval's field restriction, from the typmod. */
  readonly fields: IntervalFields | null;
  /** pg_attribute.attndims: the dimensions the DDL wrote (`int4[][]`: 2), not enforced by PostgreSQL; 0 for scalars. */
  readonly dimensions: number;
  /** The element type's array delimiter (pg_type.typdelim) when it is not `,` (box: `;`). */
  readonly delimiter?: string;
}

/** A composite type (`CREATE TYPE … AS (…)`): its fields, read as columns. */
export interface DbComposite {
  readonly name: string;
  readonly fields: readonly DbColumn[];
}

/** A domain (`CREATE DOMAIN`): its base type read as a column named VALUE, its constraints and default. */
export interface DbDomain {
  readonly name: string;
  readonly base: DbColumn;
  /** The base is itself a domain, or an array of one (`base.baseType` names it). */
  readonly baseIsDomain: boolean;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  /** CHECK constraints by name, with their expression as pg_get_constraintdef prints it without `CHECK (…)`. */
  readonly checks: readonly { readonly name: string; readonly sql: string }[];
}

export interface DbTable {
  readonly name: string;
  readonly columns: readonly DbColumn[];
  readonly primaryKey: readonly string[];
  readonly uniques: readonly (readonly string[])[];
  readonly foreignKeys: readonly { readonly column: string; readonly table: string; readonly refColumn: string }[];
  /** Declarative partitioning, when the table is a partitioned parent. */
  readonly partitioning?: DbPartitioning;
  /** TimescaleDB hypertable, when the table is one. */
  readonly hypertable?: DbHypertable;
  /** Indexes, checks, foreign keys with their options, storage parameters, comments. */
  readonly extras?: DbTableExtras;
}

export interface DbHypertable {
  readonly timeColumn: string;
  /** `1 day` (interval as the server prints it) or `100000` for an integer time column. */
  readonly chunkInterval: string;
  readonly intervalIsInteger: boolean;
  readonly segmentBy: readonly string[];
  readonly orderBy: readonly { readonly column: string; readonly desc: boolean }[];
}

export interface DbPartitioning {
  readonly kind: 'range' | 'list' | 'hash';
  readonly columns: readonly string[];
  /** Partitions with their bound as pg_get_expr prints it (`FOR VALUES FROM (…) TO (…)`, `DEFAULT`). */
  readonly partitions: readonly { readonly name: string; readonly bound: string }[];
}

export interface DbSchema {
  readonly tables: ReadonlyMap<string, DbTable>;
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** Domains of the schema by name (absent: none read). */
  readonly domains?: ReadonlyMap<string, DbDomain>;
  /** Composite types of the schema by name (absent: none read). */
  readonly composites?: ReadonlyMap<string, DbComposite>;
}

export async function introspect(client: ClientBase, schema = 'public'): Promise<DbSchema> {
  const enumRows = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = $1::regnamespace GROUP BY t.typname ORDER BY t.typname`,
    [schema],
  );
  const enums = new Map(enumRows.rows.map((r) => [r.name, r.labels]));

  const colRows = await client.query<{
    table: string;
    name: string;
    formatted: string;
    base_type: string;
    base_is_enum: boolean;
    base_is_domain: boolean;
    base_is_composite: boolean;
    base_labels: string[] | null;
    is_array: boolean;
    not_null: boolean;
    default_sql: string | null;
    identity: '' | 'a' | 'd';
    generated: '' | 's';
    typmod: number;
    dimensions: number;
    delimiter: string;
  }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS formatted,
            bt.typname AS base_type, bt.typtype = 'e' AS base_is_enum, bt.typtype = 'd' AS base_is_domain, bt.typtype = 'c' AS base_is_composite,
            (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = bt.oid) AS base_labels,
            t.typtype = 'b' AND t.typcategory = 'A' AS is_array, a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default_sql, a.attidentity AS identity, a.attgenerated AS generated,
            a.atttypmod AS typmod, a.attndims AS dimensions, bt.typdelim AS delimiter
       FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'b' AND t.typcategory = 'A' THEN t.typelem ELSE t.oid END
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname, a.attnum`,
    [schema],
  );

  const keyRows = await client.query<{ table: string; primary: boolean; cols: string[] }>(
    `SELECT c.relname AS table, i.indisprimary AS primary, array_agg(a.attname::text ORDER BY k.ord) AS cols
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE c.relnamespace = $1::regnamespace AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
      GROUP BY c.relname, i.indexrelid, i.indisprimary ORDER BY c.relname, i.indisprimary DESC, cols`,
    [schema],
  );

  const fkRows = await client.query<{ table: string; column: string; ref_table: string; ref_column: string }>(
    `SELECT c.relname AS table, a.attname AS column, rc.relname AS ref_table, ra.attname AS ref_column
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class rc ON rc.oid = k.confrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND k.conparentid = 0 AND array_length(k.conkey, 1) = 1 AND c.relnamespace = $1::regnamespace
      ORDER BY c.relname, a.attname`,
    [schema],
  );

  const partRows = await client.query<{ table: string; strategy: 'r' | 'l' | 'h'; columns: string[] }>(
    `SELECT c.relname AS table, pt.partstrat AS strategy,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(pt.partattrs) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum) AS columns
       FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
      WHERE c.relnamespace = $1::regnamespace ORDER BY c.relname`,
    [schema],
  );
  const boundRows = await client.query<{ parent: string; name: string; bound: string }>(
    `SELECT c.relname AS parent, p.relname AS name, pg_get_expr(p.relpartbound, p.oid) AS bound
       FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid JOIN pg_class c ON c.oid = i.inhparent
      WHERE c.relnamespace = $1::regnamespace AND p.relispartition ORDER BY c.relname, p.relname`,
    [schema],
  );

  const hypertables = await readHypertables(client, schema);

  const tables = new Map<string, { name: string; columns: DbColumn[]; primaryKey: string[]; uniques: string[][]; foreignKeys: DbTable['foreignKeys'][number][]; partitioning?: DbPartitioning; hypertable?: DbHypertable; extras?: DbTableExtras }>();
  for (const r of colRows.rows) {
    let t = tables.get(r.table);
    if (!t) {
      t = { name: r.table, columns: [], primaryKey: [], uniques: [], foreignKeys: [] };
      tables.set(r.table, t);
    }
    const { length, precision, scale, fields } = decodeTypmod(r.base_type, r.typmod);
    t.columns.push({
      name: r.name,
      formatted: r.formatted,
      baseType: r.base_type,
      enumLabels: r.base_is_enum ? (r.base_labels ?? []) : null,
      isArray: r.is_array,
      notNull: r.not_null,
      defaultSql: r.default_sql,
      identity: r.identity,
      generated: r.generated,
      length,
      precision,
      scale,
      typmod: r.typmod,
      ...(r.base_is_domain && { isDomain: true }),
      ...(r.base_is_composite && { isComposite: true }),
      fields,
      dimensions: r.dimensions,
      ...(r.delimiter !== ',' && { delimiter: r.delimiter }),
    });
  }
  for (const r of keyRows.rows) {
    const t = tables.get(r.table);
    if (!t) continue;
    if (r.primary) t.primaryKey = r.cols;
    else t.uniques.push(r.cols);
  }
  for (const r of fkRows.rows) tables.get(r.table)?.foreignKeys.push({ column: r.column, table: r.ref_table, refColumn: r.ref_column });
  for (const r of partRows.rows) {
    const t = tables.get(r.table);
    if (!t) continue;
    const kind = r.strategy === 'r' ? 'range' : r.strategy === 'l' ? 'list' : 'hash';
    t.partitioning = { kind, columns: r.columns, partitions: boundRows.rows.filter((b) => b.parent === r.table).map((b) => ({ name: b.name, bound: b.bound })) };
  }
  for (const [name, h] of hypertables) {
    const t = tables.get(name);
    if (t) t.hypertable = h;
  }
  for (const [name, x] of await introspectExtras(client, schema)) {
    const t = tables.get(name);
    if (t) t.extras = x;
  }
  return { tables, enums, domains: await readDomains(client, schema), composites: await readComposites(client, schema) };
}

/** Composite types of a schema (not tables' row types): their fields in order, read like columns. */
async function readComposites(client: ClientBase, schema: string): Promise<Map<string, DbComposite>> {
  const { rows } = await client.query<{
    name: string; field: string; formatted: string; base_type: string; base_is_enum: boolean; base_is_domain: boolean; base_is_composite: boolean;
    base_labels: string[] | null; is_array: boolean; typmod: number;
  }>(
    `SELECT t.typname AS name, a.attname AS field, format_type(a.atttypid, a.atttypmod) AS formatted,
            bt.typname AS base_type, bt.typtype = 'e' AS base_is_enum, bt.typtype = 'd' AS base_is_domain, bt.typtype = 'c' AS base_is_composite,
            (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = bt.oid) AS base_labels,
            ft.typtype = 'b' AND ft.typcategory = 'A' AS is_array, a.atttypmod AS typmod
       FROM pg_type t
       JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_type ft ON ft.oid = a.atttypid
       JOIN pg_type bt ON bt.oid = CASE WHEN ft.typtype = 'b' AND ft.typcategory = 'A' THEN ft.typelem ELSE ft.oid END
      WHERE t.typtype = 'c' AND t.typnamespace = $1::regnamespace
      ORDER BY t.typname, a.attnum`,
    [schema],
  );
  const out = new Map<string, { name: string; fields: DbColumn[] }>();
  for (const r of rows) {
    let c = out.get(r.name);
    if (!c) out.set(r.name, (c = { name: r.name, fields: [] }));
    const { length, precision, scale, fields } = decodeTypmod(r.base_type, r.typmod);
    c.fields.push({
      fields, dimensions: r.is_array ? 1 : 0,
      name: r.field, formatted: r.formatted, baseType: r.base_type, enumLabels: r.base_is_enum ? (r.base_labels ?? []) : null, isArray: r.is_array,
      notNull: false, defaultSql: null, identity: '', generated: '', length, precision, scale, typmod: r.typmod,
      ...(r.base_is_domain && { isDomain: true }),
      ...(r.base_is_composite && { isComposite: true }),
    });
  }
  return out;
}

/** Domains of a schema: base type (element and typmod, decoded as for columns), NOT NULL, default, CHECK constraints. */
async function readDomains(client: ClientBase, schema: string): Promise<Map<string, DbDomain>> {
  // pg_get_constraintdef and pg_get_expr qualify names outside the search path (`'tense'::source.mood`):
  // read them with the schema as the search path, so pull writes checks that work in any schema.
  const saved = (await client.query<{ path: string }>("SELECT current_setting('search_path') AS path")).rows[0]?.path ?? '';
  await client.query("SELECT set_config('search_path', quote_ident($1), false)", [schema]);
  try {
    return await readDomainsInPath(client, schema);
  } finally {
    await client.query("SELECT set_config('search_path', $1, false)", [saved]);
  }
}

async function readDomainsInPath(client: ClientBase, schema: string): Promise<Map<string, DbDomain>> {
  const { rows } = await client.query<{
    name: string; formatted: string; base_type: string; base_is_enum: boolean; base_is_domain: boolean; base_is_composite: boolean; base_labels: string[] | null;
    is_array: boolean; not_null: boolean; default_sql: string | null; typmod: number; check_names: string[] | null; check_defs: string[] | null;
  }>(
    `SELECT t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS formatted,
            bt.typname AS base_type, bt.typtype = 'e' AS base_is_enum, b.typtype = 'd' OR bt.typtype = 'd' AS base_is_domain, bt.typtype = 'c' AS base_is_composite,
            (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = bt.oid) AS base_labels,
            b.typtype = 'b' AND b.typcategory = 'A' AS is_array, t.typnotnull AS not_null,
            pg_get_expr(t.typdefaultbin, 0) AS default_sql, t.typtypmod AS typmod,
            (SELECT array_agg(k.conname::text ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') AS check_names,
            (SELECT array_agg(pg_get_constraintdef(k.oid) ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') AS check_defs
       FROM pg_type t
       JOIN pg_type b ON b.oid = t.typbasetype
       JOIN pg_type bt ON bt.oid = CASE WHEN b.typtype = 'b' AND b.typcategory = 'A' THEN b.typelem ELSE b.oid END
      WHERE t.typtype = 'd' AND t.typnamespace = $1::regnamespace
      ORDER BY t.typname`,
    [schema],
  );
  const out = new Map<string, DbDomain>();
  for (const r of rows) {
    const { length, precision, scale, fields } = decodeTypmod(r.base_type, r.typmod);
    out.set(r.name, {
      name: r.name,
      base: {
        fields, dimensions: r.is_array ? 1 : 0,
        name: 'VALUE', formatted: r.formatted, baseType: r.base_type, enumLabels: r.base_is_enum ? (r.base_labels ?? []) : null, isArray: r.is_array,
        notNull: false, defaultSql: null, identity: '', generated: '', length, precision, scale, typmod: r.typmod,
        ...(r.base_is_composite && { isComposite: true }),
        ...(r.base_is_domain && { isDomain: true }),
      },
      baseIsDomain: r.base_is_domain,
      notNull: r.not_null,
      defaultSql: r.default_sql,
      // pg_get_constraintdef prints `CHECK (<expr>)` (and ` NOT VALID` for an unvalidated one).
      checks: (r.check_names ?? []).map((name, i) => ({ name, sql: (r.check_defs?.[i] ?? '').replace(/^CHECK \((.*)\)( NOT VALID)?$/s, '$1') })),
    });
  }
  return out;
}

/**
 * Hypertables of a schema, when TimescaleDB is installed in the database: the time dimension
 * from timescaledb_information.dimensions, the columnstore settings from TimescaleDB's
 * catalog (its information view joins column names with commas; the catalog keeps arrays).
 */
async function readHypertables(client: ClientBase, schema: string): Promise<Map<string, DbHypertable>> {
  const out = new Map<string, DbHypertable>();
  const has = await client.query<{ ok: boolean; settings: boolean }>(
    "SELECT to_regclass('timescaledb_information.dimensions') IS NOT NULL AS ok, to_regclass('_timescaledb_catalog.compression_settings') IS NOT NULL AS settings",
  );
  if (!has.rows[0]?.ok) return out;
  // Older TimescaleDB releases kept columnstore settings elsewhere: read the dimension only.
  const settings = has.rows[0].settings
    ? `LEFT JOIN _timescaledb_catalog.compression_settings s ON s.relid = format('%I.%I', d.hypertable_schema, d.hypertable_name)::regclass`
    : 'LEFT JOIN (SELECT NULL::text[] AS segmentby, NULL::text[] AS orderby, NULL::bool[] AS orderby_desc) s ON false';
  const rows = await client.query<{ table: string; column: string; time_interval: string | null; integer_interval: string | null; segmentby: string[] | null; orderby: string[] | null; orderby_desc: boolean[] | null }>(
    `SELECT d.hypertable_name AS table, d.column_name AS column, d.time_interval::text AS time_interval, d.integer_interval::text AS integer_interval,
            s.segmentby, s.orderby, s.orderby_desc
       FROM timescaledb_information.dimensions d
       ${settings}
      WHERE d.hypertable_schema = $1 AND d.dimension_number = 1
      ORDER BY d.hypertable_name`,
    [schema],
  );
  for (const r of rows.rows) {
    out.set(r.table, {
      timeColumn: r.column,
      chunkInterval: r.integer_interval ?? r.time_interval ?? '',
      intervalIsInteger: r.integer_interval !== null,
      segmentBy: r.segmentby ?? [],
      orderBy: (r.orderby ?? []).map((column, i) => ({ column, desc: r.orderby_desc?.[i] === true })),
    });
  }
  return out;
}

/** What the type table says the typmod holds: length + 4 (varchar, bpchar); the bit count (bit, varbit); ((precision << 16) | scale) + 4 (numeric); -1 = none. */
function decodeTypmod(baseType: string, typmod: number): { length: number | null; precision: number | null; scale: number | null; fields: IntervalFields | null } {
  const type = TYPE_BY_TYPNAME.get(baseType);
  const kind = type === undefined ? null : typeSpec(type).typmod;
  if (typmod < 0) return { length: null, precision: null, scale: null, fields: null };
  if (kind === 'length') return { length: typmod - 4, precision: null, scale: null, fields: null };
  if (kind === 'bitLength') return { length: typmod, precision: null, scale: null, fields: null };
  if (kind === 'fractional' && type !== undefined) {
    const d = decodeFractionalTypmod(type, typmod);
    return { length: null, precision: d.precision ?? null, scale: null, fields: d.fields ?? null };
  }
  if (kind === 'numeric') {
    const v = typmod - 4;
    const scaleBits = v & 0x7ff;
    // scale is an 11-bit signed field (PostgreSQL 15 allows negative scales)
    return { length: null, precision: (v >> 16) & 0xffff, scale: scaleBits > 1023 ? scaleBits - 2048 : scaleBits, fields: null };
  }
  return { length: null, precision: null, scale: null, fields: null };
}
