import { afterAll, describe, expect, it } from 'vitest'
import type { CreateBoardResponse } from '../../shared/protocol'
import { CloseCode } from '../../shared/protocol'
import { cleanupServers, startServer, testBackend } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import {
  api,
  closeMeeting,
  confirmFollowUpDate,
  databaseFileBytes,
  lastClosedAt,
  putResidentCard,
  rowsMentioning,
  skipSqliteFileCheck,
  startFollowUp,
  totalRows,
} from '../helpers/meetingFixtures'
import { connectClient, createBoard, expectLogsClean, rawSocket, rememberContent, waitFor } from './support'

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

/** The board still exists for its facilitator (200) or is gone (404). */
async function boardStatus(server: ServerProcess, board: CreateBoardResponse): Promise<number> {
  return (await api(server, 'GET', `/api/boards/${board.id}`, board.facilitatorToken)).status
}

/** Closes an empty board (nothing to decide; the proposed follow-up date is confirmed). */
async function closeBoard(server: ServerProcess, board: CreateBoardResponse): Promise<void> {
  await confirmFollowUpDate(server, board.id, board.facilitatorToken)
  expect((await closeMeeting(server, board.id, board.facilitatorToken)).status).toBe(200)
}

/** True (after printing why) when this run is not on PostgreSQL: the case needs two nodes on one database. */
function skipUnlessPostgres(reason: string): boolean {
  if (testBackend() === 'postgres') return false
  process.stderr.write(`[TEST_BACKEND=${testBackend()}] skipped: ${reason}\n`)
  return true
}

const purgeRuns = (server: ServerProcess) => server.events().filter((e) => e.event === 'purge_run')

