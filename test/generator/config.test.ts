import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../../generator/config.ts';

const base = path.resolve(import.meta.dirname, '../../.tmp', `config-${process.pid}`);
let n = 0;
function dirWith(file: string, text: string): string {
  const dir = path.join(base, String(++n));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), text);
  return dir;
}
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('pgtwin.config', () => {
  it('defaults when there is no config file', async () => {
    const dir = path.join(base, 'empty');
    mkdirSync(dir, { recursive: true });
    expect(await loadConfig(dir)).toEqual({ config: DEFAULT_CONFIG, file: undefined });
  });

  it('reads .json, .js and .ts files, filling defaults', async () => {
    expect((await loadConfig(dirWith('pgtwin.config.json', '{"out": "src/db"}'))).config).toEqual({ ...DEFAULT_CONFIG, out: 'src/db' });
    expect((await loadConfig(dirWith('pgtwin.config.js', 'export default { importExtension: "none" };'))).config.importExtension).toBe('none');
    expect((await loadConfig(dirWith('pgtwin.config.ts', 'const c: { schema: string } = { schema: "db/schema" };\nexport default c;'))).config.schema).toBe('db/schema');
  });

  it.each([
    ['{"out": 5}', /pgtwin\.config\.json: field "out" must be a non-empty string, not 5/],
    ['{"importExtension": ".mjs"}', /pgtwin\.config\.json: field "importExtension" must be "\.js", "\.ts" or "none", not "\.mjs"/],
    ['{"outDir": "x"}', /pgtwin\.config\.json: unknown field "outDir"/],
    ['[1]', /pgtwin\.config\.json: must hold an object/],
    ['{ not json', /pgtwin\.config\.json: cannot be read/],
  ])('rejects %s naming the file and the field', async (text, expected) => {
    const err = await loadConfig(dirWith('pgtwin.config.json', text)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(expected);
  });

  it('names a missing explicit config file', async () => {
    await expect(loadConfig(base, 'nope.json')).rejects.toThrow(/nope\.json: config file not found/);
  });
});
