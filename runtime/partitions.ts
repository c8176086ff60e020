/**
 * `ensureRangePartitions`, which creates missing time-range partitions for users who run
 * neither pg_partman nor TimescaleDB. The periods are partition-periods.ts's, shared with the
 * schema DSL; the "no partition for this row" error is partition-errors.ts's.
 */
import type { ClientBase } from 'pg';
import { exceedsIdentifierLimit, MAX_IDENTIFIER_BYTES } from './pg-names.ts';
import { timePeriods, type PartitionInterval } from './partition-periods.ts';
import { quoteIdent, quoteLiteral } from './sql-quote.ts';
import { atomically } from './transaction.ts';

/** Raised by `ensureRangePartitions` when it cannot create a partition safely. */
export class PgTwinPartitionSetupError extends Error {
  override name = 'PgTwinPartitionSetupError';
}

export interface EnsureRangePartitionsOptions {
  /** The partitioned table (range-partitioned on one date, timestamp or timestamptz column). */
  readonly table: string;
  /** Its schema; default: the search_path. */
  readonly schema?: string;
  /** The partition column; checked against the table's partition key when given. */
  readonly column?: string;
  /** Start of the span (rounded down to its period). */
  readonly from: Date | string;
  /** End of the span, exclusive (rounded up to its period). */
  readonly to: Date | string;
  readonly interval: PartitionInterval;
  /** Partition names are `<namePrefix>_<suffix>` (default: the table name): `transactions_2024_01`. */
  readonly namePrefix?: string;
}

export interface EnsureRangePartitionsResult {
  /** Partitions created by this call, in time order. */
  readonly created: readonly string[];
  /** Periods already covered by existing partitions. */
  readonly existing: number;
}

/** Fixed SQL spellings of the column types this helper handles, keyed by `pg_type.typname`. */
const TIME_TYPES: Readonly<Record<string, { readonly cast: string; readonly literal: (d: Date) => string }>> = {
  timestamptz: { cast: 'timestamptz', literal: (d) => `${d.toISOString().slice(0, 19).replace('T', ' ')}+00` },
  timestamp: { cast: 'timestamp', literal: (d) => d.toISOString().slice(0, 19).replace('T', ' ') },
  date: { cast: 'date', literal: (d) => d.toISOString().slice(0, 10) },
};

/** `FOR VALUES FROM ('…') TO ('…')` → the two bound texts (null for MINVALUE/MAXVALUE). */
function rangeBoundTexts(expr: string): [string | null, string | null] | undefined {
  const m = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/s.exec(expr);
  if (!m) return undefined;
  const one = (s: string): string | null => (s === 'MINVALUE' || s === 'MAXVALUE' ? null : s.replace(/^'(.*)'(::.*)?$/s, '$1').replace(/''/g, "'"));
  return [one(m[1] as string), one(m[2] as string)];
}

/**
 * Creates the missing range partitions of `table` for `[from, to)`, one per day, week, month
 * or year (UTC), named `<namePrefix>_<suffix>`. Idempotent, and safe when several processes
 * call it at once: it runs in one transaction (a savepoint inside the caller's) under a
 * transaction-scoped advisory lock keyed on the table, reads the existing partitions after
 * taking the lock, and creates each missing one with `CREATE TABLE IF NOT EXISTS … PARTITION OF`.
 *
 * A period already covered by existing partitions is skipped; one partly covered (a partition
 * of another width overlaps it) is an error, as is a default partition holding rows of a
 * period to create (PostgreSQL would refuse the partition; move the rows out first).
 */
