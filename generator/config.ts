/**
 * `pgtwin.config.ts` (or `.js` / `.json`) at the application's root: where the schema and
 * the generated code live, how generated modules import each other, and which environment
 * variable holds the database URL for `verify` and `pull`. Flags override it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PgtwinConfig {
  /** Schema folder, relative to the root (default `schema`). */
  readonly schema: string;
  /** Output folder, relative to the root (default `generated`). */
  readonly out: string;
  /**
   * Extension of relative imports between generated modules: `.js` for NodeNext (default),
   * `none` for bundler resolution, `.ts` for projects run by tsx with allowImportingTsExtensions.
   */
  readonly importExtension: '.js' | '.ts' | 'none';
  /** Environment variable holding the database URL for verify and pull (default `DATABASE_URL`). */
  readonly databaseUrlEnv: string;
  /**
   * The command that regenerates the code, as generated headers and messages name it. Default:
   * `npm run <script>` when package.json has a script running `pgtwin codegen`, else
   * `npx pgtwin codegen`.
   */
  readonly codegenCommand: string | undefined;
}

export const DEFAULT_CONFIG: PgtwinConfig = { schema: 'schema', out: 'generated', importExtension: '.js', databaseUrlEnv: 'DATABASE_URL', codegenCommand: undefined };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const CONFIG_FILES = ['pgtwin.config.ts', 'pgtwin.config.mts', 'pgtwin.config.js', 'pgtwin.config.mjs', 'pgtwin.config.json'];

/** Identity helper for typed config files: `export default defineConfig({ … })`. */
export function defineConfig(config: Partial<PgtwinConfig>): Partial<PgtwinConfig> {
  return config;
}

/** Loads the config file at `root` (the first of CONFIG_FILES found), or the defaults when there is none. */
export async function loadConfig(root: string, explicit?: string): Promise<{ config: PgtwinConfig; file: string | undefined }> {
  const file = explicit ? path.resolve(root, explicit) : CONFIG_FILES.map((f) => path.join(root, f)).find((f) => existsSync(f));
  if (!file) return { config: DEFAULT_CONFIG, file: undefined };
  const rel = path.relative(root, file) || file;
  if (!existsSync(file)) throw new ConfigError(`${rel}: config file not found`);
  let raw: unknown;
  try {
    if (file.endsWith('.json')) raw = JSON.parse(readFileSync(file, 'utf8'));
    else raw = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (err) {
    throw new ConfigError(`${rel}: cannot be read: ${(err as Error).message}`);
  }
  return { config: validateConfig(raw, rel), file };
}

export function validateConfig(raw: unknown, file: string): PgtwinConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${file}: must ${file.endsWith('.json') ? 'hold' : 'default-export'} an object`);
  const known = Object.keys(DEFAULT_CONFIG);
  const problems: string[] = [];
  for (const key of Object.keys(raw)) if (!known.includes(key)) problems.push(`unknown field "${key}" (known: ${known.join(', ')})`);
  const r = raw as Record<string, unknown>;
  for (const key of ['schema', 'out', 'databaseUrlEnv', 'codegenCommand'] as const) {
    if (r[key] !== undefined && (typeof r[key] !== 'string' || r[key] === '')) problems.push(`field "${key}" must be a non-empty string, not ${JSON.stringify(r[key])}`);
  }
  if (r.importExtension !== undefined && !['.js', '.ts', 'none'].includes(r.importExtension as string)) {
    problems.push(`field "importExtension" must be ".js", ".ts" or "none", not ${JSON.stringify(r.importExtension)}`);
  }
  if (problems.length) throw new ConfigError(`${file}: ${problems.join('; ')}`);
  return { ...DEFAULT_CONFIG, ...(r as Partial<PgtwinConfig>) };
}

/** A flag's value in a script's text: `--schema db/schema` or `--schema=db/schema`. */
function scriptFlag(script: string, flag: string): string | undefined {
  return new RegExp(`--${flag}(?:=|\\s+)(?:"([^"]*)"|'([^']*)'|([^\\s;&|]+))`).exec(script)?.slice(1).find((v) => v !== undefined);
}

/**
 * The command a user runs to regenerate `dirs` (default: the config's folders): the config's
 * `codegenCommand`, else `npm run <script>` for a package.json script that runs `pgtwin codegen`
 * (without --check or --watch) on those folders, else `npx pgtwin codegen`. Folders other than
 * the config's that no script names are added as flags, so the command regenerates them.
 */
export function codegenCommand(root: string, config: PgtwinConfig, dirs: { readonly schema: string; readonly out: string } = { schema: config.schema, out: config.out }): string {
  const same = (a: string, b: string) => path.resolve(root, a) === path.resolve(root, b);
  const flags = [...(same(dirs.schema, config.schema) ? [] : [`--schema ${dirs.schema}`]), ...(same(dirs.out, config.out) ? [] : [`--out ${dirs.out}`])].join(' ');
  if (config.codegenCommand !== undefined) {
    if (flags === '') return config.codegenCommand;
    return /^npm run \S+$/.test(config.codegenCommand) ? `${config.codegenCommand} -- ${flags}` : config.codegenCommand;
  }
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    for (const [name, script] of Object.entries(pkg.scripts ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (typeof script !== 'string' || !/(^|[\s/])pgtwin codegen(\s|$)/.test(script) || /--(check|watch)\b/.test(script)) continue;
      if (same(scriptFlag(script, 'schema') ?? config.schema, dirs.schema) && same(scriptFlag(script, 'out') ?? config.out, dirs.out)) return `npm run ${name}`;
    }
  } catch {
    // No package.json, or not JSON: the bin is what the user runs.
  }
  return flags === '' ? 'npx pgtwin codegen' : `npx pgtwin codegen ${flags}`;
}
