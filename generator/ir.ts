/**
 * The validated, frozen intermediate representation of a schema. Built only by
 * `validateSchema`; every later stage reads it and nothing else of the DSL.
 */
import type { TypeParams } from '@pgtwin/runtime/internal/codec';
import type { PgTypeName } from '@pgtwin/runtime/internal/pg-types';
import type { IntervalFields } from '@pgtwin/runtime/internal/codecs/interval';
import type { ForeignKeyOptionsIR, TableExtrasIR } from './table-extras.ts';

export interface EnumIR {
  readonly kind: 'enum';
  readonly name: string;
  readonly labels: readonly string[];
  /** Schema file that declares it, relative to the project root. */
  readonly file: string;
}

/** A domain declared in the schema (`domainType`): `CREATE DOMAIN` before the tables, after the enums. */
export interface DomainIR {
  readonly kind: 'domain';
  readonly name: string;
  /**
   * The base type: type, parameters (defaults filled), enum, composite, and whether it is an
   * array. Over another domain, `domainName` names it and the rest is that domain's resolved base.
   */
  readonly base: Pick<ColumnIR, 'type' | 'length' | 'precision' | 'scale' | 'fields' | 'rawType' | 'enumName' | 'labels' | 'compositeName' | 'isArray'> & { readonly domainName?: string };
  /** Named CHECK constraints (an unnamed one is `<domain>_check`), SQL with `VALUE`. */
  readonly checks: readonly { readonly name: string; readonly sql: string }[];
  readonly notNull: boolean;
  readonly defaultSql?: string;
  readonly file: string;
}

/** A composite type declared in the schema (`compositeType`): `CREATE TYPE … AS (…)` after the domains. */
export interface CompositeIR {
  readonly kind: 'composite';
  readonly name: string;
  /** Fields in attribute order, each typed as a nullable column. */
  readonly fields: readonly ColumnIR[];
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
  /** Type parameters, with the type's defaults filled in at validation (`char()` has length 1 here). */
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** For enum columns. */
  readonly enumName?: string;
  readonly labels?: readonly string[];
  /** For raw(type) columns: the type as spelled in SQL. */
  readonly rawType?: string;
  /** For raw(type) columns whose type's array delimiter (typdelim) is not `,`. */
  readonly rawDelimiter?: string;
  /**
   * For a column of a domain: its name, and whether the domain's base is an array (`type` and
   * the parameters above are the base's element; over another domain, the innermost base's, and
   * `baseIsArray` says whether any domain of the chain is over an array). `isArray` is then an
   * array of the domain (an array of arrays when `baseIsArray`: each element is one domain value).
   */
  readonly domain?: { readonly name: string; readonly baseIsArray: boolean };
  /** For a composite column (type `composite`): the composite type's name (its fields: SchemaIR.composites). */
  readonly compositeName?: string;
  /** interval's field restriction (`day to second`), when the schema gives one. */
  readonly fields?: IntervalFields;
  readonly isArray: boolean;
  /** Array dimensions when more than one (`.array(2)`); absent on scalars and one-dimensional arrays. */
  readonly arrayDimensions?: number;
  readonly nullable: boolean;
  /** DDL default as SQL text (literals already quoted) for an insertable column. */
  readonly defaultSql?: string;
  readonly fill: ColumnFillIR;
  readonly references?: { readonly table: string; readonly column: string; readonly options?: ForeignKeyOptionsIR };
  /** `COMMENT ON COLUMN`, also the row field's doc comment. */
  readonly comment?: string;
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
  /** Native partitioning; null: a plain table. */
  readonly partitioning: PartitioningIR | null;
  /** Citus distribution; null: not distributed. */
  readonly distribution: DistributionIR | null;
  /** TimescaleDB hypertable; null: not one. */
  readonly hypertable: HypertableIR | null;
  /** Generated names the schema pins (`defineTable({ names })`); the others are derived from `name`. */
  readonly names: { readonly export?: string; readonly file?: string };
  /** Indexes, checks, table foreign keys, storage, comment (absent on IR built by hand: read it with `extrasOf`). */
  readonly extras?: TableExtrasIR;
}

/**
 * One value of a partition bound. `value.text` is the canonical literal text for the
 * column's type (`2024-01-01T00:00:00.000000Z`, `42`, a label), printed later as a quoted
 * literal with a cast.
 */
export type BoundValueIR =
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'minvalue' }
  | { readonly kind: 'maxvalue' }
  | { readonly kind: 'null' };

export type PartitionBoundIR =
  | { readonly kind: 'range'; readonly from: readonly BoundValueIR[]; readonly to: readonly BoundValueIR[] }
  | { readonly kind: 'list'; readonly values: readonly BoundValueIR[] }
  | { readonly kind: 'hash'; readonly modulus: number; readonly remainder: number };

export interface PartitionIR {
  readonly kind: 'partition';
  readonly name: string;
  readonly bound: PartitionBoundIR;
}

export interface PartitioningIR {
  readonly kind: 'range' | 'list' | 'hash';
  readonly columns: readonly string[];
  /** In declaration order. */
  readonly partitions: readonly PartitionIR[];
  readonly defaultPartition: string | null;
}

/** Citus: hash-distributed by `column`, or a reference table (a copy on every node). */
export type DistributionIR =
  | { readonly kind: 'hash'; readonly column: string; readonly colocateWith: string | null }
  | { readonly kind: 'reference' };

export interface HypertableIR {
  readonly timeColumn: string;
  /** `'1 month'` for time columns, a decimal integer for integer columns. */
  readonly chunkInterval: string;
  readonly intervalIsInteger: boolean;
  /** Columnstore segmentby columns; empty: TimescaleDB's default. */
  readonly segmentBy: readonly string[];
  /** Columnstore orderby; empty: TimescaleDB's default. */
  readonly orderBy: readonly { readonly column: string; readonly desc: boolean }[];
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
  /** Sorted by name (absent: none). */
  readonly domains?: readonly DomainIR[];
  /** In dependency order (a composite after those its fields use), then by name (absent: none). */
  readonly composites?: readonly CompositeIR[];
  /** Sorted by name. */
  readonly tables: readonly TableIR[];
}

/** A column's type parameters as the type table's functions take them (sql, codec, tsInput). */
export function typeParamsOf(c: ColumnIR): TypeParams {
  return {
    ...(c.length !== undefined && { length: c.length }),
    ...(c.precision !== undefined && { precision: c.precision }),
    ...(c.scale !== undefined && { scale: c.scale }),
    ...(c.fields !== undefined && { fields: c.fields }),
    ...(c.enumName !== undefined && { enumName: c.enumName, labels: c.labels ?? [] }),
    ...(c.rawType !== undefined && { rawType: c.rawType }),
    ...(c.compositeName !== undefined && { compositeName: c.compositeName }),
  };
}

/** Array dimensions of a column: 0 for a scalar. */
export function arrayDimensionsOf(c: Pick<ColumnIR, 'isArray' | 'arrayDimensions'>): number {
  return c.isArray ? (c.arrayDimensions ?? 1) : 0;
}
