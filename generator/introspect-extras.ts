/**
 * Reads indexes, CHECK constraints, foreign keys, storage parameters and comments of one
 * schema's tables from pg_catalog (pg_index with pg_get_indexdef per key, pg_constraint with
 * pg_get_constraintdef, reloptions, pg_description). Expressions come back as the server
 * prints them (pretty), which it reads back to the same definition.
 */
import type { ClientBase } from 'pg';
import type { ForeignKeyActionIR } from './table-extras.ts';

export interface DbIndexKey {
  readonly column: string | null;
  readonly expr: string | null;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
  /** Non-default operator class, else null. */
  readonly opclass: string | null;
  /**
   * A collation other than the column's (plain key) or than the default (expression key: SQL
   * cannot ask an expression's collation, so one that merely repeats it is written too, harmlessly).
   */
  readonly collation: string | null;
}

export interface DbIndex {
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  readonly keys: readonly DbIndexKey[];
  readonly include: readonly string[];
  readonly where: string | null;
  readonly with: readonly { readonly name: string; readonly value: string }[];
  /** The constraint it backs: primary key, unique or exclusion (those are declared as keys, not indexes). */
  readonly constraint: 'p' | 'u' | 'x' | null;
  /** PostgreSQL 15's UNIQUE NULLS NOT DISTINCT (not declared by the DSL: pull says so). */
  readonly nullsNotDistinct: boolean;
  /** pg_get_indexdef, for messages. */
  readonly definition: string;
}

export interface DbCheck {
  readonly name: string;
  /** The expression inside CHECK (…). */
  readonly expr: string;
  /** Single column the check names (PostgreSQL keeps no column/table distinction), else null. */
  readonly column: string | null;
  readonly validated: boolean;
  readonly noInherit: boolean;
}

export interface DbForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly table: string;
  readonly refColumns: readonly string[];
  readonly onDelete: ForeignKeyActionIR;
  readonly onUpdate: ForeignKeyActionIR;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  readonly matchFull: boolean;
  readonly validated: boolean;
}

export interface DbTableExtras {
  /** By name. */
  readonly indexes: readonly DbIndex[];
  readonly checks: readonly DbCheck[];
  /** Declared on the table itself (not the copies PostgreSQL makes for partitions). */
  readonly foreignKeys: readonly DbForeignKey[];
  /** reloptions, then the toast table's prefixed `toast.`, in catalog order; values as stored (text). */
  readonly storage: readonly { readonly name: string; readonly value: string }[];
  readonly comment: string | null;
  readonly columnComments: ReadonlyMap<string, string>;
  /**
   * What a partition of this table declares on its own (an index or CHECK not on the parent,
   * storage parameters): the DSL declares these on the parent only, so pull names each in a note.
   */
  readonly partitionLocal: readonly string[];
}

const ACTIONS: Record<string, ForeignKeyActionIR> = { a: 'noAction', r: 'restrict', c: 'cascade', n: 'setNull', d: 'setDefault' };

function splitOptions(options: readonly string[] | null, prefix = ''): { name: string; value: string }[] {
  return (options ?? []).map((o) => {
    const at = o.indexOf('=');
    return { name: `${prefix}${o.slice(0, at)}`, value: o.slice(at + 1) };
  });
}

/**
 * TimescaleDB's own index on a hypertable's time column (`<table>_<time>_idx` on `time DESC`),
 * made by `CREATE TABLE … WITH (tsdb.hypertable)` itself: not the schema's to declare, so pull
 * leaves it out and verify does not report it.
 */
export function isHypertableDefaultIndex(table: string, timeColumn: string, i: DbIndex): boolean {
  const k = i.keys[0];
  const base = `${table}_${timeColumn}_idx`;
  return (i.name === base || (i.name.startsWith(base) && /^\d+$/.test(i.name.slice(base.length)))) && i.method === 'btree' && !i.unique && i.constraint === null && i.keys.length === 1 && k !== undefined
    && k.column === timeColumn && k.desc && k.nullsFirst && k.opclass === null && k.collation === null && i.include.length === 0 && i.where === null && i.with.length === 0;
}

