/**
 * Rights by account (issue 12) against the real server process, signed in through a real
 * OpenID Connect provider (tests/helpers/oidcProvider.ts, tests/helpers/signIn.ts): creating a
 * board by account, the creator facilitating without any link, co-facilitators by e-mail bound at
 * their first sign-in, a professional opening a participant link, the websocket with the session
 * (and its end: 4440) — and with sign-in off, the routes of sign-in answer 404 `sign_in_off`.
 * Runs on SQLite and (project `integration-postgres`) on PostgreSQL.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ApiError, BoardInfoResponse, BoardLinksResponse, FacilitatorsResponse, ParticipantResponse } from '../../shared/protocol'
import { CloseCode } from '../../shared/protocol'
import type { TestOidcProvider } from '../helpers/oidcProvider'
import { cleanupServers, type ServerProcess, startServer } from '../helpers/serverProcess'
import { ANNA, BERT, selectFromServer, startSignInServer, writeServerDatabase } from '../helpers/signIn'
import { type CallOptions, callApi, createCaseByAccount, signInAs } from './caseApi'
import { expectLogsClean, rememberSecret, waitFor } from './support'

/** An account whose provider did not verify the e-mail address. */
const URSULA = { login: 'ursula', sub: 'sub-ursula-0004', name: 'Ursula Unverified', email: 'ursula@example.org', emailVerified: false, acr: ANNA.acr }
/** A professional whose e-mail is added as co-facilitator before they ever signed in. */
const CARLA = { login: 'carla', sub: 'sub-carla-0005', name: 'Carla Coach', email: 'carla@wijkteam.example', emailVerified: true, organisation: 'Wijkteam Zuid', acr: ANNA.acr }

let provider: TestOidcProvider
let server: ServerProcess

beforeAll(async () => {
  ;({ server, provider } = await startSignInServer({ accounts: [ANNA, BERT, URSULA, CARLA] }))
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
  await provider?.close()
})

const call = <T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}) => callApi<T>(server, method, path, options)
const signIn = (login: string) => signInAs(server, login)
const createByAccount = (cookie: string) => createCaseByAccount(server, cookie)

interface SessionSocket {
  ws: WebSocket
  opened: Promise<void>
  /** The close code, or the HTTP status of a refused upgrade. */
  closed: Promise<{ code: number; reason: string }>
  refusedStatus: Promise<number>
}

