/**
 * What a table says besides its columns and keys: indexes, CHECK constraints, foreign keys
 * (multi-column, with actions and deferral), storage parameters and comments. Plain objects,
 * typed here and checked by the generator (with the schema file named). Expressions are SQL
 * text the schema's author writes with `sql('...')`: schema code, never values.
 */
import type { SqlExpr } from './index.ts';

/** Index access methods PostgreSQL ships. */
export const INDEX_METHODS = ['btree', 'hash', 'gin', 'gist', 'spgist', 'brin'] as const;
export type IndexMethod = (typeof INDEX_METHODS)[number];

/** One key of an index: a column, or an expression (`sql('lower(email)')`), with its order. */
export interface IndexKeyInput {
  /** The column; give either this or `expr`. */
  readonly column?: string;
  /** An expression; printed in parentheses. Its type is checked by the server, not by codegen. */
  readonly expr?: SqlExpr;
  /** `'desc'` for `DESC`; default ascending. */
  readonly order?: 'asc' | 'desc';
  /** `NULLS FIRST` / `NULLS LAST`; default: last for ascending, first for descending (PostgreSQL's). */
  readonly nulls?: 'first' | 'last';
  /** An operator class other than the type's default (`'text_pattern_ops'`, `'gin_trgm_ops'`). */
  readonly opclass?: string;
  /** A collation other than the column's (`'C'`: `COLLATE "C"`), as the key's order and `<`/`LIKE` use it. */
  readonly collate?: string;
}

/**
 * `CREATE [UNIQUE] INDEX name ON table USING method (keys) INCLUDE (…) WITH (…) WHERE …`.
 * A key is a column name, an `sql('...')` expression or an `IndexKeyInput`.
 */
export interface IndexInput {
  readonly name: string;
  readonly columns: readonly (string | SqlExpr | IndexKeyInput)[];
  readonly unique?: boolean;
  /** Default `'btree'`. */
  readonly using?: IndexMethod;
  /** Non-key columns stored in the index (`INCLUDE`), for index-only scans. */
  readonly include?: readonly string[];
  /** A partial index: `WHERE <expr>`. */
  readonly where?: SqlExpr;
  /** Index storage parameters (`WITH (fillfactor = 70)`). */
  readonly with?: Readonly<Record<string, number | boolean | string>>;
}

/** A table CHECK constraint: `CONSTRAINT name CHECK (expr)`. */
export interface CheckInput {
  readonly name: string;
  readonly expr: SqlExpr;
}

/** `ON DELETE` / `ON UPDATE` action of a foreign key; default `'noAction'`. */
export type ForeignKeyAction = 'noAction' | 'restrict' | 'cascade' | 'setNull' | 'setDefault';
export const FOREIGN_KEY_ACTIONS: readonly ForeignKeyAction[] = ['noAction', 'restrict', 'cascade', 'setNull', 'setDefault'];

/** What a foreign key does besides pointing at its target (`.references(table, column, options)` and `foreignKeys`). */
export interface ForeignKeyOptions {
  /** The constraint name; default PostgreSQL's (`<table>_<column>_fkey`). */
  readonly name?: string;
  readonly onDelete?: ForeignKeyAction;
  readonly onUpdate?: ForeignKeyAction;
  /** `DEFERRABLE`: checked at commit when the transaction says `SET CONSTRAINTS … DEFERRED`. */
  readonly deferrable?: boolean;
  /** `DEFERRABLE INITIALLY DEFERRED`: always checked at commit (needs `deferrable: true`). */
  readonly initiallyDeferred?: boolean;
  /** `MATCH FULL`: a key with some NULL columns is refused (default MATCH SIMPLE lets it pass). */
  readonly matchFull?: boolean;
}

/** A table-level foreign key, for multi-column keys: `FOREIGN KEY (columns) REFERENCES table (columns)`. */
export interface ForeignKeyInput extends ForeignKeyOptions {
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
}

/** Table storage parameters (`fillfactor`, `autovacuum_*`, `toast.*`, …), as `ALTER TABLE … SET (…)` takes them. */
export type StorageInput = Readonly<Record<string, number | boolean | string>>;

/** The keys `defineTable` takes for these, checked like its other keys. */
export interface TableExtrasInput {
  readonly indexes?: readonly IndexInput[];
  readonly checks?: readonly CheckInput[];
  readonly foreignKeys?: readonly ForeignKeyInput[];
  readonly storage?: StorageInput;
  /** `COMMENT ON TABLE`; also the generated row type's doc comment. */
  readonly comment?: string;
}

/** Table storage parameters PostgreSQL 15 accepts; anything else is a codegen error (and the names can be printed unquoted). */
export const STORAGE_PARAMETERS: readonly string[] = [
  'fillfactor', 'toast_tuple_target', 'parallel_workers', 'user_catalog_table', 'vacuum_index_cleanup', 'vacuum_truncate', 'log_autovacuum_min_duration',
  'autovacuum_enabled', 'autovacuum_vacuum_threshold', 'autovacuum_vacuum_scale_factor', 'autovacuum_vacuum_insert_threshold', 'autovacuum_vacuum_insert_scale_factor',
  'autovacuum_analyze_threshold', 'autovacuum_analyze_scale_factor', 'autovacuum_vacuum_cost_delay', 'autovacuum_vacuum_cost_limit', 'autovacuum_freeze_min_age',
  'autovacuum_freeze_max_age', 'autovacuum_freeze_table_age', 'autovacuum_multixact_freeze_min_age', 'autovacuum_multixact_freeze_max_age', 'autovacuum_multixact_freeze_table_age',
  'toast.autovacuum_enabled', 'toast.autovacuum_vacuum_threshold', 'toast.autovacuum_vacuum_scale_factor', 'toast.autovacuum_vacuum_insert_threshold', 'toast.autovacuum_vacuum_insert_scale_factor',
  'toast.autovacuum_vacuum_cost_delay', 'toast.autovacuum_vacuum_cost_limit', 'toast.autovacuum_freeze_min_age', 'toast.autovacuum_freeze_max_age', 'toast.autovacuum_freeze_table_age',
  'toast.autovacuum_multixact_freeze_min_age', 'toast.autovacuum_multixact_freeze_max_age', 'toast.autovacuum_multixact_freeze_table_age', 'toast.log_autovacuum_min_duration',
  'toast.vacuum_index_cleanup', 'toast.vacuum_truncate',
];

/** Index storage parameters by method (PostgreSQL 15). */
export const INDEX_PARAMETERS: Readonly<Record<IndexMethod, readonly string[]>> = {
  btree: ['fillfactor', 'deduplicate_items'],
  hash: ['fillfactor'],
  gist: ['fillfactor', 'buffering'],
  spgist: ['fillfactor'],
  gin: ['fastupdate', 'gin_pending_list_limit'],
  brin: ['pages_per_range', 'autosummarize'],
};
