/**
 * `copyIntoParallel`: one backfill over several connections. The input is read once, in
 * order, encoded (the same encoders as `copyInto`) and cut into chunks of consecutive rows;
 * each chunk is one COPY in a transaction of its own, on whichever connection is free.
 * A failure stops every connection after its current chunk, and the error says exactly
 * which input rows are stored. An optional checkpoint table, written in each chunk's
 * transaction, lets a rerun skip what is already stored.
 */
import type { ClientBase, Pool } from 'pg';
import { PgTwinPartitionError, partitionErrorFrom, type PartitionKey } from './partition-errors.ts';
import { quoteIdent } from './sql-quote.ts';
import type { CopyPiece } from './copy-stream.ts';
import type { CopyFormat, CopyMergeResult, ExtraFields, TableApi } from './table.ts';

/** Input rows `from` (inclusive) to `to` (exclusive), 0-based, in the order they were given. */
export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/** Where the connections come from: a pg Pool, or a function returning a connected client (released with `release()` if it has one, else closed with `end()`). */
export type ParallelCopySource = Pool | (() => Promise<ClientBase>);

export interface ParallelCopyProgress {
  /** Rows handed to the connections so far, all connections together. */
  readonly rows: number;
  /** Rows of committed chunks. */
  readonly committedRows: number;
  /** Rows read and skipped because the checkpoint says an earlier call stored them (so `rows + skippedRows` reaches `totalRows`). */
  readonly skippedRows: number;
  /** Rows in the input when it is an array (rows skipped by a checkpoint included), else null. */
  readonly totalRows: number | null;
  /** `rows` per second since the call started. */
  readonly rowsPerSecond: number;
  /** Per connection: rows handed to it and chunks it committed. */
  readonly connections: readonly { readonly rows: number; readonly chunks: number }[];
}

/** `F` is `'text'` for a table with a column that has no binary form. */
export interface ParallelCopyOptions<F extends CopyFormat = CopyFormat> {
  /**
   * Connections used at once (default: the pool's `max`, at most the server's cores). The
   * cores are read with `pg_read_file('/sys/devices/system/cpu/online')`, which needs a
   * superuser or `pg_read_server_files` and a Linux server; otherwise pass `serverCores`.
   * Never more than a pool's `max`, nor more than it can hand out when the call starts
   * (clients checked out elsewhere may stay out for the whole call; waiting for them would
   * never end).
   */
  readonly connections?: number;
  /** The server's cores, when it cannot be asked (see `connections`). */
  readonly serverCores?: number;
  /**
   * Rows per chunk, one transaction each. By default a chunk ends at 8 MB of COPY data
   * (about 27,000 rows of 300 bytes). Chunks are held encoded, not as rows: memory is at
   * most (connections + 2) chunks of COPY data.
   */
  readonly rowsPerChunk?: number;
  /** Default `binary` (`text` for a table with a column that has no binary form). */
  readonly format?: F;
  /** Fields the table does not have: `'error'` (default, naming the row in the whole input) or `'ignore'`, as for `copyInto`. */
  readonly extraFields?: ExtraFields;
  /** `doNothing`: each chunk goes through a staging table and `INSERT … ON CONFLICT DO NOTHING`. */
  readonly onConflict?: 'error' | 'doNothing';
  /** Called as data is handed to the connections (about every 64 KB per connection) and after each commit. */
  readonly onProgress?: (progress: ParallelCopyProgress) => void;
  /** Aborting rolls back the chunks in flight and stops; the error lists what committed. */
  readonly signal?: AbortSignal;
  /**
   * Records each committed chunk in `table` (created on first use), in the chunk's own
   * transaction. A later call with the same `job` and the same input skips those rows.
   */
  readonly checkpoint?: { readonly table: string; readonly job: string };
}

export interface ParallelCopyResult {
  /** Rows this call stored (with `onConflict`: rows copied into staging). */
  readonly rows: number;
  /** With `onConflict: 'doNothing'`: rows that were new; otherwise equal to `rows`. */
  readonly inserted: number;
  /** Rows skipped because the checkpoint says an earlier call stored them. */
  readonly skipped: number;
  /** The chunks this call committed, sorted. */
  readonly committed: readonly RowRange[];
  /** Connections used. */
  readonly connections: number;
}

