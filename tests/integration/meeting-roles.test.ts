import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, ApiInvalidError, BoardInfoResponse, CreateBoardResponse, DecisionResponse, MeetingResponse, ParticipantResponse } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import { api, cardProps, putActionCard, putResidentCard, recordDecision, registerParticipant } from '../helpers/meetingFixtures'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, health, rememberContent, rememberSecret, waitFor } from './support'

let server: ServerProcess
let board: CreateBoardResponse
let facilitatorClient: Client
let observer: Client
const ACTION = 'shape:budgetcoach'
const RESIDENT_NAME = rememberContent('Ansaj Residentname')
const WORDS = rememberContent('Mijn man wil niemand thuis die kijkt wat we kopen')
const TEACH_BACK = rememberContent('Geen budgetcoach aan huis, ik zeg het zelf terug')

const people = {
  facilitator: { userId: 'u-facilitator', name: rememberContent('Femke Gespreksleider'), role: 'gespreksleider' },
  professional: { userId: 'u-professional', name: rememberContent('Pieter Schuldhulp'), role: 'professional', organisation: 'Schuldhulp' },
  resident: { userId: 'u-resident', name: RESIDENT_NAME, role: 'bewoner' },
}

beforeAll(async () => {
  server = await startServer()
  board = await createBoard(server)
  facilitatorClient = await connectClient(server, board.id, board.facilitatorToken)
  observer = await connectClient(server, board.id, board.participantToken)
  putResidentCard(facilitatorClient.doc, 'shape:resident', { name: RESIDENT_NAME })
  putActionCard(facilitatorClient.doc, ACTION, { what: 'Budgetcoach bespreken' })
  await waitFor(() => cardProps(observer.doc, ACTION) !== undefined, 'the cards reached the server')
  expect((await registerParticipant(server, board.id, board.facilitatorToken, people.facilitator)).status).toBe(200)
  expect((await registerParticipant(server, board.id, board.participantToken, people.professional)).status).toBe(200)
  expect((await registerParticipant(server, board.id, board.residentToken, people.resident)).status).toBe(200)
})

afterAll(async () => {
  facilitatorClient?.destroy()
  observer?.destroy()
  expectLogsClean()
  await cleanupServers()
})

const path = (suffix = '') => `/api/boards/${board.id}${suffix}`

function decisionBody(recordedBy: string, decision = 'declined') {
  return { actionId: ACTION, decision, residentWords: WORDS, teachBack: TEACH_BACK, recordedBy: { userId: recordedBy } }
}

async function meetingInfo() {
  const info = await api<BoardInfoResponse>(server, 'GET', path(), board.facilitatorToken)
  expect(info.status).toBe(200)
  return info.body.meeting
}

