/**
 * SQLite persistence (better-sqlite3). Two faces on one database connection:
 * - `SqliteBoardStorage` implements the asynchronous storage interface (server/storage/
 *   boardStorage.ts) that the sync path and retention use; a PostgreSQL implementation follows
 *   (issue 11);
 * - `BoardStore`, the same operations synchronously: the SQLite engine underneath
 *   `SqliteBoardStorage` (better-sqlite3 is synchronous), and what tests read directly.
 *
 * Settings (chosen by measurement, docs/api.md "Storage and durability"): WAL with
 * synchronous=NORMAL — a committed transaction survives a crash or `kill -9` of this process;
 * after a power loss or an OS crash the last commits before it may be lost, but the file stays
 * consistent. Accepted updates are committed in groups (server/storage/groupCommit.ts), each
 * group in one transaction, before anyone sees them. The schema comes from numbered migrations
 * (server/storage/migrations.ts), applied when the store opens.
 *
 * A board has two Y.Docs (see docs/ydoc-layout.md): the board document (the canvas) and the
 * meeting document (state, participants, decisions). Each is stored the same way in its own pair
 * of tables: one optional snapshot (Yjs update, V2 encoding) plus the V1 updates stored after it,
 * in `seq` order. Compaction replaces the snapshot and deletes the updates it covers in one
 * transaction, so a crash at any point leaves either the old or the new pair.
 *
 * A case (= board) has sessions: the first meeting and its follow-ups. When a session closes, both
 * documents as they are then (and the PNG picture of the board, if the browser sent one) are
 * archived in `sessions`; an archived row is never changed (a trigger refuses every UPDATE), only
 * deleted with its board.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { ArchivedSessionSummary } from '../shared/protocol'
import type {
  ArchivedSession,
  BoardLease,
  BoardRecord,
  BoardStorage,
  DocKind,
  LeaseAnswer,
  StoredDocument,
  UpdateToStore,
  WriteAlongside,
} from './storage/boardStorage'
import { DOC_KINDS } from './storage/boardStorage'
import type { MigrationResult } from './storage/sqliteMigrations'
import { migrateSqlite } from './storage/sqliteMigrations'

export type { ArchivedSession, ArchivedSessionSummary, BoardRecord, DocKind, StoredDocument, UpdateToStore, WriteAlongside } from './storage/boardStorage'
export { DOC_KINDS } from './storage/boardStorage'

/** The tables of each document kind. The board's keep their original names. */
const TABLES: Record<DocKind, { updates: string; snapshots: string }> = {
  board: { updates: 'board_updates', snapshots: 'board_snapshots' },
  meeting: { updates: 'meeting_updates', snapshots: 'meeting_snapshots' },
}

interface BoardRow {
  id: string
  created_at: number
  facilitator_token_hash: string
  participant_token_hash: string
  resident_token_hash: string
  sealed_links: string
}

interface SessionRow {
  number: number
  started_at: string
  closed_at: string
  board_snapshot: Buffer
  meeting_snapshot: Buffer
  picture_png: Buffer | null
}

export const DATABASE_FILE_NAME = 'boards.sqlite'

/**
 * SQLite settings; the defaults are what the server uses (measured, docs/api.md "Storage and
 * durability"). Other values exist for measurements and tests.
 */
export interface SqliteSettings {
  /** NORMAL: a commit survives a process kill, not necessarily a power loss; FULL: both. */
  synchronous: 'NORMAL' | 'FULL'
  /**
   * Page size of a NEW database file in bytes (an existing file keeps its own: SQLite cannot
   * change it in WAL mode). Small pages mean fewer bytes written per small commit.
   */
  pageSize: number
  /** WAL pages after which a commit checkpoints them into the database file. */
  walAutocheckpointPages: number
}

export const DEFAULT_SQLITE_SETTINGS: SqliteSettings = {
  synchronous: 'NORMAL',
  pageSize: 1024,
  walAutocheckpointPages: 4000,
}

