/**
 * One Y.Doc that clients sync over the y-websocket protocol, with its Awareness and its
 * connections. A board has two (server/boards.ts): the board document and the meeting document.
 * In the sync lifecycle (server/syncLifecycle.ts) it is loaded in step 3 and stored in step 5.
 *
 * Durability: every accepted change is handed to the group committer (server/storage/
 * groupCommit.ts) in the doc's `update` handler and sent to the other clients only once the
 * transaction holding it has committed: whatever anyone has seen is on disk. Which client changes
 * are accepted is decided by the owner (`refusal`).
 *
 * Sync step 2 answers. The Y.Doc here runs ahead of the disk by the updates of the current group
 * (applied, not yet committed). An update message is held back until its commit; an answer to a
 * client's sync step 1 is the document's whole difference to that client's state, so it may hold
 * such uncommitted updates too. `answerSyncStep1` therefore sends it at once only when this
 * document has nothing uncommitted; otherwise it is queued behind everything enqueued so far and
 * sent when that has committed — by then everything it contains is on disk (it was computed from
 * updates enqueued before it). Updates applied after it was computed are not in it; they reach
 * that client as ordinary updates after their own commit. If the commit fails, the answer is
 * never sent (the board is dropped and its clients closed with 1011).
 * Messages that carry no document content — our sync step 1 (a state vector) and presence —
 * need no commit and are sent at once.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import type { Access } from '../shared/protocol'
import { MessageType } from '../shared/protocol'
import type { BoardStorage, DocKind, StoredDocument } from './storage/boardStorage'
import { FencedError } from './storage/boardStorage'
import type { GroupCommitter } from './storage/groupCommit'
import { boardRef, errorText, log } from './log'

/** What a document needs from a connection (implemented by SyncConnection). */
export interface BoardConnection {
  readonly access: Access
  send(message: Uint8Array): void
  close(code: number, reason: string): void
}

/** Why a client's document update was dropped. */
export type UpdateRefusal = 'meeting_locked' | 'meeting_closed' | 'read_only'

/** 'empty': a valid update that changes nothing (every client's first sync step 2 on a fresh doc). */
export type ApplyResult = 'applied' | 'empty' | 'invalid' | UpdateRefusal

export interface SyncedDocumentOptions {
  boardId: string
  kind: DocKind
  /** What storage held for this document when it was loaded. */
  stored: StoredDocument
  /** For compaction. */
  storage: BoardStorage
  /** Stores every accepted update (in one transaction per group) before it is sent on. */
  committer: GroupCommitter
  compactEveryUpdates: number
  /** Whether this connection may change the document now; null = yes. */
  refusal: (conn: BoardConnection) => UpdateRefusal | null
  /** A write failed (`FencedError`: another node owns the board now): the owner must drop the whole board. */
  onStorageFailed: (err: unknown) => void
  /** A connection left. */
  onConnectionRemoved: () => void
  /** Runs after a client's update was applied (queued to be stored, sent on after the commit): the owner's checks. */
  afterClientUpdate?: (conn: BoardConnection) => void
}

/**
 * A finished message as a Buffer over the encoder's bytes (no copy): `ws` sends a Buffer as it
 * is, where it would wrap a Uint8Array anew for each recipient of a broadcast.
 */
export function toMessage(encoder: encoding.Encoder): Buffer {
  const bytes = encoding.toUint8Array(encoder)
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Fills an empty doc with what storage holds: the snapshot, then the updates after it. */
export function restoreDocument(doc: Y.Doc, stored: StoredDocument): void {
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
  })
}

/**
 * Whether an update claims the server's own Yjs client id, or deletes what nobody has written
 * yet (beyond the server's state, and not in the update itself). Yjs would keep such deletes
 * waiting and apply them to whatever is written under those clocks later — the server's own
 * writes, or another person's next card — in someone else's name. No honest client sends this.
 */
export function reachesBeyondState(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
  // Where each client's structs in the update end (plain loops: this runs for every update).
  const ends = new Map<number, number>()
  for (const struct of decoded.structs) {
    const client = struct.id.client
    if (client === doc.clientID) return true
    const end = struct.id.clock + struct.length
    if (end > (ends.get(client) ?? 0)) ends.set(client, end)
  }
  for (const [client, deletions] of decoded.ds.clients) {
    const limit = Math.max(Y.getState(doc.store, client), ends.get(client) ?? 0)
    for (const item of deletions) {
      if (item.clock + item.len > limit) return true
    }
  }
  return false
}

