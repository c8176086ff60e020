/**
 * Indexes, checks, foreign keys, storage and comments at codegen: what is checked (with the
 * schema file, table and column named) and the DDL printed for them.
 */
import { describe, expect, it } from 'vitest';
import { bigint, defineTable, integer, jsonb, numeric, sql, text, timestamptz, type TableInput } from '../../schema-dsl/index.ts';
import type { LoadedSchema } from '../../generator/load-schema.ts';
import { buildModel } from '../../generator/model.ts';
import { renderFiles } from '../../generator/render.ts';
import { SchemaError, validateSchema } from '../../generator/validate.ts';

function schemaOf(tables: Record<string, ReturnType<typeof defineTable>>): LoadedSchema {
  const modules = Object.entries(tables).map(([file, t]) => ({ file, exports: { default: t } as Record<string, unknown> }));
  return { modules, index: { file: 'schema/index.ts', exports: Object.fromEntries(modules.map((m, i) => [`t${i}`, m.exports.default])) } };
}

function issuesOf(schema: LoadedSchema): string[] {
  try {
    validateSchema(schema);
  } catch (err) {
    if (err instanceof SchemaError) return err.issues.map((i) => `${i.file}|${i.table ?? ''}|${i.column ?? ''}|${i.message}`);
    throw err;
  }
  return [];
}

const parents = defineTable({ name: 'parents', columns: { id: bigint(), region: text(), code: text() }, primaryKey: ['id'], unique: [['region', 'code']] });

function child(extra: Partial<TableInput>, columns: TableInput['columns'] = {}) {
  return defineTable({ name: 'children', columns: { id: bigint(), parent: bigint(), region: text(), code: text(), amount: numeric(20, 7), note: text().nullable(), ...columns }, primaryKey: ['id'], ...extra });
}

