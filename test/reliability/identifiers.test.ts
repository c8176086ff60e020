/**
 * Identifiers that need quoting (reserved words, mixed case, spaces, double quotes,
 * non-ASCII) produce SQL that works on the server, and no identifier, default or value can
 * inject SQL. Uses the `quoting` golden case's generated module.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as weird from '../golden/quoting/expected/order-items-v2.ts';
import { planOutput } from '../../generator/output.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const dir = path.resolve(import.meta.dirname, '../golden/quoting/expected');

const payloads = [`'); DROP TABLE "Order Items ""v2"""; --`, `"; DELETE FROM x; --`, `\\'; SELECT 1; --`, `$1`, `E'\\x00'`];

beforeAll(async () => {
  await db.client.query(readFileSync(path.join(dir, 'schema.sql'), 'utf8'));
});

describe('quoted identifiers and injection', () => {
  it('every path works on a table and columns whose names need quoting; values are never SQL', async () => {
    const rows = payloads.map((p, i) => ({ select: i, mixedCase: p, quoted: p.slice(0, 10), groesse: p }));
    expect(await weird.copyInto(db.client, rows.slice(0, 2))).toBe(2);
    expect(await weird.copyInto(db.client, rows.slice(2, 4), { format: 'text' })).toBe(2);
    expect(await weird.batchInsert(db.client, rows)).toBe(1); // ON CONFLICT ("select") DO NOTHING
    const { rows: stored } = await db.client.query<{ s: number; m: string; q: string; g: string }>(
      `SELECT "select" AS s, "Mixed Case" AS m, "quote""d" AS q, "größe" AS g FROM "Order Items ""v2""" ORDER BY 1`,
    );
    expect(stored).toEqual(rows.map((r) => ({ s: r.select, m: r.mixedCase, q: r.quoted, g: r.groesse })));
    const { rows: tables } = await db.client.query(`SELECT count(*)::int AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`);
    expect(tables[0]).toEqual({ n: 1 });
  });

  it('a string default is a literal, not SQL', async () => {
    await db.client.query(`INSERT INTO "Order Items ""v2""" ("select", "Mixed Case") VALUES (100, 'x')`);
    const { rows } = await db.client.query(`SELECT "größe" AS g FROM "Order Items ""v2""" WHERE "select" = 100`);
    expect(rows[0]).toEqual({ g: "it's; DROP TABLE x; --" });
  });

  it('the generated select list gives the row type keys', async () => {
    const { rows } = await db.client.query(`SELECT ${weird.selectList} FROM "Order Items ""v2""" WHERE "select" = 100`);
    expect(Object.keys(rows[0] as object)).toEqual(['select', 'mixedCase', 'quoted', 'groesse']);
  });
});

describe('codegen safety', () => {
  it('refuses to plan a file outside the output folder', () => {
    for (const name of ['../escape.ts', '/etc/passwd', 'a/../../b.ts', '..']) {
      expect(() => planOutput(new Map([[name, 'x']]), dir), name).toThrow(/refusing to write outside the output folder/);
    }
  });
});

describe('hostile names (the hostile-names golden case) on the server', () => {
  it('imports with no side effect and runs every path, upsert, delete and apply included', async () => {
    const hostileDir = path.resolve(import.meta.dirname, '../golden/hostile-names/expected');
    const client = await db.connect();
    await client.query('CREATE SCHEMA hostile; SET search_path = hostile');
    await client.query(readFileSync(path.join(hostileDir, 'schema.sql'), 'utf8'));
    const t = await import('../golden/hostile-names/expected/x-globalthis-ran-1-deprecated-1.ts');
    // The payload in the table and enum names sets globalThis.ran if any of it ever runs.
    expect((globalThis as Record<string, unknown>).ran).toBeUndefined();
    const row = (k: number, feeling: 'ok' | 'line\u2028break' | '`${x}`' | `it's "quoted" \\`) => ({ kY: k, constructor_: `c${k}`, proto: `p${k}`, class: `*/${k}`, _1st: null, feeling });
    expect(await t.copyInto(client, [row(1, 'ok')])).toBe(1);
    expect(await t.copyInto(client, [row(2, 'line\u2028break')], { format: 'text' })).toBe(1);
    expect(await t.copyInto(client, [row(3, '`${x}`'), row(1, 'ok')], { onConflict: 'doNothing' })).toEqual({ copied: 2, inserted: 1 });
    expect(await t.batchInsert(client, [row(4, `it's "quoted" \\`)])).toBe(1);
    expect(await t.batchUpsert(client, [{ ...row(4, 'ok'), proto: 'updated' }])).toBe(1);
    expect(await t.batchDelete(client, [{ kY: 2 }])).toBe(1);
    expect(await t.batchApply(client, { upsert: [row(5, 'ok')], delete: [{ kY: 3 }] })).toEqual({ upserted: 1, deleted: 1 });
    const { rows } = await client.query(`SELECT ${t.selectList} FROM "${t.tableName.replace(/"/g, '""')}" ORDER BY 1`);
    expect(rows).toEqual([row(1, 'ok'), { ...row(4, 'ok'), proto: 'updated' }, row(5, 'ok')]);
    // The three colliding tables are three modules over three tables.
    const modules = await Promise.all(['a-b', 'a-b-2', 'a-b-3'].map((m) => import(`../golden/hostile-names/expected/${m}.ts`) as Promise<{ tableName: string; batchInsert: (db: unknown, rows: { id: number }[]) => Promise<number> }>));
    expect(modules.map((m) => m.tableName)).toEqual(['A_B', 'a-b', 'a_b']);
    for (const [i, m] of modules.entries()) expect(await m.batchInsert(client, [{ id: i }])).toBe(1);
    const { rows: counts } = await client.query(`SELECT (SELECT count(*) FROM "A_B")::int AS a, (SELECT count(*) FROM "a-b")::int AS b, (SELECT count(*) FROM "a_b")::int AS c`);
    expect(counts[0]).toEqual({ a: 1, b: 1, c: 1 });
  });
});
