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
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

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
  sealed_links TEXT
);
${DOC_KINDS.map(documentTables).join('')}
`

interface BoardRow {
  id: string
  created_at: number
  facilitator_token_hash: string
  participant_token_hash: string
  resident_token_hash: string | null
  sealed_links: string | null
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
  private readonly docStmts: Record<DocKind, ReturnType<typeof prepareDocumentStatements>>

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, DATABASE_FILE_NAME))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    // Deleted rows are overwritten with zeros, not just unlinked: a deleted board must not
    // linger in free pages of the file.
    this.db.pragma('secure_delete = ON')
    this.db.exec(SCHEMA)
    this.migrate()
    this.stmts = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, created_at, facilitator_token_hash, participant_token_hash, resident_token_hash, sealed_links) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      findBoard: this.db.prepare<[string], BoardRow>(
        'SELECT id, created_at, facilitator_token_hash, participant_token_hash, resident_token_hash, sealed_links FROM boards WHERE id = ?',
      ),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE id = ?'),
    }
    this.docStmts = {
      board: prepareDocumentStatements(this.db, 'board'),
      meeting: prepareDocumentStatements(this.db, 'meeting'),
    }
  }

  /** Brings a database file of an earlier version up to date (CREATE IF NOT EXISTS cannot add columns). */
  private migrate(): void {
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(boards)').all().map((c) => c.name)
    if (!columns.includes('resident_token_hash')) {
      this.db.exec('ALTER TABLE boards ADD COLUMN resident_token_hash TEXT')
    }
    if (!columns.includes('sealed_links')) {
      this.db.exec('ALTER TABLE boards ADD COLUMN sealed_links TEXT')
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
   * Removes everything of a board — both documents and the row with its token hashes — in one
   * transaction, then checkpoints the WAL so the old pages do not linger in the `-wal` file.
   */
  deleteBoard(id: string): void {
    this.db.transaction(() => {
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

  close(): void {
    this.db.close()
  }
}

/** better-sqlite3 binds Buffers as BLOBs; wrap without copying. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
