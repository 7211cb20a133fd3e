import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, BoardInfoResponse, ServerConfigResponse } from '../../shared/protocol'
import { BOARD_ID_PATTERN, TOKEN_PATTERN } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import { dumpAllRows, readBoardRow } from '../helpers/meetingFixtures'
import { createBoard, expectLogsClean, health, rememberSecret } from './support'

let server: ServerProcess

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

async function boardInfo(id: string, token?: string) {
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` }
  return fetch(`${server.baseUrl}/api/boards/${id}`, { headers })
}

describe('HTTP API', () => {
  it('creates a board with well-formed ids, tokens and links that carry the token only in the fragment', async () => {
    const board = await createBoard(server)
    expect(board.id).toMatch(BOARD_ID_PATTERN)
    expect(board.facilitatorToken).toMatch(TOKEN_PATTERN)
    expect(board.participantToken).toMatch(TOKEN_PATTERN)
    expect(board.residentToken).toMatch(TOKEN_PATTERN)
    expect(new Set([board.facilitatorToken, board.participantToken, board.residentToken]).size).toBe(3)

    const facilitatorUrl = new URL(board.facilitatorUrl)
    expect(facilitatorUrl.origin).toBe(server.baseUrl)
    expect(facilitatorUrl.pathname).toBe(`/b/${board.id}`)
    expect(facilitatorUrl.search).toBe('')
    expect(facilitatorUrl.hash).toBe(`#f=${board.facilitatorToken}`)
    const participantUrl = new URL(board.participantUrl)
    expect(participantUrl.pathname).toBe(`/b/${board.id}`)
    expect(participantUrl.search).toBe('')
    expect(participantUrl.hash).toBe(`#p=${board.participantToken}`)
    const residentUrl = new URL(board.residentUrl)
    expect(residentUrl.pathname).toBe(`/b/${board.id}`)
    expect(residentUrl.search).toBe('')
    expect(residentUrl.hash).toBe(`#r=${board.residentToken}`)

    const second = await createBoard(server)
    expect(second.id).not.toBe(board.id)
  })

  it('stores only token hashes in the database (SQLite, or PostgreSQL on a TEST_BACKEND=postgres run)', async () => {
    const board = await createBoard(server)
    const row = readBoardRow(server.dataDir, board.id)
    expect(row).toBeDefined()
    expect(row!.facilitator_token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(row!.participant_token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(row!.resident_token_hash).toMatch(/^[0-9a-f]{64}$/)
    // No column of any table holds a token, in any form the database can render as text.
    const dump = dumpAllRows(server.dataDir)
    expect(dump).toContain(board.id)
    expect(dump).not.toContain(board.facilitatorToken)
    expect(dump).not.toContain(board.participantToken)
    expect(dump).not.toContain(board.residentToken)
  })

  it('tells the access of a token and refuses wrong or missing tokens', async () => {
    const board = await createBoard(server)
    const asFacilitator = await boardInfo(board.id, board.facilitatorToken)
    expect(asFacilitator.status).toBe(200)
    const info = (await asFacilitator.json()) as BoardInfoResponse
    expect(info.id).toBe(board.id)
    expect(info.access).toBe('facilitator')
    expect(Number.isNaN(Date.parse(info.createdAt))).toBe(false)

    const asParticipant = (await (await boardInfo(board.id, board.participantToken)).json()) as BoardInfoResponse
    expect(asParticipant.access).toBe('participant')
    const asResident = (await (await boardInfo(board.id, board.residentToken)).json()) as BoardInfoResponse
    expect(asResident.access).toBe('resident')
    // A new board's meeting: open, follow-up four weeks after the start.
    const startedAt = new Date(info.createdAt)
    startedAt.setUTCDate(startedAt.getUTCDate() + 28)
    expect(info.meeting).toEqual({
      state: 'open',
      startedAt: info.createdAt,
      followUpDate: startedAt.toISOString().slice(0, 10),
      followUpConfirmed: false,
      timeZone: 'Europe/Amsterdam',
      residentMayDecide: false,
      closedAt: null,
      sessionNumber: 1,
      carriedActionIds: [],
      pastSessions: [],
    })

    const other = await createBoard(server)
    // One character off (never the same character: a token may end in 'A').
    const oneOff = board.facilitatorToken.slice(0, -1) + (board.facilitatorToken.endsWith('A') ? 'B' : 'A')
    for (const token of [undefined, '', 'x', other.facilitatorToken, oneOff]) {
      const res = await boardInfo(board.id, token)
      expect(res.status).toBe(401)
      const body = (await res.json()) as ApiError & Record<string, unknown>
      expect(body.error).toBe('unauthorized')
      expect(typeof body.message).toBe('string')
      expect(body.createdAt).toBeUndefined()
      expect(body.access).toBeUndefined()
      expect(body.meeting).toBeUndefined()
    }
  })

  it('answers 404 for an unknown board', async () => {
    const unknownId = 'A'.repeat(22)
    rememberSecret('B'.repeat(43))
    for (const id of [unknownId, 'not-an-id', '%E0%A4%A']) {
      const res = await boardInfo(id, 'B'.repeat(43))
      expect(res.status).toBe(404)
      expect(((await res.json()) as ApiError).error).toBe('unknown_board')
    }
  })

  it('reports health and config', async () => {
    const h = await health(server)
    expect(h).toEqual({ ok: true, boardsLoaded: 0, connections: 0, nodeId: expect.any(String), boardsOwned: 0 })
    const res = await fetch(`${server.baseUrl}/api/config`)
    expect(res.status).toBe(200)
    expect((await res.json()) as ServerConfigResponse).toEqual({ boardCreationRequiresKey: false, signIn: false })
  })

  it('answers unknown API routes with 404 and wrong methods with 405, as JSON', async () => {
    const notFound = await fetch(`${server.baseUrl}/api/nope`)
    expect(notFound.status).toBe(404)
    expect(notFound.headers.get('content-type')).toContain('application/json')
    expect(((await notFound.json()) as ApiError).error).toBe('not_found')

    const wrongMethod = await fetch(`${server.baseUrl}/api/boards`, { method: 'GET' })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('POST')
    const body = (await wrongMethod.json()) as ApiError
    expect(body.error).toBe('method_not_allowed')
    expect(body.message.length).toBeGreaterThan(0)

    const deleteHealth = await fetch(`${server.baseUrl}/api/health`, { method: 'DELETE' })
    expect(deleteHealth.status).toBe(405)

    const board = await createBoard(server)
    const getLock = await fetch(`${server.baseUrl}/api/boards/${board.id}/lock`)
    expect(getLock.status).toBe(405)
    expect(getLock.headers.get('allow')).toBe('POST')
    const postMeeting = await fetch(`${server.baseUrl}/api/boards/${board.id}/meeting`, { method: 'POST' })
    expect(postMeeting.headers.get('allow')).toBe('PATCH')
  })

  it('refuses request bodies over 64 KiB', async () => {
    const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', body: 'x'.repeat(100 * 1024) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as ApiError).error).toBe('body_too_large')
  })

  it('sends the security headers on every response', async () => {
    for (const url of ['/api/health', '/api/nope', '/', '/missing.js']) {
      const res = await fetch(server.baseUrl + url)
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      await res.arrayBuffer()
    }
  })
})
