/**
 * `pgtwin codegen` writes generated/ from schema/; `pgtwin codegen --check` exits 1 with
 * a unified diff when generated/ is stale (changed, missing or orphaned files) and never
 * writes. An invalid schema, or any other failure to generate, exits 2 and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, watch as fsWatch, type Dirent, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCommand } from './command.ts';
import { codegenCommand } from './config.ts';
import { generate } from './generate.ts';
import { loadSchema, SchemaLoadError } from './load-schema.ts';
import { applyPlan, diffPlan, isCurrent, planOutput } from './output.ts';
import { SchemaError } from './validate.ts';
import { isTableDef } from '../schema-dsl/index.ts';
import { GeneratedCodeError } from './typecheck.ts';

const HELP = `Usage: npx pgtwin codegen [options]

Generates one module per table in the output folder from the schema folder.

Options:
  --check          Do not write; exit 1 with a unified diff if the output folder is stale
  --watch          Regenerate whenever a file in the schema folder changes
  --schema <dir>   Schema folder (default: from pgtwin.config, else schema)
  --out <dir>      Output folder (default: from pgtwin.config, else generated)
  --config <file>  Config file (default: pgtwin.config.{ts,js,json} in the root, if any)
  --root <dir>     Project root (default: the current folder)
  --no-typecheck   Skip the in-memory type check of the generated code
  -h, --help       Show this help

Exit codes: 0 done or current, 1 stale (--check), 2 invalid schema or generated code, or an output folder that cannot be read or written.`;

export async function codegenMain(argv: readonly string[]): Promise<number> {
  const start = await startCommand(
    argv,
    {
      check: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      schema: { type: 'string' },
      out: { type: 'string' },
      'no-typecheck': { type: 'boolean', default: false },
    },
    HELP,
  );
  if (typeof start === 'number') return start;
  const { values, root, config } = start;
  const schemaDir = values.schema ?? config.schema;
  const outDir = values.out ?? config.out;
  const [schemaAbs, outAbsolute] = [path.resolve(root, schemaDir), path.resolve(root, outDir)];
  if (schemaAbs === outAbsolute || outAbsolute.startsWith(schemaAbs + path.sep) || schemaAbs.startsWith(outAbsolute + path.sep)) {
    process.stderr.write(`pgtwin: the output folder (${outDir}) and the schema folder (${schemaDir}) must not contain each other: codegen would overwrite schema files\nNothing was written.\n`);
    return 2;
  }
  if (values.watch) return watch(argv.filter((a) => a !== '--watch'), path.resolve(root, schemaDir));
  const started = performance.now();
  const command = codegenCommand(root, config, { schema: schemaDir, out: outDir });
  let files: Map<string, string>;
  try {
    const schema = await loadSchema({ root, schemaDir });
    if (schema.index && !Object.values(schema.index.exports).some(isTableDef)) {
      process.stderr.write(`pgtwin: warning: ${schema.index.file} exports no table, so ${outDir}/ gets no table module; export each table from it, as in \`export { default as accounts } from './accounts.ts';\`\n`);
    }
    const outAbs = path.resolve(root, outDir);
    const isUnchanged = (name: string, source: string) => {
      const file = path.join(outAbs, name);
      return existsSync(file) && readFileSync(file, 'utf8') === source;
    };
    files = generate(schema, { root, outDir, typecheck: !values['no-typecheck'], importExtension: config.importExtension, isUnchanged, codegenCommand: command });
  } catch (err) {
    if (err instanceof SchemaError || err instanceof SchemaLoadError || err instanceof GeneratedCodeError) {
      process.stderr.write(`pgtwin: ${err.message}\nNothing was written.\n`);
    } else {
      // A failure no stage turned into a schema issue: still name the folder, never exit 1
      // (which --check means "stale") and never a bare stack.
      process.stderr.write(`pgtwin: codegen failed on the schema in ${schemaDir}/: ${(err as Error)?.message ?? String(err)}\nNothing was written. (This is a bug in pgtwin if the schema is valid; run with PGTWIN_DEBUG=1 for the stack.)\n`);
      if (process.env.PGTWIN_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    }
    return 2;
  }
  // Reading or writing the output folder (a file in its place, no permission): exit 2 with the
  // folder named, never 1, which --check means "stale".
  const ioFailed = (err: unknown, what: string) => {
    process.stderr.write(`pgtwin: cannot ${what} ${outDir}/: ${(err as Error)?.message ?? String(err)}\n`);
    return 2;
  };
  let plan: ReturnType<typeof planOutput>;
  try {
    plan = planOutput(files, path.resolve(root, outDir));
  } catch (err) {
    return ioFailed(err, 'read');
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (values.check) {
    if (isCurrent(plan)) {
      process.stdout.write(`pgtwin: ${outDir}/ is current (${files.size} files, ${seconds}s)\n`);
      return 0;
    }
    const colour = Boolean(process.stdout.isTTY) && !process.env.CI && !process.env.NO_COLOR;
    process.stdout.write(`${diffPlan(plan, { colour, label: outDir })}\n`);
    const stale = plan.files.filter((f) => f.state !== 'unchanged').map((f) => `${f.state}: ${outDir}/${f.name}`);
    process.stderr.write(`pgtwin: ${outDir}/ is stale; run \`${command}\`:\n  ${stale.join('\n  ')}\n`);
    return 1;
  }
  try {
    applyPlan(plan);
  } catch (err) {
    return ioFailed(err, 'write');
  }
  for (const f of plan.files) {
    const verb = f.state === 'unchanged' ? 'unchanged' : f.state === 'orphaned' ? 'removed  ' : 'written  ';
    process.stdout.write(`${verb} ${outDir}/${f.name}\n`);
  }
  for (const f of plan.foreign) process.stdout.write(`left     ${outDir}/${f} (not generated by pgtwin)\n`);
  process.stdout.write(`pgtwin: ${files.size} files in ${seconds}s\n`);
  return 0;
}

/**
 * Runs codegen now and after every change in the schema folder, each time in a fresh process
 * (schema modules are ES modules, which one process cannot re-import once changed).
 * The folder and each folder under it are watched one by one, not with a recursive watch:
 * Node 20's recursive watch on Linux watches each file's inode, so a save that writes a
 * temporary file and renames it over the old one was missed (2 of 8 such saves in issue 23);
 * a directory watch sees the rename as an event on the folder. Subfolders count because schema
 * files import helpers from them; they are listed again before every run (new folders).
 */