/** A websocket as the browser opens it with the session cookie (the Origin is sent by browsers on every upgrade). */
function sessionSocket(room: string, cookie: string, options: { token?: string; origin?: string } = {}): SessionSocket {
  const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`
  const ws = new WebSocket(`${server.wsUrl}/sync/${room}${query}`, { headers: { cookie, origin: options.origin ?? server.baseUrl } })
  ws.on('error', () => {})
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('close', () => reject(new Error('closed before open')))
    ws.once('unexpected-response', () => reject(new Error('refused before open')))
  })
  opened.catch(() => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  const refusedStatus = new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))
  return { ws, opened, closed, refusedStatus }
}

const tokenOf = (url: string) => url.slice(url.indexOf('=') + 1)

describe('rights by account', () => {
  it('creates a board by account: no facilitator link; the creator facilitates it without any token', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    expect(Object.keys(board).sort()).toEqual(['id', 'participantToken', 'participantUrl', 'residentToken', 'residentUrl'])
    expect(board.participantUrl).toBe(`${server.baseUrl}/b/${board.id}#p=${board.participantToken}`)

    const info = await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: anna })
    expect(info.status).toBe(200)
    expect(info.body.access).toBe('facilitator')
    expect(info.body.account).toEqual({ name: ANNA.name, organisation: ANNA.organisation })

    // Facilitator commands with the session alone.
    const settings = await call('PATCH', `/api/boards/${board.id}/meeting`, { cookie: anna, body: { followUpDate: '2026-06-01' } })
    expect(settings.status).toBe(200)
    expect((await call('POST', `/api/boards/${board.id}/lock`, { cookie: anna })).status).toBe(200)
    expect((await call('POST', `/api/boards/${board.id}/unlock`, { cookie: anna })).status).toBe(200)

    // The share links again, from the server's seal: participant and resident, no facilitator link.
    const links = await call<BoardLinksResponse>('GET', `/api/boards/${board.id}/links`, { cookie: anna })
    expect(links.status).toBe(200)
    expect(links.body).toEqual({ participantUrl: board.participantUrl, residentUrl: board.residentUrl })

    // The board stores a facilitator token hash nobody knows; the links are sealed with the server key.
    const [row] = selectFromServer(server, `SELECT sealed_links FROM boards WHERE id = '${board.id}'`)
    expect(String(row.sealed_links)).toMatch(/^k1\./)
    expect(selectFromServer(server, `SELECT email, issuer, subject, creator FROM board_facilitators WHERE board_id = '${board.id}'`)).toEqual([
      { email: ANNA.email, issuer: provider.issuer, subject: ANNA.sub, creator: expect.anything() },
    ])

    // The websocket with the session, without a token.
    const socket = sessionSocket(board.id, anna)
    await socket.opened
    socket.ws.close()
  })

  it('refuses a state-changing request or websocket with the session cookie from another site (403 cross_origin)', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const noOrigin = await call<ApiError>('POST', `/api/boards/${board.id}/lock`, { cookie: anna, origin: null })
    expect(noOrigin.status).toBe(403)
    expect(noOrigin.body.error).toBe('cross_origin')
    const otherSite = await call<ApiError>('POST', '/api/boards', { cookie: anna, origin: 'https://evil.example' })
    expect(otherSite.status).toBe(403)
    expect(otherSite.body.error).toBe('cross_origin')
    // Reading needs no Origin.
    expect((await call('GET', `/api/boards/${board.id}`, { cookie: anna, origin: null })).status).toBe(200)
    const socket = sessionSocket(board.id, anna, { origin: 'https://evil.example' })
    expect(await socket.refusedStatus).toBe(403)
  })

  it('without a session nobody creates a board (401 sign_in_required); another account has no right on the case', async () => {
    const refused = await call<ApiError>('POST', '/api/boards')
    expect(refused.status).toBe(401)
    expect(refused.body.error).toBe('sign_in_required')

    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const bert = await signIn('bert')
    const info = await call<ApiError>('GET', `/api/boards/${board.id}`, { cookie: bert })
    expect(info.status).toBe(401)
    expect(info.body.error).toBe('unauthorized')
    expect((await call('POST', `/api/boards/${board.id}/lock`, { cookie: bert })).status).toBe(401)
    expect((await call('DELETE', `/api/boards/${board.id}`, { cookie: bert })).status).toBe(401)
    const socket = sessionSocket(board.id, bert)
    expect((await socket.closed).code).toBe(CloseCode.unauthorized)
    // With the participant link he is a participant: no facilitator commands.
    const locked = await call<ApiError>('POST', `/api/boards/${board.id}/lock`, { cookie: bert, token: board.participantToken })
    expect(locked.status).toBe(403)
    expect(locked.body.error).toBe('forbidden')
  })

  it('binds a co-facilitator added by e-mail at their first sign-in with that verified address; then they facilitate', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const added = await call<FacilitatorsResponse>('POST', `/api/boards/${board.id}/facilitators`, { cookie: anna, body: { email: ' Carla@Wijkteam.Example ' } })
    expect(added.status).toBe(201)
    expect(added.body.facilitators.map((f) => [f.email, f.bound, f.creator, f.name])).toEqual([
      [ANNA.email, true, true, ANNA.name],
      [CARLA.email, false, false, ''],
    ])
    const again = await call<ApiError>('POST', `/api/boards/${board.id}/facilitators`, { cookie: anna, body: { email: CARLA.email } })
    expect(again.status).toBe(409)
    expect(again.body.error).toBe('already_facilitator')
    const invalid = await call<ApiError>('POST', `/api/boards/${board.id}/facilitators`, { cookie: anna, body: { email: 'not an address' } })
    expect(invalid.status).toBe(400)

    // Carla signs in for the first time: bound, and she facilitates without any link.
    const carla = await signIn('carla')
    const info = await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: carla })
    expect(info.status).toBe(200)
    expect(info.body.access).toBe('facilitator')
    expect(info.body.account).toEqual({ name: CARLA.name, organisation: CARLA.organisation })
    const listed = await call<FacilitatorsResponse>('GET', `/api/boards/${board.id}/facilitators`, { cookie: carla })
    expect(listed.body.facilitators[1]).toMatchObject({ email: CARLA.email, bound: true, name: CARLA.name })
    expect((await call('POST', `/api/boards/${board.id}/lock`, { cookie: carla })).status).toBe(200)

    // A participant may not see or change the facilitators.
    const asParticipant = await call<ApiError>('GET', `/api/boards/${board.id}/facilitators`, { token: board.participantToken })
    expect(asParticipant.status).toBe(403)

    // Removing: unknown → 404; the last one stays (409).
    expect((await call<ApiError>('DELETE', `/api/boards/${board.id}/facilitators/nobody%40example.org`, { cookie: anna })).body.error).toBe('unknown_facilitator')
    const removed = await call<FacilitatorsResponse>('DELETE', `/api/boards/${board.id}/facilitators/${encodeURIComponent(ANNA.email)}`, { cookie: carla })
    expect(removed.status).toBe(200)
    expect(removed.body.facilitators.map((f) => f.email)).toEqual([CARLA.email])
    expect((await call('GET', `/api/boards/${board.id}`, { cookie: anna })).status).toBe(401)
    const last = await call<ApiError>('DELETE', `/api/boards/${board.id}/facilitators/${encodeURIComponent(CARLA.email)}`, { cookie: carla })
    expect(last.status).toBe(409)
    expect(last.body.error).toBe('last_facilitator')
  })

  it('does not bind an e-mail address the provider did not verify', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    expect((await call('POST', `/api/boards/${board.id}/facilitators`, { cookie: anna, body: { email: URSULA.email } })).status).toBe(201)
    const ursula = await signIn('ursula')
    expect((await call('GET', `/api/boards/${board.id}`, { cookie: ursula })).status).toBe(401)
    const listed = await call<FacilitatorsResponse>('GET', `/api/boards/${board.id}/facilitators`, { cookie: anna })
    expect(listed.body.facilitators.find((f) => f.email === URSULA.email)).toMatchObject({ bound: false, name: '' })
  })

  it('a professional who opens a participant link joins with the account\'s name and is remembered; the account\'s right wins', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const bert = await signIn('bert')

    const info = await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: bert, token: board.participantToken })
    expect(info.status).toBe(200)
    expect(info.body.access).toBe('participant')
    expect(info.body.account).toEqual({ name: BERT.name, organisation: BERT.organisation })

    // He never types a name: the account's name and organisation are taken, whatever was sent.
    const joined = await call<ParticipantResponse>('POST', `/api/boards/${board.id}/participants`, {
      cookie: bert,
      token: board.participantToken,
      body: { userId: 'u-bert', name: 'Someone Else', role: 'professional', organisation: 'Typed Org', atTable: true },
    })
    expect(joined.status).toBe(200)
    expect(joined.body.participant).toMatchObject({ name: BERT.name, organisation: BERT.organisation, role: 'professional', access: 'participant' })

    // Remembered: the case opens for him without the link now, as a participant.
    const again = await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: bert })
    expect(again.status).toBe(200)
    expect(again.body.access).toBe('participant')
    const socket = sessionSocket(`${board.id}/meeting`, bert)
    await socket.opened
    socket.ws.close()

    // With the resident link he is the resident's phone, as today; the facilitator's account wins over any link.
    expect((await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: bert, token: board.residentToken })).body.access).toBe('resident')
    expect((await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: anna, token: board.residentToken })).body.access).toBe('facilitator')
    // Without the session the link gives what it always gave.
    const plain = await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { token: board.participantToken })
    expect(plain.body).toMatchObject({ access: 'participant', account: null })
  })

  it('closes the websockets of a session that signs out with 4440', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const other = await signIn('anna')
    const board1 = sessionSocket(board.id, anna)
    const meeting1 = sessionSocket(`${board.id}/meeting`, anna)
    const untouched = sessionSocket(board.id, other)
    // Authenticated once the server speaks (sync step 1); 'open' alone comes before the session check.
    await Promise.all([board1, meeting1, untouched].map((socket) => new Promise((resolve) => socket.ws.once('message', resolve))))
    const out = await fetch(`${server.baseUrl}/auth/logout`, { method: 'POST', headers: { cookie: anna, origin: server.baseUrl } })
    expect(out.status).toBe(200)
    await out.arrayBuffer()
    expect((await board1.closed).code).toBe(CloseCode.sessionEnded)
    expect((await meeting1.closed).code).toBe(CloseCode.sessionEnded)
    // Another session of the same account stays.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(untouched.ws.readyState).toBe(WebSocket.OPEN)
    untouched.ws.close()
    // The ended session opens nothing any more.
    expect((await call('GET', `/api/boards/${board.id}`, { cookie: anna })).status).toBe(401)
    await waitFor(() => server.events().some((e) => e.event === 'connection_closed' && e.code === CloseCode.sessionEnded), 'close logged')
  })
})

