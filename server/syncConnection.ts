/**
 * One websocket connection to one document of a board (the board document or the meeting
 * document), speaking the y-websocket protocol of the stock client:
 *   [0 sync][step1 | step2 | update] · [1 awareness][update] · [3 query awareness]
 *
 * Any frame that is not a valid message closes this connection only (4400); a connection that
 * sends faster than its budget is closed with 4429. Document updates the board refuses (locked,
 * closed, read-only) are dropped without closing: the client did nothing malformed. Nothing here
 * may throw into `ws`.
 */
import type { WebSocket, RawData } from 'ws'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import type { Access } from '../shared/protocol'
import { CloseCode, MessageType } from '../shared/protocol'
import type { LoadedBoard } from './boards'
import type { DocKind } from './storage'
import type { BoardConnection, SyncedDocument, UpdateRefusal } from './syncedDocument'
import { boardRef, errorText, log } from './log'
import { awarenessClaimsOtherAccess } from './awarenessCheck'

export interface FloodLimits {
  /** Sustained messages per second; the bucket holds `burstSeconds` worth on top. */
  messagesPerSecond: number
  /** Sustained bytes per second. */
  bytesPerSecond: number
  burstSeconds: number
}

/**
 * Token buckets for messages and bytes: a client may burst up to `burstSeconds` of budget, then
 * is held to the sustained rate. Dragging a shape is ~60 updates/s plus ~20 awareness/s.
 */
export class FloodGuard {
  private messageBudget: number
  private byteBudget: number
  private last = performance.now()

  constructor(private readonly limits: FloodLimits) {
    this.messageBudget = limits.messagesPerSecond * limits.burstSeconds
    this.byteBudget = limits.bytesPerSecond * limits.burstSeconds
  }

  /** Spends budget for one message; false when the connection is over budget. */
  allow(bytes: number): boolean {
    const now = performance.now()
    const seconds = (now - this.last) / 1000
    this.last = now
    const { messagesPerSecond, bytesPerSecond, burstSeconds } = this.limits
    this.messageBudget = Math.min(messagesPerSecond * burstSeconds, this.messageBudget + seconds * messagesPerSecond)
    this.byteBudget = Math.min(bytesPerSecond * burstSeconds, this.byteBudget + seconds * bytesPerSecond)
    this.messageBudget -= 1
    this.byteBudget -= bytes
    return this.messageBudget >= 0 && this.byteBudget >= 0
  }
}

class MalformedMessage extends Error {}

export class SyncConnection implements BoardConnection {
  /** Cleared by each ping, set by the pong; see `keepalive()`. */
  alive = true
  private closing = false
  private readonly flood: FloodGuard
  private readonly document: SyncedDocument
  /** Refused document updates; the first is logged, the count goes into `connection_closed`. */
  private updatesDropped = 0

  constructor(
    readonly socket: WebSocket,
    readonly board: LoadedBoard,
    readonly kind: DocKind,
    readonly access: Access,
    floodLimits: FloodLimits,
    private readonly onClosed: (conn: SyncConnection) => void,
  ) {
    this.flood = new FloodGuard(floodLimits)
    this.document = board.document(kind)
    socket.on('message', (data, isBinary) => this.guard(() => this.onMessage(data, isBinary)))
    socket.on('pong', () => {
      this.alive = true
    })
    socket.on('close', (code) => this.guard(() => this.onSocketClosed(code)))
    board.addConnection(kind, this)
    log('info', 'connection_opened', { board: boardRef(board.id), doc: kind, access })

    // Sync step 1 (what the server has), then everyone's presence.
    this.send(this.document.syncStep1())
    const awareness = this.document.encodeAwareness()
    if (awareness !== null) this.send(awareness)
  }

