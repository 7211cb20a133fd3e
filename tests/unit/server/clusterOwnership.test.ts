/**
 * One owner per board (issue 11), the parts that need no second process: a fenced write drops
 * only its own board (1012, nothing sent) while the rest of the group commits; a lease that is
 * reported fenced, or not renewed within its TTL, drops its board; cluster headers need the
 * secret. The three-node behaviour is tested in tests/integration/cluster.test.ts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { IncomingMessage } from 'node:http'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { initMeetingDoc } from '../../../shared/ydoc/meetingDoc'
import { BoardRegistry } from '../../../server/boards'
import { ConfigError, readConfig } from '../../../server/config'
import type { BoardConnection } from '../../../server/boards'
import { arrivalOf } from '../../../server/cluster/forwarding'
import { LeaseKeeper } from '../../../server/cluster/leases'
import { BoardStore, SqliteBoardStorage } from '../../../server/storage'
import type { LeaseAnswer, UpdateToStore, WriteAlongside } from '../../../server/storage/boardStorage'
import { FencedError } from '../../../server/storage/boardStorage'
import { GroupCommitter } from '../../../server/storage/groupCommit'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** SQLite storage that fences some boards: a transaction holding one of them stores nothing. */
class FencingStorage extends SqliteBoardStorage {
  readonly fenced = new Set<string>()
  renewed: string[][] = []
  override appendUpdates(updates: readonly UpdateToStore[], also?: readonly WriteAlongside[]): Promise<number[]> {
    const hit = [...new Set(updates.map((u) => u.boardId).filter((id) => this.fenced.has(id)))]
    if (hit.length > 0) return Promise.reject(new FencedError(hit))
    return super.appendUpdates(updates, also)
  }
  override renewLeases(_nodeId: string, boardIds: readonly string[]): Promise<string[]> {
    this.renewed.push([...boardIds])
    return Promise.resolve(boardIds.filter((id) => this.fenced.has(id)))
  }
  override acquireLease(boardId: string, nodeId: string, nodeUrl: string, ttlMs: number): Promise<LeaseAnswer> {
    return Promise.resolve({ owned: true, lease: { boardId, nodeId, nodeUrl, epoch: 1, expiresAt: Date.now() + ttlMs } })
  }
}

class FakeConnection implements BoardConnection {
  readonly sent: Uint8Array[] = []
  closed: { code: number; reason: string } | null = null
  readonly access = 'participant' as const
  send(message: Uint8Array): void {
    this.sent.push(message)
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason }
  }
}

async function setup(ttlMs = 60_000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-cluster-'))
  dirs.push(dir)
  const store = new BoardStore(dir)
  const storage = new FencingStorage(store)
  const committer = new GroupCommitter(storage, { windowMs: 0 })
  const boards = new BoardRegistry(storage, committer, { boardUnloadGraceMs: 60_000, compactEveryUpdates: 1000 })
  const lost: string[] = []
  const leases = new LeaseKeeper({
    storage,
    nodeId: 'node-a',
    nodeUrl: () => 'http://127.0.0.1:1',
    ttlMs,
    onLost: (boardId) => {
      lost.push(boardId)
      boards.dropLost(boardId)
    },
    inUse: (boardId) => boards.isInUse(boardId),
  })
  boards.setOwnership({ claim: (id) => leases.claim(id), released: (id) => void leases.release(id), fenced: (id) => leases.lost(id, 'write_fenced') })
  const open = async (id: string) => {
    const meeting = new Y.Doc()
    initMeetingDoc(meeting, '2026-11-29T09:00:00.000Z', 'Europe/Amsterdam')
    await storage.createBoard({ id, createdAt: 1, facilitatorTokenHash: 'f', participantTokenHash: 'p', residentTokenHash: 'r', sealedLinks: '' }, Y.encodeStateAsUpdateV2(meeting))
    const board = await boards.acquireAsync((await storage.findBoard(id))!)
    const writer = new FakeConnection()
    const reader = new FakeConnection()
    board.addConnection('board', writer)
    board.addConnection('board', reader)
    return { board, writer, reader }
  }
  return { store, storage, committer, boards, leases, lost, open, close: () => { leases.stop(); store.close() } }
}

function clientUpdate(key: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('test').set(key, 1)
  return Y.encodeStateAsUpdate(doc)
}

