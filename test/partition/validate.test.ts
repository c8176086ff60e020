/**
 * Codegen checks for partitionBy, distributeBy and hypertable: one case per rule, each error
 * naming the schema file, the table, the column where there is one, and the key.
 */
import { describe, expect, it } from 'vitest';
import { bigint, bytea, date, defineTable, enumOf, enumType, integer, json, maxValue, minValue, numeric, sql, text, timeRangePartitions, timestamp, timestamptz, varchar, type TableInput } from '../../schema-dsl/index.ts';
import type { LoadedSchema } from '../../generator/load-schema.ts';
import { SchemaError, validateSchema } from '../../generator/validate.ts';
import { buildModel } from '../../generator/model.ts';

const mood = enumType('mood', ['sad', 'ok', 'happy']);

function schemaOf(...tables: TableInput[]): LoadedSchema {
  const modules = tables.map((t) => ({ file: `schema/${t.name}.ts`, exports: { default: defineTable(t) } as Record<string, unknown> }));
  modules.push({ file: 'schema/mood.ts', exports: { mood } });
  const all = Object.fromEntries(modules.flatMap((m, i) => Object.values(m.exports).map((v, j) => [`e${i}_${j}`, v])));
  return { modules, index: { file: 'schema/index.ts', exports: all } };
}

function issuesOf(...tables: TableInput[]): string[] {
  try {
    validateSchema(schemaOf(...tables));
  } catch (err) {
    if (err instanceof SchemaError) return err.issues.map((i) => `${i.file}|${i.table ?? ''}|${i.column ?? ''}|${i.message}`);
    throw err;
  }
  return [];
}

/** A valid monthly-partitioned event table; cases override one thing. */
const events = (patch: Partial<TableInput> = {}): TableInput => ({
  name: 'events',
  columns: { id: bigint(), at: timestamptz(), amount: numeric(20, 2), note: text().nullable() },
  primaryKey: ['id', 'at'],
  partitionBy: { kind: 'range', columns: ['at'], partitions: timeRangePartitions({ prefix: 'events', from: '2024-01', to: '2024-04', interval: 'month' }), defaultPartition: true },
  ...patch,
});

