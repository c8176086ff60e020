/**
 * What a generated table module is built on: the row encoders (COPY binary and text, UNNEST
 * array literals) over one ordered column list, and the three entry points `copyRows`,
 * `copyInto` and `batchInsert`.
 */
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ByteWriter } from './byte-writer.ts';
import { CodecError, type BinaryContext, type ColumnCodec } from './codec.ts';
import { arrayLiteralQuote, copyTextEscape } from './codecs/index.ts';
import { PgTwinValueError } from './errors.ts';
import { lookupTypeOids } from './type-oids.ts';
import { runStatement, type Queryable } from './queryable.ts';

export interface ColumnDefinition {
  /** SQL name. */
  readonly name: string;
  /** Field of the insert row. */
  readonly field: string;
  readonly nullable: boolean;
  readonly codec: ColumnCodec;
}

export interface TableDefinition {
  readonly table: string;
  /** The insert columns, in the order of the COPY column list and the UNNEST parameters. */
  readonly columns: readonly ColumnDefinition[];
  readonly sql: { readonly copyBinary: string; readonly copyText: string; readonly batchInsert: string };
  /** Types (as spelled in SQL) whose OIDs binary COPY needs: enums used in array columns. */
  readonly typeNames?: readonly string[];
}

export type CopyFormat = 'binary' | 'text';

export interface CopyRowsOptions {
  /** Default `binary`. */
  readonly format?: CopyFormat;
  /** Enum type OIDs, needed in binary format for arrays of enums (copyInto looks them up itself). */
  readonly typeOids?: BinaryContext['typeOids'];
}

export interface CopyProgress {
  /** Rows encoded and handed to the connection so far. */
  readonly rows: number;
  /** Bytes of COPY data handed to the connection so far. */
  readonly bytes: number;
}

export interface CopyIntoOptions {
  /** Default `binary`. */
  readonly format?: CopyFormat;
  /** Called after each chunk (about 64 KB) is handed to the connection. */
  readonly onProgress?: (progress: CopyProgress) => void;
}

export interface TableApi<Row> {
  copyRows(rows: Iterable<Row>, options?: CopyRowsOptions): Buffer;
  copyInto(client: ClientBase, rows: Iterable<Row> | AsyncIterable<Row>, options?: CopyIntoOptions): Promise<number>;
  batchInsert(db: Queryable, rows: readonly Row[]): Promise<number>;
}

/** `PGCOPY\n\377\r\n\0`, flags, header extension length. */
const BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** Chunks handed to the stream; see ByteWriter for why one reused buffer. */
const CHUNK_BYTES = 1 << 16;
const EMPTY_CONTEXT: BinaryContext = { typeOids: new Map() };

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

function rowError(def: TableDefinition, column: string | null, rowIndex: number, value: unknown, err: unknown): PgTwinValueError {
  if (err instanceof CodecError) return new PgTwinValueError({ table: def.table, column, rowIndex, value, reason: err.message });
  throw err;
}

function checkRow(def: TableDefinition, row: unknown, rowIndex: number): asserts row is Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new PgTwinValueError({ table: def.table, column: null, rowIndex, value: row, reason: 'a row must be an object' });
  }
}

function missing(def: TableDefinition, c: ColumnDefinition, rowIndex: number, value: unknown): PgTwinValueError {
  return new PgTwinValueError({
    table: def.table,
    column: c.name,
    rowIndex,
    value,
    reason: `missing value for NOT NULL column (field "${c.field}")`,
  });
}

