/**
 * Members by account (issue 12) against the real server process, signed in through a real
 * OpenID Connect provider (tests/helpers/oidcProvider.ts, tests/helpers/signIn.ts): a
 * professional who opens a case with the participant link while signed in becomes a member and
 * opens it by account from then on; the facilitator sees them (`GET …/members`: name,
 * organisation, an opaque id) and takes the access away (`DELETE …/members/:member`): their
 * socket by account closes with 4401 at once, the session alone opens nothing any more — and the
 * participant link still does what a link does. With sign-in off the routes answer 404
 * `sign_in_off`. Runs on SQLite and (project `integration-postgres`) on PostgreSQL.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ApiError, AuditResponse, BoardInfoResponse, MembersResponse } from '../../shared/protocol'
import { CloseCode } from '../../shared/protocol'
import type { TestOidcProvider } from '../helpers/oidcProvider'
import { cleanupServers, type ServerProcess, startServer } from '../helpers/serverProcess'
import { ANNA, BERT, startSignInServer } from '../helpers/signIn'
import { type CallOptions, callApi, createCaseByAccount, signInAs } from './caseApi'
import { expectLogsClean, rememberSecret } from './support'

let provider: TestOidcProvider
let server: ServerProcess

beforeAll(async () => {
  ;({ server, provider } = await startSignInServer({ accounts: [ANNA, BERT] }))
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
  await provider?.close()
})

const call = <T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}) => callApi<T>(server, method, path, options)
const signIn = (login: string) => signInAs(server, login)
const createByAccount = (cookie: string) => createCaseByAccount(server, cookie)

/** A websocket as the browser opens it with the session cookie; resolves `spoken` once authenticated (sync step 1). */
function sessionSocket(room: string, cookie: string, token?: string) {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`
  const ws = new WebSocket(`${server.wsUrl}/sync/${room}${query}`, { headers: { cookie, origin: server.baseUrl } })
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  const spoken = new Promise((resolve) => ws.once('message', resolve))
  return { ws, closed, spoken }
}

const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))])

describe('members by account', () => {
  it('lists who opened the case by participant link while signed in, and takes that access away', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const bert = await signIn('bert')

    // Nobody yet; the session alone opens nothing for Bert.
    expect((await call<MembersResponse>('GET', `/api/boards/${board.id}/members`, { cookie: anna })).body).toEqual({ members: [] })
    expect((await call('GET', `/api/boards/${board.id}`, { cookie: bert })).status).toBe(401)

    // Bert opens the participant link while signed in: a member from now on.
    const opened = await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: bert, token: board.participantToken })
    expect(opened.body.access).toBe('participant')
    const listed = await call<MembersResponse>('GET', `/api/boards/${board.id}/members`, { cookie: anna })
    expect(listed.status).toBe(200)
    expect(listed.body.members).toHaveLength(1)
    const [member] = listed.body.members
    // An opaque id: the first 16 hex of SHA-256 of issuer|subject, never the subject itself.
    const expectedId = createHash('sha256').update(`${provider.issuer}|${BERT.sub}`).digest('hex').slice(0, 16)
    expect(member).toEqual({ id: expectedId, name: BERT.name, organisation: BERT.organisation, firstSeenAt: expect.any(String), lastSeenAt: expect.any(String) })
    expect(JSON.stringify(listed.body)).not.toContain(BERT.sub)
    expect(Date.parse(member.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(member.firstSeenAt))

    // Only a facilitator sees or changes the list.
    const asParticipant = await call<ApiError>('GET', `/api/boards/${board.id}/members`, { cookie: bert, token: board.participantToken })
    expect(asParticipant.status).toBe(403)
    expect(asParticipant.body.error).toBe('forbidden')
    expect((await call('DELETE', `/api/boards/${board.id}/members/${member.id}`, { cookie: bert })).status).toBe(403)

    // Bert by account (no link) on both documents, and once more with the link in hand.
    const byAccount = sessionSocket(board.id, bert)
    const meetingByAccount = sessionSocket(`${board.id}/meeting`, bert)
    const byLink = sessionSocket(board.id, bert, board.participantToken)
    await Promise.all([byAccount.spoken, meetingByAccount.spoken, byLink.spoken])
    expect((await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: bert })).body.access).toBe('participant')

    // An id the case does not have.
    const unknown = await call<ApiError>('DELETE', `/api/boards/${board.id}/members/0000000000000000`, { cookie: anna })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toBe('unknown_member')

    const removed = await call<MembersResponse>('DELETE', `/api/boards/${board.id}/members/${member.id}`, { cookie: anna })
    expect(removed.status).toBe(200)
    expect(removed.body).toEqual({ members: [] })
    // His sockets by account close at once with 4401; the one opened with the link is the link's right, and stays.
    for (const socket of [byAccount, meetingByAccount]) {
      expect(await within(socket.closed, 5_000)).toEqual({ code: CloseCode.unauthorized, reason: 'right removed' })
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(byLink.ws.readyState).toBe(WebSocket.OPEN)
    byLink.ws.close()
    // By account alone: nothing any more (HTTP and websocket).
    const refused = await call<ApiError>('GET', `/api/boards/${board.id}`, { cookie: bert })
    expect(refused.status).toBe(401)
    expect(refused.body.error).toBe('unauthorized')
    expect((await within(sessionSocket(board.id, bert).closed, 5_000))?.code).toBe(CloseCode.unauthorized)
    // Removing again: he is gone.
    expect((await call<ApiError>('DELETE', `/api/boards/${board.id}/members/${member.id}`, { cookie: anna })).body.error).toBe('unknown_member')

    // Both acts are in the access log, by Anna's account.
    const log = await call<AuditResponse>('GET', `/api/boards/${board.id}/audit`, { cookie: anna })
    const acts = log.body.entries.filter((e) => e.action === 'command.members' || e.action === 'command.removeMember')
    expect(acts.filter((e) => e.result === 'ok').map((e) => [e.action, e.actor.name])).toEqual([
      ['command.members', ANNA.name],
      ['command.members', ANNA.name],
      ['command.removeMember', ANNA.name],
    ])
    expect(acts.filter((e) => e.result === 'refused').map((e) => [e.action, e.reason])).toEqual(
      expect.arrayContaining([
        ['command.members', 'facilitatorOnly'],
        ['command.removeMember', 'unknownMember'],
      ]),
    )

    // The participant link keeps its right: opening with it makes him a member again.
    expect((await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: bert, token: board.participantToken })).body.access).toBe('participant')
    const again = await call<MembersResponse>('GET', `/api/boards/${board.id}/members`, { cookie: anna })
    expect(again.body.members.map((m) => [m.id, m.name])).toEqual([[member.id, BERT.name]])
  })

  it('does not make a member of someone who opens the resident link', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const bert = await signIn('bert')
    expect((await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: bert, token: board.residentToken })).body.access).toBe('resident')
    expect((await call<MembersResponse>('GET', `/api/boards/${board.id}/members`, { cookie: anna })).body).toEqual({ members: [] })
  })
})

describe('with sign-in off', () => {
  it('answers the members routes with 404 sign_in_off', async () => {
    const plain = await startServer()
    const created = await fetch(`${plain.baseUrl}/api/boards`, { method: 'POST' })
    expect(created.status).toBe(201)
    const board = (await created.json()) as { id: string; facilitatorToken: string; participantToken: string; residentToken: string }
    for (const token of [board.facilitatorToken, board.participantToken, board.residentToken]) rememberSecret(token)
    const auth = { authorization: `Bearer ${board.facilitatorToken}` }
    for (const [method, path] of [
      ['GET', `/api/boards/${board.id}/members`],
      ['DELETE', `/api/boards/${board.id}/members/0123456789abcdef`],
    ]) {
      const res = await fetch(`${plain.baseUrl}${path}`, { method, headers: auth })
      expect(res.status, path).toBe(404)
      expect(((await res.json()) as ApiError).error, path).toBe('sign_in_off')
    }
  })
})
