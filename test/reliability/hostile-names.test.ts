/**
 * Names nobody here chose: tables, columns, enums and enum labels whose names carry comment
 * closers, template-literal syntax, quotes, backslashes, line and paragraph separators,
 * non-BMP characters, leading digits, reserved words, and names equal after case folding or
 * punctuation changes. Each is created on the real server, pulled, generated (the schema
 * loads with no side effect), type-checked, imported (no side effect) and loaded through
 * every path. A payload sets a sentinel global when it runs; the sentinel must stay unset.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.ts';
import { introspect } from '../../generator/introspect.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { existingNames, pullSchema, writePulled } from '../../generator/pull.ts';
import { typecheckSources } from '../../generator/typecheck.ts';
import { SchemaError, validateSchema } from '../../generator/validate.ts';
import { quoteIdent, quoteLiteral } from '@pgtwin/runtime/internal/sql-quote';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const repo = path.resolve(import.meta.dirname, '../..');
const work = path.join(repo, '.tmp', `hostile-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SENTINEL = '__pgtwinHostileRan';
const sentinel = () => (globalThis as Record<string, unknown>)[SENTINEL];
/** Payloads that set the sentinel if a name ever becomes code, in each output context. */
const PAYLOADS = [
  `*/ globalThis.${SENTINEL} = 1; /*`,
  `\n globalThis.${SENTINEL} = 1; //`,
  `\u2028globalThis.${SENTINEL} = 1;//`,
  `\u2029globalThis.${SENTINEL}=1;//`,
  `\`; globalThis.${SENTINEL} = 1; \``,
  `\${globalThis.${SENTINEL} = 1}`,
  `"); globalThis.${SENTINEL} = 1; ("`,
  `'); globalThis.${SENTINEL} = 1; ('`,
  `\\"; globalThis.${SENTINEL}=1; //`,
  `@type {x} */ globalThis.${SENTINEL}=1 /*`,
];
const PIECES = ['*/', '/*', '//', '${', '`', '"', "'", '\\', '\n', '\r\n', '\u2028', '\u2029', '😀', '𝔘', 'é', '1', '0x', 'class', 'default', 'constructor', '__proto__', 'toString', 'index', 'a', 'B', '_', '-', ' ', '@see', ...PAYLOADS];

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const fits = (s: string) => s.length > 0 && bytes(s) <= 60 && !/^(0|[1-9][0-9]*)$/.test(s);
const hostileName = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }).map((p) => p.join('')).filter(fits);
/** A name and, maybe, names equal to it after case folding or punctuation changes. */
const family = fc.tuple(hostileName, fc.subarray(['upper', 'lower', 'dash', 'underscore', 'space'] as const)).map(([base, how]) => [
  base,
  ...how.map((h) => (h === 'upper' ? base.toUpperCase() : h === 'lower' ? base.toLowerCase() : h === 'dash' ? `${base}-x` : h === 'underscore' ? `${base}_x` : `${base} x`)),
]);

