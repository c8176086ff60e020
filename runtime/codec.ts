import type { ByteWriter } from './byte-writer.ts';
import type { IntervalFields } from './codecs/interval.ts';

/**
 * Thrown by a codec when a value does not fit its column. The row encoders catch it and
 * rethrow a `PgTwinValueError` naming table, column and row index.
 */
export class CodecError extends Error {
  override name = 'CodecError';
}

/** What a binary encoder may need from the connection (enum type OIDs, looked up once per connection). */
export interface BinaryContext {
  /** type name (as written in SQL, schema-qualified when the schema says so) → { oid, arrayOid } */
  readonly typeOids: ReadonlyMap<string, { readonly oid: number; readonly arrayOid: number }>;
}

/**
 * How one column type is validated and encoded. Non-null values only: NULL is the row
 * encoder's business (and the array codec's, for elements).
 */
export interface ColumnCodec {
  /**
   * Validates `value` and returns PostgreSQL's text input form for it (unescaped: COPY text
   * escaping and array-literal quoting are applied by the caller). Throws CodecError.
   */
  toText(value: unknown): string;
  /**
   * Validates `value` and writes the value bytes of the binary COPY field (without the
   * 4-byte length prefix, which the row encoder writes). Throws CodecError.
   */
  writeBinary(w: ByteWriter, value: unknown, ctx: BinaryContext): void;
  /**
   * True when `toText` can never produce a character COPY text must escape (backslash, tab,
   * newline, carriage return): COPY text then writes `toText` as is. A codec with this false
   * must have `writeText` (`defineTable` refuses it otherwise).
   */
  readonly textIsCopySafe: boolean;
  /**
   * True when a single value of the type is itself a JS array (polygon, lseg, box, cube): an
   * array column of it then nests only as deep as declared, never into the value.
   */
  readonly valuesAreArrays?: true;
  /**
   * COPY text: validates `value` and writes its COPY-escaped text form straight into the
   * writer (no intermediate strings). Must write exactly what `copyTextEscape(toText(value))`
   * would. Optional only when `textIsCopySafe`.
   */
  readonly writeText?: (w: ByteWriter, value: unknown) => void;
  /**
   * Optional: bytes that are equal exactly when PostgreSQL's equality says two values are
   * equal (used to find duplicate keys in a batch and to sort keys). Without it the binary
   * encoding is used, which is canonical for most types; types with several spellings of one
   * value (char(n) padding, numeric scale, -0, intervals of 1 day vs 24 hours) define it.
   */
  readonly writeKey?: (w: ByteWriter, value: unknown) => void;
  /**
   * Optional: the value an element of an array literal's text stands for, when it is not the
   * text itself (json: the element is JSON text, not a JSON string). Used when an array
   * column is given PostgreSQL's text of an array ("{1,2,NULL}").
   */
  readonly elementFromText?: (text: string) => unknown;
}

/** Parameters a column type can take in the schema. */
export interface TypeParams {
  /** varchar(n) / char(n) */
  readonly length?: number;
  /** numeric(p, s) */
  readonly precision?: number;
  readonly scale?: number;
  /** interval's field restriction (`interval day to second`) */
  readonly fields?: IntervalFields;
  /** enums: the SQL type name and its labels, in order */
  readonly enumName?: string;
  readonly labels?: readonly string[];
  /** raw(type): the type as spelled in SQL (`vector(3)`), printed as is in DDL and casts. */
  readonly rawType?: string;
  /** composite types: the SQL type name and its fields, in attribute order (runtime/codecs/composite.ts). */
  readonly compositeName?: string;
  readonly compositeFields?: readonly import('./codecs/composite.ts').CompositeField[];
}
