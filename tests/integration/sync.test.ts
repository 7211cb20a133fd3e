import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, health, openClient, rawSocket, rememberSecret, waitFor } from './support'

let server: ServerProcess
const clients: Client[] = []

async function join(boardId: string, token: string): Promise<Client> {
  const client = await connectClient(server, boardId, token)
  clients.push(client)
  return client
}

beforeAll(async () => {
  server = await startServer({ env: { BOARD_UNLOAD_GRACE_MS: '200' } })
})

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

describe('sync', () => {
  it('makes two clients converge, both ways', async () => {
    const board = await createBoard(server)
    const a = await join(board.id, board.facilitatorToken)
    const b = await join(board.id, board.participantToken)

    a.map.set('fromA', 'hallo')
    await waitFor(() => b.map.get('fromA') === 'hallo', 'b sees a')
    b.map.set('fromB', { n: 1 })
    await waitFor(() => (a.map.get('fromB') as { n: number } | undefined)?.n === 1, 'a sees b')

    // Concurrent edits of the same key end up equal on both sides.
    a.map.set('both', 'a')
    b.map.set('both', 'b')
    await waitFor(() => a.map.get('both') === b.map.get('both') && a.map.get('both') !== undefined, 'converged')
    expect(a.map.toJSON()).toEqual(b.map.toJSON())
  })

  it('gives a late joiner the full state', async () => {
    const board = await createBoard(server)
    const a = await join(board.id, board.facilitatorToken)
    for (let i = 0; i < 50; i++) a.map.set(`k${i}`, i)
    const b = await join(board.id, board.participantToken)
    await waitFor(() => b.map.size === 50, 'late joiner has everything')
    expect(b.map.toJSON()).toEqual(a.map.toJSON())
  })

  it('shares presence (awareness) between clients', async () => {
    const board = await createBoard(server)
    const a = await join(board.id, board.facilitatorToken)
    a.provider.awareness.setLocalStateField('user', { name: 'Ansaj' })
    const b = await join(board.id, board.participantToken)
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Ansaj', 'b sees a')
    a.destroy()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'a removed from b when a leaves')
  })

  it('refuses a wrong or missing token with 4401 and sends nothing', async () => {
    const board = await createBoard(server)
    const other = await createBoard(server)
    for (const token of [other.facilitatorToken, 'x', null]) {
      const socket = rawSocket(server, board.id, token)
      const { code } = await socket.closed
      expect(code).toBe(CloseCode.unauthorized)
      expect(socket.messages).toHaveLength(0)
    }
  })

  it('refuses an unknown board with 4404 and sends nothing', async () => {
    const token = 'C'.repeat(43)
    rememberSecret(token)
    for (const id of ['A'.repeat(22), 'short']) {
      const socket = rawSocket(server, id, token)
      const { code } = await socket.closed
      expect(code).toBe(CloseCode.unknownBoard)
      expect(socket.messages).toHaveLength(0)
    }
  })

  it('syncs the meeting document at /sync/<id>/meeting with the same token checks', async () => {
    const board = await createBoard(server)
    const other = await createBoard(server)
    for (const token of [board.facilitatorToken, board.participantToken, board.residentToken]) {
      const client = await join(`${board.id}/meeting`, token)
      await waitFor(() => client.doc.getMap('meeting').get('state') === 'open', 'meeting state arrives')
    }
    for (const token of [other.facilitatorToken, 'x', null]) {
      const socket = rawSocket(server, `${board.id}/meeting`, token)
      expect((await socket.closed).code).toBe(CloseCode.unauthorized)
      expect(socket.messages).toHaveLength(0)
    }
    for (const room of [`${'A'.repeat(22)}/meeting`, `${board.id}/other`, `${board.id}/meeting/meeting`]) {
      const socket = rawSocket(server, room, board.facilitatorToken)
      expect((await socket.closed).code).toBe(CloseCode.unknownBoard)
      expect(socket.messages).toHaveLength(0)
    }
  })

  it('relays presence on the meeting document too (the stock client needs the echo)', async () => {
    const board = await createBoard(server)
    const a = await join(`${board.id}/meeting`, board.residentToken)
    a.provider.awareness.setLocalStateField('user', { name: 'telefoon' })
    const b = await join(`${board.id}/meeting`, board.facilitatorToken)
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 'b sees a on the meeting document')
  })

  it('stops a stock client from reconnecting after a refusal', async () => {
    const board = await createBoard(server)
    const other = await createBoard(server)
    const client = openClient(server, board.id, other.participantToken)
    clients.push(client)
    const closed = await new Promise<{ code: number }>((resolve) => client.provider.once('closed', resolve))
    expect(closed.code).toBe(CloseCode.unauthorized)
    expect(client.provider.shouldConnect).toBe(false)
  })

  it('lets a participant edit', async () => {
    const board = await createBoard(server)
    const facilitator = await join(board.id, board.facilitatorToken)
    const participant = await join(board.id, board.participantToken)
    participant.map.set('idee', 'budgetcoach bespreken')
    await waitFor(() => facilitator.map.get('idee') === 'budgetcoach bespreken', 'facilitator sees participant edit')
  })

  it('unloads a board after its last client left, and loads it again', async () => {
    // Boards of earlier tests unload after the 200 ms grace; start from an empty server.
    await waitFor(async () => (await health(server)).boardsLoaded === 0, 'earlier boards unloaded')
    const board = await createBoard(server)
    const a = await join(board.id, board.facilitatorToken)
    a.map.set('blijft', true)
    await waitFor(async () => (await health(server)).connections === 1, 'one connection')
    expect((await health(server)).boardsLoaded).toBe(1)
    clients.splice(0).forEach((c) => c.destroy())
    await waitFor(async () => (await health(server)).boardsLoaded === 0, 'board unloaded')
    expect((await health(server)).connections).toBe(0)
    const unloaded = server.events().filter((e) => e.event === 'board_unloaded' && e.board === board.id.slice(0, 6))
    expect(unloaded.length).toBeGreaterThan(0)

    const b = await join(board.id, board.participantToken)
    await waitFor(() => b.map.get('blijft') === true, 'state back after reload')
  })

  it('loads a board once when two clients arrive together', async () => {
    const board = await createBoard(server)
    const pair = await Promise.all([join(board.id, board.facilitatorToken), join(board.id, board.participantToken)])
    pair[0].map.set('x', 1)
    await waitFor(() => pair[1].map.get('x') === 1, 'shared board')
    const loads = server.events().filter((e) => e.event === 'board_loaded' && e.board === board.id.slice(0, 6))
    expect(loads).toHaveLength(1)
  })

  it('logs board ids only as a 6-character prefix', () => {
    for (const event of server.events()) {
      if ('board' in event) expect(String(event.board)).toHaveLength(6)
    }
    const fullIds = server.logs.filter((line) => /[A-Za-z0-9_-]{22}/.test(line))
    expect(fullIds).toEqual([])
  })
})

