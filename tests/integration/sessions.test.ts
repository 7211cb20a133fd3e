import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MeetingInfo, OutcomeEntry } from '../../shared/domain/meeting'
import { getRecordsMap } from '../../shared/ydoc/layout'
import { readDecisions, readMeetingInfo, readOutcomes } from '../../shared/ydoc/meetingDoc'
import type { ApiError, ApiInvalidError, BoardInfoResponse, CloseRefusedError, CreateBoardResponse, MeetingResponse } from '../../shared/protocol'
import type { OutcomeResponse, SessionsResponse } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import {
  api,
  cardProps,
  changeCardProps,
  closeMeeting,
  confirmFollowUpDate,
  databaseFileBytes,
  docFromSnapshot,
  lastClosedAt,
  putActionCard,
  putAgencyCard,
  putResidentCard,
  readSessionRow,
  readStoredDoc,
  recordDecision,
  recordOutcome,
  registerParticipant,
  rowsMentioning,
  runStatement,
  skipSqliteFileCheck,
  startFollowUp,
  totalRows,
} from '../helpers/meetingFixtures'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, rememberContent, waitFor } from './support'

let server: ServerProcess
let board: CreateBoardResponse
let other: CreateBoardResponse
let facilitator: Client
let observer: Client
let meetingReader: Client
const clients: Client[] = []

