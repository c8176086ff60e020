import { describe, expect, it } from 'vitest';
import { useTestDatabase } from './support/db.ts';

const db = useTestDatabase();

describe('test harness', () => {
  it('gives each file its own database on a real server, in UTC', async () => {
    const { rows } = await db.client.query<{ db: string; tz: string; v: string }>(
      `select current_database() as db, current_setting('TimeZone') as tz, current_setting('server_version_num') as v`,
    );
    expect(rows[0]?.db).toMatch(/^pgtwin_test_[0-9a-f]{12}$/);
    expect(rows[0]?.tz).toBe('UTC');
    expect(Number(rows[0]?.v)).toBeGreaterThanOrEqual(140000);
  });
});