function prepareDocumentStatements(db: Database.Database, kind: DocKind) {
  const { updates, snapshots } = TABLES[kind]
  return {
    insertUpdate: db.prepare(`INSERT INTO ${updates} (board_id, "update") VALUES (?, ?)`),
    selectUpdates: db.prepare<[string], { seq: number; update: Buffer }>(
      `SELECT seq, "update" AS "update" FROM ${updates} WHERE board_id = ? ORDER BY seq`,
    ),
    selectSnapshot: db.prepare<[string], { snapshot: Buffer }>(`SELECT snapshot FROM ${snapshots} WHERE board_id = ?`),
    upsertSnapshot: db.prepare(
      `INSERT INTO ${snapshots} (board_id, snapshot, updated_at) VALUES (?, ?, ?) ` +
        'ON CONFLICT (board_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at',
    ),
    deleteUpdatesUpTo: db.prepare(`DELETE FROM ${updates} WHERE board_id = ? AND seq <= ?`),
    deleteAllUpdates: db.prepare(`DELETE FROM ${updates} WHERE board_id = ?`),
    deleteSnapshot: db.prepare(`DELETE FROM ${snapshots} WHERE board_id = ?`),
  }
}

export class BoardStore {
  private readonly db: Database.Database
  private readonly stmts
  private readonly sessionStmts
  private readonly docStmts: Record<DocKind, ReturnType<typeof prepareDocumentStatements>>

  /** What opening did to the schema (server/storage/migrations.ts). */
  readonly migration: MigrationResult

  /** The settings in effect (`pageSize`: the file's own). */
  readonly settings: SqliteSettings

  /**
   * The database handle, for the account storages on the same file (sign-in and case rights,
   * issue 12: server/storage/signInSqlite.ts, caseSqlite.ts); nothing of a board goes through it.
   */
  get database(): Database.Database {
    return this.db
  }

