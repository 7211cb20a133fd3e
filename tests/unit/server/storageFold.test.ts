/**
 * Folding SQLite's `update_log` into runs (server/storage.ts, migration 8) on a real file: a fold
 * that fails refuses no update and loses none, and one document's log larger than a run may be
 * is folded into several runs that load back in order. SQLite only: PostgreSQL has no log.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { BoardStore, DATABASE_FILE_NAME } from '../../../server/storage'
import { RUN_MAX_BYTES } from '../../../server/storage/updateRuns'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function openStore(foldLogRows: number): { store: BoardStore; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-fold-'))
  dirs.push(dir)
  const store = new BoardStore(dir, { foldLogRows })
  store.createBoard(
    { id: 'board-1', createdAt: Date.now(), facilitatorTokenHash: 'f', participantTokenHash: 'p', residentTokenHash: 'r', sealedLinks: '' },
    new Uint8Array([0, 0]),
  )
  return { store, file: path.join(dir, DATABASE_FILE_NAME) }
}

/** Opaque bytes, each one different (storage never reads an update). */
const update = (n: number, size = 16) => {
  const bytes = crypto.randomBytes(size)
  bytes.writeUInt32BE(n, 0)
  return new Uint8Array(bytes)
}

/** Digests, not the bytes: comparing megabytes element by element takes the test runner minutes. */
const digests = (updates: readonly Uint8Array[]) => updates.map((bytes) => crypto.createHash('sha256').update(bytes).digest('hex'))

function countRows(file: string, sql: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(sql).pluck().get() as number
  } finally {
    db.close()
  }
}

describe('folding the update log (SQLite)', () => {
  it('a fold that fails refuses no update, loses none, and is tried again later', () => {
    const { store, file } = openStore(3)
    // A real SQLite failure inside the fold: the runs table refuses every insert.
    const other = new Database(file)
    other.exec("CREATE TRIGGER refuse_runs BEFORE INSERT ON board_updates BEGIN SELECT RAISE(ABORT, 'runs refused in this test'); END")
    const sent = Array.from({ length: 10 }, (_, i) => update(i))
    for (const bytes of sent) {
      expect(store.appendUpdates([{ boardId: 'board-1', kind: 'board', update: bytes }])).toHaveLength(1)
    }
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(10)
    expect(store.loadDocument('board-1', 'board').updates).toEqual(sent)

    other.exec('DROP TRIGGER refuse_runs')
    other.close()
    // Failed at 3, 6 and 9 rows: each failure puts the next try foldLogRows rows further, at 12.
    const more = Array.from({ length: 2 }, (_, i) => update(100 + i))
    for (const bytes of more) store.appendUpdates([{ boardId: 'board-1', kind: 'board', update: bytes }])
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(0)
    expect(store.loadDocument('board-1', 'board').updates).toEqual([...sent, ...more])
    store.close()
  })

  it("one document's log larger than a run folds into several runs that load in order", () => {
    const { store, file } = openStore(4)
    // Four updates of 3 MB: 12 MB for one document, more than one run may hold.
    const sent = Array.from({ length: 4 }, (_, i) => update(i, 3 * 1024 * 1024))
    expect(sent.reduce((sum, bytes) => sum + bytes.length, 0)).toBeGreaterThan(RUN_MAX_BYTES)
    store.appendUpdates(sent.map((bytes) => ({ boardId: 'board-1', kind: 'board' as const, update: bytes })))
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(0)
    expect(countRows(file, "SELECT count(*) FROM board_updates WHERE board_id = 'board-1'")).toBe(2)
    expect(digests(store.loadDocument('board-1', 'board').updates)).toEqual(digests(sent))
    store.close()
    // And after a restart.
    const reopened = new BoardStore(path.dirname(file), { foldLogRows: 4 })
    expect(digests(reopened.loadDocument('board-1', 'board').updates)).toEqual(digests(sent))
    reopened.close()
  })
})
