/**
 * The access log (issue 12) against the real server process, signed in through a real OpenID
 * Connect provider: the creation, every opening (websocket and board info), the commands, the
 * export download, refused attempts (a wrong token, an account without a right, the wrong link)
 * and the reading of the log itself — never a token, a session id or an e-mail address in any
 * stored line; the CSV download; deleting and purging leave one tombstone line. On SQLite and
 * PostgreSQL (what is stored is read from the server's own database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { AuditEntry, AuditResponse } from '../../shared/protocol'
import { CloseCode } from '../../shared/protocol'
import { AUDIT_CSV_COLUMNS } from '../../shared/domain/audit'
import type { TestOidcProvider } from '../helpers/oidcProvider'
import { cleanupServers, type ServerProcess } from '../helpers/serverProcess'
import { ANNA, BERT, selectFromServer, startSignInServer, writeServerDatabase } from '../helpers/signIn'
import { type CallOptions, callApi, createCaseByAccount, signInAs } from './caseApi'
import { expectLogsClean, rawSocket, waitFor } from './support'

let provider: TestOidcProvider
let server: ServerProcess
const providers: TestOidcProvider[] = []

beforeAll(async () => {
  ;({ server, provider } = await startSignInServer({ accounts: [ANNA, BERT] }))
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
  await provider?.close()
  for (const other of providers) await other.close()
})

/** Every secret of this file, to search the stored log for. */
const secrets: string[] = []

const keep = (secret: string) => secrets.push(secret)
const call = <T = Record<string, unknown>>(target: ServerProcess, method: string, path: string, options: CallOptions = {}) => callApi<T>(target, method, path, options)
const signIn = (target: ServerProcess, login: string) => signInAs(target, login, keep)
const createByAccount = (target: ServerProcess, cookie: string) => createCaseByAccount(target, cookie, keep)

const annaSubject = () => `${provider.issuer}|${ANNA.sub}`
const bertSubject = () => `${provider.issuer}|${BERT.sub}`

/** What a line says, without its time and origin. */
const gist = (entry: AuditEntry) => ({
  action: entry.action,
  result: entry.result,
  reason: entry.reason,
  kind: entry.actor.kind,
  subject: entry.actor.subject,
  name: entry.actor.name,
  access: entry.access,
})

