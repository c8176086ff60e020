/**
 * The two packages of this repository (docs: README "Use pgtwin in your project"): the runtime
 * (`runtime/`, `@pgtwin/runtime`) needs only pg and pg-copy-streams and never reaches into the
 * generator; everything else reaches the runtime only through its package name, as an
 * application's generated code does. A relative `../runtime/…` import from generator/ works
 * here but breaks the published CLI, whose tarball has no runtime/ folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

function tsFilesUnder(dir: string): string[] {
  return readdirSync(path.join(repo, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(repo, path.join(e.parentPath, e.name)))
    .filter((f) => !f.split(path.sep).some((part) => part === 'node_modules' || part === 'dist'));
}

/** Every module specifier in static imports, re-exports and dynamic imports. */
function specifiers(file: string): string[] {
  const text = readFileSync(path.join(repo, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2]) as string);
}

describe('package boundaries', () => {
  it('runtime/ imports only itself, node builtins, pg and pg-copy-streams', () => {
    const allowed = new Set(['pg', 'pg-copy-streams', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const offending = tsFilesUnder('runtime').flatMap((f) => specifiers(f).filter((s) => !s.startsWith('./') && !s.startsWith('../') ? !allowed.has(s) : path.relative(repo, path.resolve(repo, path.dirname(f), s)).startsWith('..') || !path.relative(repo, path.resolve(repo, path.dirname(f), s)).startsWith('runtime')).map((s) => `${f}: ${s}`));
    expect(offending).toEqual([]);
  });

  it('code outside runtime/ imports the runtime through @pgtwin/runtime, never a relative path or pgtwin/runtime', () => {
    const dirs = ['generator', 'schema-dsl', 'schema', 'generated', 'test', 'bench', 'examples'];
    const offending = dirs.flatMap(tsFilesUnder).flatMap((f) =>
      specifiers(f)
        .filter((s) => s === 'pgtwin/runtime' || s.startsWith('pgtwin/runtime/') || ((s.startsWith('./') || s.startsWith('../')) && path.relative(repo, path.resolve(repo, path.dirname(f), s)).split(path.sep)[0] === 'runtime'))
        .map((s) => `${f}: ${s}`),
    );
    // Fix: '../runtime/index.ts' → '@pgtwin/runtime'; '../runtime/x.ts' → '@pgtwin/runtime/internal/x'.
    expect(offending).toEqual([]);
  });

  it('the runtime package depends on pg and pg-copy-streams alone, and lists its files by folder', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'runtime/package.json'), 'utf8')) as Record<string, Record<string, unknown> | string[] | string>;
    expect(Object.keys(pkg.dependencies as object).sort()).toEqual(['pg', 'pg-copy-streams']);
    expect(pkg.files).toEqual(['dist', 'README.md']);
    // New modules under runtime/ are exported without touching package.json.
    expect(Object.keys(pkg.exports as object)).toEqual(['.', './internal/*', './package.json']);
    const root = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; version: string; exports: object };
    // The generator reads the runtime's type table: exactly the runtime of its own version.
    expect(root.dependencies['@pgtwin/runtime']).toBe(root.version);
    expect(pkg.version).toBe(root.version);
    expect(Object.keys(root.exports)).toEqual(['./schema', './package.json']);
  });
});
