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
 * meeting document (state, participants, decisions). Each is stored the same way: one optional
 * snapshot (Yjs update, V2 encoding) plus the V1 updates stored after it, in `seq` order. An
 * update is appended to `update_log` (all documents, no index: one page written per commit);
 * the log is folded now and then into runs, one row of `board_updates` / `meeting_updates` per
 * document (migration 8). Compaction replaces the snapshot and deletes the updates it covers in
 * one transaction, so a crash at any point leaves either the old or the new state.
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
import { LogFold } from './storage/logFold'
import { decodeRun, encodeRun } from './storage/updateRuns'
import { errorText, log } from './log'

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
   * change it in WAL mode). Small pages mean fewer bytes written per small commit: a commit
   * writes whole pages to the WAL.
   */
  pageSize: number
  /**
   * WAL pages after which a commit checkpoints them into the database file. A checkpoint writes
   * each page changed since the last one, and the OS counts every 4 KB it touches: the rarer,
   * the fewer bytes (32000 pages of 512 bytes: a WAL of about 16 MB).
   */
  walAutocheckpointPages: number
  /**
   * When `update_log` holds this many rows, it is folded into runs after the commit (runs of at
   * most 8 MiB per document, server/storage/updateRuns.ts). Loading a document scans the log (it has no index:
   * an index page per commit is what the log saves), so the log must stay short; a fold writes
   * each run once, so the longer the log, the fewer bytes per update.
   */
  foldLogRows: number
}

export const DEFAULT_SQLITE_SETTINGS: SqliteSettings = {
  synchronous: 'NORMAL',
  pageSize: 512,
  walAutocheckpointPages: 32000,
  foldLogRows: 4000,
}

/** `update_log.kind` of each document kind (migration 8). */
const KIND_CODES: Record<DocKind, number> = { board: 0, meeting: 1 }
const KIND_OF_CODE: readonly DocKind[] = ['board', 'meeting']

function prepareDocumentStatements(db: Database.Database, kind: DocKind) {
  const { updates, snapshots } = TABLES[kind]
  const code = KIND_CODES[kind]
  return {
    selectLogged: db.prepare<[string], { seq: number; update: Buffer }>(
      `SELECT seq, "update" AS "update" FROM update_log WHERE board_id = ? AND kind = ${code} ORDER BY seq`,
    ),
    selectRuns: db.prepare<[string], { seq: number; updates: Buffer }>(`SELECT seq, updates FROM ${updates} WHERE board_id = ? ORDER BY seq`),
    insertRun: db.prepare(`INSERT INTO ${updates} (board_id, seq, updates) VALUES (?, ?, ?)`),
    /** The first run not wholly covered by a snapshot covering `seq <= ?`. */
    firstRunAfter: db.prepare<[string, number], { seq: number; updates: Buffer }>(
      `SELECT seq, updates FROM ${updates} WHERE board_id = ? AND seq > ? ORDER BY seq LIMIT 1`,
    ),
    replaceRun: db.prepare(`UPDATE ${updates} SET updates = ? WHERE board_id = ? AND seq = ?`),
    selectSnapshot: db.prepare<[string], { snapshot: Buffer }>(`SELECT snapshot FROM ${snapshots} WHERE board_id = ?`),
    upsertSnapshot: db.prepare(
      `INSERT INTO ${snapshots} (board_id, snapshot, updated_at) VALUES (?, ?, ?) ` +
        'ON CONFLICT (board_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at',
    ),
    deleteRunsUpTo: db.prepare(`DELETE FROM ${updates} WHERE board_id = ? AND seq <= ?`),
    deleteLoggedUpTo: db.prepare(`DELETE FROM update_log WHERE board_id = ? AND kind = ${code} AND seq <= ?`),
    lastRunSeq: db.prepare<[string], number | null>(`SELECT max(seq) FROM ${updates} WHERE board_id = ?`).pluck(),
    deleteAllRuns: db.prepare(`DELETE FROM ${updates} WHERE board_id = ?`),
    deleteSnapshot: db.prepare(`DELETE FROM ${snapshots} WHERE board_id = ?`),
  }
}

