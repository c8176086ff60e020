/** interval. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { fraction } from './calendar.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { checkPrecision, roundMicros, roundMicrosBig } from './precision.ts';

/**
 * What an `interval` column accepts: PostgreSQL's three fields (integers: int32 months and
 * days, int64 microseconds; missing ones are 0); node-postgres's interval object
 * (postgres-interval: years, months, days, hours, minutes, seconds, milliseconds); or a
 * string: PostgreSQL's output in every IntervalStyle ("1 year 2 mons -3 days +04:05:06.789",
 * "@ 1 year 2 mons ago", "+1-2 -3 +4:05:06.789", "P1Y2M-3DT4H5M6.789S") and ISO 8601
 * durations (parts may be negative; a leading "-" negates all).
 */
export type IntervalInput = { months?: number; days?: number; microseconds?: bigint | number } | IntervalOutput | string;

/** What node-postgres returns for an interval (a postgres-interval object). */
export interface IntervalOutput {
  years?: number;
  months?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  toPostgres?(): string;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Parsed value in module scratch state. `micros` is a number when it is a safe integer (the
// common case, no bigint arithmetic), else `microsBig` holds it.
let months = 0;
let days = 0;
let micros = 0;
let microsBig: bigint | undefined;

function checkInt32(v: unknown, field: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
    throw new CodecError(`interval ${field} must be an int32 integer, got ${describeValue(v)}`);
  }
  return v;
}

function setMicros(v: bigint): void {
  if (v < INT64_MIN || v > INT64_MAX) {
    throw new CodecError(`interval microseconds ${v} out of range (must be within -2^63 .. 2^63 - 1)`);
  }
  if (v >= -9007199254740991n && v <= 9007199254740991n) {
    micros = Number(v);
    microsBig = undefined;
  } else {
    micros = 0;
    microsBig = v;
  }
}

/** node-postgres's interval fields (postgres-interval), and what each is worth in microseconds. */
const PG_INTERVAL_TIME_KEYS = { hours: 3600000000n, minutes: 60000000n, seconds: 1000000n } as const;

function parseObject(v: Record<string, unknown>): void {
  let threeFields = true;
  let pgFields = true;
  // Own keys: a PostgresInterval's prototype has enumerable methods (toPostgres, toISO).
  for (const k of Object.keys(v)) {
    if (k !== 'months' && k !== 'days' && k !== 'microseconds') threeFields = false;
    if (k !== 'years' && k !== 'months' && k !== 'days' && k !== 'hours' && k !== 'minutes' && k !== 'seconds' && k !== 'milliseconds') {
      pgFields = false;
    }
    if (!threeFields && !pgFields) {
      throw new CodecError(
        `interval object has an unknown key "${k}"; expected { months, days, microseconds } or node-postgres's { years, months, days, hours, minutes, seconds, milliseconds }`,
      );
    }
  }
  if (!threeFields) {
    parsePgFields(v);
    return;
  }
  months = checkInt32(v.months, 'months');
  days = checkInt32(v.days, 'days');
  const us = v.microseconds;
  if (us === undefined) {
    micros = 0;
    microsBig = undefined;
  } else if (typeof us === 'number') {
    if (!Number.isSafeInteger(us)) {
      throw new CodecError(`interval microseconds must be a safe integer number or a bigint, got ${describeValue(us)}`);
    }
    micros = us;
    microsBig = undefined;
  } else if (typeof us === 'bigint') {
    setMicros(us);
  } else {
    throw new CodecError(`interval microseconds must be a safe integer number or a bigint, got ${describeValue(us)}`);
  }
}

function integerField(v: Record<string, unknown>, key: string): bigint {
  const x = v[key];
  if (x === undefined) return 0n;
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) throw new CodecError(`interval ${key} must be an integer, got ${describeValue(x)}`);
  return BigInt(x);
}

/**
 * node-postgres's interval object (postgres-interval parses PostgreSQL's default output into
 * these fields; `milliseconds` carries the microseconds as a fraction, e.g. 775.808).
 */