describe('partitionBy, distributeBy, hypertable: valid schemas', () => {
  it('accepts what Citus and TimescaleDB accept (test/engines): an array or jsonb distribution column, a delete key without the distribution or time column', () => {
    expect(issuesOf({ name: 'a', columns: { tags: text().array(), v: integer() }, distributeBy: { column: 'tags' } })).toEqual([]);
    expect(issuesOf({ name: 'j', columns: { doc: json().nullable(), k: bigint() }, distributeBy: { column: 'k' } })).toEqual([]);
    expect(issuesOf({ name: 'd', columns: { id: bigint(), tenant: bigint() }, primaryKey: ['id', 'tenant'], deleteKey: ['id'], distributeBy: { column: 'tenant' } })).toEqual([]);
    expect(issuesOf({ name: 'm', columns: { id: bigint(), at: timestamptz() }, primaryKey: ['id', 'at'], deleteKey: ['id'], hypertable: { timeColumn: 'at', chunkInterval: '1 day' } })).toEqual([]);
  });

  it('a reference table: no distribution column in its keys, create_reference_table before the distributed tables whose foreign keys reference it, inserts counted', () => {
    const ref: TableInput = { name: 'ledgers', columns: { seq: bigint(), hash: bytea() }, primaryKey: ['seq'], unique: [['hash']], distributeBy: { reference: true } };
    const tx: TableInput = { name: 'tx', columns: { id: bigint(), seq: bigint().references('ledgers', 'seq') }, primaryKey: ['id'], distributeBy: { column: 'id' } };
    expect(issuesOf(ref, tx)).toEqual([]);
    const model = buildModel(validateSchema(schemaOf(tx, ref)));
    expect(model.distributedSql.map((x) => x.sql)).toEqual([`SELECT create_reference_table('"ledgers"');`, `SELECT create_distributed_table('"tx"', 'id');`]);
    // Citus tags an INSERT … SELECT into a reference table with the rows it sent (test/engines/citus-parallel.test.ts).
    const ledgers = model.tables.find((t) => t.name === 'ledgers');
    expect(JSON.parse(ledgers!.batchInsertSql)).toMatch(/^WITH w AS \(INSERT INTO "ledgers" .* ON CONFLICT \("seq"\) DO NOTHING RETURNING 1\) SELECT count\(\*\) AS "affected" FROM w$/);
  });

  it('accepts a range-partitioned table and freezes its partitioning in the IR', () => {
    expect(issuesOf(events())).toEqual([]);
    const ir = validateSchema(schemaOf(events()));
    const p = ir.tables[0]!.partitioning!;
    expect(p.kind).toBe('range');
    expect(p.partitions.map((x) => x.name)).toEqual(['events_2024_01', 'events_2024_02', 'events_2024_03']);
    expect(p.defaultPartition).toBe('events_default');
    expect(Object.isFrozen(p)).toBe(true);
    expect(p.partitions[0]!.bound).toEqual({ kind: 'range', from: [{ kind: 'value', text: '2024-01-01 00:00:00+00' }], to: [{ kind: 'value', text: '2024-02-01 00:00:00+00' }] });
  });

  it('reads offset-less period strings as UTC, whatever the machine time zone', () => {
    const saved = process.env.TZ;
    try {
      const names = ['UTC', 'America/New_York', 'Asia/Tokyo'].map((tz) => {
        process.env.TZ = tz;
        return timeRangePartitions({ prefix: 'ev', from: '2024-01-31T22:00:00', to: '2024-03-10 00:00:00', interval: 'month' }).map((p) => `${p.name} ${p.from instanceof Date ? p.from.toISOString() : String(p.from)}`);
      });
      expect(names[1]).toEqual(names[0]);
      expect(names[2]).toEqual(names[0]);
      expect(names[0]?.map((n) => n.split(' ')[0])).toEqual(['ev_2024_01', 'ev_2024_02', 'ev_2024_03']);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('leaves the order of text range bounds to the database collation (an ICU collation sorts "a" before "B")', () => {
    const names = { name: 'names', columns: { name: text() }, partitionBy: { kind: 'range' as const, columns: ['name'], partitions: [{ name: 'n1', from: 'a', to: 'B' }] } };
    expect(issuesOf(names)).toEqual([]);
  });

  it('prints bounds as quoted literals with casts, never the schema text', () => {
    const model = buildModel(validateSchema(schemaOf(events({
      columns: { id: bigint(), name: text() },
      primaryKey: ['id', 'name'],
      partitionBy: { kind: 'list', columns: ['name'], partitions: [{ name: 'p1', values: ["x'); DROP TABLE events; --", null] }] },
    }))));
    expect(model.tables[0]!.createPartitionSql).toEqual([`CREATE TABLE "p1" PARTITION OF "events" FOR VALUES IN ('x''); DROP TABLE events; --'::text, NULL);`]);
  });

  it('accepts adjacent ranges that touch, list values once each, hash partitions of compatible moduli', () => {
    expect(issuesOf(events({ partitionBy: { kind: 'range', columns: ['at'], partitions: [{ name: 'a', from: minValue, to: '2024-01-01' }, { name: 'b', from: '2024-01-01', to: maxValue }] } }))).toEqual([]);
    expect(issuesOf({ name: 'h', columns: { id: bigint() }, primaryKey: ['id'], partitionBy: { kind: 'hash', columns: ['id'], partitions: [{ name: 'h0', modulus: 2, remainder: 0 }, { name: 'h1', modulus: 4, remainder: 1 }, { name: 'h3', modulus: 4, remainder: 3 }] } })).toEqual([]);
  });
});

describe('partitionBy, distributeBy, hypertable: each rule', () => {
  const cases: [string, TableInput[], RegExp][] = [
    ['primary key without the partition column', [events({ primaryKey: ['id'] })], /^schema\/events\.ts\|events\|at\|primary key \(id\) must contain the partition column "at"/],
    ['unique key without the partition column', [events({ unique: [['id']] })], /^schema\/events\.ts\|events\|at\|unique key #1 \(id\) \(id\) must contain the partition column "at"/],
    [
      'conflict target without the partition column',
      [events({ unique: [['id', 'at'], ['amount']], conflictTarget: ['amount'] })],
      /^schema\/events\.ts\|events\|at\|conflict target \(amount\) must contain the partition column "at"/,
    ],
    ['upsert target without the partition column', [events({ unique: [['id', 'at'], ['amount']], upsert: { target: ['amount'] } })], /\|events\|at\|upsert target \(amount\) must contain the partition column "at"/],
    ['delete key without the partition column', [events({ deleteKey: ['id'] })], /\|events\|at\|delete key \(id\) must contain the partition column "at"/],
    ['upsert that updates the partition column', [events({ unique: [['id', 'at'], ['amount', 'at']], upsert: { target: ['amount', 'at'], set: { at: 'excluded' } } })], /\|events\|at\|.*(part of the upsert target|upsert\.set: is the partition column)/],
    ['upsert that updates the distribution column', [{ name: 'd', columns: { id: bigint(), tenant: bigint(), v: integer() }, primaryKey: ['id', 'tenant'], upsert: { set: { tenant: sql('EXCLUDED."tenant"') } }, distributeBy: { column: 'tenant' } }], /\|d\|tenant\|(is part of the upsert target|upsert\.set: is the distribution column)/],
    ['key without the distribution column', [{ name: 'd', columns: { id: bigint(), tenant: bigint() }, primaryKey: ['id'], distributeBy: { column: 'tenant' } }], /^schema\/d\.ts\|d\|tenant\|primary key \(id\) must contain the distribution column "tenant": Citus/],
    ['key without the hypertable time column', [{ name: 'm', columns: { id: bigint(), at: timestamptz() }, primaryKey: ['id'], hypertable: { timeColumn: 'at', chunkInterval: '1 day' } }], /\|m\|at\|primary key \(id\) must contain the hypertable time column "at"/],
    ['nullable range partition column', [events({ columns: { id: bigint(), at: timestamptz().nullable() }, primaryKey: [] })], /\|events\|at\|partitionBy: is nullable; a range partition column must be NOT NULL/],
    ['unknown partition column', [events({ partitionBy: { kind: 'range', columns: ['nope'] } })], /\|events\|nope\|partitionBy: names a column the table does not have/],
    ['list on two columns', [events({ partitionBy: { kind: 'list', columns: ['id', 'at'] } })], /partitionBy: list partitioning takes one column, not 2/],
    ['range on an unsupported type', [{ name: 'b', columns: { h: bytea() }, partitionBy: { kind: 'range', columns: ['h'] } }], /\|b\|h\|partitionBy: pgtwin checks range bounds for .* not bytea/],
    ['timestamptz bound that does not parse', [events({ partitionBy: { kind: 'range', columns: ['at'], partitions: [{ name: 'p', from: '2024-13-01', to: '2025-01-01' }] } })], /\|events\|at\|partitionBy: partition "p" from: .*2024-13-01.*not a valid timestamptz bound/],
    ['timestamp bound with a non-zero offset', [{ name: 't', columns: { at: timestamp() }, partitionBy: { kind: 'range', columns: ['at'], partitions: [{ name: 'p', from: '2024-01-01T00:00:00+02:00', to: '2025-01-01' }] } }], /\|t\|at\|partitionBy: partition "p" from: .*not a valid timestamp bound/],
    ['integer bound out of range', [{ name: 'i', columns: { n: integer() }, partitionBy: { kind: 'range', columns: ['n'], partitions: [{ name: 'p', from: 0, to: 2 ** 31 }] } }], /\|i\|n\|partitionBy: partition "p" to: .*not a valid integer bound/],
    ['integer bound that is a fraction', [{ name: 'i', columns: { n: bigint() }, partitionBy: { kind: 'range', columns: ['n'], partitions: [{ name: 'p', from: '1.5', to: 3 }] } }], /\|i\|n\|partitionBy: partition "p" from: "1\.5" is not an integer/],
    ['numeric bound that is not a number', [{ name: 'n', columns: { x: numeric(10, 2) }, partitionBy: { kind: 'range', columns: ['x'], partitions: [{ name: 'p', from: 'NaN', to: '10' }] } }], /\|n\|x\|partitionBy: partition "p" from: "NaN" is not a finite decimal number/],
    ['date bound that is not a date', [{ name: 'd', columns: { day: date() }, partitionBy: { kind: 'range', columns: ['day'], partitions: [{ name: 'p', from: '2024-02-30', to: '2024-03-01' }] } }], /\|d\|day\|partitionBy: partition "p" from: .*not a calendar date/],
    ['varchar bound longer than the column', [{ name: 'v', columns: { s: varchar(2) }, partitionBy: { kind: 'list', columns: ['s'], partitions: [{ name: 'p', values: ['abc'] }] } }], /\|v\|s\|partitionBy: partition "p": .*not a valid varchar bound/],
    ['enum list value that is not a label', [{ name: 'e', columns: { m: enumOf(mood) }, partitionBy: { kind: 'list', columns: ['m'], partitions: [{ name: 'p', values: ['angry'] }] } }], /\|e\|m\|partitionBy: partition "p": .*not a label of enum mood/],
    ['empty range (from not below to)', [events({ partitionBy: { kind: 'range', columns: ['at'], partitions: [{ name: 'p', from: '2024-02-01', to: '2024-01-01' }] } })], /partitionBy: partition "p": from .* is not below to .*, so it would hold no row/],
    [
      'overlapping ranges (timestamptz, offsets compared as instants)',
      [events({ partitionBy: { kind: 'range', columns: ['at'], partitions: [{ name: 'a', from: '2024-01-01', to: '2024-02-01T01:00:00+02:00' }, { name: 'b', from: '2024-01-31T22:00:00Z', to: '2024-03-01' }] } })],
      /partitionBy: partitions "a" .* and "b" .* overlap/,
    ],
    ['overlapping numeric ranges (compared as numbers, not text)', [{ name: 'n', columns: { x: numeric() }, partitionBy: { kind: 'range', columns: ['x'], partitions: [{ name: 'a', from: '9', to: '100.5' }, { name: 'b', from: '1e2', to: '1000' }] } }], /partitions "a" .* and "b" .* overlap/],
    ['overlapping integer ranges', [{ name: 'i', columns: { n: bigint() }, partitionBy: { kind: 'range', columns: ['n'], partitions: [{ name: 'a', from: 0, to: 10n }, { name: 'b', from: '9', to: 20 }] } }], /partitions "a" .* and "b" .* overlap/],
    ['overlapping two-column ranges', [{ name: 'r', columns: { s: integer(), d: date() }, partitionBy: { kind: 'range', columns: ['s', 'd'], partitions: [{ name: 'a', from: [1, '2024-01-01'], to: [13, '2024-01-01'] }, { name: 'b', from: [12, '2000-01-01'], to: [26, '2024-01-01'] }] } }], /partitions "a" .* and "b" .* overlap/],
    ['range bound with the wrong number of values', [{ name: 'r', columns: { s: text(), d: date() }, partitionBy: { kind: 'range', columns: ['s', 'd'], partitions: [{ name: 'a', from: 'a', to: ['m', '2024-01-01'] }] } }], /partition "a": from has 1 value\(s\) for 2 partition column\(s\)/],
    ['list value twice', [{ name: 'e', columns: { m: enumOf(mood) }, partitionBy: { kind: 'list', columns: ['m'], partitions: [{ name: 'p', values: ['sad'] }, { name: 'q', values: ['ok', 'sad'] }] } }], /\|e\|m\|partitionBy: value "sad" is listed in partitions "p" and "q"/],
    ['hash remainder not below its modulus', [{ name: 'h', columns: { id: bigint() }, partitionBy: { kind: 'hash', columns: ['id'], partitions: [{ name: 'h0', modulus: 4, remainder: 4 }] } }], /partitionBy: partition "h0": needs an integer modulus ≥ 1 and an integer remainder from 0 to modulus - 1/],
    ['hash remainders that overlap', [{ name: 'h', columns: { id: bigint() }, partitionBy: { kind: 'hash', columns: ['id'], partitions: [{ name: 'a', modulus: 4, remainder: 1 }, { name: 'b', modulus: 4, remainder: 1 }] } }], /hash partitions "a" .* and "b" .* overlap/],
    ['hash remainders that overlap across moduli', [{ name: 'h', columns: { id: bigint() }, partitionBy: { kind: 'hash', columns: ['id'], partitions: [{ name: 'a', modulus: 2, remainder: 1 }, { name: 'b', modulus: 4, remainder: 3 }] } }], /hash partitions "a" .* and "b" .* overlap/],
    ['hash moduli that do not divide each other', [{ name: 'h', columns: { id: bigint() }, partitionBy: { kind: 'hash', columns: ['id'], partitions: [{ name: 'a', modulus: 3, remainder: 0 }, { name: 'b', modulus: 4, remainder: 1 }] } }], /hash moduli must each divide the next larger one/],
    ['default partition of a hash table', [{ name: 'h', columns: { id: bigint() }, partitionBy: { kind: 'hash', columns: ['id'], defaultPartition: true } }], /a hash-partitioned table cannot have a default partition/],
    ['two partitions with one name', [events({ partitionBy: { kind: 'range', columns: ['at'], partitions: [{ name: 'p', from: '2024-01-01', to: '2024-02-01' }, { name: 'p', from: '2024-02-01', to: '2024-03-01' }] } })], /two partitions are named "p"/],
    ['a partition named like another table', [events({ partitionBy: { kind: 'range', columns: ['at'], partitions: [{ name: 'other', from: '2024-01-01', to: '2024-02-01' }] } }), { name: 'other', columns: { id: bigint() } }], /\|events\|\|partitionBy: partition "other" has the name of table "other"/],
    ['a foreign key to a partitioned table', [events(), { name: 'child', columns: { event_id: bigint().references('events', 'id') } }], /\|child\|event_id\|references "events"\."id", which is not its primary key .*"events" is partitioned/],
    ['colocation with an undeclared table', [{ name: 'd', columns: { tenant: bigint() }, distributeBy: { column: 'tenant', colocateWith: 'ghost' } }], /\|d\|\|distributeBy\.colocateWith: table "ghost" is not declared/],
    ['colocation with a table that is not distributed', [{ name: 'd', columns: { tenant: bigint() }, distributeBy: { column: 'tenant', colocateWith: 'p' } }, { name: 'p', columns: { id: bigint() } }], /distributeBy\.colocateWith: table "p" is not distributed/],
    ['colocation across column types', [{ name: 'd', columns: { tenant: bigint() }, distributeBy: { column: 'tenant', colocateWith: 'p' } }, { name: 'p', columns: { id: text() }, distributeBy: { column: 'id' } }], /\|d\|tenant\|distributeBy\.colocateWith: the distribution column is bigint but "p"\."id" is text/],
    ['colocation with a reference table', [{ name: 'd', columns: { tenant: bigint() }, distributeBy: { column: 'tenant', colocateWith: 'r' } }, { name: 'r', columns: { id: bigint() }, distributeBy: { reference: true } }], /\|d\|\|distributeBy\.colocateWith: table "r" is a reference table/],
    ['reference table with a column', [{ name: 'r', columns: { id: bigint() }, distributeBy: { reference: true, column: 'id' } as unknown as { reference: true } }], /\|r\|\|distributeBy: a reference table has no distribution column or colocation/],
    ['partitioned reference table', [events({ distributeBy: { reference: true } })], /\|events\|\|distributeBy: a partitioned table cannot be a reference table/],
    ['reference: false', [{ name: 'r', columns: { id: bigint() }, distributeBy: { reference: false } as unknown as { reference: true } }], /\|r\|\|distributeBy\.reference: must be true, not false/],
    ['distribution column that does not exist', [{ name: 'd', columns: { id: bigint() }, distributeBy: { column: 'tenant' } }], /\|d\|tenant\|distributeBy: names a column the table does not have/],
    ['distribution column of type json', [{ name: 'd', columns: { j: json(), id: bigint() }, distributeBy: { column: 'j' } }], /\|d\|j\|distributeBy: a json column cannot be a distribution column/],
    ['nullable distribution column', [{ name: 'd', columns: { id: bigint(), tenant: bigint().nullable() }, distributeBy: { column: 'tenant' } }], /\|d\|tenant\|distributeBy: is nullable; Citus refuses a row whose distribution column is NULL/],
    ['hypertable segmentBy column that does not exist', [{ name: 'm', columns: { at: timestamptz() }, hypertable: { timeColumn: 'at', chunkInterval: '1 day', segmentBy: ['nope'] } }], /\|m\|nope\|hypertable\.segmentBy: names a column the table does not have/],
    ['hypertable orderBy that is not a column', [{ name: 'm', columns: { at: timestamptz() }, hypertable: { timeColumn: 'at', chunkInterval: '1 day', orderBy: ['at DOWN'] } }], /\|m\|at DOWN\|hypertable\.orderBy: must be a column of the table/],
    ['hypertable with partitionBy', [events({ hypertable: { timeColumn: 'at', chunkInterval: '1 day' } })], /hypertable: cannot be combined with partitionBy/],
    ['hypertable on a text column', [{ name: 'm', columns: { at: text() }, hypertable: { timeColumn: 'at', chunkInterval: '1 day' } }], /\|m\|at\|hypertable\.timeColumn: must be timestamptz, timestamp, date or an integer type, not text/],
    ['hypertable on a nullable column', [{ name: 'm', columns: { at: timestamptz().nullable() }, hypertable: { timeColumn: 'at', chunkInterval: '1 day' } }], /\|m\|at\|hypertable\.timeColumn: is nullable/],
    ['hypertable chunk interval that is not an interval', [{ name: 'm', columns: { at: timestamptz() }, hypertable: { timeColumn: 'at', chunkInterval: "1 day'; DROP TABLE m; --" } }], /\|m\|at\|hypertable\.chunkInterval: .* must be an interval such as '1 month'/],
    ['integer hypertable chunk interval that is not a positive integer', [{ name: 'm', columns: { seq: bigint() }, hypertable: { timeColumn: 'seq', chunkInterval: '1 day' } }], /\|m\|seq\|hypertable\.chunkInterval: "1 day" must be a positive integer/],
  ];

  it.each(cases)('%s', (_name, tables, pattern) => {
    const issues = issuesOf(...tables);
    expect(issues.some((i) => pattern.test(i)), issues.join('\n')).toBe(true);
  });
});
