/**
 * Issue 20's proof: a database made from test/fixtures/table-extras.sql (indexes of every
 * method, expression, partial, INCLUDE and DESC/NULLS keys, column and table CHECKs, foreign
 * keys with actions, MATCH FULL, DEFERRABLE [INITIALLY DEFERRED] and two columns, storage
 * parameters, comments, a partitioned table with indexes on its parent) is pulled with
 * `pgtwin pull`, generated with `pgtwin codegen`, and a second database is made from
 * generated/schema.sql. pg_dump --schema-only of both are equal after sorting statements, and
 * `pgtwin verify` of the second finds nothing. Commands run as a user runs them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.ts';

const a = useTestDatabase();
const b = useTestDatabase();
const c = useTestDatabase();
const d = useTestDatabase();
const repo = path.resolve(import.meta.dirname, '../..');
const project = path.join(repo, '.tmp', `table-extras-${process.pid}`);
const hostileProject = path.join(repo, '.tmp', `table-extras-hostile-${process.pid}`);
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(hostileProject, { recursive: true, force: true });
});

function pgtwinIn(root: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', ...args, '--root', root], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

function pgtwin(...args: string[]) {
  return spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', 'generator/bin.ts', ...args, '--root', project], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** pg_dump --schema-only as a sorted list of statements, without comments and session settings. */
function dumpStatements(url: string): string[] {
  const dump = spawnSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', '-d', url], { encoding: 'utf8' });
  expect(dump.status, dump.stderr).toBe(0);
  // `\restrict <random key>` lines (pg_dump 15.14+) differ on every run and are not schema.
  const text = dump.stdout.split('\n').filter((l) => !l.startsWith('--') && !/^\\(un)?restrict /.test(l)).join('\n');
  return text
    .split(/;\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !/^SET /.test(s) && !/^SELECT pg_catalog\.set_config/.test(s))
    .sort();
}

describe('indexes, checks, foreign keys, storage and comments: the round trip is exact', () => {
  it('fixture → A → pull → codegen → B from schema.sql → pg_dump of A and B equal → verify B finds nothing', async () => {
    await a.client.query(readFileSync(path.join(repo, 'test/fixtures/table-extras.sql'), 'utf8'));
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, 'pgtwin.config.json'), '{ "importExtension": ".ts" }\n');

    const pull = pgtwin('pull', '--database-url', a.url);
    expect(pull.status, pull.stderr).toBe(0);
    expect(pull.stderr).toBe('');
    const ledgers = readFileSync(path.join(project, 'schema/ledgers.ts'), 'utf8');
    expect(ledgers).toContain('storage: { fillfactor: 90, autovacuum_vacuum_scale_factor: 0.01, autovacuum_analyze_threshold: 500, vacuum_index_cleanup: "auto", "toast.autovacuum_enabled": false }');
    expect(ledgers).toContain('{ name: "ledgers_hash_idx", columns: ["hash"], unique: true }');
    const operations = readFileSync(path.join(project, 'schema/operations.ts'), 'utf8');
    expect(operations).toContain('references: { table: "transactions", columns: ["ledger", "idx"] }, onDelete: \'cascade\', onUpdate: \'restrict\', deferrable: true, initiallyDeferred: true, matchFull: true');

    const gen = pgtwin('codegen');
    expect(gen.status, gen.stderr).toBe(0);
    const schemaSql = readFileSync(path.join(project, 'generated/schema.sql'), 'utf8');
    // Indexes after their table and its partitions.
    expect(schemaSql.indexOf('CREATE INDEX "state_changes_seven"')).toBeGreaterThan(schemaSql.indexOf('CREATE TABLE "state_changes_2025" PARTITION OF'));
    // Comments become the row types' doc comments, escaped.
    const ledgersTs = readFileSync(path.join(project, 'generated/ledgers.ts'), 'utf8');
    expect(ledgersTs).toContain('/** One row per closed ledger. — A row as');
    expect(ledgersTs).toContain('/** SHA-256 of the ledger header: 32 bytes. It\'s "quoted" *\\/ and \\@tagged. `hash` bytea NOT NULL. */');

    await b.client.query(schemaSql);
    const dumpA = dumpStatements(a.url);
    const dumpB = dumpStatements(b.url);
    expect(dumpA.length).toBeGreaterThan(40);
    // No difference remains: every statement of A's dump is in B's and the other way round.
    expect(dumpB).toEqual(dumpA);
    for (const s of ['CREATE INDEX accounts_lower_name ON public.accounts USING btree (lower("Display Name") text_pattern_ops)', 'DEFERRABLE INITIALLY DEFERRED', 'WITH (fillfactor=', 'COMMENT ON COLUMN public.transactions.fee', 'CREATE INDEX state_changes_seven ON ONLY public.state_changes']) {
      expect(dumpB.some((x) => x.includes(s)), s).toBe(true);
    }

    const verifyB = pgtwin('verify', '--database-url', b.url);
    expect(verifyB.stdout.trim()).toBe('pgtwin verify: the database matches the schema.');
    expect(verifyB.status).toBe(0);
    const verifyA = pgtwin('verify', '--database-url', a.url);
    expect(verifyA.stdout.trim()).toBe('pgtwin verify: the database matches the schema.');

    // B refuses what A refuses: a CHECK, and a deferred foreign key checked at commit.
    await b.client.query("INSERT INTO ledgers VALUES (1, decode(repeat('ab', 32), 'hex'), now(), 0)");
    await expect(b.client.query("INSERT INTO ledgers VALUES (2, decode(repeat('ab', 31), 'hex'), now(), 0)")).rejects.toThrow(/ledgers_hash_length/);
    await b.client.query('BEGIN');
    await b.client.query("INSERT INTO accounts (id, created_ledger) VALUES ('GA', 1)");
    await b.client.query("INSERT INTO transactions VALUES (9, 0, '\\x00', 'GA', 'payment', 100)");
    await expect(b.client.query('COMMIT')).rejects.toThrow(/transactions_ledger_fkey/);

    // Drift: verify names each difference, breaking where B now takes or refuses other rows.
    await b.client.query(`
      DROP INDEX idx_transactions_hash;
      ALTER TABLE transactions DROP CONSTRAINT transactions_fee_positive;
      ALTER TABLE transactions ALTER CONSTRAINT transactions_ledger_fkey NOT DEFERRABLE;
      ALTER TABLE accounts ADD CONSTRAINT accounts_small CHECK (balance < 100);
      DROP INDEX state_changes_ledger_account;
      ALTER TABLE ledgers SET (fillfactor = 70);
      COMMENT ON TABLE state_changes IS NULL`);
    const drift = pgtwin('verify', '--database-url', b.url);
    expect(drift.stdout.trim().split('\n')).toEqual([
      'BREAKING  accounts.balance: check accounts_small (balance < 100::numeric) exists only in the database: it refuses rows the schema accepts, and every path fails on them',
      'note      ledgers: storage parameter fillfactor is 70 in the database but 90 in the schema (space and vacuum, not what is stored)',
      'BREAKING  state_changes: unique index state_changes_ledger_account ("ledger", "account", "closed_at") is missing in the database: it accepts rows with equal keys that the schema refuses',
      'note      state_changes: table comment is null in the database but "Every change; partitioned by year." in the schema',
      'note      transactions: index idx_transactions_hash ("hash") is missing in the database: none of the generated statements read through it (COPY, batchInsert and batchUpsert only write, and a little faster without it); the application\'s queries on it scan instead',
      'BREAKING  transactions: check transactions_fee_positive (fee > 0 AND fee < 1000000000) is missing in the database: it accepts rows the schema refuses',
      'BREAKING  transactions.ledger: foreign key transactions_ledger_fkey (ledger) → ledgers (sequence) is NOT DEFERRABLE in the database but DEFERRABLE INITIALLY DEFERRED in the schema: the database refuses, cascades or defers other rows than the schema says',
      '',
      'pgtwin verify: 4 breaking, 3 note(s).',
    ]);
    expect(drift.status).toBe(1);
  });
});

