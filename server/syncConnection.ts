/**
 * Step 4 of the sync lifecycle (server/syncLifecycle.ts): one websocket connection to one
 * document of a board (the board document or the meeting document), speaking the y-websocket
 * protocol of the stock client:
 *   [0 sync][step1 | step2 | update] · [1 awareness][update] · [3 query awareness]
 *
 * Any frame that is not a valid message closes this connection only (4400); a connection that
 * sends faster than its budget (server/floodGuard.ts) is closed with 4429. Document updates the
 * board refuses (locked, closed, read-only) are dropped without closing: the client did nothing
 * malformed. Nothing here may throw into `ws`.
 *
 * Presence (awareness) is checked before it is applied or relayed (server/awarenessCheck.ts): a
 * state over the limits closes its sender (4413) and is never stored; a client id belongs to the
 * connection that introduced it (4403 for anyone else; a newer connection with the same access
 * takes it over and the old one is closed with 4409). Should the board's presence still fail to
 * encode for a newcomer, the state that fails is dropped and its owner closed — never the newcomer.
 * A client that stops reading is terminated once its send buffer holds more than the limit.
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
import { toMessage } from './syncedDocument'
import { boardRef, errorText, log } from './log'
import type { PresenceEntry, PresenceView } from './awarenessCheck'
import { claimsOtherAccess, encodeAwarenessEntries, judgePresence, PresenceRefusal, readAwarenessUpdate } from './awarenessCheck'
import { PresenceCloseCode } from './presenceLimits'
import { FloodGuard } from './floodGuard'
import type { FloodLimits } from './floodGuard'

class MalformedMessage extends Error {}

/**
 * Every message is binary and goes out as it is: no permessage-deflate (the server does not
 * offer it; compressing each small message would cost more CPU than the bytes it saves).
 */
const SEND_OPTIONS = { binary: true, compress: false } as const

/**
 * Who owns which presence client id, per document (keyed by its Awareness, so it goes with it).
 * SyncedDocument keeps its own list of the ids a connection added, to remove them when it leaves;
 * this one also knows ids taken over, and which connection they came from.
 */
const presenceOwners = new WeakMap<awarenessProtocol.Awareness, Map<number, SyncConnection>>()

function ownersOf(awareness: awarenessProtocol.Awareness): Map<number, SyncConnection> {
  let owners = presenceOwners.get(awareness)
  if (owners === undefined) {
    owners = new Map()
    presenceOwners.set(awareness, owners)
  }
  return owners
}

/** The document's presence as the checks see it; one per document, not one per message. */
const presenceViews = new WeakMap<awarenessProtocol.Awareness, PresenceView<SyncConnection>>()

function presenceViewOf(awareness: awarenessProtocol.Awareness): PresenceView<SyncConnection> {
  let view = presenceViews.get(awareness)
  if (view === undefined) {
    const owners = ownersOf(awareness)
    view = {
      serverClientId: awareness.clientID,
      clockOf: (clientId) => awareness.meta.get(clientId)?.clock,
      hasState: (clientId) => awareness.getStates().has(clientId),
      ownerOf: (clientId) => owners.get(clientId),
      ownedCount: (conn) => {
        let count = 0
        for (const owner of owners.values()) if (owner === conn) count++
        return count
      },
    }
    presenceViews.set(awareness, view)
  }
  return view
}

let connectionSerial = 0

export class SyncConnection implements BoardConnection {
  /** Cleared by each ping, set by the pong; see `keepalive()`. */
  alive = true
  private closing = false
  /** Cleared at shutdown before the boards are stored (`stopReading`): later messages are ignored. */
  private reading = true
  private readonly flood: FloodGuard
  private readonly document: SyncedDocument
  /** A document update was applied since the last `takeActivity()` (a session in use is not idle). */
  private changedSinceCheck = false
  /** Refused document updates; the first is logged, the count goes into `connection_closed`. */
  private updatesDropped = 0
  /** Order of opening (a reconnecting client's new connection has a larger one than its old). */
  readonly serial = ++connectionSerial

  constructor(
    readonly socket: WebSocket,
    readonly board: LoadedBoard,
    readonly kind: DocKind,
    readonly access: Access,
    floodLimits: FloodLimits,
    /** Bytes that may wait in the send buffer; beyond, the client is not reading: terminated. */
    private readonly sendBufferLimit: number,
    private readonly onClosed: (conn: SyncConnection) => void,
  ) {
    this.flood = new FloodGuard(floodLimits)
    this.document = board.document(kind)
    socket.on('message', this.onSocketMessage)
    socket.on('pong', () => {
      this.alive = true
    })
    socket.on('close', (code) => this.guard(() => this.onSocketClosed(code)))
    board.addConnection(kind, this)
    log('info', 'connection_opened', { board: boardRef(board.id), doc: kind, access })

    // Sync step 1 (what the server has), then everyone's presence.
    this.send(this.document.syncStep1())
    this.sendAllPresence()
  }

