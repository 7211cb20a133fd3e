import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import type { BoardLinksResponse } from '../../shared/protocol'
import { cleanupServers, postgresUrlOf, startServer } from '../helpers/serverProcess'
import { api, dumpAllRows } from '../helpers/meetingFixtures'
import { clusterFileBytes } from '../helpers/postgres'
import { createBoard, expectLogsClean } from './support'

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

describe('share links for the facilitator', () => {
  it('gives the facilitator the three links again; participants and the resident get 403', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    const links = await api<BoardLinksResponse>(server, 'GET', `/api/boards/${board.id}/links`, board.facilitatorToken)
    expect(links.status).toBe(200)
    expect(links.body).toEqual({
      facilitatorUrl: board.facilitatorUrl,
      participantUrl: board.participantUrl,
      residentUrl: board.residentUrl,
    })
    for (const token of [board.participantToken, board.residentToken]) {
      expect((await api(server, 'GET', `/api/boards/${board.id}/links`, token)).status).toBe(403)
    }
    expect((await api(server, 'GET', `/api/boards/${board.id}/links`, 'x'.repeat(43))).status).toBe(401)
  })

  it('keeps no usable token at rest: neither the tokens nor the links appear in the database file', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    await server.stop()
    // SQLite: the database file and its WAL; PostgreSQL: every file of the test cluster (tables,
    // indexes, WAL) — and on both every row as the database reads it.
    const files = fs.readdirSync(server.dataDir).filter((f) => f.startsWith('boards.sqlite'))
    // File by file: the test cluster, shared by the whole run, grows past what one string holds.
    const stored = postgresUrlOf(server.dataDir) !== undefined
      ? await clusterFileBytes()
      : files.map((f) => fs.readFileSync(path.join(server.dataDir, f)))
    const rows = dumpAllRows(server.dataDir)
    expect(rows).toContain(board.id)
    for (const secret of [board.facilitatorToken, board.participantToken, board.residentToken]) {
      expect(stored.some((file) => file.includes(secret, 0, 'latin1'))).toBe(false)
      expect(rows.includes(secret)).toBe(false)
    }
    // After a restart the sealed links still open with the facilitator's token.
    const again = await startServer({ dataDir: server.dataDir })
    const links = await api<BoardLinksResponse>(again, 'GET', `/api/boards/${board.id}/links`, board.facilitatorToken)
    const boardPath = (url: string) => url.slice(url.indexOf('/b/'))
    expect(boardPath(links.body.participantUrl)).toBe(boardPath(board.participantUrl))
    expect(boardPath(links.body.residentUrl)).toBe(boardPath(board.residentUrl))
  })
})
