/**
 * What every pgtwin command does first: parse its flags (with `--help`, `--root` and
 * `--config`, which all commands take), then load the project's config. Errors are printed
 * here; the caller gets either what it needs or the exit code.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type PgtwinConfig } from './config.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = {
  root: { type: 'string', default: process.cwd() },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

export interface CommandStart<V> {
  readonly values: V;
  readonly root: string;
  readonly config: PgtwinConfig;
}

type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof COMMON; strict: true }>>['values'];

/** Parses flags and loads the config; returns the exit code when the command should stop. */
export async function startCommand<O extends Options>(argv: readonly string[], options: O, help: string): Promise<number | CommandStart<Values<O>>> {
  let values: Values<O>;
  try {
    values = parseArgs({ args: [...argv], options: { ...options, ...COMMON } as O & typeof COMMON, strict: true }).values as Values<O>;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${help}\n`);
    return 2;
  }
  const common = values as unknown as { help: boolean; root: string; config?: string };
  if (common.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const root = path.resolve(common.root);
  try {
    const { config } = await loadConfig(root, common.config);
    return { values, root, config };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`pgtwin: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** The database URL from the flag or the config's environment variable; prints why when there is none. */
export function databaseUrl(flag: string | undefined, config: PgtwinConfig, command: string): string | undefined {
  const url = flag ?? process.env[config.databaseUrlEnv];
  if (!url) {
    process.stderr.write(`pgtwin ${command}: no database: pass --database-url or set ${config.databaseUrlEnv}\n`);
    return undefined;
  }
  // pg reads anything else as a host or socket name ("notaurl" → getaddrinfo ENOTFOUND base).
  // The value is not echoed: it may hold a password.
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    const from = flag !== undefined ? '--database-url' : `$${config.databaseUrlEnv}`;
    process.stderr.write(`pgtwin ${command}: ${from} is not a PostgreSQL URL; expected postgres://user:password@host:5432/database\n`);
    return undefined;
  }
  return url;
}
