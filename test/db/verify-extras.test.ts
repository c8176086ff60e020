/**
 * verify on a hand-written schema: its expressions (`amount > 0`) are compared as the server
 * prints them (`amount > 0::numeric`), so schema.sql's own database verifies clean; a missing
 * index names the generated statements it slows.
 */
import { describe, expect, it } from 'vitest';
import { bigint, defineTable, enumOf, enumType, numeric, sql, text, timestamptz } from '../../schema-dsl/index.ts';
import { introspect, type DbSchema } from '../../generator/introspect.ts';
import { pullSchema } from '../../generator/pull.ts';
import type { LoadedSchema } from '../../generator/load-schema.ts';
import { buildModel } from '../../generator/model.ts';
import { renderFiles } from '../../generator/render.ts';
import { SchemaError, validateSchema } from '../../generator/validate.ts';
import { withServerSpelling } from '../../generator/verify-extras.ts';
import { verifySchema } from '../../generator/verify.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

const accounts = defineTable({ name: 'accounts', columns: { id: text(), balance: numeric(20, 7).check(sql('balance >= 0')) }, primaryKey: ['id'] });
const payments = defineTable({
  name: 'payments',
  columns: { id: bigint(), account: text().references('accounts', 'id', { onDelete: 'cascade' }), amount: numeric(20, 7), memo: text().nullable() },
  primaryKey: ['id'],
  deleteKey: ['account', 'id'],
  upsert: { set: { amount: 'excluded' } },
  indexes: [
    { name: 'payments_account', columns: ['account', 'id'] },
    { name: 'payments_memo', columns: [sql('lower(memo)')], where: sql("memo <> ''") },
  ],
  checks: [{ name: 'payments_amount', expr: sql('amount > 0 and amount < 1e9') }],
});
const loaded: LoadedSchema = { modules: [{ file: 'schema/accounts.ts', exports: { default: accounts } }, { file: 'schema/payments.ts', exports: { default: payments } }], index: { file: 'schema/index.ts', exports: { accounts, payments } } };

