/**
 * Issue 22's type bugs, each through the commands a user runs against the real server:
 * (1) an enum label equal to a runtime type name must not be taken for that type;
 * (2) `char()` is char(1) everywhere, so verify agrees with the schema.sql codegen wrote;
 * (3) pull reports what the DSL cannot express (numeric with a negative scale, unbounded
 * bpchar) instead of writing a call codegen refuses or one that narrows the column.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { introspect } from '../../generator/introspect.ts';
import { pullSchema, writePulled } from '../../generator/pull.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const repo = path.resolve(import.meta.dirname, '../..');
const base = path.join(repo, '.tmp', `type-spec-bugs-${process.pid}`);
afterAll(() => rmSync(base, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(base, name);
  mkdirSync(path.join(dir, 'schema'), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, 'schema', file), text);
  return dir;
}

function pgtwin(command: string, root: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', command, '--root', root, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('type spec bugs', () => {
  it('(1) enum labels spelled like runtime names (DateInput, typeOidOf(), Generated<x>) generate and type-check, importing no such name', () => {
    const dir = project('enum-label', {
      'kinds.ts': `import { defineTable, enumOf, enumType, integer } from 'pgtwin/schema';\n\nexport const kind = enumType('kind', ['DateInput', 'other']);\nexport const call = enumType('call', ['typeOidOf(', 'Generated<x>']);\n\nexport default defineTable({ name: 'kinds', columns: { id: integer(), kind: enumOf(kind), kinds: enumOf(kind).array() }, primaryKey: ['id'] });\n`,
      'calls.ts': `import { defineTable, enumOf, integer } from 'pgtwin/schema';\nimport { call } from './kinds.ts';\n\nexport default defineTable({ name: 'calls', columns: { id: integer(), call: enumOf(call) }, primaryKey: ['id'] });\n`,
      'index.ts': `export { default as kinds, kind, call } from './kinds.ts';\nexport { default as calls } from './calls.ts';\n`,
    });
    const r = pgtwin('codegen', dir);
    expect(r.stderr).not.toContain('TS6133');
    expect(r.status, r.stderr).toBe(0);
    const module = readFileSync(path.join(dir, 'generated/kinds.ts'), 'utf8');
    expect(module).toMatch(/readonly kind: "DateInput" \| "other";/);
    const runtimeImport = module.split('\n').find((l) => l.startsWith('import {')) ?? '';
    expect(runtimeImport).not.toContain('DateInput');
    // kinds[] is an enum array: its codec needs typeOidOf (found from the type, not from printed text).
    expect(runtimeImport).toContain('typeOidOf');
    // calls has no enum array: a label printed inside its codec arguments must not import typeOidOf.
    const callsImport = readFileSync(path.join(dir, 'generated/calls.ts'), 'utf8').split('\n').find((l) => l.startsWith('import {')) ?? '';
    expect(callsImport).not.toContain('typeOidOf');
    expect(readFileSync(path.join(dir, 'generated/database.ts'), 'utf8')).not.toMatch(/import type \{[^}]*DateInput/);
  });

  it('(2) char() and column(\'char\') are char(1) in the IR: verify against a database made from its schema.sql finds nothing', async () => {
    const dir = project('char-default', {
      'codes.ts': `import { char, column, defineTable, integer } from 'pgtwin/schema';\n\nexport default defineTable({ name: 'codes', columns: { id: integer(), flag: char(), picked: column('char'), code: char(3), flags: char().array().nullable() }, primaryKey: ['id'] });\n`,
      'index.ts': `export { default as codes } from './codes.ts';\n`,
    });
    const gen = pgtwin('codegen', dir, '--no-typecheck');
    expect(gen.status, gen.stderr).toBe(0);
    const ddl = readFileSync(path.join(dir, 'generated/schema.sql'), 'utf8');
    expect(ddl).toContain('"flag" bpchar(1) NOT NULL');
    expect(ddl).toContain('"picked" bpchar(1) NOT NULL');
    await db.client.query('CREATE SCHEMA char_default; SET search_path = char_default');
    try {
      await db.client.query(ddl);
    } finally {
      await db.client.query('RESET search_path');
    }
    const r = pgtwin('verify', dir, '--database-url', db.url, '--db-schema', 'char_default');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/BREAKING|unlimited/i);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it('(3) pull writes numeric(5,-2) and unbounded bpchar as raw() instead of numeric(5, -2) or narrowing to char(1); the rest generates', async () => {
    await db.client.query(`CREATE SCHEMA pull_params;
      CREATE TABLE pull_params.t (id int4 PRIMARY KEY, rounded numeric(5,-2), padded bpchar, one bpchar(1) NOT NULL, money_ish numeric(12,2) NOT NULL, plain numeric)`);
    const pulled = pullSchema(await introspect(db.client, 'pull_params'), { importExtension: '.ts' });
    expect(pulled.raw).toEqual([
      't.rounded: numeric(5,-2) (numeric scale -2 must be an integer from 0 to the precision 5 in pgtwin\'s schema DSL)',
      "t.padded: bpchar (has no length in the database (unbounded); pgtwin's char() means char(1), which would narrow it)",
    ]);
    const source = pulled.files.find((f) => f.name === 't.ts')?.source ?? '';
    expect(source).not.toContain('numeric(5, -2)');
    expect(source).toContain("// rounded: numeric scale -2 must be an integer from 0 to the precision 5 in pgtwin's schema DSL: values are the type's PostgreSQL text, COPY is text.");
    expect(source).toContain("rounded: raw('numeric(5,-2)').nullable(),");
    expect(source).toContain("padded: raw('bpchar').nullable(),");
    expect(source).toContain('one: char(1),');
    expect(source).toContain('money_ish: numeric(12, 2),');
    expect(source).toContain('plain: numeric().nullable(),');
    const dir = path.join(base, 'pulled');
    mkdirSync(dir, { recursive: true });
    writePulled(path.join(dir, 'schema'), pulled.files, false);
    const gen = pgtwin('codegen', dir, '--no-typecheck');
    expect(gen.status, gen.stderr).toBe(0);
  });
});
