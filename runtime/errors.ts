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
