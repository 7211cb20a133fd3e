/**
 * Group commit (issue 10) on the real SQLite store: the accepted updates of one event-loop turn
 * go into one transaction, and nothing is sent to another client — no update, no sync step 2
 * answer holding it — before that transaction committed. When it fails, nobody receives the
 * update and every client of the board (the sender too) is closed with 1011.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { afterEach, describe, expect, it } from 'vitest'
import type { Access } from '../../../shared/protocol'
import { MessageType } from '../../../shared/protocol'
import { initMeetingDoc } from '../../../shared/ydoc/meetingDoc'
import { BoardRegistry, BoardStorageError } from '../../../server/boards'
import type { BoardConnection } from '../../../server/boards'
import { BoardStore, DATABASE_FILE_NAME, SqliteBoardStorage } from '../../../server/storage'
import type { UpdateToStore, WriteAlongside } from '../../../server/storage/boardStorage'
import { GroupCommitter } from '../../../server/storage/groupCommit'
import { countStoredUpdates } from '../../helpers/meetingFixtures'

const dirs: string[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** SQLite storage whose next commits can be made to fail. */
class FlakyStorage extends SqliteBoardStorage {
  failing = false
  override appendUpdates(updates: readonly UpdateToStore[], also?: readonly WriteAlongside[]): Promise<number[]> {
    if (this.failing) return Promise.reject(new Error('disk full'))
    return super.appendUpdates(updates, also)
  }
}

class FakeConnection implements BoardConnection {
  readonly sent: Uint8Array[] = []
  closed: { code: number; reason: string } | null = null
  constructor(readonly access: Access = 'participant') {}
  send(message: Uint8Array): void {
    this.sent.push(message)
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason }
  }
  /** The sync messages it received (presence left out). */
  syncSent(): Uint8Array[] {
    return this.sent.filter((message) => message[0] === MessageType.sync)
  }
  /** Per sync message it received, in order: the keys of map `m` that message carries. */
  keysPerMessage(): string[][] {
    return this.syncSent().map((message) => {
      const one = new FakeConnection()
      one.send(message)
      return Object.keys(one.received().getMap('m').toJSON())
    })
  }
  /** The document contents it received (updates and sync step 2), applied to a fresh doc. */
  received(): Y.Doc {
    const doc = new Y.Doc()
    for (const message of this.sent) {
      const decoder = decoding.createDecoder(message)
      if (decoding.readVarUint(decoder) !== MessageType.sync) continue
      const type = decoding.readVarUint(decoder)
      if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
    }
    return doc
  }
}

/**
 * `clock`: the committer's clock. By default it stands still, so a turn's batch is never cut by
 * `turnMaxMs`, however slow the machine running the test.
 */
