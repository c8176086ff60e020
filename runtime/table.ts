/**
 * What a generated table module is built on: the row encoders (COPY binary and text, UNNEST
 * array literals) over one ordered column list, and the three entry points `copyRows`,
 * `copyInto` and `batchInsert`.
 */
import { constants as bufferConstants } from 'node:buffer';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ByteWriter } from './byte-writer.ts';
import { CodecError, type BinaryContext, type ColumnCodec } from './codec.ts';
import { arrayLiteralQuote, copyTextEscape } from './codecs/index.ts';
import { PgTwinBatchTooLargeError, PgTwinValueError } from './errors.ts';
import { closestName } from './suggest.ts';
import { lookupTypeOids } from './type-oids.ts';
import { runStatement, type Queryable } from './queryable.ts';

export interface ColumnDefinition {
  /** SQL name. */
  readonly name: string;
  /** Field of the insert row. */
  readonly field: string;
  readonly nullable: boolean;
  readonly codec: ColumnCodec;
  /**
   * How the column's UNNEST parameter travels: as a binary array of this element OID (or of
   * the enum named here, looked up per connection), or, when null or absent, as a text array
   * literal (array columns, which UNNEST would flatten).
   */
  readonly paramOid?: number | string | null;
}

export interface TableDefinition {
  readonly table: string;
  /** The insert columns, in the order of the COPY column list and the UNNEST parameters. */
  readonly columns: readonly ColumnDefinition[];
  readonly sql: TableStatements;
  /** Types (as spelled in SQL) whose OIDs binary COPY needs: enums used in array columns. */
  readonly typeNames?: readonly string[];
  /** Indexes into `columns` of the conflict target, the upsert target and the delete key. */
  readonly keys?: { readonly conflict: readonly number[] | null; readonly upsert: readonly number[] | null; readonly delete: readonly number[] | null };
  /** Duplicate upsert keys in one batch: rejected (default) or collapsed, the last row winning. */
  readonly upsertDuplicates?: 'reject' | 'lastWins';
  /** Columns the database fills (identity, generated, filledByDatabase): rows do not carry them. */
  readonly filledColumns?: readonly { readonly name: string; readonly field: string }[];
}

export interface TableStatements {
  readonly copyBinary: string;
  readonly copyText: string;
  readonly batchInsert: string;
  readonly batchUpsert?: string;
  readonly batchDelete?: string;
  readonly batchApply?: string;
  readonly stageCreate?: string;
  readonly stageCopyBinary?: string;
  readonly stageCopyText?: string;
  readonly stageMerge?: string;
  readonly stageDrop?: string;
}

/**
 * A row field the table does not have: `'error'` (default) refuses the batch with a
 * PgTwinValueError naming the field, before anything is sent, because a misspelt field would
 * otherwise store NULL or fail as a missing value; `'ignore'` lets rows carry other data.
 */
export type ExtraFields = 'error' | 'ignore';

export interface BatchOptions {
  /** Fields the table does not have: `'error'` (default) or `'ignore'`. */
  readonly extraFields?: ExtraFields;
  /**
   * Sort rows by key before sending (default true), so concurrent writers lock rows in the
   * same order and cannot deadlock each other.
   */
  readonly sort?: boolean;
}

/** What `copyInto` with `onConflict: 'doNothing'` returns. */
export interface CopyMergeResult {
  /** Rows copied into the staging table. */
  readonly copied: number;
  /** Rows that were new and went into the table. */
  readonly inserted: number;
}

export interface ApplyResult {
  readonly upserted: number;
  readonly deleted: number;
}

export type CopyFormat = 'binary' | 'text';