describe('retention', () => {
  it('purges a closed board at start-up once its time is up; open boards and follow-ups stay', async () => {
    const first = await startServer()
    const closed = await createBoard(first)
    const open = await createBoard(first)
    const followedUp = await createBoard(first)
    const name = rememberContent('Bewoner Bewaartermijn')
    const client = await connectClient(first, closed.id, closed.facilitatorToken)
    putResidentCard(client.doc, 'shape:bewoner', { name })
    await waitFor(() => totalRows(rowsMentioning(first.dataDir, name)) > 0, 'card stored')
    client.destroy()
    await closeBoard(first, closed)
    await closeBoard(first, followedUp)
    expect((await startFollowUp(first, followedUp.id, followedUp.facilitatorToken)).status).toBe(200)
    expect(lastClosedAt(first.dataDir, closed.id)).toEqual(expect.any(Number))
    expect(lastClosedAt(first.dataDir, followedUp.id)).toBeNull()
    expect(await first.stop()).toBe(0)

    // The default 30 days: a board closed just now is kept.
    const kept = await startServer({ dataDir: first.dataDir })
    expect(purgeRuns(kept)).toEqual([expect.objectContaining({ purged: 0, retentionDays: 30 })])
    for (const board of [closed, open, followedUp]) expect(await boardStatus(kept, board)).toBe(200)
    expect(await kept.stop()).toBe(0)

    // RETENTION_DAYS=0: every closed board goes at the next run, the first one at start-up.
    const purging = await startServer({ dataDir: first.dataDir, env: { RETENTION_DAYS: '0' } })
    expect(purgeRuns(purging)).toEqual([expect.objectContaining({ purged: 1, retentionDays: 0 })])
    expect(purging.events().filter((e) => e.event === 'board_purged')).toEqual([
      expect.objectContaining({ board: closed.id.slice(0, 6) }),
    ])
    expect(await boardStatus(purging, closed)).toBe(404)
    expect(await boardStatus(purging, open)).toBe(200)
    expect(await boardStatus(purging, followedUp)).toBe(200)
    expect(await purging.stop()).toBe(0)

    // Nothing of it is left: no row in any table, not in the file's bytes.
    expect(totalRows(rowsMentioning(first.dataDir, closed.id))).toBe(0)
    expect(totalRows(rowsMentioning(first.dataDir, name))).toBe(0)
    if (!skipSqliteFileCheck(first.dataDir, 'purged board not in the SQLite file\'s bytes (PostgreSQL: rows gone and vacuumed, docs/api.md Storage)')) {
      const files = databaseFileBytes(first.dataDir)
      expect(files.some((bytes) => bytes.includes(open.id))).toBe(true)
      for (const bytes of files) {
        expect(bytes.includes(closed.id)).toBe(false)
        expect(bytes.includes(name)).toBe(false)
      }
    }
    expect(totalRows(rowsMentioning(first.dataDir, followedUp.id))).toBeGreaterThan(0)
  })

  it('purges on schedule while running, closing the board\'s connections with 4404', async () => {
    const server = await startServer({ env: { RETENTION_DAYS: '0', PURGE_INTERVAL_MS: '1000' } })
    const board = await createBoard(server)
    const open = await createBoard(server)
    const client = await connectClient(server, board.id, board.participantToken)
    const raw = rawSocket(server, `${board.id}/meeting`, board.residentToken)
    await raw.opened
    await closeBoard(server, board)

    expect(await raw.closed).toEqual({ code: CloseCode.unknownBoard, reason: 'deleted' })
    await waitFor(() => client.closeCodes.includes(CloseCode.unknownBoard), 'stock client closed with 4404')
    expect(client.provider.shouldConnect).toBe(false)
    expect(await boardStatus(server, board)).toBe(404)
    expect(totalRows(rowsMentioning(server.dataDir, board.id))).toBe(0)
    expect(await boardStatus(server, open)).toBe(200)
    client.destroy()
    expect(await server.stop()).toBe(0)
  })

  it.skipIf(skipUnlessPostgres('retention on several nodes needs PostgreSQL (project integration-postgres)'))(
    'leaves a board another node serves to that node; purges it once that lease is given up',
    async () => {
      const cluster = { CLUSTER_SECRET: 'tafelbord-retention-test-secret-0123456789', LEASE_TTL_MS: '1500' }
      // The owner keeps closed boards 30 days (the default): it purges nothing itself here.
      const owner = await startServer({ env: { ...cluster, NODE_ID: 'retention-owner' } })
      const board = await createBoard(owner)
      const kept = await createBoard(owner)
      const client = await connectClient(owner, board.id, board.facilitatorToken)
      await closeBoard(owner, board)
      expect(lastClosedAt(owner.dataDir, board.id)).toEqual(expect.any(Number))

      // A second node on the same database purges every closed board — but not one whose live
      // lease the owner holds: at start-up and at every run after it.
      const other = await startServer({
        databaseUrl: owner.databaseUrl!,
        env: { ...cluster, NODE_ID: 'retention-other', RETENTION_DAYS: '0', PURGE_INTERVAL_MS: '1000' },
      })
      await waitFor(() => purgeRuns(other).length >= 3, 'three purge runs on the other node')
      expect(purgeRuns(other).every((run) => run.purged === 0 && run.leftToOwner === 1)).toBe(true)
      expect(other.events().filter((e) => e.event === 'purge_left_to_owner')[0]).toMatchObject({
        board: board.id.slice(0, 6),
        owner: 'retention-owner',
      })
      expect(other.events().some((e) => e.event === 'board_purged')).toBe(false)
      expect(await boardStatus(owner, board)).toBe(200)
      expect(client.closeCodes).toEqual([])

      // The owner goes (SIGTERM gives its leases up): the other node's next run purges the board.
      client.destroy()
      expect(await owner.stop()).toBe(0)
      await waitFor(() => other.events().some((e) => e.event === 'board_purged'), 'board purged by the other node')
      expect(other.events().filter((e) => e.event === 'board_purged')).toEqual([expect.objectContaining({ board: board.id.slice(0, 6) })])
      expect(await boardStatus(other, board)).toBe(404)
      expect(await boardStatus(other, kept)).toBe(200)
      expect(totalRows(rowsMentioning(owner.dataDir, board.id))).toBe(0)
      expect(await other.stop()).toBe(0)
    },
  )

  it('refuses a bad RETENTION_DAYS or PURGE_INTERVAL_MS at start-up', async () => {
    const bad: Record<string, string>[] = [
      { RETENTION_DAYS: '-1' },
      { RETENTION_DAYS: 'dertig' },
      { PURGE_INTERVAL_MS: '10' },
      { PURGE_INTERVAL_MS: '9999999999' },
    ]
    for (const env of bad) {
      await expect(startServer({ env })).rejects.toThrow(/config_invalid/)
    }
  })
})