describe('codegen checks of indexes, checks and foreign keys', () => {
  it('names the missing column of an index key, INCLUDE and a quoted name in an expression or WHERE', () => {
    const bad = child({
      indexes: [
        { name: 'children_a', columns: ['amonut'] },
        { name: 'children_b', columns: ['id'], include: ['nope'] },
        { name: 'children_c', columns: [sql('lower("Note")')], where: sql('"amount" > 0 AND "ghost" IS NULL') },
      ],
    });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': bad }))).toEqual([
      'schema/children.ts|children||indexes[0] ("children_a").columns[0] names column "amonut", which the table does not have (did you mean "amount"?)',
      'schema/children.ts|children||indexes[1] ("children_b").include names column "nope", which the table does not have (did you mean "note"?)',
      'schema/children.ts|children||indexes[2] ("children_c").columns[0] names "Note", which is not a column of the table (did you mean "note"?)',
      'schema/children.ts|children||indexes[2] ("children_c").where names "ghost", which is not a column of the table',
    ]);
  });

  it('refuses what PostgreSQL would refuse: unique hash, ordered gin, INCLUDE on hash, unknown parameters, duplicate names', () => {
    const bad = child({
      indexes: [
        { name: 'children_h', columns: ['code'], using: 'hash', unique: true, include: ['id'] },
        { name: 'children_g', columns: [{ column: 'code', order: 'desc' }], using: 'gin' },
        { name: 'children_w', columns: ['code'], with: { pages_per_range: 4 } },
      ],
      storage: { fillfactr: 90 },
      checks: [{ name: 'children_amount_check', expr: sql('amount > 0') }],
    }, { amount: numeric(20, 7).check(sql('amount >= 0')) });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': bad }))).toEqual([
      'schema/children.ts|children||indexes[0] ("children_h"): only btree indexes can be unique (PostgreSQL refuses UNIQUE with hash)',
      'schema/children.ts|children||indexes[0] ("children_h"): hash indexes take no INCLUDE columns (btree, gist and spgist do)',
      'schema/children.ts|children||indexes[1] ("children_g").columns[0]: gin indexes keep no order (PostgreSQL refuses ASC/DESC/NULLS with gin)',
      'schema/children.ts|children||indexes[2] ("children_w").with: unknown parameter "pages_per_range"; known: fillfactor, deduplicate_items',
      'schema/children.ts|children||the constraint name "children_amount_check" is used by check "children_amount_check" and the check on column "amount"',
      'schema/children.ts|children||storage: unknown parameter "fillfactr" (did you mean "fillfactor"?); known: ' + 'fillfactor, toast_tuple_target, parallel_workers, user_catalog_table, vacuum_index_cleanup, vacuum_truncate, log_autovacuum_min_duration, autovacuum_enabled, autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_threshold, autovacuum_analyze_scale_factor, autovacuum_vacuum_cost_delay, autovacuum_vacuum_cost_limit, autovacuum_freeze_min_age, autovacuum_freeze_max_age, autovacuum_freeze_table_age, autovacuum_multixact_freeze_min_age, autovacuum_multixact_freeze_max_age, autovacuum_multixact_freeze_table_age, toast.autovacuum_enabled, toast.autovacuum_vacuum_threshold, toast.autovacuum_vacuum_scale_factor, toast.autovacuum_vacuum_insert_threshold, toast.autovacuum_vacuum_insert_scale_factor, toast.autovacuum_vacuum_cost_delay, toast.autovacuum_vacuum_cost_limit, toast.autovacuum_freeze_min_age, toast.autovacuum_freeze_max_age, toast.autovacuum_freeze_table_age, toast.autovacuum_multixact_freeze_min_age, toast.autovacuum_multixact_freeze_max_age, toast.autovacuum_multixact_freeze_table_age, toast.log_autovacuum_min_duration, toast.vacuum_index_cleanup, toast.vacuum_truncate',
    ]);
    // Checked across tables once each table is valid: index names share the namespace of tables, partitions and key indexes.
    const names = child({ indexes: [{ name: 'children_w', columns: ['code'] }, { name: 'children_w', columns: ['region'] }, { name: 'parents', columns: ['region'] }, { name: 'parents_pkey', columns: ['code'] }] });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': names }))).toEqual([
      'schema/children.ts|children||index "children_w": the name is taken by index "children_w" of "children" (indexes share one namespace with tables)',
      'schema/children.ts|children||index "parents": the name is taken by table "parents" (indexes share one namespace with tables)',
      'schema/children.ts|children||index "parents_pkey": the name is taken by the primary key index of "parents" (indexes share one namespace with tables)',
    ]);
  });

  it('checks foreign keys: target table and key, column count, types, deferral, SET NULL on NOT NULL', () => {
    const bad = child({
      foreignKeys: [
        { columns: ['region', 'code'], references: { table: 'parents', columns: ['code', 'region'] } },
        { columns: ['region'], references: { table: 'parents', columns: ['region'] } },
        { columns: ['region', 'code'], references: { table: 'parentz', columns: ['region', 'code'] } },
        { columns: ['parent', 'code'], references: { table: 'parents', columns: ['region', 'code'] }, onDelete: 'setNull', initiallyDeferred: true },
        { columns: ['id'], references: { table: 'parents', columns: ['id', 'region'] } },
      ],
    }, { parent: bigint().references('parents', 'id', { onDelete: 'cascde' as 'cascade', deferrable: true, initiallyDeferred: true }) });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': bad }))).toEqual([
      "schema/children.ts|children|parent|.references(): onDelete must be one of 'noAction', 'restrict', 'cascade', 'setNull', 'setDefault', not the string \"cascde\" (did you mean \"cascade\"?)",
      'schema/children.ts|children||foreignKeys[3]: initiallyDeferred needs deferrable: true (PostgreSQL refuses INITIALLY DEFERRED on a NOT DEFERRABLE constraint)',
      'schema/children.ts|children||foreignKeys[4]: 1 column(s) reference 2 column(s) of "parents"; give as many on each side',
      'schema/children.ts|children||foreign key (parent, code): setNull on NOT NULL column(s) code would fail when it fires',
    ]);
    const cross = child({
      foreignKeys: [
        { columns: ['region', 'code'], references: { table: 'parents', columns: ['code', 'region'] } },
        { columns: ['region'], references: { table: 'parents', columns: ['region'] } },
        { columns: ['region', 'code'], references: { table: 'parentz', columns: ['region', 'code'] } },
        { columns: ['parent', 'code'], references: { table: 'parents', columns: ['region', 'code'] } },
      ],
    });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': cross }))).toEqual([
      'schema/children.ts|children||foreign key (region) references "parents" (region), which is not its primary key or a unique key (PostgreSQL needs one to point at)',
      'schema/children.ts|children||foreign key (region, code) references table "parentz", which the schema does not declare',
      'schema/children.ts|children|parent|is bigint but its foreign key references "parents"."region" of type text',
    ]);
  });

  it('a unique index is a key for ON CONFLICT and for foreign keys; a unique index on a partitioned table needs the partition column', () => {
    const keyed = defineTable({ name: 'keyed', columns: { id: bigint(), hash: text() }, conflictTarget: ['hash'], indexes: [{ name: 'keyed_hash', columns: ['hash'], unique: true }] });
    const refs = defineTable({ name: 'refs', columns: { id: bigint(), hash: text().references('keyed', 'hash') } });
    expect(issuesOf(schemaOf({ 'schema/keyed.ts': keyed, 'schema/refs.ts': refs }))).toEqual([]);
    const parted = defineTable({
      name: 'parted',
      columns: { at: timestamptz(), id: bigint() },
      partitionBy: { kind: 'range', columns: ['at'] },
      indexes: [{ name: 'parted_id', columns: ['id'], unique: true }],
      storage: { fillfactor: 90 },
    });
    expect(issuesOf(schemaOf({ 'schema/parted.ts': parted }))).toEqual([
      'schema/parted.ts|parted||indexes[0] ("parted_id"): a unique index on a partitioned table must contain the partition column(s) at (PostgreSQL enforces it only within one partition)',
      'schema/parted.ts|parted||storage: PostgreSQL refuses storage parameters on a partitioned table (they belong to its partitions)',
    ]);
  });
});

