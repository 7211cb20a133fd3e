/**
 * Sign-in switched off after it was on (issue 12, security review): the server must not keep
 * personal data of cases it no longer shows. On restart without OIDC_ISSUER every session is
 * deleted, a warning says how many boards need sign-in (no ids), retention forgets a purged case
 * (facilitators, members, log lines — no tombstone) and the log lines of no board once old, and
 * deleting a board by its facilitator link forgets its case the same way. SQLite and PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { BoardInfoResponse, CreateBoardByAccountResponse, CreateBoardResponse } from '../../shared/protocol'
import type { TestOidcProvider } from '../helpers/oidcProvider'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { ANNA, BERT, selectFromServer, startSignInServer } from '../helpers/signIn'
import { type CallOptions, callApi, signInAs } from './caseApi'
import { expectLogsClean, rememberSecret, waitFor } from './support'

const providers: TestOidcProvider[] = []

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
  for (const provider of providers) await provider.close()
})

const call = <T = Record<string, unknown>>(target: ServerProcess, method: string, path: string, options: CallOptions = {}) => callApi<T>(target, method, path, options)
const signIn = (target: ServerProcess, login: string) => signInAs(target, login)

const count = (server: ServerProcess, sql: string) => Number(selectFromServer(server, sql)[0].n)

/** Rows of the case tables that name the board. */
const caseRows = (server: ServerProcess, boardId: string) =>
  ['audit_log', 'board_facilitators', 'board_members'].map((table) => count(server, `SELECT count(*) AS n FROM ${table} WHERE board_id = '${boardId}'`))

describe('sign-in switched off after it was on', () => {
  it('deletes the sessions, warns of boards that need sign-in, and forgets deleted and purged cases without a tombstone', async () => {
    // A board made with links only, before sign-in was on.
    const plain = await startServer()
    const created = await fetch(`${plain.baseUrl}/api/boards`, { method: 'POST' })
    const linked = (await created.json()) as CreateBoardResponse
    for (const token of [linked.facilitatorToken, linked.participantToken, linked.residentToken]) rememberSecret(token)
    expect(await plain.stop()).toBe(0)

    // Sign-in on: Bert takes part in it by the participant link (a member, lines in its log);
    // Anna makes two boards by account and closes one.
    const { server: on, provider } = await startSignInServer({ accounts: [ANNA, BERT], server: { dataDir: plain.dataDir } })
    providers.push(provider)
    const bert = await signIn(on, 'bert')
    expect((await call<BoardInfoResponse>(on, 'GET', `/api/boards/${linked.id}`, { cookie: bert, token: linked.participantToken })).body.access).toBe('participant')
    const anna = await signIn(on, 'anna')
    const toPurge = (await call<CreateBoardByAccountResponse>(on, 'POST', '/api/boards', { cookie: anna })).body
    const kept = (await call<CreateBoardByAccountResponse>(on, 'POST', '/api/boards', { cookie: anna })).body
    for (const token of [toPurge.participantToken, toPurge.residentToken, kept.participantToken, kept.residentToken]) rememberSecret(token)
    const info = await call<{ meeting: { followUpDate: string } }>(on, 'GET', `/api/boards/${toPurge.id}`, { cookie: anna })
    expect((await call(on, 'PATCH', `/api/boards/${toPurge.id}/meeting`, { cookie: anna, body: { followUpDate: info.body.meeting.followUpDate } })).status).toBe(200)
    expect((await call(on, 'POST', `/api/boards/${toPurge.id}/close`, { cookie: anna })).status).toBe(200)
    // Its log lines and Bert as member (no facilitator by account: it has its link).
    const [linkedLines, , linkedMembers] = caseRows(on, linked.id)
    expect(linkedLines).toBeGreaterThan(0)
    expect(linkedMembers).toBe(1)
    expect(count(on, 'SELECT count(*) AS n FROM auth_sessions')).toBeGreaterThan(0)
    expect(count(on, 'SELECT count(*) AS n FROM audit_log WHERE board_id IS NULL')).toBeGreaterThan(0)
    expect(await on.stop()).toBe(0)

    // Sign-in off again, every closed board due.
    const off = await startServer({ dataDir: plain.dataDir, env: { RETENTION_DAYS: '0' } })
    // The purged case is forgotten: nothing names it, not even a tombstone.
    expect(off.events().filter((e) => e.event === 'board_purged')).toHaveLength(1)
    expect(caseRows(off, toPurge.id)).toEqual([0, 0, 0])
    // The lines of no board (sign-in) older than RETENTION_DAYS (0) are gone.
    expect(count(off, 'SELECT count(*) AS n FROM audit_log WHERE board_id IS NULL')).toBe(0)
    // No session can be used without sign-in: all deleted.
    await waitFor(() => count(off, 'SELECT count(*) AS n FROM auth_sessions') === 0, 'sessions deleted')
    // One board still has a facilitator by account (no facilitator link): said, with the count only.
    const warnings = off.events().filter((e) => e.event === 'boards_need_sign_in')
    expect(warnings).toEqual([expect.objectContaining({ level: 'warn', boards: 1 })])
    expect(JSON.stringify(warnings)).not.toContain(kept.id)

    // Deleting the links board forgets its case too: Bert's membership and its log lines go, no tombstone.
    expect(caseRows(off, linked.id).some((n) => n > 0)).toBe(true)
    expect((await call(off, 'DELETE', `/api/boards/${linked.id}`, { token: linked.facilitatorToken })).status).toBe(204)
    expect(caseRows(off, linked.id)).toEqual([0, 0, 0])
    expect(count(off, `SELECT count(*) AS n FROM audit_log WHERE board_id IN ('${linked.id}', '${toPurge.id}')`)).toBe(0)
    // The board kept by account is untouched.
    expect(caseRows(off, kept.id)[1]).toBe(1)
  })
})
