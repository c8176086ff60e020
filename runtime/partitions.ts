/**
 * Partitioned tables at run time: the error for a row that fits no partition, and
 * `ensureRangePartitions`, which creates missing time-range partitions for users who run
 * neither pg_partman nor TimescaleDB.
 */
import type { ClientBase } from 'pg';
import { quoteIdent } from './pg-types.ts';
import { atomically } from './table.ts';

/** A partitioned table's key, as generated modules describe it (`partitionKey`). */
export interface PartitionKey {
  readonly table: string;
  readonly kind: 'range' | 'list' | 'hash';
  /** Partition columns: SQL name, insert-row field, pgtwin type name. */
  readonly columns: readonly { readonly name: string; readonly field: string; readonly type: string }[];
}

/** SQLSTATE check_violation, which PostgreSQL raises for a row that fits no partition. */
const CHECK_VIOLATION = '23514';
const NO_PARTITION = /^no partition of relation "(.*)" found for row$/s;
const KEY_DETAIL = /^Partition key of the failing row contains \((.*)\) = \((.*)\)\.$/s;
const COPY_LINE = /^COPY [^,]*, line ([0-9]+)/;

/**
 * A row fits no partition of a partitioned table (PostgreSQL's `no partition of relation
 * "t" found for row`, SQLSTATE 23514). The statement failed as a whole: nothing of it was
 * stored (COPY, batchInsert, batchUpsert and batchApply are each one statement).
 */
export class PgTwinPartitionError extends Error {
  override name = 'PgTwinPartitionError';
  /** SQLSTATE of the server's error, kept so code testing `err.code` still works. */
  readonly code = CHECK_VIOLATION;
  /** The partitioned table written to. */
  readonly table: string;
  /** 0-based index of the row in the input, or null when it cannot be known (a consumed iterable merged after COPY). */
  readonly rowIndex: number | null;
  /** The partition key columns, as the server named them. */
  readonly columns: readonly string[];
  /** The row's partition key value, as the server printed it (session TimeZone and DateStyle). */
  readonly keyValue: string;

  constructor(details: { table: string; rowIndex: number | null; columns: readonly string[]; keyValue: string; cause: unknown }) {
    const row = details.rowIndex === null ? 'a row' : `row ${details.rowIndex}`;
    super(
      `pgtwin: table "${details.table}", ${row}: no partition for (${details.columns.join(', ')}) = (${details.keyValue}); nothing of the statement was stored. ` +
        'Create the partition (declare it in the schema, or call ensureRangePartitions) or add a default partition.',
      { cause: details.cause },
    );
    this.table = details.table;
    this.rowIndex = details.rowIndex;
    this.columns = details.columns;
    this.keyValue = details.keyValue;
  }
}

interface ServerError {
  readonly code?: string;
  readonly message?: string;
  readonly detail?: string;
  readonly where?: string;
}

/**
 * Turns the server's "no partition of relation … found for row" error into a
 * `PgTwinPartitionError` naming the table, the row index and the key value; returns any
 * other error unchanged. The row index comes from the COPY's `line N` context (row N-1),
 * else from the first row of `rows` whose partition key equals the one the server reports.
 * Pure: it sends nothing.
 */
export function partitionErrorFrom(err: unknown, context: { readonly table: string; readonly key?: PartitionKey | null; readonly rows?: unknown }): unknown {
  const e = err as ServerError | null;
  if (typeof e !== 'object' || e === null || e.code !== CHECK_VIOLATION || typeof e.message !== 'string' || !NO_PARTITION.test(e.message)) return err;
  const detail = KEY_DETAIL.exec(e.detail ?? '');
  const columns = detail ? (detail[1] as string).split(', ') : (context.key?.columns.map((c) => c.name) ?? []);
  const keyValue = detail ? (detail[2] as string) : '?';
  let rowIndex: number | null = null;
  const line = COPY_LINE.exec(e.where ?? '');
  if (line) rowIndex = Number(line[1]) - 1;
  else if (detail && context.key && Array.isArray(context.rows)) rowIndex = findRow(context.key, context.rows, keyValue);
  return new PgTwinPartitionError({ table: context.table, rowIndex, columns, keyValue, cause: err });
}

/**
 * Awaits a generated function's promise and rethrows a "no partition" error as a
 * `PgTwinPartitionError` (see `partitionErrorFrom`). Generated modules of partitioned
 * tables wrap `copyInto`, `batchInsert`, `batchUpsert` and `batchApply` with it.
 */