export class BoardStore {
  private readonly db: Database.Database
  private readonly stmts
  private readonly sessionStmts
  private readonly docStmts: Record<DocKind, ReturnType<typeof prepareDocumentStatements>>
  private readonly logStmts
  /** appendUpdates' transaction, wrapped once: a wrapper per call was 1 % of the server's CPU per update. */
  private readonly appendInTransaction: (updates: readonly UpdateToStore[], also: readonly WriteAlongside[]) => number[]
  /** Log rows at which the next fold is started (further away after a fold failed). */
  private foldAt: number
  /** The fold under way, a slice per event-loop turn (server/storage/logFold.ts), or null. */
  private fold: LogFold | null = null
  private foldTimer: NodeJS.Immediate | null = null
  /**
   * The next update's `seq`: one counter for the file, above every `seq` stored (the log's rowid
   * alone would start again at 1 after a fold emptied it). One process serves the file.
   */
  private nextSeq: number
  /** Rows in `update_log`, kept in step with every committed insert and delete (no count per commit). */
  private logRows: number

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
    this.logStmts = {
      insert: this.db.prepare('INSERT INTO update_log (seq, board_id, kind, "update") VALUES (?, ?, ?, ?)'),
      readSlice: this.db.prepare<[number, number, number], { seq: number; board_id: string; kind: number; update: Buffer }>(
        'SELECT seq, board_id, kind, "update" AS "update" FROM update_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      ),
      firstSeq: this.db.prepare<[], number | null>('SELECT min(seq) FROM update_log').pluck(),
      deleteRange: this.db.prepare<[number, number]>('DELETE FROM update_log WHERE seq > ? AND seq <= ?'),
      deleteBoard: this.db.prepare('DELETE FROM update_log WHERE board_id = ?'),
    }
    this.appendInTransaction = this.db.transaction((updates: readonly UpdateToStore[], also: readonly WriteAlongside[]) => {
      const seqs = updates.map(({ boardId, kind, update }) => {
        const seq = this.nextSeq++
        this.logStmts.insert.run(seq, boardId, KIND_CODES[kind], toBuffer(update))
        return seq
      })
      for (const write of also) {
        if (write.type === 'archiveSession') this.archiveSession(write.boardId, write.session)
        else this.markSessionOpen(write.boardId)
      }
      return seqs
    })
    // coalesce: SQLite's max() of several values is NULL as soon as one of them is.
    const maxSeq = this.db
      .prepare<[], number>(
        'SELECT max(coalesce((SELECT max(seq) FROM update_log), 0), coalesce((SELECT max(seq) FROM board_updates), 0), ' +
          'coalesce((SELECT max(seq) FROM meeting_updates), 0))',
      )
      .pluck()
      .get()
    this.nextSeq = (maxSeq ?? 0) + 1
    this.logRows = this.db.prepare<[], number>('SELECT count(*) FROM update_log').pluck().get() ?? 0
    this.foldAt = this.settings.foldLogRows
    // E.g. the rows migration 8 carried over, or a long log left by a crash: folded at once,
    // slice after slice, before anyone is served.
    if (this.startFoldWhenDue()) {
      while (this.foldSlice()) {
        // the next slice
      }
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
    let logged = 0
    this.db.transaction(() => {
      this.sessionStmts.deleteAll.run(id)
      logged = this.logStmts.deleteBoard.run(id).changes
      for (const kind of DOC_KINDS) {
        this.docStmts[kind].deleteAllRuns.run(id)
        this.docStmts[kind].deleteSnapshot.run(id)
      }
      this.stmts.deleteBoard.run(id)
    })()
    this.logRows -= logged
    for (const kind of DOC_KINDS) this.fold?.documentDeleted(id, KIND_CODES[kind])
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  /**
   * The snapshot, then the document's runs and its rows in the log: all in `seq` order. A log row
   * at or below the last run's `seq` is in that run already (a fold writes the runs before it
   * deletes the rows: server/storage/logFold.ts).
   */
  loadDocument(boardId: string, kind: DocKind): StoredDocument {
    const stmts = this.docStmts[kind]
    const snapshotRow = stmts.selectSnapshot.get(boardId)
    const entries = stmts.selectRuns.all(boardId).flatMap((row) => decodeRun(row.updates))
    const inRuns = entries.length > 0 ? entries[entries.length - 1].seq : 0
    for (const row of stmts.selectLogged.all(boardId)) {
      if (row.seq > inRuns) entries.push({ seq: row.seq, update: new Uint8Array(row.update) })
    }
    return {
      snapshot: snapshotRow ? new Uint8Array(snapshotRow.snapshot) : null,
      updates: entries.map((entry) => entry.update),
      lastSeq: entries.length > 0 ? entries[entries.length - 1].seq : 0,
    }
  }

  /**
   * Group commit: appends every update to `update_log`, then does every `also` write, in one
   * transaction (committed when this returns; nothing of it when it throws) and gives each
   * update's `seq` (`nextSeq`: per document the order of `seq` is the order of storing). A commit
   * changes one log page — two or three when it starts a new one. When the log is long enough,
   * a fold starts: in slices, in later event-loop turns, each in a transaction of its own.
   */
  appendUpdates(updates: readonly UpdateToStore[], also: readonly WriteAlongside[] = []): number[] {
    const seqs = this.appendInTransaction(updates, also)
    this.logRows += updates.length
    if (this.startFoldWhenDue()) this.scheduleFoldStep()
    return seqs
  }

  /** Whether a fold is under way (tests wait for `foldSettled`). */
  get folding(): boolean {
    return this.fold !== null
  }

  /** Resolves once no fold is under way (for tests and benchmarks; the server never waits). */
  async foldSettled(): Promise<void> {
    while (this.fold !== null) await new Promise((resolve) => setImmediate(resolve))
  }

  /**
   * Starts a fold of the whole log when it is long enough and none is under way; true when it
   * did. A fold that fails (a full disk, say) loses nothing and never refuses an update — the
   * log just stays longer, and the next fold starts after another `foldLogRows` rows.
   */
  private startFoldWhenDue(): boolean {
    if (this.fold !== null || this.logRows < this.foldAt) return false
    const first = this.logStmts.firstSeq.get()
    if (first === null || first === undefined) return false
    this.fold = new LogFold(this.foldStatements, first - 1, this.nextSeq - 1)
    return true
  }

  private scheduleFoldStep(): void {
    if (this.foldTimer === null) this.foldTimer = setImmediate(() => this.foldStep())
  }

  /** A scheduled slice of the fold under way; schedules the next while there is more to do. */
  private foldStep(): void {
    this.foldTimer = null
    if (this.foldSlice()) this.scheduleFoldStep()
  }

  /** One slice of the fold under way; true while there is more to do (of it, or a next fold). */
  private foldSlice(): boolean {
    const fold = this.fold
    if (fold === null) return false
    const deletedBefore = fold.deletedRows
    try {
      fold.step()
    } catch (err) {
      this.logRows -= fold.deletedRows - deletedBefore
      this.fold = null
      this.foldAt = this.logRows + this.settings.foldLogRows
      log('error', 'update_log_fold_failed', { rows: this.logRows, error: errorText(err) })
      return false
    }
    this.logRows -= fold.deletedRows - deletedBefore
    if (!fold.done) return true
    this.fold = null
    this.foldAt = this.settings.foldLogRows
    return this.startFoldWhenDue()
  }

  private get foldStatements() {
    return {
      db: this.db,
      readSlice: this.logStmts.readSlice,
      lastRunSeq: KIND_OF_CODE.map((kind) => this.docStmts[kind].lastRunSeq),
      insertRun: KIND_OF_CODE.map((kind) => this.docStmts[kind].insertRun),
      deleteRange: this.logStmts.deleteRange,
    }
  }

  /**
   * Atomically replaces the snapshot and deletes the updates with `seq <= coversUpToSeq`: whole
   * runs, the log's rows, and the covered part of a run that reaches beyond it (rewritten).
   */
  writeSnapshot(boardId: string, kind: DocKind, snapshot: Uint8Array, coversUpToSeq: number): void {
    const stmts = this.docStmts[kind]
    let logged = 0
    this.db.transaction(() => {
      stmts.upsertSnapshot.run(boardId, toBuffer(snapshot), Date.now())
      stmts.deleteRunsUpTo.run(boardId, coversUpToSeq)
      const straddling = stmts.firstRunAfter.get(boardId, coversUpToSeq)
      if (straddling !== undefined) {
        const entries = decodeRun(straddling.updates)
        const kept = entries.filter((entry) => entry.seq > coversUpToSeq)
        if (kept.length < entries.length) stmts.replaceRun.run(toBuffer(encodeRun(kept)), boardId, straddling.seq)
      }
      logged = stmts.deleteLoggedUpTo.run(boardId, coversUpToSeq).changes
    })()
    this.logRows -= logged
    this.fold?.documentCompacted(boardId, KIND_CODES[kind], coversUpToSeq)
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

  /** Closes the file; a fold under way stops where it is (the next opening folds the rest). */
  close(): void {
    if (this.foldTimer !== null) clearImmediate(this.foldTimer)
    this.foldTimer = null
    this.fold = null
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