  send(message: Uint8Array): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return
    if (this.socket.bufferedAmount > this.sendBufferLimit) {
      // It does not read what it is sent: a close frame would never reach it either.
      log('warn', 'send_buffer_full', { board: boardRef(this.board.id), doc: this.kind, access: this.access, bytes: this.socket.bufferedAmount })
      this.closing = true
      this.socket.terminate()
      return
    }
    this.socket.send(message, SEND_OPTIONS, this.afterSend)
  }

  /** One callback for every send of this connection (not a closure per message). */
  private readonly afterSend = (err?: Error): void => {
    if (err) this.close(1011, 'send failed')
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

  /**
   * Shutdown handover: from now on nothing this client sends is taken (the client keeps it and
   * sends it again to whichever node serves the board next); what is committed still reaches it.
   */
  stopReading(): void {
    this.reading = false
  }

  /** Whether this client changed the document since the last call (sign-in: its session is in use). */
  takeActivity(): boolean {
    const changed = this.changedSinceCheck
    this.changedSinceCheck = false
    return changed
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
      this.onHandlerError(err)
    }
  }

  /** Every message goes through here; no closure per message (it is the hot path). */
  private readonly onSocketMessage = (data: RawData, isBinary: boolean): void => {
    try {
      this.onMessage(data, isBinary)
    } catch (err) {
      this.onHandlerError(err)
    }
  }

  private onHandlerError(err: unknown): void {
    // A bug must cost at most this one connection, never the process.
    log('error', 'connection_error', { board: boardRef(this.board.id), error: errorText(err) })
    this.close(1011, 'internal error')
  }

  private onSocketClosed(code: number): void {
    this.closing = true
    this.leaveDocument()
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
    // At once, not when the close handshake ends (up to 30 s for a client that does not read):
    // nothing this connection announced stays behind, and it is sent nothing more.
    this.leaveDocument()
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing || !this.reading) return
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
        // The whole message, when nothing follows the update: it may be relayed as it came.
        this.handleAwareness(update, decoder.pos === bytes.length ? bytes : null)
        return
      }
      case MessageType.queryAwareness:
        this.sendAllPresence()
        return
      default:
        throw new MalformedMessage('unknown message type')
    }
  }

  /**
   * Leaves the document: the presence states this connection controls are removed (and every
   * other connection told). Also called when it is closed because another took its id over.
   */
  private leaveDocument(): void {
    this.document.removeConnection(this)
    const awareness = this.document.awareness
    const owners = ownersOf(awareness)
    const lingering: number[] = []
    for (const [clientId, owner] of owners) {
      if (owner !== this) continue
      owners.delete(clientId)
      // SyncedDocument removes the ids it saw this connection add; anything else it owned goes too.
      if (awareness.getStates().has(clientId)) lingering.push(clientId)
    }
    if (lingering.length > 0) awarenessProtocol.removeAwarenessStates(awareness, lingering, this)
  }

  /** A newer connection with the same access took over one of this connection's client ids. */
  private evictForTakeover(): void {
    log('info', 'presence_taken_over', { board: boardRef(this.board.id), doc: this.kind, access: this.access })
    this.close(PresenceCloseCode.presenceTakenOver, 'presence taken over')
    this.leaveDocument()
  }

  /**
   * One awareness update from this client: every entry that would change something is checked
   * before any of it is applied (limits, claimed access, ownership of each client id); then only
   * the entries that are this connection's to change are applied and relayed. Entries that would
   * change nothing (echoes) are not even read.
   */
  private handleAwareness(update: Uint8Array, message: Uint8Array | null): void {
    const awareness = this.document.awareness
    const view = presenceViewOf(awareness)
    let entries
    try {
      // Only the entries that would change something are read (the rest are echoes).
      entries = readAwarenessUpdate(update, view)
    } catch (err) {
      if (err instanceof PresenceRefusal) {
        this.reject(PresenceCloseCode.presenceRefused, err.message, err.message.replaceAll(' ', '_'))
        return
      }
      throw new MalformedMessage('invalid awareness update')
    }
    if (entries.length === 0) return
    // A state claiming another access than this token gives is not passed on (see awarenessCheck).
    if (claimsOtherAccess(entries, this.access)) return

    const owners = ownersOf(awareness)
    const verdict = judgePresence(entries, this, view)
    if (verdict.kind === 'refuse') {
      this.reject(verdict.code, verdict.reason, verdict.reason.replaceAll(' ', '_'))
      return
    }
    if (verdict.entries.length === 0) return

    for (const { clientId, from } of verdict.claims) {
      // Forgotten silently, so the state arrives as this connection's own ("added"), and so the
      // old connection's leaving does not remove it; everyone sees the new state at once.
      awareness.getStates().delete(clientId)
      awareness.meta.delete(clientId)
      owners.set(clientId, this)
      if (from !== undefined) from.evictForTakeover()
    }
    try {
      const accepted = this.acceptedPart(update, verdict.entries)
      this.document.applyPresence(accepted, this, accepted === update ? message : null)
    } catch (err) {
      // Defence in depth (the limits make this unreachable): nothing of a state that cannot be
      // relayed stays behind, and only its sender is closed.
      log('error', 'presence_encode_failed', { board: boardRef(this.board.id), doc: this.kind, error: errorText(err) })
      this.dropSilently(verdict.entries.map((e) => e.clientId).filter((id) => awareness.getStates().has(id)))
      this.reject(PresenceCloseCode.presenceRefused, 'presence could not be encoded', 'presence_not_encodable')
    }
  }

  /**
   * The awareness update holding just the accepted entries: the bytes as they came when every
   * entry of the message was read and accepted (the usual case: one client's own new state), so
   * they are not copied; otherwise those entries encoded anew.
   */
  private acceptedPart(update: Uint8Array, accepted: readonly PresenceEntry[]): Uint8Array {
    const sent = decoding.readVarUint(decoding.createDecoder(update))
    return accepted.length === sent ? update : encodeAwarenessEntries(accepted)
  }

  /**
   * Removes these states without encoding them (they may be what cannot be encoded) and tells
   * every connection they are gone, as y-protocols would: a `null` state at the next clock.
   */
  private dropSilently(clientIds: number[]): void {
    if (clientIds.length === 0) return
    const awareness = this.document.awareness
    const removals = clientIds.map((clientId) => {
      const clock = (awareness.meta.get(clientId)?.clock ?? 0) + 1
      awareness.getStates().delete(clientId)
      awareness.meta.set(clientId, { clock, lastUpdated: Date.now() })
      return { clientId, clock, json: 'null', state: null }
    })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.awareness)
    encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(removals))
    const message = toMessage(encoder)
    for (const conn of this.document.allConnections()) conn.send(message)
  }

  /**
   * Everyone's presence, to this connection (a newcomer, or a client that asks). Encoding can
   * never close this connection: a state that fails to encode is dropped (and told to everyone as
   * removed) and the connection that sent it is closed.
   */
  private sendAllPresence(): void {
    let message: Uint8Array | null
    try {
      message = this.document.encodeAwareness()
    } catch (err) {
      log('error', 'presence_encode_failed', { board: boardRef(this.board.id), doc: this.kind, error: errorText(err) })
      message = this.encodePresenceDroppingBroken()
    }
    if (message !== null) this.send(message)
  }

  private encodePresenceDroppingBroken(): Uint8Array | null {
    const awareness = this.document.awareness
    const owners = ownersOf(awareness)
    const good: number[] = []
    const broken: number[] = []
    for (const clientId of awareness.getStates().keys()) {
      try {
        this.document.encodeAwareness([clientId])
        good.push(clientId)
      } catch {
        broken.push(clientId)
      }
    }
    const senders = new Set(broken.map((clientId) => owners.get(clientId)))
    this.dropSilently(broken)
    for (const sender of senders) sender?.reject(PresenceCloseCode.presenceRefused, 'presence could not be encoded', 'presence_not_encodable')
    try {
      return this.document.encodeAwareness(good)
    } catch {
      return null
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
        // Only committed content: the document answers once what it holds is on disk.
        this.document.answerSyncStep1(stateVector, this)
        return
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder)
        const result = this.document.applyClientUpdate(update, this)
        if (result === 'invalid') throw new MalformedMessage('invalid document update')
        if (result === 'applied') this.changedSinceCheck = true
        if (result !== 'applied' && result !== 'empty') this.noteDropped(result)
        return
      }
      default:
        throw new MalformedMessage('unknown sync message type')
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}