export interface CopyRowsOptions {
  /** Default `binary`. */
  readonly format?: CopyFormat;
  /** Enum type OIDs, needed in binary format for arrays of enums (copyInto looks them up itself). */
  readonly typeOids?: BinaryContext['typeOids'];
  /** Fields the table does not have: `'error'` (default) or `'ignore'`. */
  readonly extraFields?: ExtraFields;
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
  /**
   * `doNothing`: COPY into a temporary staging table, then `INSERT … SELECT … ON CONFLICT DO
   * NOTHING` into the table, so a retried backfill skips rows already there.
   */
  readonly onConflict?: 'error' | 'doNothing';
  /** Called after each chunk (about 64 KB) is handed to the connection. */
  readonly onProgress?: (progress: CopyProgress) => void;
  /** Row index of the first row in errors (default 0), for callers that pass one slice of a longer input. */
  readonly firstRowIndex?: number;
  /** Fields the table does not have: `'error'` (default) or `'ignore'`. */
  readonly extraFields?: ExtraFields;
}

export interface TableApi<Row> {
  readonly name: string;
  copyRows(rows: Iterable<Row>, options?: CopyRowsOptions): Buffer;
  copyInto(client: ClientBase, rows: Iterable<Row> | AsyncIterable<Row>, options?: CopyIntoOptions): Promise<number | CopyMergeResult>;
  batchInsert(db: Queryable, rows: readonly Row[], options?: BatchOptions): Promise<number>;
  batchUpsert(db: Queryable, rows: readonly Row[], options?: BatchOptions): Promise<number>;
  batchDelete(db: Queryable, keys: readonly Partial<Row>[], options?: BatchOptions): Promise<number>;
  batchApply(db: Queryable, changes: { readonly upsert?: readonly Row[]; readonly delete?: readonly Partial<Row>[] }, options?: BatchOptions): Promise<ApplyResult>;
}

/** `PGCOPY\n\377\r\n\0`, flags, header extension length. */
const BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** Chunks handed to the stream; see ByteWriter for why one reused buffer. */
const CHUNK_BYTES = 1 << 16;
const EMPTY_CONTEXT: BinaryContext = { typeOids: new Map() };
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

function rowError(def: TableDefinition, column: string | null, rowIndex: number, value: unknown, err: unknown): PgTwinValueError {
  if (err instanceof CodecError) return new PgTwinValueError({ table: def.table, column, rowIndex, value, reason: err.message });
  throw err;
}

