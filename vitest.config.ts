import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

/** Inside this repository, `pgtwin/*` resolves to the TypeScript sources (see package.json exports). */
const conditions = ['pgtwin-source', ...defaultServerConditions];

/**
 * Process time zones the node-postgres round trip runs in (test/tz/), each file in a process
 * of its own per zone: a Date's wall clock, which date and timestamp columns keep, depends on it.
 */
const TIME_ZONES = ['UTC', 'America/Sao_Paulo', 'Asia/Kathmandu'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // TimescaleDB and Citus: `npm run test:engines` (vitest.engines.config.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file gets its own database, so files run in parallel.
    pool: 'forks',
    projects: [
      { extends: true as const, test: { name: 'default', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/tz/**', 'test/engines/**'] } },
      ...TIME_ZONES.map((tz) => ({ extends: true as const, test: { name: `TZ=${tz}`, include: ['test/tz/**/*.test.ts'], env: { TZ: tz } } })),
    ],
  },
});
