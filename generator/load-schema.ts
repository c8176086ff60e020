/**
 * Stage 1: load the schema modules. The only stage besides writing that touches the disk;
 * it imports every `.ts` file of the schema folder and hands their exports to validation,
 * with each file's path so that errors can name it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SchemaModule {
  /** Path relative to the project root, with `/` separators (`schema/transactions.ts`). */
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

export interface LoadedSchema {
  /** The schema folder relative to the project root, with `/` separators (`schema`, `db/schema`; `.` for the root). Absent: `schema`. */
  readonly dir?: string;
  /** Table and enum files, sorted by path. */
  readonly modules: readonly SchemaModule[];
  /** `schema/index.ts`, when present: the list of tables an application imports. */
  readonly index: SchemaModule | undefined;
}

export class SchemaLoadError extends Error {
  override name = 'SchemaLoadError';
}

/** A file of the schema folder `dir` as errors and headers name it: `db/schema/index.ts`. */
export function schemaFilePath(dir: string | undefined, name: string): string {
  const d = dir ?? 'schema';
  return d === '.' ? name : `${d}/${name}`;
}

/**
 * Where in the schema folder an import-time error was thrown, from its stack: the file that
 * failed may be another one than the one imported (index.ts imports the tables).
 */
function thrownAt(err: unknown, root: string, dir: string): string {
  const stack = (err as Error | undefined)?.stack ?? '';
  for (const m of stack.matchAll(/(?:file:\/\/)?(\/[^\s():]+):(\d+)(?::\d+)?/g)) {
    const abs = decodeURIComponent(m[1] as string);
    if (abs.startsWith(dir + path.sep)) return ` (thrown at ${path.relative(root, abs).split(path.sep).join('/')}:${m[2]})`;
  }
  return '';
}

export async function loadSchema(options: { root: string; schemaDir: string }): Promise<LoadedSchema> {
  const dir = path.resolve(options.root, options.schemaDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(ts|mts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')).sort();
  } catch {
    throw new SchemaLoadError(`schema folder not found: ${path.relative(options.root, dir) || dir}`);
  }
  const modules: SchemaModule[] = [];
  let index: SchemaModule | undefined;
  for (const name of names) {
    const abs = path.join(dir, name);
    const file = path.relative(options.root, abs).split(path.sep).join('/');
    let exports: Record<string, unknown>;
    try {
      exports = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
    } catch (err) {
      throw new SchemaLoadError(`${file}: failed to load: ${(err as Error)?.message ?? String(err)}${thrownAt(err, options.root, dir)}`);
    }
    const mod = { file, exports: { ...exports } };
    if (/^index\.(ts|mts|js|mjs)$/.test(name)) index = mod;
    else modules.push(mod);
  }
  return { dir: path.relative(options.root, dir).split(path.sep).join('/') || '.', modules, index };
}