describe('a websocket that relies on a session', () => {
  it('closes with 4440 at the next keepalive check once the session timed out (another node\'s sign-out alike)', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    const socket = sessionSocket(board.id, anna)
    await socket.opened
    // The session's last use 31 minutes ago (SESSION_IDLE_MINUTES is 30): the row every node reads.
    const idHash = createHash('sha256').update(anna.slice(anna.indexOf('=') + 1)).digest('hex')
    writeServerDatabase(server, `UPDATE auth_sessions SET last_seen_at = last_seen_at - ${31 * 60_000} WHERE id_hash = '${idHash}'`)
    // The keepalive tick comes every 30 s.
    const closed = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 45_000))])
    expect(closed?.code).toBe(CloseCode.sessionEnded)
  }, 60_000)
})

describe('a websocket that relies on a right by account', () => {
  it('closes with 4401 `right removed` at once when its facilitator is removed on this node; a link\'s socket stays', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    expect((await call('POST', `/api/boards/${board.id}/facilitators`, { cookie: anna, body: { email: CARLA.email } })).status).toBe(201)
    const carla = await signIn('carla')
    // Carla facilitates by account (no link): both documents.
    const carlaBoard = sessionSocket(board.id, carla)
    const carlaMeeting = sessionSocket(`${board.id}/meeting`, carla)
    // The same account with the participant link: the account's right wins, so this one relies on it too.
    const carlaWithLink = sessionSocket(board.id, carla, { token: board.participantToken })
    // Anna's own sockets, and a participant link without a session, are not touched.
    const annaBoard = sessionSocket(board.id, anna)
    const participant = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${board.participantToken}`)
    participant.on('error', () => {})
    // Each authenticated once the server speaks (sync step 1); 'open' alone comes before the check.
    const spoken = (ws: WebSocket) => new Promise((resolve) => ws.once('message', resolve))
    await Promise.all([carlaBoard.ws, carlaMeeting.ws, carlaWithLink.ws, annaBoard.ws, participant].map(spoken))

    const removed = await call<FacilitatorsResponse>('DELETE', `/api/boards/${board.id}/facilitators/${encodeURIComponent(CARLA.email)}`, { cookie: anna })
    expect(removed.status).toBe(200)
    for (const socket of [carlaBoard, carlaMeeting, carlaWithLink]) {
      const closed = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))])
      expect(closed).toEqual({ code: CloseCode.unauthorized, reason: 'right removed' })
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(annaBoard.ws.readyState).toBe(WebSocket.OPEN)
    expect(participant.readyState).toBe(WebSocket.OPEN)
    annaBoard.ws.close()
    participant.close()
    // Without the right, the session alone opens nothing; with the participant link she is a participant (and a member from then on).
    expect((await call('GET', `/api/boards/${board.id}`, { cookie: carla })).status).toBe(401)
    expect((await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: carla, token: board.participantToken })).body.access).toBe('participant')
  })

  it('closes with 4401 at the next keepalive check when the right went elsewhere (another node, straight in the database)', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    expect((await call('POST', `/api/boards/${board.id}/facilitators`, { cookie: anna, body: { email: CARLA.email } })).status).toBe(201)
    const carla = await signIn('carla')
    const socket = sessionSocket(board.id, carla)
    // Authenticated once the server speaks (sync step 1); 'open' alone comes before the check.
    await new Promise((resolve) => socket.ws.once('message', resolve))
    // As another node's removal leaves it: the row gone, this node not told.
    writeServerDatabase(server, `DELETE FROM board_facilitators WHERE board_id = '${board.id}' AND email = '${CARLA.email}'`)
    // The keepalive tick comes every 30 s.
    const closed = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 45_000))])
    expect(closed).toEqual({ code: CloseCode.unauthorized, reason: 'right removed' })
  }, 60_000)

  it('refuses to remove the last BOUND facilitator: an added address nobody signed in with does not count', async () => {
    const anna = await signIn('anna')
    const board = await createByAccount(anna)
    expect((await call('POST', `/api/boards/${board.id}/facilitators`, { cookie: anna, body: { email: 'typo@exampel.nl' } })).status).toBe(201)
    const own = await call<ApiError>('DELETE', `/api/boards/${board.id}/facilitators/${encodeURIComponent(ANNA.email!)}`, { cookie: anna })
    expect(own.status).toBe(409)
    expect(own.body.error).toBe('last_facilitator')
    expect((await call<BoardInfoResponse>('GET', `/api/boards/${board.id}`, { cookie: anna })).body.access).toBe('facilitator')
    // The typo may go.
    const typo = await call<FacilitatorsResponse>('DELETE', `/api/boards/${board.id}/facilitators/typo%40exampel.nl`, { cookie: anna })
    expect(typo.status).toBe(200)
    expect(typo.body.facilitators.map((f) => f.email)).toEqual([ANNA.email])
  })
})

describe('with sign-in off', () => {
  it('answers the routes of sign-in with 404 sign_in_off; links work as before', async () => {
    const plain = await startServer()
    const created = await fetch(`${plain.baseUrl}/api/boards`, { method: 'POST' })
    expect(created.status).toBe(201)
    const board = (await created.json()) as { id: string; facilitatorToken: string; participantToken: string; residentToken: string }
    for (const token of [board.facilitatorToken, board.participantToken, board.residentToken]) rememberSecret(token)
    const auth = { authorization: `Bearer ${board.facilitatorToken}` }
    for (const path of [`/api/boards/${board.id}/facilitators`, `/api/boards/${board.id}/audit`, '/api/cases']) {
      const res = await fetch(`${plain.baseUrl}${path}`, { headers: auth })
      expect(res.status, path).toBe(404)
      expect(((await res.json()) as ApiError).error, path).toBe('sign_in_off')
    }
    const info = (await (await fetch(`${plain.baseUrl}/api/boards/${board.id}`, { headers: auth })).json()) as BoardInfoResponse
    expect(info).toMatchObject({ access: 'facilitator', account: null })
    const links = (await (await fetch(`${plain.baseUrl}/api/boards/${board.id}/links`, { headers: auth })).json()) as BoardLinksResponse
    expect(links.facilitatorUrl).toBe(`${plain.baseUrl}/b/${board.id}#f=${board.facilitatorToken}`)
    expect(tokenOf(links.participantUrl)).toBe(board.participantToken)
    // Nothing of the access log or the case rights is written in links-only mode.
    expect(selectFromServer(plain, 'SELECT count(*) AS n FROM audit_log')).toEqual([{ n: 0 }])
    expect(await (await fetch(`${plain.baseUrl}/api/config`)).json()).toEqual({ boardCreationRequiresKey: false, signIn: false })
  })
})
