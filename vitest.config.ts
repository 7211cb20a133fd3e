import { defineConfig } from 'vitest/config'

// One config for every suite: unit (tests/unit), integration against the real server process
// (tests/integration) and browser tests with Debian's Chromium (tests/browser).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machines have two cores; browser suites start a server and Chromium each.
    maxWorkers: 2,
  },
})
