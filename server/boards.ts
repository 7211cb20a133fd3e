/**
 * Steps 3 (load) and 6 (unload) of the sync lifecycle (server/syncLifecycle.ts), shared with the
 * HTTP API. Boards held in memory while people are connected or an API call needs them. A loaded
 * board holds both of its documents (server/syncedDocument.ts): the board document (the canvas)
 * and the meeting document (state, participants, decisions), so the rules that connect them — a
 * locked or closed meeting refuses canvas edits — always read a consistent pair.
 *
 * A board is loaded when its first connection or API call arrives and unloaded
 * `boardUnloadGraceMs` after its last connection left (or the API call finished). Loading reads
 * storage asynchronously (`acquireAsync`, the websocket path): arrivals while it reads wait for
 * the same load, so one board is never loaded twice; a board still being unloaded is loaded anew
 * only after its unload has stored everything. The HTTP routes still load synchronously from the
 * SQLite store (`acquire`) until they are asynchronous.
 *
 * Writes. Every change of either document goes through the group committer (server/storage/
 * groupCommit.ts) and reaches clients only after its commit, in the order the changes were made:
 * a client's canvas update, the guard's compensating write (server/decidedCardGuard.ts) and a
 * meeting write caused by it are enqueued in that order and so committed and sent in that order.
 * The synchronous route writes (`writeMeeting`, `writeBoard`, `writeMeetingTogetherWith`) commit
 * everything enqueued so far at once (SQLite), so they are on disk when they return; their
 * asynchronous forms (`…Async`) await the group's commit instead.
 */
import * as Y from 'yjs'
import type { MeetingInfo, MeetingState } from '../shared/domain/meeting'
import { mayEditBoard } from '../shared/domain/meeting'
import { appendRemoval, readDecisions, readMeetingInfo, readParticipants } from '../shared/ydoc/meetingDoc'
import { decidedActionIds, type RemovalEntry } from '../shared/domain/meeting'
import { DecidedCardGuard } from './decidedCardGuard'
import type { BoardStore } from './storage'
import type { BoardRecord, BoardStorage, DocKind, StoredDocument, WriteAlongside } from './storage/boardStorage'
import type { GroupCommitter } from './storage/groupCommit'
import type { BoardConnection, UpdateRefusal } from './syncedDocument'
import { restoreDocument, SyncedDocument } from './syncedDocument'
import { boardRef, errorText, log } from './log'

export type { BoardConnection } from './syncedDocument'

export interface BoardSettings {
  boardUnloadGraceMs: number
  compactEveryUpdates: number
}

/** Thrown by a write whose storage failed: the change is not on disk and the board was dropped. */
export class BoardStorageError extends Error {}

/** Thrown by `acquireAsync` when the board was deleted while it was being loaded. */
export class BoardDeletedError extends Error {}

/** What a loaded board stores through. */
export interface BoardStorageDeps {
  storage: BoardStorage
  committer: GroupCommitter
}

/** Both documents of a board as storage holds them. */
export interface StoredBoard {
  board: StoredDocument
  meeting: StoredDocument
}

export class LoadedBoard {
  readonly id: string
  readonly board: SyncedDocument
  readonly meeting: SyncedDocument
  /** Keeps decided action cards on the board (see server/decidedCardGuard.ts). */
  readonly guard: DecidedCardGuard
  /** Cached from the meeting document on every change of it; read on every canvas update. */
  private meetingState: MeetingState
  private unloadTimer: NodeJS.Timeout | null = null
  private unloaded = false
  private unloading: Promise<void> | null = null
  /** Set when a newer copy of this board was loaded while this one unloads: it must not compact. */
  private compactionAbandoned = false
  private readonly committer: GroupCommitter

