/**
 * Steps 3 (load) and 6 (unload) of the sync lifecycle (server/syncLifecycle.ts), shared with the
 * HTTP API. Boards held in memory while people are connected or an API call needs them. A loaded
 * board holds both of its documents (server/syncedDocument.ts): the board document (the canvas)
 * and the meeting document (state, participants, decisions), so the rules that connect them — a
 * locked or closed meeting refuses canvas edits — always read a consistent pair.
 *
 * A board is loaded when its first connection or API call arrives and unloaded
 * `boardUnloadGraceMs` after its last connection left (or the API call finished). Loading reads
 * storage asynchronously (`acquireAsync`, websocket and HTTP API alike): arrivals while it reads
 * wait for the same load, so one board is never loaded twice; a board still being unloaded is
 * loaded anew only after its unload has stored everything.
 *
 * Ownership (issue 11). With several nodes on one PostgreSQL database a board is loaded only
 * after this node took its lease (`BoardOwnership.claim`, server/cluster/cluster.ts); when another
 * node holds a live lease, `acquireAsync` throws `BoardOwnedElsewhereError` and the request is
 * forwarded there. A write refused with `FencedError`, or a lease lost otherwise (`dropLost`),
 * drops the board at once without writing anything more; its clients get 1012 and reconnect to
 * the new owner. Once a board left memory with everything stored, its lease is given up.
 *
 * Writes. Every change of either document goes through the group committer (server/storage/
 * groupCommit.ts) and reaches clients only after its commit, in the order the changes were made:
 * a client's canvas update, the guard's compensating write (server/decidedCardGuard.ts) and a
 * meeting write caused by it are enqueued in that order and so committed and sent in that order.
 * The route writes (`writeMeetingAsync`, `writeBoardAsync`, `writeMeetingTogetherWithAsync`)
 * resolve once their group has committed.
 */
import * as Y from 'yjs'
import type { MeetingInfo, MeetingState } from '../shared/domain/meeting'
import { mayEditBoard } from '../shared/domain/meeting'
import { appendRemoval, readDecisions, readMeetingInfo, readParticipants } from '../shared/ydoc/meetingDoc'
import { decidedActionIds, type RemovalEntry } from '../shared/domain/meeting'
import { DecidedCardGuard } from './decidedCardGuard'
import type { BoardLease, BoardRecord, BoardStorage, DocKind, LeaseAnswer, StoredDocument, WriteAlongside } from './storage/boardStorage'
import { FencedError } from './storage/boardStorage'
import type { GroupCommitter } from './storage/groupCommit'
import type { BoardConnection, UpdateRefusal } from './syncedDocument'
import { restoreDocument, SyncedDocument } from './syncedDocument'
import { boardRef, errorText, log } from './log'
import { CloseCode } from '../shared/protocol'

export type { BoardConnection } from './syncedDocument'

export interface BoardSettings {
  boardUnloadGraceMs: number
  compactEveryUpdates: number
}

/** Thrown by a write whose storage failed: the change is not on disk and the board was dropped. */
export class BoardStorageError extends Error {}

/** Thrown by `acquireAsync` when the board was deleted while it was being loaded. */
export class BoardDeletedError extends Error {}

/**
 * Thrown by `acquireAsync` when another node holds the board's live lease (issue 11): the
 * request belongs there (server/cluster/cluster.ts forwards it).
 */
export class BoardOwnedElsewhereError extends Error {
  constructor(readonly lease: BoardLease) {
    super('another node serves this board')
  }
}

/**
 * Who may serve a board (issue 11, server/cluster/cluster.ts). Without it (the embedded SQLite
 * file: one node) every board is this node's. With it, a board is loaded only after its lease
 * was taken, and the lease is given up once the board left memory.
 */
export interface BoardOwnership {
  /** Takes the board's lease (or renews ours); answers the other owner's live lease when not ours. */
  claim(boardId: string): Promise<LeaseAnswer>
  /** The board left memory (everything stored, or dropped): its lease may go. */
  released(boardId: string): void
  /** A write of the board was refused with `FencedError`: the lease is lost. */
  fenced(boardId: string): void
}