export class SyncedDocument {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  readonly boardId: string
  readonly kind: DocKind
  /** Each connection with the awareness client ids it controls (removed when it leaves). */
  private readonly connections = new Map<BoardConnection, Set<number>>()
  /** Connections whose updates were dropped: their doc is ahead of ours (see `askForMissing`). */
  private readonly diverged = new Set<BoardConnection>()
  private updatesSinceSnapshot: number
  private lastStoredSeq: number
  private compactionScheduled = false
  private compacting: Promise<void> | null = null
  private destroyed = false
  /** Updates handed to the committer and not yet committed (or failed). */
  private uncommitted = 0
  /** While `applyPresence` applies a message that is relayed as it came: that message. */
  private relayAsSent: Uint8Array | null = null

  constructor(private readonly options: SyncedDocumentOptions) {
    this.boardId = options.boardId
    this.kind = options.kind
    this.doc = new Y.Doc({ gc: true })
    const stored = options.stored
    restoreDocument(this.doc, stored)
    this.updatesSinceSnapshot = stored.updates.length
    this.lastStoredSeq = stored.lastSeq

    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null) // the server itself is not a participant
    this.awareness.on('update', this.onAwarenessUpdate)
    // Registered after loading, so only new changes are stored.
    this.doc.on('update', this.onDocUpdate)
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** Whether some accepted update of this document is not committed yet. */
  get hasUncommitted(): boolean {
    return this.uncommitted > 0
  }

  allConnections(): BoardConnection[] {
    return [...this.connections.keys()]
  }

  addConnection(conn: BoardConnection): void {
    this.connections.set(conn, new Set())
  }