function parsePgFields(v: Record<string, unknown>): void {
  const m = integerField(v, 'years') * 12n + integerField(v, 'months');
  const d = integerField(v, 'days');
  let us = 0n;
  for (const k of ['hours', 'minutes', 'seconds'] as const) us += integerField(v, k) * PG_INTERVAL_TIME_KEYS[k];
  const ms = v.milliseconds;
  if (ms !== undefined) {
    const scaled = typeof ms === 'number' ? Math.round(ms * 1000) : Number.NaN;
    // At most microsecond precision: 775.808 ms is 775808 us (the product has float noise only).
    if (!Number.isSafeInteger(scaled) || Math.abs(scaled - (ms as number) * 1000) > 1e-6 * Math.max(1, Math.abs(scaled))) {
      throw new CodecError(`interval milliseconds must be a number of whole microseconds, got ${describeValue(ms)}`);
    }
    us += BigInt(scaled);
  }
  setFields(m, d, us, v);
}

/** Range checks shared by every form; stores the fields. */
function setFields(m: bigint, d: bigint, us: bigint, v: unknown): void {
  if (m < -2147483648n || m > 2147483647n) throw new CodecError(`${describeValue(v)}: months out of range for interval`);
  if (d < -2147483648n || d > 2147483647n) throw new CodecError(`${describeValue(v)}: days out of range for interval`);
  if (us < INT64_MIN || us > INT64_MAX) throw new CodecError(`${describeValue(v)}: time out of range for interval`);
  months = Number(m);
  days = Number(d);
  setMicros(us);
}

/**
 * Units of PostgreSQL's interval input (the postgres and postgres_verbose styles print the
 * plural ones): months, days, or microseconds per unit. Only the time units below a minute
 * take a fraction here (PostgreSQL's fractional days or hours go through floating point).
 */
interface Unit {
  months?: bigint;
  days?: bigint;
  micros?: bigint;
  fraction?: number;
  /** The field it fills (DecodeInterval refuses a field given twice). */
  field: number;
}
const UNITS: Record<string, Unit> = {};
function unit(names: string[], u: Unit): void {
  for (const n of names) UNITS[n] = u;
}
// Fields as DecodeInterval tracks them: a second value for a field is a syntax error.
const F_YEAR = 1;
const F_MONTH = 2;
const F_DAY = 4;
const F_WEEK = 8;
const F_HOUR = 16;
const F_MINUTE = 32;
const F_SECOND = 64;
const F_MILLISECOND = 128;
const F_MICROSECOND = 256;
const F_DECADE = 512;
const F_CENTURY = 1024;
const F_MILLENNIUM = 2048;
/** Seconds with a fraction fill the sub-second fields too; a time "H:MM:SS" fills all the time fields. */
const F_ALL_SECONDS = F_SECOND | F_MILLISECOND | F_MICROSECOND;
const F_TIME = F_HOUR | F_MINUTE | F_ALL_SECONDS;
unit(['microsecond', 'microseconds', 'usec', 'usecs', 'us', 'microsecon'], { micros: 1n, fraction: 0, field: F_MICROSECOND });
unit(['millisecond', 'milliseconds', 'msec', 'msecs', 'ms', 'millisecon'], { micros: 1000n, fraction: 3, field: F_MILLISECOND });
unit(['second', 'seconds', 'sec', 'secs', 's'], { micros: 1000000n, fraction: 6, field: F_SECOND });
unit(['minute', 'minutes', 'min', 'mins', 'm'], { micros: 60000000n, field: F_MINUTE });
unit(['hour', 'hours', 'hr', 'hrs', 'h'], { micros: 3600000000n, field: F_HOUR });
unit(['day', 'days', 'd'], { days: 1n, field: F_DAY });
unit(['week', 'weeks', 'w'], { days: 7n, field: F_WEEK });
unit(['month', 'months', 'mon', 'mons'], { months: 1n, field: F_MONTH });
unit(['year', 'years', 'yr', 'yrs', 'y'], { months: 12n, field: F_YEAR });
unit(['decade', 'decades', 'dec', 'decs'], { months: 120n, field: F_DECADE });
unit(['century', 'centuries', 'cent', 'c'], { months: 1200n, field: F_CENTURY });
unit(['millennium', 'millennia', 'millenniums', 'mil', 'mils'], { months: 12000n, field: F_MILLENNIUM });

