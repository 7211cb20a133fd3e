/**
 * "Mijn gesprekken" (issue 12): `GET /api/cases` against the real server process, signed in
 * through a real OpenID Connect provider — the cases one facilitates and the ones one took part
 * in, each with what its meeting tells (resident, state, session, next follow-up, open agreed
 * actions) and its last change, sorted by the next follow-up date. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, CasesResponse, CreateBoardByAccountResponse } from '../../shared/protocol'
import { openRawEditor, putActionCard, putResidentCard } from '../helpers/meetingFixtures'
import type { TestOidcProvider } from '../helpers/oidcProvider'
import { cleanupServers, type ServerProcess } from '../helpers/serverProcess'
import { ANNA, BERT, startSignInServer } from '../helpers/signIn'
import { type CallOptions, callApi, createCaseByAccount, signInAs } from './caseApi'
import { expectLogsClean, rememberContent } from './support'

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

/** Puts a resident card and action cards on the board, as a participant's browser would. */
async function putCards(board: CreateBoardByAccountResponse, resident: string, actionIds: string[]): Promise<void> {
  const editor = await openRawEditor(server, board.id, board.participantToken)
  editor.edit((doc) => {
    putResidentCard(doc, 'shape:resident', { name: rememberContent(resident) })
    actionIds.forEach((id, i) => putActionCard(doc, id, { what: rememberContent(`Actie ${i + 1} voor ${resident}`) }, 300 + i * 250))
  })
  await editor.barrier()
  ;(editor as unknown as { ws: { close(): void } }).ws.close()
}

describe('Mijn gesprekken', () => {
  it('lists the cases one facilitates or took part in, with their facts, sorted by the next follow-up', async () => {
    const anna = await signIn('anna')
    const bert = await signIn('bert')
    expect((await call<CasesResponse>('GET', '/api/cases', { cookie: anna })).body).toEqual({ cases: [] })

    const later = await createByAccount(anna)
    const sooner = await createByAccount(anna)
    const none = await createByAccount(anna)
    const bertsOwn = await createByAccount(bert)

    await putCards(later, 'Ansaj', ['shape:a1', 'shape:a2', 'shape:a3'])
    await putCards(sooner, 'Bea', [])
    // Anna joins her own meeting (as the facilitator) and records the resident's decisions.
    const joined = await call('POST', `/api/boards/${later.id}/participants`, {
      cookie: anna,
      body: { userId: 'u-anna', name: 'typed', role: 'gespreksleider', organisation: '', atTable: true },
    })
    expect(joined.status).toBe(200)
    for (const [actionId, decision] of [['shape:a1', 'agreed'], ['shape:a2', 'agreed'], ['shape:a3', 'declined']] as const) {
      const decided = await call('POST', `/api/boards/${later.id}/decisions`, { cookie: anna, body: { actionId, decision, recordedBy: { userId: 'u-anna' } } })
      expect(decided.status).toBe(201)
    }
    expect((await call('PATCH', `/api/boards/${later.id}/meeting`, { cookie: anna, body: { followUpDate: '2026-07-01' } })).status).toBe(200)
    expect((await call('PATCH', `/api/boards/${sooner.id}/meeting`, { cookie: anna, body: { followUpDate: '2026-06-01' } })).status).toBe(200)
    expect((await call('POST', `/api/boards/${sooner.id}/lock`, { cookie: anna })).status).toBe(200)
    // Anna takes part in Bert's case by its participant link.
    expect((await call('GET', `/api/boards/${bertsOwn.id}`, { cookie: anna, token: bertsOwn.participantToken })).status).toBe(200)

    const listed = await call<CasesResponse>('GET', '/api/cases', { cookie: anna })
    expect(listed.status).toBe(200)
    const { cases } = listed.body
    expect(cases).toHaveLength(4)
    expect(cases.slice(0, 2).map((c) => c.id)).toEqual([sooner.id, later.id])
    expect(cases[0]).toMatchObject({
      id: sooner.id,
      url: `/b/${sooner.id}`,
      role: 'facilitator',
      residentName: 'Bea',
      state: 'locked',
      sessionNumber: 1,
      nextFollowUp: '2026-06-01',
      openAgreedActions: 0,
    })
    expect(cases[1]).toMatchObject({ id: later.id, role: 'facilitator', residentName: 'Ansaj', state: 'open', nextFollowUp: '2026-07-01', openAgreedActions: 2 })
    // Without a follow-up date, last: the newest change first.
    const rest = cases.slice(2)
    expect(new Set(rest.map((c) => c.id))).toEqual(new Set([none.id, bertsOwn.id]))
    expect(rest[0].lastChange >= rest[1].lastChange).toBe(true)
    expect(rest.find((c) => c.id === bertsOwn.id)).toMatchObject({ role: 'participant', residentName: '', nextFollowUp: null, openAgreedActions: 0 })
    for (const entry of cases) expect(Date.parse(entry.lastChange)).not.toBeNaN()
    // The decisions changed `later` after `none` was created.
    expect(cases[1].lastChange > rest.find((c) => c.id === none.id)!.lastChange).toBe(true)

    // Bert sees his own case only (Anna's are not his), as facilitator.
    const bertsList = await call<CasesResponse>('GET', '/api/cases', { cookie: bert })
    expect(bertsList.body.cases.map((c) => [c.id, c.role])).toEqual([[bertsOwn.id, 'facilitator']])

    // A deleted case leaves the list.
    expect((await call('DELETE', `/api/boards/${none.id}`, { cookie: anna })).status).toBe(204)
    expect((await call<CasesResponse>('GET', '/api/cases', { cookie: anna })).body.cases.map((c) => c.id)).not.toContain(none.id)
  })

  it('needs a signed-in professional (401 sign_in_required)', async () => {
    const res = await call<ApiError>('GET', '/api/cases')
    expect(res.status).toBe(401)
    expect(res.body.error).toBe('sign_in_required')
    const ended = await call<ApiError>('GET', '/api/cases', { cookie: 'tafelbord_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
    expect(ended.status).toBe(401)
  })
})
