/**
 * Boards held in memory while people are connected or an API call needs them. A loaded board
 * holds both of its documents (server/syncedDocument.ts): the board document (the canvas) and the
 * meeting document (state, participants, decisions), so the rules that connect them — a locked
 * or closed meeting refuses canvas edits — always read a consistent pair.
 *
 * A board is loaded when its first connection or API call arrives and unloaded
 * `boardUnloadGraceMs` after its last connection left (or the API call finished). Loading is
 * synchronous (better-sqlite3), so two arrivals at the same moment can never load one board
 * twice: the second finds it in the map.
 */
import * as Y from 'yjs'
import type { MeetingInfo, MeetingState } from '../shared/domain/meeting'
import { mayEditBoard } from '../shared/domain/meeting'
import { appendRemoval, initMeetingDoc, isMeetingInitialised, readDecisions, readMeetingInfo, readParticipants } from '../shared/ydoc/meetingDoc'
import { decidedActionIds, type RemovalEntry } from '../shared/domain/meeting'
import { DecidedCardGuard } from './decidedCardGuard'
import type { BoardRecord, BoardStore, DocKind } from './storage'
import type { BoardConnection, UpdateRefusal } from './syncedDocument'
import { restoreDocument, SyncedDocument } from './syncedDocument'
import { boardRef, errorText, log } from './log'

export type { BoardConnection } from './syncedDocument'

export interface BoardSettings {
  boardUnloadGraceMs: number
  compactEveryUpdates: number
  /** The time zone of meetings whose document is created on load (TIME_ZONE). */
  timeZone: string
}