function checkRow(def: TableDefinition, row: unknown, rowIndex: number): asserts row is Record<string, unknown> {
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
function checkFieldCount(def: TableDefinition, known: KnownFields | null, row: Record<string, unknown>, rowIndex: number, present: number): void {
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

function missing(def: TableDefinition, c: ColumnDefinition, rowIndex: number, value: unknown, known?: KnownFields | null, row?: Record<string, unknown>): PgTwinValueError {
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

function encodeBinaryRow(def: TableDefinition, w: ByteWriter, row: unknown, rowIndex: number, ctx: BinaryContext, known: KnownFields | null): void {
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

function encodeTextRow(def: TableDefinition, w: ByteWriter, row: unknown, rowIndex: number, known: KnownFields | null): void {
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
      const writeText = c.codec.writeText;
      if (writeText) writeText(w, v);
      else {
        const text = c.codec.toText(v);
        w.utf8(c.codec.textIsCopySafe ? text : copyTextEscape(text));
      }
    } catch (err) {
      throw rowError(def, c.name, rowIndex, v, err);
    }
  }
  checkFieldCount(def, known, row, rowIndex, present);
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

/** Streams rows through one COPY statement; on any error sends CopyFail and rethrows. */
async function copyStream(
  def: TableDefinition,
  client: ClientBase,
  sql: string,
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  binary: boolean,
  ctx: BinaryContext,
  onProgress: CopyIntoOptions['onProgress'],
  firstRowIndex: number,
  known: KnownFields | null,
): Promise<number> {
  // (A 1 MB high-water mark instead of the default 16 KB measured no difference here.)
  const stream = client.query(copyFrom(sql));
  // Settles when the server has answered the COPY (CommandComplete or an error), or the
  // connection is lost.
  let streamError: unknown;
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', (err: unknown) => {
      streamError = err;
      reject(err);
    });
  });
  finished.catch(() => {}); // observed below; avoid an unhandled rejection while encoding
  const w = new ByteWriter(CHUNK_BYTES * 2);
  let count = 0;
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (streamError) throw streamError;
    const chunk = w.take();
    bytes += chunk.length;
    if (!stream.write(chunk)) await drained(stream);
    onProgress?.({ rows: count, bytes });
  };
  try {
    if (binary) w.bytes(BINARY_HEADER);
    if (isAsyncIterable(rows)) {
      for await (const row of rows) {
        if (binary) encodeBinaryRow(def, w, row, firstRowIndex + count, ctx, known);
        else encodeTextRow(def, w, row, firstRowIndex + count, known);
        count++;
        if (w.pos >= CHUNK_BYTES) await flush();
      }
    } else {
      for (const row of rows) {
        if (binary) encodeBinaryRow(def, w, row, firstRowIndex + count, ctx, known);
        else encodeTextRow(def, w, row, firstRowIndex + count, known);
        count++;
        if (w.pos >= CHUNK_BYTES) await flush();
      }
    }
    if (binary) writeTrailer(w);
    if (w.pos > 0) await flush();
  } catch (err) {
    // The server already failed the COPY (or the connection is gone): nothing to abort.
    if (streamError !== undefined || stream.destroyed || !connectionAlive(client)) throw streamError ?? err;
    // CopyFail: the server rolls the COPY back and the connection stays usable.
    const idle = untilIdle(client);
    await new Promise<void>((resolve) => {
      stream.once('close', resolve);
      stream.destroy(err as Error);
    });
    await idle;
    throw err;
  }
  stream.end();
  await finished;
  return count;
}

/**
 * Resolves at the server's next ReadyForQuery. The COPY stream closes on the server's
 * ErrorResponse, one message before ReadyForQuery; a query sent in between would be queued
 * by pg, which is deprecated (and gone in pg 9). Uses pg's connection events where present.
 */
function untilIdle(client: ClientBase): Promise<void> {
  const connection = connectionOf(client);
  if (!connection) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      connection.off('readyForQuery', done);
      connection.off('end', done);
      connection.off('error', done);
      resolve();
    };
    connection.on('readyForQuery', done);
    connection.on('end', done);
    connection.on('error', done);
  });
}

interface PgConnection {
  on(event: string, f: () => void): void;
  off(event: string, f: () => void): void;
  stream?: { destroyed?: boolean; writable?: boolean };
}

/** pg's Connection object, when this pg version exposes it (feature-detected). */
function connectionOf(client: ClientBase): PgConnection | undefined {
  const connection = (client as unknown as { connection?: PgConnection }).connection;
  return typeof connection?.on === 'function' && typeof connection.off === 'function' ? connection : undefined;
}

function connectionAlive(client: ClientBase): boolean {
  const socket = connectionOf(client)?.stream;
  return !socket || (!socket.destroyed && socket.writable !== false);
}

/** SQLSTATE of "SAVEPOINT can only be used in transaction blocks". */
const NO_ACTIVE_TRANSACTION = '25P01';

/**
 * Runs `work` atomically: under a savepoint inside the caller's transaction (rolled back to
 * it on error, so the caller's transaction stays usable), or in a transaction of its own.
 */
export async function atomically<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  let own = false;
  try {
    await client.query('SAVEPOINT pgtwin_atomic');
  } catch (err) {
    if ((err as { code?: string }).code !== NO_ACTIVE_TRANSACTION) throw err;
    await client.query('BEGIN');
    own = true;
  }
  try {
    const result = await work();
    await client.query(own ? 'COMMIT' : 'RELEASE SAVEPOINT pgtwin_atomic');
    return result;
  } catch (err) {
    await client.query(own ? 'ROLLBACK' : 'ROLLBACK TO SAVEPOINT pgtwin_atomic; RELEASE SAVEPOINT pgtwin_atomic').catch(() => {});
    throw err;
  }
}

