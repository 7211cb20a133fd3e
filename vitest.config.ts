import { configDefaults, defineConfig } from 'vitest/config'

// Every suite: unit (tests/unit), integration against the real server process (tests/integration)
// and browser tests with Debian's Chromium (tests/browser) — project `default`, on the embedded
// SQLite storage. Project `integration-postgres` runs the integration folder once more with the
// server on PostgreSQL (TEST_BACKEND=postgres: tests/helpers/serverProcess.ts gives each server a
// fresh database on a throwaway cluster, tests/helpers/postgres.ts). One of them only:
// `npx vitest run --project default` / `--project integration-postgres`.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machines have two cores; browser suites start a server and Chromium each.
    maxWorkers: 2,
    // One throwaway PostgreSQL cluster for the whole run (tests/helpers/postgres.ts).
    globalSetup: ['tests/helpers/postgresGlobalSetup.ts'],
    projects: [
      { extends: true, test: { name: 'default', include: ['tests/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration-postgres',
          include: ['tests/integration/**/*.test.ts'],
          // They choose their back ends themselves (both, or PostgreSQL), in project `default`.
          exclude: [...configDefaults.exclude, 'tests/integration/storage-contract.test.ts', 'tests/integration/storage-postgres.test.ts', 'tests/integration/case-storage.test.ts'],
          env: { TEST_BACKEND: 'postgres' },
        },
      },
    ],
  },
})
