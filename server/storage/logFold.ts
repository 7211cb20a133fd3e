/**
 * Folding SQLite's `update_log` into runs (migration 8), a slice at a time (issue 10: p99 at
 * 400 × 5). Folding 4000 rows in one go held the event loop for 15–25 ms, and every update that
 * arrived meanwhile waited that long; the same work in slices holds it for about a millisecond
 * each, between the group commits.
 *
 * A fold takes the log's rows up to `upToSeq` (the last `seq` when it started; rows appended
 * meanwhile wait for the next fold) through three phases, one `step()` per slice:
 *  1. read: FOLD_SLICE.readRows rows per step, grouped per document in memory;
 *  2. write: FOLD_SLICE.writeDocuments documents per step, each one's entries as runs (at most
 *     RUN_MAX_BYTES each), in one transaction per step;
 *  3. delete: the folded rows, FOLD_SLICE.deleteSeqs of `seq` per step.
 *
 * Between the steps the log and the runs may both hold an entry (a run written, its rows not yet
 * deleted — also after a crash or a failed step). Two rules keep that harmless: loading skips a
 * log row at or below its document's last run (server/storage.ts `loadDocument`), and a run only
 * takes entries above its document's last run, so an entry is never in two runs.
 *
 * Compaction (`writeSnapshot`) and deleting a board remove rows while a fold runs; the store
 * tells the fold (`documentCompacted`, `documentDeleted`), which drops the same entries from
 * what it read: what it holds stays exactly the document's rows up to `upToSeq` that it has
 * read, with no need to read them again (a scan of the unindexed log per document).
 */
import type Database from 'better-sqlite3'
import type { RunEntry } from './updateRuns'
import { encodeRun, RUN_MAX_BYTES, splitRun } from './updateRuns'

/**
 * The size of one step. Measured on a file with 400 documents (`tests/unit/server/storageFold`
 * keeps the rules, `npm run bench` the effect): a step takes about a millisecond.
 */
export const FOLD_SLICE = { readRows: 500, writeDocuments: 64, deleteSeqs: 1000 } as const

/** The statements a fold needs, per document kind code (0 board, 1 meeting). */
export interface FoldStatements {
  db: Database.Database
  /** Log rows with `seq` in (after, upTo], in `seq` order, at most `limit`. */
  readSlice: Database.Statement<[number, number, number], { seq: number; board_id: string; kind: number; update: Buffer }>
  /** The last `seq` of a document's runs (undefined without runs). */
  lastRunSeq: readonly Database.Statement<[string], number | null>[]
  /** Appends a run: board id, its last `seq`, its bytes. */
  insertRun: readonly Database.Statement<[string, number, Buffer]>[]
  /** Deletes log rows with `seq` in (after, upTo]. */
  deleteRange: Database.Statement<[number, number]>
}

interface FoldedDocument {
  boardId: string
  code: number
  entries: RunEntry[]
  /** Its board was deleted during the fold: nothing of it is written. */
  deleted: boolean
}

const keyOf = (boardId: string, code: number) => `${code} ${boardId}`

export class LogFold {
  private phase: 'read' | 'write' | 'delete' | 'done' = 'read'
  private readSeq: number
  private deletedSeq: number
  private readonly documents = new Map<string, FoldedDocument>()
  private queue: FoldedDocument[] = []
  /** Log rows this fold has deleted so far. */
  deletedRows = 0

  /** Folds the rows with `seq` in (afterSeq, upToSeq]. */
  constructor(
    private readonly statements: FoldStatements,
    afterSeq: number,
    readonly upToSeq: number,
  ) {
    this.readSeq = afterSeq
    this.deletedSeq = afterSeq
  }

  get done(): boolean {
    return this.phase === 'done'
  }

  /** A snapshot now covers the document's updates up to `coversUpToSeq`: their rows are gone. */
  documentCompacted(boardId: string, code: number, coversUpToSeq: number): void {
    const document = this.documents.get(keyOf(boardId, code))
    if (document !== undefined) document.entries = document.entries.filter((entry) => entry.seq > coversUpToSeq)
  }

  /** The document's board was deleted with all its rows. */
  documentDeleted(boardId: string, code: number): void {
    const key = keyOf(boardId, code)
    const document = this.documents.get(key)
    if (document === undefined) return
    document.deleted = true
    this.documents.delete(key)
  }

  /** Does one slice of the work; throws when SQLite refused it (nothing of that slice is kept). */
  step(): void {
    if (this.phase === 'read') this.read()
    else if (this.phase === 'write') this.statements.db.transaction(() => this.write())()
    else if (this.phase === 'delete') this.delete()
  }

  private read(): void {
    const rows = this.statements.readSlice.all(this.readSeq, this.upToSeq, FOLD_SLICE.readRows)
    for (const row of rows) {
      const key = keyOf(row.board_id, row.kind)
      let document = this.documents.get(key)
      if (document === undefined) {
        document = { boardId: row.board_id, code: row.kind, entries: [], deleted: false }
        this.documents.set(key, document)
      }
      document.entries.push({ seq: row.seq, update: row.update })
    }
    if (rows.length === FOLD_SLICE.readRows) {
      this.readSeq = rows[rows.length - 1].seq
      return
    }
    // In the order of their last entry, so runs are mostly appended at the end of their table
    // (a document whose entries a compaction took away has nothing to write).
    this.queue = [...this.documents.values()].filter((d) => d.entries.length > 0).sort((a, b) => lastSeq(a.entries) - lastSeq(b.entries))
    this.phase = 'write'
  }

  private write(): void {
    const { lastRunSeq, insertRun } = this.statements
    const slice = this.queue.slice(0, FOLD_SLICE.writeDocuments)
    for (const document of slice) {
      const { boardId, code } = document
      if (document.deleted) continue
      const after = lastRunSeq[code].get(boardId) ?? 0
      const fresh = document.entries.filter((entry) => entry.seq > after)
      for (const piece of splitRun(fresh, RUN_MAX_BYTES)) {
        insertRun[code].run(boardId, lastSeq(piece), toBuffer(encodeRun(piece)))
      }
    }
    // Reached only when every insert succeeded (a throw rolls back the whole slice).
    this.queue = this.queue.slice(slice.length)
    for (const document of slice) this.documents.delete(keyOf(document.boardId, document.code))
    if (this.queue.length === 0) this.phase = 'delete'
  }

  private delete(): void {
    const until = Math.min(this.deletedSeq + FOLD_SLICE.deleteSeqs, this.upToSeq)
    this.deletedRows += this.statements.deleteRange.run(this.deletedSeq, until).changes
    this.deletedSeq = until
    if (until === this.upToSeq) this.phase = 'done'
  }
}

function lastSeq(entries: readonly RunEntry[]): number {
  return entries[entries.length - 1].seq
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
