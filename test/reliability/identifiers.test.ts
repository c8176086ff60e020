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