function setup(windowMs = 0, clock: { now: number; turnMaxMs: number } = { now: 0, turnMaxMs: 1 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-groupcommit-'))
  dirs.push(dir)
  const store = new BoardStore(dir)
  const storage = new FlakyStorage(store)
  const committer = new GroupCommitter(storage, { windowMs, turnMaxMs: clock.turnMaxMs, now: () => clock.now })
  const boards = new BoardRegistry(storage, committer, { boardUnloadGraceMs: 60_000, compactEveryUpdates: 1000 })
  const created: string[] = []
  const create = async (id: string) => {
    const meeting = new Y.Doc()
    initMeetingDoc(meeting, '2026-11-29T09:00:00.000Z', 'Europe/Amsterdam')
    await storage.createBoard(
      { id, createdAt: 1, facilitatorTokenHash: 'f', participantTokenHash: 'p', residentTokenHash: 'r', sealedLinks: '' },
      Y.encodeStateAsUpdateV2(meeting),
    )
    created.push(id)
    return boards.acquireAsync((await storage.findBoard(id))!)
  }
  cleanups.push(async () => {
    for (const id of created) await boards.deleteAsync(id, 4404)
    store.close()
  })
  /** A board's archived sessions, or the stored updates of one of its documents. */
  const rows = (boardId: string, table: 'board_updates' | 'meeting_updates' | 'sessions' = 'board_updates') => {
    if (table !== 'sessions') return countStoredUpdates(dir, boardId, table === 'board_updates' ? 'board' : 'meeting')
    const db = new Database(path.join(dir, DATABASE_FILE_NAME), { readonly: true })
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE board_id = ?`).get(boardId) as { n: number }).n
    } finally {
      db.close()
    }
  }
  return { store, storage, committer, boards, create, rows }
}

/** A client's change, made in its own copy, as the update it sends. */
function clientUpdate(from: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(from))
  const before = Y.encodeStateVector(client)
  change(client)
  return Y.encodeStateAsUpdate(client, before)
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

/** A client that writes and one that only reads, both on the board document. */
function writerAndReader(board: { addConnection(kind: 'board', conn: BoardConnection): unknown }) {
  const writer = new FakeConnection()
  const reader = new FakeConnection()
  board.addConnection('board', writer)
  board.addConnection('board', reader)
  return { writer, reader }
}

describe('group commit', () => {
  it('stores the updates of one turn, from several boards, in one transaction, and sends them only after it', async () => {
    const { committer, create, rows } = setup()
    const one = await create('board-one')
    const two = await create('board-two')
    const [writer1, reader1, writer2, reader2] = [new FakeConnection(), new FakeConnection(), new FakeConnection(), new FakeConnection()]
    one.addConnection('board', writer1)
    one.addConnection('board', reader1)
    two.addConnection('board', writer2)
    two.addConnection('board', reader2)
    const before = committer.stats.transactions

    for (let i = 0; i < 5; i++) {
      expect(one.board.applyClientUpdate(clientUpdate(one.board.doc, (d) => d.getMap('m').set(`k${i}`, i)), writer1)).toBe('applied')
    }
    expect(two.board.applyClientUpdate(clientUpdate(two.board.doc, (d) => d.getMap('m').set('x', 1)), writer2)).toBe('applied')
    // Applied in memory, not yet on disk: nobody has received anything.
    expect(rows('board-one')).toBe(0)
    expect(reader1.syncSent()).toEqual([])
    expect(reader2.syncSent()).toEqual([])

    await committer.flush()
    expect(committer.stats.transactions - before).toBe(1)
    expect(rows('board-one')).toBe(5)
    expect(rows('board-two')).toBe(1)
    expect(reader1.received().getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 })
    expect(reader2.received().getMap('m').toJSON()).toEqual({ x: 1 })
    // Never echoed to its sender.
    expect(writer1.syncSent()).toEqual([])
  })

  it('relays nothing when the commit fails, and closes every client of the board — the sender too — with 1011', async () => {
    const { storage, committer, create, rows } = setup()
    const board = await create('board-fail')
    const { writer, reader } = writerAndReader(board)
    storage.failing = true
    expect(board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set('lost', true)), writer)).toBe('applied')
    // A newcomer's sync step 2 would hold the uncommitted update: it waits for the commit, too.
    const newcomer = new FakeConnection()
    board.addConnection('board', newcomer)
    board.board.answerSyncStep1(Y.encodeStateVector(new Y.Doc()), newcomer)
    await committer.flush()
    await turn()

    // Presence may say that the server left; no document content reached anyone.
    expect(reader.syncSent()).toEqual([])
    expect(newcomer.syncSent()).toEqual([])
    expect(writer.closed).toEqual({ code: 1011, reason: 'storage error' })
    expect(reader.closed).toEqual({ code: 1011, reason: 'storage error' })
    expect(board.isUnloaded).toBe(true)
    expect(rows('board-fail')).toBe(0)
  })

  it('answers sync step 1 at once when all is committed, else only after the commit', async () => {
    const { committer, create } = setup()
    const board = await create('board-step2')
    const writer = new FakeConnection()
    board.addConnection('board', writer)
    board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set('a', 1)), writer)
    await committer.flush()

    const early = new FakeConnection()
    board.addConnection('board', early)
    board.board.answerSyncStep1(Y.encodeStateVector(new Y.Doc()), early)
    expect(early.received().getMap('m').toJSON()).toEqual({ a: 1 })

    board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set('b', 2)), writer)
    const late = new FakeConnection()
    board.addConnection('board', late)
    board.board.answerSyncStep1(Y.encodeStateVector(new Y.Doc()), late)
    expect(late.syncSent()).toEqual([])
    await committer.flush()
    expect(late.received().getMap('m').toJSON()).toEqual({ a: 1, b: 2 })
  })

  it('sends a server write made right after a client update after that update, in one transaction with it', async () => {
    const { committer, create } = setup()
    const board = await create('board-order')
    const { writer, reader } = writerAndReader(board)
    const before = committer.stats.transactions
    board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set('client', 1)), writer)
    // What the decided-card guard does: a server transaction right after the client's update.
    board.board.doc.transact(() => board.board.doc.getMap('m').set('server', 2), 'server')
    await committer.flush()
    expect(committer.stats.transactions - before).toBe(1)
    const order = reader.keysPerMessage()
    expect(order).toEqual([['client'], ['server']])
    // The server's own write also goes back to the client that caused it.
    expect(writer.syncSent()).toHaveLength(1)
  })

  it('answers a route write once it is committed, together with what was enqueued before it', async () => {
    const { committer, create, rows } = setup()
    const board = await create('board-route')
    const writer = new FakeConnection()
    const reader = new FakeConnection()
    board.addConnection('board', writer)
    board.addConnection('meeting', reader)
    board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set('a', 1)), writer)
    const written = board.writeMeetingAsync((doc) => doc.getMap('extra').set('note', 'x'))
    // Applied in memory, not yet committed: nobody has it.
    expect(reader.syncSent()).toEqual([])
    expect(rows('board-route', 'meeting_updates')).toBe(0)
    await written
    // Committed when it resolves, both the earlier canvas update and the meeting change.
    expect(rows('board-route')).toBe(1)
    expect(rows('board-route', 'meeting_updates')).toBe(1)
    expect(reader.syncSent()).toHaveLength(1)
    expect(committer.pendingCount).toBe(0)
  })

  it.each([
    ['', false],
    [', also when the group was due to be cut mid-turn', true],
  ])('stores a route write together with its extra write or not at all%s', async (_, cutDue) => {
    const clock = { now: 100, turnMaxMs: 1 }
    const { storage, create, rows } = setup(0, clock)
    const board = await create('board-together')
    const [facilitator, watcher] = [new FakeConnection('facilitator'), new FakeConnection()]
    board.addConnection('board', facilitator)
    board.addConnection('meeting', watcher)
    const session = {
      number: 1,
      startedAt: '2026-11-29T09:00:00.000Z',
      closedAt: '2026-11-29T10:00:00.000Z',
      boardSnapshot: new Uint8Array([0, 0]),
      meetingSnapshot: new Uint8Array([0, 0]),
      picturePng: null,
    }
    // Session 1 is archived already: the database refuses to archive it again.
    await storage.archiveSession('board-together', session)
    if (cutDue) {
      // Another board's client update has been waiting in this turn's group for over turnMaxMs.
      const other = await create('board-other')
      other.addConnection('board', new FakeConnection())
      other.board.applyClientUpdate(clientUpdate(other.board.doc, (d) => d.getMap('m').set('x', 1)), new FakeConnection())
      clock.now += 1.5
    }
    await expect(
      board.writeMeetingTogetherWithAsync(
        (doc) => doc.getMap('extra').set('closing', true),
        (b): WriteAlongside[] => [{ type: 'archiveSession', boardId: b.id, session }],
      ),
    ).rejects.toThrow(BoardStorageError)
    expect(watcher.syncSent()).toEqual([])
    expect(facilitator.closed).toEqual({ code: 1011, reason: 'storage error' })
    expect(board.isUnloaded).toBe(true)
    expect(rows('board-together', 'meeting_updates')).toBe(0)
    expect(rows('board-together', 'sessions')).toBe(1)
  })

  // The synchronous route write committed what was waiting first, in its own transaction; the
  // asynchronous one shares its group's transaction, so today a failing extra write also fails
  // the other boards' updates of that group (their clients get 1011 and send again).
  it.todo('a failing extra write of a route does not take the other boards of its group down')

  it('commits a batch that has been collecting for turnMaxMs within one turn at once, mid-turn, and the rest of the turn after it', async () => {
    const clock = { now: 100, turnMaxMs: 1 }
    const { committer, create, rows } = setup(0, clock)
    const board = await create('board-burst')
    const { writer, reader } = writerAndReader(board)
    const before = committer.stats.transactions
    const change = (key: string) => board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set(key, 1)), writer)

    // One turn of a burst: the first two wait for the turn's end, as before.
    change('a')
    clock.now += 0.5
    change('b')
    expect(rows('board-burst')).toBe(0)
    // The batch has been collecting for 1 ms: it is committed now, with the update that found it so.
    clock.now += 0.6
    change('c')
    expect(rows('board-burst')).toBe(3)
    // Sent only after the commit, outside this handler: still nothing for the reader.
    expect(reader.syncSent()).toEqual([])
    // The rest of the turn is a new batch, committed after the first.
    clock.now += 0.1
    change('d')
    expect(rows('board-burst')).toBe(3)
    await committer.flush()
    expect(rows('board-burst')).toBe(4)
    expect(committer.stats.transactions - before).toBe(2)
    const order = reader.keysPerMessage()
    expect(order).toEqual([['a'], ['b'], ['c'], ['d']])
  })

  it('with turnMaxMs 0, a turn is one batch however long it takes', async () => {
    const clock = { now: 100, turnMaxMs: 0 }
    const { committer, create, rows } = setup(0, clock)
    const board = await create('board-long-turn')
    const writer = new FakeConnection()
    board.addConnection('board', writer)
    const before = committer.stats.transactions
    for (const key of ['a', 'b', 'c']) {
      board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set(key, 1)), writer)
      clock.now += 5
    }
    expect(rows('board-long-turn')).toBe(0)
    await committer.flush()
    expect(committer.stats.transactions - before).toBe(1)
  })

  it('with a window, collects the updates of several turns into one transaction', async () => {
    const { committer, create, rows } = setup(20)
    const board = await create('board-window')
    const writer = new FakeConnection()
    board.addConnection('board', writer)
    const before = committer.stats.transactions
    for (let i = 0; i < 3; i++) {
      board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set(`k${i}`, i)), writer)
      await turn()
    }
    expect(rows('board-window')).toBe(0)
    await committer.flush()
    expect(rows('board-window')).toBe(3)
    expect(committer.stats.transactions - before).toBe(1)
  })

  it('loads a board once for arrivals at the same moment, and reloads it only after its unload stored everything', async () => {
    const { boards, create, committer } = setup()
    const board = await create('board-load')
    const record = { id: 'board-load', createdAt: 1, facilitatorTokenHash: 'f', participantTokenHash: 'p', residentTokenHash: 'r', sealedLinks: '' }
    const writer = new FakeConnection()
    board.addConnection('board', writer)
    board.board.applyClientUpdate(clientUpdate(board.board.doc, (d) => d.getMap('m').set('kept', true)), writer)
    board.board.removeConnection(writer)
    const unloading = board.unload()
    const [a, b] = await Promise.all([boards.acquireAsync(record), boards.acquireAsync(record)])
    await unloading
    expect(a).toBe(b)
    expect(a).not.toBe(board)
    expect(a.board.doc.getMap('m').get('kept')).toBe(true)
    expect(committer.pendingCount).toBe(0)
  })
})