const keyWriter = new ByteWriter(1 << 12);

/**
 * A row's key as a string of its key encodings (length-prefixed): equal exactly when
 * PostgreSQL's equality says so — 5, '5' and 5n; a Date and the same instant as a string;
 * 'USD' and 'USD ' in char(n); '1' and '1.0' in numeric; 0 and -0; 1 day and 24 hours. Only an
 * order every writer agrees on matters for deadlock avoidance, not its meaning.
 */
function keyOf(def: TableDefinition, row: unknown, rowIndex: number, indexes: readonly number[], known: KnownFields | null = null): string {
  checkRow(def, row, rowIndex);
  const w = keyWriter;
  w.pos = 0;
  for (const i of indexes) {
    const c = def.columns[i] as ColumnDefinition;
    const v = row[c.field];
    if (v === null || v === undefined) throw missing(def, c, rowIndex, v, known, row);
    const at = w.beginLength();
    try {
      if (c.codec.writeKey) c.codec.writeKey(w, v);
      else c.codec.writeBinary(w, v, EMPTY_CONTEXT);
    } catch (err) {
      throw rowError(def, c.name, rowIndex, v, err);
    }
    w.endLength(at);
  }
  return w.buf.toString('latin1', 0, w.pos);
}

function keyNames(def: TableDefinition, indexes: readonly number[]): string {
  return indexes.map((i) => def.columns[i]?.name).join(', ');
}

/** Row order for a batch: sorted by key when asked, duplicates rejected or collapsed. */
function batchOrder(
  def: TableDefinition,
  rows: readonly unknown[],
  indexes: readonly number[] | null,
  options: { sort: boolean; duplicates: 'allow' | 'reject' | 'lastWins' },
  known: KnownFields | null = null,
): number[] {
  if (!indexes || (!options.sort && options.duplicates === 'allow')) return rows.map((_, i) => i);
  const keyed = rows.map((row, i) => ({ key: keyOf(def, row, i, indexes, known), i }));
  if (options.duplicates !== 'allow') {
    const last = new Map<string, number>();
    for (const k of keyed) {
      const prev = last.get(k.key);
      if (prev !== undefined && options.duplicates === 'reject') {
        const first = def.columns[indexes[0] as number] as ColumnDefinition;
        const row = rows[k.i] as Record<string, unknown>;
        throw new PgTwinValueError({
          table: def.table,
          column: keyNames(def, indexes),
          rowIndex: k.i,
          value: row[first.field],
          reason: `duplicate key (${keyNames(def, indexes)}) in one batch: rows ${prev} and ${k.i} have the same key (upsert.duplicates is 'reject')`,
        });
      }
      last.set(k.key, k.i);
    }
    if (options.duplicates === 'lastWins' && last.size < keyed.length) {
      const keep = new Set(last.values());
      return filterSort(keyed.filter((k) => keep.has(k.i)), options.sort);
    }
  }
  return filterSort(keyed, options.sort);
}

function filterSort(keyed: { key: string; i: number }[], sort: boolean): number[] {
  if (sort) keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  return keyed.map((k) => k.i);
}

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
function checkMessageSize(def: TableDefinition, what: string, rows: number, parameters: readonly (string | Buffer)[]): readonly (string | Buffer)[] {
  const bytes = bindMessageLength(parameters);
  if (bytes > MAX_MESSAGE_LENGTH) throw new PgTwinBatchTooLargeError({ table: def.table, statement: what, rows, bytes, exact: true, limit: MAX_MESSAGE_LENGTH });
  return parameters;
}

/**
 * Rows a statement inserted, updated or deleted: its command tag's count, or, for statements
 * generated as `WITH w AS (… RETURNING 1) SELECT count(*) AS "affected" FROM w` (Citus
 * distributed tables, whose coordinator tags an INSERT … SELECT with the rows it routed, not
 * the rows stored), that count.
 */