  constructor(
    record: BoardRecord,
    stored: StoredBoard,
    deps: BoardStorageDeps,
    private readonly settings: BoardSettings,
    private readonly onUnloaded: (board: LoadedBoard) => void,
  ) {
    this.id = record.id
    this.committer = deps.committer
    const common = {
      boardId: record.id,
      storage: deps.storage,
      committer: deps.committer,
      compactEveryUpdates: settings.compactEveryUpdates,
      onStorageFailed: () => this.failStorage(),
      onConnectionRemoved: () => {
        if (this.connectionCount === 0) this.scheduleUnload()
      },
    }
    this.board = new SyncedDocument({
      ...common,
      kind: 'board',
      stored: stored.board,
      refusal: (conn) => this.boardRefusal(conn),
      afterClientUpdate: (conn) => this.guardDecidedCards(conn),
    })
    // Only the server writes the meeting document, through the HTTP API.
    this.meeting = new SyncedDocument({ ...common, kind: 'meeting', stored: stored.meeting, refusal: () => 'read_only' })
    this.meetingState = readMeetingInfo(this.meeting.doc).state
    this.guard = new DecidedCardGuard(this.board.doc, () => decidedActionIds(readDecisions(this.meeting.doc)))
    this.meeting.doc.on('update', () => {
      this.meetingState = readMeetingInfo(this.meeting.doc).state
      this.guard.refresh()
    })
    log('info', 'board_loaded', { board: boardRef(record.id) })
  }

  get connectionCount(): number {
    return this.board.connectionCount + this.meeting.connectionCount
  }

  get isUnloaded(): boolean {
    return this.unloaded
  }

  /** Resolves when an unload that began has stored everything and freed the board. */
  get unloadDone(): Promise<void> {
    return this.unloading ?? Promise.resolve()
  }

  document(kind: DocKind): SyncedDocument {
    return kind === 'board' ? this.board : this.meeting
  }

  meetingInfo(): MeetingInfo {
    return readMeetingInfo(this.meeting.doc)
  }

  /**
   * Whether a canvas update from this connection is dropped: while the meeting is locked, only
   * the facilitator edits; once it is closed, nobody does — the closed board is the record.
   */
  private boardRefusal(conn: BoardConnection): UpdateRefusal | null {
    if (mayEditBoard(conn.access, this.meetingState)) return null
    return this.meetingState === 'closed' ? 'meeting_closed' : 'meeting_locked'
  }

  addConnection(kind: DocKind, conn: BoardConnection): void {
    this.cancelUnload()
    this.document(kind).addConnection(conn)
  }

  /**
   * After a client's canvas update: a decided action card that anyone but the facilitator
   * removed is written back at once; one the facilitator removed is noted in the meeting
   * document (who, when, and the card as it was), so the record keeps her decision.
   */
  private guardDecidedCards(conn: BoardConnection): void {
    const byFacilitator = conn.access === 'facilitator'
    const { restored, removed } = this.guard.check(byFacilitator)
    if (restored.length > 0) log('info', 'decided_card_restored', { board: boardRef(this.id), access: conn.access, cards: restored.length })
    if (removed.length === 0) return
    const info = this.meetingInfo()
    const at = new Date().toISOString()
    const removedBy = this.facilitatorBehind(conn)
    // Enqueued right after the canvas update that removed the card: committed with or after it,
    // and sent after it (a storage failure drops the board, see `failStorage`).
    this.changeMeeting((doc) => {
      for (const capture of removed) {
        const entry: RemovalEntry = { actionId: capture.id, removedBy, at, sessionNumber: info.sessionNumber, card: capture.card, related: capture.related }
        appendRemoval(doc, entry)
      }
    })
    log('info', 'decided_card_removed', { board: boardRef(this.id), cards: removed.length })
  }

  /** The facilitator behind a connection, by its presence and the participant entries. */
  private facilitatorBehind(conn: BoardConnection): RemovalEntry['removedBy'] {
    const presence = this.board.presenceOf(conn)
    const facilitators = readParticipants(this.meeting.doc).filter((p) => p.access === 'facilitator')
    const entry = facilitators.find((p) => p.userId === presence?.userId) ?? (facilitators.length === 1 ? facilitators[0] : undefined)
    if (entry) return { userId: entry.userId, name: entry.name, role: 'gespreksleider' }
    return { userId: presence?.userId ?? '', name: presence?.name ?? '', role: 'gespreksleider' }
  }

  /**
   * A server change of the canvas (e.g. "put back"), stored and sent like any change; committed
   * when this returns (SQLite, synchronously), throws when that failed.
   */
  writeBoard(write: (doc: Y.Doc) => void): void {
    write(this.board.doc)
    this.commitNow('board')
    this.guard.acceptServerChanges()
  }

