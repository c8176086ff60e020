/**
 * COPY … FROM STDIN over a pg connection: rows encoded in 64 KB chunks and streamed with
 * backpressure; on an error, CopyFail so the server rolls the COPY back and the connection
 * stays usable.
 */
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ByteWriter } from './byte-writer.ts';
import type { BinaryContext } from './codec.ts';
import { BINARY_HEADER, encodeBinaryRow, encodeTextRow, writeTrailer, type KnownFields } from './row-encoders.ts';
import type { TableDefinition } from './table-definition.ts';

export interface CopyProgress {
  /** Rows encoded and handed to the connection so far. */
  readonly rows: number;
  /** Bytes of COPY data handed to the connection so far. */
  readonly bytes: number;
}

/** Chunks handed to the stream; see ByteWriter for why one reused buffer. */
const CHUNK_BYTES = 1 << 16;

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

/**
 * One COPY … FROM STDIN: `body` hands it data through `send`, which waits while the
 * connection's buffer is full. If `body` throws, CopyFail is sent (the server rolls the COPY
 * back and the connection stays usable) and the error is rethrown; a server error ends it too.
 */
async function runCopy(client: ClientBase, sql: string, body: (send: (chunk: Buffer) => Promise<void>, unlessFailed: <T>(work: Promise<T>) => Promise<T>) => Promise<void>): Promise<void> {
  // (A 1 MB high-water mark instead of the default 16 KB measured no difference here.)
  const stream = client.query(copyFrom(sql));
  // Settles when the server has answered the COPY (CommandComplete or an error), or the
  // connection is lost.
  let streamError: unknown;
  // Rejects what `body` is waiting for through `unlessFailed`. One slot, replaced per wait (a
  // reaction per wait on one long-lived promise would be kept until the COPY ends).
  let interrupt: ((err: unknown) => void) | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', (err: unknown) => {
      streamError = err;
      interrupt?.(err);
      reject(err);
    });
  });
  finished.catch(() => {}); // observed below; avoid an unhandled rejection while encoding
  const send = async (chunk: Buffer): Promise<void> => {
    if (streamError) throw streamError;
    if (!stream.write(chunk)) await drained(stream);
  };
  // Waits for `work` (data not encoded yet), or fails as soon as the COPY does: a lost
  // connection or a server error is known then, not once the data comes, which may be never.
  const unlessFailed = <T>(work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (streamError !== undefined) reject(streamError);
      interrupt = reject;
      work.then(resolve, reject); // handles a rejection of `work` that comes after the COPY failed, too
    });
  try {
    await body(send, unlessFailed);
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
}

/** Encodes rows and streams them through one COPY statement; on any error sends CopyFail and rethrows. */
export async function copyStream(
  def: TableDefinition,
  client: ClientBase,
  sql: string,
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  binary: boolean,
  ctx: BinaryContext,
  onProgress: ((progress: CopyProgress) => void) | undefined,
  firstRowIndex: number,
  known: KnownFields | null,
): Promise<number> {
  const w = new ByteWriter(CHUNK_BYTES * 2);
  let count = 0;
  let bytes = 0;
  await runCopy(client, sql, async (send) => {
    const flush = async (): Promise<void> => {
      const chunk = w.take();
      bytes += chunk.length;
      await send(chunk);
      onProgress?.({ rows: count, bytes });
    };
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
  });
  return count;
}

/** A piece of COPY data and the rows complete once it is sent, counted from the COPY's start. */
export interface CopyPiece {
  readonly data: Buffer;
  readonly rows: number;
}

/**
 * COPY of data encoded elsewhere (copyIntoParallel encodes a chunk while its connection sends
 * it): `pieces` are the whole COPY data, header and trailer included. If they throw, CopyFail
 * is sent and the COPY rolled back. Returns the rows sent.
 */
export async function copyPieces(client: ClientBase, sql: string, pieces: AsyncIterable<CopyPiece>, onProgress: ((progress: CopyProgress) => void) | undefined): Promise<number> {
  let bytes = 0;
  let rows = 0;
  await runCopy(client, sql, async (send, unlessFailed) => {
    const input = pieces[Symbol.asyncIterator]();
    let done = false;
    try {
      for (;;) {
        const next = await unlessFailed(input.next());
        if (next.done) break;
        const piece = next.value;
        bytes += piece.data.length;
        rows = piece.rows;
        await send(piece.data);
        onProgress?.({ rows, bytes });
      }
      done = true;
    } finally {
      // As `for await` would, without waiting for a piece that may never come.
      if (!done) void Promise.resolve(input.return?.()).catch(() => {});
    }
  });
  return rows;
}

/**
 * Encodes chunks of rows as COPY data, row by row into one reused writer, in pieces of about
 * 64 KB: `add` encodes a row (throwing its PgTwinValueError) and returns a piece when one is
 * complete, `finish` ends the chunk (trailer included) and the next `add` starts another.
 */
export class ChunkEncoder {
  private readonly w = new ByteWriter(CHUNK_BYTES * 2);
  private rows = 0;
  private bytes = 0;

  constructor(
    private readonly def: TableDefinition,
    private readonly binary: boolean,
    private readonly ctx: BinaryContext,
    private readonly known: KnownFields | null,
  ) {}

  /** Rows encoded into the chunk so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** Bytes encoded into the chunk so far. */
  get size(): number {
    return this.bytes + this.w.pos;
  }

  add(row: unknown, rowIndex: number): CopyPiece | null {
    if (this.binary && this.rows === 0 && this.w.pos === 0) this.w.bytes(BINARY_HEADER);
    if (this.binary) encodeBinaryRow(this.def, this.w, row, rowIndex, this.ctx, this.known);
    else encodeTextRow(this.def, this.w, row, rowIndex, this.known);
    this.rows++;
    return this.w.pos < CHUNK_BYTES ? null : this.cut();
  }

  private cut(): CopyPiece {
    const data = this.w.take();
    this.bytes += data.length;
    return { data, rows: this.rows };
  }

  /** The chunk's last piece (with the trailer in binary); the next row starts a new chunk. */
  finish(): CopyPiece | null {
    if (this.binary) {
      if (this.rows === 0 && this.w.pos === 0) this.w.bytes(BINARY_HEADER);
      writeTrailer(this.w);
    }
    const last = this.w.pos > 0 ? this.cut() : null;
    this.discard();
    return last;
  }

  /** Drops what was encoded of the chunk (after a row's error, say); the next row starts a new chunk. */
  discard(): void {
    this.w.pos = 0;
    this.rows = 0;
    this.bytes = 0;
  }
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
