/**
 * The storage contract (server/storage/boardStorage.ts), run against BOTH implementations: the
 * embedded SQLite file (`SqliteBoardStorage`) and PostgreSQL (`PostgresBoardStorage`, on the
 * throwaway cluster of tests/helpers/postgres.ts — a real server, one fresh database per test).
 * Then what only PostgreSQL has: leases and the fence between two nodes (two storage objects on one
 * database), and its migrations (a fresh database, two nodes migrating at once).
 *
 * This file tests both back ends itself, so the `integration-postgres` project leaves it out
 * (vitest.config.ts).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BoardStore, DATABASE_FILE_NAME, SqliteBoardStorage } from '../../server/storage'
import type { ArchivedSession, BoardRecord, BoardStorage, DocKind } from '../../server/storage/boardStorage'
import { FencedError } from '../../server/storage/boardStorage'
import { LATEST_VERSION, MIGRATIONS, SchemaVersionError } from '../../server/storage/migrations'
import { openStorage } from '../../server/storage/open'
import { PostgresBoardStorage } from '../../server/storage/postgres'
import type { TestPostgres } from '../helpers/postgres'
import { startPostgres } from '../helpers/postgres'

/** One back end under test: opens a storage on a fresh database, counts a board's rows in it. */
interface Backend {
  name: string
  open(): Promise<{ storage: BoardStorage; rowsOf(boardId: string): Promise<Record<string, number>> }>
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

let postgres: TestPostgres
beforeAll(async () => {
  postgres = await startPostgres()
})
afterAll(async () => {
  await postgres?.stop()
})

const ROW_TABLES = ['board_updates', 'board_snapshots', 'meeting_updates', 'meeting_snapshots', 'sessions'] as const

/**
 * SQLite, with its log folded into runs every `foldLogRows` updates (migration 8): a board's
 * `board_updates` / `meeting_updates` count its runs and its rows in `update_log` together.
 */
const sqliteFoldingEvery = (foldLogRows: number): Backend => ({
  name: `sqlite, log folded every ${foldLogRows} rows`,
  async open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-contract-'))
    const storage = new SqliteBoardStorage(new BoardStore(dir, { foldLogRows }))
    cleanups.push(async () => {
      await storage.close().catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    })
    return {
      storage,
      async rowsOf(boardId) {
        const db = new Database(path.join(dir, DATABASE_FILE_NAME), { readonly: true })
        try {
          const rows: Record<string, number> = { boards: count(db.prepare('SELECT count(*) AS n FROM boards WHERE id = ?').get(boardId)) }
          for (const table of ROW_TABLES) rows[table] = count(db.prepare(`SELECT count(*) AS n FROM ${table} WHERE board_id = ?`).get(boardId))
          rows.board_updates += count(db.prepare('SELECT count(*) AS n FROM update_log WHERE board_id = ? AND kind = 0').get(boardId))
          rows.meeting_updates += count(db.prepare('SELECT count(*) AS n FROM update_log WHERE board_id = ? AND kind = 1').get(boardId))
          return rows
        } finally {
          db.close()
        }
      },
    }
  },
})
const sqlite = sqliteFoldingEvery(4000)

const postgresBackend: Backend = {
  name: 'postgres',
  async open() {
    const url = await postgres.createDatabase()
    const storage = await PostgresBoardStorage.open(url)
    cleanups.push(() => storage.close().catch(() => {}))
    return { storage, rowsOf: (boardId) => postgresRowsOf(url, boardId) }
  },
}

