/**
 * Starts the engine servers for `npm run test:engines` (scripts/engines.sh start): one
 * TimescaleDB server and a Citus coordinator with two workers, on free ports in a temporary
 * folder, stopped and removed when the run ends. When they cannot start (an engine is not
 * installed, a server fails), the reason is handed to the tests, which fail with it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    engines: { timescaledbUrl: string; citusUrl: string; citusWorkerPorts: number[] } | { error: string };
  }
}

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '../../scripts/engines.sh');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'pgtwin-engines-')), 'servers');
  chmodSync(path.dirname(dir), 0o755);
  const stop = async () => {
    await run(script, ['stop', dir]).catch(() => {});
    rmSync(path.dirname(dir), { recursive: true, force: true });
  };
  try {
    const { stdout } = await run(script, ['start', dir], { timeout: 300_000 });
    const env = Object.fromEntries(stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    project.provide('engines', {
      timescaledbUrl: String(env.TIMESCALEDB_URL),
      citusUrl: String(env.CITUS_URL),
      citusWorkerPorts: String(env.CITUS_WORKER_PORTS).split(',').map(Number),
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    await stop();
    project.provide('engines', { error: `the engine servers did not start: ${(e.stderr || e.message).trim()}` });
    return async () => {};
  }
  return stop;
}
