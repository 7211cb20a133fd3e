import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { CreateBoardResponse } from '../../shared/protocol'
import { CloseCode, MessageType } from '../../shared/protocol'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, health, rawSocket, updateMessage, waitFor } from './support'

const MAX_MESSAGE_BYTES = 64 * 1024
let server: ServerProcess
let board: CreateBoardResponse
let observer: Client
let writer: Client
let round = 0

beforeAll(async () => {
  server = await startServer({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } })
  board = await createBoard(server)
  observer = await connectClient(server, board.id, board.participantToken)
  writer = await connectClient(server, board.id, board.facilitatorToken)
})

afterAll(async () => {
  observer?.destroy()
  writer?.destroy()
  expectLogsClean()
  await cleanupServers()
})

/** Sends `frame` on a fresh authenticated socket and checks only that socket is closed. */
async function expectOnlyOffenderClosed(send: (ws: import('ws').WebSocket) => void, expectedCode: number): Promise<void> {
  const offender = rawSocket(server, board.id, board.participantToken)
  await offender.opened
  send(offender.ws)
  const { code } = await offender.closed
  expect(code).toBe(expectedCode)

  // Everyone else carries on.
  const key = `round${++round}`
  writer.map.set(key, round)
  await waitFor(() => observer.map.get(key) === round, 'observer still receives updates')
  expect(observer.provider.wsconnected && writer.provider.wsconnected).toBe(true)
  expect([...observer.closeCodes, ...writer.closeCodes]).toEqual([])
  expect((await health(server)).ok).toBe(true)
}

function validUpdate(): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('test').set('bad', 'x'.repeat(100))
  return updateMessage(Y.encodeStateAsUpdate(doc))
}

describe('bad input closes only the offending connection', () => {
  it('garbage bytes', async () => {
    await expectOnlyOffenderClosed((ws) => ws.send(Buffer.from('deadbeefcafebabe0123456789abcdef', 'hex')), CloseCode.malformedMessage)
  })

  it('a text frame', async () => {
    await expectOnlyOffenderClosed((ws) => ws.send('hallo'), CloseCode.malformedMessage)
  })

  it('a truncated sync update', async () => {
    const message = validUpdate()
    await expectOnlyOffenderClosed((ws) => ws.send(message.subarray(0, message.length - 20)), CloseCode.malformedMessage)
    expect(observer.map.has('bad')).toBe(false)
  })

  it('a well-framed update with garbage inside', async () => {
    const garbage = updateMessage(new Uint8Array([0xff, 0xff, 0xff, 0x7f, 1, 2, 3]))
    await expectOnlyOffenderClosed((ws) => ws.send(garbage), CloseCode.malformedMessage)
  })

  it('unknown message types', async () => {
    await expectOnlyOffenderClosed((ws) => ws.send(new Uint8Array([42])), CloseCode.malformedMessage)
    await expectOnlyOffenderClosed((ws) => ws.send(new Uint8Array([MessageType.sync, 9, 0])), CloseCode.malformedMessage)
    await expectOnlyOffenderClosed((ws) => ws.send(new Uint8Array([])), CloseCode.malformedMessage)
  })

  it('an oversized message', async () => {
    await expectOnlyOffenderClosed((ws) => ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 1024)), CloseCode.messageTooBig)
  })

  it('a flood of messages', async () => {
    const query = new Uint8Array([MessageType.queryAwareness])
    await expectOnlyOffenderClosed((ws) => {
      for (let i = 0; i < 5000; i++) ws.send(query)
    }, CloseCode.flood)
  })

  it('logs each rejection without token or content', () => {
    const reasons = server
      .events()
      .filter((e) => e.event === 'message_rejected')
      .map((e) => e.reason)
    expect(reasons).toEqual(
      expect.arrayContaining(['text_frame', 'flood', 'invalid_document_update', 'unknown_message_type', 'message_too_big']),
    )
    expect(server.logs.join('\n')).not.toContain('x'.repeat(20))
  })
})
