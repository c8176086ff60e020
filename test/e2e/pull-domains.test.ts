/**
 * Domains through pull and verify: pull → codegen → schema.sql on a fresh schema → verify
 * finds no difference; verify reports a domain that differs (base type, checks, NOT NULL).
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
import { bigint, bit, compositeOf, compositeType, defineTable, interval, time, timestamptz } from '../../schema-dsl/index.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const repo = path.resolve(import.meta.dirname, '../..');
const project = path.join(repo, '.tmp', `pull-domains-${process.pid}`);
afterAll(() => rmSync(project, { recursive: true, force: true }));

async function inSchema(schema: string, sql: string): Promise<void> {
  await db.client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
  try {
    await db.client.query(sql);
  } finally {
    await db.client.query('RESET search_path');
  }
}

describe('domains: pull and verify', () => {
  it('pull → codegen → schema.sql → verify finds no difference; a domain over an array of a domain is written raw()', async () => {
    await inSchema('source', readFileSync(path.join(repo, 'test/fixtures/domains.sql'), 'utf8'));
    const pulled = pullSchema(await introspect(db.client, 'source'), { importExtension: '.ts' });
    // No column is left out: what the DSL cannot declare is written as raw() with the reason.
    expect(pulled.raw).toEqual(['holdings.bad: source.amount_list (domain amount_list is over an array of domain amount, which pgtwin\'s DSL does not declare)']);
    const domains = pulled.files.find((f) => f.name === 'types.ts')?.source ?? '';
    expect(domains).toContain(`export const amount = domainType("amount", numeric(39, 0), { check: sql("(VALUE >= (0)::numeric)") });`);
    expect(domains).toContain(`export const percent = domainType("percent", integer(), { check: { percent_max: sql("(VALUE <= 100)"), percent_min: sql("(VALUE >= 0)") }, notNull: true, default: sql("0") });`);
    expect(domains).toContain(`domainType("tags", varchar(20).array(), `);
    expect(domains).toContain(`domainType("moods", enumOf(mood).array())`);
    expect(domains).toContain(`import { mood } from './enums.ts';`);
    // Composites after the types their fields use.
    expect(domains).toContain(`export const entry = compositeType("entry", { label: text(), moods: enumOf(mood).array(), amount: domainOf(amount), pair: compositeOf(pair), pairs: compositeOf(pair).array() });`);
    expect(domains.indexOf('export const pair =')).toBeLessThan(domains.indexOf('export const entry ='));
    expect(domains.indexOf('export const amount =')).toBeLessThan(domains.indexOf('export const entry ='));
    // A domain over a domain and over a composite, each after the type it is over.
    expect(domains).toContain(`export const amount2 = domainType("amount2", domainOf(amount), { check: sql("((VALUE)::numeric < (1000)::numeric)") });`);
    expect(domains).toContain(`export const posPair = domainType("pos_pair", compositeOf(pair), { check: sql("((VALUE).a > 0)") });`);
    expect(domains).toContain(`export const smallEntry = compositeType("small_entry", { nested: domainOf(amount2), pp: domainOf(posPair) });`);
    expect(domains.indexOf('export const amount =')).toBeLessThan(domains.indexOf('export const amount2 ='));
    expect(domains.indexOf('export const pair =')).toBeLessThan(domains.indexOf('export const posPair ='));
    expect(domains.indexOf('export const posPair =')).toBeLessThan(domains.indexOf('export const smallEntry ='));
    const table = pulled.files.find((f) => f.name === 'holdings.ts')?.source ?? '';
    expect(table).toContain('amounts: domainOf(amount).array().nullable(),');
    // A column of a NOT NULL domain is not written .nullable() (codegen refuses that).
    expect(table).toContain('share: domainOf(percent),');
    expect(table).toContain('nested: domainOf(amount2).nullable(),');
    expect(table).toContain('tag_lists: domainOf(tags).array().nullable(),');
    expect(table).toContain('pps: domainOf(posPair).array().nullable(),');
    mkdirSync(project, { recursive: true });
    writePulled(path.join(project, 'schema'), pulled.files, false);

    const loaded = await loadSchema({ root: project, schemaDir: 'schema' });
    const ir = validateSchema(loaded);
    expect(ir.domains?.map((d) => d.name)).toEqual(['Odd "name"', 'amount', 'amount2', 'calm_mood', 'moods', 'percent', 'pos_pair', 'tags']);
    expect(ir.composites?.map((d) => d.name)).toEqual(['pair', 'entry', 'small_entry']);
    const files = generate(loaded, { root: project, outDir: 'generated' });
    await inSchema('fresh', files.get('schema.sql') ?? '');
    expect(verifySchema(ir, await introspect(db.client, 'fresh'))).toEqual([]);
    // Against the source: no column is left out (the raw() ones are the source's own types) and the share column's NOT NULL (from its domain) agrees.
    const againstSource = verifySchema(ir, await introspect(db.client, 'source'));
    expect(againstSource.map((f) => `${f.severity} ${f.table}.${f.column ?? ''}`)).toEqual([]);
  });

  it('verify reports a domain whose base type, checks or NOT NULL differ, and a column of a plain type where the schema has a domain', async () => {
    await inSchema('drift', `
      CREATE TYPE mood AS ENUM ('calm', 'tense');
      CREATE DOMAIN amount AS numeric(20,0) CHECK (VALUE >= 0) CONSTRAINT amount_small CHECK (VALUE < 10);
      CREATE DOMAIN percent AS int4 CONSTRAINT percent_min CHECK (VALUE >= 1);
      CREATE DOMAIN tags AS text[];
      CREATE DOMAIN calm_mood AS mood CHECK (VALUE <> 'tense');
      CREATE DOMAIN moods AS mood[];
      CREATE DOMAIN stamp AS timestamptz;
      CREATE DOMAIN small_amount AS numeric(39,0) CHECK (VALUE < 1000);
      CREATE DOMAIN short_tags AS tags CHECK (cardinality(VALUE) <= 2);
      CREATE TYPE pair AS (a int4, b text);
      CREATE DOMAIN positive_pair AS pair CHECK ((VALUE).a > 0);
      CREATE TABLE holdings (id int4 PRIMARY KEY, amount numeric(39,0) NOT NULL, maybe_amount amount, amounts amount[], share percent NOT NULL,
        tags tags, mood calm_mood, moods moods, calm_moods calm_mood[], at stamp, small small_amount, short_tags short_tags, tag_lists tags[], pair positive_pair, pairs positive_pair[]);`);
    const root = path.join(repo, 'test/golden/domains');
    const ir = validateSchema(await loadSchema({ root, schemaDir: 'schema' }));
    const findings = verifySchema(ir, await introspect(db.client, 'drift')).map((f) => `${f.severity} ${f.table}${f.column ? `.${f.column}` : ''}: ${f.message}`);
    expect(findings).toEqual([
      expect.stringMatching(/^breaking domain amount: base type is numeric\(20,0\) in the database but numeric\(39,0\) in the schema/),
      expect.stringMatching(/^breaking domain amount: check amount_small \(\(VALUE < \(10\)::numeric\)\) exists only in the database/),
      'note domain percent: is NOT NULL in the schema but not in the database (pgtwin never sends NULL for it)',
      expect.stringMatching(/^note domain percent: check percent_min is \(VALUE >= 1\) in the database but VALUE >= 0 in the schema/),
      expect.stringMatching(/^note domain percent: check percent_max \(VALUE <= 100\) is missing in the database/),
      // A domain over a domain whose database base is the inner domain's base type.
      expect.stringMatching(/^breaking domain small_amount: base type is numeric\(39,0\) in the database but "amount" in the schema/),
      expect.stringMatching(/^note domain tags: check tags_check/),
      expect.stringMatching(/^breaking holdings.amount: type is numeric\(39,0\) in the database but amount in the schema/),
    ]);
  });

  it('verify reports a composite type whose fields differ, and one that is missing', async () => {
    const root = path.join(repo, 'test/golden/composites');
    const ddl = readFileSync(path.join(root, 'expected/schema.sql'), 'utf8')
      .replace('CREATE TYPE "pair" AS ("a" int4, "b" text);', 'CREATE TYPE "pair" AS ("a" int8, "b" text);');
    await inSchema('composite_drift', ddl);
    const ir = validateSchema(await loadSchema({ root, schemaDir: 'schema' }));
    const findings = verifySchema(ir, await introspect(db.client, 'composite_drift')).map((f) => `${f.severity} ${f.table}: ${f.message}`);
    expect(findings).toEqual([expect.stringMatching(/^breaking composite type pair: field a is bigint in the database but int4 in the schema: binary COPY sends each field/)]);
    await db.client.query('DROP SCHEMA composite_drift CASCADE');
    await inSchema('composite_drift', 'SELECT 1');
    const missing = verifySchema(ir, await introspect(db.client, 'composite_drift')).filter((f) => f.table.startsWith('composite'));
    expect(missing.map((f) => `${f.severity} ${f.table}: ${f.message}`)).toEqual(['breaking composite type pair: composite type is missing in the database', 'breaking composite type entry: composite type is missing in the database', 'breaking composite type pair_key: composite type is missing in the database']);
  });

  it('domains over interval fields, fractional precisions and bit lengths: pull → codegen → verify keeps them; verify reports a difference', async () => {
    const ddl = `CREATE DOMAIN days AS interval day; CREATE DOMAIN span AS interval hour to second(2); CREATE DOMAIN at3 AS timestamptz(3);
      CREATE DOMAIN clock AS time(0); CREATE DOMAIN flags AS bit(3); CREATE DOMAIN mask AS varbit(5);
      CREATE TABLE timed (id int4 PRIMARY KEY, d days, s span, a at3, c clock, f flags, m mask)`;
    await inSchema('typmod_source', ddl);
    const pulled = pullSchema(await introspect(db.client, 'typmod_source'), { importExtension: '.ts' });
    const types = pulled.files.find((f) => f.name === 'types.ts')?.source ?? '';
    for (const call of [`domainType("days", interval({ fields: 'day' }))`, `domainType("span", interval({ fields: 'hour to second', precision: 2 }))`, 'domainType("at3", timestamptz(3))', 'domainType("clock", time(0))', 'domainType("flags", bit(3))', 'domainType("mask", varbit(5))']) {
      expect(types, call).toContain(call);
    }
    const dir = path.join(project, 'typmod');
    mkdirSync(dir, { recursive: true });
    writePulled(path.join(dir, 'schema'), pulled.files, false);
    const loaded = await loadSchema({ root: dir, schemaDir: 'schema' });
    const ir = validateSchema(loaded);
    const sql = generate(loaded, { root: dir, outDir: 'generated', typecheck: false }).get('schema.sql') ?? '';
    expect(sql).toContain('CREATE DOMAIN "days" AS interval day;');
    expect(sql).toContain('CREATE DOMAIN "span" AS interval hour to second(2);');
    await inSchema('typmod_fresh', sql);
    expect(verifySchema(ir, await introspect(db.client, 'typmod_fresh'))).toEqual([]);
    expect(verifySchema(ir, await introspect(db.client, 'typmod_source'))).toEqual([]);
    await inSchema('typmod_drift', ddl.replace('interval day', 'interval').replace('time(0)', 'time(1)').replace('bit(3)', 'bit(4)').replace('varbit(5)', 'varbit(6)'));
    const findings = verifySchema(ir, await introspect(db.client, 'typmod_drift')).map((f) => `${f.severity} ${f.table}: ${f.message}`);
    expect(findings).toEqual([
      expect.stringMatching(/^breaking domain clock: base type is time\(1\) without time zone in the database but time\(0\) in the schema/),
      expect.stringMatching(/^breaking domain days: base type is interval in the database but interval day in the schema/),
      expect.stringMatching(/^breaking domain flags: base type is bit\(4\) in the database but bit\(3\) in the schema/),
      expect.stringMatching(/^breaking domain mask: base type is bit varying\(6\) in the database but varbit\(5\) in the schema/),
    ]);
  });

  it('verify reports a composite field whose bit length, fractional precision or interval fields differ (each one breaks a column)', async () => {
    const stamp = compositeType('stamp', { b: bit(3), t: time(3), at: timestamptz(), i: interval({ fields: 'day' }) });
    const table = defineTable({ name: 'stamps', columns: { id: bigint(), s: compositeOf(stamp) }, primaryKey: ['id'] });
    const ir = validateSchema({ modules: [{ file: 'schema/stamps.ts', exports: { default: table, stamp } }], index: { file: 'schema/index.ts', exports: { stamps: table, stamp } } });
    const ddl = generate({ modules: [{ file: 'schema/stamps.ts', exports: { default: table, stamp } }], index: { file: 'schema/index.ts', exports: { stamps: table, stamp } } }, { root: repo, outDir: 'generated', typecheck: false }).get('schema.sql') ?? '';
    await inSchema('field_same', ddl);
    expect(verifySchema(ir, await introspect(db.client, 'field_same'))).toEqual([]);
    await inSchema('field_drift', ddl.replace('"b" bit(3), "t" time(3), "at" timestamptz, "i" interval day', '"b" bit(5), "t" time, "at" timestamptz(0), "i" interval'));
    const findings = verifySchema(ir, await introspect(db.client, 'field_drift')).map((f) => `${f.severity} ${f.table}: ${f.message}`);
    expect(findings).toEqual([
      expect.stringMatching(/^breaking composite type stamp: field b is bit\(5\) in the database but bit\(3\) in the schema/),
      expect.stringMatching(/^breaking composite type stamp: field t is time without time zone in the database but time\(3\) in the schema/),
      expect.stringMatching(/^breaking composite type stamp: field at is timestamp\(0\) with time zone in the database but timestamptz in the schema/),
      expect.stringMatching(/^breaking composite type stamp: field i is interval in the database but interval day in the schema/),
    ]);
  });
});
