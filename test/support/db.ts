/**
 * One fresh database per test file, dropped afterwards, so files run in parallel and
 * leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

export interface TestDatabase {
  /** URL of the test file's own database. */
  readonly url: string;
  /** A client connected to it with TimeZone=UTC (opened in beforeAll). */
  readonly client: pg.Client;
  /** Opens another client to the same database (closed by the harness). */
  connect(): Promise<pg.Client>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Call at the top of a test file: creates the database before the tests and drops it after. */
export function useTestDatabase(): TestDatabase {
  const serverUrl = inject('databaseUrl');
  const name = `pgtwin_test_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  const clients: pg.Client[] = [];
  const state = { client: undefined as pg.Client | undefined };

  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    state.client = await connect();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  return {
    url,
    get client() {
      if (!state.client) throw new Error('useTestDatabase(): the client is opened in beforeAll');
      return state.client;
    },
    connect,
  };
}
