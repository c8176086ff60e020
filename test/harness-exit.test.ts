/**
 * `npm test` on a new machine starts an embedded PostgreSQL (DATABASE_URL unset). Its exit
 * hook used to turn a failing run's exit code into 0; a child process that starts and stops
 * the embedded server the way the global setup does must keep the exit code it set.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('a run that sets a failing exit code keeps it after the embedded server stops', () => {
  const script = `
    const { startServer } = await import('./test/support/server.ts');
    const server = await startServer();
    await server.stop();
    process.exitCode = 3;
  `;
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  expect(child.status, child.stderr).toBe(3);
});