async function postgresRowsOf(url: string, boardId: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const rows: Record<string, number> = {}
    rows.boards = Number((await client.query('SELECT count(*) AS n FROM boards WHERE id = $1', [boardId])).rows[0].n)
    for (const table of [...ROW_TABLES, 'board_leases']) {
      rows[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table} WHERE board_id = $1`, [boardId])).rows[0].n)
    }
    return rows
  } finally {
    await client.end()
  }
}

function count(row: unknown): number {
  return (row as { n: number }).n
}

let boardCounter = 0
function boardRecord(): BoardRecord {
  const id = `board${++boardCounter}${Math.random().toString(36).slice(2, 10)}`
  return { id, createdAt: 1_700_000_000_000 + boardCounter, facilitatorTokenHash: `f-${id}`, participantTokenHash: `p-${id}`, residentTokenHash: `r-${id}`, sealedLinks: `s-${id}` }
}

async function newBoard(storage: BoardStorage): Promise<string> {
  const board = boardRecord()
  await storage.createBoard(board, bytes(`meeting of ${board.id}`))
  return board.id
}

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

function texts(list: readonly Uint8Array[]): string[] {
  return list.map((b) => new TextDecoder().decode(b))
}

function session(number: number, closedAt: string, picture: boolean): ArchivedSession {
  return {
    number,
    startedAt: '2026-03-02T09:00:00.000Z',
    closedAt,
    boardSnapshot: bytes(`board at close ${number}`),
    meetingSnapshot: bytes(`meeting at close ${number}`),
    picturePng: picture ? new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]) : null,
  }
}

describe.each([sqlite, sqliteFoldingEvery(2), postgresBackend])('storage contract: $name', (backend) => {
  it('creates and finds a board with its first meeting state', async () => {
    const { storage } = await backend.open()
    const board = boardRecord()
    await storage.createBoard(board, bytes('first meeting state'))
    expect(await storage.findBoard(board.id)).toEqual(board)
    expect(await storage.findBoard('no-such-board')).toBeUndefined()
    const meeting = await storage.loadDocument(board.id, 'meeting')
    expect(texts([meeting.snapshot!])).toEqual(['first meeting state'])
    expect(meeting).toMatchObject({ updates: [], lastSeq: 0 })
    expect(await storage.loadDocument(board.id, 'board')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })

  it('appendUpdates stores a batch of several boards and documents in order and answers increasing seqs', async () => {
    const { storage } = await backend.open()
    const a = await newBoard(storage)
    const b = await newBoard(storage)
    const batch: Array<[string, DocKind, string]> = [
      [a, 'board', 'a1'],
      [a, 'meeting', 'am1'],
      [b, 'board', 'b1'],
      [a, 'board', 'a2'],
      [a, 'meeting', 'am2'],
      [a, 'board', 'a3'],
    ]
    const seqs = await storage.appendUpdates(batch.map(([boardId, kind, text]) => ({ boardId, kind, update: bytes(text) })))
    expect(seqs).toHaveLength(batch.length)
    for (const s of seqs) expect(Number.isSafeInteger(s) && s > 0).toBe(true)
    expect(seqs[3]).toBeGreaterThan(seqs[0])
    expect(seqs[5]).toBeGreaterThan(seqs[3])
    expect(seqs[4]).toBeGreaterThan(seqs[1])

    const aBoard = await storage.loadDocument(a, 'board')
    expect(texts(aBoard.updates)).toEqual(['a1', 'a2', 'a3'])
    expect(aBoard.lastSeq).toBe(seqs[5])
    expect(texts((await storage.loadDocument(a, 'meeting')).updates)).toEqual(['am1', 'am2'])
    expect(texts((await storage.loadDocument(b, 'board')).updates)).toEqual(['b1'])

    // A later batch: every seq above every seq stored for that document before.
    const [later] = await storage.appendUpdates([{ boardId: a, kind: 'board', update: bytes('a4') }])
    expect(later).toBeGreaterThan(seqs[5])
    // Binary content survives as it was (every byte value).
    const allBytes = new Uint8Array(256).map((_, i) => i)
    await storage.appendUpdates([{ boardId: b, kind: 'meeting', update: allBytes }])
    expect((await storage.loadDocument(b, 'meeting')).updates).toEqual([allBytes])
  })

  it('a batch that fails stores nothing of it, also not its valid updates', async () => {
    const { storage } = await backend.open()
    const a = await newBoard(storage)
    await expect(
      storage.appendUpdates([
        { boardId: a, kind: 'board', update: bytes('valid') },
        { boardId: 'no-such-board', kind: 'board', update: bytes('refused by the foreign key') },
      ]),
    ).rejects.toThrow()
    expect(await storage.loadDocument(a, 'board')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })

  it('writeSnapshot replaces the snapshot and deletes exactly the covered updates', async () => {
    const { storage } = await backend.open()
    const a = await newBoard(storage)
    const seqs = await storage.appendUpdates(['u1', 'u2', 'u3'].map((t) => ({ boardId: a, kind: 'board' as const, update: bytes(t) })))
    await storage.writeSnapshot(a, 'board', bytes('snapshot to u2'), seqs[1])
    let doc = await storage.loadDocument(a, 'board')
    expect(texts([doc.snapshot!])).toEqual(['snapshot to u2'])
    expect(texts(doc.updates)).toEqual(['u3'])
    expect(doc.lastSeq).toBe(seqs[2])
    const [next] = await storage.appendUpdates([{ boardId: a, kind: 'board', update: bytes('u4') }])
    expect(next).toBeGreaterThan(seqs[2])
    await storage.writeSnapshot(a, 'board', bytes('snapshot to u4'), next)
    doc = await storage.loadDocument(a, 'board')
    expect(texts([doc.snapshot!])).toEqual(['snapshot to u4'])
    expect(doc.updates).toEqual([])
    // The meeting document is untouched by the board document's compaction.
    expect(texts([(await storage.loadDocument(a, 'meeting')).snapshot!])).toEqual([`meeting of ${a}`])
  })

  it('loads each document with exactly its uncovered updates, in the order stored, across many batches and compactions', async () => {
    const { storage } = await backend.open()
    const boards = [await newBoard(storage), await newBoard(storage)]
    const stored = new Map<string, { text: string; seq: number }[]>()
    const key = (boardId: string, kind: DocKind) => `${kind} ${boardId}`
    for (let batch = 0; batch < 12; batch++) {
      const updates = [0, 1, 2].flatMap((i) =>
        boards.flatMap((boardId, b) => (['board', 'meeting'] as const).filter((_, k) => (batch + i + b + k) % 3 !== 0).map((kind) => ({ boardId, kind, update: bytes(`${kind} ${b} ${batch}.${i}`) }))),
      )
      const seqs = await storage.appendUpdates(updates)
      updates.forEach(({ boardId, kind, update }, i) => {
        const list = stored.get(key(boardId, kind)) ?? []
        list.push({ text: texts([update])[0], seq: seqs[i] })
        stored.set(key(boardId, kind), list)
      })
      // Now and then a snapshot covering part of one document's updates.
      if (batch % 4 === 3) {
        const kind: DocKind = batch % 8 === 3 ? 'board' : 'meeting'
        const list = stored.get(key(boards[0], kind))!
        const covered = list[Math.floor(list.length / 2)].seq
        await storage.writeSnapshot(boards[0], kind, bytes(`snapshot ${batch}`), covered)
        stored.set(key(boards[0], kind), list.filter((u) => u.seq > covered))
      }
    }
    for (const boardId of boards) {
      for (const kind of ['board', 'meeting'] as const) {
        const expected = stored.get(key(boardId, kind)) ?? []
        const doc = await storage.loadDocument(boardId, kind)
        expect(texts(doc.updates), key(boardId, kind)).toEqual(expected.map((u) => u.text))
        expect(doc.lastSeq).toBe(expected.at(-1)?.seq ?? 0)
      }
    }
  })

  it('archives sessions (never replaced), lists and reads them, also as a write alongside updates', async () => {
    const { storage } = await backend.open()
    const a = await newBoard(storage)
    await storage.archiveSession(a, session(1, '2026-03-02T10:00:00.000Z', true))
    await expect(storage.archiveSession(a, session(1, '2026-03-02T11:00:00.000Z', false))).rejects.toThrow()
    await storage.markSessionOpen(a)
    await storage.appendUpdates([{ boardId: a, kind: 'meeting', update: bytes('closing') }], [
      { type: 'archiveSession', boardId: a, session: session(2, '2026-03-09T10:00:00.000Z', false) },
    ])
    expect(await storage.listSessions(a)).toEqual([
      { number: 1, startedAt: '2026-03-02T09:00:00.000Z', closedAt: '2026-03-02T10:00:00.000Z', hasPicture: true },
      { number: 2, startedAt: '2026-03-02T09:00:00.000Z', closedAt: '2026-03-09T10:00:00.000Z', hasPicture: false },
    ])
    expect(await storage.readSession(a, 1)).toEqual(session(1, '2026-03-02T10:00:00.000Z', true))
    expect(await storage.readSession(a, 2)).toEqual(session(2, '2026-03-09T10:00:00.000Z', false))
    expect(await storage.readSession(a, 3)).toBeUndefined()
    expect(texts((await storage.loadDocument(a, 'meeting')).updates)).toEqual(['closing'])
  })

  it('retention: boards whose current session closed at or before the cutoff, longest closed first', async () => {
    const { storage } = await backend.open()
    const early = await newBoard(storage)
    const late = await newBoard(storage)
    const reopened = await newBoard(storage)
    const open = await newBoard(storage)
    await storage.archiveSession(late, session(1, '2026-03-10T10:00:00.000Z', false))
    await storage.archiveSession(early, session(1, '2026-03-01T10:00:00.000Z', false))
    await storage.archiveSession(reopened, session(1, '2026-02-01T10:00:00.000Z', false))
    await storage.appendUpdates([], [{ type: 'markSessionOpen', boardId: reopened }])
    expect(await storage.boardsClosedBefore(Date.parse('2026-03-10T10:00:00.000Z'))).toEqual([early, late])
    expect(await storage.boardsClosedBefore(Date.parse('2026-03-10T09:59:59.999Z'))).toEqual([early])
    expect(await storage.boardsClosedBefore(Date.parse('2026-01-01T00:00:00.000Z'))).toEqual([])
    expect(await storage.boardsClosedBefore(Date.now())).not.toContain(open)
  })

  it('deleteBoard removes every row of the board and nothing of another', async () => {
    const { storage, rowsOf } = await backend.open()
    const a = await newBoard(storage)
    const other = await newBoard(storage)
    for (const id of [a, other]) {
      await storage.acquireLease(id, 'node-a', 'http://node-a', 10_000)
      const seqs = await storage.appendUpdates([
        { boardId: id, kind: 'board', update: bytes('card') },
        { boardId: id, kind: 'board', update: bytes('card 2') },
        { boardId: id, kind: 'meeting', update: bytes('note') },
      ])
      await storage.writeSnapshot(id, 'board', bytes('snapshot'), seqs[0])
      await storage.archiveSession(id, session(1, '2026-03-02T10:00:00.000Z', true))
    }
    const before = await rowsOf(a)
    // Every table holds a row of the board (on PostgreSQL also its lease).
    expect(Object.values(before).every((n) => n >= 1)).toBe(true)
    await storage.deleteBoard(a)
    const after = await rowsOf(a)
    expect(Object.values(after).every((n) => n === 0)).toBe(true)
    expect(await rowsOf(other)).toEqual(before)
    expect(await storage.findBoard(a)).toBeUndefined()
    expect(await storage.loadDocument(a, 'board')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })
})

describe('leases on SQLite: one node, every lease its own, nothing fenced', () => {
  it('takes, renews and releases without ever refusing', async () => {
    const { storage } = await sqlite.open()
    const a = await newBoard(storage)
    const answer = await storage.acquireLease(a, 'node-a', 'http://node-a', 10_000)
    expect(answer).toMatchObject({ owned: true, lease: { boardId: a, nodeId: 'node-a', epoch: 1 } })
    expect(await storage.currentLease(a)).toMatchObject({ nodeId: 'node-a', epoch: 1 })
    expect(await storage.renewLeases('node-a', [a], 10_000)).toEqual([])
    await storage.appendUpdates([{ boardId: a, kind: 'board', update: bytes('x') }])
    await storage.releaseLease(a, 'node-a')
    expect(await storage.currentLease(a)).toBeUndefined()
  })
})

describe('leases and the fence on PostgreSQL: two nodes on one database', () => {
  async function twoNodes() {
    const url = await postgres.createDatabase()
    const nodeA = await PostgresBoardStorage.open(url)
    const nodeB = await PostgresBoardStorage.open(url)
    cleanups.push(() => nodeA.close().catch(() => {}), () => nodeB.close().catch(() => {}))
    const board = await newBoard(nodeA)
    return { url, nodeA, nodeB, board }
  }
  const write = (storage: BoardStorage, boardId: string, text: string) => storage.appendUpdates([{ boardId, kind: 'board', update: bytes(text) }])

  it('one owner at a time: a live lease is answered, not taken; its owner renews it at the same epoch', async () => {
    const { nodeA, nodeB, board } = await twoNodes()
    const first = await nodeA.acquireLease(board, 'node-a', 'http://a:3000', 10_000)
    expect(first).toMatchObject({ owned: true, lease: { boardId: board, nodeId: 'node-a', nodeUrl: 'http://a:3000', epoch: 1 } })
    expect(first.lease.expiresAt).toBeGreaterThan(Date.now() + 5_000)
    const refused = await nodeB.acquireLease(board, 'node-b', 'http://b:3000', 10_000)
    expect(refused).toMatchObject({ owned: false, lease: { nodeId: 'node-a', nodeUrl: 'http://a:3000', epoch: 1 } })
    const again = await nodeA.acquireLease(board, 'node-a', 'http://a:3000', 20_000)
    expect(again).toMatchObject({ owned: true, lease: { epoch: 1 } })
    expect(again.lease.expiresAt).toBeGreaterThan(first.lease.expiresAt)
    expect(await nodeA.renewLeases('node-a', [board], 10_000)).toEqual([])
    expect(await nodeB.currentLease(board)).toMatchObject({ nodeId: 'node-a', epoch: 1 })
    expect(await nodeB.currentLease('never-leased')).toBeUndefined()
  })

  it('an expired lease is taken over with the next epoch; the old owner cannot write or renew any more, and stored nothing', async () => {
    const { nodeA, nodeB, board } = await twoNodes()
    await nodeA.acquireLease(board, 'node-a', 'http://a', 300)
    await write(nodeA, board, 'by A while owner')
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await nodeB.currentLease(board)).toBeUndefined()
    const taken = await nodeB.acquireLease(board, 'node-b', 'http://b', 10_000)
    expect(taken).toMatchObject({ owned: true, lease: { nodeId: 'node-b', epoch: 2 } })

    const fenced = await write(nodeA, board, 'by A after losing it').catch((err: unknown) => err)
    expect(fenced).toBeInstanceOf(FencedError)
    expect((fenced as FencedError).boardIds).toEqual([board])
    await expect(nodeA.writeSnapshot(board, 'board', bytes('stale snapshot'), 1_000_000)).rejects.toBeInstanceOf(FencedError)
    await expect(nodeA.markSessionOpen(board)).rejects.toBeInstanceOf(FencedError)
    expect(await nodeA.renewLeases('node-a', [board], 10_000)).toEqual([board])

    await write(nodeB, board, 'by B')
    const doc = await nodeB.loadDocument(board, 'board')
    expect(texts(doc.updates)).toEqual(['by A while owner', 'by B'])
    expect(doc.snapshot).toBeNull()
    // A, asking again, finds B's live lease.
    expect(await nodeA.acquireLease(board, 'node-a', 'http://a', 10_000)).toMatchObject({ owned: false, lease: { nodeId: 'node-b', epoch: 2 } })
  })

  it('a fenced board fails the whole transaction: the other boards of the batch are stored by a retry, not by it', async () => {
    const { nodeA, nodeB, board } = await twoNodes()
    const kept = await newBoard(nodeA)
    await nodeA.acquireLease(board, 'node-a', 'http://a', 200)
    await nodeA.acquireLease(kept, 'node-a', 'http://a', 60_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await nodeB.acquireLease(board, 'node-b', 'http://b', 10_000)
    const batch = [
      { boardId: kept, kind: 'board' as const, update: bytes('kept 1') },
      { boardId: board, kind: 'board' as const, update: bytes('lost') },
    ]
    const err = await nodeA.appendUpdates(batch).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FencedError)
    expect((err as FencedError).boardIds).toEqual([board])
    expect((await nodeA.loadDocument(kept, 'board')).updates).toEqual([])
    expect((await nodeA.loadDocument(board, 'board')).updates).toEqual([])
    await nodeA.appendUpdates(batch.filter((u) => u.boardId === kept))
    expect(texts((await nodeA.loadDocument(kept, 'board')).updates)).toEqual(['kept 1'])
  })

  it('release lets another node take over at once, with the next epoch; the releaser is fenced from then on', async () => {
    const { nodeA, nodeB, board } = await twoNodes()
    await nodeA.acquireLease(board, 'node-a', 'http://a', 60_000)
    await nodeA.releaseLease(board, 'node-a')
    expect(await nodeB.currentLease(board)).toBeUndefined()
    expect(await nodeB.acquireLease(board, 'node-b', 'http://b', 60_000)).toMatchObject({ owned: true, lease: { nodeId: 'node-b', epoch: 2 } })
    await expect(write(nodeA, board, 'late')).rejects.toBeInstanceOf(FencedError)
    // Back to A later: a new owner again, a new epoch (never one handed out before).
    await nodeB.releaseLease(board, 'node-b')
    expect(await nodeA.acquireLease(board, 'node-a', 'http://a', 60_000)).toMatchObject({ owned: true, lease: { nodeId: 'node-a', epoch: 3 } })
    await write(nodeA, board, 'A again')
    await expect(write(nodeB, board, 'B late')).rejects.toBeInstanceOf(FencedError)
    expect(texts((await nodeA.loadDocument(board, 'board')).updates)).toEqual(['A again'])
  })

  it('two nodes asking for a free lease at the same moment: exactly one gets it', async () => {
    const { nodeA, nodeB, board } = await twoNodes()
    const answers = await Promise.all([
      nodeA.acquireLease(board, 'node-a', 'http://a', 10_000),
      nodeB.acquireLease(board, 'node-b', 'http://b', 10_000),
    ])
    expect(answers.filter((a) => a.owned)).toHaveLength(1)
    const winner = answers.find((a) => a.owned)!.lease.nodeId
    for (const answer of answers) expect(answer.lease).toMatchObject({ nodeId: winner, epoch: 1 })
  })

  it('a takeover waits for a write that passed the fence, so the new owner loads what it committed', async () => {
    const { url, nodeA, nodeB, board } = await twoNodes()
    await nodeA.acquireLease(board, 'node-a', 'http://a', 200)
    // Hold the lease row FOR SHARE in an open transaction, as a write of A between its fence and COMMIT.
    const writer = new pg.Client({ connectionString: url })
    await writer.connect()
    cleanups.push(() => writer.end().catch(() => {}))
    await writer.query('BEGIN')
    await writer.query('SELECT 1 FROM board_leases WHERE board_id = $1 FOR SHARE', [board])
    await new Promise((resolve) => setTimeout(resolve, 300))
    let takenAt = 0
    const takeover = nodeB.acquireLease(board, 'node-b', 'http://b', 10_000).then((answer) => {
      takenAt = Date.now()
      return answer
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(takenAt).toBe(0)
    const committedAt = Date.now()
    await writer.query('COMMIT')
    expect(await takeover).toMatchObject({ owned: true, lease: { epoch: 2 } })
    expect(takenAt).toBeGreaterThanOrEqual(committedAt)
  })
})

describe('PostgreSQL migrations', () => {
  it('bring a fresh database to the latest version, every migration recorded once; a second open applies nothing', async () => {
    const url = await postgres.createDatabase()
    const first = await PostgresBoardStorage.open(url)
    expect(first.migration).toEqual({ from: 0, to: LATEST_VERSION, adopted: false, applied: MIGRATIONS.map((m) => m.version) })
    await first.close()
    const second = await PostgresBoardStorage.open(url)
    expect(second.migration).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, adopted: false, applied: [] })
    await second.close()
    expect(await recordedVersions(url)).toEqual(MIGRATIONS.map((m) => m.version))
  })

  it('several nodes starting at once: one migrates under the advisory lock, the others find nothing to do', async () => {
    const url = await postgres.createDatabase()
    const nodes = await Promise.all([1, 2, 3].map(() => PostgresBoardStorage.open(url)))
    try {
      const applied = nodes.map((n) => n.migration.applied.length).sort()
      expect(applied).toEqual([0, 0, MIGRATIONS.length])
      expect(nodes.every((n) => n.migration.to === LATEST_VERSION)).toBe(true)
      expect(await recordedVersions(url)).toEqual(MIGRATIONS.map((m) => m.version))
    } finally {
      await Promise.all(nodes.map((n) => n.close()))
    }
  })

  it('refuses a database of a newer version, and one with our tables but no recorded versions', async () => {
    const newer = await postgres.createDatabase()
    await (await PostgresBoardStorage.open(newer)).close()
    await query(newer, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [LATEST_VERSION + 1, 'from the future', Date.now()])
    await expect(PostgresBoardStorage.open(newer)).rejects.toThrow(SchemaVersionError)

    const unversioned = await postgres.createDatabase()
    await query(unversioned, 'CREATE TABLE boards (id TEXT PRIMARY KEY)')
    await expect(PostgresBoardStorage.open(unversioned)).rejects.toThrow(/no schema_migrations/)
  })

  it('the archived sessions never change on PostgreSQL either (trigger)', async () => {
    const url = await postgres.createDatabase()
    const storage = await PostgresBoardStorage.open(url)
    cleanups.push(() => storage.close())
    const a = await newBoard(storage)
    await storage.archiveSession(a, session(1, '2026-03-02T10:00:00.000Z', false))
    await expect(query(url, "UPDATE sessions SET closed_at = 'later' WHERE board_id = $1", [a])).rejects.toThrow(/never changes/)
  })

  it('openStorage chooses PostgreSQL by DATABASE_URL and SQLite without', async () => {
    const url = await postgres.createDatabase()
    const onPostgres = await openStorage({ databaseUrl: url, dataDir: '/nonexistent' })
    expect(onPostgres.backend).toBe('postgres')
    expect(onPostgres.storage.constructor.name).toBe('PostgresBoardStorage')
    await onPostgres.storage.close()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-open-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const onSqlite = await openStorage({ databaseUrl: null, dataDir: dir })
    expect(onSqlite.backend).toBe('sqlite')
    expect(fs.existsSync(path.join(dir, DATABASE_FILE_NAME))).toBe(true)
    await onSqlite.storage.close()
  })
})

async function query(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

async function recordedVersions(url: string): Promise<number[]> {
  return (await query(url, 'SELECT version FROM schema_migrations ORDER BY version')).rows.map((row: { version: number }) => row.version)
}
