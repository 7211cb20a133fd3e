import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { ApiError, BoardInfoResponse, CreateBoardResponse, MeetingResponse } from '../../shared/protocol'
import { readMeetingInfo } from '../../shared/ydoc/meetingDoc'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import { api, confirmFollowUpDate, openRawEditor, putActionCard, readStoredDoc, recordDecision, registerParticipant } from '../helpers/meetingFixtures'
import type { RawEditor } from '../helpers/meetingFixtures'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, waitFor } from './support'

const clients: Client[] = []
const editors: RawEditor[] = []

async function join(server: ServerProcess, room: string, token: string): Promise<Client> {
  const client = await connectClient(server, room, token)
  clients.push(client)
  return client
}

async function rawEditor(server: ServerProcess, room: string, token: string): Promise<RawEditor> {
  const editor = await openRawEditor(server, room, token)
  editors.push(editor)
  return editor
}

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
  for (const editor of editors.splice(0)) editor.ws.close()
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

/** Waits for the server's (once per connection) `update_dropped` line of this board and access. */
function droppedLogged(server: ServerProcess, board: CreateBoardResponse, access: string, reason: string) {
  return waitFor(
    () => server.events().some((e) => e.event === 'update_dropped' && e.board === board.id.slice(0, 6) && e.access === access && e.reason === reason),
    `update_dropped for ${access} (${reason})`,
  )
}

function storedTestMap(server: ServerProcess, board: CreateBoardResponse): Record<string, unknown> {
  const doc = readStoredDoc(server.dataDir, board.id, 'board')
  const map = doc.getMap('test').toJSON()
  doc.destroy()
  return map
}

describe('a locked board', () => {
  it('drops participant and resident edits, lets the facilitator edit, and unlocking restores editing', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    const facilitator = await join(server, board.id, board.facilitatorToken)
    const participant = await join(server, board.id, board.participantToken)
    const resident = await join(server, board.id, board.residentToken)
    const observer = await join(server, board.id, board.participantToken)
    const meetingView = await join(server, `${board.id}/meeting`, board.participantToken)

    participant.map.set('before', 'open')
    await waitFor(() => observer.map.get('before') === 'open', 'participants edit an open board')

    const locked = await api<MeetingResponse>(server, 'POST', `/api/boards/${board.id}/lock`, board.facilitatorToken)
    expect(locked.status).toBe(200)
    expect(locked.body.meeting.state).toBe('locked')
    await waitFor(() => readMeetingInfo(meetingView.doc).state === 'locked', 'the meeting document shows the lock live')

    // Stock clients without the UI's read-only mode: their edits are dropped by the server.
    participant.map.set('whileLocked', 'participant')
    await droppedLogged(server, board, 'participant', 'meeting_locked')
    resident.map.set('residentWhileLocked', 'resident')
    await droppedLogged(server, board, 'resident', 'meeting_locked')
    const rawParticipant = await rawEditor(server, board.id, board.participantToken)
    rawParticipant.edit((doc) => doc.getMap('test').set('rawWhileLocked', 'raw'))
    await rawParticipant.barrier()

    facilitator.map.set('facilitatorWhileLocked', 'facilitator')
    await waitFor(() => observer.map.get('facilitatorWhileLocked') === 'facilitator', 'the facilitator still edits')

    // Presence keeps working while locked.
    participant.provider.awareness.setLocalStateField('user', { name: 'P' })
    await waitFor(() => observer.provider.awareness.getStates().has(participant.doc.clientID), 'cursor of a participant while locked')

    for (const key of ['whileLocked', 'residentWhileLocked', 'rawWhileLocked']) {
      expect(observer.map.has(key), key).toBe(false)
      expect(facilitator.map.has(key), key).toBe(false)
      expect(storedTestMap(server, board)[key], key).toBeUndefined()
    }
    expect(storedTestMap(server, board).facilitatorWhileLocked).toBe('facilitator')

    const unlocked = await api<MeetingResponse>(server, 'POST', `/api/boards/${board.id}/unlock`, board.facilitatorToken)
    expect(unlocked.status).toBe(200)
    expect(unlocked.body.meeting.state).toBe('open')

    const rawAfter = await rawEditor(server, board.id, board.participantToken)
    rawAfter.edit((doc) => doc.getMap('test').set('rawAfterUnlock', 1))
    await waitFor(() => observer.map.get('rawAfterUnlock') === 1, 'a participant edits again after unlock')
    participant.map.set('afterUnlock', 'participant')
    await waitFor(() => observer.map.get('afterUnlock') === 'participant', 'the same stock client edits again after unlock')
    // That client still held its dropped edit; on unlock the server asked it for what it lacks,
    // so its later edits are not stuck behind the missing one (Yjs integrates in order).
    await waitFor(() => observer.map.get('whileLocked') === 'participant', 'the held edit merged after unlock')
    expect(storedTestMap(server, board).afterUnlock).toBe('participant')

    // Saying it twice is fine; no log line for a non-change.
    expect((await api(server, 'POST', `/api/boards/${board.id}/unlock`, board.facilitatorToken)).status).toBe(200)
    expect(server.events().filter((e) => e.event === 'meeting_unlocked')).toHaveLength(1)
    expect(server.events().filter((e) => e.event === 'meeting_locked')).toHaveLength(1)
    // Dropped updates are logged once per connection, counted at close.
    expect(server.events().filter((e) => e.event === 'update_dropped' && e.access === 'participant').length).toBeLessThanOrEqual(2)
  })
})

