/**
 * `pgtwin pull --database-url URL [--db-schema NAME] [--tables a,b] [--force]`.
 */
import path from 'node:path';
import pg from 'pg';
import { databaseUrl, startCommand } from './command.ts';
import { introspect } from './introspect.ts';
import { pullSchema, writePulled } from './pull.ts';

const HELP = `Usage: pgtwin pull [options]

Writes one schema file per table (plus enums.ts and index.ts) from a live database.
Existing files are kept unless --force. Columns of types pgtwin cannot encode are reported
and written as commented-out lines.

Options:
  --database-url <url>  Database to read (default: the config's databaseUrlEnv, else $DATABASE_URL)
  --db-schema <name>    PostgreSQL schema holding the tables (default: public)
  --tables <a,b,…>      Only these tables
  --schema <dir>        Schema folder to write (default: from pgtwin.config, else schema)
  --force               Overwrite existing files
  --root <dir>          Project root (default: the current folder)
  --config <file>       Config file (default: pgtwin.config.{ts,js,json} in the root, if any)
  -h, --help            Show this help

Exit codes: 0 written, 2 could not run.`;

export async function pullMain(argv: readonly string[]): Promise<number> {
  const start = await startCommand(
    argv,
    { 'database-url': { type: 'string' }, 'db-schema': { type: 'string', default: 'public' }, tables: { type: 'string' }, schema: { type: 'string' }, force: { type: 'boolean', default: false } },
    HELP,
  );
  if (typeof start === 'number') return start;
  const { values, root, config } = start;
  const url = databaseUrl(values['database-url'], config, 'pull');
  if (!url) return 2;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const db = await introspect(client, values['db-schema']);
    const result = pullSchema(db, {
      tables: values.tables?.split(',').map((t) => t.trim()).filter(Boolean),
      importExtension: config.importExtension,
    });
    const dir = path.resolve(root, values.schema ?? config.schema);
    for (const line of writePulled(dir, result.files, values.force)) process.stdout.write(`${line}\n`);
    for (const u of result.unsupported) process.stderr.write(`pgtwin pull: unsupported column ${u} (written as a comment)\n`);
    for (const n of result.notes) process.stderr.write(`pgtwin pull: ${n}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`pgtwin pull: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await client.end().catch(() => {});
  }
}