function encodeBinaryRow(def: TableDefinition, w: ByteWriter, row: unknown, rowIndex: number, ctx: BinaryContext): void {
  checkRow(def, row, rowIndex);
  const cols = def.columns;
  w.i16(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as ColumnDefinition;
    const v = row[c.field];
    if (v === null || v === undefined) {
      if (!c.nullable) throw missing(def, c, rowIndex, v);
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
}

function encodeTextRow(def: TableDefinition, w: ByteWriter, row: unknown, rowIndex: number): void {
  checkRow(def, row, rowIndex);
  const cols = def.columns;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as ColumnDefinition;
    if (i > 0) w.u8(9);
    const v = row[c.field];
    if (v === null || v === undefined) {
      if (!c.nullable) throw missing(def, c, rowIndex, v);
      w.ensure(2);
      w.buf[w.pos++] = 92; // \N
      w.buf[w.pos++] = 78;
      continue;
    }
    let text: string;
    try {
      text = c.codec.toText(v);
    } catch (err) {
      throw rowError(def, c.name, rowIndex, v, err);
    }
    w.utf8(c.codec.textIsCopySafe ? text : copyTextEscape(text));
  }
  w.u8(10);
}

function writeTrailer(w: ByteWriter): void {
  w.i16(-1);
}

function isAsyncIterable<T>(v: Iterable<T> | AsyncIterable<T>): v is AsyncIterable<T> {
  return typeof (v as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
}

/** Promise settled when a writable can take more, or rejected when it fails. */
function drained(stream: NodeJS.WritableStream & { once: (e: string, f: (...a: unknown[]) => void) => unknown; off: (e: string, f: (...a: unknown[]) => void) => unknown }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off('error', onError);
      stream.off('close', onClose);
      resolve();
    };
    const onError = (err: unknown) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      reject(err);
    };
    const onClose = () => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      reject(new Error('pgtwin: the COPY stream closed before all rows were sent'));
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

export function defineTable<Row>(def: TableDefinition): TableApi<Row> {
  const typeNames = def.typeNames ?? [];

  function copyRows(rows: Iterable<Row>, options: CopyRowsOptions = {}): Buffer {
    const w = new ByteWriter();
    if ((options.format ?? 'binary') === 'text') {
      let i = 0;
      for (const row of rows) encodeTextRow(def, w, row, i++);
    } else {
      const ctx: BinaryContext = options.typeOids ? { typeOids: options.typeOids } : EMPTY_CONTEXT;
      w.bytes(BINARY_HEADER);
      let i = 0;
      for (const row of rows) encodeBinaryRow(def, w, row, i++, ctx);
      writeTrailer(w);
    }
    return w.take();
  }

  async function copyInto(client: ClientBase, rows: Iterable<Row> | AsyncIterable<Row>, options: CopyIntoOptions = {}): Promise<number> {
    const binary = (options.format ?? 'binary') === 'binary';
    const ctx: BinaryContext = binary && typeNames.length > 0 ? { typeOids: await lookupTypeOids(client, typeNames) } : EMPTY_CONTEXT;
    const stream = client.query(copyFrom(binary ? def.sql.copyBinary : def.sql.copyText));
    // Settles when the server has answered the COPY (CommandComplete or an error).
    const finished = new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      stream.once('error', reject);
    });
    finished.catch(() => {}); // observed below; avoid an unhandled rejection while encoding
    const w = new ByteWriter(CHUNK_BYTES * 2);
    let count = 0;
    let bytes = 0;
    const flush = async (): Promise<void> => {
      const chunk = w.take();
      bytes += chunk.length;
      if (!stream.write(chunk)) await drained(stream);
      options.onProgress?.({ rows: count, bytes });
    };
    try {
      if (binary) w.bytes(BINARY_HEADER);
      if (isAsyncIterable(rows)) {
        for await (const row of rows) {
          if (binary) encodeBinaryRow(def, w, row, count, ctx);
          else encodeTextRow(def, w, row, count);
          count++;
          if (w.pos >= CHUNK_BYTES) await flush();
        }
      } else {
        for (const row of rows) {
          if (binary) encodeBinaryRow(def, w, row, count, ctx);
          else encodeTextRow(def, w, row, count);
          count++;
          if (w.pos >= CHUNK_BYTES) await flush();
        }
      }
      if (binary) writeTrailer(w);
      if (w.pos > 0) await flush();
    } catch (err) {
      // CopyFail: the server rolls the COPY back, the connection stays usable.
      await new Promise<void>((resolve) => {
        stream.once('close', resolve);
        stream.destroy(err as Error);
      });
      throw err;
    }
    stream.end();
    await finished;
    return count;
  }

  async function batchInsert(db: Queryable, rows: readonly Row[]): Promise<number> {
    if (rows.length === 0) return 0;
    return runStatement(db, def.sql.batchInsert, unnestParameters(def, rows));
  }

  return { copyRows, copyInto, batchInsert };
}

/**
 * One array literal per column (`{"1","2",NULL}`), built from the same text encoders as COPY
 * text, so the server parses both paths' values with the same input functions.
 */
export function unnestParameters(def: TableDefinition, rows: readonly unknown[]): string[] {
  const cols = def.columns;
  const parts: string[][] = cols.map(() => new Array<string>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    checkRow(def, row, r);
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i] as ColumnDefinition;
      const v = row[c.field];
      const out = parts[i] as string[];
      if (v === null || v === undefined) {
        if (!c.nullable) throw missing(def, c, r, v);
        out[r] = 'NULL';
        continue;
      }
      try {
        out[r] = arrayLiteralQuote(c.codec.toText(v));
      } catch (err) {
        throw rowError(def, c.name, r, v, err);
      }
    }
  }
  return parts.map((p) => `{${p.join(',')}}`);
}