const TIME_TOKEN = /^([+-])?(\d+):(\d+)(?::(\d+)(?:\.(\d*))?)?$/;
const YEAR_MONTH_TOKEN = /^([+-])?(\d+)-(\d+)$/;
const NUMBER_TOKEN = /^([+-])?(\d+)(?:\.(\d*))?$/;

/**
 * Set while a column with a field restriction parses text, as interval_in reads it with the
 * column's typmod (COPY, a literal): a number without a unit at the end is in the restriction's
 * rightmost unit ('1 day 5' is 5 hours for `interval day to hour`), and `minute to second`
 * reads "M:SS" as minutes and seconds.
 */
let trailingUnit: Unit | undefined;
let minutesSeconds = false;

function textError(s: string, why: string): CodecError {
  return new CodecError(`${describeValue(s)} is not an interval (${why})`);
}

/** Microseconds of `digits` after the point, for a unit worth `per` us, when exact within `maxDigits`. */
function fractionMicros(s: string, digits: string, per: bigint, maxDigits: number): bigint {
  if (digits === '' || /^0*$/.test(digits)) return 0n;
  if (digits.replace(/0+$/, '').length > maxDigits) {
    throw textError(s, maxDigits === 0 ? 'this unit takes no fraction here' : 'more than microsecond precision');
  }
  return (BigInt(digits.padEnd(maxDigits, '0').slice(0, maxDigits)) * per) / 10n ** BigInt(maxDigits);
}

/**
 * PostgreSQL's interval text in the postgres, postgres_verbose and sql_standard styles (the
 * server prints these; iso_8601 goes to parseIso). As in DecodeInterval: fields add up, "ago"
 * negates all, and a leading "-" on a text without unit words or other signs (sql_standard's
 * "-1 2:03:04") applies to every field.
 */
function parseText(s: string): void {
  const tokens = s.trim().split(/\s+/);
  if (tokens[0] === '@') tokens.shift();
  let ago = false;
  if (tokens.length > 0 && tokens[tokens.length - 1]?.toLowerCase() === 'ago') {
    ago = true;
    tokens.pop();
  }
  if (tokens.length === 0 || tokens[0] === '') throw textError(s, 'no fields');
  const hasUnits = tokens.some((t) => /[a-z]/i.test(t));
  const spread = !hasUnits && (tokens[0] as string).startsWith('-') && !tokens.slice(1).some((t) => t.startsWith('-') || t.startsWith('+'));
  let m = 0n;
  let d = 0n;
  let us = 0n;
  const signOf = (sign: string | undefined): bigint => (sign === '-' || (spread && sign === undefined) ? -1n : 1n);
  let filled = 0;
  const fill = (t: string, field: number): void => {
    if ((filled & field) !== 0) throw textError(s, `"${t}" gives a field that is already given`);
    filled |= field;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    let match = TIME_TOKEN.exec(t);
    if (match !== null) {
      fill(t, F_TIME);
      const mmss = minutesSeconds && match[4] === undefined;
      const h = mmss ? 0n : BigInt(match[2] as string);
      const mi = BigInt((mmss ? match[2] : match[3]) as string);
      const sec = mmss ? BigInt(match[3] as string) : match[4] === undefined ? 0n : BigInt(match[4]);
      if (mi > 59n || sec > 59n) throw textError(s, `${t}: minutes and seconds must be below 60`);
      const frac = fractionMicros(s, match[5] ?? '', 1000000n, 6);
      us += signOf(match[1]) * (h * 3600000000n + mi * 60000000n + sec * 1000000n + frac);
      continue;
    }
    match = YEAR_MONTH_TOKEN.exec(t);
    if (match !== null) {
      const mo = BigInt(match[3] as string);
      if (mo > 11n) throw textError(s, `${t}: months of a year-month field must be below 12`);
      fill(t, F_MONTH);
      m += signOf(match[1]) * (BigInt(match[2] as string) * 12n + mo);
      continue;
    }
    match = NUMBER_TOKEN.exec(t);
    if (match === null) throw textError(s, `cannot read "${t}"`);
    const sign = signOf(match[1]);
    const whole = BigInt(match[2] as string);
    const fracDigits = match[3] ?? '';
    const next = tokens[i + 1];
    const u = next === undefined ? trailingUnit : UNITS[next.toLowerCase()];
    const fractional = /[1-9]/.test(fracDigits);
    if (u !== undefined) {
      if (next !== undefined) i++;
      fill(next === undefined ? t : `${t} ${next}`, u.field === F_SECOND && fractional ? F_ALL_SECONDS : u.field);
      if (u.months !== undefined || u.days !== undefined) {
        if (!/^0*$/.test(fracDigits)) throw textError(s, `fractional ${next} are not supported (PostgreSQL spreads them over smaller units)`);
        if (u.months !== undefined) m += sign * whole * u.months;
        else d += sign * whole * (u.days as bigint);
      } else {
        const per = u.micros as bigint;
        const frac = fractionMicros(s, fracDigits, per, u.fraction ?? 0);
        us += sign * (whole * per + frac);
      }
    } else if (next !== undefined && TIME_TOKEN.test(next)) {
      // sql_standard "D H:MM:SS": a number before a time is days.
      if (!/^0*$/.test(fracDigits)) throw textError(s, `"${t}" before a time must be whole days`);
      fill(t, F_DAY);
      d += sign * whole;
    } else if (next === undefined) {
      // A number alone is seconds, as PostgreSQL reads "0" or "5" (but not "5 ago").
      if (ago) throw textError(s, `"${t}" has no unit`);
      fill(t, fractional ? F_ALL_SECONDS : F_SECOND);
      us += sign * (whole * 1000000n + fractionMicros(s, fracDigits, 1000000n, 6));
    } else if (/[a-z]/i.test(next)) {
      throw textError(s, `unknown unit "${next}"`);
    } else {
      throw textError(s, `"${t}" has no unit`);
    }
  }
  if (ago) {
    m = -m;
    d = -d;
    us = -us;
  }
  setFields(m, d, us, s);
}

