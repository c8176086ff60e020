/**
 * One database per test file on the engine servers, like test/support/db.ts: on the
 * TimescaleDB server with the extension created, or on all three Citus nodes with the
 * extension created and the workers added to the coordinator's metadata of that database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';

export interface EngineDatabase {
  readonly url: string;
  readonly client: pg.Client;
  connect(): Promise<pg.Client>;
}

function withDatabase(url: string, database: string, port?: number): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (port !== undefined) u.port = String(port);
  return u.toString();
}

function engines() {
  const e = inject('engines');
  if ('error' in e) throw new Error(e.error);
  return e;
}

async function onServer(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * `setup` runs once the database exists (the test file's DDL). When the servers are missing or
 * setup fails, every test of the file fails with the reason (vitest would report a failing
 * beforeAll as skipped tests).
 */
function useEngineDatabase(kind: 'timescaledb' | 'citus', setup: (client: pg.Client) => Promise<void>): EngineDatabase {
  const name = `pgtwin_${kind}_${randomBytes(6).toString('hex')}`;
  const clients: pg.Client[] = [];
  const state = { client: undefined as pg.Client | undefined, url: '', servers: [] as string[], error: undefined as unknown };

  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: state.url, options: '-c TimeZone=UTC' });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    try {
      await open();
      await setup(state.client as pg.Client);
    } catch (err) {
      state.error = err;
    }
  });
  beforeEach(() => {
    if (state.error) throw state.error;
  });

  const open = async () => {
    const e = engines(); // throws the reason the servers are missing
    if (kind === 'timescaledb') {
      state.servers = [e.timescaledbUrl];
      await onServer(e.timescaledbUrl, `CREATE DATABASE "${name}"`);
      state.url = withDatabase(e.timescaledbUrl, name);
      await onServer(state.url, 'CREATE EXTENSION timescaledb');
    } else {
      state.servers = [e.citusUrl, ...e.citusWorkerPorts.map((p) => withDatabase(e.citusUrl, 'postgres', p))];
      for (const s of state.servers) {
        await onServer(s, `CREATE DATABASE "${name}"`);
        await onServer(withDatabase(s, name), 'CREATE EXTENSION citus');
      }
      state.url = withDatabase(e.citusUrl, name);
      const coordinatorPort = Number(new URL(e.citusUrl).port);
      await onServer(state.url, `SELECT citus_set_coordinator_host('127.0.0.1', ${coordinatorPort})`);
      for (const p of e.citusWorkerPorts) await onServer(state.url, `SELECT citus_add_node('127.0.0.1', ${p})`);
    }
    state.client = await connect();
  };

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    for (const s of state.servers) await onServer(s, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
  });

  return {
    get url() {
      return state.url;
    },
    get client() {
      if (!state.client) throw new Error('the engine database is opened in beforeAll');
      return state.client;
    },
    connect,
  };
}

export const useTimescaleDatabase = (setup: (client: pg.Client) => Promise<void>): EngineDatabase => useEngineDatabase('timescaledb', setup);
export const useCitusDatabase = (setup: (client: pg.Client) => Promise<void>): EngineDatabase => useEngineDatabase('citus', setup);

/** Runs a SQL file's statements one by one, as psql -f does (Citus distributes a partitioned table only outside a multi-statement transaction). */
export async function runFile(c: pg.Client, sql: string): Promise<void> {
  for (const s of sql.replace(/^--.*$/gm, '').split(/;\s*$/m)) if (s.trim()) await c.query(s);
}

/** The server's error for a statement, as `SQLSTATE message`; fails when the statement succeeds. */
export async function serverError(c: pg.Client, sql: string, params?: unknown[]): Promise<string> {
  try {
    await c.query(sql, params);
  } catch (err) {
    const e = err as { code?: string; message: string };
    return `${e.code} ${e.message}`;
  }
  throw new Error(`the server accepted: ${sql}`);
}