function watch(args: readonly string[], schemaDir: string): Promise<number> {
  const bin = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './bin.ts' : './bin.js', import.meta.url));
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(once, 150);
  };
  const follow = () => {
    const dirs = new Set(foldersUnder(schemaDir));
    for (const [dir, w] of watchers) {
      if (dirs.has(dir)) continue;
      w.close();
      watchers.delete(dir);
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const w = fsWatch(dir, changed);
        w.on('error', (err) => process.stderr.write(`pgtwin: watching ${dir} failed: ${err.message}\n`));
        watchers.set(dir, w);
      } catch (err) {
        process.stderr.write(`pgtwin: cannot watch ${dir}: ${(err as Error).message}\n`);
      }
    }
  };
  function once(): void {
    follow();
    spawnSync(process.execPath, [...process.execArgv, bin, 'codegen', ...args], { stdio: 'inherit' });
  }
  once();
  process.stdout.write(`pgtwin: watching ${schemaDir} (Ctrl-C to stop)\n`);
  const stop = (resolve: (code: number) => void) => () => {
    clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    resolve(0);
  };
  return new Promise((resolve) => {
    process.once('SIGINT', stop(resolve));
    process.once('SIGTERM', stop(resolve));
  });
}

/** `dir` and every folder under it, except hidden ones and node_modules. */
function foldersUnder(dir: string): string[] {
  const out = [dir];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') out.push(...foldersUnder(path.join(dir, e.name)));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await codegenMain(process.argv.slice(2));
}
