/**
 * The shape of a table as generated modules describe it to the runtime: its ordered insert
 * columns, statements and keys. Types only.
 */
import type { ColumnCodec } from './codec.ts';

export interface ColumnDefinition {
  /** SQL name. */
  readonly name: string;
  /** Field of the insert row. */
  readonly field: string;
  readonly nullable: boolean;
  readonly codec: ColumnCodec;
  /**
   * How the column's UNNEST parameter travels: as a binary array of this element OID when it
   * is a number; otherwise as a text array literal — an enum's name (enum OIDs differ per
   * database, so none is looked up) or null/absent (array columns, which UNNEST would flatten).
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
  /** Insert columns holding money: the server's lc_monetary is checked once per connection before the first COPY or batch (checkMoneyLocale). */
  readonly moneyColumns?: readonly string[];
  /**
   * A column whose type has no binary form pgtwin writes (raw, and types without send/recv):
   * COPY defaults to text, and binary is refused naming it.
   */
  readonly textCopy?: { readonly column: string; readonly type: string };
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
