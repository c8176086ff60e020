/**
 * pull → codegen → schema.sql on a fresh database → verify: no difference. The source
 * database comes from test/fixtures/all-types.sql, which uses every supported type.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.ts';
import { introspect } from '../../generator/introspect.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { pullSchema, writePulled } from '../../generator/pull.ts';
import { validateSchema } from '../../generator/validate.ts';
import { verifySchema } from '../../generator/verify.ts';
import { PG_TYPE_NAMES } from '@pgtwin/runtime/internal/pg-types';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const repo = path.resolve(import.meta.dirname, '../..');
const project = path.join(repo, '.tmp', `pull-${process.pid}`);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('pull round trip', () => {
  it('pull → codegen → apply schema.sql to a fresh database → verify finds no difference', async () => {
    // A base type pgtwin has no codec for, made in plain SQL from int4's I/O functions (public: both schemas see it).
    await db.client.query(`CREATE TYPE myint;
      CREATE FUNCTION myint_in(cstring) RETURNS myint AS 'int4in' LANGUAGE internal IMMUTABLE STRICT;
      CREATE FUNCTION myint_out(myint) RETURNS cstring AS 'int4out' LANGUAGE internal IMMUTABLE STRICT;
      CREATE TYPE myint (INPUT = myint_in, OUTPUT = myint_out, LIKE = int4)`);
    // One whose array delimiter is ';' (box's I/O functions and typdelim), as pull must write it.
    await db.client.query(`CREATE TYPE mybox;
      CREATE FUNCTION mybox_in(cstring) RETURNS mybox AS 'box_in' LANGUAGE internal IMMUTABLE STRICT;
      CREATE FUNCTION mybox_out(mybox) RETURNS cstring AS 'box_out' LANGUAGE internal IMMUTABLE STRICT;
      CREATE TYPE mybox (INPUT = mybox_in, OUTPUT = mybox_out, LIKE = box, DELIMITER = ';')`);
    for (const e of ['citext', 'cube', 'hstore', 'isn', 'ltree', 'seg']) await db.client.query(`CREATE EXTENSION ${e}`);
    await db.client.query('CREATE SCHEMA source; SET search_path = source, public');
    await db.client.query(readFileSync(path.join(repo, 'test/fixtures/all-types.sql'), 'utf8'));
    await db.client.query('RESET search_path');

    const pulled = pullSchema(await introspect(db.client, 'source'), { importExtension: '.ts' });
    // No column is left out: types without a codec and parameters the DSL cannot express are raw().
    expect(pulled.raw).toEqual(expect.arrayContaining([
      'everything.c_myint: myint (a type pgtwin has no codec for)',
      'everything.c_myints: myint[] (a type pgtwin has no codec for)',
      "everything.c_neg_scale: numeric(5,-2) (numeric scale -2 must be an integer from 0 to the precision 5 in pgtwin's schema DSL)",
    ]));
    const everything = pulled.files.find((f) => f.name === 'everything.ts')?.source ?? '';
    expect(everything).toContain("c_myint: raw('myint'),");
    expect(everything).toContain("c_myints: raw('myint').array().nullable(),");
    expect(everything).toContain("c_myboxes: raw('mybox', { delimiter: ';' }).array().nullable(),");
    expect(everything).toContain("c_neg_scale: raw('numeric(5,-2)').nullable(),");
    expect(everything).not.toMatch(/unsupported/);
    const contrib = pulled.files.find((f) => f.name === 'contrib.ts')?.source ?? '';
    expect(contrib).toContain('c_citext: citext(),');
    expect(contrib).toContain('a_hstore: hstore().array().nullable(),');
    expect(contrib).toContain('c_seg: seg().nullable(),');
    expect(contrib).not.toContain('raw(');
    const wave2 = pulled.files.find((f) => f.name === 'wave2.ts')?.source ?? '';
    for (const call of ['bit(3)', 'bit(1)', 'varbit(7)', 'varbit()', 'singleChar()', 'pgLsn()', 'money().default(sql("0"))', 'box().array()']) expect(wave2).toContain(call);
    mkdirSync(project, { recursive: true });
    writePulled(path.join(project, 'schema'), pulled.files, false);
    // Never overwrites unless told to.
    expect(writePulled(path.join(project, 'schema'), pulled.files, false)).toEqual(pulled.files.map((f) => `kept     ${f.name} (exists; --force overwrites)`));

    const loaded = await loadSchema({ root: project, schemaDir: 'schema' });
    const ir = validateSchema(loaded);
    const used = new Set(ir.tables.flatMap((t) => t.columns.map((c) => `${c.type}${c.isArray ? '[]' : ''}`)));
    for (const t of PG_TYPE_NAMES) {
      expect(used.has(t), t).toBe(true);
      expect(used.has(`${t}[]`), `${t}[]`).toBe(true);
    }
    // Precisions, interval fields and array dimensions are kept (issue 16 wave 2).
    const periods = pulled.files.find((f) => f.name === 'periods.ts')?.source ?? '';
    for (const call of ['int4range()', 'time()', 'time(3)', 'timetz(0)', 'timestamp(2)', 'timestamptz(0)', 'interval(4)', "interval({ fields: 'day to second', precision: 1 })", "interval({ fields: 'year to month' })", "interval({ fields: 'minute to second' })", 'integer().array(2)', 'text().array(3)', 'timestamptz(3).array(2)', "interval({ fields: 'day to second' }).array(2)"]) {
      expect(periods, call).toContain(call);
    }
    expect(ir.tables.find((t) => t.name === 'periods')?.primaryKey).toEqual(['id']);
    const files = generate(loaded, { root: project, outDir: 'generated' });

    await db.client.query('CREATE SCHEMA fresh; SET search_path = fresh, public');
    expect(files.get('schema.sql')).toContain('CREATE EXTENSION IF NOT EXISTS "hstore";');
    await db.client.query(files.get('schema.sql') ?? '');
    await db.client.query('RESET search_path');
    const fresh = await introspect(db.client, 'fresh');
    expect(verifySchema(ir, fresh)).toEqual([]);
    // Partitioning survives the round trip: same strategy, key and partition bounds.
    const source = await introspect(db.client, 'source');
    for (const table of ['events', 'regions', 'buckets']) {
      expect(fresh.tables.get(table)?.partitioning, table).toEqual(source.tables.get(table)?.partitioning);
      expect(source.tables.get(table)?.partitioning?.partitions.length, table).toBeGreaterThanOrEqual(2);
    }
    expect(pulled.files.find((f) => f.name === 'events.ts')?.source).toContain('defaultPartition: "events_default"');

    // Against the source database, only a note: the serial pulled as identity.
    const againstSource = verifySchema(ir, await introspect(db.client, 'source'));
    expect(againstSource.filter((f) => f.severity === 'breaking')).toEqual([]);
    expect(againstSource.map((f) => `${f.table}.${f.column}`).sort()).toEqual(['everything.id']);
    void source;
  });
});
