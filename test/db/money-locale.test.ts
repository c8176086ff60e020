/**
 * money under another lc_monetary: pgtwin sends cents with a "." decimal point, so a table with
 * money columns is refused, naming table, columns and the server's lc_monetary, when the
 * server's money has other fraction digits or another decimal point.
 *
 * The shared test server's machine may have only the C locales (`locale -a`), and a server
 * finds a locale only in its own LOCPATH or the system's archive. So this test builds ja_JP
 * (0 fraction digits), de_DE ("," decimal point) and ar_BH (3 fraction digits) with `localedef`
 * into a temporary folder, without root and without touching the system's locales, and starts
 * an embedded PostgreSQL with LOCPATH pointing there. Where localedef or glibc's locale sources
 * (/usr/share/i18n/locales) are missing, the last test fails saying so.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../generator/embedded-postgres.ts';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';
import { defineTable } from '@pgtwin/runtime/internal/table';
import { checkMoneyLocale } from '@pgtwin/runtime/internal/type-oids';

const LOCALES = ['ja_JP', 'de_DE', 'ar_BH'] as const;
const canBuildLocales = spawnSync('localedef', ['--help'], { stdio: 'ignore' }).status === 0 && LOCALES.every((l) => existsSync(`/usr/share/i18n/locales/${l}`));

describe('money and lc_monetary', () => {
  let dir = '';
  let server: EmbeddedServer | undefined;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    // Under /tmp: the embedded server runs as the postgres user when the tests run as root.
    dir = mkdtempSync(path.join(existsSync('/tmp') ? '/tmp' : tmpdir(), 'pgtwin-locales-'));
    chmodSync(dir, 0o755);
    for (const l of LOCALES) {
      const r = spawnSync('localedef', ['-i', l, '-f', 'UTF-8', path.join(dir, `${l}.UTF-8`)], { encoding: 'utf8' });
      // localedef exits 1 on warnings with the locale written; a missing folder is the failure.
      if (!existsSync(path.join(dir, `${l}.UTF-8`, 'LC_MONETARY'))) throw new Error(`localedef ${l} failed: ${r.stderr}`);
    }
    server = await startEmbeddedPostgres({ env: { LOCPATH: dir } });
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) await c.end();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function connect(lcMonetary: string): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: server?.url });
    await c.connect();
    clients.push(c);
    await c.query('SELECT set_config($1, $2, false)', ['lc_monetary', lcMonetary]);
    return c;
  }

  it('the server reads money differently under these locales (why the check exists)', async () => {
    const c = await connect('C');
    const read = async (lc: string) => {
      await c.query('SELECT set_config($1, $2, false)', ['lc_monetary', lc]);
      const { rows } = await c.query<{ cents: string; text: string }>("SELECT scale(1::numeric::money::numeric) AS cents, '1.50'::money::numeric::text AS text");
      return rows[0];
    };
    expect(await read('C')).toEqual({ cents: 2, text: '1.50' });
    expect(await read('ja_JP.UTF-8')).toEqual({ cents: 0, text: '2' });
    expect(await read('de_DE.UTF-8')).toEqual({ cents: 2, text: '150.00' });
    expect(await read('ar_BH.UTF-8')).toEqual({ cents: 3, text: '1.500' });
  });

  it.each([
    ['ja_JP.UTF-8', /no fraction digits/],
    ['de_DE.UTF-8', /2 fraction digits and decimal point ","/],
    ['ar_BH.UTF-8', /3 fraction digits and decimal point "\."/],
  ])('lc_monetary %s: refused before anything is sent, naming table, columns and lc_monetary', async (lc, detail) => {
    const c = await connect(lc);
    const err = await checkMoneyLocale(c, 'prices', ['amount', 'history']).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(new RegExp(`^pgtwin: table "prices", columns "amount", "history" \\(money\\): the server's lc_monetary is "${lc.replace('.', '\\.')}", whose money has `));
    expect(err?.message).toMatch(detail);
    expect(err?.message).toMatch(/Set lc_monetary to C/);
  });

  it('lc_monetary C passes; checked once per connection (a later SET on it is not seen), again on a new one', async () => {
    const c = await connect('C');
    let probes = 0;
    const counting = { query: (text: string, values: unknown[]) => (probes++, c.query(text, values)) };
    await checkMoneyLocale(counting, 'prices', ['amount']);
    await checkMoneyLocale(counting, 'prices', ['amount']);
    expect(probes).toBe(1);
    await c.query("SET lc_monetary = 'ja_JP.UTF-8'");
    await checkMoneyLocale(counting, 'prices', ['amount']);
    expect(probes).toBe(1);
    await expect(checkMoneyLocale(await connect('ja_JP.UTF-8'), 'prices', ['amount'])).rejects.toThrow(/column "amount" \(money\)/);
  });

  it('a table without money columns is not checked; a Pool is checked through one of its connections', async () => {
    const c = await connect('ar_BH.UTF-8');
    await expect(checkMoneyLocale(c, 'plain', [])).resolves.toBeUndefined();
    const pool = new pg.Pool({ connectionString: server?.url, options: '-c lc_monetary=de_DE.UTF-8' });
    try {
      await expect(checkMoneyLocale(pool, 'prices', ['amount'])).rejects.toThrow(/lc_monetary is "de_DE\.UTF-8"/);
    } finally {
      await pool.end();
    }
  });

  // End to end through a table's functions: the check runs before the first COPY or batch.
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
    expect(canBuildLocales, 'localedef or /usr/share/i18n/locales/* is missing, so lc_monetary cannot be tested').toBe(true);
  });
});