/** What a loaded board stores through. */
export interface BoardStorageDeps {
  storage: BoardStorage
  committer: GroupCommitter
  /** A write was refused with `FencedError` (another node owns the board now). */
  onFenced?: (boardId: string) => void
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
  /** Being deleted (`freeze`): nothing more is accepted. */
  private frozen = false
  private unloading: Promise<void> | null = null
  /** Set when the board was deleted (`discard`): an unload under way must not compact. */
  private compactionAbandoned = false
  private readonly committer: GroupCommitter
  private readonly onFenced: (boardId: string) => void

  constructor(
    record: BoardRecord,
    stored: StoredBoard,
    deps: BoardStorageDeps,
    private readonly settings: BoardSettings,
    private readonly onUnloaded: (board: LoadedBoard) => void,
  ) {
    this.id = record.id
    this.committer = deps.committer
    this.onFenced = deps.onFenced ?? (() => {})
    const common = {
      boardId: record.id,
      storage: deps.storage,
      committer: deps.committer,
      compactEveryUpdates: settings.compactEveryUpdates,
      onStorageFailed: (err: unknown) => this.failStorage(err),
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
    if (this.frozen) return 'read_only'
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
   * A server change of the canvas (e.g. "put back"), stored and sent like any change; resolves
   * once committed, rejects when that failed.
   */
  async writeBoardAsync(write: (doc: Y.Doc) => void): Promise<void> {
    write(this.board.doc)
    this.guard.acceptServerChanges()
    await this.committed('board')
  }

  /**
   * Runs a server write on the meeting document (origin SERVER_ORIGIN, set by the shared/ydoc
   * helpers). Stored before it is broadcast, like every change; resolves once committed, rejects
   * when that failed.
   */
  async writeMeetingAsync(write: (doc: Y.Doc) => void): Promise<void> {
    this.changeMeeting(write)
    await this.committed('meeting')
  }

  /**
   * `writeMeetingAsync` together with `also` (e.g. the archived session): both are committed in
   * one transaction, or neither is; resolves once committed. Clients see the meeting change only
   * after the commit. If anything fails, memory may be ahead of the disk, so the board is dropped
   * (as after any failed write) and this rejects.
   */
  async writeMeetingTogetherWithAsync(write: (doc: Y.Doc) => void, also: (board: LoadedBoard) => WriteAlongside[]): Promise<void> {
    // One group: the meeting change is never committed (and sent) without `also`.
    const stored = this.committer.together(() => {
      this.changeMeeting(write)
      let extra: WriteAlongside[]
      try {
        extra = also(this)
      } catch (err) {
        // Handled below as a failed store: the board is dropped with what it had waiting.
        return Promise.reject(err)
      }
      return this.committer.commit(this.id, extra)
    })
    try {
      await stored
    } catch (err) {
      log('error', 'storage_failed', { board: boardRef(this.id), doc: 'meeting', error: errorText(err) })
      this.failStorage()
      throw new BoardStorageError('the meeting change could not be stored')
    }
  }

  /** Applies a server write to the meeting document; it is stored with the current group. */
  private changeMeeting(write: (doc: Y.Doc) => void): void {
    if (this.unloaded || this.frozen) throw new BoardStorageError('the board is no longer loaded')
    const before = this.meetingState
    write(this.meeting.doc)
    // Unlocked, or reopened by a follow-up session: canvas edits dropped meanwhile come in now.
    if (before !== 'open' && this.meetingState === 'open') this.board.askForMissing()
  }

  /** Resolves once everything enqueued so far is committed; throws when that failed. */
  private async committed(kind: DocKind): Promise<void> {
    try {
      await this.committer.commit(this.id)
    } catch {
      // Every entry of the failed transaction was told (`failStorage`); the error follows.
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
          if (err instanceof FencedError) {
            // Another node owns the board now: nothing more of this copy is written.
            log('warn', 'write_fenced', { board: boardRef(this.id), doc: doc.kind })
            this.onFenced(this.id)
            break
          }
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
  private failStorage(err?: unknown): void {
    if (err instanceof FencedError) {
      // Another node took the board over (this one was paused or cut off longer than the lease):
      // nothing of this copy was written; its clients reconnect and reach the new owner.
      this.onFenced(this.id)
      this.discard(CloseCode.restarting, 'restarting')
      return
    }
    this.discard(1011, 'storage error')
  }

  /**
   * Being deleted: no change is accepted any more (client updates are dropped, server writes
   * refused), so once the committer has flushed, nothing of it is on its way to storage.
   */
  freeze(): void {
    this.frozen = true
  }

  /** The lease was lost (renewal fenced or expired): drop everything, write nothing, clients reconnect. */
  dropLost(): void {
    this.discard(CloseCode.restarting, 'restarting')
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
  /** Issue 11: who may serve a board; null = every board is this node's (one node, SQLite). */
  private ownership: BoardOwnership | null = null

  constructor(
    storage: BoardStorage,
    committer: GroupCommitter,
    private readonly settings: BoardSettings,
  ) {
    this.deps = { storage, committer }
  }

  get loadedCount(): number {
    return this.boards.size
  }

  /** Several nodes (issue 11): from now on a board is loaded only with its lease (server/cluster/cluster.ts). */
  setOwnership(ownership: BoardOwnership): void {
    this.ownership = ownership
    this.deps.onFenced = (boardId) => ownership.fenced(boardId)
  }

  /** Whether the board is loaded or being loaded here. */
  isInUse(boardId: string): boolean {
    return this.boards.has(boardId) || this.loading.has(boardId)
  }

  /**
   * The board's lease was lost: its clients are closed with 1012 (they reconnect and reach the
   * new owner) and it leaves memory without writing anything more.
   */
  dropLost(boardId: string): void {
    this.boards.get(boardId)?.dropLost()
    this.markStale(boardId)
  }

  /**
   * The loaded board, loading it from storage first if needed (websocket and HTTP API). The board
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
      if (loading.deleted) {
        this.ownership?.released(record.id)
        throw new BoardDeletedError('the board was deleted')
      }
      if (loading.stale || now !== undefined) continue
      return this.install(record, stored)
    }
  }

  /**
   * The meeting's state, read without loading the board when nobody uses it: looking at a
   * board (GET) must not keep it in memory.
   */
  async meetingInfoAsync(record: BoardRecord): Promise<MeetingInfo> {
    const loaded = this.boards.get(record.id)
    if (loaded !== undefined) return loaded.meetingInfo()
    return meetingInfoOf(await this.deps.storage.loadDocument(record.id, 'meeting'))
  }

  /**
   * Deletes a board for good: every row of it leaves the database, then its connections are
   * closed with `closeCode` and it leaves memory. Until the deletion committed the board accepts
   * no change (`freeze`) and what it had accepted is committed first, so nothing of it is written
   * after the deletion, and a client told "deleted" never finds the board still there.
   */
  async deleteAsync(boardId: string, closeCode: number): Promise<void> {
    const loaded = this.boards.get(boardId)
    const loading = this.loading.get(boardId)
    if (loading !== undefined) loading.deleted = true
    try {
      if (loaded !== undefined && !loaded.isUnloaded) {
        loaded.freeze()
        await this.deps.committer.flush()
      }
      await this.deps.storage.deleteBoard(boardId)
    } finally {
      this.forget(boardId, closeCode)
    }
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
    const ownership = this.ownership
    const read = () => Promise.all([storage.loadDocument(boardId, 'board'), storage.loadDocument(boardId, 'meeting')]).then(([board, meeting]) => ({ board, meeting }))
    // Several nodes: the lease first, so no two nodes ever serve one board; a board another node
    // owns is not read here at all.
    const promise: Promise<StoredBoard> =
      ownership === null
        ? read()
        : ownership.claim(boardId).then((answer) => {
            if (!answer.owned) throw new BoardOwnedElsewhereError(answer.lease)
            return read().catch((err: unknown) => {
              ownership.released(boardId)
              throw err
            })
          })
    const loading: Loading = {
      promise,
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
      // Everything of it is stored (unload) or it was dropped: its lease may go now.
      if (!this.boards.has(b.id) && !this.loading.has(b.id)) this.ownership?.released(b.id)
    })
    this.boards.set(record.id, board)
    return board
  }

  private markStale(boardId: string): void {
    const loading = this.loading.get(boardId)
    if (loading !== undefined) loading.stale = true
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
