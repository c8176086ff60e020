#!/usr/bin/env node
/**
 * The `pgtwin` command: `pgtwin codegen [--check] [--watch]`, `pgtwin verify`, `pgtwin pull`.
 * Schema and config files are TypeScript, so the built command registers tsx's loader for them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const HELP = `Usage: npx pgtwin <command> [options]

Commands:
  codegen     Write the generated modules from the schema folder (--check: drift check, --watch)
  verify      Compare the schema with a live database, or with migration files (--from-sql)
  pull        Write schema files from a live database, or from migration files (--from-sql)

Options:
  -v, --version  Print pgtwin's version

Run \`npx pgtwin <command> --help\` for a command's options. Configuration: pgtwin.config.{ts,js,json}.`;

/** The version in pgtwin's own package.json (generator/ in the source, dist/generator/ when installed). */
function version(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    const file = new URL(rel, import.meta.url);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'pgtwin' && pkg.version) return pkg.version;
  }
  return 'unknown';
}

export async function run(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!import.meta.url.endsWith('.ts')) register();
  switch (command) {
    case 'codegen':
      return (await import('./cli.ts')).codegenMain(rest);
    case 'verify':
      return (await import('./verify-cli.ts')).verifyMain(rest);
    case 'pull':
      return (await import('./pull-cli.ts')).pullMain(rest);
    case '-v':
    case '--version':
    case 'version':
      process.stdout.write(`${version()}\n`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${HELP}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`pgtwin: unknown command "${command}"\n\n${HELP}\n`);
      return 2;
  }
}

process.exitCode = await run(process.argv.slice(2));
