/**
 * pgtwin's run-time library (`@pgtwin/runtime`): what generated modules import.
 */
export * as codecs from './codecs/index.ts';
export type { Int8Input, NumericInput, DateInput, TimestampInput, IntervalInput, IntervalOutput, JsonValue, JsonInput } from './codecs/index.ts';
export { jsonText, JsonText } from './codecs/index.ts';
export { atomically, bindMessageLength, defineTable, MAX_MESSAGE_LENGTH, typeOidOf, unnestParameters } from './table.ts';
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
export { compareDecimal, ensureRangePartitions, partitionErrorFrom, PgTwinPartitionError, PgTwinPartitionSetupError, timePeriods, withPartitionErrors, type EnsureRangePartitionsOptions, type EnsureRangePartitionsResult, type PartitionInterval, type PartitionKey, type TimePeriod } from './partitions.ts';
