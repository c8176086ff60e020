/**
 * A new user's schema mistakes (issue 23), through `pgtwin codegen` as a user runs it: each is
 * exit 2 with the schema file, table and key named, nothing written; never exit 1 (which
 * --check uses for "stale") and never a stack.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codegenCommand, DEFAULT_CONFIG } from '../../generator/config.ts';

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

  it('every documented key of nested options is accepted (hypertable segmentBy and orderBy)', () => {
    const dir = project();
    editEvents(dir, "primaryKey: ['id'],", "primaryKey: ['id', 'at'],");
    editEvents(dir, "unique: [['hash']],", "hypertable: { timeColumn: 'at', chunkInterval: '1 day', segmentBy: ['level'], orderBy: ['at DESC'] },");
    const r = codegen(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'generated/schema.sql'), 'utf8')).toMatch(/tsdb\.segmentby = '"level"'.*tsdb\.orderby = '"at" DESC'/s);
  });

  it('a name list given as a string in a nested option is refused, not read character by character', () => {
    const dir = project();
    editEvents(dir, "primaryKey: ['id'],", "primaryKey: ['id', 'at'],");
    editEvents(dir, "unique: [['hash']],", "hypertable: { timeColumn: 'at', chunkInterval: '1 day', segmentBy: 'level' as never },");
    const r = codegen(dir);
    expectRefused(dir, r, /table "events": hypertable\.segmentBy must be a list of column names, such as \["level"\], not the string "level"/);
    expect(r.stderr).not.toMatch(/"l"/);
  });

  it('partitionBy.partitions that is not a list is refused by shape, not with an internal message', () => {
    const dir = project();
    editEvents(dir, "unique: [['hash']],", "partitionBy: { kind: 'hash', columns: ['id'], partitions: { name: 'p' } as never },");
    const r = codegen(dir);
    expectRefused(dir, r, /table "events": partitionBy\.partitions must be a list of partitions, not an object/);
    expect(r.stderr).not.toMatch(/is not a function/);
  });

  it('an output folder that cannot be read or written (a file in its place) is exit 2 with the folder named, also under --check', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'generated'), 'not a folder\n');
    for (const args of [[], ['--check']]) {
      const r = codegen(dir, ...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/pgtwin: .*generated.*not a directory/);
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    }
    expect(readFileSync(path.join(dir, 'generated'), 'utf8')).toBe('not a folder\n');
  });

  it('.default(undefined) (a value from a missing variable) is refused, not dropped', () => {
    const dir = project();
    editEvents(dir, 'amount: numeric(20, 4),', 'amount: numeric(20, 4).default(undefined as never),');
    expectRefused(dir, codegen(dir), /table "events", column "amount": \.default\(\) needs a value .*not undefined/);
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

  it('headers and the stale message name the command this project runs', () => {
    const dir = project();
    const withoutScript = codegen(dir);
    expect(withoutScript.status, withoutScript.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'generated/events.ts'), 'utf8')).toContain('run `npx pgtwin codegen`.');
    writeFileSync(path.join(dir, 'pgtwin.config.json'), JSON.stringify({ codegenCommand: 'npm run db:gen' }));
    const check = codegen(dir, '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('is stale; run `npm run db:gen`');
    expect(codegen(dir).status).toBe(0);
    expect(readFileSync(path.join(dir, 'generated/events.ts'), 'utf8')).toMatch(/^\/\/ Generated by pgtwin from schema\/events\.ts\. Do not edit: change the schema and run `npm run db:gen`\./);
    expect(readFileSync(path.join(dir, 'generated/schema.sql'), 'utf8')).toContain('run `npm run db:gen`.');
  });

  it('without a configured command: a package.json script running pgtwin codegen, else npx pgtwin codegen', () => {
    const dir = path.join(base, `pkg${++n}`);
    mkdirSync(dir, { recursive: true });
    expect(codegenCommand(dir, DEFAULT_CONFIG)).toBe('npx pgtwin codegen');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { 'db:check': 'pgtwin codegen --check', 'db:gen': 'pgtwin codegen', test: 'vitest' } }));
    expect(codegenCommand(dir, DEFAULT_CONFIG)).toBe('npm run db:gen');
    expect(codegenCommand(dir, { ...DEFAULT_CONFIG, codegenCommand: 'make gen' })).toBe('make gen');
  });

  it('with several codegen scripts or folders given as flags, the command named is the one that regenerates those folders', () => {
    const dir = path.join(base, `pkg${++n}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { codegen: 'pgtwin codegen', 'codegen:test': 'pgtwin codegen --schema test/schema --out=test/generated', 'gen:x': 'npx pgtwin codegen --schema x' } }));
    expect(codegenCommand(dir, DEFAULT_CONFIG, { schema: 'schema', out: 'generated' })).toBe('npm run codegen');
    expect(codegenCommand(dir, DEFAULT_CONFIG, { schema: 'test/schema', out: 'test/generated' })).toBe('npm run codegen:test');
    expect(codegenCommand(dir, DEFAULT_CONFIG, { schema: './x', out: 'generated' })).toBe('npm run gen:x');
    // No script generates these folders: the bin with the flags.
    expect(codegenCommand(dir, DEFAULT_CONFIG, { schema: 'db/schema', out: 'db/generated' })).toBe('npx pgtwin codegen --schema db/schema --out db/generated');
    // A configured npm script gets the flags after --.
    expect(codegenCommand(dir, { ...DEFAULT_CONFIG, codegenCommand: 'npm run codegen' }, { schema: 'bench/schema', out: 'bench/generated' })).toBe('npm run codegen -- --schema bench/schema --out bench/generated');
  });

  it('type-check errors carry no ANSI colours when not on a terminal or under NO_COLOR', () => {
    const dir = project();
    // .ts import extensions without allowImportingTsExtensions: the generated code cannot type-check.
    writeFileSync(path.join(dir, 'pgtwin.config.json'), '{ "importExtension": ".ts" }\n');
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true } }));
    const r = spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', 'codegen', '--root', dir], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('generated code does not type-check');
    expect(r.stderr).toMatch(/TS\d+/);
    expect(r.stderr).not.toContain('\x1b[');
  });

  it('pgtwin --version prints the package version', () => {
    const r = spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', '--version'], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