function syntaxError(s: string): CodecError {
  return new CodecError(`${describeValue(s)} is not an ISO 8601 duration (expected like "P1Y2M3DT4H5M6.5S")`);
}

/** ISO 8601 when it starts with P or -P, else PostgreSQL's other output styles. */
function parseString(s: string): void {
  const c = s.charCodeAt(0) === 45 ? s.charCodeAt(1) : s.charCodeAt(0);
  if (c === 80) parseIso(s);
  else parseText(s);
}

/** Parses "P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]" with bigint arithmetic (strings are the slow path). */
function parseIso(s: string): void {
  const n = s.length;
  let i = 0;
  let sign = 1n;
  if (s.charCodeAt(0) === 45) {
    sign = -1n;
    i = 1;
  }
  if (s.charCodeAt(i) !== 80) throw syntaxError(s);
  i++;
  let m = 0n;
  let d = 0n;
  let us = 0n;
  let inTime = false;
  let seen = 0;
  // Designators in their required order; each at most once.
  const dateOrder = 'YMWD';
  const timeOrder = 'HMS';
  let lastIndex = -1;
  while (i < n) {
    if (s.charCodeAt(i) === 84) {
      if (inTime || i + 1 === n) throw syntaxError(s);
      inTime = true;
      lastIndex = -1;
      i++;
      continue;
    }
    const start = i;
    if (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43) i++;
    const digitsFrom = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === digitsFrom) throw syntaxError(s);
    let value = BigInt(s.slice(start, i));
    let fractionDigits = '';
    if (i < n && s.charCodeAt(i) === 46) {
      const from = ++i;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      fractionDigits = s.slice(from, i);
      if (fractionDigits.length === 0) throw syntaxError(s);
    }
    if (i === n) throw syntaxError(s);
    const unit = s[i++] as string;
    const order = inTime ? timeOrder : dateOrder;
    const index = order.indexOf(unit);
    if (index <= lastIndex) throw syntaxError(s);
    lastIndex = index;
    seen++;
    if (fractionDigits !== '' && !(inTime && unit === 'S')) {
      throw new CodecError(`${describeValue(s)}: only seconds may have a fraction`);
    }
    if (!inTime) {
      if (unit === 'Y') m += value * 12n;
      else if (unit === 'M') m += value;
      else if (unit === 'W') d += value * 7n;
      else d += value;
    } else if (unit === 'H') us += value * 3600000000n;
    else if (unit === 'M') us += value * 60000000n;
    else {
      if (fractionDigits.length > 6) throw new CodecError(`${describeValue(s)} has more than 6 fractional second digits`);
      let frac = fractionDigits === '' ? 0n : BigInt(fractionDigits.padEnd(6, '0'));
      if (s.charCodeAt(start) === 45) frac = -frac;
      value = value * 1000000n + frac;
      us += value;
    }
  }
  if (seen === 0) throw syntaxError(s);
  m *= sign;
  d *= sign;
  us *= sign;
  setFields(m, d, us, s);
}