/**
 * A parallel copy stopped. `committed` lists exactly the input rows stored by this call
 * (each chunk committed as a whole); rows outside them, and outside `inDoubt`, are not
 * stored. `inDoubt` holds chunks whose COMMIT was sent but whose answer was lost with the
 * connection: with a checkpoint, a rerun resolves them; without, check the table.
 */
export class PgTwinParallelCopyError extends Error {
  override name = 'PgTwinParallelCopyError';
  readonly committed: readonly RowRange[];
  readonly inDoubt: readonly RowRange[];
  /** The chunk whose failure stopped the copy (null when the input or the abort signal did); for a bad value, its rows up to and including the bad row. */
  readonly failedChunk: RowRange | null;
  /** Every failure seen (the first is `cause`); other connections may fail while stopping. */
  readonly errors: readonly unknown[];

  constructor(details: { committed: RowRange[]; inDoubt: RowRange[]; failedChunk: RowRange | null; errors: unknown[] }) {
    const first = details.errors[0];
    const rows = details.committed.reduce((n, r) => n + r.to - r.from, 0);
    const where = details.failedChunk ? ` in rows ${details.failedChunk.from}–${details.failedChunk.to - 1}` : '';
    super(`pgtwin: parallel copy stopped${where}: ${first instanceof Error ? first.message : String(first)}; ${rows} rows in ${details.committed.length} chunks committed${details.inDoubt.length > 0 ? `, ${details.inDoubt.length} chunks in doubt` : ''}`, { cause: first });
    this.committed = details.committed;
    this.inDoubt = details.inDoubt;
    this.failedChunk = details.failedChunk;
    this.errors = details.errors;
  }
}

/** What `copyIntoParallel` needs of a generated table: its chunked COPY, and its partition key when partitioned. */
export interface ParallelCopyTarget<Row> {
  readonly name: string;
  readonly chunked: TableApi<Row>['chunked'];
  readonly partitionKey?: PartitionKey | null;
}

/**
 * Consecutive input rows as COPY data, sent by one connection in one transaction. The reader
 * encodes it piece by piece; a connection may take it and start sending before it is
 * complete, so encoding and sending overlap. `pieces()` yields the pieces as they come and
 * throws once the chunk fails (a bad row, the input failing, an abort): its COPY then rolls back.
 */
class Chunk {
  /** Rows encoded into it so far. */
  rows = 0;
  taken = false;
  private readonly queue: CopyPiece[] = [];
  private ended = false;
  private failure: { readonly error: unknown } | null = null;
  private wake: (() => void) | null = null;
  private onTaken: (() => void) | null = null;

  constructor(
    readonly from: number,
    /** The rows' partition key fields, kept only to find a merge's "no partition" row by its key. */
    readonly kept: unknown[] | null,
  ) {}

  get range(): RowRange {
    return { from: this.from, to: this.from + this.rows };
  }

  push(piece: CopyPiece): void {
    this.queue.push(piece);
    this.signal();
  }