describe('a closed board', () => {
  it('refuses edits from every connection, also after a restart, and every change through the API', async () => {
    const first = await startServer()
    const board = await createBoard(first)
    const facilitator = await join(first, board.id, board.facilitatorToken)
    const observer = await join(first, board.id, board.participantToken)
    putActionCard(facilitator.doc, 'shape:actie', { what: 'Belastingaanslag nakijken' })
    facilitator.map.set('beforeClose', 'kept')
    await waitFor(() => observer.map.get('beforeClose') === 'kept', 'edits before closing')
    await registerParticipant(first, board.id, board.facilitatorToken, { userId: 'u-f', name: 'F', role: 'gespreksleider' })
    expect((await recordDecision(first, board.id, board.facilitatorToken, { actionId: 'shape:actie', decision: 'declined', recordedBy: { userId: 'u-f' } })).status).toBe(201)

    await confirmFollowUpDate(first, board.id, board.facilitatorToken)
    const closed = await api<MeetingResponse>(first, 'POST', `/api/boards/${board.id}/close`, board.facilitatorToken)
    expect(closed.status).toBe(200)
    expect(closed.body.meeting.state).toBe('closed')
    expect(Number.isNaN(Date.parse(closed.body.meeting.closedAt ?? ''))).toBe(false)

    // The facilitator's stock client, and raw editors of every kind of token.
    facilitator.map.set('afterClose', 'facilitator')
    await droppedLogged(first, board, 'facilitator', 'meeting_closed')
    for (const token of [board.facilitatorToken, board.participantToken, board.residentToken]) {
      const editor = await rawEditor(first, board.id, token)
      editor.edit((doc) => doc.getMap('test').set('rawAfterClose', token.slice(0, 4)))
      await editor.barrier()
    }
    // A connection that is still there keeps its presence (not part of the record).
    facilitator.provider.awareness.setLocalStateField('user', { name: 'F' })
    await waitFor(() => observer.provider.awareness.getStates().has(facilitator.doc.clientID), 'presence on a closed board')
    expect(observer.map.has('afterClose')).toBe(false)
    expect(observer.map.has('rawAfterClose')).toBe(false)

    // The API refuses every change with 409.
    const changes: Array<[string, string, unknown?]> = [
      ['POST', '/lock'], ['POST', '/unlock'], ['POST', '/close'],
      ['PATCH', '/meeting', { followUpDate: '2030-01-01' }],
      ['POST', '/decisions', { actionId: 'shape:actie', decision: 'agreed', recordedBy: { userId: 'u-f' } }],
      ['POST', '/participants', { userId: 'u-late', name: 'Laat', role: 'netwerk', atTable: false }],
    ]
    for (const [method, suffix, body] of changes) {
      const answer = await api<ApiError>(first, method, `/api/boards/${board.id}${suffix}`, board.facilitatorToken, body)
      expect(answer.status, suffix).toBe(409)
      expect(answer.body.error).toBe('meeting_closed')
      expect(answer.body.message.length).toBeGreaterThan(0)
    }

    // Restart on the same port: the stock client reconnects and offers its refused edit again.
    clients.splice(clients.indexOf(observer), 1)
    observer.destroy()
    expect(await first.stop()).toBe(0)
    const stored = storedTestMap(first, board)
    expect(stored).toEqual({ beforeClose: 'kept' })

    const second = await startServer({ dataDir: first.dataDir, port: first.port })
    await droppedLogged(second, board, 'facilitator', 'meeting_closed')
    const rawAfterRestart = await rawEditor(second, board.id, board.facilitatorToken)
    rawAfterRestart.edit((doc) => doc.getMap('test').set('afterRestart', 'x'))
    await rawAfterRestart.barrier()
    const reader = await join(second, board.id, board.participantToken)
    expect(reader.map.toJSON()).toEqual({ beforeClose: 'kept' })
    const info = await api<BoardInfoResponse>(second, 'GET', `/api/boards/${board.id}`, board.participantToken)
    expect(info.body.meeting.state).toBe('closed')

    for (const client of clients.splice(0)) client.destroy()
    expect(await second.stop()).toBe(0)
    expect(storedTestMap(second, board)).toEqual({ beforeClose: 'kept' })
  })
})
