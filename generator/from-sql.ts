/**
 * `pull --from-sql` and `verify --from-sql`: the schema as migration files say it is, with no
 * database service. The files are applied in order to an embedded PostgreSQL (see
 * embedded-postgres.ts); only the "up" part of each, as migration tools mark them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { globSync } from 'tinyglobby';
import { databaseUrl } from './command.ts';
import type { PgtwinConfig } from './config.ts';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded-postgres.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** sql-migrate `-- +migrate Up`, goose `-- +goose Up`, dbmate `-- migrate:up` (and their Down). */
const MARKER = /^\s*--\s*(?:\+(?:goose|migrate)\s+(up|down)|migrate:(up|down))\b/i;
/** tern: what follows this line is the down migration. */
const TERN_SPLIT = /^\s*----\s*create above\s*\/\s*drop below\s*----/i;

/**
 * The part of a migration file to apply. With markers, only the lines of the Up sections (text
 * before the first marker is a header, not applied); without, the whole file. Lines left out
 * become empty lines, so a server error's position is still the file's line.
 */
export function upPart(text: string): string {
  // A byte order mark (editors on Windows) is a syntax error to PostgreSQL.
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const hasMarkers = lines.some((l) => MARKER.test(l));
  let applying = !hasMarkers;
  return lines
    .map((line) => {
      const m = MARKER.exec(line);
      if (m) {
        applying = (m[1] ?? m[2] ?? '').toLowerCase() === 'up';
        return '';
      }
      if (TERN_SPLIT.test(line)) applying = false;
      return applying ? line : '';
    })
    .join('\n');
}

/** Compares digit runs as numbers, so `2_b.sql` comes before `10_a.sql` whether or not numbers are zero-padded. */
export function compareNatural(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] as string, pb[i] as string];
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * The files the patterns match under `root`, each pattern's files in natural order, patterns
 * in the order given. golang-migrate's `*.down.sql` files are left out.
 */
export function migrationFiles(root: string, patterns: readonly string[]): string[] {
  const files: string[] = [];
  for (const pattern of patterns) {
    const matched = globSync(pattern, { cwd: root, onlyFiles: true, expandDirectories: false }).filter((f) => !/\.down\.sql$/i.test(f));
    if (matched.length === 0) throw new MigrationError(`--from-sql '${pattern}' matches no file under ${root}`);
    for (const f of matched.sort(compareNatural)) if (!files.includes(f)) files.push(f);
  }
  return files;
}

/**
 * Statements one by one, for a file whose statements cannot all run in one transaction
 * (CREATE INDEX CONCURRENTLY, a new enum value used in the same file): split on semicolons
 * outside quotes, dollar quotes and comments. Each with its offset in the text.
 */
export function splitStatements(sql: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end);
    if (text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim()) out.push({ text, offset: start });
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        if (sql.startsWith('/*', i)) [depth, i] = [depth + 1, i + 2];
        else if (sql.startsWith('*/', i)) [depth, i] = [depth - 1, i + 2];
        else i++;
      }
    } else if (c === "'" || c === '"') {
      // E'…' strings take backslash escapes; a doubled quote is one quote in both.
      const escapes = c === "'" && /(?:^|[^A-Za-z0-9_])[eE]$/.test(sql.slice(Math.max(0, i - 2), i));
      i++;
      while (i < sql.length) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) break;
        else i++;
      }
      i++;
    } else if (c === '$' && /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i)) && !/[A-Za-z0-9_]$/.test(sql.slice(0, i))) {
      const tag = (/^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i)) as RegExpExecArray)[0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? sql.length : end + tag.length;
    } else if (c === ';') {
      push(i + 1);
      start = ++i;
    } else {
      i++;
    }
  }
  push(sql.length);
  return out;
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * Why a file failed: its name, the line the server points at (else the first line of the
 * statement, `offset` in the text), the server's message.
 */
function failure(file: string, text: string, err: unknown, offset?: number): MigrationError {
  const e = err as pg.DatabaseError;
  // The server's position counts characters; JavaScript indexes UTF-16 units (two for an emoji).
  const codePoints = (s: string) => Array.from(s).length;
  const at = e.position
    ? text.length - Array.from(text).slice(codePoints(text.slice(0, offset ?? 0)) + Number(e.position) - 1).join('').length
    : offset !== undefined
      ? offset + Math.max(0, text.slice(offset).search(/\S/))
      : undefined;
  const where = at !== undefined ? `${file}:${lineAt(text, at)}` : file;
  return new MigrationError(`${where}: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''}; no database was changed (the embedded one is thrown away)`);
}

/**
 * Applies each file's up part as one transaction. Statement by statement instead when
 * PostgreSQL says it must (25001: cannot run inside a transaction block; 55P04: a new enum
 * value used in the transaction that added it), or to find the statement of an error that
 * has no position (the whole file was rolled back, so running it again is safe).
 */
export async function applyMigrations(client: pg.Client, root: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const text = upPart(readFileSync(path.resolve(root, file), 'utf8'));
    try {
      await client.query(text);
    } catch (err) {
      const e = err as pg.DatabaseError;
      // The server gone (shut down, connection lost): no statement to find.
      if (!e.code || /^(?:08|57)/.test(e.code)) throw failure(file, text, err);
      if (e.position && e.code !== '25001' && e.code !== '55P04') throw failure(file, text, err);
      for (const statement of splitStatements(text)) {
        try {
          await client.query(statement.text);
        } catch (err2) {
          throw failure(file, text, err2, statement.offset);
        }
      }
      if (e.code !== '25001' && e.code !== '55P04') throw failure(file, text, err);
    }
  }
}

export interface DatabaseSource {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/**
 * The database a command reads: with `--from-sql`, an embedded server holding what the files
 * create (the applied files are listed on stdout); else the URL from the flag or the config's
 * variable. Prints why and returns 2 when there is none.
 */
export async function databaseSource(values: { 'database-url'?: string | undefined; 'from-sql'?: string[] | undefined }, root: string, config: PgtwinConfig, command: string): Promise<DatabaseSource | number> {
  const patterns = values['from-sql'];
  if (!patterns || patterns.length === 0) {
    const url = databaseUrl(values['database-url'], config, command);
    return url ? { url, stop: async () => {} } : 2;
  }
  if (values['database-url'] !== undefined) {
    process.stderr.write(`pgtwin ${command}: give --from-sql or --database-url, not both\n`);
    return 2;
  }
  let files: string[];
  try {
    files = migrationFiles(root, patterns);
  } catch (err) {
    process.stderr.write(`pgtwin ${command}: ${(err as Error).message}\n`);
    return 2;
  }
  let server;
  try {
    server = await startEmbeddedPostgres();
  } catch (err) {
    process.stderr.write(`pgtwin ${command} --from-sql: ${(err as Error).message}\n`);
    if (!(err instanceof EmbeddedPostgresError) && process.env.PGTWIN_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return 2;
  }
  const client = new pg.Client({ connectionString: server.url });
  // A lost connection (the embedded server stopped by Ctrl-C) also rejects the pending query; unheard, it is an uncaught exception.
  client.on('error', () => {});
  try {
    await client.connect();
    await applyMigrations(client, root, files);
  } catch (err) {
    process.stderr.write(`pgtwin ${command} --from-sql: ${(err as Error).message}\n`);
    await client.end().catch(() => {});
    await server.stop();
    return 2;
  }
  await client.end();
  process.stdout.write(`applied  ${files.length} migration file${files.length === 1 ? '' : 's'} to an embedded PostgreSQL: ${files.join(', ')}\n`);
  return server;
}
