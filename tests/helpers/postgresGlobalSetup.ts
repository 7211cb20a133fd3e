/**
 * Vitest global setup: ONE throwaway PostgreSQL cluster for the whole run, shared by every test
 * process (through TEST_POSTGRES_ADMIN_URL and TEST_POSTGRES_DATA_DIR, which tests/helpers/
 * postgres.ts reads) instead of one per test file — initdb and start cost about 2 s each time.
 * Each test still gets fresh databases of its own (`createDatabase()`). Without PostgreSQL
 * installed nothing is set here, and a test that needs it fails with the helper's clear message.
 */
import { startPostgres } from './postgres'

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_POSTGRES_ADMIN_URL) return undefined
  let cluster
  try {
    cluster = await startPostgres()
  } catch (error) {
    process.stderr.write(`[postgres] no shared test cluster: ${error instanceof Error ? error.message : String(error)}\n`)
    return undefined
  }
  process.env.TEST_POSTGRES_ADMIN_URL = cluster.adminUrl
  if (cluster.dataDirectory !== null) process.env.TEST_POSTGRES_DATA_DIR = cluster.dataDirectory
  return async () => {
    delete process.env.TEST_POSTGRES_ADMIN_URL
    delete process.env.TEST_POSTGRES_DATA_DIR
    await cluster.stop()
  }
}
