/**
 * `defineTable`: what a generated table module calls. It ties the table's definition to the
 * row encoders (row-encoders.ts), COPY streaming (copy-stream.ts), UNNEST parameters
 * (unnest-parameters.ts), batch key order (batch-order.ts) and the transaction helper
 * (transaction.ts), and adds nothing but statement choice and result counts.
 */
import type { ClientBase } from 'pg';
import type { BinaryContext } from './codec.ts';
import { batchOrder, checkUpsertsNotDeleted } from './batch-order.ts';
import { ChunkEncoder, copyPieces, copyStream, type CopyPiece, type CopyProgress } from './copy-stream.ts';
import { checkCopyTextCodecs, EMPTY_CONTEXT, encodeCopyRows, knownFields, type KnownFields } from './row-encoders.ts';
import type { ColumnDefinition, ExtraFields, TableDefinition, TableStatements } from './table-definition.ts';
import { atomically } from './transaction.ts';
import { checkMoneyLocale, lookupTypeOids } from './type-oids.ts';
import { checkMessageSize, unnestParameters } from './unnest-parameters.ts';
import { runStatement, type Queryable } from './queryable.ts';

export type { ColumnDefinition, ExtraFields, TableDefinition, TableStatements } from './table-definition.ts';
export type { CopyProgress } from './copy-stream.ts';

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

/** `F` is `'text'` for a table with a column that has no binary form (its generated module says which). */
export interface CopyRowsOptions<F extends CopyFormat = CopyFormat> {
  /** Default `binary` (`text` for a table with a column that has no binary form). */
  readonly format?: F;
  /** Enum type OIDs, needed in binary format for arrays of enums (copyInto looks them up itself). */
  readonly typeOids?: BinaryContext['typeOids'];
  /** Fields the table does not have: `'error'` (default) or `'ignore'`. */
  readonly extraFields?: ExtraFields;
}


export interface CopyIntoOptions<F extends CopyFormat = CopyFormat> {
  /** Default `binary` (`text` for a table with a column that has no binary form). */
  readonly format?: F;
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

/**
 * What `copyIntoParallel` uses, not meant for applications: rows encoded into chunks apart
 * from the connection that sends them, and COPY of such a chunk.
 */
export interface ChunkedCopy {
  /** Whether `format` means binary; asking a text-only table for binary throws. */
  isBinary(format: CopyFormat | undefined): boolean;
  /** The binary context of `client`'s database (enum OIDs), looked up once per connection. */
  context(client: ClientBase, binary: boolean): Promise<BinaryContext>;
  encoder(binary: boolean, ctx: BinaryContext, extraFields: ExtraFields | undefined): ChunkEncoder;
  /** COPY of one chunk's pieces (with `doNothing`: staging table and merge, under a savepoint if in a transaction). */
  copy(client: ClientBase, pieces: AsyncIterable<CopyPiece>, options: { readonly binary: boolean; readonly onConflict: 'error' | 'doNothing'; readonly onProgress?: ((progress: CopyProgress) => void) | undefined }): Promise<number | CopyMergeResult>;
}

export interface TableApi<Row> {
  readonly name: string;
  /** For copyIntoParallel (see ChunkedCopy). */
  readonly chunked: ChunkedCopy;
  copyRows(rows: Iterable<Row>, options?: CopyRowsOptions): Buffer;
  copyInto(client: ClientBase, rows: Iterable<Row> | AsyncIterable<Row>, options?: CopyIntoOptions): Promise<number | CopyMergeResult>;
  batchInsert(db: Queryable, rows: readonly Row[], options?: BatchOptions): Promise<number>;
  batchUpsert(db: Queryable, rows: readonly Row[], options?: BatchOptions): Promise<number>;
  batchDelete(db: Queryable, keys: readonly Partial<Row>[], options?: BatchOptions): Promise<number>;
  batchApply(db: Queryable, changes: { readonly upsert?: readonly Row[]; readonly delete?: readonly Partial<Row>[] }, options?: BatchOptions): Promise<ApplyResult>;
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
  checkCopyTextCodecs(def);
  const typeNames = def.typeNames ?? [];
  const moneyColumns = def.moneyColumns ?? [];
  // Only tables with money columns wait for the per-connection lc_monetary check; the others
  // skip the await on every call.
  const checkMoney = moneyColumns.length > 0 ? (db: Queryable | ClientBase) => checkMoneyLocale(db, def.table, moneyColumns) : null;
  const keys = def.keys ?? { conflict: null, upsert: null, delete: null };
  const deleteDef: TableDefinition | undefined = keys.delete ? { ...def, columns: keys.delete.map((i) => def.columns[i] as ColumnDefinition) } : undefined;
  // Delete keys are checked against every field of the table, so whole rows work as keys.
  const known = knownFields(def);
  const fieldsFor = (options: { readonly extraFields?: ExtraFields }): KnownFields | null => (options.extraFields === 'ignore' ? null : known);
  // A delete key may be a row as selected: the fields of columns the database fills are fields of the table there.
  const knownForDelete: KnownFields = { insert: new Set([...known.insert, ...known.filled.keys()]), filled: new Map() };
  const deleteFieldsFor = (options: { readonly extraFields?: ExtraFields }): KnownFields | null => (options.extraFields === 'ignore' ? null : knownForDelete);

