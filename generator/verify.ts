/**
 * Compares the schema (IR) with a live database (introspection) and says, for each
 * difference, which generated path it breaks. `breaking` findings make `verify` exit 1.
 */
import { TYPE_BY_TYPNAME, typeSpec } from '@pgtwin/runtime/internal/pg-types';
import { arrayDimensionsOf, typeParamsOf, type ColumnIR, type CompositeIR, type DomainIR, type SchemaIR, type TableIR } from './ir.ts';
import type { DbColumn, DbComposite, DbDomain, DbSchema, DbTable } from './introspect.ts';
import { compareTableExtras } from './verify-extras.ts';
import { domainBaseSql } from './user-types.ts';

export interface Finding {
  /** `breaking`: a generated function would fail or store something different. */
  readonly severity: 'breaking' | 'note';
  readonly table: string;
  readonly column?: string;
  readonly message: string;
}

/** pg_type.typname of a column's element type (a type the schema names, such as an enum, is its own name). */
function expectedBaseType(c: ColumnIR): string {
  if (c.domain) return c.domain.name;
  return typeSpec(c.type).typname ?? c.enumName ?? c.compositeName ?? '';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function typeText(c: ColumnIR): string {
  const dims = '[]'.repeat(arrayDimensionsOf(c));
  if (c.domain) return `${c.domain.name}${dims}`;
  if (c.compositeName !== undefined) return `${c.compositeName}${dims}`;
  return `${typeSpec(c.type).sql(typeParamsOf(c))}${dims}`;
}

/**
 * Types whose binary input takes exactly another type's binary output for the same value
 * (the type table's `wireFamily`): the schema type's COPY binary bytes are then valid input
 * for the database type (text, varchar and bpchar are all the string's bytes; inet and cidr
 * share one format). Each pair is checked against the server in
 * test/db/verify-types.test.ts, and so is the claim made for the others.
 */
export function sameWireFormat(schemaBase: string, dbBase: string): boolean {
  const family = (typname: string) => {
    const type = TYPE_BY_TYPNAME.get(typname);
    return type === undefined ? undefined : typeSpec(type).wireFamily;
  };
  const f = family(schemaBase);
  return f !== undefined && f === family(dbBase);
}

/** A base type mismatch between types of one wire format: what each path does, and whether that breaks anything. */
function sameFormatMismatch(c: ColumnIR, d: DbColumn, schemaBase: string): { severity: Finding['severity']; consequence: string } {
  if (schemaBase === 'inet' || schemaBase === 'cidr') {
    return schemaBase === 'inet'
      ? { severity: 'breaking', consequence: 'binary COPY works (same wire format), but addresses with host bits set (10.0.0.1/8) fail on the server in every path' }
      : { severity: 'note', consequence: 'every path works (same wire format); the database also accepts host addresses' };
  }
  if (schemaBase === 'bpchar' || d.baseType === 'bpchar') {
    return { severity: 'breaking', consequence: 'binary COPY works (same wire format), but char(n) pads and compares values with trailing spaces differently, so the stored values differ from what the schema describes' };
  }
  if (d.length !== null && (c.length === undefined || d.length < c.length)) {
    return { severity: 'breaking', consequence: `every path sends the value as is (same wire format), but values longer than ${d.length} characters fail on the server` };
  }
  return { severity: 'note', consequence: `every path works (same wire format)${c.length !== undefined ? '; the database accepts longer values than the schema' : ''}` };
}

/**
 * A raw(type) column: its type is SQL text, compared with format_type's spelling of the
 * database column (what pull writes); the values are the type's text, cast by the server.
 */
function compareRawColumn(c: ColumnIR, d: DbColumn, at: { table: string; column: string }, out: Finding[]): void {
  const element = d.isArray ? d.formatted.replace(/\[\]$/, '') : d.formatted;
  const [ours, theirs] = [c.rawDelimiter ?? ',', d.delimiter ?? ','];
  if (c.isArray && element === c.rawType && ours !== theirs) {
    out.push({
      ...at,
      severity: 'breaking',
      message: `the array delimiter of ${element} is ${JSON.stringify(theirs)} in the database (pg_type.typdelim) but ${JSON.stringify(ours)} in the schema: text COPY and batchInsert write array literals the type's array_in misreads or refuses; declare raw(${JSON.stringify(c.rawType)}${theirs === ',' ? '' : `, { delimiter: ${JSON.stringify(theirs)} }`}) (pull writes it)`,
    });
    return;
  }
  if (element === c.rawType && d.isArray === c.isArray) return;
  out.push({
    ...at,
    severity: 'breaking',
    message: `type is ${d.formatted} in the database but raw(${JSON.stringify(c.rawType)})${c.isArray ? '.array()' : ''} in the schema: text COPY sends text the database's type may not parse, and batchInsert casts to the schema's type (raw() takes the type as format_type prints it, as pull writes it)`,
  });
}

function compareColumn(t: TableIR, c: ColumnIR, d: DbColumn, out: Finding[], domainsNotNull: ReadonlySet<string>): void {
  const at = { table: t.name, column: c.name };
  const inserted = c.fill.kind === 'insert';
  const base = expectedBaseType(c);
  if (typeSpec(c.type).takesRawType) {
    compareRawColumn(c, d, at, out);
  } else if (d.baseType !== base && d.isArray === c.isArray && c.type !== 'enum' && !d.enumLabels && !c.domain && !d.isDomain && sameWireFormat(base, d.baseType)) {
    const { severity, consequence } = sameFormatMismatch(c, d, base);
    out.push({ ...at, severity, message: `type is ${d.formatted} in the database but ${typeText(c)} in the schema: ${inserted ? consequence : 'selects return the same JS type'}` });
    return;
  } else if (d.baseType !== base || d.isArray !== c.isArray || (c.domain !== undefined) !== (d.isDomain === true)) {
    out.push({
      ...at,
      severity: 'breaking',
      message:
        `type is ${d.formatted} in the database but ${typeText(c)} in the schema: ` +
        (inserted
          ? 'binary COPY sends the schema type\'s bytes, which the server refuses or reads as another value; text COPY and batchInsert go through a cast and may fail or store a different value'
          : 'selects return a different type than the generated row type says'),
    });
    return;
  }
  // A domain's base type (parameters, labels) is compared with the domain (compareDomain).
  if (!c.domain) compareBaseType(t, c, d, out);
  compareNullAndFill(t, c, d, out, c.domain !== undefined && d.isDomain === true && domainsNotNull.has(d.baseType));
}

/** Parameters and labels of a column's type, when the type is right. */
function compareBaseType(t: TableIR, c: ColumnIR, d: DbColumn, out: Finding[]): void {
  const at = { table: t.name, column: c.name };
  const base = expectedBaseType(c);
  const lengthKind = typeSpec(c.type).typmod;
  if ((lengthKind === 'length' || lengthKind === 'bitLength') && (c.length ?? null) !== d.length) {
    const dbShorter = d.length !== null && (c.length === undefined || d.length < c.length);
    out.push({
      ...at,
      severity: dbShorter || c.type === 'char' || c.type === 'bit' ? 'breaking' : 'note',
      message: `length is ${d.length ?? 'unlimited'} in the database but ${c.length ?? 'unlimited'} in the schema: ${
        c.type === 'char'
          ? 'char values are padded to a different width, so every path stores something different'
          : c.type === 'bit'
            ? 'bit values must have exactly the length, so values the schema accepts fail on the server in every path'
            : dbShorter
              ? 'values the schema accepts fail on the server in every path'
              : 'the database accepts more than the schema allows'
      }`,
    });
  }
  if (typeSpec(c.type).typmod === 'numeric' && ((c.precision ?? null) !== d.precision || (c.precision === undefined ? null : (c.scale ?? 0)) !== d.scale)) {
    const scaleDiffers = (c.precision === undefined ? null : (c.scale ?? 0)) !== d.scale;
    const dbSmaller = d.precision !== null && (c.precision === undefined || d.precision < c.precision);
    out.push({
      ...at,
      severity: scaleDiffers || dbSmaller ? 'breaking' : 'note',
      message: `numeric is (${d.precision ?? '-'},${d.scale ?? '-'}) in the database but (${c.precision ?? '-'},${c.precision === undefined ? '-' : (c.scale ?? 0)}) in the schema: ${
        scaleDiffers ? 'the server rounds to another scale, so every path stores something different from what was validated' : dbSmaller ? 'values the schema accepts overflow on the server' : 'the database accepts more digits than the schema allows'
      }`,
    });
  }
  if (typeSpec(c.type).typmod === 'fractional' && ((c.precision ?? null) !== d.precision || (c.fields ?? null) !== d.fields)) {
    out.push({
      ...at,
      severity: 'breaking',
      message: `is ${d.formatted} in the database but ${typeText(c)} in the schema: the server rounds or truncates the fractional seconds (or interval fields) differently from what pgtwin validated and sent, so every path stores something different`,
    });
  }
  if (c.type === 'enum' && d.enumLabels) {
    const expected = c.labels ?? [];
    const missing = expected.filter((l) => !d.enumLabels?.includes(l));
    if (missing.length) out.push({ ...at, severity: 'breaking', message: `enum ${base} lacks label(s) ${missing.map((l) => JSON.stringify(l)).join(', ')} in the database: rows using them fail in every path` });
  }
}

function compareNullAndFill(t: TableIR, c: ColumnIR, d: DbColumn, out: Finding[], domainNotNull: boolean): void {
  const at = { table: t.name, column: c.name };
  const inserted = c.fill.kind === 'insert';
  if (c.nullable && d.notNull) out.push({ ...at, severity: 'breaking', message: 'is NOT NULL in the database but nullable in the schema: a row with NULL here fails in every path' });
  if (!c.nullable && !d.notNull && !domainNotNull) out.push({ ...at, severity: 'note', message: 'is nullable in the database but NOT NULL in the schema (pgtwin never sends NULL here)' });
  if (c.fill.kind === 'identity' && d.identity === '') {
    const serial = d.defaultSql !== null && /^nextval\(/i.test(d.defaultSql);
    out.push(
      serial
        ? { ...at, severity: 'note', message: `is a serial column in the database (${d.defaultSql}) and an identity in the schema; both fill it` }
        : { ...at, severity: 'breaking', message: 'is an identity column in the schema but not in the database: inserts leave it NULL or fail' },
    );
  }
  if (c.fill.kind === 'generated' && d.generated === '') out.push({ ...at, severity: 'breaking', message: 'is a generated column in the schema but not in the database: inserts leave it NULL or fail' });
  if (c.fill.kind === 'default' && d.defaultSql === null && d.identity === '') out.push({ ...at, severity: 'breaking', message: `has no DEFAULT in the database, but the schema says the database fills it (${c.fill.sql}): inserts leave it NULL or fail` });
  if (c.fill.kind === 'default' && d.defaultSql !== null && d.defaultSql !== c.fill.sql) out.push({ ...at, severity: 'note', message: `default is ${d.defaultSql} in the database but ${c.fill.sql} in the schema` });
  if (inserted && (d.generated === 's' || d.identity === 'a')) {
    out.push({ ...at, severity: 'breaking', message: `is ${d.generated === 's' ? 'a generated' : 'a GENERATED ALWAYS identity'} column in the database, but the schema inserts it: every insert path fails` });
  }
  if (inserted && c.defaultSql !== undefined && d.defaultSql === null) out.push({ ...at, severity: 'note', message: `the schema declares DEFAULT ${c.defaultSql}, the database has none (only other writers are affected)` });
}

/** `domainsNotNull`: the database's NOT NULL domains (a column of one is NOT NULL, whatever attnotnull says). */
function compareTable(t: TableIR, d: DbTable, out: Finding[], domainsNotNull: ReadonlySet<string>): void {
  const byName = new Map(d.columns.map((c) => [c.name, c]));
  for (const c of t.columns) {
    const dc = byName.get(c.name);
    if (!dc) {
      out.push({ table: t.name, column: c.name, severity: 'breaking', message: c.fill.kind === 'insert' ? 'is missing in the database: COPY and batchInsert name it and fail' : 'is missing in the database: selects of the generated select list fail' });
      continue;
    }
    compareColumn(t, c, dc, out, domainsNotNull);
  }
  const declared = new Set(t.columns.map((c) => c.name));
  for (const dc of d.columns) {
    if (declared.has(dc.name)) continue;
    const required = dc.notNull && dc.defaultSql === null && dc.identity === '' && dc.generated === '';
    out.push({
      table: t.name,
      column: dc.name,
      severity: required ? 'breaking' : 'note',
      message: required ? 'exists in the database as NOT NULL without a default but not in the schema: every insert fails' : 'exists in the database but not in the schema (left to its default)',
    });
  }
  const dbOrder = d.columns.filter((c) => declared.has(c.name)).map((c) => c.name);
  const schemaOrder = t.columns.filter((c) => byName.has(c.name)).map((c) => c.name);
  if (dbOrder.join('\u0000') !== schemaOrder.join('\u0000')) out.push({ table: t.name, severity: 'note', message: `column order differs (database: ${dbOrder.join(', ')}); harmless, every statement names its columns` });

  const dbKeys = [d.primaryKey, ...d.uniques].filter((k) => k.length > 0);
  const hasIndex = (key: readonly string[]) => dbKeys.some((k) => sameSet(k, key));
  const need: [string, readonly string[] | null | undefined][] = [
    ['conflict target', t.conflictTarget],
    ['upsert target', t.upsert?.target],
  ];
  for (const [what, key] of need) {
    if (key && !hasIndex(key)) out.push({ table: t.name, severity: 'breaking', message: `${what} (${key.join(', ')}) has no unique index or constraint behind it in the database: ON CONFLICT fails` });
  }
  if (t.primaryKey.length && !sameSet(t.primaryKey, d.primaryKey)) out.push({ table: t.name, severity: 'note', message: `primary key is (${d.primaryKey.join(', ') || 'none'}) in the database but (${t.primaryKey.join(', ')}) in the schema` });
  for (const u of t.unique) if (!hasIndex(u)) out.push({ table: t.name, severity: 'note', message: `unique key (${u.join(', ')}) is missing in the database` });
}

/** At most this many names in one finding. */
const LIST_NAMES = 5;

function nameList(names: readonly string[]): string {
  return names.length <= LIST_NAMES ? names.join(', ') : `${names.slice(0, LIST_NAMES).join(', ')} and ${names.length - LIST_NAMES} more`;
}

/**
 * Partitioning: method and key, then the declared partitions by name (bounds are not
 * compared: pg_get_expr prints them in the session's TimeZone and its own spelling, and the
 * server checked them when schema.sql created them). Partitions only in the database are
 * expected (ensureRangePartitions makes them) and reported as one note.
 */
function comparePartitioning(t: TableIR, d: DbTable, out: Finding[]): void {
  const want = t.partitioning;
  const have = d.partitioning;
  if (!want || !have) {
    if (want) out.push({ table: t.name, severity: 'note', message: `is not partitioned in the database; the schema partitions it by ${want.kind} (${want.columns.join(', ')}): inserts work, ensureRangePartitions fails` });
    if (have) out.push({ table: t.name, severity: 'note', message: `is partitioned by ${have.kind} (${have.columns.join(', ')}) in the database but not in the schema: inserts work` });
    return;
  }
  if (want.kind !== have.kind || want.columns.join('\u0000') !== have.columns.join('\u0000')) {
    out.push({ table: t.name, severity: 'note', message: `is partitioned by ${have.kind} (${have.columns.join(', ')}) in the database but by ${want.kind} (${want.columns.join(', ')}) in the schema` });
    return;
  }
  const dbDefault = have.partitions.find((p) => p.bound === 'DEFAULT')?.name ?? null;
  const inDb = new Set(have.partitions.map((p) => p.name));
  const missing = want.partitions.filter((p) => !inDb.has(p.name)).map((p) => p.name);
  if (missing.length) {
    out.push(
      dbDefault === null
        ? { table: t.name, severity: 'breaking', message: `partition(s) ${nameList(missing)} missing in the database, which has no default partition: rows in their ranges fail in every path` }
        : { table: t.name, severity: 'note', message: `partition(s) ${nameList(missing)} missing in the database: their rows go to the default partition ${dbDefault}` },
    );
  }
  if (want.defaultPartition !== null && dbDefault === null) {
    out.push({ table: t.name, severity: 'breaking', message: `default partition ${want.defaultPartition} is missing in the database: rows outside every partition's range fail in every path` });
  } else if (want.defaultPartition !== null && dbDefault !== want.defaultPartition) {
    out.push({ table: t.name, severity: 'note', message: `default partition is ${dbDefault} in the database but ${want.defaultPartition} in the schema` });
  }
  const declared = new Set([...want.partitions.map((p) => p.name), ...(want.defaultPartition === null ? [] : [want.defaultPartition])]);
  const extra = have.partitions.filter((p) => !declared.has(p.name) && p.name !== dbDefault).map((p) => p.name);
  if (extra.length) out.push({ table: t.name, severity: 'note', message: `${extra.length} partition(s) exist only in the database (ensureRangePartitions makes such): ${nameList(extra)}` });
}

/**
 * TimescaleDB: hypertable or not, its time column, chunk interval (as the server prints it:
 * '1 week' in the schema reads '7 days') and columnstore settings. Only a missing hypertable
 * or another time column changes what the generated paths do (keys include the time column);
 * the rest is reported as notes.
 */
function compareHypertable(t: TableIR, d: DbTable, out: Finding[]): void {
  const want = t.hypertable;
  const have = d.hypertable;
  if (!want || !have) {
    if (want) out.push({ table: t.name, severity: 'note', message: `is not a hypertable in the database; the schema makes it one on ${want.timeColumn}: inserts work, on one table` });
    if (have) out.push({ table: t.name, severity: 'note', message: `is a hypertable on ${have.timeColumn} in the database but not in the schema` });
    return;
  }
  if (want.timeColumn !== have.timeColumn) {
    out.push({ table: t.name, severity: 'breaking', message: `is a hypertable on ${have.timeColumn} in the database but on ${want.timeColumn} in the schema: keys without the database's time column cannot exist, so conflict targets fail` });
    return;
  }
  if (want.chunkInterval !== have.chunkInterval) out.push({ table: t.name, severity: 'note', message: `chunk interval is ${have.chunkInterval} in the database but ${want.chunkInterval} in the schema (new chunks use the database's)` });
  const seg = (s: readonly string[]) => s.join(', ') || '(none)';
  if (want.segmentBy.length && seg(want.segmentBy) !== seg(have.segmentBy)) out.push({ table: t.name, severity: 'note', message: `columnstore segmentby is ${seg(have.segmentBy)} in the database but ${seg(want.segmentBy)} in the schema` });
  const ord = (o: readonly { column: string; desc: boolean }[]) => o.map((x) => `${x.column}${x.desc ? ' DESC' : ''}`).join(', ') || '(none)';
  if (want.orderBy.length && ord(want.orderBy) !== ord(have.orderBy)) out.push({ table: t.name, severity: 'note', message: `columnstore orderby is ${ord(have.orderBy)} in the database but ${ord(want.orderBy)} in the schema` });
}


/**
 * A domain: its base type (a different one breaks binary COPY, which sends the schema's base
 * type's bytes), NOT NULL, and CHECK constraints by name. Check expressions are compared as
 * text only after the server printed both; the schema's text is not normalised, so a
 * differently spelt check is a note, and a check only in the database is breaking (rows the
 * schema accepts may fail).
 */
function compareDomain(want: DomainIR, have: DbDomain | undefined, out: Finding[]): void {
  const at = { table: `domain ${want.name}` };
  if (!have) {
    out.push({ ...at, severity: 'breaking', message: 'domain type is missing in the database' });
    return;
  }
  const base = want.base;
  // Over another domain, the base is that domain (its own base is compared with it); over a composite, the composite type.
  const overDomain = base.domainName !== undefined;
  const expected = base.domainName ?? (base.compositeName !== undefined ? base.compositeName : (typeSpec(base.type).typname ?? base.enumName ?? ''));
  const params = overDomain ? undefined : typeSpec(base.type).typmod;
  const paramsDiffer =
    ((params === 'length' || params === 'bitLength') && (base.length ?? null) !== have.base.length) ||
    (params === 'numeric' && ((base.precision ?? null) !== have.base.precision || (base.precision === undefined ? null : (base.scale ?? 0)) !== have.base.scale)) ||
    (params === 'fractional' && ((base.precision ?? null) !== have.base.precision || (base.fields ?? null) !== have.base.fields));
  if (have.baseIsDomain !== overDomain || have.base.baseType !== expected || have.base.isArray !== base.isArray || paramsDiffer) {
    out.push({ ...at, severity: 'breaking', message: `base type is ${have.base.formatted} in the database but ${domainBaseSql(want)} in the schema: binary COPY sends the schema's base type's bytes, and every path may store something different` });
  }
  if (base.type === 'enum' && have.base.enumLabels) {
    const missing = (base.labels ?? []).filter((l) => !have.base.enumLabels?.includes(l));
    if (missing.length) out.push({ ...at, severity: 'breaking', message: `base enum lacks label(s) ${missing.map((l) => JSON.stringify(l)).join(', ')} in the database: rows using them fail in every path` });
  }
  if (want.notNull !== have.notNull) out.push({ ...at, severity: have.notNull ? 'breaking' : 'note', message: have.notNull ? 'is NOT NULL in the database but not in the schema: a NULL fails in every path' : 'is NOT NULL in the schema but not in the database (pgtwin never sends NULL for it)' });
  for (const c of want.checks) {
    const h = have.checks.find((x) => x.name === c.name);
    if (!h) out.push({ ...at, severity: 'note', message: `check ${c.name} (${c.sql}) is missing in the database: the server accepts values the schema's domain refuses` });
    else if (normalizeCheck(h.sql) !== normalizeCheck(c.sql)) out.push({ ...at, severity: 'note', message: `check ${c.name} is ${h.sql} in the database but ${c.sql} in the schema (compared as text)` });
  }
  for (const h of have.checks) {
    if (!want.checks.some((c) => c.name === h.name)) out.push({ ...at, severity: 'breaking', message: `check ${h.name} (${h.sql}) exists only in the database: rows the schema accepts may fail in every path` });
  }
}

/**
 * A composite type: its fields by name, in order, each of the same type (binary COPY sends
 * every field with the schema type's OID, which record_recv checks against the database's).
 */
function compareComposite(want: CompositeIR, have: DbComposite | undefined, out: Finding[]): void {
  const at = { table: `composite type ${want.name}` };
  if (!have) {
    out.push({ ...at, severity: 'breaking', message: 'composite type is missing in the database' });
    return;
  }
  const shown = (fields: readonly string[]) => fields.join(', ') || '(none)';
  const dbTypes = have.fields.map((f) => `${f.name} ${f.formatted}`);
  const problems: string[] = [];
  if (want.fields.map((f) => f.name).join('\u0000') !== have.fields.map((f) => f.name).join('\u0000')) problems.push(`fields are (${shown(have.fields.map((f) => f.name))}) in the database but (${shown(want.fields.map((f) => f.name))}) in the schema`);
  else {
    want.fields.forEach((f, i) => {
      const d = have.fields[i] as DbColumn;
      const typmod = typeSpec(f.type).typmod;
      // As for columns (compareBaseType): record_recv and record_in apply each field's typmod.
      const paramsDiffer =
        ((typmod === 'length' || typmod === 'bitLength') && (f.length ?? null) !== d.length) ||
        (typmod === 'numeric' && ((f.precision ?? null) !== d.precision || (f.precision === undefined ? null : (f.scale ?? 0)) !== d.scale)) ||
        (typmod === 'fractional' && ((f.precision ?? null) !== d.precision || (f.fields ?? null) !== d.fields));
      if (d.baseType !== expectedBaseType(f) || d.isArray !== f.isArray || (f.domain !== undefined) !== (d.isDomain === true) || (!f.domain && paramsDiffer)) problems.push(`field ${f.name} is ${d.formatted} in the database but ${typeText(f)} in the schema`);
    });
  }
  for (const p of problems) out.push({ ...at, severity: 'breaking', message: `${p}: binary COPY sends each field with the schema type's OID, which the server checks; every path may fail or store something different (database: ${dbTypes.join(', ')})` });
}

/**
 * Check expressions compared loosely, since verify has only the schema's text and the server's
 * print of it (`VALUE >= 0` is printed `(VALUE >= (0)::numeric)`): casts, parentheses, spaces
 * and case aside. A difference is a note, never breaking.
 */
function normalizeCheck(sql: string): string {
  return sql.replace(/::(?:"(?:[^"]|"")*"|[\w.]+)(?:\[\])*/g, '').replace(/[()\s]+/g, '').toLowerCase();
}

export function verifySchema(ir: SchemaIR, db: DbSchema): Finding[] {
  const out: Finding[] = [];
  const domainsNotNull = new Set([...(db.domains ?? new Map<string, DbDomain>()).values()].filter((d) => d.notNull).map((d) => d.name));
  for (const d of ir.domains ?? []) compareDomain(d, db.domains?.get(d.name), out);
  for (const c of ir.composites ?? []) compareComposite(c, db.composites?.get(c.name), out);
  for (const e of ir.enums) {
    const labels = db.enums.get(e.name);
    if (!labels) {
      out.push({ table: e.name, severity: 'breaking', message: `enum type is missing in the database` });
      continue;
    }
    const missing = e.labels.filter((l) => !labels.includes(l));
    if (missing.length) out.push({ table: e.name, severity: 'breaking', message: `enum lacks label(s) ${missing.map((l) => JSON.stringify(l)).join(', ')}: rows using them fail in every path` });
    const common = labels.filter((l) => e.labels.includes(l));
    if (!missing.length && common.join('\u0000') !== e.labels.join('\u0000')) out.push({ table: e.name, severity: 'note', message: `enum labels are ordered differently (database: ${labels.join(', ')}); sorting and comparisons differ` });
    const extra = labels.filter((l) => !e.labels.includes(l));
    if (extra.length) out.push({ table: e.name, severity: 'note', message: `enum has extra label(s) in the database: ${extra.join(', ')}` });
  }
  for (const t of ir.tables) {
    const d = db.tables.get(t.name);
    if (!d) out.push({ table: t.name, severity: 'breaking', message: 'table is missing in the database' });
    else {
      compareTable(t, d, out, domainsNotNull);
      comparePartitioning(t, d, out);
      compareHypertable(t, d, out);
      compareTableExtras(t, d, out);
    }
  }
  const declared = new Set(ir.tables.map((t) => t.name));
  for (const name of [...db.tables.keys()].sort()) if (!declared.has(name)) out.push({ table: name, severity: 'note', message: 'table exists in the database but not in the schema' });
  return out;
}

export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'pgtwin verify: the database matches the schema.';
  const lines = findings.map((f) => `${f.severity === 'breaking' ? 'BREAKING' : 'note    '}  ${f.table}${f.column ? `.${f.column}` : ''}: ${f.message}`);
  const breaking = findings.filter((f) => f.severity === 'breaking').length;
  return `${lines.join('\n')}\n\npgtwin verify: ${breaking} breaking, ${findings.length - breaking} note(s).`;
}
