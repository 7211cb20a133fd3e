/**
 * Forwards one client's websocket to the board's owner (issue 11). The client's upgrade was
 * accepted here; this opens a websocket to the owner's same path (the client's query, so its
 * token, goes along) with the cluster headers (server/cluster/forwarding.ts) and pipes frames
 * both ways, unchanged (binary stays binary, a text frame stays a text frame for the owner to
 * refuse). The owner runs every check; this node only carries bytes.
 *
 * - Backpressure: when more than `highWaterBytes` wait to be written on one side, the other side
 *   is paused (it stops reading its socket; TCP slows its sender) until they went out.
 * - Close codes pass through both ways. When the owner goes away without a close frame (it
 *   died, or stopped answering pings), the client is closed with 1012 `restarting`: it
 *   reconnects, and its new connection reaches whichever node owns the board by then.
 * - The client's messages that arrived before the owner answered are kept in order and sent first.
 */
import type { IncomingMessage } from 'node:http'
import WebSocket from 'ws'
import type { RawData } from 'ws'
import { CloseCode } from '../../shared/protocol'
import { boardRef, log } from '../log'
import { clusterHeaders, forwardErrorText } from './forwarding'

export interface SocketForwardOptions {
  boardId: string
  doc: 'board' | 'meeting'
  /** The owner: its NODE_URL and id (for the log). */
  ownerUrl: string
  ownerId: string
  nodeId: string
  clusterSecret: string
  clientAddress: string
  /** Bytes waiting in one direction before the other side is paused. */
  highWaterBytes: number
  /** How long the owner may take to answer the upgrade. */
  handshakeTimeoutMs: number
  /** The owner is pinged this often; no pong by the next ping and it counts as gone. */
  ownerPingIntervalMs: number
  onClosed: (forward: SocketForward) => void
}

/** Codes that may not be sent in a close frame (they only describe what a side saw). */
function sendableCode(code: number, fallback: number): number {
  if (code === 1005 || code === 1006 || code === 1015) return fallback
  if ((code >= 1000 && code <= 1014 && code !== 1004) || (code >= 3000 && code <= 4999)) return code
  return fallback
}

function reasonText(reason: Buffer | string): string {
  const text = typeof reason === 'string' ? reason : reason.toString('utf8')
  // A close reason is at most 123 bytes.
  return Buffer.byteLength(text) <= 123 ? text : ''
}

export class SocketForward {
  private readonly upstream: WebSocket
  private closed = false
  private upstreamAlive = true
  private clientAlive = true
  private readonly pingTimer: NodeJS.Timeout
  /** Bytes sent and not yet written, per direction. */
  private toOwner = 0
  private toClient = 0
  private clientPaused = true
  private upstreamPaused = false

  constructor(
    readonly client: WebSocket,
    req: IncomingMessage,
    held: ReadonlyArray<readonly [RawData, boolean]>,
    private readonly options: SocketForwardOptions,
  ) {
    // The client socket arrives paused (server/syncLifecycle.ts): it is resumed once the owner answered.
    const base = options.ownerUrl.replace(/^http/, 'ws')
    this.upstream = new WebSocket(`${base}${req.url ?? '/'}`, {
      // The session cookie and its Origin go along (issue 12): a right by account is checked on the owner.
      headers: { ...passedOn(req, ['cookie', 'origin']), ...clusterHeaders(options.nodeId, options.clusterSecret, options.clientAddress) },
      handshakeTimeout: options.handshakeTimeoutMs,
      // What the owner sends is not limited here (a large board's first sync may be bigger than
      // MAX_MESSAGE_BYTES, which limits what clients send); the client's side is limited by
      // this node's own websocket server like any connection.
      maxPayload: 0,
      perMessageDeflate: false,
    })
    const pending: Array<readonly [RawData, boolean]> = [...held]
    const holdClient = (data: RawData, isBinary: boolean) => pending.push([data, isBinary])
    client.on('message', holdClient)
    client.on('pong', () => {
      this.clientAlive = true
    })
    client.on('close', (code, reason) => this.onClientClosed(code, reason))
    client.on('error', () => {
      // `ws` closes it afterwards; the close handler does the rest.
    })

    this.upstream.on('open', () => {
      if (this.closed) return
      client.off('message', holdClient)
      for (const [data, isBinary] of pending) this.sendToOwner(data, isBinary)
      client.on('message', (data, isBinary) => this.sendToOwner(data, isBinary))
      this.resumeClient()
      log('info', 'forward_opened', { board: boardRef(options.boardId), doc: options.doc, owner: options.ownerId })
    })
    this.upstream.on('message', (data, isBinary) => this.sendToClient(data, isBinary))
    this.upstream.on('pong', () => {
      this.upstreamAlive = true
    })
    this.upstream.on('unexpected-response', (_request, response) => {
      // The owner refused the upgrade (shutting down: 503; not the owner any more and the lease
      // still live elsewhere: 503; wrong secret: 403). The client tries again.
      this.fail(`owner answered ${response.statusCode ?? '?'}`)
      response.resume()
    })
    this.upstream.on('error', (err) => this.fail(forwardErrorText(err)))
    this.upstream.on('close', (code, reason) => this.onUpstreamClosed(code, reason))

    this.pingTimer = setInterval(() => this.pingOwner(), options.ownerPingIntervalMs)
    this.pingTimer.unref()
  }