  removeConnection(conn: BoardConnection): void {
    const controlled = this.connections.get(conn)
    if (controlled === undefined) return
    this.connections.delete(conn)
    this.diverged.delete(conn)
    if (controlled.size > 0 && !this.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null)
    }
    this.options.onConnectionRemoved()
  }

  /**
   * The one place where a client's sync step 2 / update is applied; errors are reported, never
   * thrown. Every update is decoded whole first (its structs and its delete set), so bytes that
   * do not decode never reach the document — Yjs integrates the structs before it reads the
   * delete set, so without this a cut-off update would be half applied. A refused update that is
   * empty (every fresh client's first sync) is not counted as dropped.
   */
  applyClientUpdate(update: Uint8Array, conn: BoardConnection): ApplyResult {
    let decoded: ReturnType<typeof Y.decodeUpdate>
    try {
      decoded = Y.decodeUpdate(update)
    } catch {
      return 'invalid'
    }
    const refusal = this.options.refusal(conn)
    if (refusal !== null) {
      if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return 'empty'
      this.diverged.add(conn)
      return refusal
    }
    if (reachesBeyondState(this.doc, decoded)) return 'invalid'
    try {
      // Origin = the connection, so the update handler does not echo it back.
      Y.applyUpdate(this.doc, update, conn)
    } catch {
      return 'invalid'
    } finally {
      // Whatever of it reached the document is judged against its own sender.
      this.options.afterClientUpdate?.(conn)
    }
    return 'applied'
  }

  /** What a connection's presence says about who it is (user id and name), or null. */
  presenceOf(conn: BoardConnection): { userId: string; name: string } | null {
    for (const clientId of this.connections.get(conn) ?? []) {
      const identity = (this.awareness.getStates().get(clientId) as { identity?: { userId?: unknown; name?: unknown } } | undefined)?.identity
      if (typeof identity?.userId === 'string') return { userId: identity.userId, name: typeof identity.name === 'string' ? identity.name : '' }
    }
    return null
  }

  /**
   * Sends sync step 1 to every connection whose updates were dropped, so it sends back what we
   * lack. Used when the board is unlocked: a dropped update (e.g. a drag in flight when the lock
   * came) would otherwise leave every later edit of that client pending forever, because Yjs
   * cannot integrate them without it.
   */
  askForMissing(): void {
    if (this.diverged.size === 0) return
    const message = this.syncStep1()
    for (const conn of this.diverged) conn.send(message)
    this.diverged.clear()
  }

  /**
   * Answers a client's sync step 1 with sync step 2 — only ever with committed content (see the
   * header): at once when nothing of this document is uncommitted, else after the commit of
   * everything enqueued so far.
   */
  answerSyncStep1(stateVector: Uint8Array, conn: BoardConnection): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector)
    const message = toMessage(encoder)
    if (this.uncommitted === 0) {
      conn.send(message)
      return
    }
    this.options.committer.afterPending(this.boardId, () => {
      if (!this.destroyed && this.connections.has(conn)) conn.send(message)
    })
  }

  syncStep1(): Uint8Array {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    return toMessage(encoder)
  }

  /**
   * Applies a checked awareness update from `origin` (y-protocols), which relays the change to
   * every connection. `asSent` is the whole awareness message when every entry of it changes
   * something and was accepted: it is relayed as it came, instead of being encoded anew (the
   * states parsed and stringified again) — the same entries, and a third less CPU per message.
   */
  applyPresence(update: Uint8Array, origin: BoardConnection, asSent: Uint8Array | null): void {
    this.relayAsSent = asSent
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, origin)
    } finally {
      this.relayAsSent = null
    }
  }

  /** Awareness message (type 1) carrying the given client ids, or null when there are none. */
  encodeAwareness(clientIds: number[] = [...this.awareness.getStates().keys()]): Uint8Array | null {
    if (clientIds.length === 0) return null
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.awareness)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds))
    return toMessage(encoder)
  }

  /**
   * Writes the current state as snapshot and drops the stored updates it covers, if there are
   * any. The state may include updates not committed yet: the snapshot then holds more than the
   * rows it replaces (never less), and those updates, stored later with a higher `seq`, stay as
   * rows and are applied again on load, which changes nothing. One compaction at a time.
   */
  compact(): Promise<void> {
    if (this.compacting !== null) return this.compacting.then(() => this.compact())
    if (this.updatesSinceSnapshot === 0 || this.destroyed) return Promise.resolve()
    const snapshot = Y.encodeStateAsUpdateV2(this.doc)
    const covered = this.updatesSinceSnapshot
    const work = this.options.storage.writeSnapshot(this.boardId, this.kind, snapshot, this.lastStoredSeq).then(() => {
      this.updatesSinceSnapshot -= covered
      log('info', 'compacted', { board: boardRef(this.boardId), doc: this.kind, bytes: snapshot.byteLength })
    })
    this.compacting = work
    const done = () => {
      if (this.compacting === work) this.compacting = null
    }
    work.then(done, done)
    return work
  }

  /** Closes every connection with this code; they are removed when their sockets report the close. */
  closeAll(code: number, reason: string): void {
    for (const conn of this.allConnections()) conn.close(code, reason)
  }

  /** Frees the document without storing anything more (callers compact first if they want to). */
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.doc.off('update', this.onDocUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    // Store first (with the rest of this turn's group), broadcast after the commit: whatever
    // another client has seen is on disk.
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeUpdate(encoder, update)
    const message = toMessage(encoder)
    this.uncommitted++
    this.options.committer.enqueue({
      boardId: this.boardId,
      update: { boardId: this.boardId, kind: this.kind, update },
      committed: (seq) => {
        this.uncommitted--
        if (this.destroyed) return
        this.lastStoredSeq = seq
        this.updatesSinceSnapshot++
        if (this.updatesSinceSnapshot >= this.options.compactEveryUpdates) this.scheduleCompaction()
        this.broadcast(message, origin)
      },
      failed: (err) => {
        this.uncommitted--
        if (this.destroyed) return
        if (err instanceof FencedError) log('warn', 'write_fenced', { board: boardRef(this.boardId), doc: this.kind })
        else log('error', 'storage_failed', { board: boardRef(this.boardId), doc: this.kind, error: errorText(err) })
        this.options.onStorageFailed(err)
      },
    })
  }

  private broadcast(message: Uint8Array, origin: unknown): void {
    for (const conn of this.connections.keys()) {
      if (conn !== origin) conn.send(message)
    }
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const controlled = this.connections.get(origin as BoardConnection)
    if (controlled !== undefined) {
      for (const id of added) controlled.add(id)
      for (const id of removed) controlled.delete(id)
    }
    const message = this.relayAsSent ?? this.encodeAwareness([...added, ...updated, ...removed])
    if (message === null) return
    // Sent to the origin too: the stock client counts its own echo as a sign of life.
    for (const conn of this.connections.keys()) conn.send(message)
  }

  private scheduleCompaction(): void {
    if (this.compactionScheduled) return
    this.compactionScheduled = true
    // Outside the release of the group that is still sending this update.
    setImmediate(() => {
      this.compactionScheduled = false
      this.compact().catch((err: unknown) => {
        if (err instanceof FencedError && !this.destroyed) {
          // Another node owns the board now: this copy must stop at once.
          log('warn', 'write_fenced', { board: boardRef(this.boardId), doc: this.kind })
          this.options.onStorageFailed(err)
          return
        }
        log('error', 'compaction_failed', { board: boardRef(this.boardId), doc: this.kind, error: errorText(err) })
      })
    })
  }
}
