import { describeValue } from './codecs/describe-value.ts';

/** The type of a value as the error messages name it: `number`, `string`, `Date`, `Buffer`, `null`… */
export function valueTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'object';
  return typeof v;
}

/**
 * A value that does not fit its column, found before anything reached the server.
 * Thrown by `copyRows`, `copyInto` (which then aborts the COPY, leaving the table
 * unchanged) and the batch functions (which then send nothing).
 */
export class PgTwinValueError extends Error {
  override name = 'PgTwinValueError';
  /** SQL table name. */
  readonly table: string;
  /** SQL column name; `null` when the row itself is not an object. */
  readonly column: string | null;
  /** 0-based index of the row in the input. */
  readonly rowIndex: number;
  /** Type of the offending value (`number`, `string`, `Date`, `undefined`…). */
  readonly valueType: string;
  /** What is wrong with it. */
  readonly reason: string;

  constructor(details: { table: string; column: string | null; rowIndex: number; value: unknown; reason: string }) {
    const where = details.column === null ? '' : `, column "${details.column}"`;
    super(`pgtwin: table "${details.table}"${where}, row ${details.rowIndex}: ${details.reason} (value of type ${valueTypeName(details.value)}: ${describeValue(details.value)})`);
    this.table = details.table;
    this.column = details.column;
    this.rowIndex = details.rowIndex;
    this.valueType = valueTypeName(details.value);
    this.reason = details.reason;
  }
}

/** An error pgtwin raises itself, before anything is sent (other than a bad value). */
export class PgTwinError extends Error {
  override name = 'PgTwinError';
}

/**
 * A batch whose parameters do not fit in one protocol message: PostgreSQL would drop the
 * connection on reading its length. Raised before anything is sent; the connection stays usable.
 */
export class PgTwinBatchTooLargeError extends PgTwinError {
  override name = 'PgTwinBatchTooLargeError';
  /** SQL table name. */
  readonly table: string;
  /** Bytes of the Bind message that would carry the parameters (a lower bound when `exact` is false). */
  readonly bytes: number;
  readonly exact: boolean;
  /** The most the server reads in one message. */
  readonly limit: number;
  /**
   * Set when the limit hit is the JavaScript engine's longest string, not the server's: the
   * column whose text array parameter would be longer; `bytes` and `limit` then count UTF-16 units.
   */
  readonly column: string | undefined;

  constructor(details: { table: string; statement: string; rows: number; bytes: number; exact: boolean; limit: number; column?: string }) {
    const parts = Math.ceil(details.bytes / details.limit);
    const needs = details.column === undefined
      ? `needs ${details.exact ? '' : 'more than '}${details.bytes} bytes of parameters in one message, and PostgreSQL reads at most ${details.limit} bytes per message (it would drop the connection)`
      : `needs a text parameter of more than ${details.bytes} characters for column "${details.column}", and a JavaScript string holds at most ${details.limit}`;
    super(`pgtwin: table "${details.table}": ${details.statement} of ${details.rows} rows ${needs}. Nothing was sent. Split the batch (into at least ${Math.max(parts, 2)} parts) or use copyInto, which streams.`);
    this.table = details.table;
    this.bytes = details.bytes;
    this.exact = details.exact;
    this.limit = details.limit;
    this.column = details.column;
  }
}
