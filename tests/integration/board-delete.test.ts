import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import type { ApiError } from '../../shared/protocol'
import { CloseCode } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import {
  api,
  openRawEditor,
  putActionCard,
  recordDecision,
  registerParticipant,
  rowsMentioning,
  skipSqliteFileCheck,
  totalRows as total,
} from '../helpers/meetingFixtures'
import { connectClient, createBoard, expectLogsClean, health, rawSocket, waitFor } from './support'

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

describe('deleting a board', () => {
  it('closes every connection with 4404, removes every row and forgets the board', async () => {
    // Compaction after 5 updates, so the board has snapshots and updates in both documents.
    const server = await startServer({ env: { COMPACT_EVERY_UPDATES: '5' } })
    const board = await createBoard(server)
    const other = await createBoard(server)
    const facilitator = await connectClient(server, board.id, board.facilitatorToken)
    const meetingClient = await connectClient(server, `${board.id}/meeting`, board.participantToken)
    const otherClient = await connectClient(server, other.id, other.facilitatorToken)
    for (let i = 0; i < 12; i++) facilitator.map.set(`k${i}`, i)
    putActionCard(facilitator.doc, 'shape:actie', { what: 'Iets' })
    otherClient.map.set('blijft', true)
    await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-f', name: 'F', role: 'gespreksleider' })
    await waitFor(async () => (await recordDecision(server, board.id, board.facilitatorToken, {
      actionId: 'shape:actie', decision: 'agreed', recordedBy: { userId: 'u-f' },
    })).status === 201, 'decision recorded once the card arrived')
    const raw = await openRawEditor(server, board.id, board.participantToken)
    const rawMeeting = rawSocket(server, `${board.id}/meeting`, board.residentToken)
    await rawMeeting.opened
    await waitFor(() => total(rowsMentioning(server.dataDir, board.id)) >= 5, 'rows of the board stored')
    const before = rowsMentioning(server.dataDir, board.id)
    expect(before.board_snapshots + before.board_updates).toBeGreaterThan(0)
    expect(before.meeting_snapshots + before.meeting_updates).toBeGreaterThan(0)

    for (const token of [board.participantToken, board.residentToken]) {
      const refused = await api<ApiError>(server, 'DELETE', `/api/boards/${board.id}`, token)
      expect(refused.status).toBe(403)
      expect(refused.body.reason).toBe('facilitatorOnly')
    }
    expect(total(rowsMentioning(server.dataDir, board.id))).toBe(total(before))

    const deleted = await fetch(`${server.baseUrl}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${board.facilitatorToken}` },
    })
    expect(deleted.status).toBe(204)
    expect(await deleted.text()).toBe('')

    expect(await raw.closed).toEqual({ code: CloseCode.unknownBoard, reason: 'deleted' })
    expect(await rawMeeting.closed).toEqual({ code: CloseCode.unknownBoard, reason: 'deleted' })
    await waitFor(() => facilitator.closeCodes.includes(CloseCode.unknownBoard), 'stock client closed with 4404')
    await waitFor(() => meetingClient.closeCodes.includes(CloseCode.unknownBoard), 'meeting client closed with 4404')
    expect(facilitator.provider.shouldConnect).toBe(false)

    // Every table, every row: nothing mentions the board any more; the other board is intact.
    expect(total(rowsMentioning(server.dataDir, board.id))).toBe(0)
    expect(total(rowsMentioning(server.dataDir, other.id))).toBeGreaterThan(0)
    // Not even in the file's free pages or the WAL (secure_delete + checkpoint); the other
    // board's id is there, so the bytes are readable as they are.
    if (!skipSqliteFileCheck(server.dataDir, 'deleted board not in the SQLite file\'s bytes (PostgreSQL: rows gone and vacuumed, docs/api.md Storage)')) {
      const files = ['boards.sqlite', 'boards.sqlite-wal']
        .map((file) => path.join(server.dataDir, file))
        .filter((file) => fs.existsSync(file))
        .map((file) => fs.readFileSync(file))
      expect(files.some((bytes) => bytes.includes(other.id))).toBe(true)
      for (const bytes of files) expect(bytes.includes(board.id)).toBe(false)
    }

    // Later requests: unknown board.
    const info = await api<ApiError>(server, 'GET', `/api/boards/${board.id}`, board.facilitatorToken)
    expect(info.status).toBe(404)
    expect((await api(server, 'DELETE', `/api/boards/${board.id}`, board.facilitatorToken)).status).toBe(404)
    const late = rawSocket(server, board.id, board.facilitatorToken)
    expect((await late.closed).code).toBe(CloseCode.unknownBoard)

    otherClient.map.set('nogSteeds', true)
    const otherReader = await connectClient(server, other.id, other.participantToken)
    await waitFor(() => otherReader.map.get('nogSteeds') === true && otherReader.map.get('blijft') === true, 'other board unaffected')
    await waitFor(async () => (await health(server)).boardsLoaded === 1, 'deleted board gone from memory')
    expect(server.events().filter((e) => e.event === 'board_deleted')).toHaveLength(1)

    for (const client of [facilitator, meetingClient, otherClient, otherReader]) client.destroy()
    expect(await server.stop()).toBe(0)
    expect(total(rowsMentioning(server.dataDir, board.id))).toBe(0)
  })
})
