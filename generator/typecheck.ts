/**
 * Stage 5: type-check the generated TypeScript in memory with ts-morph, before anything is
 * written. Files are placed at their future paths so that `@pgtwin/runtime` resolves through
 * the runtime package's `exports` in node_modules, exactly as it will for the written files.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';

export class GeneratedCodeError extends Error {
  override name = 'GeneratedCodeError';
}

function nearestTsconfig(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Uses the project's own (nearest) tsconfig.json when there is one (so the check sees the module
 * resolution, conditions and strictness the application compiles with), else NodeNext
 * defaults.
 */
export function typecheckSources(options: { root: string; outDir: string; files: ReadonlyMap<string, string> }): void {
  const tsConfigFilePath = nearestTsconfig(path.resolve(options.root));
  const project = tsConfigFilePath
    ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true, skipLibCheck: true, noUnusedLocals: true } })
    : new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
      noUnusedLocals: true,
    },
  });
  const outAbs = path.resolve(options.root, options.outDir);
  const sources = [];
  for (const [name, text] of options.files) {
    if (!name.endsWith('.ts')) continue;
    sources.push(project.createSourceFile(path.join(outAbs, name), text, { overwrite: true }));
  }
  const diagnostics = sources.flatMap((s) => [...s.getPreEmitDiagnostics()]);
  if (diagnostics.length > 0) {
    const text = project.formatDiagnosticsWithColorAndContext(diagnostics.slice(0, 20));
    // ANSI colours only on a terminal that wants them (not into a file, a pipe or under NO_COLOR).
    const colour = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
    throw new GeneratedCodeError(`generated code does not type-check:\n${colour ? text : text.replace(/\x1b\[[0-9;]*m/g, '')}`);
  }
}
