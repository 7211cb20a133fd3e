/**
 * Issue 10, abuse over HTTP, against the real server process: board creation is limited per client
 * address (429, nothing created); a body must say it is JSON (415, after 404, 401 and 403); keys
 * that reach into a prototype are refused. On PostgreSQL (issue 11) two nodes on one database
 * share one count per address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, CreateBoardResponse } from '../../shared/protocol'
import { cleanupServers, startServer, testBackend, type ServerProcess } from '../helpers/serverProcess'
import { countRows } from '../helpers/meetingFixtures'

const LIMIT = 3

/** Boards stored (in the SQLite file, or in PostgreSQL on a TEST_BACKEND=postgres run). */
function boardCount(server: ServerProcess): number {
  return countRows(server.dataDir, 'SELECT COUNT(*) AS n FROM boards')
}

const create = (server: ServerProcess, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}/api/boards`, { method: 'POST', headers })

afterAll(async () => {
  await cleanupServers()
})

describe('board creation per client address', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServer({ env: { BOARD_CREATE_PER_HOUR: String(LIMIT) } })
  })

  it('answers 429 with Retry-After beyond BOARD_CREATE_PER_HOUR and creates nothing', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await create(server)).status).toBe(201)
    const before = boardCount(server)
    const refused = await create(server)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    const body = (await refused.json()) as ApiError
    expect(body).toMatchObject({ error: 'too_many_requests', reason: 'tooManyBoards' })
    expect(boardCount(server)).toBe(before)
    expect(server.events().some((e) => e.event === 'board_create_limited')).toBe(true)
  })
})

describe('board creation behind a proxy (CLIENT_ADDRESS_HEADER)', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServer({ env: { BOARD_CREATE_PER_HOUR: String(LIMIT), CLIENT_ADDRESS_HEADER: 'X-Forwarded-For' } })
  })

  it('counts the address the proxy added, not what the client claimed before it', async () => {
    for (let i = 0; i < LIMIT; i++) {
      // A different made-up first entry each time: the client's own claim, which must not help.
      expect((await create(server, { 'X-Forwarded-For': `10.0.0.${i}, 203.0.113.7` })).status).toBe(201)
    }
    expect((await create(server, { 'X-Forwarded-For': '10.9.9.9, 203.0.113.7' })).status).toBe(429)
    // Someone else behind the same proxy is not held back.
    expect((await create(server, { 'X-Forwarded-For': '198.51.100.4' })).status).toBe(201)
  })
})

/** True (after printing why) when this run is not on PostgreSQL: the case needs a shared database. */
function skipUnlessPostgres(reason: string): boolean {
  if (testBackend() === 'postgres') return false
  process.stderr.write(`[TEST_BACKEND=${testBackend()}] skipped: ${reason}\n`)
  return true
}

describe.skipIf(skipUnlessPostgres('two nodes sharing one board-creation count need PostgreSQL (project integration-postgres)'))(
  'board creation counted across nodes (PostgreSQL)',
  () => {
    const nodeEnv = (id: string) => ({ BOARD_CREATE_PER_HOUR: String(LIMIT), NODE_ID: id })

    it('two server processes on one database share one count per address, also after a restart', async () => {
      const first = await startServer({ env: nodeEnv('limit-1') })
      const databaseUrl = first.databaseUrl!
      let second = await startServer({ databaseUrl, env: nodeEnv('limit-2') })
      // Alternating between the nodes: the allowance is the address's, not each node's.
      expect((await create(first)).status).toBe(201)
      expect((await create(second)).status).toBe(201)
      expect((await create(first)).status).toBe(201)
      const refused = await create(second)
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await create(first)).status).toBe(429)
      expect(boardCount(first)).toBe(LIMIT)
      // One row for the address, in the table migration 5 made.
      expect(countRows(first.dataDir, 'SELECT COUNT(*) AS n FROM rate_limits')).toBe(1)

      // Not in a process's memory: a restarted node still counts the hour's boards.
      expect(await second.stop()).toBe(0)
      second = await startServer({ databaseUrl, env: nodeEnv('limit-2') })
      expect((await create(second)).status).toBe(429)
      expect(boardCount(first)).toBe(LIMIT)
    })
  },
)

describe('request bodies', () => {
  let server: ServerProcess
  let board: CreateBoardResponse
  const settings = JSON.stringify({ residentMayDecide: true })
  const post = (id: string, token: string | null, body: string, contentType: string | null) =>
    fetch(`${server.baseUrl}/api/boards/${id}/meeting`, {
      method: 'PATCH',
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(contentType ? { 'Content-Type': contentType } : {}) },
      body,
    })

  beforeAll(async () => {
    server = await startServer()
    const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST' })
    board = (await res.json()) as CreateBoardResponse
  })

  it('refuses JSON sent as text/plain with 415, but only after 404, 401 and 403', async () => {
    expect((await post('nosuchboard000000000000', board.facilitatorToken, settings, 'text/plain')).status).toBe(404)
    expect((await post(board.id, 'wrong-token', settings, 'text/plain')).status).toBe(401)
    expect((await post(board.id, board.participantToken, settings, 'text/plain')).status).toBe(403)
    const refused = await post(board.id, board.facilitatorToken, settings, 'text/plain')
    expect(refused.status).toBe(415)
    expect((await refused.json()) as ApiError).toMatchObject({ error: 'unsupported_media_type', reason: 'notJson' })
    expect((await post(board.id, board.facilitatorToken, settings, null)).status).toBe(415)
    expect((await post(board.id, board.facilitatorToken, settings, 'application/json; charset=utf-8')).status).toBe(200)
  })

  it('does not ask a request without a body for its media type', async () => {
    const res = await fetch(`${server.baseUrl}/api/boards/${board.id}/lock`, { method: 'POST', headers: { Authorization: `Bearer ${board.facilitatorToken}` } })
    expect(res.status).toBe(200)
    const unlocked = await fetch(`${server.baseUrl}/api/boards/${board.id}/unlock`, { method: 'POST', headers: { Authorization: `Bearer ${board.facilitatorToken}` } })
    expect(unlocked.status).toBe(200)
  })

  it('refuses __proto__ and constructor keys, also deep inside, and changes nothing', async () => {
    for (const body of ['{"__proto__":{"residentMayDecide":false}}', '{"residentMayDecide":true,"x":{"constructor":{"prototype":{"polluted":1}}}}']) {
      const res = await post(board.id, board.facilitatorToken, body, 'application/json')
      expect(res.status).toBe(400)
      expect((await res.json()) as ApiError).toMatchObject({ error: 'forbidden_key', reason: 'forbiddenKey' })
    }
    const info = await fetch(`${server.baseUrl}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.facilitatorToken}` } })
    expect(info.status).toBe(200)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
