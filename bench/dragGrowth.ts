/**
 * Stored size of a board before and after a long drag, through our real server and its SQLite
 * file. Phase 1 builds a board (document, page, schema, 20 shapes) and stops the server (SIGTERM
 * compacts). Phase 2 restarts on the same DATA_DIR, one client sends 10,000 transactions that each
 * set `x` and `y` of one shape while a second client observes, and stops the server again. Both
 * sizes are read from DATA_DIR/boards.sqlite (snapshot + pending updates of that board).
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { DATABASE_FILE_NAME } from '../server/storage'
import { decodeRun } from '../server/storage/updateRuns'
import type { YRecord } from '../shared/ydoc/layout'
import { getRecordsMap } from '../shared/ydoc/layout'
import { openProvider } from './provider'
import { baseRecords, geoShapeRecord, putRecords, writeSchema } from './records'
import { createOurBoard, startOurs } from './servers'
import type { BenchServer } from './servers'
import { waitUntil } from './stats'

export interface StoredSize {
  snapshotBytes: number
  updateRows: number
  updateBytes: number
  total: number
}

export interface DragResult {
  drags: number
  shapes: number
  before: StoredSize
  /** Read from the live database just before the shutdown (compaction every COMPACT_EVERY_UPDATES). */
  beforeShutdown: StoredSize
  after: StoredSize
  growth: number
  /** The client's doc, encoded both ways, before and after the drags. */
  v1Before: number
  v1After: number
  v2Before: number
  v2After: number
  /** Sum of the 10,000 incremental V1 updates the client sent (what an append-only log would hold). */
  sentUpdateBytes: number
  dragSeconds: number
}

const DRAGS = 10_000
const SHAPES = 20
/** Updates the writer may be ahead of the observer (keeps it a stream, not one giant burst). */
const WINDOW = 64
const DEADLINE_MS = 120_000
// The drag is sent as fast as the observer keeps up, far above a person's ~60 updates/s, so the
// per-connection flood limit (default 400 messages/s) is raised for this test only.
const SERVER_ENV = { FLOOD_MAX_MESSAGES_PER_SECOND: '1000000' }

interface Peer {
  doc: Y.Doc
  provider: WebsocketProvider
}

async function connectPeer(server: BenchServer, room: string, token: string): Promise<Peer> {
  const doc = new Y.Doc()
  const provider = openProvider(server.syncUrl, room, token, doc)
  provider.awareness.setLocalState(null)
  if (!(await waitUntil(() => provider.synced, 30_000))) throw new Error('drag test: client did not sync')
  return { doc, provider }
}

function closePeers(...peers: Peer[]): void {
  for (const p of peers) {
    p.provider.destroy()
    p.doc.destroy()
  }
}

function storedSize(dataDir: string, boardId: string): StoredSize {
  const db = new Database(path.join(dataDir, DATABASE_FILE_NAME), { fileMustExist: true })
  try {
    const snap = db.prepare<[string], { n: number }>('SELECT length(snapshot) AS n FROM board_snapshots WHERE board_id = ?').get(boardId)
    // The board document's updates: its rows in the log, and those in its runs (migration 8).
    const upd = db
      .prepare<[string], { rows: number; bytes: number }>(
        'SELECT count(*) AS rows, coalesce(sum(length("update")), 0) AS bytes FROM update_log WHERE board_id = ? AND kind = 0',
      )
      .get(boardId)!
    for (const run of db.prepare<[string], Buffer>('SELECT updates FROM board_updates WHERE board_id = ?').pluck().all(boardId)) {
      for (const { update } of decodeRun(run)) {
        upd.rows++
        upd.bytes += update.byteLength
      }
    }
    const snapshotBytes = snap?.n ?? 0
    return { snapshotBytes, updateRows: upd.rows, updateBytes: upd.bytes, total: snapshotBytes + upd.bytes }
  } finally {
    db.close()
  }
}

export async function runDragGrowth(): Promise<DragResult> {
  // Phase 1: the board as it is before the drag.
  let server = await startOurs({ env: SERVER_ENV })
  const dataDir = server.dataDir!
  const board = await createOurBoard(server)
  let v1Before: number
  let v2Before: number
  try {
    const writer = await connectPeer(server, board.id, board.facilitatorToken)
    const observer = await connectPeer(server, board.id, board.participantToken)
    writeSchema(writer.doc)
    putRecords(writer.doc, [...baseRecords(), ...Array.from({ length: SHAPES }, (_, i) => geoShapeRecord(`s${i}`, i))])
    const expected = SHAPES + baseRecords().length
    if (!(await waitUntil(() => getRecordsMap(observer.doc).size === expected, 30_000))) {
      throw new Error('drag test: observer did not receive the board')
    }
    v1Before = Y.encodeStateAsUpdate(writer.doc).byteLength
    v2Before = Y.encodeStateAsUpdateV2(writer.doc).byteLength
    closePeers(writer, observer)
  } finally {
    await server.stop()
  }
  const before = storedSize(dataDir, board.id)

  // Phase 2: restart on the same data and drag one shape 10,000 times.
  server = await startOurs({ dataDir, env: SERVER_ENV })
  let beforeShutdown: StoredSize
  let v1After: number
  let v2After: number
  let sentUpdateBytes = 0
  let dragSeconds: number
  try {
    const writer = await connectPeer(server, board.id, board.facilitatorToken)
    const observer = await connectPeer(server, board.id, board.participantToken)
    const shapeId = 'shape:s0'
    const shape = getRecordsMap(writer.doc).get(shapeId)
    if (!(shape instanceof Y.Map)) throw new Error('drag test: shape missing after restart')
    let seen = 0
    getRecordsMap(observer.doc).observeDeep((events) => {
      for (const event of events) {
        if (event.target instanceof Y.Map && (event.target as YRecord).get('id') === shapeId) {
          const x = (event.target as YRecord).get('x')
          if (typeof x === 'number') seen = Math.max(seen, Math.round((x - 100) / 1.5))
        }
      }
    })
    writer.doc.on('update', (update: Uint8Array) => {
      sentUpdateBytes += update.byteLength
    })
    const started = performance.now()
    for (let i = 1; i <= DRAGS; i++) {
      if (i - seen > WINDOW && !(await waitUntil(() => i - seen <= WINDOW, DEADLINE_MS, 1))) {
        throw new Error(`drag test: observer stuck at ${seen}`)
      }
      writer.doc.transact(() => {
        shape.set('x', 100 + i * 1.5)
        shape.set('y', 80 + i * 0.75)
      })
    }
    if (!(await waitUntil(() => seen === DRAGS, DEADLINE_MS, 5))) throw new Error(`drag test: observer stuck at ${seen}`)
    dragSeconds = (performance.now() - started) / 1000
    v1After = Y.encodeStateAsUpdate(writer.doc).byteLength
    v2After = Y.encodeStateAsUpdateV2(writer.doc).byteLength
    beforeShutdown = storedSize(dataDir, board.id)
    closePeers(writer, observer)
  } finally {
    await server.stop()
  }
  const after = storedSize(dataDir, board.id)
  return {
    drags: DRAGS,
    shapes: SHAPES,
    before,
    beforeShutdown,
    after,
    growth: after.total - before.total,
    v1Before,
    v1After,
    v2Before,
    v2After,
    sentUpdateBytes,
    dragSeconds,
  }
}
