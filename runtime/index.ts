/**
 * pgtwin's run-time library (`pgtwin/runtime`): what generated modules import.
 */
export * as codecs from './codecs/index.ts';
export type { Int8Input, NumericInput, DateInput, TimestampInput, IntervalInput, IntervalOutput, JsonValue, JsonInput } from './codecs/index.ts';
export { jsonText, JsonText } from './codecs/index.ts';
export { defineTable, typeOidOf, unnestParameters } from './table.ts';
export type { ColumnDefinition, TableDefinition, TableApi, CopyFormat, CopyRowsOptions, CopyIntoOptions, CopyProgress } from './table.ts';
export type { Queryable, PgQueryable, KyselyQueryable } from './queryable.ts';
export { PgTwinValueError } from './errors.ts';
export { CodecError } from './codec.ts';
export type { ColumnCodec, BinaryContext, TypeParams } from './codec.ts';
export { ByteWriter } from './byte-writer.ts';