interface Sample {
  readonly tables: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** Enums (names equal after folding, like the tables'); the enum column of hostile column i uses enum i modulo their number. */
  readonly enumNames: readonly string[];
  readonly labels: readonly string[];
}

const sampleArb: fc.Arbitrary<Sample> = fc
  .record({
    tables: family,
    columns: fc.array(family, { minLength: 1, maxLength: 2 }),
    enumNames: family,
    labels: fc.uniqueArray(hostileName, { minLength: 1, maxLength: 3 }),
  })
  .map(({ tables, columns, enumNames, labels }) => {
    const tableNames = [...new Set(tables.filter(fits))];
    const cols = [...new Set(columns.flat().filter(fits))];
    const enums = [...new Set(enumNames.map((e) => `${e}~e`).filter(fits))];
    return { tables: tableNames.map((name) => ({ name, columns: cols })), enumNames: enums, labels };
  })
  .filter((s) => s.enumNames.length > 0 && s.tables.every((t) => !s.enumNames.includes(t.name)));

/** DDL of one sample in its own schema: every table has an integer key, a text and an enum column per hostile column name. */
function ddl(schema: string, s: Sample): string {
  const q = quoteIdent;
  const out = [`CREATE SCHEMA ${q(schema)}`, ...s.enumNames.map((e) => `CREATE TYPE ${q(schema)}.${q(e)} AS ENUM (${s.labels.map(quoteLiteral).join(', ')})`)];
  for (const t of s.tables) {
    const cols = t.columns.flatMap((c, i) => [`${q(c)} ${i % 2 === 0 ? 'text' : 'int4'}`, `${q(`${c}#`)} ${q(schema)}.${q(s.enumNames[i % s.enumNames.length] as string)}`]);
    out.push(`CREATE TABLE ${q(schema)}.${q(t.name)} (${q('k"ey')} int4 PRIMARY KEY, ${cols.join(', ')})`);
  }
  return `${out.join(';\n')};`;
}

interface GeneratedModule {
  readonly tableName: string;
  readonly selectList: string;
  copyInto(client: unknown, rows: unknown[], options?: unknown): Promise<unknown>;
  batchInsert(client: unknown, rows: unknown[]): Promise<number>;
}

/** Pull, load, generate (no type check) and write one schema into `dir`; returns the generated files and the field map. */
async function pullAndGenerate(dbSchema: string, dir: string): Promise<{ files: Map<string, string>; schemaFiles: Map<string, string>; fields: Map<string, Map<string, string>>; report: string[] }> {
  const pulled = pullSchema(await introspect(db.client, dbSchema), { importExtension: '.ts' });
  const report = writePulled(path.join(dir, 'schema'), pulled.files, false);
  const loaded = await loadSchema({ root: dir, schemaDir: 'schema' });
  const ir = validateSchema(loaded);
  const fields = new Map(ir.tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.field]))]));
  const files = generate(loaded, { root: dir, outDir: 'generated', typecheck: false });
  mkdirSync(path.join(dir, 'generated'), { recursive: true });
  for (const [name, source] of files) writeFileSync(path.join(dir, 'generated', name), source);
  return { files, schemaFiles: new Map(pulled.files.map((f) => [f.name, f.source])), fields, report };
}

/** One row per path (COPY binary, COPY text, batchInsert, COPY with onConflict), read back through the generated select list. */
async function loadEveryPath(dbSchema: string, dir: string, files: Map<string, string>, fields: Map<string, Map<string, string>>, sample: Sample): Promise<void> {
  await db.client.query(`SET search_path = ${quoteIdent(dbSchema)}`);
  try {
    for (const name of [...files.keys()].filter((n) => n.endsWith('.ts') && n !== 'index.ts' && n !== 'database.ts')) {
      const mod = (await import(pathToFileURL(path.join(dir, 'generated', name)).href)) as GeneratedModule;
      const table = sample.tables.find((t) => t.name === mod.tableName);
      expect(table, `${name} is the module of a table of the sample`).toBeDefined();
      const f = fields.get(mod.tableName) as Map<string, string>;
      const row = (k: number) => {
        const r: Record<string, unknown> = { [f.get('k"ey') as string]: k };
        (table?.columns ?? []).forEach((c, i) => {
          r[f.get(c) as string] = i % 2 === 0 ? `${c}${PAYLOADS[k % PAYLOADS.length]}` : k * 10 + i;
          r[f.get(`${c}#`) as string] = sample.labels[k % sample.labels.length];
        });
        return r;
      };
      expect(await mod.copyInto(db.client, [row(1)])).toBe(1);
      expect(await mod.copyInto(db.client, [row(2)], { format: 'text' })).toBe(1);
      expect(await mod.batchInsert(db.client, [row(3)])).toBe(1);
      expect(await mod.copyInto(db.client, [row(4), row(1)], { onConflict: 'doNothing' })).toEqual({ copied: 2, inserted: 1 });
      const { rows } = await db.client.query(`SELECT ${mod.selectList} FROM ${quoteIdent(mod.tableName)} ORDER BY 1`);
      expect(rows).toEqual([1, 2, 3, 4].map(row));
    }
  } finally {
    await db.client.query('RESET search_path');
  }
}

