/**
 * Folding SQLite's `update_log` into runs (server/storage.ts, server/storage/logFold.ts, migration
 * 8) on a real file: a fold that fails refuses no update and loses none; one document's log larger
 * than a run may be is folded into several runs that load back in order; a fold runs in slices
 * over several event-loop turns, and compaction, a deleted board, a closed store or a crash
 * between two slices loses nothing and duplicates nothing. SQLite only: PostgreSQL has no log.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { BoardStore, DATABASE_FILE_NAME } from '../../../server/storage'
import { FOLD_SLICE } from '../../../server/storage/logFold'
import { decodeRun, RUN_MAX_BYTES } from '../../../server/storage/updateRuns'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function openStore(foldLogRows: number, boardIds: readonly string[] = ['board-1']): { store: BoardStore; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-fold-'))
  dirs.push(dir)
  const store = new BoardStore(dir, { foldLogRows })
  for (const id of boardIds) {
    store.createBoard(
      { id, createdAt: Date.now(), facilitatorTokenHash: 'f', participantTokenHash: 'p', residentTokenHash: 'r', sealedLinks: '' },
      new Uint8Array([0, 0]),
    )
  }
  return { store, file: path.join(dir, DATABASE_FILE_NAME) }
}

/**
 * 150 boards, 900 updates over them in turn: exactly `foldLogRows`, so a fold has just started
 * (its first slice comes in the next turn). `sent`: each board's updates in order.
 */
function storeWithFullLog() {
  const boards = Array.from({ length: 150 }, (_, i) => `board-${i}`)
  const { store, file } = openStore(900, boards)
  const sent = new Map<string, Uint8Array[]>(boards.map((id) => [id, []]))
  for (let n = 0; n < 900; n++) {
    const boardId = boards[n % boards.length]
    const bytes = update(n)
    sent.get(boardId)?.push(bytes)
    store.appendUpdates([{ boardId, kind: 'board', update: bytes }])
  }
  return { store, file, boards, sent }
}

