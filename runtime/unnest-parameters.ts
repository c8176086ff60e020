/**
 * UNNEST parameters: one array per column, built from the same encoders as COPY, and the
 * checks that keep a batch within what one protocol message may carry. Pure (no `pg`).
 */
import { constants as bufferConstants } from 'node:buffer';
import { ByteWriter } from './byte-writer.ts';
import { arrayLiteralQuote } from './codecs/index.ts';
import { PgTwinBatchTooLargeError } from './errors.ts';
import { checkFieldCount, checkRow, EMPTY_CONTEXT, knownFields, missing, rowError, type KnownFields } from './row-encoders.ts';
import type { ColumnDefinition, TableDefinition } from './table-definition.ts';

/**
 * The most PostgreSQL reads in one protocol message, counting the message's 4-byte length word
 * but not its type byte: PQ_LARGE_MESSAGE_LIMIT = MaxAllocSize - 1 (src/include/libpq/libpq.h),
 * which the server applies to Bind. A longer message is refused with "invalid message length"
 * and the connection is closed.
 */
export const MAX_MESSAGE_LENGTH = 0x3fffffff - 1;

/**
 * The length word of the Bind message node-postgres sends for these parameters (unnamed portal
 * and statement; pg-protocol's serializer): 4 (length) + 1 + 1 (names) + 2 + 2n (format codes)
 * + 2 (count) + each value's 4-byte length and bytes + 2 + 2 (result format).
 */
export function bindMessageLength(parameters: readonly (string | Buffer | null)[]): number {
  let n = 4 + 1 + 1 + 2 + 2 * parameters.length + 2 + 2 + 2;
  for (const p of parameters) n += 4 + (p === null ? 0 : typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length);
  return n;
}

/** Refuses a batch mid-encoding once its parameters already exceed the limit (UTF-16 units of text are a lower bound of its UTF-8 bytes). */
function checkEncodedSoFar(def: TableDefinition, statement: string, rows: number, writers: readonly (ByteWriter | undefined)[], textUnits: number): void {
  let bytes = textUnits;
  for (const w of writers) if (w) bytes += w.pos;
  if (bytes > MAX_MESSAGE_LENGTH) throw new PgTwinBatchTooLargeError({ table: def.table, statement, rows, bytes, exact: false, limit: MAX_MESSAGE_LENGTH });
}

/** The longest string the JavaScript engine makes (V8: 2^29 - 24 UTF-16 units on 64-bit). */
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

/** A text array parameter that no JavaScript string could hold, however little the server would mind. */
function stringTooLong(def: TableDefinition, statement: string, rows: number, c: ColumnDefinition, length: number): PgTwinBatchTooLargeError {
  return new PgTwinBatchTooLargeError({ table: def.table, statement, rows, bytes: length, exact: false, limit: MAX_STRING_LENGTH, column: c.name });
}

/** Refuses, before sending, parameters that could not reach the server in one message. */
export function checkMessageSize(def: TableDefinition, what: string, rows: number, parameters: readonly (string | Buffer)[]): readonly (string | Buffer)[] {
  const bytes = bindMessageLength(parameters);
  if (bytes > MAX_MESSAGE_LENGTH) throw new PgTwinBatchTooLargeError({ table: def.table, statement: what, rows, bytes, exact: true, limit: MAX_MESSAGE_LENGTH });
  return parameters;
}

/**
 * One parameter per column. Scalar columns travel as binary arrays (array_send format: the
 * same binary encoders as COPY binary, and the server runs the types' receive functions
 * instead of parsing text literals); array columns, which UNNEST would flatten, and enum
 * columns, whose OIDs differ per database, travel as text array literals built from the
 * same text encoders as COPY text. Rows are read in `order`; errors name the row's index in
 * the caller's array.
 */
export function unnestParameters(def: TableDefinition, rows: readonly unknown[], order?: readonly number[], statement = 'a batch', known: KnownFields | null = knownFields(def)): (string | Buffer)[] {
  const cols = def.columns;
  const n = order ? order.length : rows.length;
  const writers: (ByteWriter | undefined)[] = cols.map((c) => (typeof c.paramOid === 'number' ? new ByteWriter(Math.max(256, n * 16)) : undefined));
  const texts: (string[] | undefined)[] = cols.map((_, i) => (writers[i] ? undefined : new Array<string>(n)));
  const nullFlags: number[] = cols.map(() => -1);
  // Array header: ndim 1, has-null flag (patched below), element OID, length, lower bound 1.
  cols.forEach((c, i) => {
    const w = writers[i];
    if (!w) return;
    w.i32(1);
    nullFlags[i] = w.pos;
    w.i32(0);
    w.i32(c.paramOid as number);
    w.i32(n);
    w.i32(1);
  });
  let textUnits = 0;
  // Length of each text array literal so far: 2 braces + each element + a comma between two (so
  // 1 + each element and its comma). Past the engine's longest string, join() would throw a
  // RangeError that names nothing.
  const textLengths: number[] = cols.map(() => 1);
  for (let k = 0; k < n; k++) {
    // Every 1024 rows: stop once the parameters are past what one message may carry, rather than
    // encoding the rest of a batch that will be refused (or running out of buffer space).
    if ((k & 1023) === 1023) checkEncodedSoFar(def, statement, n, writers, textUnits);
    const r = order ? (order[k] as number) : k;
    const row = rows[r];
    checkRow(def, row, r);
    let present = 0;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i] as ColumnDefinition;
      const v = row[c.field];
      const w = writers[i];
      if (v !== undefined) present++;
      if (v === null || v === undefined) {
        if (!c.nullable) throw missing(def, c, r, v, known, row);
        if (w) {
          w.i32(-1);
          w.buf.writeInt32BE(1, nullFlags[i] as number);
        } else {
          (texts[i] as string[])[k] = 'NULL';
          if ((textLengths[i] = (textLengths[i] as number) + 5) > MAX_STRING_LENGTH) throw stringTooLong(def, statement, n, c, textLengths[i] as number);
        }
        continue;
      }
      try {
        if (w) {
          const at = w.beginLength();
          c.codec.writeBinary(w, v, EMPTY_CONTEXT);
          w.endLength(at);
        } else {
          const t = arrayLiteralQuote(c.codec.toText(v));
          (texts[i] as string[])[k] = t;
          textUnits += t.length;
          textLengths[i] = (textLengths[i] as number) + t.length + 1;
        }
      } catch (err) {
        throw rowError(def, c.name, r, v, err);
      }
      // One column alone past the limit: refused now, before its buffer grows past what Node can
      // allocate (4 GiB: a RangeError naming nothing) or the rows to the next check are encoded.
      if (w ? w.pos > MAX_MESSAGE_LENGTH : (textLengths[i] as number) > MAX_STRING_LENGTH) {
        if (w) checkEncodedSoFar(def, statement, n, writers, textUnits);
        else throw stringTooLong(def, statement, n, c, textLengths[i] as number);
      }
    }
    checkFieldCount(def, known, row, r, present);
  }
  return cols.map((_, i) => {
    const w = writers[i];
    return w ? w.buf.subarray(0, w.pos) : `{${(texts[i] as string[]).join(',')}}`;
  });
}
