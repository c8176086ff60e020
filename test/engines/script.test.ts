/**
 * scripts/engines.sh fails loudly, naming what is missing or which step failed, against a
 * PostgreSQL that lacks the engines (a pg_config whose extension folder is empty).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../scripts/engines.sh');
const dir = mkdtempSync(path.join(tmpdir(), 'pgtwin-engines-script-'));
const pgConfig = path.join(dir, 'pg_config');
writeFileSync(pgConfig, `#!/bin/sh\ncase "$1" in --bindir) echo /usr/lib/postgresql/15/bin;; --sharedir) echo ${dir}/share;; esac\n`);
chmodSync(pgConfig, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>): { status: number | null; stderr: string } {
  // TMPDIR: the failed build's folder (kept for its log) lands in ours, removed afterwards.
  const r = spawnSync(script, args, { encoding: 'utf8', env: { ...process.env, PG_CONFIG: pgConfig, TMPDIR: dir, ...env } });
  return { status: r.status, stderr: r.stderr };
}

describe('scripts/engines.sh on a PostgreSQL without the engines', () => {
  it('install without the tarballs: exit 1 naming the missing tarball and the variable', () => {
    const r = run(['install', 'timescaledb'], { PGTWIN_ENGINES_SRC: path.join(dir, 'nowhere') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`engines: timescaledb is not installed and ${dir}/nowhere/timescaledb-2.28.3.tar.gz is missing (set PGTWIN_ENGINES_SRC)`);
  });

  it('a build step that fails: exit 1 naming the step and its log', () => {
    const src = path.join(dir, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(src, 'citus-13.2.2.tar.gz'), 'not a tarball');
    const r = run(['install', 'citus'], { PGTWIN_ENGINES_SRC: src });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/engines: step 'extract .*citus-13\.2\.2\.tar\.gz' failed \(log: .*build\.log\)/);
  });

  it('start without the engines: exit 1 saying which is missing and what to run', () => {
    const r = run(['start', path.join(dir, 'servers')], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`engines: timescaledb is not installed in ${dir}/share/extension (run: scripts/engines.sh install)`);
  });
});
