/**
 * `npm test` on a new machine starts an embedded PostgreSQL (DATABASE_URL unset). Its exit
 * hook used to turn a failing run's exit code into 0 and to throw at exit; a child process
 * that starts and stops the embedded server the way the global setup does must exit with the
 * code it set, and cleanly.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runChild(exitCode: number | null): { status: number | null; stderr: string } {
  const script = `
    const { startServer } = await import('./test/support/server.ts');
    const server = await startServer();
    await server.stop();
    ${exitCode === null ? '' : `process.exitCode = ${exitCode};`}
  `;
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stderr: child.stderr };
}

it('a run that sets a failing exit code keeps it after the embedded server stops', () => {
  const failing = runChild(3);
  expect(failing.status, failing.stderr).toBe(3);
});

it('a passing run exits 0 with nothing on stderr', () => {
  const passing = runChild(null);
  expect(passing.status, passing.stderr).toBe(0);
  expect(passing.stderr).toBe('');
});
