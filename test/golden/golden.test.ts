/**
 * Golden tests: each folder `test/golden/<case>/` holds `schema/` (input) and `expected/`
 * (what codegen must produce). Compared both ways: changed, missing and extra files fail.
 * To update after an intended change: `UPDATE_GOLDEN=1 npx vitest run test/golden`,
 * then review the diff of `expected/` before committing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.ts';
import { loadSchema } from '../../generator/load-schema.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const cases = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('golden', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)('%s: generated output equals expected/ (both ways) and type-checks', async (name) => {
    const root = path.join(here, name);
    const files = generate(await loadSchema({ root, schemaDir: 'schema' }), { root, outDir: 'expected', typecheck: true });
    const expectedDir = path.join(root, 'expected');
    if (process.env.UPDATE_GOLDEN) {
      rmSync(expectedDir, { recursive: true, force: true });
      mkdirSync(expectedDir, { recursive: true });
      for (const [file, text] of files) writeFileSync(path.join(expectedDir, file), text);
    }
    const onDisk = existsSync(expectedDir) ? readdirSync(expectedDir).sort() : [];
    expect(onDisk, 'files in expected/ (missing or extra)').toEqual([...files.keys()].sort());
    for (const [file, text] of files) {
      expect(text, `${name}/expected/${file}`).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
    }
  });
});
