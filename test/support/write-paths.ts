/**
 * Every write path of one generated table module against the real server, each in its own
 * schema of the test file's database (created from a golden case's schema.sql), plus an
 * oracle schema the test fills by hand: tests write the same rows through each path and
 * compare what the server stored (`t::text`, the server the oracle).
 */
import type pg from 'pg';
import { beforeAll } from 'vitest';
import { quoteIdent } from '@pgtwin/runtime/internal/sql-quote';
import type { TestDatabase } from './db.ts';

/** Binary COPY, text COPY, batchInsert, batchUpsert, copyInto onConflict, and the oracle. */
export const PATHS = ['p_bin', 'p_text', 'p_unnest', 'p_upsert', 'p_merge', 'p_oracle'] as const;
export type PathName = (typeof PATHS)[number];
/** The paths a module writes through (every path but the oracle). */
export const WRITERS = PATHS.filter((p): p is Exclude<PathName, 'p_oracle'> => p !== 'p_oracle');

/** What the harness calls of a generated table module. */
export interface WritableModule<Row> {
  copyInto(client: pg.ClientBase, rows: readonly Row[], options?: { format?: 'text' | 'binary'; onConflict?: 'doNothing' }): Promise<unknown>;
  batchInsert(client: pg.ClientBase, rows: readonly Row[]): Promise<number>;
  batchUpsert(client: pg.ClientBase, rows: readonly Row[]): Promise<number>;
}

export interface WritePaths<Row> {
  /** The client whose search_path is that path's schema. */
  client(p: PathName): pg.Client;
  /** The table's rows as the server prints them (`t::text`), in `orderBy` order. */
  stored(p: PathName): Promise<string[]>;
  /** Writes the rows through one path (the oracle is written by the test). */
  write(p: PathName, rows: readonly Row[]): Promise<void>;
}

/**
 * Call at the top of a test file, after `useTestDatabase()`: creates one schema per path from
 * `ddl` before the tests. One client per schema: enum, domain and composite OIDs are cached per
 * connection, and each schema has its own.
 */
export function useWritePaths<Row>(db: TestDatabase, options: { readonly ddl: string; readonly table: string; readonly orderBy: string; readonly module: WritableModule<Row> }): WritePaths<Row> {
  const clients = new Map<PathName, pg.Client>();
  const client = (p: PathName): pg.Client => {
    const c = clients.get(p);
    if (!c) throw new Error(`useWritePaths: no client for ${p} (clients are opened in beforeAll)`);
    return c;
  };
  beforeAll(async () => {
    for (const p of PATHS) {
      await db.client.query(`CREATE SCHEMA ${quoteIdent(p)}`);
      const c = await db.connect();
      await c.query(`SET search_path = ${quoteIdent(p)}`);
      await c.query(options.ddl);
      clients.set(p, c);
    }
  });
  const m = options.module;
  return {
    client,
    async stored(p) {
      const r = await client(p).query<{ t: string }>(`SELECT t::text AS t FROM ${quoteIdent(options.table)} t ORDER BY ${options.orderBy}`);
      return r.rows.map((x) => x.t);
    },
    async write(p, rows) {
      const c = client(p);
      if (p === 'p_bin') await m.copyInto(c, rows);
      else if (p === 'p_text') await m.copyInto(c, rows, { format: 'text' });
      else if (p === 'p_unnest') await m.batchInsert(c, rows);
      else if (p === 'p_upsert') await m.batchUpsert(c, rows);
      else if (p === 'p_merge') await m.copyInto(c, rows, { onConflict: 'doNothing' });
      else throw new Error(`useWritePaths: ${p} is written by the test`);
    },
  };
}