describe('the access log', () => {
  it('holds the creation, openings, commands, the export, refused attempts and its own reading — never a token', async () => {
    const anna = await signIn(server, 'anna')
    const bert = await signIn(server, 'bert')
    const board = await createByAccount(server, anna)
    const wrongToken = 'W'.repeat(43)
    secrets.push(wrongToken)

    // Opening: the websocket with the session, and the board info.
    const socket = new WebSocket(`${server.wsUrl}/sync/${board.id}`, { headers: { cookie: anna, origin: server.baseUrl } })
    socket.on('error', () => {})
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('close', () => reject(new Error('closed')))
    })
    socket.close()
    expect((await call(server, 'GET', `/api/boards/${board.id}`, { cookie: anna })).status).toBe(200)
    // A participant joins with the link (no account), with a name a spreadsheet would read as a formula.
    const joined = await call(server, 'POST', `/api/boards/${board.id}/participants`, {
      token: board.participantToken,
      body: { userId: 'u-joost', name: '=HYPERLINK("http://x","y")', role: 'professional', organisation: '', atTable: true },
    })
    expect(joined.status).toBe(200)
    expect((await call(server, 'PATCH', `/api/boards/${board.id}/meeting`, { cookie: anna, body: { followUpDate: '2026-06-01' } })).status).toBe(200)
    // Refused: a wrong token (a stranger), over HTTP and the websocket; an account without a right; the wrong link.
    expect((await call(server, 'GET', `/api/boards/${board.id}`, { token: wrongToken })).status).toBe(401)
    expect((await rawSocket(server, board.id, wrongToken).closed).code).toBe(CloseCode.unauthorized)
    expect((await call(server, 'POST', `/api/boards/${board.id}/lock`, { cookie: bert })).status).toBe(401)
    expect((await call(server, 'POST', `/api/boards/${board.id}/lock`, { token: board.participantToken })).status).toBe(403)
    expect((await call(server, 'GET', `/api/boards/${board.id}/audit`, { token: board.participantToken })).status).toBe(403)
    // The export download.
    const exported = await call(server, 'GET', `/api/boards/${board.id}/sessions/current/record.md`, { cookie: anna })
    expect(exported.status).toBe(200)

    const read = await call<AuditResponse>(server, 'GET', `/api/boards/${board.id}/audit`, { cookie: anna })
    expect(read.status).toBe(200)
    const entries = read.body.entries
    const anna_ = { kind: 'account', subject: annaSubject(), name: ANNA.name }
    expect(entries.map(gist)).toEqual([
      { action: 'board.create', result: 'ok', reason: null, ...anna_, access: 'facilitator' },
      { action: 'board.open', result: 'ok', reason: null, ...anna_, access: 'facilitator' },
      { action: 'board.open', result: 'ok', reason: null, ...anna_, access: 'facilitator' },
      { action: 'command.register', result: 'ok', reason: null, kind: 'link', subject: null, name: '=HYPERLINK("http://x","y")', access: 'participant' },
      { action: 'command.meetingSettings', result: 'ok', reason: null, ...anna_, access: 'facilitator' },
      // The wrong token over HTTP; the same refusal over the websocket right after is the same
      // attempt (board, address, act, reason) within the minute: not written again.
      { action: 'board.open', result: 'refused', reason: 'unauthorized', kind: 'anonymous', subject: null, name: null, access: null },
      { action: 'command.lock', result: 'refused', reason: 'unauthorized', kind: 'account', subject: bertSubject(), name: BERT.name, access: null },
      { action: 'command.lock', result: 'refused', reason: 'facilitatorOnly', kind: 'link', subject: null, name: null, access: 'participant' },
      { action: 'audit.read', result: 'refused', reason: 'facilitatorOnly', kind: 'link', subject: null, name: null, access: 'participant' },
      { action: 'export.download', result: 'ok', reason: null, ...anna_, access: 'facilitator' },
      { action: 'audit.read', result: 'ok', reason: null, ...anna_, access: 'facilitator' },
    ])
    for (const entry of entries) {
      expect(entry.object.board).toBe(board.id)
      expect(entry.origin).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/)
      expect(Date.parse(entry.at)).not.toBeNaN()
    }
    expect(entries.find((e) => e.action === 'export.download')!.object.session).toBe(1)
    expect(entries.find((e) => e.action === 'command.meetingSettings')!.object.session).toBe(1)

    // Nothing secret in any stored line: no token, no session id, no e-mail address.
    const stored = JSON.stringify(selectFromServer(server, 'SELECT * FROM audit_log'))
    for (const secret of secrets) expect(stored).not.toContain(secret)
    expect(stored).not.toContain(ANNA.email!)
    expect(stored).not.toContain(BERT.email!)

    // The CSV download: a header row, one row per line, formulas kept as text.
    const csv = await call(server, 'GET', `/api/boards/${board.id}/audit?format=csv`, { cookie: anna })
    expect(csv.status).toBe(200)
    expect(csv.res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.res.headers.get('content-disposition')).toBe('attachment; filename="access-log.csv"')
    const rows = csv.text.split('\r\n')
    expect(rows[0]).toBe(AUDIT_CSV_COLUMNS.join(','))
    // The lines above, the second reading, and the trailing line end.
    expect(rows).toHaveLength(1 + entries.length + 1 + 1)
    expect(rows[1]).toMatch(/,account,.*,board\.create,/)
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m)
  })

  it('writes a refused attempt once a minute, however often it is repeated (a loop cannot fill the log)', async () => {
    const anna = await signIn(server, 'anna')
    const board = await createByAccount(server, anna)
    const wrongToken = 'X'.repeat(43)
    for (let i = 0; i < 40; i++) expect((await call(server, 'GET', `/api/boards/${board.id}`, { token: wrongToken })).status).toBe(401)
    for (let i = 0; i < 10; i++) expect((await rawSocket(server, board.id, wrongToken).closed).code).toBe(CloseCode.unauthorized)
    // Another act, and another account, are other attempts: written once each.
    const bert = await signIn(server, 'bert')
    for (let i = 0; i < 10; i++) expect((await call(server, 'POST', `/api/boards/${board.id}/lock`, { cookie: bert })).status).toBe(401)
    const refused = selectFromServer(server, `SELECT action, reason, actor_kind FROM audit_log WHERE board_id = '${board.id}' AND result = 'refused' ORDER BY seq`)
    expect(refused).toEqual([
      { action: 'board.open', reason: 'unauthorized', actor_kind: 'anonymous' },
      { action: 'command.lock', reason: 'unauthorized', actor_kind: 'account' },
    ])
  })

  it('gives at most the newest 10,000 lines, saying so (truncated; a note row in the CSV)', async () => {
    const anna = await signIn(server, 'anna')
    const board = await createByAccount(server, anna)
    // 10,005 old lines of a participant's openings, written straight into the database.
    writeServerDatabase(
      server,
      'INSERT INTO audit_log (board_id, at, actor_kind, actor_subject, actor_name, access, action, session_number, result, reason, origin) ' +
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10005) SELECT '${board.id}', i, 'link', NULL, NULL, 'participant', 'board.open', NULL, 'ok', NULL, '127.0.0.1' FROM n`,
    )
    const read = await call<AuditResponse>(server, 'GET', `/api/boards/${board.id}/audit`, { cookie: anna })
    expect(read.status).toBe(200)
    expect(read.body.truncated).toBe(true)
    expect(read.body.entries).toHaveLength(10_000)
    // The newest lines: this reading is the last one; the creation, written first, is left out.
    expect(read.body.entries.at(-1)).toMatchObject({ action: 'audit.read', result: 'ok' })
    expect(read.body.entries.some((e) => e.action === 'board.create')).toBe(false)
    const csv = await call(server, 'GET', `/api/boards/${board.id}/audit?format=csv`, { cookie: anna })
    const rows = csv.text.split('\r\n')
    expect(rows[0]).toBe(AUDIT_CSV_COLUMNS.join(','))
    expect(rows[1]).toMatch(/^truncated: only the newest 10000 lines/)
    expect(rows).toHaveLength(1 + 1 + 10_000 + 1)
    // A short log says nothing of the kind.
    const other = await createByAccount(server, anna)
    const short = await call<AuditResponse>(server, 'GET', `/api/boards/${other.id}/audit`, { cookie: anna })
    expect(short.body.truncated).toBeUndefined()
  })

  it('leaves one tombstone line when the case is deleted', async () => {
    const anna = await signIn(server, 'anna')
    const board = await createByAccount(server, anna)
    expect((await call(server, 'GET', `/api/boards/${board.id}`, { cookie: anna })).status).toBe(200)
    expect((await call(server, 'GET', `/api/boards/${board.id}`, { cookie: anna, token: board.participantToken })).status).toBe(200)
    expect((await call(server, 'DELETE', `/api/boards/${board.id}`, { cookie: anna })).status).toBe(204)
    expect(selectFromServer(server, `SELECT action, result, actor_kind, actor_subject, actor_name, access FROM audit_log WHERE board_id = '${board.id}'`)).toEqual([
      { action: 'board.delete', result: 'ok', actor_kind: 'account', actor_subject: annaSubject(), actor_name: ANNA.name, access: 'facilitator' },
    ])
    for (const table of ['board_facilitators', 'board_members']) {
      expect(selectFromServer(server, `SELECT count(*) AS n FROM ${table} WHERE board_id = '${board.id}'`), table).toEqual([{ n: 0 }])
    }
    // The board is gone: its log cannot be read any more (404), and nothing more is written for it.
    expect((await call(server, 'GET', `/api/boards/${board.id}/audit`, { cookie: anna })).status).toBe(404)
    expect(selectFromServer(server, `SELECT count(*) AS n FROM audit_log WHERE board_id = '${board.id}'`)).toEqual([{ n: 1 }])
  })

  it('leaves one tombstone line by `system` when retention purges the case', async () => {
    const { server: purging, provider: ownProvider } = await startSignInServer({ accounts: [ANNA], env: { RETENTION_DAYS: '0', PURGE_INTERVAL_MS: '1000' } })
    providers.push(ownProvider)
    const anna = await signIn(purging, 'anna')
    const board = await createByAccount(purging, anna)
    const info = await call<{ meeting: { followUpDate: string } }>(purging, 'GET', `/api/boards/${board.id}`, { cookie: anna })
    expect((await call(purging, 'PATCH', `/api/boards/${board.id}/meeting`, { cookie: anna, body: { followUpDate: info.body.meeting.followUpDate } })).status).toBe(200)
    expect((await call(purging, 'POST', `/api/boards/${board.id}/close`, { cookie: anna })).status).toBe(200)
    await waitFor(() => purging.events().some((e) => e.event === 'board_purged'), 'board purged')
    await waitFor(
      () => selectFromServer(purging, `SELECT action FROM audit_log WHERE board_id = '${board.id}'`).some((row) => row.action === 'board.purge'),
      'tombstone written',
    )
    expect(selectFromServer(purging, `SELECT action, result, actor_kind, actor_subject, actor_name FROM audit_log WHERE board_id = '${board.id}'`)).toEqual([
      { action: 'board.purge', result: 'ok', actor_kind: 'system', actor_subject: null, actor_name: null },
    ])
    expect(selectFromServer(purging, `SELECT count(*) AS n FROM board_facilitators WHERE board_id = '${board.id}'`)).toEqual([{ n: 0 }])
  })
})