  send(message: Uint8Array): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return
    this.socket.send(message, (err) => {
      if (err) this.close(1011, 'send failed')
    })
  }

  close(code: number, reason: string): void {
    if (this.closing) return
    this.closing = true
    try {
      this.socket.close(code, reason)
    } catch {
      this.socket.terminate()
    }
  }

  /** Called every keepalive interval: terminate if the previous ping got no pong. */
  keepalive(): void {
    if (!this.alive) {
      log('info', 'connection_timeout', { board: boardRef(this.board.id) })
      this.socket.terminate()
      return
    }
    this.alive = false
    try {
      this.socket.ping()
    } catch {
      this.socket.terminate()
    }
  }

  /** 'error' from the socket; `ws` closes it afterwards by itself. */
  onSocketError(err: Error & { code?: string }): void {
    this.closing = true
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      log('warn', 'message_rejected', { board: boardRef(this.board.id), access: this.access, reason: 'message_too_big' })
    } else {
      log('warn', 'socket_error', { board: boardRef(this.board.id), error: errorText(err) })
    }
  }

  private guard(handler: () => void): void {
    try {
      handler()
    } catch (err) {
      // A bug must cost at most this one connection, never the process.
      log('error', 'connection_error', { board: boardRef(this.board.id), error: errorText(err) })
      this.close(1011, 'internal error')
    }
  }

  private onSocketClosed(code: number): void {
    this.closing = true
    this.document.removeConnection(this)
    this.onClosed(this)
    log('info', 'connection_closed', {
      board: boardRef(this.board.id),
      doc: this.kind,
      code,
      updatesDropped: this.updatesDropped > 0 ? this.updatesDropped : undefined,
    })
  }

  private reject(code: number, reason: string, logReason: string): void {
    log('warn', 'message_rejected', { board: boardRef(this.board.id), access: this.access, reason: logReason })
    this.close(code, reason)
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return
    const bytes = toBytes(data)
    if (!this.flood.allow(bytes.byteLength)) {
      this.reject(CloseCode.flood, 'too many messages', 'flood')
      return
    }
    if (!isBinary) {
      this.reject(CloseCode.malformedMessage, 'text frames are not supported', 'text_frame')
      return
    }
    try {
      this.handleMessage(bytes)
    } catch (err) {
      const reason = err instanceof MalformedMessage ? err.message : 'malformed message'
      this.reject(CloseCode.malformedMessage, reason, reason.replaceAll(' ', '_'))
    }
  }

  private handleMessage(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes)
    const messageType = decoding.readVarUint(decoder)
    switch (messageType) {
      case MessageType.sync:
        this.handleSync(decoder)
        return
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder)
        // A state claiming another access than this token gives is not passed on (see awarenessCheck).
        if (awarenessClaimsOtherAccess(update, this.access)) return
        awarenessProtocol.applyAwarenessUpdate(this.document.awareness, update, this)
        return
      }
      case MessageType.queryAwareness: {
        const awareness = this.document.encodeAwareness()
        if (awareness !== null) this.send(awareness)
        return
      }
      default:
        throw new MalformedMessage('unknown message type')
    }
  }

  /** Logged once per connection: a client that keeps editing a locked board must not flood the log. */
  private noteDropped(reason: UpdateRefusal): void {
    this.updatesDropped++
    if (this.updatesDropped === 1) {
      log('info', 'update_dropped', { board: boardRef(this.board.id), doc: this.kind, access: this.access, reason })
    }
  }

  private handleSync(decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder)
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = decoding.readVarUint8Array(decoder)
        Y.decodeStateVector(stateVector) // throws on garbage before we build an answer
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MessageType.sync)
        syncProtocol.writeSyncStep2(encoder, this.document.doc, stateVector)
        this.send(encoding.toUint8Array(encoder))
        return
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder)
        const result = this.document.applyClientUpdate(update, this)
        if (result === 'invalid') throw new MalformedMessage('invalid document update')
        if (result !== 'applied' && result !== 'empty') this.noteDropped(result)
        return
      }
      default:
        throw new MalformedMessage('unknown sync message type')
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) data = Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
