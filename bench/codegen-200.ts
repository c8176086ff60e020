/**
 * Codegen speed on a 200-table schema: `npm run codegen` and `npm run codegen -- --check`,
 * each as the user runs it (a fresh process). Usage: `npx tsx bench/codegen-200.ts [--tables N]`.
 * The schema lives in .tmp/ inside the repository so it resolves `pgtwin/schema` like the real one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface CodegenBench {
  readonly tables: number;
  /** First run: writes every file, type-checking all of them. */
  readonly freshSeconds: number;
  /** Second run on the unchanged schema (what a developer and CI run most of the time). */
  readonly codegenSeconds: number;
  readonly checkSeconds: number;
}

const TYPES = ['bigint()', 'integer()', 'numeric(39, 0)', 'text()', 'varchar(64)', 'bytea()', 'timestamptz()', 'jsonb()', 'boolean()', 'text().array()', 'uuid()', 'date()'];

export function writeSchema(root: string, tables: number): void {
  const dir = path.join(root, 'schema');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const index: string[] = [];
  for (let t = 0; t < tables; t++) {
    const name = `table_${String(t).padStart(3, '0')}`;
    const cols = Array.from({ length: 12 }, (_, c) => `    col_${c}: ${TYPES[(t + c) % TYPES.length]}${c % 3 === 2 ? '.nullable()' : ''},`);
    writeFileSync(
      path.join(dir, `${name}.ts`),
      `import { bigint, boolean, bytea, date, defineTable, integer, jsonb, numeric, text, timestamptz, uuid, varchar } from 'pgtwin/schema';\n\n` +
        `export default defineTable({\n  name: '${name}',\n  columns: {\n    id: bigint(),\n${cols.join('\n')}\n  },\n  primaryKey: ['id'],\n});\n`,
    );
    index.push(`export { default as ${name} } from './${name}.ts';`);
  }
  writeFileSync(path.join(dir, 'index.ts'), `${index.join('\n')}\n`);
}

function timeRun(repo: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', path.join(repo, 'generator/cli.ts'), ...args], { cwd: repo, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`codegen ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return seconds;
}

export function benchCodegen(repo: string, tables = 200): CodegenBench {
  const root = path.join(repo, '.tmp', `codegen-${tables}`);
  writeSchema(root, tables);
  const rel = path.relative(repo, root);
  const args = ['--root', rel];
  const freshSeconds = timeRun(repo, args); // first run writes (and type-checks) everything
  const codegenSeconds = timeRun(repo, args);
  const checkSeconds = timeRun(repo, [...args, '--check']);
  rmSync(root, { recursive: true, force: true });
  return { tables, freshSeconds, codegenSeconds, checkSeconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { tables: { type: 'string', default: '200' } } });
  const repo = path.resolve(import.meta.dirname, '..');
  const r = benchCodegen(repo, Number(values.tables));
  console.log(`codegen, ${r.tables} tables: first run ${r.freshSeconds.toFixed(2)} s, re-run ${r.codegenSeconds.toFixed(2)} s; codegen --check: ${r.checkSeconds.toFixed(2)} s`);
}
