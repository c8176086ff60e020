/**
 * examples/ledger-ingest, run as a user runs it, with small numbers.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

describe('examples/ledger-ingest', () => {
  it('backfills with COPY, ingests live ledgers in transactions, and reports the exact counts', () => {
    const r = spawnSync(
      process.execPath,
      ['--conditions=pgtwin-source', '--import', 'tsx', 'examples/ledger-ingest/main.ts', '--ledgers', '300', '--live', '7', '--json'],
      { cwd: repo, encoding: 'utf8', env: { ...process.env, DATABASE_URL: inject('databaseUrl') } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout.trim()) as { backfillRows: number; tables: Record<string, number> };
    // 1 ledger, 3 transactions, 6 operations and 6 state changes per ledger.
    expect(summary.backfillRows).toBe(300 * 16);
    expect(summary.tables).toMatchObject({ ledgers: 307, transactions: 307 * 3, operations: 307 * 6, state_changes: 307 * 6 });
    expect(summary.tables.balances).toBeGreaterThan(0);
    expect(summary.tables.account_stats).toBeGreaterThan(0);
  });
});
