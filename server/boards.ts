/**
 * Boards held in memory while people are connected: one Y.Doc, one Awareness and the set of
 * connections per board. A board is loaded from SQLite when its first connection arrives and
 * unloaded `boardUnloadGraceMs` after its last connection left.
 *
 * Loading is synchronous (better-sqlite3), so two connections arriving at the same moment can
 * never load one board twice: the second finds it in the map.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import type { Access } from '../shared/protocol'
import { MessageType } from '../shared/protocol'
import type { BoardStore } from './storage'
import { boardRef, errorText, log } from './log'

/** What a board needs from a connection (implemented by SyncConnection). */
export interface BoardConnection {
  readonly access: Access
  send(message: Uint8Array): void
  close(code: number, reason: string): void
}

export interface BoardSettings {
  boardUnloadGraceMs: number
  compactEveryUpdates: number
}

export type ApplyResult = 'applied' | 'refused' | 'invalid'

export class LoadedBoard {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  /** Each connection with the awareness client ids it controls (removed when it leaves). */
  private readonly connections = new Map<BoardConnection, Set<number>>()
  private updatesSinceSnapshot: number
  private lastStoredSeq: number
  private compactionScheduled = false
  private unloadTimer: NodeJS.Timeout | null = null
  private unloaded = false

  constructor(
    readonly id: string,
    private readonly store: BoardStore,
    private readonly settings: BoardSettings,
    private readonly onUnloaded: (board: LoadedBoard) => void,
  ) {
    this.doc = new Y.Doc({ gc: true })
    const stored = store.loadDocument(id)
    Y.transact(this.doc, () => {
      if (stored.snapshot) Y.applyUpdateV2(this.doc, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(this.doc, update)
    })
    this.updatesSinceSnapshot = stored.updates.length
    this.lastStoredSeq = stored.lastSeq
    log('info', 'board_loaded', { board: boardRef(id), updates: stored.updates.length })

    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null) // the server itself is not a participant
    this.awareness.on('update', this.onAwarenessUpdate)
    // Registered after loading, so only new changes are stored.
    this.doc.on('update', this.onDocUpdate)
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /**
   * Whether an incoming document update from this connection may be applied. Issue 3 adds the
   * rules here: drop participant updates while the board is locked, refuse all when closed.
   */
  acceptsUpdatesFrom(_conn: BoardConnection): boolean {
    return true
  }

  addConnection(conn: BoardConnection): void {
    this.cancelUnload()
    this.connections.set(conn, new Set())
  }

  removeConnection(conn: BoardConnection): void {
    const controlled = this.connections.get(conn)
    if (controlled === undefined) return
    this.connections.delete(conn)
    if (controlled.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null)
    }
    if (this.connections.size === 0) this.scheduleUnload()
  }

  /**
   * The one place where a client's sync step 2 / update is applied. Validates the bytes first so
   * garbage never reaches the document; errors are reported, never thrown.
   */
  applyClientUpdate(update: Uint8Array, conn: BoardConnection): ApplyResult {
    if (!this.acceptsUpdatesFrom(conn)) return 'refused'
    try {
      Y.decodeUpdate(update)
    } catch {
      return 'invalid'
    }
    try {
      // Origin = the connection, so the update handler does not echo it back.
      Y.applyUpdate(this.doc, update, conn)
    } catch {
      return 'invalid'
    }
    return 'applied'
  }

  /** Awareness message (type 1) carrying the given client ids, or null when there are none. */
  encodeAwareness(clientIds: number[] = [...this.awareness.getStates().keys()]): Uint8Array | null {
    if (clientIds.length === 0) return null
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.awareness)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds))
    return encoding.toUint8Array(encoder)
  }

  /** Writes the current state as snapshot and drops the updates it covers, if any are pending. */
  compact(): void {
    if (this.updatesSinceSnapshot === 0) return
    const snapshot = Y.encodeStateAsUpdateV2(this.doc)
    this.store.writeSnapshot(this.id, snapshot, this.lastStoredSeq)
    this.updatesSinceSnapshot = 0
    log('info', 'compacted', { board: boardRef(this.id), bytes: snapshot.byteLength })
  }

  /** Compacts and frees the board. Also used at shutdown. */
  unload(): void {
    if (this.unloaded) return
    this.unloaded = true
    this.cancelUnload()
    try {
      this.compact()
    } catch (err) {
      // The stored updates are still complete; only the snapshot is missing.
      log('error', 'compaction_failed', { board: boardRef(this.id), error: errorText(err) })
    }
    this.doc.off('update', this.onDocUpdate)
    this.awareness.destroy()
    this.doc.destroy()
    this.onUnloaded(this)
    log('info', 'board_unloaded', { board: boardRef(this.id) })
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    // Store first, then broadcast: whatever another client has seen is on disk.
    try {
      this.lastStoredSeq = this.store.appendUpdate(this.id, update)
    } catch (err) {
      this.failStorage(err)
      return
    }
    this.updatesSinceSnapshot++
    if (this.updatesSinceSnapshot >= this.settings.compactEveryUpdates) this.scheduleCompaction()

    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeUpdate(encoder, update)
    const message = encoding.toUint8Array(encoder)
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
    const message = this.encodeAwareness([...added, ...updated, ...removed])
    if (message === null) return
    // Sent to the origin too: the stock client counts its own echo as a sign of life.
    for (const conn of this.connections.keys()) conn.send(message)
  }

  /**
   * An accepted update could not be written. The in-memory doc is now ahead of the disk, so it
   * must not be broadcast or compacted: drop everyone and forget the board; clients reconnect
   * and resend what the server lacks.
   */
  private failStorage(err: unknown): void {
    log('error', 'storage_failed', { board: boardRef(this.id), error: errorText(err) })
    this.unloaded = true
    this.cancelUnload()
    for (const conn of [...this.connections.keys()]) conn.close(1011, 'storage error')
    this.connections.clear()
    this.doc.off('update', this.onDocUpdate)
    this.awareness.destroy()
    this.onUnloaded(this)
  }

  private scheduleCompaction(): void {
    if (this.compactionScheduled) return
    this.compactionScheduled = true
    // Outside the Yjs transaction that is still emitting this update.
    setImmediate(() => {
      this.compactionScheduled = false
      if (this.unloaded) return
      try {
        this.compact()
      } catch (err) {
        log('error', 'compaction_failed', { board: boardRef(this.id), error: errorText(err) })
      }
    })
  }

  private scheduleUnload(): void {
    this.cancelUnload()
    this.unloadTimer = setTimeout(() => {
      this.unloadTimer = null
      if (this.connections.size === 0) this.unload()
    }, this.settings.boardUnloadGraceMs)
  }

  private cancelUnload(): void {
    if (this.unloadTimer !== null) {
      clearTimeout(this.unloadTimer)
      this.unloadTimer = null
    }
  }
}

export class BoardRegistry {
  private readonly boards = new Map<string, LoadedBoard>()

  constructor(
    private readonly store: BoardStore,
    private readonly settings: BoardSettings,
  ) {}

  get loadedCount(): number {
    return this.boards.size
  }

  /** The loaded board, loading it from storage first if needed. The board must exist. */
  acquire(boardId: string): LoadedBoard {
    let board = this.boards.get(boardId)
    if (board === undefined) {
      board = new LoadedBoard(boardId, this.store, this.settings, (b) => {
        if (this.boards.get(b.id) === b) this.boards.delete(b.id)
      })
      this.boards.set(boardId, board)
    }
    return board
  }

  /** Compacts and frees every loaded board (shutdown). */
  unloadAll(): void {
    for (const board of [...this.boards.values()]) board.unload()
  }
}