  end(): void {
    this.ended = true;
    this.signal();
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  take(): void {
    this.taken = true;
    const done = this.onTaken;
    this.onTaken = null;
    done?.();
  }

  /** Settles once a connection took the chunk, or `take` is called to release a waiting reader. */
  whenTaken(): Promise<void> | undefined {
    return this.taken ? undefined : new Promise((resolve) => (this.onTaken = resolve));
  }

  /** Its pieces as they are encoded; throws if it fails or `signal` aborts before the last. */
  async *pieces(signal: AbortSignal | undefined): AsyncGenerator<CopyPiece> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      if (signal?.aborted) throw abortReason(signal);
      const piece = this.queue.shift();
      if (piece) yield piece;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/**
 * A chunk ends at this much COPY data unless `rowsPerChunk` says otherwise. Chunks are held
 * encoded (about 300 bytes a bench row instead of about 2.5 KB of heap as row objects), so
 * a chunk's transaction can be long without memory growing with it. Measured on 2 cores, 2
 * connections, 200,000 bench rows: chunks of 5,333 rows (one COMMIT per 1.6 MB) ran at 0.80x
 * the speed of 2 chunks of 100,000; 25,000 rows at 0.97x.
 */
const DEFAULT_CHUNK_BYTES = 8 << 20;

/** Lets pending I/O (the connections' sockets) run between pieces of a chunk being encoded. */
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Cores the server's OS reports online (`0-15`, `0,2-3`), or null when it cannot be read here. */
async function serverCoresOf(client: ClientBase): Promise<number | null> {
  try {
    const { rows } = await client.query<{ online: string }>("SELECT pg_read_file('/sys/devices/system/cpu/online') AS online");
    let n = 0;
    for (const part of (rows[0]?.online ?? '').trim().split(',')) {
      const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(part);
      if (!m) return null;
      n += m[2] === undefined ? 1 : Number(m[2]) - Number(m[1]) + 1;
    }
    return n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * Clients a pool can hand out now, counting the one this call already holds: clients checked
 * out elsewhere (a LISTEN client, the caller's own transaction) may stay out for the whole
 * call, and waiting for them would never end.
 */
function poolAvailable(pool: Pool): number {
  const max = (pool as Pool & { options?: { max?: number } }).options?.max ?? 10;
  return Math.max(1, 1 + pool.idleCount + (max - pool.totalCount) - pool.waitingCount);
}

function isPool(source: ParallelCopySource): source is Pool {
  return typeof source !== 'function';
}

interface Lease {
  readonly client: ClientBase;
  release(broken: boolean): Promise<void>;
}

async function lease(source: ParallelCopySource): Promise<Lease> {
  const client = isPool(source) ? await source.connect() : await source();
  // pg emits 'error' on a client whose connection dies; without a listener that would crash the process.
  const onError = () => {};
  client.on('error', onError);
  return {
    client,
    async release(broken) {
      client.off('error', onError);
      const owned = client as ClientBase & { release?: (err?: Error | boolean) => void; end?: () => Promise<void> };
      if (typeof owned.release === 'function') owned.release(broken ? true : undefined);
      else await owned.end?.().catch(() => {});
    },
  };
}

async function ensureCheckpointTable(client: ClientBase, table: string): Promise<void> {
  const create = `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (job text NOT NULL, target text NOT NULL, first_row bigint NOT NULL, row_count bigint NOT NULL, committed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (job, first_row))`;
  try {
    await client.query(create);
  } catch (err) {
    // Two first calls at once: one CREATE wins, the other fails on the catalog's unique index.
    if ((err as { code?: string }).code !== '23505') throw err;
    await client.query(create);
  }
}

/** The advisory lock key of a checkpoint job (64-bit hash of table and job). */
const JOB_LOCK_KEY = `hashtextextended($1 || chr(1) || $2, 0)`;

/**
 * Holds a session advisory lock on the job for the whole call, on the first connection: two
 * calls of one job at once would both read the same checkpoint and store the rows between
 * their differently cut chunks twice. Refused at once rather than waited for, since the other
 * call may be a process that hangs.
 */
async function lockJob(client: ClientBase, table: string, job: string): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${JOB_LOCK_KEY}) AS locked`, [table, job]);
  if (rows[0]?.locked) return;
  throw new Error(`pgtwin: checkpoint job ${JSON.stringify(job)} in table ${quoteIdent(table)} is running in another call (its session holds the job's advisory lock); wait for it to finish, then call again to resume`);
}

async function unlockJob(client: ClientBase, table: string, job: string): Promise<boolean> {
  return client.query(`SELECT pg_advisory_unlock(${JOB_LOCK_KEY})`, [table, job]).then(
    () => true,
    () => false,
  );
}

async function committedRanges(client: ClientBase, table: string, job: string, target: string): Promise<RowRange[]> {
  const { rows } = await client.query<{ target: string; first_row: string; row_count: string }>(`SELECT target, first_row, row_count FROM ${quoteIdent(table)} WHERE job = $1 ORDER BY first_row`, [job]);
  const other = rows.find((r) => r.target !== target);
  if (other) throw new Error(`pgtwin: checkpoint job ${JSON.stringify(job)} in table ${quoteIdent(table)} belongs to table "${other.target}", not "${target}"`);
  return rows.map((r) => ({ from: Number(r.first_row), to: Number(r.first_row) + Number(r.row_count) }));
}

/**
 * Whether the server refused a COMMIT (a deferred constraint, a serialization failure): an
 * ERROR rolls the transaction back and leaves the session usable, while an error past the
 * commit record is promoted to PANIC and a FATAL (backend terminated) ends the session. So
 * the outcome is known only when the server answered with an error and the session still
 * answers afterwards (severity is localized, so it is not read).
 */
async function refusedCommit(client: ClientBase, err: unknown): Promise<boolean> {
  if (typeof (err as { code?: unknown } | null)?.code !== 'string') return false;
  return client.query('ROLLBACK').then(
    () => true,
    () => false,
  );
}

function isAsyncIterable<T>(v: Iterable<T> | AsyncIterable<T>): v is AsyncIterable<T> {
  return typeof (v as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('pgtwin: parallel copy aborted');
}

/** Rethrows a "no partition" error with its row index in the whole input instead of the chunk. */
function inputPartitionError(err: unknown, target: ParallelCopyTarget<unknown>, chunk: Chunk): unknown {
  if (!target.partitionKey) return err;
  const e = partitionErrorFrom(err, { table: target.partitionKey.table, key: target.partitionKey, rows: chunk.kept ?? undefined });
  if (!(e instanceof PgTwinPartitionError)) return e;
  return new PgTwinPartitionError({ table: e.table, rowIndex: e.rowIndex === null ? null : chunk.from + e.rowIndex, columns: e.columns, keyValue: e.keyValue, cause: err });
}

/**
 * Copies `rows` into the table over several connections of `source`; see the module comment.
 * Resolves when every chunk committed; rejects with a `PgTwinParallelCopyError` otherwise.
 */
export async function copyIntoParallel<Row>(target: ParallelCopyTarget<Row>, source: ParallelCopySource, rows: Iterable<Row> | AsyncIterable<Row>, options: ParallelCopyOptions = {}): Promise<ParallelCopyResult> {
  if (options.rowsPerChunk !== undefined && (!Number.isInteger(options.rowsPerChunk) || options.rowsPerChunk < 1)) throw new RangeError(`pgtwin: rowsPerChunk must be a positive integer, not ${options.rowsPerChunk}`);
  if (options.connections !== undefined && (!Number.isInteger(options.connections) || options.connections < 1)) throw new RangeError(`pgtwin: connections must be a positive integer, not ${options.connections}`);
  const { signal, checkpoint } = options;
  signal?.throwIfAborted();
  const binary = target.chunked.isBinary(options.format);

  const leases: Lease[] = [await lease(source)];
  const first = (leases[0] as Lease).client;
  let skipRanges: RowRange[] = [];
  let encoder: ReturnType<ParallelCopyTarget<Row>['chunked']['encoder']>;
  try {
    encoder = target.chunked.encoder(binary, await target.chunked.context(first, binary), options.extraFields);
    if (checkpoint) {
      await ensureCheckpointTable(first, checkpoint.table);
      await lockJob(first, checkpoint.table, checkpoint.job);
      skipRanges = await committedRanges(first, checkpoint.table, checkpoint.job, target.name);
    }
    const poolMax = isPool(source) ? ((source as Pool & { options?: { max?: number } }).options?.max ?? 10) : Infinity;
    let connections = options.connections;
    if (connections === undefined) {
      const cores = options.serverCores ?? (await serverCoresOf(first)) ?? (Number.isFinite(poolMax) ? poolMax : 2);
      connections = Math.max(1, Math.min(poolMax, cores));
    }
    // More than the pool holds would wait for a client that is never released.
    connections = Math.min(connections, poolMax, isPool(source) ? poolAvailable(source) : Infinity);
    while (leases.length < connections) leases.push(await lease(source));
  } catch (err) {
    await Promise.all(leases.map((l) => l.release(true)));
    throw err;
  }

  const rowsPerChunk = options.rowsPerChunk ?? Infinity;
  const chunkBytes = options.rowsPerChunk === undefined ? DEFAULT_CHUNK_BYTES : Infinity;
  const started = performance.now();
  const totalRows = Array.isArray(rows) ? rows.length : null;
  const perConnection = leases.map(() => ({ rows: 0, chunks: 0 }));
  let handedRows = 0;
  let committedRows = 0;
  let inserted = 0;
  let skipped = 0;
  const committed: RowRange[] = [];
  const inDoubt: RowRange[] = [];
  const errors: unknown[] = [];
  let failedChunk: RowRange | null = null;
  let stopping = false;
  let inputDone = false;

  const report = (): void => {
    if (!options.onProgress) return;
    const seconds = (performance.now() - started) / 1000;
    options.onProgress({ rows: handedRows, committedRows, skippedRows: skipped, totalRows, rowsPerSecond: seconds > 0 ? handedRows / seconds : 0, connections: perConnection.map((c) => ({ ...c })) });
  };

  // Hand-off between the reader and the connections: a new chunk goes to an idle connection
  // at once (it sends while the reader encodes), or waits; the reader starts the next chunk
  // only once the waiting one is taken, so at most (connections + 1) chunks are in memory.
  const idle: ((chunk: Chunk | null) => void)[] = [];
  let waiting: Chunk | null = null;
  const wakeAll = (): void => {
    for (const wake of idle.splice(0)) wake(null);
  };
  // Wakes a read of the input that is waiting for its next row, so a stop does not wait for
  // a stalled input. One slot, replaced per row (a reaction per row on one long-lived promise
  // would keep every row's reaction until the call ends).
  let interruptRead: ((stopped: null) => void) | null = null;
  const onStopped = (): void => interruptRead?.(null);
  const stop = (err: unknown, range: RowRange | null): void => {
    if (!errors.includes(err)) errors.push(err);
    onStopped();
    if (!stopping && range) failedChunk = range;
    stopping = true;
    wakeAll();
    if (waiting) {
      waiting.take();
      waiting = null;
    }
  };
  const onAbort = (): void => stop(abortReason(signal as AbortSignal), null);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort(); // aborted while the connections were being opened

  const offer = (chunk: Chunk): void => {
    const worker = idle.shift();
    if (worker) {
      chunk.take();
      worker(chunk);
    } else waiting = chunk;
  };
  const take = (): Promise<Chunk | null> | Chunk | null => {
    if (stopping) return null;
    if (waiting) {
      const w: Chunk = waiting;
      waiting = null;
      w.take();
      return w;
    }
    if (inputDone) return null;
    return new Promise((resolve) => idle.push(resolve));
  };

  // A merge's "no partition" error has no COPY line: its rows' partition keys are kept to find
  // the row by its key. Only the key fields: whole rows (about 2.5 KB of heap a bench row, 27,000
  // rows an 8 MB chunk) would hold (connections + 1) chunks of row objects in memory.
  const merge = options.onConflict === 'doNothing';
  const keyFields = merge && target.partitionKey ? target.partitionKey.columns.map((c) => c.field) : null;
  const keyOf = (row: unknown): unknown => {
    if (typeof row !== 'object' || row === null) return row;
    const key: Record<string, unknown> = {};
    for (const field of keyFields as string[]) key[field] = (row as Record<string, unknown>)[field];
    return key;
  };

  async function read(): Promise<void> {
    let index = 0;
    let skip = 0; // next checkpoint range that may hold `index`
    let chunk: Chunk | null = null; // the chunk being encoded
    /** Ends the chunk being encoded; waits while it is not taken, so no second chunk piles up. */
    const endChunk = (): Promise<void> | undefined => {
      const c = chunk as Chunk;
      chunk = null;
      const last = encoder.finish();
      if (last) c.push(last);
      c.end();
      return c.whenTaken();
    };
    // Returns a promise when the caller must wait: a complete chunk is not taken yet, or a
    // piece of COPY data was completed (the connections' sockets then get a turn).
    const feed = (row: unknown): Promise<void> | undefined => {
      while (skip < skipRanges.length && (skipRanges[skip] as RowRange).to <= index) skip++;
      const range = skipRanges[skip];
      let wait: Promise<void> | undefined;
      if (range && range.from <= index) {
        skipped++;
        if (index + 1 === range.to) report(); // a stored range read past
        // A chunk never spans rows already stored: its range must stay contiguous.
        if (chunk) wait = endChunk();
      } else {
        if (!chunk) {
          chunk = new Chunk(index, keyFields ? [] : null);
          offer(chunk);
        }
        chunk.kept?.push(keyOf(row));
        let piece: CopyPiece | null;
        try {
          piece = encoder.add(row, index);
        } catch (err) {
          // The chunk fails with the rows read into it; what of it was sent is rolled back.
          encoder.discard();
          chunk.fail(err);
          stop(err, { from: chunk.from, to: index + 1 });
          chunk = null;
          return undefined;
        }
        chunk.rows++;
        if (piece) {
          chunk.push(piece);
          wait = yieldToIo();
        }
        if (encoder.rowCount === rowsPerChunk || encoder.size >= chunkBytes) wait = endChunk();
      }
      index++;
      return wait;
    };
    try {
      if (isAsyncIterable(rows)) {
        // for await, except that a stop does not wait for a row the input may never deliver.
        const input = rows[Symbol.asyncIterator]();
        for (;;) {
          const next = input.next();
          const result = await new Promise<IteratorResult<Row> | null>((resolve, reject) => {
            if (stopping) resolve(null);
            interruptRead = resolve;
            next.then(resolve, reject); // handles a rejection that comes after a stop, too
          });
          interruptRead = null;
          if (result === null) {
            // Let the input clean up, without waiting for a pending read that may never end.
            void Promise.resolve(input.return?.()).catch(() => {});
            break;
          }
          if (result.done) break;
          if (stopping) {
            await input.return?.();
            break;
          }
          const wait = feed(result.value);
          if (wait) await wait;
        }
      } else {
        for (const row of rows) {
          if (stopping) break;
          const wait = feed(row);
          if (wait) await wait;
        }
      }
      if (chunk && !stopping) await endChunk();
    } catch (err) {
      stop(err, null);
    } finally {
      // A chunk the input or an abort cut short is never committed.
      if (chunk) (chunk as Chunk).fail(errors[0] ?? new Error('pgtwin: parallel copy stopped'));
      inputDone = true;
      wakeAll();
    }
  }

  const checkpointSql = checkpoint ? `INSERT INTO ${quoteIdent(checkpoint.table)} (job, target, first_row, row_count) VALUES ($1, $2, $3, $4)` : null;

  async function copyChunk(l: Lease, i: number, chunk: Chunk): Promise<void> {
    const counts = perConnection[i] as { rows: number; chunks: number };
    const before = counts.rows;
    const client = l.client;
    await client.query('BEGIN');
    let committing = false;
    try {
      const result: number | CopyMergeResult = await target.chunked
        .copy(client, chunk.pieces(signal), {
          binary,
          onConflict: options.onConflict ?? 'error',
          onProgress: (p) => {
            handedRows += before + p.rows - counts.rows;
            counts.rows = before + p.rows;
            report();
          },
        })
        .catch((err: unknown) => {
          throw inputPartitionError(err, target as ParallelCopyTarget<unknown>, chunk);
        });
      if (checkpointSql && checkpoint) await client.query(checkpointSql, [checkpoint.job, target.name, chunk.from, chunk.rows]);
      // Aborted while the chunk was being sent: its transaction is rolled back, not committed.
      signal?.throwIfAborted();
      committing = true;
      await client.query('COMMIT');
      inserted += typeof result === 'number' ? result : result.inserted;
    } catch (err) {
      const range = chunk.range;
      if (!committing) await client.query('ROLLBACK').catch(() => {});
      else if (!(await refusedCommit(client, err))) inDoubt.push(range);
      handedRows -= counts.rows - before;
      counts.rows = before;
      throw err;
    }
    committedRows += chunk.rows;
    counts.chunks++;
    committed.push(chunk.range);
    try {
      report();
    } catch (err) {
      // The caller's callback failed, not the chunk, which committed: stop without blaming it.
      stop(err, null);
    }
  }

  const broken = leases.map(() => false);
  async function work(i: number): Promise<void> {
    const l = leases[i] as Lease;
    for (;;) {
      const next = take();
      const chunk = next instanceof Promise ? await next : next;
      if (!chunk) return;
      try {
        await copyChunk(l, i, chunk);
      } catch (err) {
        broken[i] = true;
        stop(err, chunk.range);
        return;
      }
    }
  }

  try {
    await Promise.all([read(), ...leases.map((_, i) => work(i))]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // A session whose job lock cannot be released is closed, which releases it.
    if (checkpoint && !broken[0] && !(await unlockJob(first, checkpoint.table, checkpoint.job))) broken[0] = true;
    await Promise.all(leases.map((l, i) => l.release(broken[i] as boolean)));
  }
  committed.sort((a, b) => a.from - b.from);
  if (errors.length > 0) {
    inDoubt.sort((a, b) => a.from - b.from);
    throw new PgTwinParallelCopyError({ committed, inDoubt, failedChunk, errors });
  }
  return { rows: committedRows, inserted, skipped, committed, connections: leases.length };
}