  get boardId(): string {
    return this.options.boardId
  }

  /** The lifecycle's keepalive (every 30 s): terminate a client that did not answer the last ping. */
  keepalive(): void {
    if (!this.clientAlive) {
      this.client.terminate()
      return
    }
    this.clientAlive = false
    try {
      this.client.ping()
    } catch {
      this.client.terminate()
    }
  }

  /** Closes both sides (shutdown: 1012, the client reconnects to another node). */
  close(code: number, reason: string): void {
    this.finish()
    this.closeClient(code, reason)
    this.closeUpstream(1001)
  }

  private pingOwner(): void {
    if (this.upstream.readyState !== WebSocket.OPEN) return
    if (!this.upstreamAlive) {
      this.fail('owner did not answer a ping')
      return
    }
    this.upstreamAlive = false
    try {
      this.upstream.ping()
    } catch {
      this.fail('owner ping failed')
    }
  }

  private sendToOwner(data: RawData, isBinary: boolean): void {
    if (this.closed || this.upstream.readyState !== WebSocket.OPEN) return
    const size = byteLength(data)
    this.toOwner += size
    this.upstream.send(data, { binary: isBinary }, () => {
      this.toOwner -= size
      if (this.toOwner <= this.options.highWaterBytes / 2) this.resumeClient()
    })
    if (this.toOwner > this.options.highWaterBytes) this.pauseClient()
  }

  private sendToClient(data: RawData, isBinary: boolean): void {
    if (this.closed || this.client.readyState !== WebSocket.OPEN) return
    const size = byteLength(data)
    this.toClient += size
    this.client.send(data, { binary: isBinary }, () => {
      this.toClient -= size
      if (this.toClient <= this.options.highWaterBytes / 2 && this.upstreamPaused) {
        this.upstreamPaused = false
        this.upstream.resume()
      }
    })
    if (this.toClient > this.options.highWaterBytes && !this.upstreamPaused) {
      this.upstreamPaused = true
      this.upstream.pause()
    }
  }

  private pauseClient(): void {
    if (this.clientPaused) return
    this.clientPaused = true
    this.client.pause()
  }

  private resumeClient(): void {
    if (!this.clientPaused || this.closed) return
    this.clientPaused = false
    this.client.resume()
  }

  /** The owner could not be reached or stopped answering: the client reconnects (1012). */
  private fail(why: string): void {
    if (this.closed) return
    log('warn', 'forward_failed', { board: boardRef(this.options.boardId), doc: this.options.doc, owner: this.options.ownerId, error: why })
    this.finish()
    this.closeClient(CloseCode.restarting, 'restarting')
    this.upstream.terminate()
  }

  private onUpstreamClosed(code: number, reason: Buffer): void {
    if (this.closed) return
    this.finish()
    // The owner's own close (4404, 4401, 4400, 1012 …) reaches the client as it was; an owner
    // that vanished without a close frame is "restarting" for the client.
    const sendable = sendableCode(code, CloseCode.restarting)
    this.closeClient(sendable, sendable === code ? reasonText(reason) : 'restarting')
    log('info', 'forward_closed', { board: boardRef(this.options.boardId), doc: this.options.doc, code, by: 'owner' })
  }

  private onClientClosed(code: number, reason: Buffer): void {
    const wasClosed = this.closed
    this.finish()
    if (!wasClosed) log('info', 'forward_closed', { board: boardRef(this.options.boardId), doc: this.options.doc, code, by: 'client' })
    const sendable = sendableCode(code, 1001)
    this.closeUpstream(sendable, sendable === code ? reasonText(reason) : '')
  }

  private closeClient(code: number, reason: string): void {
    // Read on (it may have been paused): the close handshake needs the client's close frame.
    this.clientPaused = false
    this.client.resume()
    if (this.client.readyState === WebSocket.CLOSED || this.client.readyState === WebSocket.CLOSING) return
    try {
      this.client.close(code, reason)
    } catch {
      this.client.terminate()
    }
  }

  private closeUpstream(code: number, reason = ''): void {
    const state = this.upstream.readyState
    if (state === WebSocket.CLOSED || state === WebSocket.CLOSING) return
    if (state === WebSocket.CONNECTING) {
      this.upstream.terminate()
      return
    }
    try {
      this.upstream.close(code, reason)
    } catch {
      this.upstream.terminate()
    }
  }

  private finish(): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.pingTimer)
    this.options.onClosed(this)
  }
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0)
  return data.byteLength
}

/** The named request headers that are present, as one string each. */
function passedOn(req: IncomingMessage, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of names) {
    const value = req.headers[name]
    if (typeof value === 'string') out[name] = value
  }
  return out
}