describe('DDL of indexes, checks, foreign keys, storage and comments', () => {
  it('prints them quoted, constraints in CREATE TABLE, the rest after the table and its partitions', () => {
    const t = defineTable({
      name: 'Events',
      columns: {
        id: bigint(),
        'Kind': integer().check(sql('"Kind" BETWEEN 1 AND 9')).comment('What happened.'),
        data: jsonb().nullable(),
        region: text(),
        code: text(),
      },
      primaryKey: ['id'],
      indexes: [
        { name: 'events by kind', columns: [{ column: 'Kind', order: 'desc', nulls: 'last' }, { expr: sql("data->>'x'"), opclass: 'text_pattern_ops' }], include: ['id'], where: sql('data IS NOT NULL'), with: { fillfactor: 70 } },
        { name: 'events_data', columns: [{ column: 'data', opclass: 'jsonb_path_ops' }], using: 'gin' },
      ],
      checks: [{ name: 'events_region', expr: sql("region <> ''") }],
      foreignKeys: [{ columns: ['region', 'code'], references: { table: 'regions', columns: ['region', 'code'] }, name: 'events_region_fk', onDelete: 'cascade', deferrable: true, initiallyDeferred: true, matchFull: true }],
      storage: { fillfactor: 90, autovacuum_enabled: false, vacuum_index_cleanup: 'auto' },
      comment: "It's the events table.",
    });
    const regions = defineTable({ name: 'regions', columns: { region: text(), code: text(), owner: bigint().references('Events', 'id', { name: 'owner_fk', onUpdate: 'restrict', deferrable: true }) }, primaryKey: ['region', 'code'] });
    // Events → regions → Events is a cycle; take the column reference out to print Events alone.
    const regionsPlain = defineTable({ name: 'regions', columns: { region: text(), code: text() }, primaryKey: ['region', 'code'] });
    expect(() => validateSchema(schemaOf({ 'schema/events.ts': t, 'schema/regions.ts': regions }))).toThrow(/foreign keys form a cycle: Events → regions → Events/);
    const sqlText = renderFiles(buildModel(validateSchema(schemaOf({ 'schema/events.ts': t, 'schema/regions.ts': regionsPlain })))).get('schema.sql') ?? '';
    expect(sqlText).toContain(`CREATE TABLE "regions" (`);
    expect(sqlText.indexOf('CREATE TABLE "regions"')).toBeLessThan(sqlText.indexOf('CREATE TABLE "Events"'));
    expect(sqlText).toContain(`  "Kind" int4 NOT NULL,
  "data" jsonb,
  "region" text NOT NULL,
  "code" text NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "events_region" CHECK (region <> ''),
  CONSTRAINT "Events_Kind_check" CHECK ("Kind" BETWEEN 1 AND 9),
  CONSTRAINT "events_region_fk" FOREIGN KEY ("region", "code") REFERENCES "regions" ("region", "code") MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE "Events" SET (fillfactor = 90, autovacuum_enabled = false, vacuum_index_cleanup = 'auto');
CREATE INDEX "events by kind" ON "Events" USING btree ("Kind" DESC NULLS LAST, (data->>'x') "text_pattern_ops") INCLUDE ("id") WITH (fillfactor = 70) WHERE data IS NOT NULL;
CREATE INDEX "events_data" ON "Events" USING gin ("data" "jsonb_path_ops");
COMMENT ON TABLE "Events" IS 'It''s the events table.';
COMMENT ON COLUMN "Events"."Kind" IS 'What happened.';`);
    const owner = defineTable({ name: 'owners', columns: { id: bigint(), event: bigint().references('Events', 'id', { name: 'owner_fk', onUpdate: 'restrict', deferrable: true }) } });
    const withOwner = renderFiles(buildModel(validateSchema(schemaOf({ 'schema/events.ts': t, 'schema/regions.ts': regionsPlain, 'schema/owners.ts': owner })))).get('schema.sql') ?? '';
    expect(withOwner).toContain('"event" int8 NOT NULL CONSTRAINT "owner_fk" REFERENCES "Events" ("id") ON UPDATE RESTRICT DEFERRABLE');
  });
});

