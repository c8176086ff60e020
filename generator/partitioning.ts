/**
 * Stage 2, continued: validation of `partitionBy`, `distributeBy` and `hypertable`. The rules
 * are the ones PostgreSQL, Citus and TimescaleDB enforce at run time (or silently break on),
 * checked at codegen: partition and distribution columns in every key and conflict target,
 * never updated by an upsert; bounds that parse for the column's type and do not overlap.
 */
import { isRangeLimit, type PartitionBoundValue, type RangeLimit, type TableDef } from '../schema-dsl/index.ts';
import { PG_TYPE_NAMES, typeSpec, type PgTypeName } from '@pgtwin/runtime/internal/pg-types';
import { CodecError } from '@pgtwin/runtime/internal/codec';
import { compareDecimal, decimalParts } from '@pgtwin/runtime/internal/decimal-text';
import { exceedsIdentifierLimit, MAX_IDENTIFIER_BYTES } from '@pgtwin/runtime/internal/pg-names';
import { isDateOnlyText } from '@pgtwin/runtime/internal/timestamp-text';
import { typeParamsOf, type BoundValueIR, type ColumnIR, type DistributionIR, type HypertableIR, type PartitionIR, type PartitioningIR } from './ir.ts';

interface Issue {
  readonly file: string;
  readonly table?: string;
  readonly column?: string;
  readonly message: string;
}

const isInteger = (c: ColumnIR) => typeSpec(c.type).boundOrder === 'integer';

/** The types whose bounds of this partitioning kind pgtwin reads (the type table's `partitionBound`). */
function boundTypes(kind: 'range' | 'list'): PgTypeName[] {
  return PG_TYPE_NAMES.filter((t) => typeSpec(t).partitionBound === 'range' || (kind === 'list' && typeSpec(t).partitionBound === 'list'));
}

function listWords(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
/** What `INTERVAL '…'` accepts here: `1 month`, `7 days`, `12 hours`. */
const INTERVAL_TEXT = /^[1-9][0-9]{0,8} (microsecond|millisecond|second|minute|hour|day|week|month|year)s?$/;

export interface ScalingIR {
  readonly partitioning: PartitioningIR | null;
  readonly distribution: DistributionIR | null;
  readonly hypertable: HypertableIR | null;
}

/** A bound value as the canonical text of its type, or an error message. */
function parseBound(c: ColumnIR, v: PartitionBoundValue): { text: string } | { error: string } {
  if (c.type === 'numeric') {
    const s = typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v)) ? String(v) : v;
    if (typeof s !== 'string' || decimalParts(s) === undefined) return { error: `${describe(v)} is not a finite decimal number` };
  }
  if ((c.type === 'date' || c.type === 'timestamp' || c.type === 'timestamptz') && (v === 'infinity' || v === '-infinity')) {
    return { error: `${describe(v)} is not a bound; use minValue or maxValue` };
  }
  // A date alone is midnight (UTC for timestamptz, as everywhere in pgtwin).
  if ((c.type === 'timestamp' || c.type === 'timestamptz') && typeof v === 'string' && isDateOnlyText(v)) v = `${v}T00:00:00`;
  // A Date bound is read in UTC (the runtime reads a Date for date/timestamp in the process's
  // time zone, as node-postgres does): generated output must not depend on where codegen runs.
  if (v instanceof Date && !Number.isNaN(v.getTime()) && (c.type === 'date' || c.type === 'timestamp')) {
    v = c.type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  }
  if (isInteger(c) && typeof v === 'string' && !/^-?(0|[1-9][0-9]*)$/.test(v)) return { error: `${describe(v)} is not an integer` };
  try {
    const text = typeSpec(c.type).codec(typeParamsOf(c)).toText(v);
    return { text: c.type === 'uuid' ? text.toLowerCase() : text };
  } catch (err) {
    if (err instanceof CodecError) return { error: err.message };
    throw err;
  }
}

function describe(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'an invalid Date' : `Date ${v.toISOString()}`;
  if (typeof v === 'bigint') return `${v}n`;
  return JSON.stringify(v) ?? String(v);
}