describe('hostile names', () => {
  it('the reported names: a comment closer runs nothing, and a-b, a_b, A_B are three tables', async () => {
    const s: Sample = {
      tables: [`x */ globalThis.${SENTINEL} = 1; /*`, 'a*/b', 'a-b', 'a_b', 'A_B', '__proto__'].map((name) => ({ name, columns: ['a-b', 'a_b', 'A_B', '__proto__'] })),
      enumNames: ['a-b~e', 'A_B~e'],
      labels: ['x */ y', 'a_b'],
    };
    await db.client.query(ddl('reported', s));
    const dir = path.join(work, 'reported');
    const { files, schemaFiles, fields, report } = await pullAndGenerate('reported', dir);
    expect(sentinel()).toBeUndefined();
    // Colliding names are numbered in catalog order (sorted by SQL name) and pinned in the pulled file; nothing is "kept".
    expect([...schemaFiles.keys()]).toEqual(['a-b.ts', 'proto.ts', 'a-b-2.ts', 'a-b-3.ts', 'a-b-4.ts', 'x-globalthis-pgtwinhostileran-1.ts', 'enums.ts', 'index.ts']);
    expect(report.every((l) => l.startsWith('written'))).toBe(true);
    // Two enums whose variables collide: numbered in one scope with the tables' exports.
    expect(schemaFiles.get('enums.ts')).toBe(`import { enumType } from 'pgtwin/schema';\n\nexport const aBe = enumType("A_B~e", ["x */ y","a_b"]);\nexport const aBe2 = enumType("a-b~e", ["x */ y","a_b"]);\n`);
    // One pull never writes a name twice, even ignoring case.
    expect(() => writePulled(path.join(dir, 'twice'), [{ name: 'a.ts', source: '' }, { name: 'A.ts', source: '' }], true)).toThrow(/pull would write A\.ts twice \(names equal ignoring case\); nothing written/);
    expect(existsSync(path.join(dir, 'twice'))).toBe(false);
    // Pulling one table alone gives it the same file as pulling them all.
    const only = pullSchema(await introspect(db.client, 'reported'), { importExtension: '.ts', tables: ['a_b'] });
    expect(only.files.map((f) => f.name)).toEqual(['a-b-4.ts', 'enums.ts', 'index.ts']);
    expect(only.files[0]?.source).toBe(schemaFiles.get('a-b-4.ts'));
    // `a*/b` derives `ab` (characters other than letters, digits, `_`, `-` and space are dropped from type names), the others `aB`.
    expect(schemaFiles.get('index.ts')).toContain(`export { default as aB } from './a-b.ts';\nexport { default as proto } from './proto.ts';\nexport { default as ab } from './a-b-2.ts';\nexport { default as aB2 } from './a-b-3.ts';\nexport { default as aB3 } from './a-b-4.ts';`);
    expect([...fields.keys()].sort()).toEqual(['A_B', '__proto__', 'a*/b', 'a-b', 'a_b', `x */ globalThis.${SENTINEL} = 1; /*`]);
    // Columns: fields numbered in column order, written as .field() in the pulled file.
    expect([...(fields.get('a_b') as Map<string, string>).values()]).toEqual(['kEy', 'aB', 'aB2', 'aB3', 'aB4', 'AB', 'AB2', 'proto', 'proto2']);
    expect(schemaFiles.get('a-b-4.ts')).toContain(`"a_b#": enumOf(aBe).nullable().field("aB4"),`);
    expect(schemaFiles.get('a-b-4.ts')).toContain(`  names: { export: "aB3", file: "a-b-4" },\n});`);
    expect(schemaFiles.get('a-b-2.ts')).toContain(`  names: { file: "a-b-2" },\n});`);
    expect(schemaFiles.get('a-b.ts')).not.toContain('names:');
    expect(schemaFiles.get('x-globalthis-pgtwinhostileran-1.ts')).toContain(`/** Pulled from the database's table "x *\\/ globalThis.${SENTINEL} = 1; /*". */`);
    expect([...files.keys()].filter((n) => n.startsWith('a-b'))).toEqual(['a-b-2.ts', 'a-b-3.ts', 'a-b-4.ts', 'a-b.ts']);
    expect(files.get('database.ts')).toContain(`/** Kysely view of "x *\\/ globalThis.${SENTINEL} = 1; /*" (keys are SQL column names; from schema/x-globalthis-pgtwinhostileran-1.ts). */`);
    typecheckSources({ root: repo, outDir: path.relative(repo, dir), files: new Map([...[...files].map(([n, t]): [string, string] => [`generated/${n}`, t]), ...[...schemaFiles].map(([n, t]): [string, string] => [`schema/${n}`, t])]) });
    await loadEveryPath('reported', dir, files, fields, s);
    expect(sentinel()).toBeUndefined();
  });

  it('pull --tables gives a table the same source as a full pull: enum variables are numbered over the whole database', async () => {
    // Enum "Mood~" derives the variable `mood`, which table "mood"'s export takes; "A_B~e" and "a-b~e" both derive `aBe`.
    await db.client.query(`CREATE SCHEMA subset;
      CREATE TYPE subset."A_B~e" AS ENUM ('x'); CREATE TYPE subset."a-b~e" AS ENUM ('y'); CREATE TYPE subset."Mood~" AS ENUM ('z');
      CREATE TABLE subset.mood (k int4 PRIMARY KEY);
      CREATE TABLE subset.t1 (k int4 PRIMARY KEY, e subset."A_B~e");
      CREATE TABLE subset.t2 (k int4 PRIMARY KEY, e subset."a-b~e", m subset."Mood~")`);
    const schema = await introspect(db.client, 'subset');
    const full = new Map(pullSchema(schema, { importExtension: '.ts' }).files.map((f) => [f.name, f.source]));
    expect(full.get('enums.ts')).toBe(`import { enumType } from 'pgtwin/schema';\n\nexport const aBe = enumType("A_B~e", ["x"]);\nexport const mood2 = enumType("Mood~", ["z"]);\nexport const aBe2 = enumType("a-b~e", ["y"]);\n`);
    const only = new Map(pullSchema(schema, { importExtension: '.ts', tables: ['t2'] }).files.map((f) => [f.name, f.source]));
    expect([...only.keys()]).toEqual(['t2.ts', 'enums.ts', 'index.ts']);
    expect(only.get('t2.ts')).toBe(full.get('t2.ts'));
    expect(only.get('enums.ts')).toBe(`import { enumType } from 'pgtwin/schema';\n\nexport const mood2 = enumType("Mood~", ["z"]);\nexport const aBe2 = enumType("a-b~e", ["y"]);\n`);
  });

  it('adding a colliding table never moves an existing name: codegen refuses it unpinned, pull pins the new one', async () => {
    // Version 1: tables "a-b" (export aB, a-b.ts; a column "x" with the custom field aB) and an enum "a-b~e" (variable aBe).
    await db.client.query(`CREATE SCHEMA grow; CREATE TYPE grow."a-b~e" AS ENUM ('x');
      CREATE TABLE grow."a-b" (k int4 PRIMARY KEY, e grow."a-b~e")`);
    const dir = path.join(work, 'grow');
    const first = await pullAndGenerate('grow', dir);
    expect(first.schemaFiles.get('index.ts')).toContain(`export { default as aB } from './a-b.ts';`);
    const aBBefore = (await import(pathToFileURL(path.join(dir, 'generated', 'a-b.ts')).href)) as GeneratedModule;
    expect(aBBefore.tableName).toBe('a-b');
    // The user gives column k a field the derived field of a later column takes. (Each version of the
    // schema goes into a folder of its own: a module imported once is cached by its URL.)
    const v1 = new Map(first.schemaFiles);
    v1.set('a-b.ts', (v1.get('a-b.ts') as string).replace('k: integer(),', 'k: integer().field("aB"),'));
    expect(v1.get('a-b.ts')).toContain('k: integer().field("aB"),');
    const writeSchema = (name: string, files: ReadonlyMap<string, string>) => {
      mkdirSync(path.join(dir, name, 'schema'), { recursive: true });
      for (const [n, t] of files) writeFileSync(path.join(dir, name, 'schema', n), t);
      return path.join(dir, name);
    };

    // Version 2: the database gets "A_B" (which sorts first and derives aB and a-b.ts too), an enum "A_B~e", and a column "a_b".
    await db.client.query(`CREATE TYPE grow."A_B~e" AS ENUM ('y'); CREATE TABLE grow."A_B" (k int4 PRIMARY KEY, e grow."A_B~e");
      ALTER TABLE grow."a-b" ADD COLUMN a_b text`);

    // A user who adds the table by hand, unpinned: codegen refuses, naming both tables, both files and the fix.
    const byHand = writeSchema('by-hand', new Map([...v1,
      ['by-hand.ts', `import { defineTable, integer } from 'pgtwin/schema';\nexport default defineTable({ name: 'A_B', columns: { k: integer() }, primaryKey: ['k'] });\n`],
      ['index.ts', `${v1.get('index.ts')}export { default as byHand } from './by-hand.ts';\n`]]));
    const refused = await loadSchema({ root: byHand, schemaDir: 'schema' }).then(validateSchema).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(SchemaError);
    const fix = `pgtwin does not number them (a number would move to another table when one is added). Pin distinct names with defineTable({ names: { export, file } }) on all but the table your code already calls aB, such as "a-b": names: { export: 'aB2', file: 'a-b-2' }`;
    expect((refused as SchemaError).issues.map((i) => `${i.file}: ${i.message}`)).toEqual(
      ['generated file a-b.ts', 'export name aB', 'type name prefix AB'].map((what) => `schema/a-b.ts: tables "A_B" (schema/by-hand.ts), "a-b" (schema/a-b.ts) all get the ${what}; ${fix}`),
    );
    // Pinning the new one is enough.
    const pinnedByHand = writeSchema('pinned-by-hand', new Map([...v1,
      ['by-hand.ts', `import { defineTable, integer } from 'pgtwin/schema';\nexport default defineTable({ name: 'A_B', columns: { k: integer() }, primaryKey: ['k'], names: { export: 'upperAB', file: 'upper-a-b' } });\n`],
      ['index.ts', `${v1.get('index.ts')}export { default as byHand } from './by-hand.ts';\n`]]));
    const pinnedFiles = generate(await loadSchema({ root: pinnedByHand, schemaDir: 'schema' }), { root: pinnedByHand, outDir: 'generated', typecheck: false });
    expect(pinnedFiles.get('a-b.ts')).toContain(`export const tableName = "a-b";`);
    expect(pinnedFiles.get('upper-a-b.ts')).toContain(`export const tableName = "A_B";`);

    // pull into the existing folder (every file rewritten): "a-b" keeps aB, a-b.ts, its enum keeps aBe and column k keeps aB;
    // the new table, enum and column get the next free names, pinned in the files written.
    const existing = existingNames(await loadSchema({ root: writeSchema('v1', v1), schemaDir: 'schema' }));
    const pulled = pullSchema(await introspect(db.client, 'grow'), { importExtension: '.ts', existing });
    const files = new Map(pulled.files.map((f) => [f.name, f.source]));
    expect([...files.keys()]).toEqual(['a-b-2.ts', 'a-b.ts', 'enums.ts', 'index.ts']);
    expect(files.get('index.ts')).toContain(`export { default as aB2 } from './a-b-2.ts';\nexport { default as aB } from './a-b.ts';\nexport { aBe2, aBe } from './enums.ts';`);
    expect(files.get('a-b-2.ts')).toContain(`name: "A_B",`);
    expect(files.get('a-b-2.ts')).toContain(`e: enumOf(aBe2).nullable(),`);
    expect(files.get('a-b-2.ts')).toContain(`  names: { export: "aB2", file: "a-b-2" },`);
    expect(files.get('a-b.ts')).toContain(`k: integer().field("aB"),`);
    expect(files.get('a-b.ts')).toContain(`e: enumOf(aBe).nullable(),`);
    expect(files.get('a-b.ts')).toContain(`a_b: text().nullable().field("aB2"),`);
    expect(files.get('a-b.ts')).not.toContain('names:');
    expect(files.get('enums.ts')).toBe(`import { enumType } from 'pgtwin/schema';\n\nexport const aBe2 = enumType("A_B~e", ["y"]);\nexport const aBe = enumType("a-b~e", ["x"]);\n`);
    const v2 = writeSchema('v2', files);
    const loaded = await loadSchema({ root: v2, schemaDir: 'schema' });
    const generated = generate(loaded, { root: v2, outDir: 'generated', typecheck: false });
    expect(generated.get('index.ts')).toMatch(/export \* as aB from '\.\/a-b\.ts';/);
    expect(generated.get('index.ts')).toMatch(/export \* as aB2 from '\.\/a-b-2\.ts';/);
    // The generated a-b.ts is still the module of table "a-b", and code calling aB still writes there.
    expect(generated.get('a-b.ts')).toContain(`export const tableName = "a-b";`);
    expect(generated.get('a-b-2.ts')).toContain(`export const tableName = "A_B";`);

    // A second pull (everything already declared) changes nothing, and neither does a pull of the new table alone.
    const again = pullSchema(await introspect(db.client, 'grow'), { importExtension: '.ts', existing: existingNames(loaded) });
    expect(new Map(again.files.map((f) => [f.name, f.source]))).toEqual(files);
    const only = pullSchema(await introspect(db.client, 'grow'), { importExtension: '.ts', existing: existingNames(loaded), tables: ['A_B'] });
    expect(only.files[0]).toEqual({ name: 'a-b-2.ts', source: files.get('a-b-2.ts') });
    expect(sentinel()).toBeUndefined();
  });

  it('fuzz: create, pull, codegen, type-check, import and load through every path', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const runs = Number(process.env.FUZZ_RUNS ?? 24);
    const samples = fc.sample(sampleArb, { numRuns: runs, seed });
    const context = `fuzz seed ${seed} (rerun with FUZZ_SEED=${seed})`;
    const toCheck = new Map<string, string>();
    const done: { schema: string; dir: string; files: Map<string, string>; fields: Map<string, Map<string, string>>; sample: Sample }[] = [];
    for (const [i, sample] of samples.entries()) {
      const schema = `fuzz${i}`;
      const dir = path.join(work, schema);
      try {
        await db.client.query(ddl(schema, sample));
        const { files, schemaFiles, fields, report } = await pullAndGenerate(schema, dir);
        expect(report.every((l) => l.startsWith('written')), `${context}: ${report.join('; ')}`).toBe(true);
        // Every table got its own file and module: none lost to a collision.
        expect(fields.size, context).toBe(sample.tables.length);
        for (const t of sample.tables) expect(fields.get(t.name)?.size, `${context}: columns of ${JSON.stringify(t.name)}`).toBe(1 + 2 * t.columns.length);
        expect(schemaFiles.size, context).toBe(sample.tables.length + 2);
        for (const [n, t] of files) if (n.endsWith('.ts')) toCheck.set(`${schema}/generated/${n}`, t);
        for (const [n, t] of schemaFiles) toCheck.set(`${schema}/schema/${n}`, t);
        done.push({ schema, dir, files, fields, sample });
      } catch (err) {
        throw new Error(`${context}, sample ${i}: ${JSON.stringify(sample)}: ${(err as Error).message}`, { cause: err });
      }
      expect(sentinel(), context).toBeUndefined();
    }
    // One type check for every sample (a ts-morph project costs seconds; one per sample would not fit in npm test).
    try {
      typecheckSources({ root: repo, outDir: path.relative(repo, work), files: toCheck });
    } catch (err) {
      throw new Error(`${context}: ${(err as Error).message}`, { cause: err });
    }
    for (const d of done) {
      try {
        await loadEveryPath(d.schema, d.dir, d.files, d.fields, d.sample);
      } catch (err) {
        throw new Error(`${context}, ${d.schema}: ${JSON.stringify(d.sample)}: ${(err as Error).message}`, { cause: err });
      }
    }
    expect(sentinel(), context).toBeUndefined();
  }, 180_000);
});
