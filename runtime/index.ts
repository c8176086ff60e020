/**
 * pgtwin's run-time library (`@pgtwin/runtime`): what generated modules import.
 */
export * as codecs from './codecs/index.ts';
export type { Int8Input, NumericInput, DateInput, TimestampInput, IntervalInput, IntervalOutput, JsonValue, JsonInput } from './codecs/index.ts';
export type { CubeInput, HstoreInput } from './codecs/index.ts';
export type { BoxInput, CircleInput, GeoPoint, LineInput, LsegInput, MoneyInput, OidInput, PathInput, PgLsnInput, PointInput, PolygonInput } from './codecs/index.ts';
export { jsonText, JsonText } from './codecs/index.ts';
export type { TimeInput, TimetzInput, Int4RangeInput, Int8RangeInput, NumRangeInput, DateRangeInput, TimestampRangeInput, MultirangeInput, RangeInput, IntervalFields } from './codecs/index.ts';
export { defineTable } from './table.ts';
export { atomically } from './transaction.ts';
export { typeOidOf } from './row-encoders.ts';
export { bindMessageLength, MAX_MESSAGE_LENGTH, unnestParameters } from './unnest-parameters.ts';
export type { ApplyResult, BatchOptions, ColumnDefinition, CopyFormat, CopyIntoOptions, CopyMergeResult, CopyProgress, CopyRowsOptions, ExtraFields, TableApi, TableDefinition, TableStatements } from './table.ts';
export type { Queryable, PgQueryable, KyselyQueryable } from './queryable.ts';
export { PgTwinBatchTooLargeError, PgTwinError, PgTwinValueError } from './errors.ts';
export { CodecError } from './codec.ts';
export type { ColumnCodec, BinaryContext, TypeParams } from './codec.ts';
export { ByteWriter } from './byte-writer.ts';
export { copyIntoParallel, PgTwinParallelCopyError } from './parallel.ts';
export type { ParallelCopyOptions, ParallelCopyProgress, ParallelCopyResult, ParallelCopySource, ParallelCopyTarget, RowRange } from './parallel.ts';
export { copyTables, createBackfillPool, tableRows } from './backfill.ts';
export type { BackfillPoolConfig, CopyModule, TableRows } from './backfill.ts';
export { ensureRangePartitions, PgTwinPartitionSetupError, type EnsureRangePartitionsOptions, type EnsureRangePartitionsResult } from './partitions.ts';
export { partitionErrorFrom, PgTwinPartitionError, withPartitionErrors, type PartitionKey } from './partition-errors.ts';
export { timePeriods, type PartitionInterval, type TimePeriod } from './partition-periods.ts';
export { compareDecimal } from './decimal-text.ts';