export async function withPartitionErrors<T>(work: Promise<T>, key: PartitionKey, rows: unknown): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw partitionErrorFrom(err, { table: key.table, key, rows });
  }
}

function findRow(key: PartitionKey, rows: readonly unknown[], keyValue: string): number | null {
  // The server joins the values with ", "; split only when that is unambiguous.
  const parts = key.columns.length === 1 ? [keyValue] : keyValue.split(', ');
  if (parts.length !== key.columns.length) return null;
  const wanted = key.columns.map((c, i) => normaliseServerText(c.type, parts[i] as string));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown> | null;
    if (typeof row !== 'object' || row === null) continue;
    if (key.columns.every((c, j) => wanted[j] !== undefined && normaliseRowValue(c.type, row[c.field]) === wanted[j])) return i;
  }
  return null;
}

/** Epoch microseconds of `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|±HH[:MM[:SS]]]` (no offset: UTC). */
function timestampMicros(s: string): bigint | undefined {
  const m = /^([0-9]{4,})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?\s*(Z|[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?)?$/.exec(s.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  let micros = BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0') || '0');
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(/:/g, '');
    const seconds = Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60 + Number(digits.slice(4, 6) || 0);
    micros -= BigInt((zone[0] === '-' ? -1 : 1) * seconds) * 1_000_000n;
  }
  return micros;
}

function dateText(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The server's output text of a key value, in a form comparable with `normaliseRowValue`. */
function normaliseServerText(type: string, text: string): string | undefined {
  switch (type) {
    case 'smallint':
    case 'integer':
    case 'bigint':
      return /^-?[0-9]+$/.test(text) ? BigInt(text).toString() : undefined;
    case 'numeric':
      return canonicalDecimal(text);
    case 'timestamp':
    case 'timestamptz':
      return timestampMicros(text)?.toString();
    case 'char':
      return text.replace(/ +$/, '');
    case 'boolean':
      return text === 't' || text === 'true' ? 'true' : text === 'f' || text === 'false' ? 'false' : undefined;
    case 'uuid':
      return text.toLowerCase();
    default:
      return text;
  }
}

/** An insert row's key value in the form `normaliseServerText` gives. */
function normaliseRowValue(type: string, v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (type) {
    case 'smallint':
    case 'integer':
    case 'bigint':
      try {
        return BigInt(v as string | number | bigint).toString();
      } catch {
        return undefined;
      }
    case 'numeric':
      return typeof v === 'string' || typeof v === 'bigint' || typeof v === 'number' ? canonicalDecimal(String(v)) : undefined;
    case 'date':
      return v instanceof Date ? dateText(v) : typeof v === 'string' ? v : undefined;
    case 'timestamp':
    case 'timestamptz':
      return v instanceof Date ? (BigInt(v.getTime()) * 1000n).toString() : typeof v === 'string' ? timestampMicros(v)?.toString() : undefined;
    case 'char':
      return typeof v === 'string' ? v.replace(/ +$/, '') : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? String(v) : undefined;
    case 'uuid':
      return typeof v === 'string' ? v.toLowerCase() : undefined;
    default:
      return typeof v === 'string' ? v : undefined;
  }
}

/** Sign, significant digits without leading or trailing zeros, and the exponent of the last digit. */
export function decimalParts(s: string): { readonly sign: number; readonly digits: string; readonly exp: number } | undefined {
  const m = /^([+-])?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(s.trim());
  if (!m || `${m[2] ?? ''}${m[3] ?? ''}` === '') return undefined;
  const frac = m[3] ?? '';
  let digits = `${m[2] ?? ''}${frac}`.replace(/^0+/, '');
  let exp = Number(m[4] ?? 0) - frac.length;
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exp++;
  }
  return { sign: digits === '' ? 0 : m[1] === '-' ? -1 : 1, digits, exp };
}

function canonicalDecimal(s: string): string | undefined {
  const p = decimalParts(s);
  return p && (p.sign === 0 ? '0' : `${p.sign < 0 ? '-' : ''}${p.digits}e${p.exp}`);
}

/** Orders two decimal strings by value (`'1.50'` equals `'1.5'`, `'1e3'` equals `'1000'`). */
export function compareDecimal(a: string, b: string): number {
  const x = decimalParts(a);
  const y = decimalParts(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  if (x.sign !== y.sign) return x.sign - y.sign;
  if (x.sign === 0) return 0;
  let mag = x.digits.length + x.exp - (y.digits.length + y.exp);
  if (mag === 0) {
    const n = Math.max(x.digits.length, y.digits.length);
    const dx = x.digits.padEnd(n, '0');
    const dy = y.digits.padEnd(n, '0');
    mag = dx < dy ? -1 : dx > dy ? 1 : 0;
  }
  return x.sign * Math.sign(mag);
}

// ---------------------------------------------------------------------------------------
// Time-range partitions
// ---------------------------------------------------------------------------------------

export type PartitionInterval = 'day' | 'week' | 'month' | 'year';

/** One period of a time-range partitioning: `[from, to)` in UTC, and its partition name suffix. */
export interface TimePeriod {
  readonly from: Date;
  readonly to: Date;
  /** `2024` (year), `2024_01` (month), `2024_01_15` (day; week: its Monday). */
  readonly suffix: string;
}

const MAX_PERIODS = 10_000;

function startOf(d: Date, interval: PartitionInterval): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (interval) {
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'day':
      return new Date(Date.UTC(y, m, day));
    case 'week': {
      const monday = (d.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, day - monday));
    }
  }
}

