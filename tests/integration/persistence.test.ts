import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import { countRows, countStoredUpdates } from '../helpers/meetingFixtures'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, health, waitFor } from './support'

const clients: Client[] = []

async function join(server: ServerProcess, boardId: string, token: string): Promise<Client> {
  const client = await connectClient(server, boardId, token)
  clients.push(client)
  return client
}

function destroyClients(): void {
  for (const client of clients.splice(0)) client.destroy()
}

/** Rows in the database for one board (read-only, alongside the running server). */
function storedRows(dataDir: string, boardId: string): { updates: number; snapshots: number } {
  return {
    updates: countStoredUpdates(dataDir, boardId),
    snapshots: countRows(dataDir, 'SELECT COUNT(*) AS n FROM board_snapshots WHERE board_id = ?', boardId),
  }
}

afterEach(destroyClients)

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

describe('persistence', () => {
  it('keeps the state across a clean restart', async () => {
    const first = await startServer()
    const board = await createBoard(first)
    const a = await join(first, board.id, board.facilitatorToken)
    for (let i = 0; i < 20; i++) a.map.set(`k${i}`, { i, tekst: `actie ${i}` })
    const b = await join(first, board.id, board.participantToken)
    await waitFor(() => b.map.size === 20, 'second client has all edits')
    destroyClients()
    expect(await first.stop()).toBe(0)

    const second = await startServer({ dataDir: first.dataDir })
    const c = await join(second, board.id, board.participantToken)
    await waitFor(() => c.map.size === 20, 'state after restart')
    expect(c.map.get('k7')).toEqual({ i: 7, tekst: 'actie 7' })
    // The tokens still work after a restart.
    const res = await fetch(`${second.baseUrl}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.facilitatorToken}` } })
    expect(res.status).toBe(200)
    await second.stop()
  })

  it('loses nothing another client has seen when killed with SIGKILL mid-stream', async () => {
    // Small compaction interval so snapshots are also written during the stream. Two boards
    // stream at once, so a group commit holds updates of both; a late joiner's first sync
    // (sync step 2) comes while updates are in flight. On SQLite the update log is folded into
    // runs every 50 rows, so the kill also finds runs, a log, and snapshots between them.
    const first = await startServer({ env: { COMPACT_EVERY_UPDATES: '37', SQLITE_FOLD_LOG_ROWS: '50' } })
    const board = await createBoard(first)
    const other = await createBoard(first)
    const observer = await join(first, board.id, board.participantToken)
    const writer = await join(first, board.id, board.facilitatorToken)
    const otherObserver = await join(first, other.id, other.participantToken)
    const otherWriter = await join(first, other.id, other.facilitatorToken)

    let writing = true
    const stream = (async () => {
      for (let i = 0; writing; i++) {
        writer.map.set(`k${i}`, i)
        otherWriter.map.set(`o${i}`, i)
        if (i % 3 === 0) writer.doc.getText('notes').insert(0, `${i};`)
        await new Promise((r) => setTimeout(r, 1))
      }
    })()
    await waitFor(() => observer.map.size >= 200, 'observer saw a part of the stream')
    const lateJoiner = await join(first, board.id, board.participantToken)
    await waitFor(() => observer.map.size >= 400 && otherObserver.map.size >= 400, 'observers saw a good part of the stream')
    await first.kill9()
    writing = false
    await stream

    // Everything any client received (as an update or in its first sync) was stored before.
    const seen = observer.map.toJSON()
    const seenNotes = observer.doc.getText('notes').toString()
    const seenLate = lateJoiner.map.toJSON()
    const seenOther = otherObserver.map.toJSON()
    destroyClients()
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(400)
    expect(Object.keys(seenLate).length).toBeGreaterThanOrEqual(200)
    expect(Object.keys(seenOther).length).toBeGreaterThanOrEqual(400)

    const second = await startServer({ dataDir: first.dataDir })
    const reader = await join(second, board.id, board.participantToken)
    const reloaded = reader.map.toJSON()
    for (const [key, value] of Object.entries(seen)) expect(reloaded[key], key).toBe(value)
    for (const [key, value] of Object.entries(seenLate)) expect(reloaded[key], key).toBe(value)
    expect(reader.doc.getText('notes').toString().endsWith(seenNotes)).toBe(true)
    const otherReader = await join(second, other.id, other.participantToken)
    const otherReloaded = otherReader.map.toJSON()
    for (const [key, value] of Object.entries(seenOther)) expect(otherReloaded[key], key).toBe(value)
    await second.stop()
  })

  it('compacts stored updates into a snapshot and reloads from it', async () => {
    // On SQLite the update log is folded every 4 rows: compaction also meets runs.
    const server = await startServer({ env: { COMPACT_EVERY_UPDATES: '10', BOARD_UNLOAD_GRACE_MS: '100', SQLITE_FOLD_LOG_ROWS: '4' } })
    const board = await createBoard(server)
    const a = await join(server, board.id, board.facilitatorToken)
    const b = await join(server, board.id, board.participantToken)
    for (let i = 0; i < 35; i++) {
      a.map.set(`k${i}`, i)
      await waitFor(() => b.map.get(`k${i}`) === i, `update ${i} arrived`)
    }
    await waitFor(() => server.events().some((e) => e.event === 'compacted'), 'compaction logged')
    await waitFor(() => storedRows(server.dataDir, board.id).updates < 10, 'covered updates deleted')
    expect(storedRows(server.dataDir, board.id).snapshots).toBe(1)
    const compacted = server.events().find((e) => e.event === 'compacted')!
    expect(compacted.board).toBe(board.id.slice(0, 6))
    expect(compacted.bytes).toBeGreaterThan(0)

    // Unloading compacts the rest.
    destroyClients()
    await waitFor(async () => (await health(server)).boardsLoaded === 0, 'board unloaded')
    expect(storedRows(server.dataDir, board.id)).toEqual({ updates: 0, snapshots: 1 })

    const c = await join(server, board.id, board.participantToken)
    await waitFor(() => c.map.size === 35, 'state from snapshot')
    c.map.set('after', 'snapshot')
    destroyClients()
    await server.stop()

    const restarted = await startServer({ dataDir: server.dataDir, env: { SQLITE_FOLD_LOG_ROWS: '4' } })
    const d = await join(restarted, board.id, board.participantToken)
    await waitFor(() => d.map.size === 36 && d.map.get('after') === 'snapshot', 'snapshot plus later update')
    await restarted.stop()
  })
})