export async function ensureRangePartitions(client: ClientBase, options: EnsureRangePartitionsOptions): Promise<EnsureRangePartitionsResult> {
  const periods = timePeriods(options);
  const parent = options.schema === undefined ? quoteIdent(options.table) : `${quoteIdent(options.schema)}.${quoteIdent(options.table)}`;
  const prefix = options.namePrefix ?? options.table;
  return atomically(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('pgtwin.ensureRangePartitions:' || $1::regclass::oid::text, 0))", [parent]);
    const keyRows = await client.query<{ partstrat: string; partnatts: number; attname: string | null; typname: string | null }>(
      `SELECT p.partstrat, p.partnatts, a.attname, t.typname
         FROM pg_partitioned_table p
         LEFT JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
         LEFT JOIN pg_type t ON t.oid = a.atttypid
        WHERE p.partrelid = $1::regclass`,
      [parent],
    );
    const key = keyRows.rows[0];
    if (!key) throw new PgTwinPartitionSetupError(`pgtwin: ${parent} is not a partitioned table`);
    if (key.partstrat !== 'r' || key.partnatts !== 1 || key.attname === null) {
      throw new PgTwinPartitionSetupError(`pgtwin: ${parent} must be range-partitioned on one column for ensureRangePartitions`);
    }
    if (options.column !== undefined && options.column !== key.attname) {
      throw new PgTwinPartitionSetupError(`pgtwin: ${parent} is partitioned by "${key.attname}", not "${options.column}"`);
    }
    const type = TIME_TYPES[key.typname ?? ''];
    if (!type) throw new PgTwinPartitionSetupError(`pgtwin: the partition column "${key.attname}" of ${parent} is ${key.typname}; ensureRangePartitions handles date, timestamp and timestamptz`);

    // Existing partitions and their bounds as epoch microseconds, cast by the server.
    const parts = await client.query<{ relname: string; nspname: string; bound: string }>(
      `SELECT c.relname, n.nspname, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE i.inhparent = $1::regclass`,
      [parent],
    );
    let defaultPartition: string | undefined;
    const texts: { name: string; lo: string | null; hi: string | null }[] = [];
    for (const p of parts.rows) {
      if (p.bound === 'DEFAULT') defaultPartition = `${quoteIdent(p.nspname)}.${quoteIdent(p.relname)}`;
      else {
        const b = rangeBoundTexts(p.bound);
        if (b) texts.push({ name: p.relname, lo: b[0], hi: b[1] });
      }
    }
    const values = texts.flatMap((t) => [t.lo, t.hi]);
    const epochs = values.length === 0 ? [] : (await client.query<{ us: string | null }>(
      `SELECT (extract(epoch FROM v::${type.cast}) * 1000000)::float8::text AS us FROM unnest($1::text[]) WITH ORDINALITY AS x(v, i) ORDER BY i`,
      [values],
    )).rows.map((r) => (r.us === null ? null : Number(r.us)));
    const existing = texts.map((t, i) => ({ name: t.name, lo: epochs[2 * i] ?? -Infinity, hi: epochs[2 * i + 1] ?? Infinity }));

    const created: string[] = [];
    let covered = 0;
    for (const period of periods) {
      const lo = period.from.getTime() * 1000;
      const hi = period.to.getTime() * 1000;
      const overlapping = existing.filter((e) => e.lo < hi && lo < e.hi);
      if (overlapping.length > 0) {
        // Covered when the overlapping partitions leave no gap in [lo, hi).
        let reach = lo;
        for (const e of [...overlapping].sort((a, b) => a.lo - b.lo)) if (e.lo <= reach) reach = Math.max(reach, e.hi);
        if (reach >= hi) {
          covered++;
          continue;
        }
        throw new PgTwinPartitionSetupError(
          `pgtwin: ${parent}: the ${options.interval} from ${period.from.toISOString()} to ${period.to.toISOString()} is partly covered by partition(s) ${overlapping.map((e) => `"${e.name}"`).join(', ')}; create the rest of it by hand or use the partitions' own width`,
        );
      }
      const name = `${prefix}_${period.suffix}`;
      if (exceedsIdentifierLimit(name)) throw new PgTwinPartitionSetupError(`pgtwin: partition name "${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes; give a shorter namePrefix`);
      const qualified = options.schema === undefined ? quoteIdent(name) : `${quoteIdent(options.schema)}.${quoteIdent(name)}`;
      const clash = await client.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [qualified]);
      if (clash.rows[0]?.r) throw new PgTwinPartitionSetupError(`pgtwin: a relation named ${qualified} exists but is not a partition of ${parent} covering ${period.suffix}`);
      const from = `${quoteLiteral(type.literal(period.from))}::${type.cast}`;
      const to = `${quoteLiteral(type.literal(period.to))}::${type.cast}`;
      if (defaultPartition) {
        const rows = await client.query(`SELECT 1 FROM ${defaultPartition} WHERE ${quoteIdent(key.attname)} >= ${from} AND ${quoteIdent(key.attname)} < ${to} LIMIT 1`);
        if (rows.rows.length > 0) {
          throw new PgTwinPartitionSetupError(
            `pgtwin: ${parent}: the default partition ${defaultPartition} holds rows from ${period.from.toISOString()} to ${period.to.toISOString()}, so partition "${name}" cannot be created; move those rows out of the default partition first (nothing was created by this call)`,
          );
        }
      }
      await client.query(`CREATE TABLE IF NOT EXISTS ${qualified} PARTITION OF ${parent} FOR VALUES FROM (${from}) TO (${to})`);
      created.push(name);
    }
    return { created, existing: covered };
  });
}
