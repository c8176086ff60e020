import { startEmbeddedPostgres } from '../../generator/embedded-postgres.ts';

export interface RunningServer {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL started for this run (generator/embedded-postgres.ts). */
export async function startServer(): Promise<RunningServer> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, stop: async () => {} };
  return startEmbeddedPostgres();
}
