/**
 * `pgtwin/schema` is what schema files import, and codegen loads them: it must not pull in the
 * COPY machinery (pg-copy-streams and the streaming code) nor `pg`. Checked on esbuild's
 * module graph of schema-dsl/index.ts, so re-adding such an import anywhere below it fails here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function moduleGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const result = await build({ entryPoints: [path.join(root, entry)], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent', absWorkingDir: root });
  const inputs = result.metafile.inputs;
  const packages = new Set<string>();
  for (const input of Object.values(inputs)) for (const imp of input.imports) if (imp.external) packages.add(imp.path);
  return { files: Object.keys(inputs).sort(), packages: [...packages].sort() };
}

describe('pgtwin/schema module graph', () => {
  it('loads neither pg, pg-copy-streams nor the runtime’s COPY, table or transaction modules', async () => {
    const { files, packages } = await moduleGraph('schema-dsl/index.ts');
    expect(files).toContain('schema-dsl/index.ts');
    expect(packages.filter((p) => p === 'pg' || p.startsWith('pg/') || p.startsWith('pg-copy-streams'))).toEqual([]);
    for (const f of ['runtime/copy-stream.ts', 'runtime/table.ts', 'runtime/transaction.ts', 'runtime/partitions.ts', 'runtime/parallel.ts', 'runtime/backfill.ts']) expect(files).not.toContain(f);
  });
  it('the check sees the COPY machinery where it is loaded (@pgtwin/runtime)', async () => {
    const { files, packages } = await moduleGraph('runtime/index.ts');
    expect(packages).toContain('pg-copy-streams');
    expect(files).toContain('runtime/copy-stream.ts');
  });
});