const TAX = 'shape:belasting'
const COACH = 'shape:budgetcoach'
const NEW = 'shape:nieuw'
const AGENCY = 'shape:gemeente'
const FACILITATOR = { userId: 'u-f', name: rememberContent('Femke Sessietest'), role: 'gespreksleider' }
const RESIDENT = { userId: 'u-r', name: rememberContent('Ansaj Sessietest'), role: 'bewoner' }
/** A 1×1 PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
const SVG_MARKER = rememberContent('Tekening-van-het-bord-7c1e')
const SVG = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>${SVG_MARKER}</text></svg>`

async function join(room: string, token: string): Promise<Client> {
  const client = await connectClient(server, room, token)
  clients.push(client)
  return client
}

const boardPath = (suffix = '') => `/api/boards/${board.id}${suffix}`
const meetingState = async () => (await api<BoardInfoResponse>(server, 'GET', boardPath(), board.facilitatorToken)).body.meeting
const sessions = (token = board.facilitatorToken) => api<SessionsResponse & ApiError>(server, 'GET', boardPath('/sessions'), token)
const close = (picture?: unknown) => closeMeeting<CloseRefusedError & MeetingResponse>(server, board.id, board.facilitatorToken, picture)
const followUp = (token = board.facilitatorToken) => startFollowUp<MeetingResponse & ApiError>(server, board.id, token)
const outcome = (token: string, actionId: string, value: string, userId = FACILITATOR.userId, residentWords = '') =>
  recordOutcome<OutcomeResponse & ApiInvalidError>(server, board.id, token, { actionId, outcome: value, residentWords, recordedBy: { userId } })
const decide = (actionId: string, decision: string) =>
  recordDecision(server, board.id, board.facilitatorToken, { actionId, decision, recordedBy: { userId: FACILITATOR.userId } })

let closedFirst: MeetingInfo

beforeAll(async () => {
  server = await startServer()
  board = await createBoard(server)
  other = await createBoard(server)
  facilitator = await join(board.id, board.facilitatorToken)
  observer = await join(board.id, board.participantToken)
  meetingReader = await join(`${board.id}/meeting`, board.participantToken)
  putResidentCard(facilitator.doc, 'shape:bewoner', { name: RESIDENT.name })
  putAgencyCard(facilitator.doc, AGENCY, { person: rememberContent('Marieke Sessieloket'), organisation: 'Gemeente' })
  putActionCard(facilitator.doc, TAX, { what: 'Belastingaanslag nakijken', ownerKind: 'agency', ownerId: AGENCY, dueDate: '2026-04-01' }, 300)
  putActionCard(facilitator.doc, COACH, { what: 'Budgetcoach' }, 600)
  await waitFor(() => cardProps(observer.doc, COACH) !== undefined, 'cards on the server')
  await registerParticipant(server, board.id, board.facilitatorToken, FACILITATOR)
})

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  expectLogsClean()
  await cleanupServers()
})

describe('sessions of a case', () => {
  it('refuses a follow-up while the session is open, and to anyone but the facilitator', async () => {
    const open = await followUp()
    expect(open.status).toBe(409)
    expect(open.body.error).toBe('meeting_not_closed')
    expect(open.body.reason).toBe('meetingNotClosed')
    for (const token of [board.participantToken, board.residentToken]) {
      expect((await followUp(token)).status).toBe(403)
      expect((await sessions(token)).status).toBe(403)
    }
    const listed = await sessions()
    expect(listed.status).toBe(200)
    expect(listed.body).toEqual({ current: { number: 1, state: 'open', startedAt: (await meetingState()).startedAt }, archived: [] })
  })

  it('refuses a close whose picture is not an SVG or a PNG, and a body over 8 MiB', async () => {
    expect((await decide(TAX, 'agreed')).status).toBe(201)
    const declined = await decide(COACH, 'declined')
    expect(declined.body.decision).toMatchObject({ sessionNumber: 1 })

    const bad: unknown[] = [
      { pictureSvg: '<html><body>geen svg</body></html>' },
      { pictureSvg: 42 },
      { pictureSvg: '<?xml version="1.0"?>' },
      { picturePng: Buffer.from('geen png, maar tekst').toString('base64') },
      { picturePng: '***' },
      { picturePng: PNG_BASE64.slice(1) },
      { pictureSvg: SVG, picturePng: true },
      [SVG],
    ]
    for (const body of bad) {
      const answer = await close(body)
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(answer.body.error).toBe('invalid_picture')
      expect(answer.body.reason).toBe('invalidPicture')
    }
    expect((await close('geen json')).body.error).toBe('bad_json')

    const huge = await fetch(`${server.baseUrl}${boardPath('/close')}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.facilitatorToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ picturePng: 'A'.repeat(9 * 1024 * 1024) }),
    })
    expect(huge.status).toBe(413)
    expect(((await huge.json()) as ApiError).error).toBe('body_too_large')
    // Only the close takes large bodies.
    const patch = await api(server, 'PATCH', boardPath('/meeting'), board.facilitatorToken, { followUpDate: 'x'.repeat(100 * 1024) })
    expect(patch.status).toBe(413)

    expect((await meetingState()).state).toBe('open')
    expect((await sessions()).body.archived).toEqual([])
  })

  it('archives the session with its picture and both documents as they were at the close', async () => {
    // A picture of about 1 MiB: more than other calls accept.
    const largeSvg = SVG.replace('</svg>', `<desc>${'x'.repeat(1024 * 1024)}</desc></svg>`)
    await confirmFollowUpDate(server, board.id, board.facilitatorToken)
    const closed = await close({ pictureSvg: largeSvg, picturePng: PNG_BASE64 })
    expect(closed.status).toBe(200)
    closedFirst = closed.body.meeting
    expect(closedFirst).toMatchObject({ state: 'closed', sessionNumber: 1, carriedActionIds: [], pastSessions: [] })

    const row = readSessionRow(server.dataDir, board.id, 1)!
    expect(row).toMatchObject({ number: 1, started_at: closedFirst.startedAt, closed_at: closedFirst.closedAt })
    // The SVG (sent by earlier clients) is accepted but not kept: nothing read it.
    expect(row).not.toHaveProperty('picture_svg')
    expect(row.picture_png!.equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true)

    // The board snapshot is the server's board at the close, card for card.
    const archivedBoard = docFromSnapshot(new Uint8Array(row.board_snapshot))
    const storedBoard = readStoredDoc(server.dataDir, board.id, 'board')
    expect(getRecordsMap(archivedBoard).toJSON()).toEqual(getRecordsMap(storedBoard).toJSON())
    expect(getRecordsMap(archivedBoard).toJSON()).toEqual(getRecordsMap(facilitator.doc).toJSON())
    expect(Object.keys(getRecordsMap(archivedBoard).toJSON()).sort()).toEqual([AGENCY, TAX, COACH, 'shape:bewoner'].sort())
    // The meeting snapshot is the closed meeting with its decisions.
    const archivedMeeting = docFromSnapshot(new Uint8Array(row.meeting_snapshot))
    expect(readMeetingInfo(archivedMeeting)).toEqual(closedFirst)
    expect(readDecisions(archivedMeeting).map((d) => [d.actionId, d.decision, d.sessionNumber])).toEqual([
      [TAX, 'agreed', 1],
      [COACH, 'declined', 1],
    ])
    for (const doc of [archivedBoard, storedBoard, archivedMeeting]) doc.destroy()

    expect(lastClosedAt(server.dataDir, board.id)).toBe(Date.parse(closedFirst.closedAt!))
    expect((await sessions()).body).toEqual({
      current: { number: 1, state: 'closed', startedAt: closedFirst.startedAt },
      archived: [{ number: 1, startedAt: closedFirst.startedAt, closedAt: closedFirst.closedAt, hasPicture: true }],
    })
    expect(server.events().filter((e) => e.event === 'meeting_closed').at(-1)).toMatchObject({ session: 1, picture: 'svg,png' })
  })

  it('starts a follow-up from the closed board: same cards, every action carried, open again', async () => {
    for (const token of [board.participantToken, board.residentToken]) {
      const refused = await followUp(token)
      expect(refused.status).toBe(403)
      expect(refused.body.reason).toBe('facilitatorOnly')
    }
    const started = await followUp()
    expect(started.status).toBe(200)
    expect(started.body.meeting).toMatchObject({
      state: 'open',
      sessionNumber: 2,
      closedAt: null,
      // A new proposal for the next meeting, not yet confirmed.
      followUpConfirmed: false,
      carriedActionIds: [TAX, COACH],
      pastSessions: [{ number: 1, startedAt: closedFirst.startedAt, closedAt: closedFirst.closedAt, followUpDate: closedFirst.followUpDate }],
    })
    expect(Date.parse(started.body.meeting.startedAt)).toBeGreaterThanOrEqual(Date.parse(closedFirst.closedAt!))
    await waitFor(() => readMeetingInfo(meetingReader.doc).sessionNumber === 2, 'clients see the follow-up session')
    expect(lastClosedAt(server.dataDir, board.id)).toBeNull()
    expect((await followUp()).body.error).toBe('meeting_not_closed')
    expect(server.events().filter((e) => e.event === 'follow_up_started').at(-1)).toMatchObject({ session: 2, carried: 2 })

    // The board accepts edits again, from every link.
    putActionCard(observer.doc, NEW, { what: 'Aanvraag nationaliteit' }, 900)
    changeCardProps(facilitator.doc, TAX, { note: 'Nog niet gelukt' })
    await waitFor(() => cardProps(facilitator.doc, NEW) !== undefined && cardProps(observer.doc, TAX)?.note === 'Nog niet gelukt', 'edits reach everyone')
    const stored = readStoredDoc(server.dataDir, board.id, 'board')
    expect(getRecordsMap(stored).has(NEW)).toBe(true)
    stored.destroy()
  })

  it('refuses to close while an action she agreed to last time has no outcome (what she declined is not asked again)', async () => {
    const refused = await close()
    expect(refused.status).toBe(409)
    expect(refused.body.error).toBe('close_refused')
    expect(refused.body.problems.filter((p) => p.code === 'carriedActionWithoutOutcome').map((p) => p.itemId)).toEqual([TAX])
    expect(refused.body.problems.some((p) => p.itemId === COACH)).toBe(false)
    expect(refused.body.problems).toContainEqual(expect.objectContaining({ code: 'actionWithoutDecision', itemId: NEW }))
  })

  it('records outcomes only for carried actions she agreed to, by whoever may record the resident\'s decisions', async () => {
    expect((await outcome(board.participantToken, TAX, 'done')).status).toBe(403)
    const resident = await outcome(board.residentToken, TAX, 'done')
    expect(resident.status).toBe(403)
    expect(resident.body.reason).toBe('residentNotAllowed')

    const notCarried = await outcome(board.facilitatorToken, NEW, 'done')
    expect(notCarried.status).toBe(409)
    expect(notCarried.body.error).toBe('not_carried')
    expect(notCarried.body.reason).toBe('notCarried')
    expect((await outcome(board.facilitatorToken, 'shape:nergens', 'done')).body.error).toBe('unknown_action')
    expect((await outcome(board.facilitatorToken, TAX, 'klaar')).body.error).toBe('invalid')
    expect((await outcome(board.facilitatorToken, TAX, 'done', 'u-onbekend')).body.error).toBe('unknown_participant')
    const missingRecorder = await api<ApiInvalidError>(server, 'POST', boardPath('/outcomes'), board.facilitatorToken, { actionId: TAX, outcome: 'done' })
    expect(missingRecorder.body.fieldErrors).toContainEqual({ field: 'recordedBy.userId', code: 'missing' })

    const words = rememberContent('De aanslag is betaald, met hulp van mijn dochter')
    const done = await outcome(board.facilitatorToken, TAX, 'partly', FACILITATOR.userId, words)
    expect(done.status).toBe(201)
    expect(done.body.outcome).toEqual({
      actionId: TAX,
      outcome: 'partly',
      residentWords: words,
      recordedBy: { userId: FACILITATOR.userId, name: FACILITATOR.name, role: 'gespreksleider' },
      sessionNumber: 2,
      at: expect.any(String) as string,
    } satisfies OutcomeEntry)
    // Appended, never changed: a later outcome for the same action counts, the first stays.
    expect((await outcome(board.facilitatorToken, TAX, 'done')).status).toBe(201)

    // The resident's own link, once the facilitator allows it.
    await api(server, 'PATCH', boardPath('/meeting'), board.facilitatorToken, { residentMayDecide: true })
    await registerParticipant(server, board.id, board.residentToken, RESIDENT)
    const declined = await outcome(board.facilitatorToken, COACH, 'noLongerNeeded')
    expect(declined.status).toBe(409)
    expect(declined.body.error).toBe('outcome_not_asked')
    const own = await outcome(board.residentToken, TAX, 'noLongerNeeded', RESIDENT.userId)
    expect(own.status).toBe(201)
    expect(own.body.outcome.recordedBy).toEqual({ userId: RESIDENT.userId, name: RESIDENT.name, role: 'bewoner' })

    const decision = await decide(NEW, 'declined')
    expect(decision.body.decision).toMatchObject({ actionId: NEW, sessionNumber: 2 })
    await waitFor(() => readOutcomes(meetingReader.doc).length === 3, 'outcomes synced')
    expect(readOutcomes(meetingReader.doc).map((o) => [o.actionId, o.outcome])).toEqual([
      [TAX, 'partly'],
      [TAX, 'done'],
      [TAX, 'noLongerNeeded'],
    ])
    const logged = server.events().filter((e) => e.event === 'outcome_recorded')
    expect(logged).toHaveLength(3)
    for (const event of logged) expect(Object.keys(event).sort()).toEqual(['access', 'board', 'event', 'level', 'time'])
  })

  it('closes the follow-up as a second archived session; the first never changed', async () => {
    const before = readSessionRow(server.dataDir, board.id, 1)!
    await confirmFollowUpDate(server, board.id, board.facilitatorToken)
    const closed = await close()
    expect(closed.status).toBe(200)
    expect(closed.body.meeting).toMatchObject({ state: 'closed', sessionNumber: 2 })

    const after = readSessionRow(server.dataDir, board.id, 1)!
    expect(after).toEqual(before)
    expect(after.board_snapshot.equals(before.board_snapshot) && after.meeting_snapshot.equals(before.meeting_snapshot)).toBe(true)
    const first = docFromSnapshot(new Uint8Array(after.board_snapshot))
    expect(getRecordsMap(first).has(NEW)).toBe(false)
    first.destroy()

    const second = readSessionRow(server.dataDir, board.id, 2)!
    expect(second).toMatchObject({ picture_png: null, closed_at: closed.body.meeting.closedAt })
    const secondBoard = docFromSnapshot(new Uint8Array(second.board_snapshot))
    expect(getRecordsMap(secondBoard).has(NEW)).toBe(true)
    secondBoard.destroy()
    const secondMeeting = docFromSnapshot(new Uint8Array(second.meeting_snapshot))
    expect(readOutcomes(secondMeeting)).toHaveLength(3)
    secondMeeting.destroy()

    const listed = await sessions()
    expect(listed.body.current).toEqual({ number: 2, state: 'closed', startedAt: closed.body.meeting.startedAt })
    expect(listed.body.archived.map((s) => [s.number, s.hasPicture])).toEqual([
      [1, true],
      [2, false],
    ])
    expect((await outcome(board.facilitatorToken, TAX, 'done')).body.error).toBe('meeting_closed')

    // The database itself refuses to change an archived session.
    expect(() => runStatement(server.dataDir, 'UPDATE sessions SET picture_png = NULL WHERE board_id = ?', board.id)).toThrow(/never changes/)
    expect(readSessionRow(server.dataDir, board.id, 1)).toEqual(before)
  })

  it('deleting the case removes its archived sessions and their pictures too', async () => {
    expect(rowsMentioning(server.dataDir, board.id).sessions).toBe(2)
    expect((await api(server, 'DELETE', boardPath(), board.facilitatorToken)).status).toBe(204)
    expect(totalRows(rowsMentioning(server.dataDir, board.id))).toBe(0)
    if (!skipSqliteFileCheck(server.dataDir, 'deleted sessions not in the SQLite file\'s bytes (PostgreSQL: rows gone and vacuumed, docs/api.md Storage)')) {
      const files = databaseFileBytes(server.dataDir)
      expect(files.some((bytes) => bytes.includes(other.id))).toBe(true)
      for (const bytes of files) {
        expect(bytes.includes(board.id)).toBe(false)
        expect(bytes.includes(SVG_MARKER)).toBe(false)
      }
    }
    expect((await sessions()).status).toBe(404)
  })
})