function next(d: Date, interval: PartitionInterval): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (interval) {
    case 'year':
      return new Date(Date.UTC(y + 1, 0, 1));
    case 'month':
      return new Date(Date.UTC(y, m + 1, 1));
    case 'day':
      return new Date(Date.UTC(y, m, day + 1));
    case 'week':
      return new Date(Date.UTC(y, m, day + 7));
  }
}

/**
 * A Date from a Date or a string. A string without an offset is UTC (as everywhere in
 * pgtwin), never the machine's local time: `new Date('2024-01-31T22:00:00')` would be local,
 * and the generated partitions would then depend on the machine that ran codegen.
 */
function toDate(v: Date | string, what: string): Date {
  let d: Date;
  if (v instanceof Date) d = v;
  else {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?)?$/.exec(v.trim());
    d = m
      ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7] ? Math.floor(Number(m[7]) * 1000) : 0))
      : new Date(v);
    if (m && Number(m[1]) < 100) d.setUTCFullYear(Number(m[1]));
  }
  if (Number.isNaN(d.getTime())) throw new RangeError(`pgtwin: ${what} ${String(v)} is not a date`);
  return d;
}

/**
 * The whole periods (UTC) that cover `[from, to)`: `from` is rounded down to the start of
 * its period and `to` up. Shared by the schema DSL (declared partitions) and
 * `ensureRangePartitions`, so both name partitions the same way.
 */
export function timePeriods(options: { readonly from: Date | string; readonly to: Date | string; readonly interval: PartitionInterval }): TimePeriod[] {
  const { interval } = options;
  if (!['day', 'week', 'month', 'year'].includes(interval)) throw new RangeError(`pgtwin: interval must be 'day', 'week', 'month' or 'year', not ${String(interval)}`);
  const from = toDate(options.from, 'from');
  const to = toDate(options.to, 'to');
  const out: TimePeriod[] = [];
  for (let start = startOf(from, interval); start < to; start = next(start, interval)) {
    if (out.length >= MAX_PERIODS) throw new RangeError(`pgtwin: more than ${MAX_PERIODS} ${interval} periods from ${from.toISOString()} to ${to.toISOString()}`);
    const iso = start.toISOString();
    const suffix = interval === 'year' ? iso.slice(0, 4) : interval === 'month' ? `${iso.slice(0, 4)}_${iso.slice(5, 7)}` : `${iso.slice(0, 4)}_${iso.slice(5, 7)}_${iso.slice(8, 10)}`;
    out.push({ from: start, to: next(start, interval), suffix });
  }
  return out;
}

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

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

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
      if (Buffer.byteLength(name, 'utf8') > 63) throw new PgTwinPartitionSetupError(`pgtwin: partition name "${name}" is longer than 63 bytes; give a shorter namePrefix`);
      const qualified = options.schema === undefined ? quoteIdent(name) : `${quoteIdent(options.schema)}.${quoteIdent(name)}`;
      const clash = await client.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [qualified]);
      if (clash.rows[0]?.r) throw new PgTwinPartitionSetupError(`pgtwin: a relation named ${qualified} exists but is not a partition of ${parent} covering ${period.suffix}`);
      const from = `${literal(type.literal(period.from))}::${type.cast}`;
      const to = `${literal(type.literal(period.to))}::${type.cast}`;
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
