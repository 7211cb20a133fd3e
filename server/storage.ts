/**
 * SQLite persistence (better-sqlite3, synchronous). WAL with synchronous=NORMAL: a committed write
 * survives a crash or `kill -9` of this process; after a power loss the last few commits may be
 * lost but the file stays consistent.
 *
 * Per board: one optional snapshot (Yjs update, V2 encoding) plus the V1 updates stored after it,
 * in `seq` order. Compaction replaces the snapshot and deletes the updates it covers in one
 * transaction, so a crash at any point leaves either the old or the new pair.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export interface BoardRecord {
  id: string
  /** Milliseconds since the epoch. */
  createdAt: number
  facilitatorTokenHash: string
  participantTokenHash: string
}

export interface StoredDocument {
  /** V2-encoded state at the last compaction, or null if never compacted. */
  snapshot: Uint8Array | null
  /** V1 updates stored after the snapshot, oldest first. */
  updates: Uint8Array[]
  /** `seq` of the newest stored update, or 0 when there are none. */
  lastSeq: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  facilitator_token_hash TEXT NOT NULL,
  participant_token_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS board_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS board_updates_by_board ON board_updates (board_id, seq);
CREATE TABLE IF NOT EXISTS board_snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
`

interface BoardRow {
  id: string
  created_at: number
  facilitator_token_hash: string
  participant_token_hash: string
}

export const DATABASE_FILE_NAME = 'boards.sqlite'

export class BoardStore {
  private readonly db: Database.Database
  private readonly stmts

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, DATABASE_FILE_NAME))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    this.db.exec(SCHEMA)
    this.stmts = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, created_at, facilitator_token_hash, participant_token_hash) VALUES (?, ?, ?, ?)',
      ),
      findBoard: this.db.prepare<[string], BoardRow>(
        'SELECT id, created_at, facilitator_token_hash, participant_token_hash FROM boards WHERE id = ?',
      ),
      insertUpdate: this.db.prepare('INSERT INTO board_updates (board_id, "update") VALUES (?, ?)'),
      selectUpdates: this.db.prepare<[string], { seq: number; update: Buffer }>(
        'SELECT seq, "update" AS "update" FROM board_updates WHERE board_id = ? ORDER BY seq',
      ),
      selectSnapshot: this.db.prepare<[string], { snapshot: Buffer }>(
        'SELECT snapshot FROM board_snapshots WHERE board_id = ?',
      ),
      upsertSnapshot: this.db.prepare(
        'INSERT INTO board_snapshots (board_id, snapshot, updated_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (board_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at',
      ),
      deleteUpdatesUpTo: this.db.prepare('DELETE FROM board_updates WHERE board_id = ? AND seq <= ?'),
    }
  }

  createBoard(board: BoardRecord): void {
    this.stmts.insertBoard.run(board.id, board.createdAt, board.facilitatorTokenHash, board.participantTokenHash)
  }

  findBoard(id: string): BoardRecord | undefined {
    const row = this.stmts.findBoard.get(id)
    if (row === undefined) return undefined
    return {
      id: row.id,
      createdAt: row.created_at,
      facilitatorTokenHash: row.facilitator_token_hash,
      participantTokenHash: row.participant_token_hash,
    }
  }

  loadDocument(boardId: string): StoredDocument {
    const snapshotRow = this.stmts.selectSnapshot.get(boardId)
    const rows = this.stmts.selectUpdates.all(boardId)
    return {
      snapshot: snapshotRow ? new Uint8Array(snapshotRow.snapshot) : null,
      updates: rows.map((row) => new Uint8Array(row.update)),
      lastSeq: rows.length > 0 ? rows[rows.length - 1].seq : 0,
    }
  }

  /** Stores one accepted update (committed when this returns) and gives its `seq`. */
  appendUpdate(boardId: string, update: Uint8Array): number {
    const result = this.stmts.insertUpdate.run(boardId, toBuffer(update))
    return Number(result.lastInsertRowid)
  }

  /** Atomically replaces the snapshot and deletes the updates with `seq <= coversUpToSeq`. */
  writeSnapshot(boardId: string, snapshot: Uint8Array, coversUpToSeq: number): void {
    this.db.transaction(() => {
      this.stmts.upsertSnapshot.run(boardId, toBuffer(snapshot), Date.now())
      this.stmts.deleteUpdatesUpTo.run(boardId, coversUpToSeq)
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
