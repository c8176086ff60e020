/**
 * The error for a row that fits no partition: the server's "no partition of relation … found
 * for row" turned into a `PgTwinPartitionError` naming the table, the row index and the key.
 * Pure: it sends nothing.
 */
import { canonicalDecimal } from './decimal-text.ts';
import { timestampTextMicros } from './timestamp-text.ts';

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
      return timestampTextMicros(text)?.toString();
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
      return v instanceof Date ? (BigInt(v.getTime()) * 1000n).toString() : typeof v === 'string' ? timestampTextMicros(v)?.toString() : undefined;
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
