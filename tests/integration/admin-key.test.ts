import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, CreateBoardResponse, ServerConfigResponse } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import { createBoard, expectLogsClean, rememberSecret } from './support'

const ADMIN_KEY = 'test-admin-key-7f3a9c1e5b'
let server: ServerProcess

beforeAll(async () => {
  rememberSecret(ADMIN_KEY)
  server = await startServer({ env: { ADMIN_KEY, PUBLIC_URL: 'https://bord.example.nl/' } })
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

describe('ADMIN_KEY', () => {
  it('is announced in /api/config', async () => {
    const res = await fetch(`${server.baseUrl}/api/config`)
    expect((await res.json()) as ServerConfigResponse).toEqual({ boardCreationRequiresKey: true, signIn: false })
  })

  it('refuses board creation without the right key', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: ADMIN_KEY }] as Record<string, string>[]) {
      const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', headers })
      expect(res.status).toBe(401)
      const body = (await res.json()) as ApiError
      expect(body.error).toBe('admin_key_required')
      expect(body.message.length).toBeGreaterThan(0)
    }
  })

  it('creates a board with the key, with links on PUBLIC_URL', async () => {
    const board: CreateBoardResponse = await createBoard(server, { Authorization: `Bearer ${ADMIN_KEY}` })
    expect(board.facilitatorUrl).toBe(`https://bord.example.nl/b/${board.id}#f=${board.facilitatorToken}`)
    expect(board.participantUrl).toBe(`https://bord.example.nl/b/${board.id}#p=${board.participantToken}`)
  })
})