describe('verify of indexes and checks written by hand', () => {
  it('finds nothing on the database schema.sql made, and names what a missing index slows', async () => {
    const ir = validateSchema(loaded);
    const schemaSql = renderFiles(buildModel(ir)).get('schema.sql') ?? '';
    await db.client.query(schemaSql);

    // As written, the expressions differ from the server's spelling of them...
    const raw = verifySchema(ir, await introspect(db.client, 'public'));
    expect(raw.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'breaking check accounts_balance_check is (balance >= 0::numeric) in the database but (balance >= 0) in the schema: the database accepts or refuses other rows than the schema says',
      "note index payments_memo differs in the database: WHERE memo <> ''::text, schema memo <> '' (CREATE INDEX payments_memo ON public.payments USING btree (lower(memo)) WHERE (memo <> ''::text))",
      "breaking check payments_amount is (amount > 0::numeric AND amount < '1000000000'::numeric) in the database but (amount > 0 and amount < 1e9) in the schema: the database accepts or refuses other rows than the schema says",
    ]);
    // ...read back through the server (in a scratch schema, rolled back), they are the same.
    const spelled = await withServerSpelling(db.client, ir, schemaSql, 'public');
    expect(spelled.note).toBeUndefined();
    expect(verifySchema(spelled.ir, await introspect(db.client, 'public'))).toEqual([]);
    expect((await db.client.query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'pgtwin_verify%'")).rows[0].n).toBe(0);

    await db.client.query('DROP INDEX payments_account; DROP INDEX payments_memo');
    const missing = verifySchema(spelled.ir, await introspect(db.client, 'public'));
    expect(missing).toEqual([
      {
        table: 'payments',
        severity: 'note',
        message: 'index payments_account ("account", "id") is missing in the database: batchDelete and batchApply (DELETE … USING UNNEST by account, id) find each row by scanning "payments" instead; deletes and key updates on "accounts" look up the rows of "payments" that reference them (the foreign key check and its ON DELETE cascade) by scanning',
      },
      {
        table: 'payments',
        severity: 'note',
        message: "index payments_memo ((lower(memo))) is missing in the database: none of the generated statements read through it (COPY, batchInsert and batchUpsert only write, and a little faster without it); the application's queries on it scan instead",
      },
    ]);
  });
});

describe('verify of a schema whose tables live off the search path', () => {
  it('prints the read-back expressions with the verified schema named as the catalog names it', async () => {
    const mood = enumType('mood', ['ok', 'sad']);
    const feelings = defineTable({
      name: 'feelings',
      columns: { id: bigint(), m: enumOf(mood).check(sql("m <> 'sad'")) },
      primaryKey: ['id'],
      indexes: [{ name: 'feelings_ok', columns: [sql('id + 1')], where: sql("m <> 'ok'") }],
    });
    const ir = validateSchema({ modules: [{ file: 'schema/feelings.ts', exports: { default: feelings, mood } }], index: { file: 'schema/index.ts', exports: { feelings, mood } } });
    const schemaSql = renderFiles(buildModel(ir)).get('schema.sql') ?? '';
    await db.client.query('CREATE SCHEMA app');
    await db.client.query('BEGIN');
    await db.client.query("SELECT set_config('search_path', 'app', true)");
    await db.client.query(schemaSql);
    await db.client.query('COMMIT');
    // Off the path, the catalog prints 'sad'::app.mood; the scratch schema's read-back must say the same.
    const spelled = await withServerSpelling(db.client, ir, schemaSql, 'app');
    expect(spelled.note).toBeUndefined();
    expect(verifySchema(spelled.ir, await introspect(db.client, 'app'))).toEqual([]);
  });
});

describe("TimescaleDB's own time index on a hypertable", () => {
  // CREATE TABLE … WITH (tsdb.hypertable) makes "<table>_<time>_idx" on (time DESC) by itself. The
  // catalog here is real; the hypertable facts TimescaleDB's views would add are set by hand,
  // so this runs on the plain server (test/engines covers TimescaleDB itself).
  const events = (indexes: { name: string; columns: string[] }[] = []) =>
    defineTable({ name: 'events', columns: { id: bigint(), at: timestamptz(), level: text() }, primaryKey: ['id', 'at'], hypertable: { timeColumn: 'at', chunkInterval: '1 day' }, indexes });
  const asHypertable = (schema: DbSchema): DbSchema => {
    const t = schema.tables.get('events');
    if (!t) throw new Error('events not introspected');
    return { ...schema, tables: new Map([...schema.tables, ['events', { ...t, hypertable: { timeColumn: 'at', chunkInterval: '1 day', intervalIsInteger: false, segmentBy: [], orderBy: [] } }]]) };
  };

  it('is neither reported by verify nor written by pull; declaring its name is a codegen error', async () => {
    await db.client.query('CREATE SCHEMA tsdb_like; CREATE TABLE tsdb_like.events (id int8 NOT NULL, at timestamptz NOT NULL, level text NOT NULL, PRIMARY KEY (id, at)); CREATE INDEX events_at_idx ON tsdb_like.events (at DESC); CREATE INDEX events_level ON tsdb_like.events (level)');
    const dbSchema = asHypertable(await introspect(db.client, 'tsdb_like'));
    const declared = events([{ name: 'events_level', columns: ['level'] }]);
    const ir = validateSchema({ modules: [{ file: 'schema/events.ts', exports: { default: declared } }], index: { file: 'schema/index.ts', exports: { events: declared } } });
    expect(verifySchema(ir, dbSchema)).toEqual([]);
    const source = pullSchema(dbSchema, { importExtension: '.ts' }).files.find((f) => f.name === 'events.ts')?.source ?? '';
    expect(source).toContain('{ name: "events_level", columns: ["level"] }');
    expect(source).not.toContain('events_at_idx');

    const clash = events([{ name: 'events_at_idx', columns: ['at'] }]);
    const named = { modules: [{ file: 'schema/events.ts', exports: { default: clash } }], index: { file: 'schema/index.ts', exports: { events: clash } } };
    expect(() => validateSchema(named)).toThrow(SchemaError);
    expect(() => validateSchema(named)).toThrow(/index "events_at_idx": TimescaleDB gives this name to the index on "at" it makes when schema.sql creates the hypertable/);
  });
});

describe('what a partition declares on its own', () => {
  it('pull names each index, constraint and storage parameter of a partition that the parent lacks', async () => {
    await db.client.query(`CREATE SCHEMA parts;
      CREATE TABLE parts.ev (id int8 NOT NULL, at date NOT NULL, v int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE INDEX ev_v ON parts.ev (v);
      CREATE TABLE parts.ev_2024 PARTITION OF parts.ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') WITH (fillfactor = 80);
      CREATE TABLE parts.ev_2025 PARTITION OF parts.ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE INDEX ev_2025_hot ON parts.ev_2025 (id) WHERE v > 0;
      ALTER TABLE parts.ev_2025 ADD CONSTRAINT ev_2025_small CHECK (v < 10)`);
    const pulled = pullSchema(await introspect(db.client, 'parts'), { importExtension: '.ts' });
    expect(pulled.notes).toEqual([
      'ev: partition ev_2024: storage parameters (fillfactor=80) is the partition\'s own, which the DSL does not declare (only the parent\'s); left out',
      'ev: partition ev_2025: constraint ev_2025_small CHECK (v < 10) is the partition\'s own, which the DSL does not declare (only the parent\'s); left out',
      'ev: partition ev_2025: index CREATE INDEX ev_2025_hot ON parts.ev_2025 USING btree (id) WHERE (v > 0) is the partition\'s own, which the DSL does not declare (only the parent\'s); left out',
    ]);
    expect(pulled.files.find((f) => f.name === 'ev.ts')?.source).toContain('{ name: "ev_v", columns: ["v"] }');
  });
});