/** Compares two canonical bound texts of one column the way PostgreSQL orders them (not used for text-like range keys). */
function compareValues(c: ColumnIR, a: string, b: string): number {
  if (isInteger(c)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeSpec(c.type).boundOrder === 'decimal') return compareDecimal(a, b);
  if (typeSpec(c.type).boundOrder === 'label') return (c.labels ?? []).indexOf(a) - (c.labels ?? []).indexOf(b);
  // date and timestamps: the canonical texts are fixed-width years and sort as their values.
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function compareBound(cols: readonly ColumnIR[], a: readonly BoundValueIR[], b: readonly BoundValueIR[]): number {
  for (let i = 0; i < cols.length; i++) {
    const x = a[i] as BoundValueIR;
    const y = b[i] as BoundValueIR;
    const rank = (v: BoundValueIR) => (v.kind === 'minvalue' ? -1 : v.kind === 'maxvalue' ? 1 : 0);
    const d = rank(x) - rank(y);
    if (d !== 0) return d;
    // Equal MINVALUE/MAXVALUE: PostgreSQL ignores the columns after them.
    if (x.kind !== 'value' || y.kind !== 'value') return 0;
    const v = compareValues(cols[i] as ColumnIR, x.text, y.text);
    if (v !== 0) return v;
  }
  return 0;
}

function showBound(b: readonly BoundValueIR[]): string {
  return `(${b.map((v) => (v.kind === 'value' ? JSON.stringify(v.text) : v.kind.toUpperCase())).join(', ')})`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Which columns every key must contain, and why, for the key checks. */
export function requiredKeyColumns(s: ScalingIR): { column: string; role: string }[] {
  const out: { column: string; role: string }[] = [];
  for (const c of s.partitioning?.columns ?? []) out.push({ column: c, role: 'partition column' });
  if (s.distribution?.kind === 'hash') out.push({ column: s.distribution.column, role: 'distribution column' });
  if (s.hypertable) out.push({ column: s.hypertable.timeColumn, role: 'hypertable time column' });
  return out.filter((x, i) => out.findIndex((y) => y.column === x.column) === i);
}

export function validateScaling(def: TableDef, file: string, byName: ReadonlyMap<string, ColumnIR>, issues: Issue[]): ScalingIR {
  const table = def.name;
  const at = (key: string, column?: string) => ({ file, table, ...(column !== undefined && { column }), key });
  const push = (where: { file: string; table: string; column?: string; key: string }, message: string) => {
    issues.push({ file: where.file, table: where.table, ...(where.column !== undefined && { column: where.column }), message: `${where.key}: ${message}` });
  };
  const before = issues.length;
  const partitioning = def.partitionBy ? validatePartitionBy(def, byName, (column, message) => push(at('partitionBy', column), message)) : null;

  let distribution: DistributionIR | null = null;
  if (def.distributeBy && 'reference' in def.distributeBy) {
    const d = def.distributeBy as { reference: unknown; column?: unknown; colocateWith?: unknown };
    if (d.reference !== true) push(at('distributeBy.reference'), `must be true, not ${JSON.stringify(d.reference)}`);
    // Citus: a reference table has no distribution column and no colocation group of the user's.
    if (d.column !== undefined || d.colocateWith !== undefined) push(at('distributeBy'), 'a reference table has no distribution column or colocation: declare { reference: true } or { column }, not both');
    // Citus: "distributing partitioned tables in only supported for hash-distributed tables".
    if (def.partitionBy) push(at('distributeBy'), 'a partitioned table cannot be a reference table (Citus distributes partitioned tables by hash only)');
    distribution = Object.freeze({ kind: 'reference' as const });
  } else if (def.distributeBy) {
    const d = def.distributeBy;
    const col = byName.get(d.column);
    if (typeof d.column !== 'string' || !col) push(at('distributeBy', String(d.column)), 'names a column the table does not have');
    // Citus: json has no hash operator class ("data type json has no default operator
    // class"); arrays and jsonb have one and are accepted (test/engines/citus.test.ts).
    else if ((!typeSpec(col.type).key && !col.isArray) || typeSpec(col.type).hash === false) push(at('distributeBy', d.column), `a ${col.type}${col.isArray ? '[]' : ''} column cannot be a distribution column (it has no hash operator class${col.type === 'json' ? '; jsonb has one' : ''})`);
    // Citus accepts the table but fails every INSERT and COPY of a row whose value is NULL.
    else if (col.nullable) push(at('distributeBy', d.column), 'is nullable; Citus refuses a row whose distribution column is NULL (remove .nullable())');
    if (d.colocateWith !== undefined && (typeof d.colocateWith !== 'string' || d.colocateWith === '')) push(at('distributeBy.colocateWith'), 'must be a table name or \'none\'');
    distribution = Object.freeze({ kind: 'hash' as const, column: d.column, colocateWith: d.colocateWith ?? null });
  }

  let hypertable: HypertableIR | null = null;
  if (def.hypertable) {
    const h = def.hypertable;
    const col = byName.get(h.timeColumn);
    let intervalIsInteger = false;
    let chunkInterval = String(h.chunkInterval);
    if (def.partitionBy) push(at('hypertable'), 'cannot be combined with partitionBy: TimescaleDB partitions a hypertable into chunks itself');
    if (def.distributeBy) push(at('hypertable'), 'cannot be combined with distributeBy: pick Citus or TimescaleDB for this table');
    if (!col) push(at('hypertable.timeColumn', String(h.timeColumn)), 'names a column the table does not have');
    else if (!typeSpec(col.type).hypertableTime || col.isArray) push(at('hypertable.timeColumn', col.name), `must be timestamptz, timestamp, date or an integer type, not ${col.type}${col.isArray ? '[]' : ''}`);
    else {
      if (col.nullable) push(at('hypertable.timeColumn', col.name), 'is nullable; a hypertable time column must be NOT NULL (remove .nullable())');
      intervalIsInteger = isInteger(col);
      if (intervalIsInteger) {
        if (!(typeof h.chunkInterval === 'number' && Number.isSafeInteger(h.chunkInterval) && h.chunkInterval > 0) && !(typeof h.chunkInterval === 'string' && /^[1-9][0-9]*$/.test(h.chunkInterval))) {
          push(at('hypertable.chunkInterval', col.name), `${describe(h.chunkInterval)} must be a positive integer for the ${col.type} time column`);
        }
      } else if (typeof h.chunkInterval !== 'string' || !INTERVAL_TEXT.test(h.chunkInterval.trim())) {
        push(at('hypertable.chunkInterval', col.name), `${describe(h.chunkInterval)} must be an interval such as '1 month' or '7 days'`);
      } else chunkInterval = h.chunkInterval.trim();
    }
    const segmentBy: string[] = [];
    for (const s of h.segmentBy ?? []) {
      if (typeof s !== 'string' || !byName.has(s)) push(at('hypertable.segmentBy', String(s)), 'names a column the table does not have');
      else segmentBy.push(s);
    }
    const orderBy: { column: string; desc: boolean }[] = [];
    for (const o of h.orderBy ?? []) {
      const m = typeof o === 'string' ? /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(o) : null;
      if (!m || !byName.has(m[1] as string)) push(at('hypertable.orderBy', String(o)), "must be a column of the table, optionally followed by ASC or DESC");
      else orderBy.push({ column: m[1] as string, desc: (m[2] ?? '').toUpperCase() === 'DESC' });
    }
    hypertable = Object.freeze({ timeColumn: h.timeColumn, chunkInterval, intervalIsInteger, segmentBy: Object.freeze(segmentBy), orderBy: Object.freeze(orderBy.map((o) => Object.freeze(o))) });
  }
  if (issues.length > before) return { partitioning: null, distribution: null, hypertable: null };
  return { partitioning, distribution, hypertable };
}

function validatePartitionBy(def: TableDef, byName: ReadonlyMap<string, ColumnIR>, report: (column: string | undefined, message: string) => void): PartitioningIR | null {
  const p = def.partitionBy;
  if (!p) return null;
  const kind = p.kind;
  if (kind !== 'range' && kind !== 'list' && kind !== 'hash') {
    report(undefined, `kind must be 'range', 'list' or 'hash', not ${describe(kind)}`);
    return null;
  }
  const names = Array.isArray(p.columns) ? p.columns : [];
  if (names.length === 0) report(undefined, 'declares no partition column');
  if (kind === 'list' && names.length > 1) report(undefined, `list partitioning takes one column, not ${names.length}`);
  const cols: ColumnIR[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    const col = byName.get(n);
    if (seen.has(n)) report(n, 'appears twice in the partition key');
    seen.add(n);
    if (!col) {
      report(n, 'names a column the table does not have');
      continue;
    }
    cols.push(col);
    if (kind === 'range' && col.nullable) report(n, 'is nullable; a range partition column must be NOT NULL (a NULL key fits no range partition): remove .nullable()');
    if (kind === 'hash') {
      if (!typeSpec(col.type).key || typeSpec(col.type).hash === false) report(n, `a ${col.type} column cannot be a hash partition column (${col.type} has no hash function${col.type === 'json' ? '; use jsonb' : ''})`);
    } else if (col.isArray || !(typeSpec(col.type).partitionBound === 'range' || (kind === 'list' && typeSpec(col.type).partitionBound === 'list'))) {
      report(n, `pgtwin checks ${kind} bounds for ${listWords(boundTypes(kind))} columns, not ${col.type}${col.isArray ? '[]' : ''}`);
    }
  }
  if (cols.length !== names.length || cols.length === 0) return null;

  /**
   * Text range bounds are ordered by the database's collation, which codegen cannot know (a
   * code-point order would refuse valid ICU ranges and pass invalid ones): for text-like keys
   * the order and overlap of range bounds are left to the server, which checks them when
   * schema.sql creates the partitions.
   */
  const collationOrdered = cols.some((c) => typeSpec(c.type).boundOrder === 'collation');
  const partitions: PartitionIR[] = [];
  const partitionNames = new Set<string>();
  const nameOk = (name: unknown, what: string): name is string => {
    if (typeof name !== 'string' || name === '') {
      report(undefined, `${what} needs a name`);
      return false;
    }
    if (exceedsIdentifierLimit(name)) report(undefined, `${what} name "${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes; PostgreSQL would truncate it`);
    if (name === def.name) report(undefined, `${what} "${name}" has the name of its table`);
    if (partitionNames.has(name)) report(undefined, `two partitions are named "${name}"`);
    partitionNames.add(name);
    return true;
  };
  const boundOf = (v: PartitionBoundValue | RangeLimit | null, col: ColumnIR, where: string): BoundValueIR | undefined => {
    if (v === null) return { kind: 'null' };
    if (isRangeLimit(v)) return v.limit === 'MINVALUE' ? { kind: 'minvalue' } : { kind: 'maxvalue' };
    const parsed = parseBound(col, v);
    if ('error' in parsed) {
      report(col.name, `${where}: ${parsed.error} (not a valid ${col.type === 'enum' ? `${col.enumName} label` : col.type} bound)`);
      return undefined;
    }
    return { kind: 'value', text: parsed.text };
  };

  const listSeen = new Map<string, string>();
  for (const [i, part] of (p.partitions ?? []).entries()) {
    const label = `partition ${typeof part?.name === 'string' ? `"${part.name}"` : `#${i + 1}`}`;
    if (!nameOk(part?.name, label)) continue;
    const name = part.name;
    if (kind === 'range') {
      if (!('from' in part) || !('to' in part)) {
        report(undefined, `${label} of a range-partitioned table needs from and to`);
        continue;
      }
      const ends: Record<'from' | 'to', BoundValueIR[] | undefined> = { from: undefined, to: undefined };
      for (const end of ['from', 'to'] as const) {
        const raw = part[end];
        const values = Array.isArray(raw) ? (raw as readonly (PartitionBoundValue | RangeLimit)[]) : [raw as PartitionBoundValue | RangeLimit];
        if (values.length !== cols.length) {
          report(undefined, `${label}: ${end} has ${values.length} value(s) for ${cols.length} partition column(s)`);
          continue;
        }
        const out = values.map((v, j) => (v === null ? undefined : boundOf(v, cols[j] as ColumnIR, `${label} ${end}`)));
        if (values.some((v) => v === null)) report(undefined, `${label}: ${end} cannot be NULL; use minValue or maxValue`);
        if (out.every((x) => x !== undefined)) ends[end] = out as BoundValueIR[];
      }
      if (ends.from && ends.to) {
        if (!collationOrdered && compareBound(cols, ends.from, ends.to) >= 0) report(undefined, `${label}: from ${showBound(ends.from)} is not below to ${showBound(ends.to)}, so it would hold no row`);
        else partitions.push({ kind: 'partition', name, bound: { kind: 'range', from: Object.freeze(ends.from), to: Object.freeze(ends.to) } });
      }
    } else if (kind === 'list') {
      if (!('values' in part) || !Array.isArray(part.values) || part.values.length === 0) {
        report(undefined, `${label} of a list-partitioned table needs a non-empty values list`);
        continue;
      }
      const values: BoundValueIR[] = [];
      for (const v of part.values as readonly (PartitionBoundValue | null)[]) {
        const b = boundOf(v, cols[0] as ColumnIR, label);
        if (!b) continue;
        const key = b.kind === 'value' ? `v:${b.text}` : 'null';
        const prev = listSeen.get(key);
        if (prev !== undefined) report(cols[0]?.name, `value ${b.kind === 'value' ? JSON.stringify(b.text) : 'NULL'} is listed in ${prev === name ? `partition "${name}" twice` : `partitions "${prev}" and "${name}"`}`);
        listSeen.set(key, name);
        values.push(b);
      }
      partitions.push({ kind: 'partition', name, bound: { kind: 'list', values: Object.freeze(values) } });
    } else {
      const m = (part as { modulus?: unknown }).modulus;
      const r = (part as { remainder?: unknown }).remainder;
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= m) {
        report(undefined, `${label}: needs an integer modulus ≥ 1 and an integer remainder from 0 to modulus - 1 (got modulus ${describe(m)}, remainder ${describe(r)})`);
        continue;
      }
      partitions.push({ kind: 'partition', name, bound: { kind: 'hash', modulus: m, remainder: r } });
    }
  }

  if (kind === 'range') {
    const ranges = partitions.flatMap((x) => (x.bound.kind === 'range' ? [{ name: x.name, from: x.bound.from, to: x.bound.to }] : []));
    const sorted = collationOrdered ? [] : [...ranges].sort((a, b) => compareBound(cols, a.from, b.from));
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (compareBound(cols, a.to, b.from) > 0) report(undefined, `partitions "${a.name}" ${showBound(a.from)}–${showBound(a.to)} and "${b.name}" ${showBound(b.from)}–${showBound(b.to)} overlap`);
    }
  }
  if (kind === 'hash') {
    const hashes = partitions.flatMap((x) => (x.bound.kind === 'hash' ? [{ name: x.name, m: x.bound.modulus, r: x.bound.remainder }] : []));
    const moduli = [...new Set(hashes.map((h) => h.m))].sort((a, b) => a - b);
    for (let i = 1; i < moduli.length; i++) {
      if ((moduli[i] as number) % (moduli[i - 1] as number) !== 0) report(undefined, `hash moduli must each divide the next larger one (PostgreSQL's rule), but ${moduli[i - 1]} does not divide ${moduli[i]}`);
    }
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        const a = hashes[i]!;
        const b = hashes[j]!;
        const g = gcd(a.m, b.m);
        if (a.r % g === b.r % g) report(undefined, `hash partitions "${a.name}" (modulus ${a.m}, remainder ${a.r}) and "${b.name}" (modulus ${b.m}, remainder ${b.r}) overlap`);
      }
    }
  }

  let defaultPartition: string | null = null;
  if (p.defaultPartition !== undefined) {
    if (kind === 'hash') report(undefined, 'a hash-partitioned table cannot have a default partition');
    else if (p.defaultPartition === true) defaultPartition = `${def.name}_default`;
    else if (typeof p.defaultPartition === 'string') defaultPartition = p.defaultPartition;
    else report(undefined, `defaultPartition must be a name or true, not ${describe(p.defaultPartition)}`);
    if (defaultPartition !== null) nameOk(defaultPartition, 'default partition');
  }
  return Object.freeze({
    kind,
    columns: Object.freeze([...names]),
    partitions: Object.freeze(partitions.map((x) => Object.freeze(x))),
    defaultPartition,
  });
}
