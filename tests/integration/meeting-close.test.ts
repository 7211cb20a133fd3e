import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloseRefusedError, CreateBoardResponse, MeetingResponse } from '../../shared/protocol'
import { decisionsArray, meetingMap, participantsMap, readDecisions, readMeetingInfo } from '../../shared/ydoc/meetingDoc'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import {
  api,
  cardProps,
  changeCardProps,
  openRawEditor,
  putActionCard,
  putAgencyCard,
  putResidentCard,
  readStoredDoc,
  confirmFollowUpDate,
  recordDecision,
  registerParticipant,
} from '../helpers/meetingFixtures'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, rememberContent, waitFor } from './support'

let server: ServerProcess
let board: CreateBoardResponse
let facilitator: Client
let observer: Client
const clients: Client[] = []

const TAX = 'shape:belasting'
const COACH = 'shape:budgetcoach'
const AGENCY = 'shape:gemeente'

async function join(room: string, token: string): Promise<Client> {
  const client = await connectClient(server, room, token)
  clients.push(client)
  return client
}

beforeAll(async () => {
  server = await startServer()
  board = await createBoard(server)
  facilitator = await join(board.id, board.facilitatorToken)
  observer = await join(board.id, board.participantToken)
  putResidentCard(facilitator.doc, 'shape:bewoner', { name: rememberContent('Ansaj Closetest') })
  putAgencyCard(facilitator.doc, AGENCY, { person: rememberContent('Marieke Loket'), organisation: 'Gemeente', office: 'Werk & Inkomen' })
  putActionCard(facilitator.doc, TAX, { what: 'Belastingaanslag samen nakijken' }, 300)
  putActionCard(facilitator.doc, COACH, { what: 'Budgetcoach' }, 600)
  await waitFor(() => cardProps(observer.doc, COACH) !== undefined, 'cards on the server')
  await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-f', name: 'Femke', role: 'gespreksleider' })
})

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  expectLogsClean()
  await cleanupServers()
})

const close = () => api<CloseRefusedError & MeetingResponse>(server, 'POST', `/api/boards/${board.id}/close`, board.facilitatorToken)
const decide = (actionId: string, decision: string, residentWords = '') =>
  recordDecision(server, board.id, board.facilitatorToken, { actionId, decision, residentWords, recordedBy: { userId: 'u-f' } })

describe('the meeting document', () => {
  it('refuses every client write: nothing reaches another client or storage', async () => {
    const reader = await join(`${board.id}/meeting`, board.participantToken)
    const writer = await join(`${board.id}/meeting`, board.facilitatorToken)
    await waitFor(() => readMeetingInfo(reader.doc).state === 'open' && participantsMap(reader.doc).has('u-f'), 'meeting state synced')

    // A stock client (even the facilitator's) writing what only the server may write.
    writer.doc.transact(() => {
      meetingMap(writer.doc).set('state', 'closed')
      decisionsArray(writer.doc).push([{ actionId: TAX, decision: 'agreed' } as never])
    })
    await waitFor(
      () => server.events().some((e) => e.event === 'update_dropped' && e.doc === 'meeting' && e.reason === 'read_only'),
      'the server dropped it',
    )
    const raw = await openRawEditor(server, `${board.id}/meeting`, board.residentToken)
    raw.edit((doc) => participantsMap(doc).set('u-fake', { userId: 'u-fake' } as never))
    await raw.barrier()
    raw.ws.close()

    // The server's own write still arrives, after the refused ones.
    await registerParticipant(server, board.id, board.participantToken, { userId: 'u-p', name: 'Pieter', role: 'professional' })
    await waitFor(() => participantsMap(reader.doc).has('u-p'), 'server writes reach readers')
    expect(readMeetingInfo(reader.doc).state).toBe('open')
    expect(readDecisions(reader.doc)).toEqual([])
    expect(participantsMap(reader.doc).has('u-fake')).toBe(false)

    const stored = readStoredDoc(server.dataDir, board.id, 'meeting')
    expect(readMeetingInfo(stored).state).toBe('open')
    expect(readDecisions(stored)).toEqual([])
    expect(participantsMap(stored).has('u-fake')).toBe(false)
    expect(participantsMap(stored).has('u-p')).toBe(true)
    stored.destroy()
  })
})