describe('the round trip with hostile names and text', () => {
  it('quotes, backslashes, unicode and */ in names; $$ and */ in comments; COLLATE in a check and in index keys; a two-column key named child_x_fkey', async () => {
    await c.client.query(readFileSync(path.join(repo, 'test/fixtures/table-extras-hostile.sql'), 'utf8'));
    mkdirSync(hostileProject, { recursive: true });
    writeFileSync(path.join(hostileProject, 'pgtwin.config.json'), '{ "importExtension": ".ts" }\n');
    const pull = pgtwinIn(hostileProject, 'pull', '--database-url', c.url);
    expect(pull.status, pull.stderr).toBe(0);
    // PostgreSQL names an unnamed two-column key child_x_y_fkey: child_x_fkey must be written.
    expect(readFileSync(path.join(hostileProject, 'schema/child.ts'), 'utf8')).toContain('references: { table: "parent", columns: ["a", "b"] }, name: "child_x_fkey" }');
    expect(readFileSync(path.join(hostileProject, 'schema/my-tbl.ts'), 'utf8')).toContain(`{ name: "coll_ix", columns: [{ column: "na me", order: 'desc', collate: "C" }, { expr: sql("lower(code)"), opclass: "text_pattern_ops", collate: "POSIX" }] }`);
    const gen = pgtwinIn(hostileProject, 'codegen');
    expect(gen.status, gen.stderr).toBe(0);
    const schemaSql = readFileSync(path.join(hostileProject, 'generated/schema.sql'), 'utf8');
    await d.client.query(schemaSql);
    expect(dumpStatements(d.url)).toEqual(dumpStatements(c.url));

    const verifyD = pgtwinIn(hostileProject, 'verify', '--database-url', d.url);
    expect(verifyD.stdout.trim(), verifyD.stderr).toBe('pgtwin verify: the database matches the schema.');
    expect(verifyD.stderr).toBe('');

    // The same unique index under another name is a rename, not a missing key and an extra one.
    await d.client.query('ALTER INDEX "uniq ix" RENAME TO "uniq ix2"');
    const renamed = pgtwinIn(hostileProject, 'verify', '--database-url', d.url);
    expect(renamed.stdout.trim().split('\n')).toEqual(['note      My "Tbl" */: index uniq ix is named uniq ix2 in the database', '', 'pgtwin verify: 0 breaking, 1 note(s).']);
    expect(renamed.status).toBe(0);
  });
});
