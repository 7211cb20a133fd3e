/**
 * Issue 7 against the real server process: her decision stays on the board and in the record,
 * whatever a client sends; follow-ups ask what her last decision calls for; a "thinking" action
 * needs who comes back to her; the link decides the role; the follow-up date must be confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloseRefusedError, CreateBoardResponse, MeetingResponse } from '../../shared/protocol'
import { getRecordsMap } from '../../shared/ydoc/layout'
import { readMeetingInfo, readRemovals } from '../../shared/ydoc/meetingDoc'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import {
  api,
  cardProps,
  changeCardProps,
  openSyncedRawEditor,
  putActionCard,
  putAgencyCard,
  putRecord,
  putResidentCard,
  readStoredDoc,
  recordDecision,
  registerParticipant,
  startFollowUp,
  recordOutcome,
} from '../helpers/meetingFixtures'
import { connectClient, createBoard, expectLogsClean, rememberContent, waitFor, type Client } from './support'

let server: ServerProcess
const clients: Client[] = []

const COACH = 'shape:budgetcoach'
const LAWYER = 'shape:advocaat'
const WORK = 'shape:werk'
const AGENCY = 'shape:budgetbeheer'
const REFUSAL = rememberContent('Mijn man wil geen controle thuis')

async function join(room: string, token: string): Promise<Client> {
  const client = await connectClient(server, room, token)
  clients.push(client)
  return client
}

beforeAll(async () => {
  // The machine's clock in UTC: the record must still read Dutch local time.
  server = await startServer({ env: { TZ: 'UTC' } })
})

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  expectLogsClean()
  await cleanupServers()
})

/** A board with Ansaj's three actions, the facilitator Femke and Joost by the participant link. */
async function meeting(): Promise<{ board: CreateBoardResponse; facilitator: Client; watcher: Client }> {
  const board = await createBoard(server)
  const facilitator = await join(board.id, board.facilitatorToken)
  putRecord(facilitator.doc, { id: 'page:page', typeName: 'page', name: 'Pagina 1', index: 'a1', meta: {} })
  putResidentCard(facilitator.doc, 'shape:bewoner', { name: rememberContent('Ansaj Stemtest') })
  putAgencyCard(facilitator.doc, AGENCY, { person: rememberContent('Henk Budget'), organisation: 'Budgetbeheer Noord', contact: '06-12345678' })
  putActionCard(facilitator.doc, COACH, { what: 'Budgetcoach inzetten', ownerKind: 'agency', ownerId: AGENCY, ownerPerson: 'Henk Budget', dueDate: '2026-12-14' }, 300)
  putActionCard(facilitator.doc, LAWYER, { what: 'Advocaat zoeken', ownerKind: 'participant', ownerId: 'u-joost', dueDate: '2026-12-21' }, 600)
  putActionCard(facilitator.doc, WORK, { what: 'Werk voor haar man uitzoeken' }, 900)
  const watcher = await join(board.id, board.residentToken)
  await waitFor(() => cardProps(watcher.doc, WORK) !== undefined, 'cards on the server')
  expect((await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-f', name: 'Femke', role: 'gespreksleider' })).status).toBe(200)
  expect((await registerParticipant(server, board.id, board.participantToken, { userId: 'u-joost', name: 'Joost', role: 'vrijwilliger' })).status).toBe(200)
  return { board, facilitator, watcher }
}

const decide = (board: CreateBoardResponse, actionId: string, decision: string, residentWords = '') =>
  recordDecision(server, board.id, board.facilitatorToken, { actionId, decision, residentWords, recordedBy: { userId: 'u-f' } })
const close = (board: CreateBoardResponse) => api<CloseRefusedError & MeetingResponse>(server, 'POST', `/api/boards/${board.id}/close`, board.facilitatorToken)
const confirmFollowUp = (board: CreateBoardResponse, followUpDate: string) =>
  api<MeetingResponse>(server, 'PATCH', `/api/boards/${board.id}/meeting`, board.facilitatorToken, { followUpDate })

describe('a decided action stays on the board', () => {
  it("a participant's raw update deleting it is answered by the server writing it back, to everyone", async () => {
    const { board, watcher } = await meeting()
    expect((await decide(board, COACH, 'declined', REFUSAL)).status).toBe(201)

    const raw = await openSyncedRawEditor(server, board.id, board.participantToken, watcher.doc)
    expect(getRecordsMap(raw.doc).has(COACH)).toBe(true)
    raw.edit((doc) => {
      getRecordsMap(doc).delete(COACH)
      getRecordsMap(doc).delete(LAWYER) // not decided: this one goes
    })
    await raw.barrier()
    // The sender gets the compensating update too.
    await waitFor(() => getRecordsMap(raw.doc).has(COACH), 'the card is back on the sender')
    expect(getRecordsMap(raw.doc).has(LAWYER)).toBe(false)
    raw.ws.close()

    const fresh = await join(board.id, board.participantToken)
    await waitFor(() => cardProps(fresh.doc, WORK) !== undefined, 'a fresh client synced')
    expect(cardProps(fresh.doc, COACH)?.what).toBe('Budgetcoach inzetten')
    expect(cardProps(fresh.doc, LAWYER)).toBeUndefined()
    expect(server.events().some((e) => e.event === 'decided_card_restored' && e.access === 'participant')).toBe(true)
    // And it is on disk that way.
    expect(getRecordsMap(readStoredDoc(server.dataDir, board.id, 'board')).has(COACH)).toBe(true)
  })

  it('an overwrite, a type change or a page deletion by a participant is undone as well', async () => {
    const { board, watcher } = await meeting()
    await decide(board, COACH, 'declined', REFUSAL)
    const raw = await openSyncedRawEditor(server, board.id, board.participantToken, watcher.doc)
    raw.edit((doc) => getRecordsMap(doc).get(COACH)!.set('type', 'geo'))
    raw.edit((doc) => getRecordsMap(doc).delete('page:page'))
    await raw.barrier()
    await waitFor(() => getRecordsMap(raw.doc).get(COACH)?.get('type') === 'action' && getRecordsMap(raw.doc).has('page:page'), 'type and page back')
    raw.ws.close()
  })

  it("the facilitator's removal lands; the server notes who and when; put back restores it; nobody else may put back", async () => {
    const { board, facilitator } = await meeting()
    await decide(board, COACH, 'declined', REFUSAL)
    const meetingDoc = await join(`${board.id}/meeting`, board.participantToken)
    facilitator.doc.transact(() => getRecordsMap(facilitator.doc).delete(COACH))
    await waitFor(() => readRemovals(meetingDoc.doc).length === 1, 'the removal is noted')
    const [removal] = readRemovals(meetingDoc.doc)
    expect(removal).toMatchObject({ actionId: COACH, removedBy: { role: 'gespreksleider' }, sessionNumber: 1 })
    expect((removal.card as { props: { what: string } }).props.what).toBe('Budgetcoach inzetten')
    expect(getRecordsMap(facilitator.doc).has(COACH)).toBe(false)

    const other = await api(server, 'POST', `/api/boards/${board.id}/restore-action`, board.participantToken, { actionId: COACH })
    expect(other.status).toBe(403)
    const back = await api(server, 'POST', `/api/boards/${board.id}/restore-action`, board.facilitatorToken, { actionId: COACH })
    expect(back.status).toBe(204)
    await waitFor(() => getRecordsMap(facilitator.doc).has(COACH), 'put back on the board')
    const again = await api(server, 'POST', `/api/boards/${board.id}/restore-action`, board.facilitatorToken, { actionId: COACH })
    expect(again.status).toBe(404)
  })
})

describe('closing', () => {
  it('a "thinking" action without who and when blocks the close; the proposed follow-up date must be confirmed', async () => {
    const { board, facilitator } = await meeting()
    await decide(board, COACH, 'declined', REFUSAL)
    await decide(board, LAWYER, 'agreed')
    await decide(board, WORK, 'thinking', 'Daar wil ik over nadenken')
    const refused = await close(board)
    expect(refused.status).toBe(409)
    expect(refused.body.problems.map((p) => p.code)).toEqual(['thinkingActionWithoutOwner', 'thinkingActionWithoutDueDate', 'followUpDateNotConfirmed'])

    // Who comes back to her, and when, may be settled after she said she wants to think.
    changeCardProps(facilitator.doc, WORK, { ownerKind: 'participant', ownerId: 'u-f', dueDate: '2026-12-10' })
    await waitFor(async () => (await close(board)).body.problems?.length === 1, 'owner and date arrived')
    expect((await close(board)).body.problems.map((p) => p.code)).toEqual(['followUpDateNotConfirmed'])
    const confirmed = await confirmFollowUp(board, '2027-01-04')
    expect(confirmed.body.meeting).toMatchObject({ followUpDate: '2027-01-04', followUpConfirmed: true })
    expect((await close(board)).status).toBe(200)
  })
})

describe('the link decides the role', () => {
  it('the facilitator link is the gespreksleider and the resident link the bewoner, whatever was typed', async () => {
    const board = await createBoard(server)
    const slip = await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-slip', name: 'Femke', role: 'vrijwilliger' })
    expect(slip.status).toBe(200)
    expect((slip.body as { participant: { role: string } }).participant.role).toBe('gespreksleider')
    const her = await registerParticipant(server, board.id, board.residentToken, { userId: 'u-her', name: 'Ansaj', role: 'netwerk' })
    expect((her.body as { participant: { role: string } }).participant.role).toBe('bewoner')
    const claim = await registerParticipant(server, board.id, board.participantToken, { userId: 'u-claim', name: 'X', role: 'gespreksleider' })
    expect(claim.status).toBe(400)
    expect((claim.body as { error: string }).error).toBe('role_needs_link')
  })
})

describe('a follow-up asks what her last decision calls for', () => {
  it('an outcome only for what she agreed to; a new decision for what she wanted to think about; nothing for what she declined', async () => {
    const { board, facilitator } = await meeting()
    changeCardProps(facilitator.doc, WORK, { ownerKind: 'participant', ownerId: 'u-f', dueDate: '2026-12-10' })
    const serverSide = await join(board.id, board.participantToken)
    await waitFor(() => cardProps(serverSide.doc, WORK)?.ownerId === 'u-f', 'owner on the server')
    await decide(board, COACH, 'declined', REFUSAL)
    await decide(board, LAWYER, 'agreed')
    await decide(board, WORK, 'thinking')
    await confirmFollowUp(board, '2027-01-04')
    expect((await close(board)).status).toBe(200)
    const next = await startFollowUp<MeetingResponse>(server, board.id, board.facilitatorToken)
    expect(next.status).toBe(200)
    expect(next.body.meeting).toMatchObject({ sessionNumber: 2, followUpConfirmed: false, timeZone: 'Europe/Amsterdam' })

    const outcome = (actionId: string) =>
      recordOutcome(server, board.id, board.facilitatorToken, { actionId, outcome: 'notDone', residentWords: '', recordedBy: { userId: 'u-f' } })
    expect((await outcome(COACH)).status).toBe(409)
    expect(((await outcome(COACH)).body as { error: string }).error).toBe('outcome_not_asked')
    expect((await outcome(WORK)).status).toBe(409)
    expect((await outcome(LAWYER)).status).toBe(201)
    expect((await decide(board, LAWYER, 'declined')).status).toBe(409)
    expect((await decide(board, WORK, 'agreed', 'Ja, nu wel')).status).toBe(201)

    await confirmFollowUp(board, '2027-02-01')
    const closed = await close(board)
    expect(closed.body.problems ?? []).toEqual([])
    expect(closed.status).toBe(200)
    expect(readMeetingInfo(readStoredDoc(server.dataDir, board.id, 'meeting')).state).toBe('closed')
  })
})
