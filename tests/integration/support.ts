/**
 * Shared helpers for the integration tests: real HTTP calls, real y-websocket providers, raw `ws`
 * sockets for bad input, and the "no token in any log line" check.
 */
import { expect } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import type { CreateBoardResponse, HealthResponse } from '../../shared/protocol'
import { MessageType } from '../../shared/protocol'
import type { ServerProcess } from '../helpers/serverProcess'
import { startedServers } from '../helpers/serverProcess'

/** Every secret handed out in this file; none may ever appear in a log line. */
const secrets = new Set<string>()

export function rememberSecret(secret: string): void {
  secrets.add(secret)
}

/** Board content used in this file (names, the resident's words); none may appear in a log line. */
const contents = new Set<string>()

export function rememberContent(text: string): string {
  contents.add(text)
  return text
}

/** Polls until `condition` is truthy; fails with `description` after a generous deadline. */
export async function waitFor<T>(condition: () => T | Promise<T>, description: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await condition()
      if (value) return value
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for: ${description}${lastError ? ` (last error: ${String(lastError)})` : ''}`)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
}

export async function createBoard(server: ServerProcess, headers: Record<string, string> = {}): Promise<CreateBoardResponse> {
  const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', headers })
  expect(res.status).toBe(201)
  const board = (await res.json()) as CreateBoardResponse
  rememberSecret(board.facilitatorToken)
  rememberSecret(board.participantToken)
  rememberSecret(board.residentToken)
  return board
}

export async function health(server: ServerProcess): Promise<HealthResponse> {
  const res = await fetch(`${server.baseUrl}/api/health`)
  expect(res.status).toBe(200)
  return (await res.json()) as HealthResponse
}

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  map: Y.Map<unknown>
  /** Close codes of server-initiated closes seen by this provider. */
  closeCodes: number[]
  destroy(): void
}

/** A stock y-websocket client, as the browser uses it. Resolves when connected (not yet synced). */
export function openClient(server: ServerProcess, boardId: string, token: string): Client {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${server.wsUrl}/sync`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
    maxBackoffTime: 500,
  })
  const closeCodes: number[] = []
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code)
  })
  return {
    doc,
    provider,
    map: doc.getMap('test'),
    closeCodes,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A stock client that has completed its initial sync with the server. */
export async function connectClient(server: ServerProcess, boardId: string, token: string): Promise<Client> {
  const client = openClient(server, boardId, token)
  await waitFor(() => client.provider.synced, 'client synced')
  return client
}

export interface RawSocket {
  ws: WebSocket
  /** Binary messages received, in order. */
  messages: Uint8Array[]
  opened: Promise<void>
  closed: Promise<{ code: number; reason: string }>
}

/** A plain `ws` socket to `/sync/<boardId>?token=...` for sending hand-made frames. */
export function rawSocket(server: ServerProcess, boardId: string, token: string | null): RawSocket {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`
  const ws = new WebSocket(`${server.wsUrl}/sync/${boardId}${query}`)
  const messages: Uint8Array[] = []
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)))
  ws.on('error', () => {}) // the close code is what the tests look at
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('close', () => reject(new Error('closed before open')))
  })
  opened.catch(() => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  return { ws, messages, opened, closed }
}

/** `[sync][update][bytes]`, as a client sends a local change. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** `[sync][step1][state vector]`. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** Every log line of every server started in this file is a JSON event without token, query string or content. */
export function expectLogsClean(): void {
  for (const server of startedServers) {
    for (const line of server.logs) {
      // Every line is one structured event.
      const event = JSON.parse(line) as Record<string, unknown>
      expect(typeof event.time, line).toBe('string')
      expect(['info', 'warn', 'error'], line).toContain(event.level)
      expect(typeof event.event, line).toBe('string')
      expect(line).not.toContain('token=')
      for (const secret of secrets) {
        if (line.includes(secret)) throw new Error(`a secret appeared in the log: ${line.replace(secret, '<SECRET>')}`)
      }
      for (const text of contents) {
        if (line.includes(text)) throw new Error(`board content appeared in the log: ${line}`)
      }
    }
  }
}