  /** Binary unless asked for text, or the table has a column without a binary form (then asking for binary is an error). */
  function isBinary(format: CopyFormat | undefined): boolean {
    if (!def.textCopy) return (format ?? 'binary') === 'binary';
    if (format === 'binary') {
      throw new Error(`pgtwin: table "${def.table}" cannot be copied in binary format: column "${def.textCopy.column}" (${def.textCopy.type}) has no binary form; use format 'text' (the default for this table)`);
    }
    return false;
  }

  function copyRows(rows: Iterable<Row>, options: CopyRowsOptions = {}): Buffer {
    const binary = isBinary(options.format);
    return encodeCopyRows(def, rows, binary, options.typeOids ? { typeOids: options.typeOids } : EMPTY_CONTEXT, fieldsFor(options));
  }

  async function contextOf(client: ClientBase, binary: boolean): Promise<BinaryContext> {
    // Before the first COPY of a table with money columns on this connection (copyInto and copyIntoParallel).
    if (checkMoney) await checkMoney(client);
    return binary && typeNames.length > 0 ? { typeOids: await lookupTypeOids(client, typeNames) } : EMPTY_CONTEXT;
  }

  /** `copy(sql)` straight into the table, or with `doNothing` into a staging table merged afterwards. */
  async function copyOrMerge(client: ClientBase, binary: boolean, onConflict: 'error' | 'doNothing' | undefined, copy: (sql: string) => Promise<number>): Promise<number | CopyMergeResult> {
    if (onConflict !== 'doNothing') return copy(binary ? def.sql.copyBinary : def.sql.copyText);
    return atomically(client, async () => {
      await client.query(statement(def, 'stageCreate'));
      const copied = await copy(statement(def, binary ? 'stageCopyBinary' : 'stageCopyText'));
      const merged = await client.query(statement(def, 'stageMerge'));
      await client.query(statement(def, 'stageDrop'));
      return { copied, inserted: affected(merged) };
    });
  }

  async function copyInto(client: ClientBase, rows: Iterable<Row> | AsyncIterable<Row>, options: CopyIntoOptions = {}): Promise<number | CopyMergeResult> {
    const binary = isBinary(options.format);
    const ctx = await contextOf(client, binary);
    return copyOrMerge(client, binary, options.onConflict, (sql) => copyStream(def, client, sql, rows, binary, ctx, options.onProgress, options.firstRowIndex ?? 0, fieldsFor(options)));
  }

  const chunked: ChunkedCopy = {
    isBinary,
    context: contextOf,
    encoder: (binary, ctx, extraFields) => new ChunkEncoder(def, binary, ctx, fieldsFor({ extraFields })),
    copy: (client, pieces, options) => copyOrMerge(client, options.binary, options.onConflict, (sql) => copyPieces(client, sql, pieces, options.onProgress)),
  };

  async function batchInsert(db: Queryable, rows: readonly Row[], options: BatchOptions = {}): Promise<number> {
    if (rows.length === 0) return 0;
    if (checkMoney) await checkMoney(db);
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
    if (checkMoney) await checkMoney(db);
    return affected(await runStatement(db, sql, checkMessageSize(def, 'batchUpsert', rows.length, upsertParameters(rows, options, 'batchUpsert'))));
  }

  async function batchDelete(db: Queryable, keyRows: readonly Partial<Row>[], options: BatchOptions = {}): Promise<number> {
    const sql = statement(def, 'batchDelete');
    if (keyRows.length === 0) return 0;
    if (checkMoney) await checkMoney(db);
    return affected(await runStatement(db, sql, checkMessageSize(def, 'batchDelete', keyRows.length, deleteParameters(keyRows, options, 'batchDelete'))));
  }

  async function batchApply(db: Queryable, changes: { readonly upsert?: readonly Row[]; readonly delete?: readonly Partial<Row>[] }, options: BatchOptions = {}): Promise<ApplyResult> {
    const sql = statement(def, 'batchApply');
    const upserts = changes.upsert ?? [];
    const deletes = changes.delete ?? [];
    if (upserts.length === 0 && deletes.length === 0) return { upserted: 0, deleted: 0 };
    if (checkMoney) await checkMoney(db);
    if (deleteDef && keys.delete && upserts.length > 0 && deletes.length > 0) checkUpsertsNotDeleted(def, deleteDef, keys.delete, upserts, deletes);
    const params: (string | Buffer)[] = [...upsertParameters(upserts, options, 'batchApply'), ...deleteParameters(deletes, options, 'batchApply')];
    const result = await runStatement(db, sql, checkMessageSize(def, 'batchApply', upserts.length + deletes.length, params));
    const row = result.rows[0] ?? {};
    return { upserted: Number(row.upserted ?? 0), deleted: Number(row.deleted ?? 0) };
  }

  return { name: def.table, chunked, copyRows, copyInto, batchInsert, batchUpsert, batchDelete, batchApply };
}

