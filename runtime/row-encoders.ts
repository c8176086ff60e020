/**
 * The row encoders: rows checked and written as COPY binary or COPY text over one ordered
 * column list. Pure (no connection, no `pg`): COPY streaming, UNNEST parameters and batch key
 * order build on these.
 */
import { ByteWriter } from './byte-writer.ts';
import { CodecError, type BinaryContext } from './codec.ts';
import { PgTwinValueError } from './errors.ts';
import { closestName } from './suggest.ts';
import type { ColumnDefinition, TableDefinition } from './table-definition.ts';

/** `PGCOPY\n\377\r\n\0`, flags, header extension length. */
export const BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
export const EMPTY_CONTEXT: BinaryContext = { typeOids: new Map() };
/**
 * copyRows of an array grows its buffer once, from the size of the first rows, instead of
 * doubling (measured: doubling up to 64 MB plus the final copy cost about a third of the
 * time of a 200,000-row copyRows, mostly in garbage collection).
 */
const SIZE_SAMPLE_ROWS = 256;

function presize(w: ByteWriter, done: number, total: number): void {
  // Exactly the estimate, not the next power of two: 200,000 bench rows (60 MB) had grown a
  // 128 MB buffer, and V8 answers that much fresh external memory with a full GC per call.
  if (total > done) w.reserve(Math.ceil((w.pos / done) * (total - done) * 1.1));
}

/**
 * For arrays of enums: the element OID, read from the connection's type OIDs, which
 * `copyInto` looks up once per connection (names listed in `TableDefinition.typeNames`).
 */
export function typeOidOf(typeName: string): (ctx: BinaryContext) => number {
  return (ctx) => {
    const oids = ctx.typeOids.get(typeName);
    if (!oids) throw new CodecError(`the OID of type ${typeName} is unknown: pass typeOids to copyRows, or use copyInto`);
    return oids.oid;
  };
}

export function rowError(def: TableDefinition, column: string | null, rowIndex: number, value: unknown, err: unknown): PgTwinValueError {
  if (err instanceof CodecError) return new PgTwinValueError({ table: def.table, column, rowIndex, value, reason: err.message });
  throw err;
}

export function checkRow(def: TableDefinition, row: unknown, rowIndex: number): asserts row is Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new PgTwinValueError({ table: def.table, column: null, rowIndex, value: row, reason: 'a row must be an object' });
  }
}

/** The fields a row of a table may have; `null` when extra fields are allowed. */
export interface KnownFields {
  /** Fields of the insert columns. */
  readonly insert: ReadonlySet<string>;
  /** Field → SQL name of the columns the database fills. */
  readonly filled: ReadonlyMap<string, string>;
}

export function knownFields(def: TableDefinition): KnownFields {
  return {
    insert: new Set(def.columns.map((c) => c.field)),
    filled: new Map((def.filledColumns ?? []).map((c) => [c.field, c.name])),
  };
}

/**
 * Exact and cheap: `present` is the number of fields the encoder read a value (not
 * undefined) from. A plain object whose own keys number exactly that has no other field;
 * anything else (more keys, known fields left undefined, other prototypes, whose fields may
 * be inherited) is looked at key by key. Measured on the encoder benchmark's rows (CPU time of
 * copyRows alternated with main's unchecked encoder in one process, 81 pairs, on a loaded
 * machine): median A/B 1.01 binary and 1.01–1.03 text, hot or on 50,000 rows. Counting with
 * Object.keys(row).length instead measured 1.05–1.08 on 50,000 rows (its arrays are garbage).
 */
export function checkFieldCount(def: TableDefinition, known: KnownFields | null, row: Record<string, unknown>, rowIndex: number, present: number): void {
  const plain = Object.getPrototypeOf(row) === Object.prototype;
  if (!plain) checkNotContainer(def, row, rowIndex);
  if (known !== null && (!plain || ownKeyCount(row) !== present)) {
    const err = extraField(def, known, row, rowIndex);
    if (err) throw err;
  }
}

/**
 * A Map, a Set or a Promise (an async map without await) has none of the table's fields as
 * properties, so every column would read undefined: NULLs stored, or a misleading "missing
 * value". Checked whatever extraFields says; plain objects never get here.
 */
function checkNotContainer(def: TableDefinition, row: object, rowIndex: number): void {
  const kind = row instanceof Map ? 'Map' : row instanceof Set ? 'Set' : typeof (row as { then?: unknown }).then === 'function' ? 'Promise' : undefined;
  if (kind === undefined) return;
  throw new PgTwinValueError({
    table: def.table,
    column: null,
    rowIndex,
    value: row,
    reason: `a row must be a plain object with the table's fields, not a ${kind}${kind === 'Promise' ? ' (a missing await?)' : ''}`,
  });
}

/**
 * Enumerable keys, counted by for-in, which walks V8's enum cache without allocating an array.
 * It also counts inherited enumerable keys; those exist only on rows with another prototype
 * (slow path anyway) or when Object.prototype is polluted (then the slow path, which reads
 * own keys only, finds nothing wrong).
 */
