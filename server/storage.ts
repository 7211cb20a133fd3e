/**
 * SQLite persistence (better-sqlite3, synchronous). WAL with synchronous=NORMAL: a committed write
 * survives a crash or `kill -9` of this process; after a power loss the last few commits may be
 * lost but the file stays consistent.
 *
 * A board has two Y.Docs (see docs/ydoc-layout.md): the board document (the canvas) and the
 * meeting document (state, participants, decisions). Each is stored the same way in its own pair
 * of tables: one optional snapshot (Yjs update, V2 encoding) plus the V1 updates stored after it,
 * in `seq` order. Compaction replaces the snapshot and deletes the updates it covers in one
 * transaction, so a crash at any point leaves either the old or the new pair.
 *
 * A case (= board) has sessions: the first meeting and its follow-ups. When a session closes, both
 * documents as they are then (and the picture of the board, if the browser sent one) are archived
 * in `sessions`; an archived row is never changed (a trigger refuses every UPDATE), only deleted
 * with its board.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { ArchivedSessionSummary } from '../shared/protocol'

/** Which of a board's two documents. */
export type DocKind = 'board' | 'meeting'
export const DOC_KINDS: readonly DocKind[] = ['board', 'meeting']

export interface BoardRecord {
  id: string
  /** Milliseconds since the epoch. */
  createdAt: number
  facilitatorTokenHash: string
  participantTokenHash: string
  /** Null only for boards created before the resident link existed. */
  residentTokenHash: string | null
  /** The participant and resident tokens sealed with the facilitator's token (see tokens.ts). */
  sealedLinks: string | null
}

/** One closed session of a case, as archived when it closed. */
export interface ArchivedSession {
  number: number
  /** ISO 8601, from the meeting document. */
  startedAt: string
  closedAt: string
  /** `Y.encodeStateAsUpdateV2` of the board document at the close. */
  boardSnapshot: Uint8Array
  /** `Y.encodeStateAsUpdateV2` of the meeting document just after the close (state `closed`). */
  meetingSnapshot: Uint8Array
  /** The board as rendered in the facilitator's browser at the close, if it sent one. */
  pictureSvg: string | null
  picturePng: Uint8Array | null
}

/** What `listSessions` tells about an archived session, without its (large) contents. */
export type { ArchivedSessionSummary }

export interface StoredDocument {
  /** V2-encoded state at the last compaction, or null if never compacted. */
  snapshot: Uint8Array | null
  /** V1 updates stored after the snapshot, oldest first. */
  updates: Uint8Array[]
  /** `seq` of the newest stored update, or 0 when there are none. */
  lastSeq: number
}

/** The tables of each document kind. The board's keep their original names. */
const TABLES: Record<DocKind, { updates: string; snapshots: string }> = {
  board: { updates: 'board_updates', snapshots: 'board_snapshots' },
  meeting: { updates: 'meeting_updates', snapshots: 'meeting_snapshots' },
}

function documentTables(kind: DocKind): string {
  const { updates, snapshots } = TABLES[kind]
  return `
CREATE TABLE IF NOT EXISTS ${updates} (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS ${updates}_by_board ON ${updates} (board_id, seq);
CREATE TABLE IF NOT EXISTS ${snapshots} (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
`
}

// Every statement is idempotent, so opening an existing file (of any earlier version) is safe.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  facilitator_token_hash TEXT NOT NULL,
  participant_token_hash TEXT NOT NULL,
  resident_token_hash TEXT,
  sealed_links TEXT,
  last_closed_at INTEGER
);
${DOC_KINDS.map(documentTables).join('')}
CREATE TABLE IF NOT EXISTS sessions (
  board_id TEXT NOT NULL REFERENCES boards(id),
  number INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  board_snapshot BLOB NOT NULL,
  meeting_snapshot BLOB NOT NULL,
  picture_svg TEXT,
  picture_png BLOB,
  PRIMARY KEY (board_id, number)
);
CREATE TRIGGER IF NOT EXISTS sessions_never_change BEFORE UPDATE ON sessions
BEGIN
  SELECT RAISE(ABORT, 'an archived session never changes');
