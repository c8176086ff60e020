/**
 * The README's table with indexes, checks and a deferrable foreign key, taken from the README
 * itself: it passes codegen, and the database its schema.sql makes enforces what it says.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.ts';
import { loadSchema } from '../../generator/load-schema.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const repo = path.resolve(import.meta.dirname, '../..');
const project = path.join(repo, '.tmp', `readme-schema-${process.pid}`);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("README's indexes, checks and foreign keys example", () => {
  it('generates, and its schema.sql refuses what the schema refuses', async () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const block = /```ts\n(\/\/ schema\/transactions\.ts\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    mkdirSync(path.join(project, 'schema'), { recursive: true });
    writeFileSync(path.join(project, 'schema/transactions.ts'), block as string);
    writeFileSync(path.join(project, 'schema/ledgers.ts'), "import { bigint, defineTable } from 'pgtwin/schema';\nexport default defineTable({ name: 'ledgers', columns: { sequence: bigint() }, primaryKey: ['sequence'] });\n");
    writeFileSync(path.join(project, 'schema/index.ts'), "export { default as ledgers } from './ledgers.ts';\nexport { default as transactions } from './transactions.ts';\n");
    const files = generate(await loadSchema({ root: project, schemaDir: 'schema' }), { root: project, outDir: 'generated', typecheck: false });
    const schemaSql = files.get('schema.sql') ?? '';
    expect(files.get('transactions.ts')).toContain('/** SHA-256 of the transaction envelope. `hash` bytea NOT NULL. */');
    await db.client.query(schemaSql);
    const hash = "decode(repeat('ab', 32), 'hex')";
    // The foreign key is checked at commit: the transaction row may come before its ledger.
    await db.client.query('BEGIN');
    await db.client.query(`INSERT INTO transactions VALUES (1, 0, ${hash}, 'GA', 100)`);
    await db.client.query('INSERT INTO ledgers VALUES (1)');
    await db.client.query('COMMIT');
    await expect(db.client.query(`INSERT INTO transactions VALUES (1, 1, ${hash}, 'GA', -1)`)).rejects.toThrow(/transactions_fee_check/);
    await expect(db.client.query("INSERT INTO transactions VALUES (1, 2, '\\x00', 'GA', 1)")).rejects.toThrow(/transactions_hash_length/);
    const indexes = await db.client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'transactions' ORDER BY 1");
    expect(indexes.rows.map((r) => r.indexname)).toEqual(['idx_transactions_hash', 'transactions_account_lower', 'transactions_account_recent', 'transactions_pkey']);
    const options = await db.client.query<{ reloptions: string[] }>("SELECT reloptions FROM pg_class WHERE relname = 'transactions'");
    expect(options.rows[0]?.reloptions).toEqual(['fillfactor=90', 'autovacuum_vacuum_scale_factor=0.01']);
  });
});
