import { afterAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import { countRows, countStoredUpdates } from '../helpers/meetingFixtures'
import { connectClient, createBoard, expectLogsClean, rawSocket, waitFor } from './support'

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

describe('shutdown', () => {
  it('on SIGTERM closes every client with 1012, flushes the boards and exits 0', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    const other = await createBoard(server)
    const client = await connectClient(server, board.id, board.facilitatorToken)
    client.map.set('bewaard', 'ja')
    const raw = rawSocket(server, other.id, other.participantToken)
    await raw.opened
    const second = await connectClient(server, board.id, board.participantToken)
    await waitFor(() => second.map.get('bewaard') === 'ja', 'edit reached the server')

    const exitCode = server.stop()
    const { code, reason } = await raw.closed
    expect(code).toBe(CloseCode.restarting)
    expect(reason).toBe('restarting')
    await waitFor(() => client.closeCodes.includes(CloseCode.restarting), 'provider saw 1012')
    expect(await exitCode).toBe(0)
    client.destroy()
    second.destroy()

    const events = server.events().map((e) => e.event)
    expect(events).toContain('shutdown')
    // Flushed: the board's updates were compacted into its snapshot.
    expect(countStoredUpdates(server.dataDir, board.id)).toBe(0)
    expect(countRows(server.dataDir, 'SELECT COUNT(*) AS n FROM board_snapshots WHERE board_id = ?', board.id)).toBe(1)

    const restarted = await startServer({ dataDir: server.dataDir })
    const reader = await connectClient(restarted, board.id, board.participantToken)
    await waitFor(() => reader.map.get('bewaard') === 'ja', 'state after restart')
    reader.destroy()
    expect(await restarted.stop()).toBe(0)
  })

  it('exits 0 on SIGTERM when idle', async () => {
    const server = await startServer()
    expect(await server.stop()).toBe(0)
  })
})
