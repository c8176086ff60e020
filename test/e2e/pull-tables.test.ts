/**
 * `pgtwin pull --tables` into an existing schema folder merges index.ts and enums.ts (issue 23),
 * a missing table is exit 2 with nothing written, and an unfillable column is not exit 0.
 * Runs the command as a user does (a separate process) against a real database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const repo = path.resolve(import.meta.dirname, '../..');
const base = path.join(repo, '.tmp', `pull-tables-${process.pid}`);
afterAll(() => rmSync(base, { recursive: true, force: true }));

function pgtwin(root: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', ...args, '--root', root], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

beforeAll(async () => {
  await db.client.query(`
    CREATE SCHEMA app;
    CREATE TYPE app.mood AS ENUM ('happy', 'sad');
    CREATE TYPE app.size AS ENUM ('s', 'm', 'l');
    CREATE TABLE app.a (id int PRIMARY KEY, m app.mood NOT NULL);
    CREATE TABLE app.b (id int PRIMARY KEY, note text);
    CREATE TABLE app.c (id int PRIMARY KEY, m app.mood, sz app.size NOT NULL);
    CREATE TABLE app.paid (id int PRIMARY KEY, price pg_snapshot NOT NULL);
    CREATE TABLE app.tipped (id int PRIMARY KEY, tip pg_snapshot NOT NULL DEFAULT pg_current_snapshot());
  `);
});

let n = 0;
function project(): string {
  const dir = path.join(base, `p${++n}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pgtwin.config.json'), '{ "importExtension": ".ts" }\n');
  return dir;
}

const pull = (dir: string, ...args: string[]) => pgtwin(dir, 'pull', '--database-url', db.url, '--db-schema', 'app', ...args);
const codegen = (dir: string) => pgtwin(dir, 'codegen', '--no-typecheck');

describe('pull --tables into an existing schema', () => {
  it('merges index.ts and enums.ts, keeps the other tables, and --force overwrites only the named tables', () => {
    const dir = project();
    const first = pull(dir, '--tables', 'a,b');
    expect(first.status, first.stderr).toBe(0);
    expect(codegen(dir).status).toBe(0);

    const second = pull(dir, '--tables', 'c');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/merged {3}index\.ts/);
    expect(second.stdout).toMatch(/merged {3}enums\.ts/);
    const index = readFileSync(path.join(dir, 'schema/index.ts'), 'utf8');
    for (const t of ['a', 'b', 'c']) expect(index).toContain(`export { default as ${t} } from './${t}.ts';`);
    expect(index).toContain("export { mood, size } from './enums.ts';");
    const enums = readFileSync(path.join(dir, 'schema/enums.ts'), 'utf8');
    expect(enums).toContain('export const mood = enumType("mood"');
    expect(enums).toContain('export const size = enumType("size"');
    expect(enums.match(/export const mood/g)).toHaveLength(1);
    const gen = codegen(dir);
    expect(gen.status, gen.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'generated')).sort()).toEqual(['a.ts', 'b.ts', 'c.ts', 'database.ts', 'index.ts', 'schema.sql']);

    // --force: c.ts is overwritten, a.ts (edited by hand) is not, index.ts keeps every table.
    writeFileSync(path.join(dir, 'schema/a.ts'), `${readFileSync(path.join(dir, 'schema/a.ts'), 'utf8')}// mine\n`);
    writeFileSync(path.join(dir, 'schema/c.ts'), `${readFileSync(path.join(dir, 'schema/c.ts'), 'utf8')}// old\n`);
    const forced = pull(dir, '--tables', 'c', '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'schema/a.ts'), 'utf8')).toContain('// mine');
    expect(readFileSync(path.join(dir, 'schema/c.ts'), 'utf8')).not.toContain('// old');
    expect(readFileSync(path.join(dir, 'schema/index.ts'), 'utf8')).toBe(index);
    expect(codegen(dir).status).toBe(0);
  });

  it('merges into an index.ts edited by hand (double quotes, multi-line exports, comments) without exporting a name twice', () => {
    const dir = project();
    expect(pull(dir, '--tables', 'a,b').status).toBe(0);
    writeFileSync(
      path.join(dir, 'schema/index.ts'),
      ['// The app\'s tables.', 'export { default as a } from "./a.ts";', 'export {', '  default as b,', "} from './b.ts'; // notes", 'export { mood } from "./enums.ts";', ''].join('\n'),
    );
    const r = pull(dir, '--tables', 'b,c');
    expect(r.status, r.stderr).toBe(0);
    const index = readFileSync(path.join(dir, 'schema/index.ts'), 'utf8');
    expect(index).toContain("// The app's tables.");
    expect(index).toContain("} from './b.ts'; // notes");
    expect(index.match(/default as b\b/g)).toHaveLength(1);
    expect(index.match(/\bmood\b/g)).toHaveLength(1);
    expect(index).toMatch(/export \{ default as c \} from '\.\/c\.ts';/);
    expect(index).toMatch(/\bsize\b/);
    const gen = codegen(dir);
    expect(gen.status, gen.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'generated')).sort()).toEqual(['a.ts', 'b.ts', 'c.ts', 'database.ts', 'index.ts', 'schema.sql']);
  });

  it('an enum the schema already declares in another file, or in enums.ts under another name, is not declared again', () => {
    const dir = project();
    mkdirSync(path.join(dir, 'schema'));
    writeFileSync(path.join(dir, 'schema/feelings.ts'), "import { enumType } from 'pgtwin/schema';\n\nexport const Mood = enumType('mood', ['happy', 'sad']);\n");
    writeFileSync(path.join(dir, 'schema/b.ts'), "import { defineTable, integer } from 'pgtwin/schema';\n\nexport default defineTable({ name: 'b', columns: { id: integer() }, primaryKey: ['id'] });\n");
    writeFileSync(path.join(dir, 'schema/index.ts'), "export { default as b } from './b.ts';\nexport { Mood } from './feelings.ts';\n");
    expect(codegen(dir).status).toBe(0);
    const r = pull(dir, '--tables', 'a');
    expect(r.status, r.stderr).toBe(0);
    const gen = codegen(dir);
    expect(gen.status, gen.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'generated/schema.sql'), 'utf8').match(/CREATE TYPE "mood"/g)).toHaveLength(1);

    const dir2 = project();
    mkdirSync(path.join(dir2, 'schema'));
    writeFileSync(path.join(dir2, 'schema/enums.ts'), "import { enumType } from 'pgtwin/schema';\n\nexport const Feeling = enumType('mood', ['happy', 'sad']);\n");
    writeFileSync(path.join(dir2, 'schema/index.ts'), "export { Feeling } from './enums.ts';\n");
    const r2 = pull(dir2, '--tables', 'a');
    expect(r2.status, r2.stderr).toBe(0);
    const gen2 = codegen(dir2);
    expect(gen2.status, gen2.stderr).toBe(0);
  });

  it('a table that does not exist is exit 2 and nothing is written', () => {
    const dir = project();
    const r = pull(dir, '--tables', 'a,nosuch');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/table "nosuch" does not exist in the database schema "app"; nothing was written/);
    expect(existsSync(path.join(dir, 'schema'))).toBe(false);
  });

  it('a NOT NULL column of an unsupported type without a default is exit 1 and said so, unless --allow-unfillable', () => {
    const dir = project();
    const r = pull(dir, '--tables', 'paid,tipped');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/paid\.price: pg_snapshot is NOT NULL without a default .*every insert into this table will fail/);
    expect(r.stderr).not.toMatch(/tipped\.tip: pg_snapshot is NOT NULL/);
    expect(readFileSync(path.join(dir, 'schema/paid.ts'), 'utf8')).toContain('NOT NULL without a default, so every insert into this table fails');
    const allowed = pull(project(), '--tables', 'paid', '--allow-unfillable');
    expect(allowed.status).toBe(0);
  });

  it('--database-url that is not a URL gets a clear message', () => {
    const r = pgtwin(project(), 'pull', '--database-url', 'notaurl');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pgtwin pull: --database-url is not a PostgreSQL URL; expected postgres://');
    expect(r.stderr).not.toContain('ENOTFOUND');
    const v = pgtwin(project(), 'verify', '--database-url', 'notaurl');
    expect(v.status).toBe(2);
    expect(v.stderr).toContain('--database-url is not a PostgreSQL URL');
  });

  it('a new table whose names collide with an existing one is pulled under new, pinned names; the existing one keeps its own', async () => {
    await db.client.query(`CREATE SCHEMA grow; CREATE TABLE grow."a-b" (id int PRIMARY KEY)`);
    const dir = project();
    const growPull = (...args: string[]) => pgtwin(dir, 'pull', '--database-url', db.url, '--db-schema', 'grow', ...args);
    expect(growPull().status).toBe(0);
    expect(codegen(dir).status).toBe(0);
    const before = readFileSync(path.join(dir, 'generated/a-b.ts'), 'utf8');
    expect(before).toContain('export const tableName = "a-b";');
    // "A_B" sorts first and derives the same aB and a-b.ts: it must not take them.
    await db.client.query(`CREATE TABLE grow."A_B" (id int PRIMARY KEY)`);
    const r = growPull('--tables', 'A_B');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/written {2}a-b-2\.ts/);
    expect(readFileSync(path.join(dir, 'schema/a-b-2.ts'), 'utf8')).toContain('names: { export: "aB2", file: "a-b-2" },');
    expect(readFileSync(path.join(dir, 'schema/index.ts'), 'utf8')).toContain(`export { default as aB } from './a-b.ts';\nexport { default as aB2 } from './a-b-2.ts';`);
    const gen = codegen(dir);
    expect(gen.status, gen.stderr).toBe(0);
    // The same module, but for its rank among the tables (one more table sorts before it).
    const rankless = (src: string) => src.replace(/export const backfillRank = \d+;/, '');
    expect(rankless(readFileSync(path.join(dir, 'generated/a-b.ts'), 'utf8'))).toBe(rankless(before));
    expect(readFileSync(path.join(dir, 'generated/a-b-2.ts'), 'utf8')).toContain('export const tableName = "A_B";');
    // A full pull with --force rewrites every file and changes no name (index.ts: the same lines, in catalog order now).
    const schemaFiles = () => readdirSync(path.join(dir, 'schema')).sort().map((f) => [f, readFileSync(path.join(dir, 'schema', f), 'utf8').split('\n').sort().join('\n')]);
    const schemaBefore = schemaFiles();
    expect(growPull('--force').status).toBe(0);
    expect(schemaFiles()).toEqual(schemaBefore);
    // A schema folder that cannot be loaded: its names cannot be kept, so nothing is written.
    writeFileSync(path.join(dir, 'schema/broken.ts'), 'throw new Error("broken on purpose");\n');
    const broken = growPull('--force');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/cannot read the existing schema folder, whose names a pull keeps: schema\/broken\.ts: failed to load: broken on purpose.*nothing was written/);
  });
});