  /** `writeBoard` for asynchronous storage: resolves once committed. */
  async writeBoardAsync(write: (doc: Y.Doc) => void): Promise<void> {
    write(this.board.doc)
    this.guard.acceptServerChanges()
    await this.committed('board')
  }

  /**
   * Runs a server write on the meeting document (origin SERVER_ORIGIN, set by the shared/ydoc
   * helpers). Stored before it is broadcast, like every change; committed when this returns
   * (SQLite, synchronously), throws when that failed.
   */
  writeMeeting(write: (doc: Y.Doc) => void): void {
    this.changeMeeting(write)
    this.commitNow('meeting')
  }

  /** `writeMeeting` for asynchronous storage: resolves once committed. */
  async writeMeetingAsync(write: (doc: Y.Doc) => void): Promise<void> {
    this.changeMeeting(write)
    await this.committed('meeting')
  }

  /**
   * `writeMeeting` and `alsoStore` in one SQLite transaction: both are stored or neither is.
   * Clients see the meeting change only after the commit. If anything fails, memory may be ahead
   * of the disk, so the board is dropped (as after any failed write) and this throws.
   */
  writeMeetingTogetherWith(write: (doc: Y.Doc) => void, alsoStore: () => void): void {
    try {
      // What was enqueued before goes in its own transaction: a failing `alsoStore` must not
      // take other boards' updates with it.
      this.committer.flushSync()
      this.changeMeeting(write)
      this.committer.flushSync(alsoStore)
    } catch (err) {
      log('error', 'storage_failed', { board: boardRef(this.id), doc: 'meeting', error: errorText(err) })
      this.failStorage()
      throw new BoardStorageError('the meeting change could not be stored')
    }
    if (this.unloaded) throw new BoardStorageError('the meeting change could not be stored')
  }

  /**
   * `writeMeetingTogetherWith` for asynchronous storage: the meeting change and `also` (e.g. the
   * archived session) are committed in one transaction; resolves once committed.
   */
  async writeMeetingTogetherWithAsync(write: (doc: Y.Doc) => void, also: (board: LoadedBoard) => WriteAlongside[]): Promise<void> {
    this.changeMeeting(write)
    try {
      await this.committer.commit(this.id, also(this))
    } catch (err) {
      log('error', 'storage_failed', { board: boardRef(this.id), doc: 'meeting', error: errorText(err) })
      this.failStorage()
      throw new BoardStorageError('the meeting change could not be stored')
    }
  }

  /** Applies a server write to the meeting document; it is stored with the current group. */
  private changeMeeting(write: (doc: Y.Doc) => void): void {
    if (this.unloaded) throw new BoardStorageError('the board is no longer loaded')
    const before = this.meetingState
    write(this.meeting.doc)
    // Unlocked, or reopened by a follow-up session: canvas edits dropped meanwhile come in now.
    if (before !== 'open' && this.meetingState === 'open') this.board.askForMissing()
  }

  /** SQLite: commits everything enqueued so far now; throws when that failed (the board was dropped). */
  private commitNow(kind: DocKind): void {
    try {
      this.committer.flushSync()
    } catch {
      // Every entry of the failed transaction was told (`failStorage`); the error follows.
    }
    if (this.unloaded) throw new BoardStorageError(`the ${kind} change could not be stored`)
  }

  /** Resolves once everything enqueued so far is committed; throws when that failed. */
  private async committed(kind: DocKind): Promise<void> {
    try {
      await this.committer.commit(this.id)
    } catch {
      // As in `commitNow`.
    }
    if (this.unloaded) throw new BoardStorageError(`the ${kind} change could not be stored`)
  }

  /** After an API call: a board nobody is connected to goes away after the grace period. */
  release(): void {
    if (!this.unloaded && this.connectionCount === 0) this.scheduleUnload()
  }

