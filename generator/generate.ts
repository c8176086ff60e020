/**
 * The pipeline: loaded schema → validated IR → render model → rendered files → type check.
 * `generate` is pure apart from reading templates and type declarations; it returns
 * `Map<path relative to the output folder, source>` and never writes.
 */
import { buildModel } from './model.ts';
import { renderFiles } from './render.ts';
import { typecheckSources } from './typecheck.ts';
import { validateSchema } from './validate.ts';
import type { LoadedSchema } from './load-schema.ts';

export interface GenerateOptions {
  /** Project root (where package.json is). */
  readonly root: string;
  /** Output folder relative to the root, for the in-memory type check. */
  readonly outDir: string;
  /** Skip the ts-morph type check (used by tests that only compare text). */
  readonly typecheck?: boolean;
  /** Extension of relative imports between generated modules (default `.ts`). */
  readonly importExtension?: '.js' | '.ts' | 'none';
}

export function generate(schema: LoadedSchema, options: GenerateOptions): Map<string, string> {
  const ir = validateSchema(schema);
  const files = renderFiles(buildModel(ir, { importExtension: options.importExtension ?? '.ts' }));
  if (options.typecheck !== false) typecheckSources({ root: options.root, outDir: options.outDir, files });
  return files;
}