describe('closing', () => {
  it('is refused while an action has no decision, naming that action', async () => {
    expect((await decide(COACH, 'declined', rememberContent('Geen coach aan huis'))).status).toBe(201)
    const refused = await close()
    expect(refused.status).toBe(409)
    expect(refused.body.error).toBe('close_refused')
    expect(refused.body.reason).toBe('closeRefused')
    expect(refused.body.problems).toEqual([
      { code: 'actionWithoutDecision', itemId: TAX, itemLabel: 'Belastingaanslag samen nakijken' },
      // The date is pre-filled four weeks ahead; until the facilitator confirms it, it is a proposal.
      { code: 'followUpDateNotConfirmed' },
    ])
    const logged = server.events().filter((e) => e.event === 'close_refused')
    expect(logged.at(-1)).toMatchObject({ problems: 2 })
  })

  it('keeps every decision, in order: history is append-only', async () => {
    expect((await decide(TAX, 'thinking', rememberContent('Daar wil ik over nadenken'))).status).toBe(201)
    expect((await decide(TAX, 'declined')).status).toBe(201)
    expect((await decide(TAX, 'agreed', rememberContent('Ja, samen met mijn dochter'))).status).toBe(201)
    const reader = await join(`${board.id}/meeting`, board.residentToken)
    await waitFor(() => readDecisions(reader.doc).length === 4, 'all decisions synced')
    expect(readDecisions(reader.doc).map((d) => [d.actionId, d.decision])).toEqual([
      [COACH, 'declined'],
      [TAX, 'thinking'],
      [TAX, 'declined'],
      [TAX, 'agreed'],
    ])
    const stored = readStoredDoc(server.dataDir, board.id, 'meeting')
    expect(readDecisions(stored)).toEqual(readDecisions(reader.doc))
    stored.destroy()
  })

  it('is refused while an agreed action has no owner or due date', async () => {
    const refused = await close()
    expect(refused.status).toBe(409)
    expect(refused.body.problems.map((p) => [p.code, p.itemId])).toEqual([
      ['agreedActionWithoutOwner', TAX],
      ['agreedActionWithoutDueDate', TAX],
      ['followUpDateNotConfirmed', undefined],
    ])
  })

  it('closes once every rule is met, checked on the server\'s own documents', async () => {
    changeCardProps(facilitator.doc, TAX, { ownerKind: 'agency', ownerId: AGENCY, dueDate: '2026-04-01' })
    await waitFor(() => cardProps(observer.doc, TAX)?.dueDate === '2026-04-01', 'owner and due date on the server')
    // Who and when changed after she agreed: the server asks for her decision again.
    const outdated = await close()
    expect(outdated.status).toBe(409)
    expect(outdated.body.problems.map((p: { code: string }) => p.code)).toEqual(['decisionOutdated', 'followUpDateNotConfirmed'])
    await confirmFollowUpDate(server, board.id, board.facilitatorToken)
    expect((await decide(TAX, 'agreed', rememberContent('Ja, met de gemeente, voor 1 april'))).status).toBe(201)
    const meetingReader = await join(`${board.id}/meeting`, board.participantToken)
    const closed = await close()
    expect(closed.status).toBe(200)
    expect(closed.body.meeting).toMatchObject({ state: 'closed', residentMayDecide: false })
    expect(closed.body.meeting.closedAt).not.toBeNull()
    await waitFor(() => readMeetingInfo(meetingReader.doc).state === 'closed', 'clients see the meeting closed')
    expect(server.events().some((e) => e.event === 'meeting_closed')).toBe(true)

    const again = await close()
    expect(again.status).toBe(409)
    expect(again.body.error).toBe('meeting_closed')
  })

  it('loads the documents itself when nobody is connected', async () => {
    const quiet = await createBoard(server)
    // No client ever connected: an empty board has nothing open except the default follow-up date.
    const cleared = await api<MeetingResponse>(server, 'PATCH', `/api/boards/${quiet.id}/meeting`, quiet.facilitatorToken, { followUpDate: '' })
    expect(cleared.body.meeting.followUpDate).toBe('')
    const refused = await api<CloseRefusedError>(server, 'POST', `/api/boards/${quiet.id}/close`, quiet.facilitatorToken)
    expect(refused.status).toBe(409)
    expect(refused.body.problems).toEqual([{ code: 'followUpDateMissing' }])
    await api(server, 'PATCH', `/api/boards/${quiet.id}/meeting`, quiet.facilitatorToken, { followUpDate: '2026-06-01' })
    const closed = await api<MeetingResponse>(server, 'POST', `/api/boards/${quiet.id}/close`, quiet.facilitatorToken)
    expect(closed.status).toBe(200)
    expect(closed.body.meeting).toMatchObject({ state: 'closed', followUpDate: '2026-06-01' })
  })
})