/**
 * Plain objects and node-postgres's PostgresInterval (its prototype has toPostgres); other
 * objects (a Date, an array, a class instance) would be misread as all zeros.
 */
function isIntervalObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as { toPostgres?: unknown } | null;
  return proto === Object.prototype || proto === null || (typeof proto.toPostgres === 'function' && !Array.isArray(v));
}

function parse(v: unknown): void {
  if (typeof v === 'string') parseString(v);
  else if (typeof v === 'object' && v !== null && isIntervalObject(v)) parseObject(v as Record<string, unknown>);
  else throw new CodecError(typeMismatch('{ months, days, microseconds }, a node-postgres interval or an interval string', v));
}

function signed(n: number): string {
  return n < 0 ? String(n) : `+${n}`;
}

/** Time part "±H:MM:SS[.ffffff]" of the microseconds (hours unbounded, as the server reads them). */
function formatTime(): string {
  // PostgreSQL 15 cannot read its own "-2562047788:00:54.775808" back; units it can.
  if (microsBig === INT64_MIN) return '-2562047788 hours -54.775808 secs';
  let sign = '+';
  let hours: string;
  let rest: number; // microseconds below one hour, < 3.6e9: exact as a number
  if (microsBig === undefined) {
    let a = micros;
    if (a < 0) {
      sign = '-';
      a = -a;
    }
    const h = Math.floor(a / 3600000000);
    hours = String(h);
    rest = a - h * 3600000000;
  } else {
    let a = microsBig;
    if (a < 0n) {
      sign = '-';
      a = -a;
    }
    hours = String(a / 3600000000n);
    rest = Number(a % 3600000000n);
  }
  const minutes = Math.floor(rest / 60000000);
  rest -= minutes * 60000000;
  const secs = Math.floor(rest / 1000000);
  const us = rest - secs * 1000000;
  let out = `${sign}${hours}:${minutes < 10 ? '0' : ''}${minutes}:${secs < 10 ? '0' : ''}${secs}`;
  if (us !== 0) out += fraction(us);
  return out;
}

/** An interval column's field restriction, as in `interval day to second`. */
export type IntervalFields =
  | 'year'
  | 'month'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'year to month'
  | 'day to hour'
  | 'day to minute'
  | 'day to second'
  | 'hour to minute'
  | 'hour to second'
  | 'minute to second';

/** What AdjustIntervalForTypmod keeps of each field restriction: months to whole years, time zeroed or truncated (toward zero) to a unit. */
const FIELD_RULES: Record<IntervalFields, { years?: true; clearTime?: true; clearDays?: true; timeUnit?: number }> = {
  year: { years: true, clearDays: true, clearTime: true },
  month: { clearDays: true, clearTime: true },
  'year to month': { clearDays: true, clearTime: true },
  day: { clearTime: true },
  hour: { timeUnit: 3_600_000_000 },
  minute: { timeUnit: 60_000_000 },
  second: {},
  'day to hour': { timeUnit: 3_600_000_000 },
  'day to minute': { timeUnit: 60_000_000 },
  'day to second': {},
  'hour to minute': { timeUnit: 60_000_000 },
  'hour to second': {},
  'minute to second': {},
};

/** What AdjustIntervalForTypmod does to the parsed value under a field restriction. */
function restrict(rule: (typeof FIELD_RULES)[IntervalFields]): void {
  if (rule.years) months = Math.trunc(months / 12) * 12;
  if (rule.clearDays) days = 0;
  if (rule.clearTime) setMicros(0n);
  else if (rule.timeUnit !== undefined) {
    const unit = BigInt(rule.timeUnit);
    setMicros(((microsBig ?? BigInt(micros)) / unit) * unit);
  }
}

