import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

/** Inside this repository, `pgtwin/*` resolves to the TypeScript sources (see package.json exports). */
const conditions = ['pgtwin-source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    // TimescaleDB and Citus: `npm run test:engines` (vitest.engines.config.ts).
    exclude: [...configDefaults.exclude, 'test/engines/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file gets its own database, so files run in parallel.
    pool: 'forks',
  },
});