function ownKeyCount(row: object): number {
  let n = 0;
  for (const _ in row) n++;
  return n;
}

/** The first own field of `row` that the table does not have, as an error; undefined when there is none. */
function extraField(def: TableDefinition, known: KnownFields, row: Record<string, unknown>, rowIndex: number): PgTwinValueError | undefined {
  for (const key of Object.keys(row)) {
    if (known.insert.has(key)) continue;
    const filled = known.filled.get(key);
    const hint = closestName(key, known.insert);
    const reason = filled !== undefined
      ? `the row has field "${key}", but column "${filled}" is filled by the database and rows cannot set it`
      : `the row has field "${key}", which the table does not have${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`;
    return new PgTwinValueError({
      table: def.table,
      column: null,
      rowIndex,
      value: row[key],
      reason: `${reason} (pass extraFields: 'ignore' to allow fields the table does not have)`,
    });
  }
  return undefined;
}

export function missing(def: TableDefinition, c: ColumnDefinition, rowIndex: number, value: unknown, known?: KnownFields | null, row?: Record<string, unknown>): PgTwinValueError {
  // A misspelt field shows up first as the missing value of the field it was meant for.
  const other = known && row ? Object.keys(row).find((k) => !known.insert.has(k) && !known.filled.has(k) && closestName(k, [c.field]) !== undefined) : undefined;
  return new PgTwinValueError({
    table: def.table,
    column: c.name,
    rowIndex,
    value,
    reason: `missing value for NOT NULL column (field "${c.field}")${other === undefined ? '' : `; the row has field "${other}", which the table does not have: misspelt?`}`,
  });
}

export function encodeBinaryRow(def: TableDefinition, w: ByteWriter, row: unknown, rowIndex: number, ctx: BinaryContext, known: KnownFields | null): void {
  checkRow(def, row, rowIndex);
  const cols = def.columns;
  w.i16(cols.length);
  let present = 0;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as ColumnDefinition;
    const v = row[c.field];
    if (v !== undefined) present++;
    if (v === null || v === undefined) {
      if (!c.nullable) throw missing(def, c, rowIndex, v, known, row);
      w.i32(-1);
      continue;
    }
    const at = w.beginLength();
    try {
      c.codec.writeBinary(w, v, ctx);
    } catch (err) {
      throw rowError(def, c.name, rowIndex, v, err);
    }
    w.endLength(at);
  }
  checkFieldCount(def, known, row, rowIndex, present);
}

/**
 * Refuses a column whose codec has no writeText and whose text may need COPY escaping:
 * encodeTextRow writes toText as is when there is no writeText. Every built-in codec has one
 * or the other (test/codecs/copy-text-codecs.test.ts); this catches a hand-written codec.
 */
export function checkCopyTextCodecs(def: TableDefinition): void {
  for (const c of def.columns) {
    if (!c.codec.writeText && !c.codec.textIsCopySafe) {
      throw new Error(`pgtwin: table "${def.table}", column "${c.name}": its codec has no writeText and textIsCopySafe is false; give it a writeText that writes COPY-escaped text`);
    }
  }
}

export function encodeTextRow(def: TableDefinition, w: ByteWriter, row: unknown, rowIndex: number, known: KnownFields | null): void {
  checkRow(def, row, rowIndex);
  const cols = def.columns;
  let present = 0;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as ColumnDefinition;
    if (i > 0) w.u8(9);
    const v = row[c.field];
    if (v !== undefined) present++;
    if (v === null || v === undefined) {
      if (!c.nullable) throw missing(def, c, rowIndex, v, known, row);
      w.ensure(2);
      w.buf[w.pos++] = 92; // \N
      w.buf[w.pos++] = 78;
      continue;
    }
    try {
      // Without writeText the codec's text needs no COPY escaping (checkCopyTextCodecs).
      const writeText = c.codec.writeText;
      if (writeText) writeText(w, v);
      else w.utf8(c.codec.toText(v));
    } catch (err) {
      throw rowError(def, c.name, rowIndex, v, err);
    }
  }
  checkFieldCount(def, known, row, rowIndex, present);
  w.u8(10);
}

export function writeTrailer(w: ByteWriter): void {
  w.i16(-1);
}

/** A whole COPY payload in one buffer (`copyRows`). */
export function encodeCopyRows(def: TableDefinition, rows: Iterable<unknown>, binary: boolean, ctx: BinaryContext, known: KnownFields | null): Buffer {
  const w = new ByteWriter();
  if (!binary) {
    let i = 0;
    for (const row of rows) {
      encodeTextRow(def, w, row, i++, known);
      if (i === SIZE_SAMPLE_ROWS && Array.isArray(rows)) presize(w, i, rows.length);
    }
  } else {
    w.bytes(BINARY_HEADER);
    let i = 0;
    for (const row of rows) {
      encodeBinaryRow(def, w, row, i++, ctx, known);
      if (i === SIZE_SAMPLE_ROWS && Array.isArray(rows)) presize(w, i, rows.length);
    }
    writeTrailer(w);
  }
  // This writer is not reused: hand its bytes over without copying them.
  return w.buf.subarray(0, w.pos);
}
