import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:engines`: the TimescaleDB and Citus tests, on throwaway servers started by
 * scripts/engines.sh (kept out of `npm test`, which needs only PostgreSQL).
 */
const conditions = ['pgtwin-source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/engines/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/engines/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Three Citus nodes and a TimescaleDB server already share the machine's cores.
    fileParallelism: false,
  },
});
