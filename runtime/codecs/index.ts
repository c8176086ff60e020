/**
 * One validator + COPY text encoder + COPY binary encoder per PostgreSQL type, and arrays
 * derived from any element codec. The type table (runtime/pg-types.ts) maps type names to
 * these factories.
 */
export { arrayCodec } from './array.ts';
export type { ArrayCodecOptions } from './array.ts';
export { bool } from './bool.ts';
export { bytea } from './bytea.ts';
export { arrayLiteralQuote, copyTextEscape } from './copy-text.ts';
export { date } from './date.ts';
export type { DateInput } from './date.ts';
export { enumCodec } from './enum.ts';
export { float4, float8 } from './floats.ts';
export { int2, int4, int8 } from './integers.ts';
export type { Int8Input } from './integers.ts';
export { interval } from './interval.ts';
export type { IntervalFields, IntervalInput, IntervalOutput } from './interval.ts';
export { JsonText, json, jsonb, jsonText } from './json.ts';
export type { JsonInput, JsonValue } from './json.ts';
export { cidr, inet } from './network.ts';
export { numeric } from './numeric.ts';
export type { NumericInput } from './numeric.ts';
export { bpchar, text, varchar } from './strings.ts';
export { timestamp, timestamptz } from './timestamp.ts';
export type { TimestampInput } from './timestamp.ts';
export { uuid } from './uuid.ts';
export { bit, varbit } from './bits.ts';
export type { BitInput } from './bits.ts';
export { box, circle, line, lseg, path, point, polygon } from './geometric.ts';
export type { BoxInput, CircleInput, GeoPoint, LineInput, LsegInput, PathInput, PointInput, PolygonInput } from './geometric.ts';
export { macaddr, macaddr8 } from './macaddr.ts';
export type { MacaddrInput } from './macaddr.ts';
export { money } from './money.ts';
export type { MoneyInput, MoneyOptions } from './money.ts';
export { char, name, oid, pgLsn } from './system.ts';
export type { CharInput, OidInput, PgLsnInput } from './system.ts';
export { jsonpath, xml } from './xml.ts';
export type { JsonpathInput, XmlInput } from './xml.ts';
export { tsquery, tsvector } from './text-search.ts';
export type { TsqueryInput, TsvectorInput } from './text-search.ts';
export { time, timetz } from './time.ts';
export type { TimeInput, TimetzInput } from './time.ts';
export {
  RANGE_SUBTYPES,
  datemultirange,
  daterange,
  int4multirange,
  int4range,
  int8multirange,
  int8range,
  multirangeCodec,
  nummultirange,
  numrange,
  rangeCodec,
  tsmultirange,
  tsrange,
  tstzmultirange,
  tstzrange,
} from './range.ts';
export type {
  DateRangeInput,
  Int4RangeInput,
  Int8RangeInput,
  MultirangeInput,
  NumRangeInput,
  PostgresRangeLike,
  RangeInput,
  RangeObject,
  RangeSubtype,
  TimestampRangeInput,
} from './range.ts';
export { raw } from './raw.ts';
export { citext, cube, ean13, hstore, isbn, isbn13, ismn, ismn13, issn, issn13, lquery, ltree, ltxtquery, seg, upc } from './contrib.ts';
export type { CitextInput, CubeInput, HstoreInput, HstoreOutput, IsnInput, LqueryInput, LtreeInput, SegInput } from './contrib.ts';
export { compositeCodec } from './composite.ts';
export type { CompositeField } from './composite.ts';
