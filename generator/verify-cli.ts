/**
 * `npm run verify -- --database-url URL [--db-schema NAME]`: compares schema/ with a live
 * database and exits 1 when a difference would make a generated function fail or store
 * something different (0 otherwise, 2 when it cannot run).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig } from './config.ts';
import { introspect } from './introspect.ts';
import { loadSchema, SchemaLoadError } from './load-schema.ts';
import { SchemaError, validateSchema } from './validate.ts';
import { formatFindings, verifySchema } from './verify.ts';

const HELP = `Usage: pgtwin verify [options]   (in this repository: npm run verify -- [options])

Compares the tables in the schema folder with a live database (pg_catalog) and reports each
difference with the generated path it would break.

Options:
  --database-url <url>  Database to compare with (default: the variable named by the config's
                        databaseUrlEnv, else $DATABASE_URL)
  --db-schema <name>    PostgreSQL schema holding the tables (default: public)
  --schema <dir>        Schema folder (default: from pgtwin.config, else schema)
  --config <file>       Config file (default: pgtwin.config.{ts,js,json} in the root, if any)
  --root <dir>          Project root (default: the current folder)
  -h, --help            Show this help

Exit codes: 0 no breaking difference, 1 a breaking difference, 2 could not run.`;

export async function verifyMain(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'database-url': { type: 'string' },
        'db-schema': { type: 'string', default: 'public' },
        schema: { type: 'string' },
        config: { type: 'string' },
        root: { type: 'string', default: process.cwd() },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const root = path.resolve(values.root);
  let ir;
  let url: string | undefined;
  try {
    const { config } = await loadConfig(root, values.config);
    url = values['database-url'] ?? process.env[config.databaseUrlEnv];
    if (!url) {
      process.stderr.write(`pgtwin verify: no database: pass --database-url or set ${config.databaseUrlEnv}\n`);
      return 2;
    }
    ir = validateSchema(await loadSchema({ root, schemaDir: values.schema ?? config.schema }));
  } catch (err) {
    if (err instanceof SchemaError || err instanceof SchemaLoadError || err instanceof ConfigError) {
      process.stderr.write(`pgtwin: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const findings = verifySchema(ir, await introspect(client, values['db-schema']));
    process.stdout.write(`${formatFindings(findings)}\n`);
    return findings.some((f) => f.severity === 'breaking') ? 1 : 0;
  } catch (err) {
    process.stderr.write(`pgtwin verify: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await client.end().catch(() => {});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await verifyMain(process.argv.slice(2));
}