  /**
   * Stores what is still waiting, compacts both documents and frees the board. Also used at
   * shutdown. Until it resolves the board stays in the registry as unloading, so nobody loads
   * it from storage before everything of it is there.
   */
  unload(): Promise<void> {
    if (this.unloading !== null) return this.unloading
    if (this.unloaded) return Promise.resolve()
    this.unloaded = true
    this.cancelUnload()
    this.unloading = (async () => {
      await this.committer.flush()
      for (const doc of [this.board, this.meeting]) {
        if (this.compactionAbandoned) break
        try {
          await doc.compact()
        } catch (err) {
          // The stored updates are still complete; only the snapshot is missing.
          log('error', 'compaction_failed', { board: boardRef(this.id), doc: doc.kind, error: errorText(err) })
        }
      }
      for (const doc of [this.board, this.meeting]) doc.destroy()
      this.guard.destroy()
      this.onUnloaded(this)
      log('info', 'board_unloaded', { board: boardRef(this.id) })
    })()
    return this.unloading
  }

  /**
   * A newer copy of this board is being loaded while this one unloads (synchronous route load):
   * everything was committed first, so this one must not write its (older) snapshot after it.
   */
  abandonCompaction(): void {
    this.compactionAbandoned = true
  }

  /**
   * The board was deleted: close every connection of both documents with `code` and forget
   * the board without writing anything more.
   */
  discard(code: number, reason: string): void {
    // Nothing of it is written any more: an unload under way writes no snapshot, and what it had
    // waiting for the next group is dropped (the rows of a deleted board would be refused).
    this.compactionAbandoned = true
    if (!this.unloaded) {
      this.unloaded = true
      this.cancelUnload()
      for (const doc of [this.board, this.meeting]) {
        doc.closeAll(code, reason)
        doc.destroy()
      }
      this.guard.destroy()
      this.onUnloaded(this)
    }
    // After the documents are destroyed, so the dropped entries' `failed` does nothing there.
    this.committer.dropBoard(this.id)
  }

  /**
   * An accepted update could not be written. The in-memory docs are now ahead of the disk, so
   * they must not be broadcast or compacted: drop everyone and forget the board; clients
   * reconnect and resend what the server lacks.
   */
  private failStorage(): void {
    this.discard(1011, 'storage error')
  }

  private scheduleUnload(): void {
    if (this.unloaded) return
    this.cancelUnload()
    this.unloadTimer = setTimeout(() => {
      this.unloadTimer = null
      if (this.connectionCount === 0) void this.unload()
    }, this.settings.boardUnloadGraceMs)
  }

  private cancelUnload(): void {
    if (this.unloadTimer !== null) {
      clearTimeout(this.unloadTimer)
      this.unloadTimer = null
    }
  }
}

/** A load from storage under way (see `BoardRegistry.acquireAsync`). */
interface Loading {
  promise: Promise<StoredBoard>
  /** Another copy was loaded or unloaded meanwhile: what was read may be old; read again. */
  stale: boolean
  /** The board was deleted meanwhile. */
  deleted: boolean
}

export class BoardRegistry {
  private readonly boards = new Map<string, LoadedBoard>()
  private readonly loading = new Map<string, Loading>()
  private readonly deps: BoardStorageDeps

  constructor(
    storage: BoardStorage,
    committer: GroupCommitter,
    private readonly settings: BoardSettings,
    /** The synchronous SQLite store, for the HTTP routes' `acquire`, `meetingInfo` and `delete`. */
    private readonly syncStore?: BoardStore,
  ) {
    this.deps = { storage, committer }
  }

  get loadedCount(): number {
    return this.boards.size
  }

  /**
   * The loaded board, loading it from storage first if needed (the websocket path). The board
   * must exist; throws `BoardDeletedError` when it was deleted while it was being read.
   */
  async acquireAsync(record: BoardRecord): Promise<LoadedBoard> {
    for (;;) {
      const loaded = this.boards.get(record.id)
      if (loaded !== undefined && !loaded.isUnloaded) return loaded
      if (loaded !== undefined) {
        // Being unloaded: load anew once everything of it is stored.
        await loaded.unloadDone
        continue
      }
      let loading = this.loading.get(record.id)
      if (loading === undefined) loading = this.startLoading(record.id)
      const stored = await loading.promise
      const now = this.boards.get(record.id)
      if (now !== undefined && !now.isUnloaded) return now
      if (loading.deleted) throw new BoardDeletedError('the board was deleted')
      if (loading.stale || now !== undefined) continue
      return this.install(record, stored)
    }
  }

