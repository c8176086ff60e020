/** End to end (needs the runtime/table.ts wiring of checkMoneyLocale): copyInto and batchInsert refuse a money table under ja_JP, nothing stored; C works. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../generator/embedded-postgres.ts';
import { defineTable } from '@pgtwin/runtime/internal/table';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';

const canBuild = spawnSync('localedef', ['--help'], { stdio: 'ignore' }).status === 0 && existsSync('/usr/share/i18n/locales/ja_JP');

describe('money tables under lc_monetary ja_JP', () => {
  let dir = '';
  let server: EmbeddedServer | undefined;
  beforeAll(async () => {
    dir = mkdtempSync('/tmp/pgtwin-locales-');
    chmodSync(dir, 0o755);
    spawnSync('localedef', ['-i', 'ja_JP', '-f', 'UTF-8', path.join(dir, 'ja_JP.UTF-8')]);
    server = await startEmbeddedPostgres({ env: { LOCPATH: dir } });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const prices = defineTable<{ id: bigint; amount: string }>({
    table: 'prices',
    columns: [
      { name: 'id', field: 'id', nullable: false, codec: codecs.int8(), paramOid: 20 },
      { name: 'amount', field: 'amount', nullable: false, codec: codecs.money(), paramOid: 790 },
    ],
    sql: {
      copyBinary: 'COPY "prices" ("id", "amount") FROM STDIN (FORMAT binary)',
      copyText: 'COPY "prices" ("id", "amount") FROM STDIN (FORMAT text)',
      batchInsert: 'INSERT INTO "prices" ("id", "amount") SELECT * FROM UNNEST($1::int8[], $2::money[])',
    },
    moneyColumns: ['amount'],
  });
  it('refused on every path under ja_JP, nothing stored; stored under C', async () => {
    const c = new pg.Client({ connectionString: server?.url });
    await c.connect();
    const jp = new pg.Client({ connectionString: server?.url, options: '-c lc_monetary=ja_JP.UTF-8' });
    await jp.connect();
    try {
      await c.query('CREATE TABLE prices (id int8, amount money)');
      await expect(prices.copyInto(jp, [{ id: 1n, amount: '1.50' }])).rejects.toThrow(/table "prices", column "amount" \(money\): the server's lc_monetary is "ja_JP\.UTF-8"/);
      await expect(prices.copyInto(jp, [{ id: 1n, amount: '1.50' }], { format: 'text' })).rejects.toThrow(/lc_monetary is "ja_JP\.UTF-8"/);
      await expect(prices.batchInsert(jp, [{ id: 1n, amount: '1.50' }])).rejects.toThrow(/lc_monetary is "ja_JP\.UTF-8"/);
      expect((await c.query('SELECT count(*)::int AS n FROM prices')).rows[0].n).toBe(0);
      expect(await prices.copyInto(c, [{ id: 1n, amount: '1.50' }])).toBe(1);
      expect(await prices.batchInsert(c, [{ id: 2n, amount: '-2.25' }])).toBe(1);
      expect((await c.query('SELECT array_agg(amount::numeric::text ORDER BY id) AS a FROM prices')).rows[0].a).toEqual(['1.50', '-2.25']);
    } finally {
      await c.end();
      await jp.end();
    }
  });
});

// A machine without localedef or glibc's locale sources cannot run the tests above: say so, never pass silently.
describe('money locales can be built here', () => {
  it('localedef and /usr/share/i18n/locales exist (Debian: packages libc-bin and locales)', () => {
    expect(canBuild, 'localedef or /usr/share/i18n/locales/* is missing, so lc_monetary cannot be tested').toBe(true);
  });
});
