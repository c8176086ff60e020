/**
 * The README's usage section is examples/usage.ts, verbatim; this runs it on a real server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { backfill, ingest } from '../../examples/usage.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(root, 'generated/schema.sql'), 'utf8'));
});

describe('README usage example', () => {
  it('is quoted verbatim in the README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const example = readFileSync(path.join(root, 'examples/usage.ts'), 'utf8');
    expect(readme).toContain(example.trim());
  });

  it('backfills with copyInto and ingests with batchInsert and batchApply in a transaction', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await backfill(db.client, 1, 5000)).toBe(5000);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
    await db.client.query(`INSERT INTO balances VALUES ('GB…', 'USD:GC…', 5, 1, now())`);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      await ingest(pool, 5001);
      await ingest(pool, 5001); // a retry changes nothing
    } finally {
      await pool.end();
    }
    const { rows } = await db.client.query(`SELECT (SELECT count(*)::int FROM ledgers) AS ledgers, (SELECT string_agg(account || ':' || balance, ',') FROM balances) AS balances`);
    expect(rows[0]).toEqual({ ledgers: 5001, balances: 'GA…:9900' });
  });
});