  constructor(dataDir: string, settings: Partial<SqliteSettings> = {}) {
    const wanted = { ...DEFAULT_SQLITE_SETTINGS, ...settings }
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, DATABASE_FILE_NAME))
    // Only takes effect on a new, empty file (before journal_mode writes its header).
    this.db.pragma(`page_size = ${Math.trunc(wanted.pageSize)}`)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${wanted.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`)
    this.db.pragma(`wal_autocheckpoint = ${Math.trunc(wanted.walAutocheckpointPages)}`)
    this.settings = { ...wanted, pageSize: this.db.pragma('page_size', { simple: true }) as number }
    this.db.pragma('foreign_keys = ON')
    // Deleted rows are overwritten with zeros, not just unlinked: a deleted board must not
    // linger in free pages of the file.
    this.db.pragma('secure_delete = ON')
    this.migration = migrateSqlite(this.db)
    this.stmts = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, created_at, facilitator_token_hash, participant_token_hash, resident_token_hash, sealed_links) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      findBoard: this.db.prepare<[string], BoardRow>(
        'SELECT id, created_at, facilitator_token_hash, participant_token_hash, resident_token_hash, sealed_links FROM boards WHERE id = ?',
      ),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE id = ?'),
      setLastClosedAt: this.db.prepare('UPDATE boards SET last_closed_at = ? WHERE id = ?'),
      closedBefore: this.db.prepare<[number], { id: string }>(
        'SELECT id FROM boards WHERE last_closed_at IS NOT NULL AND last_closed_at <= ? ORDER BY last_closed_at',
      ),
    }
    this.sessionStmts = {
      insert: this.db.prepare(
        'INSERT INTO sessions (board_id, number, started_at, closed_at, board_snapshot, meeting_snapshot, picture_png) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      list: this.db.prepare<[string], { number: number; started_at: string; closed_at: string; has_picture: number }>(
        'SELECT number, started_at, closed_at, (picture_png IS NOT NULL) AS has_picture ' +
          'FROM sessions WHERE board_id = ? ORDER BY number',
      ),
      read: this.db.prepare<[string, number], SessionRow>(
        'SELECT number, started_at, closed_at, board_snapshot, meeting_snapshot, picture_png ' +
          'FROM sessions WHERE board_id = ? AND number = ?',
      ),
      deleteAll: this.db.prepare('DELETE FROM sessions WHERE board_id = ?'),
    }
    this.docStmts = {
      board: prepareDocumentStatements(this.db, 'board'),
      meeting: prepareDocumentStatements(this.db, 'meeting'),
    }
  }

  /**
   * Creates the board row and the first state of its meeting document in one transaction, so a
   * board never exists without its meeting.
   */
  createBoard(board: BoardRecord, initialMeetingSnapshot: Uint8Array): void {
    this.db.transaction(() => {
      this.stmts.insertBoard.run(
        board.id,
        board.createdAt,
        board.facilitatorTokenHash,
        board.participantTokenHash,
        board.residentTokenHash,
        board.sealedLinks,
      )
      this.docStmts.meeting.upsertSnapshot.run(board.id, toBuffer(initialMeetingSnapshot), Date.now())
    })()
  }

  findBoard(id: string): BoardRecord | undefined {
    const row = this.stmts.findBoard.get(id)
    if (row === undefined) return undefined
    return {
      id: row.id,
      createdAt: row.created_at,
      facilitatorTokenHash: row.facilitator_token_hash,
      participantTokenHash: row.participant_token_hash,
      residentTokenHash: row.resident_token_hash,
      sealedLinks: row.sealed_links,
    }
  }

  /**
   * Removes everything of a board — its archived sessions, both documents and the row with its
   * token hashes — in one
   * transaction, then checkpoints the WAL so the old pages do not linger in the `-wal` file.
   */
  deleteBoard(id: string): void {
    this.db.transaction(() => {
      this.sessionStmts.deleteAll.run(id)
      for (const kind of DOC_KINDS) {
        this.docStmts[kind].deleteAllUpdates.run(id)
        this.docStmts[kind].deleteSnapshot.run(id)
      }
      this.stmts.deleteBoard.run(id)
    })()
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  loadDocument(boardId: string, kind: DocKind): StoredDocument {
    const stmts = this.docStmts[kind]
    const snapshotRow = stmts.selectSnapshot.get(boardId)
    const rows = stmts.selectUpdates.all(boardId)
    return {
      snapshot: snapshotRow ? new Uint8Array(snapshotRow.snapshot) : null,
      updates: rows.map((row) => new Uint8Array(row.update)),
      lastSeq: rows.length > 0 ? rows[rows.length - 1].seq : 0,
    }
  }

  /**
   * Group commit: stores every update, then every `also` write, in one transaction (committed
   * when this returns; nothing of it when it throws) and gives each update's `seq`. The rowid is
   * the `seq`: a new row's rowid is above every row in its table, so per document the order of
   * `seq` is the order of storing (see migration 3).
   */
  appendUpdates(updates: readonly UpdateToStore[], also: readonly WriteAlongside[] = []): number[] {
    return this.db.transaction(() => {
      const seqs = updates.map(({ boardId, kind, update }) => Number(this.docStmts[kind].insertUpdate.run(boardId, toBuffer(update)).lastInsertRowid))
      for (const write of also) {
        if (write.type === 'archiveSession') this.archiveSession(write.boardId, write.session)
        else this.markSessionOpen(write.boardId)
      }
      return seqs
    })()
  }

  /** Atomically replaces the snapshot and deletes the updates with `seq <= coversUpToSeq`. */
  writeSnapshot(boardId: string, kind: DocKind, snapshot: Uint8Array, coversUpToSeq: number): void {
    const stmts = this.docStmts[kind]
    this.db.transaction(() => {
      stmts.upsertSnapshot.run(boardId, toBuffer(snapshot), Date.now())
      stmts.deleteUpdatesUpTo.run(boardId, coversUpToSeq)
    })()
  }

  // ---------------------------------------------------------------- sessions and retention

  /**
   * Archives a closed session and records the board's close time (for retention). Never replaces
   * an archived session: archiving the same number twice throws.
   */
  archiveSession(boardId: string, session: ArchivedSession): void {
    this.db.transaction(() => {
      this.sessionStmts.insert.run(
        boardId,
        session.number,
        session.startedAt,
        session.closedAt,
        toBuffer(session.boardSnapshot),
        toBuffer(session.meetingSnapshot),
        session.picturePng === null ? null : toBuffer(session.picturePng),
      )
      this.stmts.setLastClosedAt.run(closeTimeMs(session.closedAt), boardId)
    })()
  }

  /** The archived sessions of a board, oldest first, without their contents. */
  listSessions(boardId: string): ArchivedSessionSummary[] {
    return this.sessionStmts.list.all(boardId).map((row) => ({
      number: row.number,
      startedAt: row.started_at,
      closedAt: row.closed_at,
      hasPicture: row.has_picture === 1,
    }))
  }

  readSession(boardId: string, number: number): ArchivedSession | undefined {
    const row = this.sessionStmts.read.get(boardId, number)
    if (row === undefined) return undefined
    return {
      number: row.number,
      startedAt: row.started_at,
      closedAt: row.closed_at,
      boardSnapshot: new Uint8Array(row.board_snapshot),
      meetingSnapshot: new Uint8Array(row.meeting_snapshot),
      picturePng: row.picture_png === null ? null : new Uint8Array(row.picture_png),
    }
  }

  /** A new session of the board started: it is open, so retention leaves it alone. */
  markSessionOpen(boardId: string): void {
    this.stmts.setLastClosedAt.run(null, boardId)
  }

  /** Boards whose current session closed at or before `cutoffMs`, longest closed first. */
  boardsClosedBefore(cutoffMs: number): string[] {
    return this.stmts.closedBefore.all(cutoffMs).map((row) => row.id)
  }

  close(): void {
    this.db.close()
  }
}

/**
 * The asynchronous storage interface on SQLite. better-sqlite3 works synchronously, so each
 * promise is settled when it is returned (a failure is a rejected promise, never a throw): the
 * group committer still awaits it, exactly as it will await PostgreSQL.
 */
export class SqliteBoardStorage implements BoardStorage {
  constructor(
    /** The synchronous engine underneath (also read directly by tests). */
    readonly sync: BoardStore,
  ) {}

  get migration(): MigrationResult {
    return this.sync.migration
  }

  // ---------------------------------------------------------------- ownership (issue 11)
  // One SQLite file is served by one process: every lease is this node's, always, at epoch 1, and
  // no write is ever fenced. Nothing is stored (migration 4 has no SQLite table); the answers only
  // keep the interface's shape, with the expiry the caller asked for.

  acquireLease(boardId: string, nodeId: string, nodeUrl: string, ttlMs: number): Promise<LeaseAnswer> {
    this.leases.set(boardId, { nodeId, nodeUrl })
    return Promise.resolve({ owned: true, lease: { boardId, nodeId, nodeUrl, epoch: 1, expiresAt: Date.now() + ttlMs } })
  }

  renewLeases(_nodeId: string, _boardIds: readonly string[], _ttlMs: number): Promise<string[]> {
    return Promise.resolve([])
  }

  releaseLease(boardId: string, _nodeId: string): Promise<void> {
    this.leases.delete(boardId)
    return Promise.resolve()
  }

  currentLease(boardId: string): Promise<BoardLease | undefined> {
    const lease = this.leases.get(boardId)
    // The expiry of a lease nobody renews on SQLite: a day on, renewed by asking.
    return Promise.resolve(lease && { boardId, ...lease, epoch: 1, expiresAt: Date.now() + 86_400_000 })
  }

  /** Who took each board's lease (this process; kept only to answer `currentLease`). */
  private readonly leases = new Map<string, { nodeId: string; nodeUrl: string }>()

  findBoard(id: string): Promise<BoardRecord | undefined> {
    return settle(() => this.sync.findBoard(id))
  }

  createBoard(board: BoardRecord, initialMeetingSnapshot: Uint8Array): Promise<void> {
    return settle(() => this.sync.createBoard(board, initialMeetingSnapshot))
  }

  deleteBoard(id: string): Promise<void> {
    return settle(() => this.sync.deleteBoard(id))
  }

  loadDocument(boardId: string, kind: DocKind): Promise<StoredDocument> {
    return settle(() => this.sync.loadDocument(boardId, kind))
  }

  appendUpdates(updates: readonly UpdateToStore[], also: readonly WriteAlongside[] = []): Promise<number[]> {
    return settle(() => this.sync.appendUpdates(updates, also))
  }

  writeSnapshot(boardId: string, kind: DocKind, snapshot: Uint8Array, coversUpToSeq: number): Promise<void> {
    return settle(() => this.sync.writeSnapshot(boardId, kind, snapshot, coversUpToSeq))
  }

  archiveSession(boardId: string, session: ArchivedSession): Promise<void> {
    return settle(() => this.sync.archiveSession(boardId, session))
  }

  listSessions(boardId: string): Promise<ArchivedSessionSummary[]> {
    return settle(() => this.sync.listSessions(boardId))
  }

  readSession(boardId: string, number: number): Promise<ArchivedSession | undefined> {
    return settle(() => this.sync.readSession(boardId, number))
  }

  markSessionOpen(boardId: string): Promise<void> {
    return settle(() => this.sync.markSessionOpen(boardId))
  }

  boardsClosedBefore(cutoffMs: number): Promise<string[]> {
    return settle(() => this.sync.boardsClosedBefore(cutoffMs))
  }

  close(): Promise<void> {
    return settle(() => this.sync.close())
  }
}

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work())
  } catch (err) {
    return Promise.reject(err)
  }
}

/** The close time in ms; an unreadable one counts as now (kept a full retention period). */
function closeTimeMs(closedAt: string): number {
  const ms = Date.parse(closedAt)
  return Number.isNaN(ms) ? Date.now() : ms
}

/** better-sqlite3 binds Buffers as BLOBs; wrap without copying. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