describe('quoted names in expressions that are not columns', () => {
  it('takes COLLATE "C" (as pg_get_constraintdef prints it) and still names a quoted column that does not exist', () => {
    const ok = child({ checks: [{ name: 'children_code_c', expr: sql(`code > ('a'::text COLLATE "C")`) }], indexes: [{ name: 'children_code', columns: [sql('code COLLATE "C"')] }] });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': ok }))).toEqual([]);
    const bad = child({ checks: [{ name: 'children_code_c', expr: sql(`"Code" > ('a'::text collate "C")`) }] });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': bad }))).toEqual(['schema/children.ts|children||checks[0] ("children_code_c") names "Code", which is not a column of the table (did you mean "code"?)']);
  });
});

describe('index key collations', () => {
  it('prints COLLATE before the operator class and refuses a collate that is not a name', () => {
    const ok = child({ indexes: [{ name: 'children_code_c', columns: [{ column: 'code', collate: 'C', opclass: 'text_pattern_ops', order: 'desc' }] }] });
    const sqlText = renderFiles(buildModel(validateSchema(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': ok })))).get('schema.sql') ?? '';
    expect(sqlText).toContain('CREATE INDEX "children_code_c" ON "children" USING btree ("code" COLLATE "C" "text_pattern_ops" DESC);');
    const bad = child({ indexes: [{ name: 'children_code_c', columns: [{ column: 'code', collate: 7 as unknown as string }] }] });
    expect(issuesOf(schemaOf({ 'schema/parents.ts': parents, 'schema/children.ts': bad }))).toEqual(['schema/children.ts|children||indexes[0] ("children_code_c").columns[0]: collate must be a non-empty string, not number 7 (a collation name such as \'C\')']);
  });
});

describe('unique indexes on hypertables and distributed tables', () => {
  it('must contain the time or distribution column, as unique keys must', () => {
    const events = defineTable({ name: 'events', columns: { id: bigint(), at: timestamptz(), level: text() }, primaryKey: ['id', 'at'], hypertable: { timeColumn: 'at', chunkInterval: '1 day' }, indexes: [{ name: 'events_level', columns: ['level'], unique: true }, { name: 'events_level_at', columns: ['level', 'at'], unique: true }] });
    const shards = defineTable({ name: 'shards', columns: { id: bigint(), tenant: bigint(), code: text() }, primaryKey: ['tenant', 'id'], distributeBy: { column: 'tenant' }, indexes: [{ name: 'shards_code', columns: ['code'], unique: true }] });
    expect(issuesOf(schemaOf({ 'schema/events.ts': events, 'schema/shards.ts': shards }))).toEqual([
      'schema/events.ts|events|at|unique index "events_level" (level) must contain the hypertable time column "at": TimescaleDB enforces a unique key only within one chunk',
      'schema/shards.ts|shards|tenant|unique index "shards_code" (code) must contain the distribution column "tenant": Citus enforces a unique key only within one shard',
    ]);
  });
});
