/**
 * A new user's schema mistakes (issue 23), through `pgtwin codegen` as a user runs it: each is
 * exit 2 with the schema file, table and key named, nothing written; never exit 1 (which
 * --check uses for "stale") and never a stack.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const base = path.join(repo, '.tmp', `mistakes-${process.pid}`);
let n = 0;

function project(): string {
  const dir = path.join(base, `p${++n}`);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(repo, 'test/golden/basic/schema'), path.join(dir, 'schema'), { recursive: true });
  return dir;
}

/** Replaces `from` in schema/events.ts (which must contain it). */
function editEvents(dir: string, from: string, to: string): void {
  const file = path.join(dir, 'schema/events.ts');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

function codegen(root: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', 'codegen', '--root', root, '--no-typecheck', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Exit 2, nothing written, no stack, and every pattern in stderr. */
function expectRefused(dir: string, r: ReturnType<typeof codegen>, ...patterns: RegExp[]): void {
  expect(r.status, r.stderr).toBe(2);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  expect(r.stderr).toContain('Nothing was written.');
  expect(existsSync(path.join(dir, 'generated'))).toBe(false);
}

describe('schema mistakes at codegen', () => {
  it('a misspelt defineTable key is refused, naming file, table and the likely key', () => {
    const dir = project();
    editEvents(dir, "primaryKey: ['id'],", "primarykey: ['id'],");
    expectRefused(dir, codegen(dir), /schema\/events\.ts: table "events": unknown key "primarykey" \(did you mean "primaryKey"\?\)/);
  });

  it('primaryKey given as a string is refused, not read character by character', () => {
    const dir = project();
    editEvents(dir, "primaryKey: ['id'],", "primaryKey: 'id' as never,");
    const r = codegen(dir);
    expectRefused(dir, r, /schema\/events\.ts: table "events": primaryKey must be a list of column names, such as \["id"\], not the string "id"/);
    expect(r.stderr).not.toMatch(/column "i"/);
  });

  it('a column builder without parentheses is refused (it crashed with a TypeError)', () => {
    const dir = project();
    editEvents(dir, 'at: timestamptz(),', 'at: timestamptz as never,');
    expectRefused(dir, codegen(dir), /schema\/events\.ts: table "events", column "at": is the builder function timestamptz itself, not a column: call it, as in timestamptz\(\)/);
  });

  it('an unknown key in a nested object (upsert) is refused with a suggestion', () => {
    const dir = project();
    editEvents(dir, "unique: [['hash']],", "unique: [['hash']],\n  upsert: { targt: ['id'] } as never,");
    expectRefused(dir, codegen(dir), /schema\/events\.ts: table "events": upsert: unknown key "targt" \(did you mean "target"\?\)/);
  });

  it('column() with a misspelt param and an unknown type name suggest the likely one', () => {
    const dir = project();
    editEvents(dir, "import { bigint,", "import { column, bigint,");
    editEvents(dir, 'tags: text().array(),', "tags: text().array(),\n    note: column('txt'),\n    price: column('numeric', { precison: 10 } as never),");
    const r = codegen(dir);
    expectRefused(
      dir,
      r,
      /table "events", column "note": unknown type "txt" \(did you mean "text"\?\)/,
      /table "events", column "price": column\(type, params\): unknown key "precison" \(did you mean "precision"\?\)/,
    );
  });

  it('a schema file that throws at import is named, also when another schema file imports it', () => {
    const dir = project();
    // events.ts (loaded first) imports level.ts, which throws: the message names level.ts and its line.
    const file = path.join(dir, 'schema/level.ts');
    writeFileSync(file, `const labels = (undefined as unknown as { x: string[] }).x;\n${readFileSync(file, 'utf8')}`);
    const r = codegen(dir);
    expectRefused(dir, r, /schema\/events\.ts: failed to load: .*\(thrown at schema\/level\.ts:1\)/);
  });

  it('an empty index.ts warns (and still generates)', () => {
    const dir = project();
    rmSync(path.join(dir, 'schema/events.ts'));
    rmSync(path.join(dir, 'schema/level.ts'));
    writeFileSync(path.join(dir, 'schema/index.ts'), 'export {};\n');
    const r = codegen(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: schema\/index\.ts exports no table/);
  });
});
