import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (*.test.ts); integration tests (apps/server/test/*.int.test.ts)
// go through app.inject on a real database: in-process PGlite always, and a PostgreSQL server
// as well when TEST_DATABASE_URL is set (.ci/run starts one).
const integration = ['apps/server/test/**/*.int.test.ts'];
// The command-line tools open the embedded database directory themselves; they have no server-mode variant.
const embeddedOnly = ['apps/server/test/cli.int.test.ts', 'apps/server/test/pglite-thread.int.test.ts', '**/node_modules/**'];
const withServer = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['apps/server/src/**/*.test.ts', 'packages/**/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration-pglite', include: integration, env: { FX_TEST_DB: 'pglite' } } },
      ...(withServer ? [{ extends: true as const, test: { name: 'integration-postgres', include: integration, exclude: embeddedOnly, env: { FX_TEST_DB: 'postgres' }, globalSetup: ['apps/server/test/postgres-databases.global.ts'] } }] : []),
    ],
  },
});