describe('one owner per board', () => {
  it('a fenced write drops only its board, with 1012 and nothing sent; the rest of the group is stored', async () => {
    const env = await setup()
    const a = await env.open('aaaaaaaaaaaaaaaaaaaaaa')
    const b = await env.open('bbbbbbbbbbbbbbbbbbbbbb')
    expect(env.leases.ownedCount).toBe(2)
    env.storage.fenced.add(a.board.id)
    a.reader.sent.length = 0
    b.reader.sent.length = 0
    expect(a.board.board.applyClientUpdate(clientUpdate('lost'), a.writer)).toBe('applied')
    expect(b.board.board.applyClientUpdate(clientUpdate('kept'), b.writer)).toBe('applied')
    await env.committer.flush()
    // Board a: dropped, its clients told to reconnect, nothing relayed; the lease is gone.
    expect(a.writer.closed).toEqual({ code: 1012, reason: 'restarting' })
    expect(a.reader.closed).toEqual({ code: 1012, reason: 'restarting' })
    expect(a.reader.sent.filter((m) => m[0] === 0)).toEqual([])
    expect(a.board.isUnloaded).toBe(true)
    expect(env.leases.owns(a.board.id)).toBe(false)
    // Board b: stored and relayed.
    expect(b.reader.closed).toBeNull()
    expect(b.reader.sent.filter((m) => m[0] === 0).length).toBe(1)
    expect(env.store.loadDocument(b.board.id, 'board').updates.length).toBe(1)
    expect(env.store.loadDocument(a.board.id, 'board').updates.length).toBe(0)
    env.close()
  })

  it('a renewal that reports a board fenced drops it at once', async () => {
    const env = await setup(300)
    const a = await env.open('cccccccccccccccccccccc')
    env.storage.fenced.add(a.board.id)
    await new Promise((r) => setTimeout(r, 250))
    expect(env.lost).toEqual([a.board.id])
    expect(a.writer.closed?.code).toBe(1012)
    expect(env.boards.loadedCount).toBe(0)
    env.close()
  })

  it('a lease not renewed within its TTL is given up before anything else happens', async () => {
    const env = await setup(300)
    const a = await env.open('dddddddddddddddddddddd')
    // Renewals fail (the database is unreachable).
    env.storage.renewLeases = () => Promise.reject(new Error('connection refused'))
    await new Promise((r) => setTimeout(r, 600))
    expect(env.lost).toEqual([a.board.id])
    expect(a.reader.closed?.code).toBe(1012)
    env.close()
  })

  it('cluster headers need the right secret', () => {
    const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage
    const secret = 'a-long-enough-cluster-secret'
    expect(arrivalOf(req({}), secret).kind).toBe('direct')
    expect(arrivalOf(req({ 'x-tafelbord-forwarded-by': 'n1', 'x-tafelbord-cluster-secret': secret }), secret)).toEqual({ kind: 'forwarded', by: 'n1', clientAddress: null })
    expect(arrivalOf(req({ 'x-tafelbord-forwarded-by': 'n1', 'x-tafelbord-cluster-secret': 'wrong' }), secret).kind).toBe('refused')
    expect(arrivalOf(req({ 'x-tafelbord-forwarded-by': 'n1' }), secret).kind).toBe('refused')
    expect(arrivalOf(req({ 'x-tafelbord-forwarded-by': 'n1', 'x-tafelbord-cluster-secret': secret }), null).kind).toBe('refused')
  })

  it('reads the cluster settings: NODE_URL needs CLUSTER_SECRET, the TTL has bounds', () => {
    const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }
    const plain = readConfig(base)
    expect(plain.nodeId).toMatch(/^node-[0-9a-f]{8}$/)
    expect(plain.nodeUrl).toBeNull()
    expect(plain.clusterSecret).toBeNull()
    expect(plain.leaseTtlMs).toBe(12_000)
    const node = readConfig({ ...base, NODE_ID: 'bord-1', NODE_URL: 'http://10.0.0.5:3000/', CLUSTER_SECRET: 'x'.repeat(16), LEASE_TTL_MS: '1500' })
    expect(node).toMatchObject({ nodeId: 'bord-1', nodeUrl: 'http://10.0.0.5:3000', clusterSecret: 'x'.repeat(16), leaseTtlMs: 1500 })
    expect(() => readConfig({ ...base, NODE_URL: 'http://10.0.0.5:3000' })).toThrow(ConfigError)
    expect(() => readConfig({ ...base, NODE_URL: 'http://10.0.0.5:3000', CLUSTER_SECRET: 'short' })).toThrow(ConfigError)
    expect(() => readConfig({ ...base, NODE_URL: 'ftp://10.0.0.5' , CLUSTER_SECRET: 'x'.repeat(16) })).toThrow(ConfigError)
    expect(() => readConfig({ ...base, NODE_ID: 'has space' })).toThrow(ConfigError)
    expect(() => readConfig({ ...base, LEASE_TTL_MS: '100' })).toThrow(ConfigError)
  })
})