  /**
   * The loaded board, loading it synchronously from the SQLite store first if needed (HTTP
   * routes, until they are asynchronous). The board must exist.
   */
  acquire(record: BoardRecord): LoadedBoard {
    const loaded = this.boards.get(record.id)
    if (loaded !== undefined && !loaded.isUnloaded) return loaded
    const store = this.requireSyncStore()
    if (loaded !== undefined) {
      // Still unloading: everything it accepted goes to disk now, and it writes no snapshot
      // after this newer copy was read.
      this.deps.committer.flushSync()
      loaded.abandonCompaction()
    }
    return this.install(record, { board: store.loadDocument(record.id, 'board'), meeting: store.loadDocument(record.id, 'meeting') })
  }

  /**
   * The meeting's state, read without loading the board when nobody uses it: looking at a
   * board (GET) must not keep it in memory. Synchronous (SQLite) for the HTTP routes.
   */
  meetingInfo(record: BoardRecord): MeetingInfo {
    const loaded = this.boards.get(record.id)
    if (loaded !== undefined) return loaded.meetingInfo()
    return meetingInfoOf(this.requireSyncStore().loadDocument(record.id, 'meeting'))
  }

  /** `meetingInfo` through the asynchronous storage. */
  async meetingInfoAsync(record: BoardRecord): Promise<MeetingInfo> {
    const loaded = this.boards.get(record.id)
    if (loaded !== undefined) return loaded.meetingInfo()
    return meetingInfoOf(await this.deps.storage.loadDocument(record.id, 'meeting'))
  }

  /**
   * Deletes a board for good: its connections are closed with `closeCode`, it leaves memory,
   * and every row of it leaves the database. Synchronous (SQLite) for the HTTP routes.
   */
  delete(boardId: string, closeCode: number): void {
    this.forget(boardId, closeCode)
    this.requireSyncStore().deleteBoard(boardId)
  }

  /** `delete` through the asynchronous storage. */
  async deleteAsync(boardId: string, closeCode: number): Promise<void> {
    this.forget(boardId, closeCode)
    await this.deps.storage.deleteBoard(boardId)
  }

  /** Compacts and frees every loaded board (shutdown); resolves when all is stored. */
  async unloadAll(): Promise<void> {
    await Promise.all([...this.boards.values()].map((board) => board.unload()))
  }

  private forget(boardId: string, closeCode: number): void {
    this.boards.get(boardId)?.discard(closeCode, 'deleted')
    const loading = this.loading.get(boardId)
    if (loading !== undefined) loading.deleted = true
  }

  private startLoading(boardId: string): Loading {
    const { storage } = this.deps
    const loading: Loading = {
      promise: Promise.all([storage.loadDocument(boardId, 'board'), storage.loadDocument(boardId, 'meeting')]).then(([board, meeting]) => ({ board, meeting })),
      stale: false,
      deleted: false,
    }
    this.loading.set(boardId, loading)
    // Registered before any waiter's continuation, so a waiter that reads again starts anew.
    const done = () => {
      if (this.loading.get(boardId) === loading) this.loading.delete(boardId)
    }
    loading.promise.then(done, done)
    return loading
  }

  private install(record: BoardRecord, stored: StoredBoard): LoadedBoard {
    this.markStale(record.id)
    const board = new LoadedBoard(record, stored, this.deps, this.settings, (b) => {
      if (this.boards.get(b.id) === b) this.boards.delete(b.id)
      this.markStale(b.id)
    })
    this.boards.set(record.id, board)
    return board
  }

  private markStale(boardId: string): void {
    const loading = this.loading.get(boardId)
    if (loading !== undefined) loading.stale = true
  }

  private requireSyncStore(): BoardStore {
    if (this.syncStore === undefined) throw new Error('this call needs the synchronous SQLite store')
    return this.syncStore
  }
}

function meetingInfoOf(stored: StoredDocument): MeetingInfo {
  const doc = new Y.Doc()
  try {
    restoreDocument(doc, stored)
    return readMeetingInfo(doc)
  } finally {
    doc.destroy()
  }
}