/** Thrown by a write whose storage failed: the change is not on disk and the board was dropped. */
export class BoardStorageError extends Error {}

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

  constructor(
    record: BoardRecord,
    private readonly store: BoardStore,
    private readonly settings: BoardSettings,
    private readonly onUnloaded: (board: LoadedBoard) => void,
  ) {
    this.id = record.id
    const common = {
      boardId: record.id,
      store,
      compactEveryUpdates: settings.compactEveryUpdates,
      onStorageFailed: () => this.failStorage(),
      onConnectionRemoved: () => {
        if (this.connectionCount === 0) this.scheduleUnload()
      },
    }
    this.board = new SyncedDocument({
      ...common,
      kind: 'board',
      refusal: (conn) => this.boardRefusal(conn),
      afterClientUpdate: (conn) => this.guardDecidedCards(conn),
    })
    // Only the server writes the meeting document, through the HTTP API.
    this.meeting = new SyncedDocument({ ...common, kind: 'meeting', refusal: () => 'read_only' })
    // Boards created before the meeting document existed get one now.
    if (!isMeetingInitialised(this.meeting.doc)) initMeetingDoc(this.meeting.doc, new Date(record.createdAt).toISOString(), settings.timeZone)
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
    try {
      this.writeMeeting((doc) => {
        for (const capture of removed) {
          const entry: RemovalEntry = { actionId: capture.id, removedBy, at, sessionNumber: info.sessionNumber, card: capture.card, related: capture.related }
          appendRemoval(doc, entry)
        }
      })
      log('info', 'decided_card_removed', { board: boardRef(this.id), cards: removed.length })
    } catch (err) {
      log('error', 'storage_failed', { board: boardRef(this.id), doc: 'meeting', error: errorText(err) })
    }
  }

  /** The facilitator behind a connection, by its presence and the participant entries. */
  private facilitatorBehind(conn: BoardConnection): RemovalEntry['removedBy'] {
    const presence = this.board.presenceOf(conn)
    const facilitators = readParticipants(this.meeting.doc).filter((p) => p.access === 'facilitator')
    const entry = facilitators.find((p) => p.userId === presence?.userId) ?? (facilitators.length === 1 ? facilitators[0] : undefined)
    if (entry) return { userId: entry.userId, name: entry.name, role: 'gespreksleider' }
    return { userId: presence?.userId ?? '', name: presence?.name ?? '', role: 'gespreksleider' }
  }

  /** A server change of the canvas (e.g. "put back"), stored and sent like any change. */
  writeBoard(write: (doc: Y.Doc) => void): void {
    write(this.board.doc)
    if (this.unloaded) throw new BoardStorageError('the board change could not be stored')
    this.guard.acceptServerChanges()
  }

  /**
   * Runs a server write on the meeting document (origin SERVER_ORIGIN, set by the shared/ydoc
   * helpers). Stored before it is broadcast, like every change; throws when that failed.
   */
  writeMeeting(write: (doc: Y.Doc) => void): void {
    const before = this.meetingState
    write(this.meeting.doc)
    if (this.unloaded) throw new BoardStorageError('the meeting change could not be stored')
    // Unlocked, or reopened by a follow-up session: canvas edits dropped meanwhile come in now.
    if (before !== 'open' && this.meetingState === 'open') this.board.askForMissing()
  }

  /**
   * `writeMeeting` and `alsoStore` in one SQLite transaction: both are stored or neither is.
   * Clients see the meeting change only after the commit. If anything fails, memory may be ahead
   * of the disk, so the board is dropped (as after any failed write) and this throws.
   */
  writeMeetingTogetherWith(write: (doc: Y.Doc) => void, alsoStore: () => void): void {
    try {
      this.meeting.holdBroadcasts(() =>
        this.store.transaction(() => {
          this.writeMeeting(write)
          alsoStore()
        }),
      )
    } catch (err) {
      log('error', 'storage_failed', { board: boardRef(this.id), doc: 'meeting', error: errorText(err) })
      this.failStorage()
      throw new BoardStorageError('the meeting change could not be stored')
    }
  }

  /** After an API call: a board nobody is connected to goes away after the grace period. */
  release(): void {
    if (!this.unloaded && this.connectionCount === 0) this.scheduleUnload()
  }

  /** Compacts both documents and frees the board. Also used at shutdown. */
  unload(): void {
    if (this.unloaded) return
    this.unloaded = true
    this.cancelUnload()
    for (const doc of [this.board, this.meeting]) {
      try {
        doc.compact()
      } catch (err) {
        // The stored updates are still complete; only the snapshot is missing.
        log('error', 'compaction_failed', { board: boardRef(this.id), doc: doc.kind, error: errorText(err) })
      }
      doc.destroy()
    }
    this.guard.destroy()
    this.onUnloaded(this)
    log('info', 'board_unloaded', { board: boardRef(this.id) })
  }

  /**
   * The board was deleted: close every connection of both documents with `code` and forget
   * the board without writing anything more.
   */
  discard(code: number, reason: string): void {
    if (this.unloaded) return
    this.unloaded = true
    this.cancelUnload()
    for (const doc of [this.board, this.meeting]) {
      doc.closeAll(code, reason)
      doc.destroy()
    }
    this.guard.destroy()
    this.onUnloaded(this)
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
      if (this.connectionCount === 0) this.unload()
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
  acquire(record: BoardRecord): LoadedBoard {
    let board = this.boards.get(record.id)
    if (board === undefined) {
      board = new LoadedBoard(record, this.store, this.settings, (b) => {
        if (this.boards.get(b.id) === b) this.boards.delete(b.id)
      })
      this.boards.set(record.id, board)
    }
    return board
  }

  /**
   * The meeting's state, read without loading the board when nobody uses it: looking at a
   * board (GET) must not keep it in memory.
   */
  meetingInfo(record: BoardRecord): MeetingInfo {
    const loaded = this.boards.get(record.id)
    if (loaded !== undefined) return loaded.meetingInfo()
    const doc = new Y.Doc()
    try {
      restoreDocument(doc, this.store.loadDocument(record.id, 'meeting'))
      return readMeetingInfo(doc)
    } finally {
      doc.destroy()
    }
  }

  /**
   * Deletes a board for good: its connections are closed with `closeCode`, it leaves memory,
   * and every row of it leaves the database.
   */
  delete(boardId: string, closeCode: number): void {
    this.boards.get(boardId)?.discard(closeCode, 'deleted')
    this.store.deleteBoard(boardId)
  }

  /** Compacts and frees every loaded board (shutdown). */
  unloadAll(): void {
    for (const board of [...this.boards.values()]) board.unload()
  }
}