/** Months, days and microseconds in the form the error messages use. */
function describeParts([m, d, us]: readonly [number, number, bigint]): string {
  const saved = [months, days, micros, microsBig] as const;
  months = m;
  days = d;
  setMicros(us);
  const out = `${signed(months)} mons ${signed(days)} days ${formatTime()}`;
  [months, days, micros, microsBig] = saved;
  return out;
}

/**
 * interval(p) and `interval <fields>(p)`: p fractional second digits kept (0..6, default 6);
 * `fields` restricts it as in SQL (`{ fields: 'day to second' }`). The server would round and
 * truncate on every path too (interval_in, interval_recv and the UNNEST cast apply the typmod);
 * doing it here, as AdjustIntervalForTypmod does (rounding half away from zero, truncating
 * toward zero), makes our bytes and keys the stored ones.
 */
export function interval(p: TypeParams & { readonly fields?: IntervalFields } = {}): ColumnCodec {
  const precision = checkPrecision('interval', p.precision);
  const fields = p.fields;
  const rule = fields === undefined ? undefined : FIELD_RULES[fields];
  if (fields !== undefined && rule === undefined) throw new CodecError(`interval fields must be one of ${Object.keys(FIELD_RULES).join(', ')}; got ${describeValue(fields)}`);
  if (fields !== undefined && precision !== undefined && !fields.endsWith('second')) throw new CodecError(`interval ${fields}(${precision}): only a restriction ending in second takes a precision`);
  const parseRounded =
    precision === undefined && rule === undefined
      ? parse
      : (v: unknown): void => {
          if (rule !== undefined && typeof v === 'string') {
            // The server reads such text two ways. COPY and a SQL literal apply the column's
            // restriction while reading (DecodeInterval): a trailing number without a unit is in the
            // restriction's rightmost unit ('3' is 3 minutes for `interval minute`), and `minute to
            // second` reads "M:SS". A query parameter (Kysely, pool.query) is read without it and
            // truncated afterwards ('3' is 3 seconds, stored as 0 minutes). Where the two differ,
            // pgtwin would store another row than one of them, so it refuses the text.
            parse(v);
            restrict(rule);
            const asParameter = [months, days, microsBig ?? BigInt(micros)] as const;
            trailingUnit = UNITS[`${fields?.split(' ').pop() ?? ''}s`];
            minutesSeconds = fields === 'minute to second';
            try {
              parse(v);
            } finally {
              trailingUnit = undefined;
              minutesSeconds = false;
            }
            restrict(rule);
            if (asParameter[0] !== months || asParameter[1] !== days || asParameter[2] !== (microsBig ?? BigInt(micros))) {
              throw new CodecError(
                `${describeValue(v)} is ambiguous for interval ${fields}: COPY and a SQL literal read it as ${JSON.stringify(`${signed(months)} mons ${signed(days)} days ${formatTime()}`)}, a query parameter as ${JSON.stringify(describeParts(asParameter))}; write every unit (as '3 minutes' or '00:03:00')`,
              );
            }
          } else {
            parse(v);
            if (rule !== undefined) restrict(rule);
          }
          if (precision !== undefined) {
            if (microsBig === undefined) micros = roundMicros(micros, precision);
            else setMicros(roundMicrosBig(microsBig, precision));
          }
        };
  return {
    textIsCopySafe: true,
    toText(v) {
      parseRounded(v);
      // Every field carries an explicit sign: with IntervalStyle=sql_standard a leading "-"
      // would otherwise apply to all the fields that follow.
      return `${signed(months)} mons ${signed(days)} days ${formatTime()}`;
    },
    writeBinary(w: ByteWriter, v: unknown) {
      parseRounded(v);
      if (microsBig === undefined) w.i64n(micros);
      else w.i64(microsBig);
      w.i32(days);
      w.i32(months);
    },
    // PostgreSQL compares intervals as one span: a month is 30 days, a day 24 hours.
    writeKey(w: ByteWriter, v: unknown) {
      parseRounded(v);
      const span = (BigInt(months) * 30n + BigInt(days)) * 86_400_000_000n + (microsBig ?? BigInt(micros));
      w.utf8(span.toString());
    },
  };
}
