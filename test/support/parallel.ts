/** What the copyIntoParallel tests share: expected chunk ranges, the error a failing call throws, and pools closed after the file. */
import pg from 'pg';
import { afterAll, expect } from 'vitest';
import { PgTwinParallelCopyError, type RowRange } from '@pgtwin/runtime';

/** The ranges of `n` input rows in chunks of `size`. */
export const chunksOf = (n: number, size: number): RowRange[] => Array.from({ length: Math.ceil(n / size) }, (_, k) => ({ from: k * size, to: Math.min(n, (k + 1) * size) }));

/** The PgTwinParallelCopyError `work` rejects with (the test fails when it resolves or throws something else). */
export async function parallelFailure(work: Promise<unknown>): Promise<PgTwinParallelCopyError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PgTwinParallelCopyError);
  return err as PgTwinParallelCopyError;
}

/** Pools of 3 (TimeZone=UTC) opened on demand and ended after the file; idle clients the tests terminate do not crash it. */
export function usePools(applicationName?: string): (url: string) => pg.Pool {
  const pools = new Map<string, pg.Pool>();
  afterAll(async () => {
    await Promise.all([...pools.values()].map((p) => p.end()));
  });
  return (url) => {
    let pool = pools.get(url);
    if (!pool) {
      pool = new pg.Pool({ connectionString: url, max: 3, ...(applicationName ? { application_name: applicationName } : {}), options: '-c TimeZone=UTC' });
      pool.on('error', () => {}); // terminated idle clients
      pools.set(url, pool);
    }
    return pool;
  };
}