END;
`

interface BoardRow {
  id: string
  created_at: number
  facilitator_token_hash: string
  participant_token_hash: string
  resident_token_hash: string | null
  sealed_links: string | null
}

interface SessionRow {
  number: number
  started_at: string
  closed_at: string
  board_snapshot: Buffer
  meeting_snapshot: Buffer
  picture_svg: string | null
  picture_png: Buffer | null
}

export const DATABASE_FILE_NAME = 'boards.sqlite'

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

  /**
   * True when this start added `boards.last_closed_at` to an older file: boards closed before then
   * have no close time yet (see retention.ts, which fills it in from their meeting documents).
   */
  readonly addedLastClosedAt: boolean

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, DATABASE_FILE_NAME))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    // Deleted rows are overwritten with zeros, not just unlinked: a deleted board must not
    // linger in free pages of the file.
    this.db.pragma('secure_delete = ON')
    this.addedLastClosedAt = this.migrate()
    this.db.exec(SCHEMA)
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
      withoutCloseTime: this.db.prepare<[], { id: string }>('SELECT id FROM boards WHERE last_closed_at IS NULL'),
    }
    this.sessionStmts = {
      insert: this.db.prepare(
        'INSERT INTO sessions (board_id, number, started_at, closed_at, board_snapshot, meeting_snapshot, picture_svg, picture_png) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      list: this.db.prepare<[string], { number: number; started_at: string; closed_at: string; has_picture: number }>(
        'SELECT number, started_at, closed_at, (picture_svg IS NOT NULL OR picture_png IS NOT NULL) AS has_picture ' +
          'FROM sessions WHERE board_id = ? ORDER BY number',
      ),
      read: this.db.prepare<[string, number], SessionRow>(
        'SELECT number, started_at, closed_at, board_snapshot, meeting_snapshot, picture_svg, picture_png ' +
          'FROM sessions WHERE board_id = ? AND number = ?',
      ),
      exists: this.db.prepare<[string, number], { number: number }>('SELECT number FROM sessions WHERE board_id = ? AND number = ?'),
      deleteAll: this.db.prepare('DELETE FROM sessions WHERE board_id = ?'),
    }
    this.docStmts = {
      board: prepareDocumentStatements(this.db, 'board'),
      meeting: prepareDocumentStatements(this.db, 'meeting'),
    }
  }

  /**
   * Brings a database file of an earlier version up to date (CREATE IF NOT EXISTS cannot add
   * columns). Runs before the schema, so it can tell an older `boards` table from a new file.
   * Returns whether `last_closed_at` had to be added to existing boards.
   */
  private migrate(): boolean {
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(boards)').all().map((c) => c.name)
    if (columns.length === 0) return false // a new file: the schema creates everything
    if (!columns.includes('resident_token_hash')) {
      this.db.exec('ALTER TABLE boards ADD COLUMN resident_token_hash TEXT')
    }
    if (!columns.includes('sealed_links')) {
      this.db.exec('ALTER TABLE boards ADD COLUMN sealed_links TEXT')
    }
    if (!columns.includes('last_closed_at')) {
      this.db.exec('ALTER TABLE boards ADD COLUMN last_closed_at INTEGER')
      return true
    }
    return false
  }

  /**
   * Runs `work` in one SQLite transaction: everything it stores is committed together, or — when
   * it throws — nothing of it is. Used to archive a session together with the meeting change.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)()
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

  /** Stores one accepted update (committed when this returns) and gives its `seq`. */
  appendUpdate(boardId: string, kind: DocKind, update: Uint8Array): number {
    const result = this.docStmts[kind].insertUpdate.run(boardId, toBuffer(update))
    return Number(result.lastInsertRowid)
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
        session.pictureSvg,
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
      pictureSvg: row.picture_svg,
      picturePng: row.picture_png === null ? null : new Uint8Array(row.picture_png),
    }
  }

  hasSession(boardId: string, number: number): boolean {
    return this.sessionStmts.exists.get(boardId, number) !== undefined
  }

  /** A new session of the board started: it is open, so retention leaves it alone. */
  markSessionOpen(boardId: string): void {
    this.stmts.setLastClosedAt.run(null, boardId)
  }

  /** Records when a board's current session closed (boards closed before retention existed). */
  setLastClosedAt(boardId: string, closedAtMs: number): void {
    this.stmts.setLastClosedAt.run(closedAtMs, boardId)
  }

  /** Boards whose current session closed at or before `cutoffMs`, longest closed first. */
  boardsClosedBefore(cutoffMs: number): string[] {
    return this.stmts.closedBefore.all(cutoffMs).map((row) => row.id)
  }

  /** Boards with no close time: open ones, and closed ones from before retention existed. */
  boardsWithoutCloseTime(): string[] {
    return this.stmts.withoutCloseTime.all().map((row) => row.id)
  }

  close(): void {
    this.db.close()
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