describe('roles enforced by the server', () => {
  it('gives the resident link its own access and a meeting in the board info', async () => {
    const asResident = await api<BoardInfoResponse>(server, 'GET', path(), board.residentToken)
    expect(asResident.status).toBe(200)
    expect(asResident.body.access).toBe('resident')
    expect(asResident.body.meeting).toMatchObject({ state: 'open', residentMayDecide: false, closedAt: null })
    expect(asResident.body.meeting.startedAt).toBe(asResident.body.createdAt)
    expect(new URL(board.residentUrl).hash).toBe(`#r=${board.residentToken}`)
  })

  it('refuses facilitator-only calls to participant and resident tokens with 403 and the reason', async () => {
    const calls: Array<[string, string, unknown?]> = [
      ['POST', path('/close')],
      ['POST', path('/lock')],
      ['POST', path('/unlock')],
      ['DELETE', path()],
      ['PATCH', path('/meeting'), { residentMayDecide: true }],
    ]
    for (const token of [board.participantToken, board.residentToken]) {
      for (const [method, url, body] of calls) {
        const answer = await api<ApiError>(server, method, url, token, body)
        expect(answer.status, `${method} ${url}`).toBe(403)
        expect(answer.body.error).toBe('forbidden')
        expect(answer.body.reason).toBe('facilitatorOnly')
      }
    }
    const decision = await recordDecision(server, board.id, board.participantToken, decisionBody(people.professional.userId))
    expect(decision.status).toBe(403)
    expect(decision.body.reason).toBe('facilitatorOnly')

    // Nothing happened.
    expect(await meetingInfo()).toMatchObject({ state: 'open', residentMayDecide: false })
    expect((await api(server, 'GET', path(), board.participantToken)).status).toBe(200)
    expect(server.events().filter((e) => e.event === 'request_forbidden').length).toBeGreaterThanOrEqual(11)
  })

  it('lets every token register a participant and keeps the first join time', async () => {
    const first = await registerParticipant(server, board.id, board.participantToken, { userId: 'u-tolk', name: 'Tolk', role: 'tolk' })
    expect(first.status).toBe(200)
    const joined = (first.body as unknown as ParticipantResponse).participant
    expect(joined).toMatchObject({ userId: 'u-tolk', name: 'Tolk', role: 'tolk', organisation: '', atTable: true })
    const again = await registerParticipant(server, board.id, board.participantToken, {
      userId: 'u-tolk', name: 'Tolk Arabisch', role: 'tolk', atTable: false,
    })
    const updated = (again.body as unknown as ParticipantResponse).participant
    expect(updated).toMatchObject({ name: 'Tolk Arabisch', atTable: false, joinedAt: joined.joinedAt })
  })

  it('lets the resident record a decision only after the facilitator allowed it', async () => {
    const before = await recordDecision(server, board.id, board.residentToken, decisionBody(people.resident.userId))
    expect(before.status).toBe(403)
    expect(before.body.error).toBe('forbidden')
    expect(before.body.reason).toBe('residentNotAllowed')

    const allowed = await api<MeetingResponse>(server, 'PATCH', path('/meeting'), board.facilitatorToken, { residentMayDecide: true })
    expect(allowed.status).toBe(200)
    expect(allowed.body.meeting.residentMayDecide).toBe(true)

    const own = await recordDecision(server, board.id, board.residentToken, decisionBody(people.resident.userId))
    expect(own.status).toBe(201)
    const entry = (own.body as unknown as DecisionResponse).decision
    expect(entry).toMatchObject({
      actionId: ACTION,
      decision: 'declined',
      residentWords: WORDS,
      teachBack: TEACH_BACK,
      recordedBy: { userId: people.resident.userId, name: RESIDENT_NAME, role: 'bewoner' },
      residentName: RESIDENT_NAME,
    })
    expect(Number.isNaN(Date.parse(entry.at))).toBe(false)

    const withdrawn = await api<MeetingResponse>(server, 'PATCH', path('/meeting'), board.facilitatorToken, { residentMayDecide: false })
    expect(withdrawn.body.meeting.residentMayDecide).toBe(false)
    const after = await recordDecision(server, board.id, board.residentToken, decisionBody(people.resident.userId, 'agreed'))
    expect(after.status).toBe(403)

    // The facilitator always may.
    const byFacilitator = await recordDecision(server, board.id, board.facilitatorToken, decisionBody(people.facilitator.userId, 'thinking'))
    expect(byFacilitator.status).toBe(201)
    expect((byFacilitator.body as unknown as DecisionResponse).decision.recordedBy).toEqual({
      userId: people.facilitator.userId, name: people.facilitator.name, role: 'gespreksleider',
    })
  })

  it('refuses decisions on unknown actions (404) and by people who did not register (400)', async () => {
    const unknownAction = await recordDecision(server, board.id, board.facilitatorToken, {
      ...decisionBody(people.facilitator.userId), actionId: 'shape:nope',
    })
    expect(unknownAction.status).toBe(404)
    expect(unknownAction.body.error).toBe('unknown_action')
    // A card that is not an action is not an action either.
    const notAnAction = await recordDecision(server, board.id, board.facilitatorToken, {
      ...decisionBody(people.facilitator.userId), actionId: 'shape:resident',
    })
    expect(notAnAction.status).toBe(404)

    const stranger = await recordDecision(server, board.id, board.facilitatorToken, decisionBody('u-stranger'))
    expect(stranger.status).toBe(400)
    expect(stranger.body.error).toBe('unknown_participant')
    expect(String(stranger.body.message).length).toBeGreaterThan(0)
  })

  it('answers 404 for an unknown board and 401 for a wrong token on every new endpoint', async () => {
    const other = await createBoard(server)
    const unknown = 'Z'.repeat(22)
    rememberSecret('Q'.repeat(43))
    const endpoints: Array<[string, string]> = [
      ['POST', '/participants'], ['POST', '/decisions'], ['PATCH', '/meeting'],
      ['POST', '/lock'], ['POST', '/unlock'], ['POST', '/close'], ['DELETE', ''],
    ]
    for (const [method, suffix] of endpoints) {
      const missing = await api<ApiError>(server, method, `/api/boards/${unknown}${suffix}`, 'Q'.repeat(43), {})
      expect(missing.status, `${method} ${suffix}`).toBe(404)
      expect(missing.body.error).toBe('unknown_board')
      for (const token of [null, other.facilitatorToken, 'Q'.repeat(43)]) {
        const wrong = await api<ApiError>(server, method, path(suffix), token, {})
        expect(wrong.status, `${method} ${suffix}`).toBe(401)
        expect(wrong.body.error).toBe('unauthorized')
      }
    }
    const wrongMethod = await api<ApiError>(server, 'GET', path('/close'), board.facilitatorToken)
    expect(wrongMethod.status).toBe(405)
  })

  it('answers bad input to each new endpoint with 400 and its reason, and stays up', async () => {
    const bodies = ['{"userId": ', 'niet eens json', '', '[1,2', '\u0000']
    const endpoints: Array<[string, string]> = [['POST', '/participants'], ['POST', '/decisions'], ['PATCH', '/meeting']]
    for (const [method, suffix] of endpoints) {
      for (const body of bodies) {
        const answer = await api<ApiError>(server, method, path(suffix), board.facilitatorToken, body)
        expect(answer.status, `${suffix} ${JSON.stringify(body)}`).toBe(400)
        expect(answer.body.error).toBe('bad_json')
        expect(answer.body.reason).toBe('badJson')
      }
    }
    const invalid: Array<[string, string, unknown]> = [
      ['POST', '/participants', { userId: 'u-x', name: '', role: 'koning', atTable: 'ja' }],
      ['POST', '/participants', [1, 2, 3]],
      ['POST', '/participants', { userId: 'u-x', name: 'x'.repeat(61), role: 'netwerk', atTable: true }],
      ['POST', '/decisions', { actionId: 'geen-kaart', decision: 'misschien', recordedBy: { userId: people.facilitator.userId } }],
      ['POST', '/decisions', { actionId: ACTION, decision: 'agreed' }],
      ['POST', '/decisions', { actionId: ACTION, decision: 'agreed', residentWords: 'x'.repeat(2001), recordedBy: { userId: 'u-facilitator' } }],
      ['PATCH', '/meeting', { followUpDate: '31-12-2026' }],
      ['PATCH', '/meeting', { followUpDate: '2026-02-30', residentMayDecide: 'ja' }],
      ['PATCH', '/meeting', 'null'],
    ]
    for (const [method, suffix, body] of invalid) {
      const answer = await api<ApiInvalidError>(server, method, path(suffix), board.facilitatorToken, body)
      expect(answer.status, `${suffix} ${JSON.stringify(body)}`).toBe(400)
      expect(answer.body.error).toBe('invalid')
      expect(answer.body.reason).toBe('invalid')
      expect(answer.body.errors.length).toBeGreaterThan(0)
      expect(answer.body.fieldErrors.length).toBe(answer.body.errors.length)
    }
    const tooBig = await api<ApiError>(server, 'POST', path('/participants'), board.facilitatorToken, { name: 'x'.repeat(70_000) })
    expect(tooBig.status).toBe(413)

    expect((await health(server)).ok).toBe(true)
    expect(await meetingInfo()).toMatchObject({ state: 'open' })
  })

  it('logs the new calls without tokens, names or the resident\'s words', () => {
    const events = server.events()
    const names = events.map((e) => e.event)
    expect(names).toContain('participant_joined')
    expect(names).toContain('decision_recorded')
    expect(names).toContain('meeting_settings_changed')
    for (const event of events.filter((e) => e.event === 'decision_recorded')) {
      expect(Object.keys(event).sort()).toEqual(['access', 'board', 'event', 'level', 'time'])
    }
    // Content and tokens: checked on every line by expectLogsClean() after the file.
  })
})
