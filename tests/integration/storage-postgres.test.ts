/**
 * The real server process on PostgreSQL (`DATABASE_URL`, a fresh database on the throwaway
 * cluster of tests/helpers/postgres.ts): the counterparts of the checks that read the SQLite file —
 * it migrates its database at start-up, keeps no token at rest (not in any row, not in any file of
 * the cluster), keeps a board over a restart, and deleting a board leaves no row of it.
 *
 * Every server here is on PostgreSQL whatever TEST_BACKEND says, so the `integration-postgres`
 * project leaves this file out (vitest.config.ts). Until server/main.ts opens its storage with
 * `openStorage` (server/storage/open.ts), the server ignores DATABASE_URL: then these tests say so
 * and skip.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { LATEST_VERSION, MIGRATIONS } from '../../server/storage/migrations'
import { api, countRows, dumpAllRows, rowsMentioning, totalRows } from '../helpers/meetingFixtures'
import { clusterFileBytes, selectSync } from '../helpers/postgres'
import type { ServerProcess, ServerOptions } from '../helpers/serverProcess'
import { cleanupServers, postgresUrlOf, startServer } from '../helpers/serverProcess'
import { connectClient, createBoard, expectLogsClean, waitFor } from './support'

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

/** A server on PostgreSQL, or null (after saying why) when the server does not use DATABASE_URL yet. */
async function serverOnPostgres(options: ServerOptions = {}): Promise<ServerProcess | null> {
  const server = await startServer({ ...options, backend: 'postgres' })
  if (postgresUrlOf(server.dataDir) !== undefined) return server
  process.stderr.write('[storage-postgres] skipped: the server ignored DATABASE_URL — server/main.ts does not open its storage with openStorage yet\n')
  await server.stop()
  return null
}

describe('the server on PostgreSQL', () => {
  it('refuses a DATABASE_URL that is not a PostgreSQL URL, without logging it', async () => {
    const secret = 'mysql://tafelbord:geheim-wachtwoord@db.example.nl/tafelbord'
    // The error carries every line the server printed before it exited.
    const failure = await startServer({ backend: 'sqlite', env: { DATABASE_URL: secret } }).catch((err: unknown) => err)
    expect(String(failure)).toMatch(/config_invalid[\s\S]*DATABASE_URL must be a PostgreSQL URL/)
    expect(String(failure)).not.toContain('geheim-wachtwoord')
  })

  it('migrates its database at start-up and stores a board there, with token hashes only', async (ctx) => {
    const server = await serverOnPostgres()
    if (server === null) return ctx.skip()
    const url = server.databaseUrl!
    expect(server.events().find((e) => e.event === 'schema_migrated')).toMatchObject({ from: 0, to: LATEST_VERSION })
    expect(selectSync(url, 'SELECT version FROM schema_migrations ORDER BY version').map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version))
    const board = await createBoard(server)
    expect(countRows(server.dataDir, 'SELECT COUNT(*) AS n FROM boards WHERE id = ?', board.id)).toBe(1)
    const rows = dumpAllRows(server.dataDir)
    const files = Buffer.concat(await clusterFileBytes()).toString('latin1')
    for (const secret of [board.facilitatorToken, board.participantToken, board.residentToken]) {
      expect(rows.includes(secret)).toBe(false)
      expect(files.includes(secret)).toBe(false)
    }
    expect(await server.stop()).toBe(0)
  })

  it('keeps a board over a restart on the same database, and a delete leaves no row of it', async (ctx) => {
    const first = await serverOnPostgres({ env: { COMPACT_EVERY_UPDATES: '5' } })
    if (first === null) return ctx.skip()
    const board = await createBoard(first)
    const other = await createBoard(first)
    const writer = await connectClient(first, board.id, board.facilitatorToken)
    for (let i = 0; i < 12; i++) writer.map.set(`k${i}`, i)
    await waitFor(() => countRows(first.dataDir, 'SELECT COUNT(*) AS n FROM board_snapshots WHERE board_id = ?', board.id) === 1, 'compacted')
    writer.destroy()
    expect(await first.stop()).toBe(0)

    const second = await startServer({ dataDir: first.dataDir, backend: 'postgres' })
    expect(second.databaseUrl).toBe(first.databaseUrl)
    const reader = await connectClient(second, board.id, board.participantToken)
    await waitFor(() => reader.map.get('k11') === 11, 'state after restart')
    reader.destroy()
    expect(totalRows(rowsMentioning(second.dataDir, board.id))).toBeGreaterThan(2)
    expect((await api(second, 'DELETE', `/api/boards/${board.id}`, board.facilitatorToken)).status).toBe(204)
    await waitFor(() => totalRows(rowsMentioning(second.dataDir, board.id)) === 0, 'every row of the board gone')
    expect(totalRows(rowsMentioning(second.dataDir, other.id))).toBeGreaterThan(0)
    expect(await second.stop()).toBe(0)
  })
})