/** `(a > 0)` → `a > 0`, when the outer parentheses enclose the whole text. */
export function stripOuterParens(s: string): string {
  let t = s.trim();
  for (;;) {
    if (!t.startsWith('(') || !t.endsWith(')')) return t;
    let depth = 0;
    let inString: string | null = null;
    for (let i = 0; i < t.length; i++) {
      const ch = t[i] as string;
      if (inString) {
        if (ch === inString) inString = null;
        continue;
      }
      if (ch === "'" || ch === '"') inString = ch;
      else if (ch === '(') depth++;
      else if (ch === ')') {
        depth--;
        if (depth === 0 && i < t.length - 1) return t;
      }
    }
    t = t.slice(1, -1).trim();
  }
}

/** Every table's extras, keyed by table name (plain tables and partitioned parents; not partitions). */
export async function introspectExtras(client: ClientBase, schema: string): Promise<Map<string, DbTableExtras>> {
  const tableRows = await client.query<{ table: string; options: string[] | null; toast_options: string[] | null; comment: string | null; column_comments: Record<string, string> | null }>(
    `SELECT c.relname AS table, c.reloptions AS options, tc.reloptions AS toast_options, obj_description(c.oid, 'pg_class') AS comment,
            (SELECT json_object_agg(a.attname, d.description) FROM pg_description d JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
              WHERE d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid > 0) AS column_comments
       FROM pg_class c LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    [schema],
  );
  const indexRows = await client.query<{ table: string; name: string; unique: boolean; method: string; nkey: number; attnums: number[]; attnames: string[]; cols: string[]; options: number[]; opclasses: (string | null)[]; collations: (string | null)[]; where: string | null; with: string[] | null; constraint: 'p' | 'u' | 'x' | null; definition: string; nulls_not_distinct: boolean }>(
    `SELECT c.relname AS table, ic.relname AS name, i.indisunique AS unique, am.amname AS method, i.indnkeyatts AS nkey,
            i.indkey::int2[] AS attnums,
            ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) AS k ORDER BY k) AS cols,
            i.indoption::int2[] AS options,
            ARRAY(SELECT coalesce(a.attname::text, '') FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS x(n, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = x.n AND x.n > 0 ORDER BY x.ord) AS attnames,
            ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END
                    FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS x(oid, ord) JOIN pg_opclass oc ON oc.oid = x.oid ORDER BY x.ord) AS opclasses,
            ARRAY(SELECT CASE WHEN x.coll = 0 OR x.coll = coalesce(a.attcollation, 0) OR (a.attnum IS NULL AND x.coll = 100) THEN NULL ELSE co.collname::text END
                    FROM unnest(i.indcollation::oid[]) WITH ORDINALITY AS x(coll, ord) LEFT JOIN pg_collation co ON co.oid = x.coll
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = (i.indkey::int2[])[x.ord - 1] AND a.attnum > 0 ORDER BY x.ord) AS collations,
            pg_get_expr(i.indpred, i.indrelid, true) AS where, ic.reloptions AS with,
            (SELECT k.contype FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint,
            pg_get_indexdef(i.indexrelid) AS definition, (to_jsonb(i)->>'indnullsnotdistinct')::boolean IS TRUE AS nulls_not_distinct
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid JOIN pg_am am ON am.oid = ic.relam
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname, ic.relname`,
    [schema],
  );
  const checkRows = await client.query<{ table: string; name: string; def: string; columns: string[] | null; validated: boolean; no_inherit: boolean }>(
    `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid, true) AS def, k.convalidated AS validated, k.connoinherit AS no_inherit,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) AS n JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n) AS columns
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE k.contype = 'c' AND k.conislocal AND c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname, k.conname`,
    [schema],
  );
  const fkRows = await client.query<{ table: string; name: string; ref_table: string; columns: string[]; ref_columns: string[]; upd: string; del: string; match: string; deferrable: boolean; deferred: boolean; validated: boolean }>(
    `SELECT c.relname AS table, k.conname AS name, rc.relname AS ref_table,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS x(n, ord) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n ORDER BY x.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS x(n, ord) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.n ORDER BY x.ord) AS ref_columns,
            k.confupdtype AS upd, k.confdeltype AS del, k.confmatchtype AS match, k.condeferrable AS deferrable, k.condeferred AS deferred, k.convalidated AS validated
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class rc ON rc.oid = k.confrelid
      WHERE k.contype = 'f' AND k.conparentid = 0 AND c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname, k.conname`,
    [schema],
  );

  const localRows = await client.query<{ table: string; partition: string; what: string }>(
    `WITH RECURSIVE part AS (
       SELECT h.inhrelid AS oid, h.inhparent AS root FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent
        WHERE p.relnamespace = $1::regnamespace AND p.relkind = 'p' AND NOT p.relispartition
       UNION ALL SELECT h.inhrelid, part.root FROM pg_inherits h JOIN part ON h.inhparent = part.oid)
     SELECT r.relname AS table, c.relname AS partition, x.what
       FROM part JOIN pg_class c ON c.oid = part.oid JOIN pg_class r ON r.oid = part.root,
       LATERAL (
         SELECT 'index ' || pg_get_indexdef(i.indexrelid) AS what FROM pg_index i
          WHERE i.indrelid = c.oid AND NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid)
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = c.oid AND k.conparentid <> 0)
         UNION ALL SELECT 'constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid, true) FROM pg_constraint k
          WHERE k.conrelid = c.oid AND k.conislocal AND k.conparentid = 0 AND k.contype IN ('c', 'f', 'u', 'p', 'x')
         UNION ALL SELECT 'storage parameters (' || array_to_string(c.reloptions, ', ') || ')' WHERE c.reloptions IS NOT NULL
       ) x
      ORDER BY r.relname, c.relname, x.what`,
    [schema],
  );
  const out = new Map<string, DbTableExtras & { indexes: DbIndex[]; checks: DbCheck[]; foreignKeys: DbForeignKey[]; partitionLocal: string[] }>();
  for (const r of tableRows.rows) {
    out.set(r.table, {
      indexes: [],
      checks: [],
      foreignKeys: [],
      // In the catalog's order, which schema.sql keeps (pg_dump prints them in that order).
      storage: [...splitOptions(r.options), ...splitOptions(r.toast_options, 'toast.')],
      comment: r.comment,
      columnComments: new Map(Object.entries(r.column_comments ?? {})),
      partitionLocal: [],
    });
  }
  for (const r of localRows.rows) out.get(r.table)?.partitionLocal.push(`partition ${r.partition}: ${r.what}`);
  for (const r of indexRows.rows) {
    const keys: DbIndexKey[] = [];
    for (let k = 0; k < r.nkey; k++) {
      const opt = r.options[k] ?? 0;
      const desc = (opt & 1) !== 0;
      const plain = (r.attnums[k] ?? 0) !== 0;
      // A column by its catalog name (pg_get_indexdef would quote it); an expression as the server prints it.
      keys.push({ column: plain ? (r.attnames[k] as string) : null, expr: plain ? null : stripOuterParens(r.cols[k] as string), desc, nullsFirst: (opt & 2) !== 0, opclass: r.opclasses[k] ?? null, collation: r.collations[k] ?? null });
    }
    const include = r.attnames.slice(r.nkey);
    out.get(r.table)?.indexes.push({ name: r.name, unique: r.unique, method: r.method, keys, include, where: r.where, with: splitOptions(r.with), constraint: r.constraint, nullsNotDistinct: r.nulls_not_distinct, definition: r.definition });
  }
  for (const r of checkRows.rows) {
    const m = /^CHECK \((.*)\)( NO INHERIT)?( NOT VALID)?$/s.exec(r.def);
    out.get(r.table)?.checks.push({ name: r.name, expr: m ? (m[1] as string) : r.def, column: r.columns?.length === 1 ? (r.columns[0] as string) : null, validated: r.validated, noInherit: r.no_inherit });
  }
  for (const r of fkRows.rows) {
    out.get(r.table)?.foreignKeys.push({
      name: r.name,
      columns: r.columns,
      table: r.ref_table,
      refColumns: r.ref_columns,
      onDelete: ACTIONS[r.del] ?? 'noAction',
      onUpdate: ACTIONS[r.upd] ?? 'noAction',
      deferrable: r.deferrable,
      initiallyDeferred: r.deferred,
      matchFull: r.match === 'f',
      validated: r.validated,
    });
  }
  return out;
}
