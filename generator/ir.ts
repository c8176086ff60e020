/**
 * The validated, frozen intermediate representation of a schema. Built only by
 * `validateSchema`; every later stage reads it and nothing else of the DSL.
 */
import type { PgTypeName } from '../runtime/pg-types.ts';

export interface EnumIR {
  readonly kind: 'enum';
  readonly name: string;
  readonly labels: readonly string[];
  /** Schema file that declares it, relative to the project root. */
  readonly file: string;
}

/** How a column gets its value. `insert`: both insert paths send it; the others are filled by the database. */
export type ColumnFillIR =
  | { readonly kind: 'insert' }
  | { readonly kind: 'default'; readonly sql: string }
  | { readonly kind: 'identity'; readonly mode: 'always' | 'byDefault' }
  | { readonly kind: 'generated'; readonly sql: string };

export interface ColumnIR {
  readonly kind: 'column';
  /** SQL name. */
  readonly name: string;
  /** TypeScript field name. */
  readonly field: string;
  readonly type: PgTypeName;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** For enum columns. */
  readonly enumName?: string;
  readonly labels?: readonly string[];
  readonly isArray: boolean;
  readonly nullable: boolean;
  /** DDL default as SQL text (literals already quoted) for an insertable column. */
  readonly defaultSql?: string;
  readonly fill: ColumnFillIR;
  readonly references?: { readonly table: string; readonly column: string };
}

export interface TableIR {
  readonly kind: 'table';
  readonly name: string;
  readonly file: string;
  /** In declaration order. */
  readonly columns: readonly ColumnIR[];
  readonly primaryKey: readonly string[];
  readonly unique: readonly (readonly string[])[];
  /** null: plain insert, no ON CONFLICT clause. */
  readonly conflictTarget: readonly string[] | null;
  readonly upsert: UpsertIR | null;
  /** Columns `batchDelete` deletes by; null: no batchDelete. */
  readonly deleteKey: readonly string[] | null;
}

export interface UpsertIR {
  readonly target: readonly string[];
  /** `SET "c" = <sql>`, in column declaration order. */
  readonly set: readonly { readonly column: string; readonly sql: string }[];
  readonly where: string | null;
  readonly duplicates: 'reject' | 'lastWins';
}

export interface SchemaIR {
  readonly kind: 'schema';
  /** Sorted by name. */
  readonly enums: readonly EnumIR[];
  /** Sorted by name. */
  readonly tables: readonly TableIR[];
}