/** One event-loop turn: a fold does one slice per turn. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

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
  it('a fold that fails refuses no update, loses none, and is tried again later', async () => {
    const { store, file } = openStore(3)
    // A real SQLite failure inside the fold: the runs table refuses every insert.
    const other = new Database(file)
    other.exec("CREATE TRIGGER refuse_runs BEFORE INSERT ON board_updates BEGIN SELECT RAISE(ABORT, 'runs refused in this test'); END")
    const sent = Array.from({ length: 10 }, (_, i) => update(i))
    for (const bytes of sent) {
      expect(store.appendUpdates([{ boardId: 'board-1', kind: 'board', update: bytes }])).toHaveLength(1)
      await store.foldSettled()
    }
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(10)
    expect(store.loadDocument('board-1', 'board').updates).toEqual(sent)

    other.exec('DROP TRIGGER refuse_runs')
    other.close()
    // Failed at 3, 6 and 9 rows: each failure puts the next try foldLogRows rows further, at 12.
    const more = Array.from({ length: 2 }, (_, i) => update(100 + i))
    store.appendUpdates([{ boardId: 'board-1', kind: 'board', update: more[0] }])
    await store.foldSettled()
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(11)
    store.appendUpdates([{ boardId: 'board-1', kind: 'board', update: more[1] }])
    expect(store.folding).toBe(true)
    await store.foldSettled()
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(0)
    expect(store.loadDocument('board-1', 'board').updates).toEqual([...sent, ...more])
    store.close()
  })

  it("one document's log larger than a run folds into several runs that load in order", async () => {
    const { store, file } = openStore(4)
    // Four updates of 3 MB: 12 MB for one document, more than one run may hold.
    const sent = Array.from({ length: 4 }, (_, i) => update(i, 3 * 1024 * 1024))
    expect(sent.reduce((sum, bytes) => sum + bytes.length, 0)).toBeGreaterThan(RUN_MAX_BYTES)
    store.appendUpdates(sent.map((bytes) => ({ boardId: 'board-1', kind: 'board' as const, update: bytes })))
    await store.foldSettled()
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(0)
    expect(countRows(file, "SELECT count(*) FROM board_updates WHERE board_id = 'board-1'")).toBe(2)
    expect(digests(store.loadDocument('board-1', 'board').updates)).toEqual(digests(sent))
    store.close()
    // And after a restart.
    const reopened = new BoardStore(path.dirname(file), { foldLogRows: 4 })
    expect(digests(reopened.loadDocument('board-1', 'board').updates)).toEqual(digests(sent))
    reopened.close()
  })

  it('folds in slices, one per event-loop turn, while updates go on being stored', async () => {
    const boards = Array.from({ length: 200 }, (_, i) => `board-${i}`)
    const { store, file } = openStore(1200, boards)
    const sent = new Map<string, Uint8Array[]>(boards.map((id) => [id, []]))
    const append = (n: number) => {
      const boardId = boards[(n * 7) % boards.length]
      const bytes = update(n)
      sent.get(boardId)?.push(bytes)
      store.appendUpdates([{ boardId, kind: 'board', update: bytes }])
    }
    for (let n = 0; n < 1200; n++) append(n)
    expect(store.folding).toBe(true)
    // Each turn does one slice: reading 1200 rows takes three, writing 200 documents four, deleting
    // the rows two. Meanwhile each turn stores another update and every board loads whole.
    let turns = 0
    for (let n = 1200; store.folding; n++) {
      await nextTurn()
      turns++
      append(n)
      const boardId = boards[turns % boards.length]
      expect(digests(store.loadDocument(boardId, 'board').updates)).toEqual(digests(sent.get(boardId) ?? []))
    }
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(1200 / FOLD_SLICE.readRows) + Math.ceil(200 / FOLD_SLICE.writeDocuments))
    // What came during the fold stays in the log for the next one.
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(turns)
    for (const id of boards) expect(digests(store.loadDocument(id, 'board').updates)).toEqual(digests(sent.get(id) ?? []))
    store.close()
  })

  it('compaction and a deleted board while a fold reads or writes lose nothing, keep no deleted update and put no entry in two runs', async () => {
    const { store, file, boards, sent } = storeWithFullLog()
    // One turn: the first slice of rows is read, board-0's and board-149's among them.
    await nextTurn()
    expect(store.folding).toBe(true)
    // board-0 is compacted: a snapshot covers its first three updates, the rest stay.
    const board0 = store.loadDocument('board-0', 'board')
    const coveredSeq = [...store.database.prepare("SELECT seq FROM update_log WHERE board_id = 'board-0' ORDER BY seq").pluck().all()][2] as number
    store.writeSnapshot('board-0', 'board', Uint8Array.of(9), coveredSeq)
    expect(board0.updates).toHaveLength(6)
    // board-149 is deleted with everything it had.
    store.deleteBoard('board-149')
    // Two turns more: all rows read, the runs of the first documents written. board-148 and
    // board-147, last in line, are waiting to be written: one is deleted, one compacted.
    await nextTurn()
    await nextTurn()
    expect(countRows(file, 'SELECT count(*) FROM board_updates')).toBeGreaterThan(0)
    expect(countRows(file, "SELECT count(*) FROM board_updates WHERE board_id IN ('board-147', 'board-148')")).toBe(0)
    store.deleteBoard('board-148')
    const covered147 = [...store.database.prepare("SELECT seq FROM update_log WHERE board_id = 'board-147' ORDER BY seq").pluck().all()][1] as number
    store.writeSnapshot('board-147', 'board', Uint8Array.of(7), covered147)
    await store.foldSettled()

    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(0)
    expect(digests(store.loadDocument('board-0', 'board').updates)).toEqual(digests((sent.get('board-0') ?? []).slice(3)))
    expect(store.loadDocument('board-0', 'board').snapshot).toEqual(Uint8Array.of(9))
    expect(countRows(file, "SELECT count(*) FROM board_updates WHERE board_id IN ('board-148', 'board-149')")).toBe(0)
    expect(digests(store.loadDocument('board-147', 'board').updates)).toEqual(digests((sent.get('board-147') ?? []).slice(2)))
    for (const id of boards.slice(1, 147)) expect(digests(store.loadDocument(id, 'board').updates)).toEqual(digests(sent.get(id) ?? []))
    expectEachEntryInOneRun(file)
    store.close()
  })

  it('a fold cut off between its slices (closed, or a crash) loads the same and is finished at the next opening', async () => {
    const { store, file, boards, sent } = storeWithFullLog()
    // Two slices of reading, then the first slice of runs: runs written, log rows still there.
    for (let turn = 0; turn < 3; turn++) await nextTurn()
    expect(store.folding).toBe(true)
    expect(countRows(file, 'SELECT count(*) FROM board_updates')).toBe(FOLD_SLICE.writeDocuments)
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(900)
    for (const id of boards) expect(digests(store.loadDocument(id, 'board').updates)).toEqual(digests(sent.get(id) ?? []))
    store.close()

    // The next opening folds the whole log again: the documents with runs get no second copy.
    const reopened = new BoardStore(path.dirname(file), { foldLogRows: 900 })
    expect(reopened.folding).toBe(false)
    expect(countRows(file, 'SELECT count(*) FROM update_log')).toBe(0)
    expectEachEntryInOneRun(file)
    for (const id of boards) expect(digests(reopened.loadDocument(id, 'board').updates)).toEqual(digests(sent.get(id) ?? []))
    reopened.close()
  })
})

/** No `seq` is in two runs: a fold never copies an entry twice. */
function expectEachEntryInOneRun(file: string): void {
  const db = new Database(file, { readonly: true })
  try {
    const seqs = (db.prepare('SELECT updates FROM board_updates').pluck().all() as Buffer[]).flatMap((bytes) => decodeRun(bytes).map((entry) => entry.seq))
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs.length).toBeGreaterThan(0)
  } finally {
    db.close()
  }
}