function affected(result: { readonly rowCount: number | null; readonly rows: readonly unknown[] }): number {
  const first = result.rows[0] as { affected?: unknown } | undefined;
  return first && first.affected !== undefined ? Number(first.affected) : (result.rowCount ?? 0);
}

function statement(def: TableDefinition, name: keyof TableStatements): string {
  const sql = def.sql[name];
  if (sql === undefined) throw new Error(`pgtwin: table "${def.table}" has no ${name} statement; declare it in its schema file and run codegen`);
  return sql;
}

export function defineTable<Row>(def: TableDefinition): TableApi<Row> {
  const typeNames = def.typeNames ?? [];
  const keys = def.keys ?? { conflict: null, upsert: null, delete: null };
  const deleteDef: TableDefinition | undefined = keys.delete ? { ...def, columns: keys.delete.map((i) => def.columns[i] as ColumnDefinition) } : undefined;
  // Delete keys are checked against every field of the table, so whole rows work as keys.
  const known = knownFields(def);
  const fieldsFor = (options: { readonly extraFields?: ExtraFields }): KnownFields | null => (options.extraFields === 'ignore' ? null : known);
  // A delete key may be a row as selected: the fields of columns the database fills are fields of the table there.
  const knownForDelete: KnownFields = { insert: new Set([...known.insert, ...known.filled.keys()]), filled: new Map() };
  const deleteFieldsFor = (options: { readonly extraFields?: ExtraFields }): KnownFields | null => (options.extraFields === 'ignore' ? null : knownForDelete);

  function copyRows(rows: Iterable<Row>, options: CopyRowsOptions = {}): Buffer {
    const w = new ByteWriter();
    const checked = fieldsFor(options);
    if ((options.format ?? 'binary') === 'text') {
      let i = 0;
      for (const row of rows) {
        encodeTextRow(def, w, row, i++, checked);
        if (i === SIZE_SAMPLE_ROWS && Array.isArray(rows)) presize(w, i, rows.length);
      }
    } else {
      const ctx: BinaryContext = options.typeOids ? { typeOids: options.typeOids } : EMPTY_CONTEXT;
      w.bytes(BINARY_HEADER);
      let i = 0;
      for (const row of rows) {
        encodeBinaryRow(def, w, row, i++, ctx, checked);
        if (i === SIZE_SAMPLE_ROWS && Array.isArray(rows)) presize(w, i, rows.length);
      }
      writeTrailer(w);
    }
    // This writer is not reused: hand its bytes over without copying them.
    return w.buf.subarray(0, w.pos);
  }

  async function copyInto(client: ClientBase, rows: Iterable<Row> | AsyncIterable<Row>, options: CopyIntoOptions = {}): Promise<number | CopyMergeResult> {
    const binary = (options.format ?? 'binary') === 'binary';
    const ctx: BinaryContext = binary && typeNames.length > 0 ? { typeOids: await lookupTypeOids(client, typeNames) } : EMPTY_CONTEXT;
    if (options.onConflict !== 'doNothing') {
      return copyStream(def, client, binary ? def.sql.copyBinary : def.sql.copyText, rows, binary, ctx, options.onProgress, options.firstRowIndex ?? 0, fieldsFor(options));
    }
    return atomically(client, async () => {
      await client.query(statement(def, 'stageCreate'));
      const copied = await copyStream(def, client, statement(def, binary ? 'stageCopyBinary' : 'stageCopyText'), rows, binary, ctx, options.onProgress, options.firstRowIndex ?? 0, fieldsFor(options));
      const merged = await client.query(statement(def, 'stageMerge'));
      await client.query(statement(def, 'stageDrop'));
      return { copied, inserted: affected(merged) };
    });
  }

  async function batchInsert(db: Queryable, rows: readonly Row[], options: BatchOptions = {}): Promise<number> {
    if (rows.length === 0) return 0;
    const order = batchOrder(def, rows, keys.conflict, { sort: options.sort ?? true, duplicates: 'allow' }, fieldsFor(options));
    return affected(await runStatement(db, def.sql.batchInsert, checkMessageSize(def, 'batchInsert', rows.length, unnestParameters(def, rows, order, 'batchInsert', fieldsFor(options)))));
  }

  function upsertParameters(rows: readonly Row[], options: BatchOptions, what: string): (string | Buffer)[] {
    const order = batchOrder(def, rows, keys.upsert, { sort: options.sort ?? true, duplicates: def.upsertDuplicates ?? 'reject' }, fieldsFor(options));
    return unnestParameters(def, rows, order, what, fieldsFor(options));
  }

  function deleteParameters(keyRows: readonly Partial<Row>[], options: BatchOptions, what: string): (string | Buffer)[] {
    if (!deleteDef || !keys.delete) throw new Error(`pgtwin: table "${def.table}" has no delete key; declare deleteKey in its schema file and run codegen`);
    const order = batchOrder(deleteDef, keyRows, deleteDef.columns.map((_, i) => i), { sort: options.sort ?? true, duplicates: 'allow' }, deleteFieldsFor(options));
    return unnestParameters(deleteDef, keyRows, order, what, deleteFieldsFor(options));
  }

  async function batchUpsert(db: Queryable, rows: readonly Row[], options: BatchOptions = {}): Promise<number> {
    const sql = statement(def, 'batchUpsert');
    if (rows.length === 0) return 0;
    return affected(await runStatement(db, sql, checkMessageSize(def, 'batchUpsert', rows.length, upsertParameters(rows, options, 'batchUpsert'))));
  }

  async function batchDelete(db: Queryable, keyRows: readonly Partial<Row>[], options: BatchOptions = {}): Promise<number> {
    const sql = statement(def, 'batchDelete');
    if (keyRows.length === 0) return 0;
    return affected(await runStatement(db, sql, checkMessageSize(def, 'batchDelete', keyRows.length, deleteParameters(keyRows, options, 'batchDelete'))));
  }

  async function batchApply(db: Queryable, changes: { readonly upsert?: readonly Row[]; readonly delete?: readonly Partial<Row>[] }, options: BatchOptions = {}): Promise<ApplyResult> {
    const sql = statement(def, 'batchApply');
    const upserts = changes.upsert ?? [];
    const deletes = changes.delete ?? [];
    if (upserts.length === 0 && deletes.length === 0) return { upserted: 0, deleted: 0 };
    if (deleteDef && keys.delete && upserts.length > 0 && deletes.length > 0) {
      const deleting = new Set(deletes.map((k, i) => keyOf(deleteDef, k, i, deleteDef.columns.map((_, j) => j))));
      upserts.forEach((row, i) => {
        if (deleting.has(keyOf(def, row, i, keys.delete as readonly number[]))) {
          const first = def.columns[(keys.delete as readonly number[])[0] as number] as ColumnDefinition;
          throw new PgTwinValueError({
            table: def.table,
            column: keyNames(def, keys.delete as readonly number[]),
            rowIndex: i,
            value: (row as Record<string, unknown>)[first.field],
            reason: `key (${keyNames(def, keys.delete as readonly number[])}) is both upserted (row ${i}) and deleted in one batchApply; split the change`,
          });
        }
      });
    }
    const params: (string | Buffer)[] = [...upsertParameters(upserts, options, 'batchApply'), ...deleteParameters(deletes, options, 'batchApply')];
    const result = await runStatement(db, sql, checkMessageSize(def, 'batchApply', upserts.length + deletes.length, params));
    const row = result.rows[0] ?? {};
    return { upserted: Number(row.upserted ?? 0), deleted: Number(row.deleted ?? 0) };
  }

  return { name: def.table, copyRows, copyInto, batchInsert, batchUpsert, batchDelete, batchApply };
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
