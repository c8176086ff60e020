/**
 * Time-range partition periods: shared by the schema DSL (declared partitions) and
 * `ensureRangePartitions`, so both name partitions the same way. Pure: no connection.
 */
import { parseTimestampText, utcMillis, utcTime } from './timestamp-text.ts';

export type PartitionInterval = 'day' | 'week' | 'month' | 'year';

/** One period of a time-range partitioning: `[from, to)` in UTC, and its partition name suffix. */
export interface TimePeriod {
  readonly from: Date;
  readonly to: Date;
  /** `2024` (year), `2024_01` (month), `2024_01_15` (day; week: its Monday). */
  readonly suffix: string;
}

const MAX_PERIODS = 10_000;

function startOf(d: Date, interval: PartitionInterval): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (interval) {
    case 'year':
      return new Date(utcTime(y, 0, 1));
    case 'month':
      return new Date(utcTime(y, m, 1));
    case 'day':
      return new Date(utcTime(y, m, day));
    case 'week': {
      const monday = (d.getUTCDay() + 6) % 7;
      return new Date(utcTime(y, m, day - monday));
    }
  }
}

function next(d: Date, interval: PartitionInterval): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (interval) {
    case 'year':
      return new Date(utcTime(y + 1, 0, 1));
    case 'month':
      return new Date(utcTime(y, m + 1, 1));
    case 'day':
      return new Date(utcTime(y, m, day + 1));
    case 'week':
      return new Date(utcTime(y, m, day + 7));
  }
}

/**
 * A Date from a Date or a string. A string without an offset is UTC (as everywhere in
 * pgtwin), never the machine's local time: `new Date('2024-01-31T22:00:00')` would be local,
 * and the generated partitions would then depend on the machine that ran codegen.
 */
function toDate(v: Date | string, what: string): Date {
  let d: Date;
  if (v instanceof Date) d = v;
  else {
    const t = parseTimestampText(v);
    d = t && t.yearDigits === 4 && t.offsetSeconds === undefined ? new Date(utcMillis(t, true)) : new Date(v);
  }
  if (Number.isNaN(d.getTime())) throw new RangeError(`pgtwin: ${what} ${String(v)} is not a date`);
  return d;
}

/**
 * The whole periods (UTC) that cover `[from, to)`: `from` is rounded down to the start of
 * its period and `to` up. Shared by the schema DSL (declared partitions) and
 * `ensureRangePartitions`, so both name partitions the same way.
 */
export function timePeriods(options: { readonly from: Date | string; readonly to: Date | string; readonly interval: PartitionInterval }): TimePeriod[] {
  const { interval } = options;
  if (!['day', 'week', 'month', 'year'].includes(interval)) throw new RangeError(`pgtwin: interval must be 'day', 'week', 'month' or 'year', not ${String(interval)}`);
  const from = toDate(options.from, 'from');
  const to = toDate(options.to, 'to');
  const out: TimePeriod[] = [];
  for (let start = startOf(from, interval); start < to; start = next(start, interval)) {
    if (out.length >= MAX_PERIODS) throw new RangeError(`pgtwin: more than ${MAX_PERIODS} ${interval} periods from ${from.toISOString()} to ${to.toISOString()}`);
    const iso = start.toISOString();
    const suffix = interval === 'year' ? iso.slice(0, 4) : interval === 'month' ? `${iso.slice(0, 4)}_${iso.slice(5, 7)}` : `${iso.slice(0, 4)}_${iso.slice(5, 7)}_${iso.slice(8, 10)}`;
    out.push({ from: start, to: next(start, interval), suffix });
  }
  return out;
}
