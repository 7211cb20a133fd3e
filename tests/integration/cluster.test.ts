/**
 * Several nodes, one board (issue 11): three real server processes on one real PostgreSQL
 * database (a throwaway cluster, tests/helpers/postgres.ts), each with its own NODE_ID, port and
 * NODE_URL, the same CLUSTER_SECRET and a short LEASE_TTL_MS, and real y-websocket clients.
 *
 * How clients fail over: in front of real nodes sits a load balancer; here each client is its
 * own. `openClusterClient` starts on one node and, whenever its connection closes, moves its
 * `serverUrl` to the next node that is running (and not paused) before the provider reconnects
 * with its usual backoff — what a round-robin upstream with health checks does. Connections that
 * land on a node that does not own the board are forwarded to the owner, node to node.
 *
 * Runs on PostgreSQL by itself, so it is skipped in the `integration-postgres` project (it would
 * only run twice).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { readMeetingInfo } from '../../shared/ydoc/meetingDoc'
import type { HealthResponse, MeetingResponse } from '../../shared/protocol'
import { CloseCode } from '../../shared/protocol'
import { startPostgres } from '../helpers/postgres'
import type { ServerProcess } from '../helpers/serverProcess'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import { api } from '../helpers/meetingFixtures'
import { createBoard, expectLogsClean, updateMessage, waitFor } from './support'
import { freePort } from '../helpers/freePort'

const SECRET = 'tafelbord-cluster-test-secret-0123456789'
const TTL_MS = 1500
const NODE_COUNT = 3

interface Node {
  index: number
  id: string
  port: number
  server: ServerProcess | null
  /** SIGSTOPped: a load balancer's health check would skip it. */
  paused: boolean
}

const nodes: Node[] = []
let databaseUrl = ''
let db: pg.Client | null = null


async function startNode(node: Node): Promise<ServerProcess> {
  node.server = await startServer({
    backend: 'postgres',
    databaseUrl,
    port: node.port,
    env: {
      NODE_ID: node.id,
      NODE_URL: `http://127.0.0.1:${node.port}`,
      CLUSTER_SECRET: SECRET,
      LEASE_TTL_MS: String(TTL_MS),
      BOARD_UNLOAD_GRACE_MS: '3000',
    },
  })
  node.paused = false
  return node.server
}

function running(node: Node): boolean {
  const child = node.server?.process
  return child !== undefined && child.exitCode === null && child.signalCode === null && !node.paused
}

function serverOf(index: number): ServerProcess {
  const server = nodes[index].server
  if (server === null) throw new Error(`node ${index} is not running`)
  return server
}

async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db!.query<T>(sql, params)).rows
}

async function leaseOf(boardId: string): Promise<{ node_id: string; epoch: number; live: boolean } | undefined> {
  const rows = await query<{ node_id: string; epoch: string; live: boolean }>(
    'SELECT node_id, epoch, expires_at > clock_timestamp() AS live FROM board_leases WHERE board_id = $1',
    [boardId],
  )
  return rows[0] && { node_id: rows[0].node_id, epoch: Number(rows[0].epoch), live: rows[0].live }
}

async function healthOf(index: number): Promise<HealthResponse> {
  const res = await fetch(`${serverOf(index).baseUrl}/api/health`)
  return (await res.json()) as HealthResponse
}

interface ClusterClient {
  name: string
  doc: Y.Doc
  provider: WebsocketProvider
  map: Y.Map<unknown>
  closeCodes: number[]
  /** Node indexes this client was connected to, in order. */
  nodesVisited: number[]
  current(): number
  destroy(): void
}

/** A stock y-websocket client with a client-side "load balancer" over the running nodes. */
function openClusterClient(name: string, start: number, room: string, token: string): ClusterClient {
  const doc = new Y.Doc()
  let current = start
  const urlOf = (index: number) => `ws://127.0.0.1:${nodes[index].port}/sync`
  const provider = new WebsocketProvider(urlOf(current), room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
    maxBackoffTime: 300,
  })
  const closeCodes: number[] = []
  const nodesVisited = [start]
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code)
    // The next running node, as a round-robin upstream with health checks picks it.
    for (let step = 1; step <= NODE_COUNT; step++) {
      const candidate = (current + step) % NODE_COUNT
      if (running(nodes[candidate])) {
        current = candidate
        break
      }
    }
    provider.serverUrl = urlOf(current)
    nodesVisited.push(current)
  })
  return {
    name,
    doc,
    provider,
    map: doc.getMap('test'),
    closeCodes,
    nodesVisited,
    current: () => current,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

async function synced(client: ClusterClient): Promise<void> {
  await waitFor(() => client.provider.synced, `${client.name} synced`, 30_000)
}

function keysOf(client: ClusterClient): string[] {
  return [...client.map.keys()].sort()
}

/** Every client holds exactly `expected` (sorted keys). */
async function converged(clients: ClusterClient[], expected: string[], description: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    () => clients.every((c) => c.provider.synced && JSON.stringify(keysOf(c)) === JSON.stringify(expected)),
    description,
    timeoutMs,
  )
}

/** Writes `<name>-<n>` every `everyMs` until stopped; answers the keys written. */
function stream(client: ClusterClient, everyMs: number): { stop(): string[] } {
  const written: string[] = []
  let n = 0
  const timer = setInterval(() => {
    const key = `${client.name}-${n++}`
    client.map.set(key, n)
    written.push(key)
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return written
    },
  }
}

/** What a fresh client, on `index`, reads of the board: the stored state as the owner serves it. */
async function freshKeys(index: number, boardId: string, token: string): Promise<string[]> {
  const reader = openClusterClient(`reader${index}`, index, boardId, token)
  try {
    await synced(reader)
    return keysOf(reader)
  } finally {
    reader.destroy()
  }
}

const clients: ClusterClient[] = []
function track(client: ClusterClient): ClusterClient {
  clients.push(client)
  return client
}

describe.skipIf(process.env.TEST_BACKEND === 'postgres')('several nodes on one PostgreSQL database', () => {
  beforeAll(async () => {
    const postgres = await startPostgres()
    databaseUrl = await postgres.createDatabase()
    for (let index = 0; index < NODE_COUNT; index++) nodes.push({ index, id: `node-${index}`, port: await freePort(), server: null, paused: false })
    await Promise.all(nodes.map((node) => startNode(node)))
    db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
  })

  afterAll(async () => {
    for (const client of clients) client.destroy()
    for (const node of nodes) if (node.paused) node.server?.process.kill('SIGCONT')
    await db?.end()
    await cleanupServers()
  })

  it('serves one board from one owner: clients on different nodes converge, a late joiner on a third gets everything', async () => {
    const board = await createBoard(serverOf(0))
    const a = track(openClusterClient('a', 0, board.id, board.participantToken))
    await synced(a)
    const b = track(openClusterClient('b', 1, board.id, board.participantToken))
    await synced(b)
    a.map.set('from-a', 1)
    b.map.set('from-b', 2)
    await converged([a, b], ['from-a', 'from-b'], 'a and b converge')

    // Exactly one node owns it: the one that loaded it first; the other forwards.
    const lease = await leaseOf(board.id)
    expect(lease?.node_id).toBe('node-0')
    expect(lease?.live).toBe(true)
    const healths = await Promise.all(nodes.map((_, i) => healthOf(i)))
    expect(healths.map((h) => h.nodeId)).toEqual(['node-0', 'node-1', 'node-2'])
    expect(healths[0].boardsOwned).toBe(1)
    expect(healths[1].boardsOwned + healths[2].boardsOwned).toBe(0)
    expect(healths[1].boardsLoaded).toBe(0)
    expect(serverOf(1).events().some((e) => e.event === 'forward_opened' && e.owner === 'node-0')).toBe(true)

    // A state larger than MAX_MESSAGE_BYTES (4 MiB) reaches a late joiner through a forwarding
    // node in one sync step 2 (each write is 1 MiB; the limit is on what clients send).
    for (let i = 0; i < 5; i++) a.map.set(`big-${i}`, String(i).repeat(1024 * 1024))
    const bigKeys = ['big-0', 'big-1', 'big-2', 'big-3', 'big-4', 'from-a', 'from-b']
    await converged([a, b], bigKeys, 'a and b hold the big state')
    expect(b.nodesVisited).toEqual([1])
    const late = track(openClusterClient('late', 2, board.id, board.participantToken))
    await synced(late)
    expect(keysOf(late)).toEqual(bigKeys)
    // …on its first connection, through node 2.
    expect(late.nodesVisited).toEqual([2])
    expect(late.closeCodes).toEqual([])

    // The meeting document follows the same owner; the API answers on every node alike.
    for (let i = 0; i < NODE_COUNT; i++) {
      const info = await api(serverOf(i), 'GET', `/api/boards/${board.id}`, board.participantToken)
      expect(info.status).toBe(200)
      expect(info.body.id).toBe(board.id)
    }
    const meeting = track(openClusterClient('meeting', 2, `${board.id}/meeting`, board.participantToken))
    await synced(meeting)
    expect(readMeetingInfo(meeting.doc).state).toBe('open')
    const locked = await api<MeetingResponse>(serverOf(1), 'POST', `/api/boards/${board.id}/lock`, board.facilitatorToken)
    expect(locked.status).toBe(200)
    await waitFor(() => readMeetingInfo(meeting.doc).state === 'locked', 'the lock reaches a client on a third node')
    await api(serverOf(2), 'POST', `/api/boards/${board.id}/unlock`, board.facilitatorToken)
    await waitFor(() => readMeetingInfo(meeting.doc).state === 'open', 'unlocked again')

    // A forged forwarded request (cluster headers without the secret) is refused.
    const forged = await fetch(`${serverOf(1).baseUrl}/api/boards/${board.id}`, {
      headers: { Authorization: `Bearer ${board.participantToken}`, 'x-tafelbord-forwarded-by': 'node-0', 'x-tafelbord-cluster-secret': 'wrong-secret-wrong-secret' },
    })
    expect(forged.status).toBe(403)
    // Loop guard: a request forwarded to a node that is not the owner is not forwarded again.
    const cluster = { 'x-tafelbord-forwarded-by': 'node-2', 'x-tafelbord-cluster-secret': SECRET }
    const misrouted = await fetch(`${serverOf(1).baseUrl}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.participantToken}`, ...cluster } })
    expect(misrouted.status).toBe(503)
    expect(misrouted.headers.get('retry-after')).toBe('1')
    const misroutedSocket = new WebSocket(`${serverOf(1).wsUrl}/sync/${board.id}?token=${board.participantToken}`, { headers: cluster })
    misroutedSocket.on('error', () => {})
    const closeCode = await new Promise<number>((resolve) => misroutedSocket.once('close', (code) => resolve(code)))
    expect(closeCode).toBe(CloseCode.tryAgainLater)
    for (const c of [a, b, late, meeting]) c.destroy()
  })

  it('survives kill -9 of the owner during a stream of updates: nothing any client received is lost', async () => {
    const board = await createBoard(serverOf(1))
    const onOwner = track(openClusterClient('owner', 1, board.id, board.participantToken))
    await synced(onOwner)
    expect((await leaseOf(board.id))?.node_id).toBe('node-1')
    const on0 = track(openClusterClient('n0', 0, board.id, board.participantToken))
    const on2 = track(openClusterClient('n2', 2, board.id, board.participantToken))
    await Promise.all([synced(on0), synced(on2)])
    const writers = [onOwner, on0, on2].map((c) => stream(c, 15))
    await new Promise((r) => setTimeout(r, 600))
    const seenBeforeKill = new Set([onOwner, on0, on2].flatMap(keysOf))
    const killedAt = Date.now()
    await nodes[1].server!.kill9()
    await new Promise((r) => setTimeout(r, 800))
    const written = writers.flatMap((w) => w.stop()).sort()

    // A new owner took over, and every client is live again on the nodes that remain.
    await waitFor(async () => {
      const lease = await leaseOf(board.id)
      return lease?.live && lease.node_id !== 'node-1'
    }, 'a new owner took the lease')
    await converged([onOwner, on0, on2], written, 'all clients converge after the failover')
    const failoverMs = Date.now() - killedAt
    // TTL, plus the clients' backoff (300 ms at most) and reconnects, with room for a slow machine.
    expect(failoverMs).toBeLessThan(TTL_MS + 8_000)
    // What any client had received before the kill is among it (stored before it was sent).
    for (const key of seenBeforeKill) expect(written).toContain(key)
    // Stored: a fresh client on either remaining node reads everything.
    expect(await freshKeys(0, board.id, board.participantToken)).toEqual(written)
    expect(await freshKeys(2, board.id, board.participantToken)).toEqual(written)
    for (const c of [onOwner, on0, on2]) {
      expect(c.closeCodes.length).toBeGreaterThan(0)
      c.destroy()
    }
    await startNode(nodes[1])
  })

  it('fences an owner paused longer than the lease: after SIGCONT it writes nothing, its clients move to the new owner', async () => {
    const board = await createBoard(serverOf(2))
    const direct = track(openClusterClient('direct', 2, board.id, board.participantToken))
    await synced(direct)
    const oldLease = await leaseOf(board.id)
    expect(oldLease?.node_id).toBe('node-2')
    const forwarded = track(openClusterClient('fwd', 0, board.id, board.participantToken))
    await synced(forwarded)
    direct.map.set('before', 1)
    await converged([direct, forwarded], ['before'], 'both see the first write')

    // A raw editor on the owner that never reconnects: its update reaches the paused owner only.
    const ghostDoc = new Y.Doc()
    const ghost = new WebSocket(`${serverOf(2).wsUrl}/sync/${board.id}?token=${board.participantToken}`)
    ghost.on('error', () => {})
    await new Promise<void>((resolve) => ghost.once('open', () => resolve()))
    await new Promise((r) => setTimeout(r, 200))

    const owner = nodes[2]
    owner.server!.process.kill('SIGSTOP')
    owner.paused = true
    const pausedAt = Date.now()
    ghostDoc.getMap('test').set('ghost', 1)
    ghost.send(updateMessage(Y.encodeStateAsUpdate(ghostDoc)))
    direct.map.set('direct-while-paused', 1)
    forwarded.map.set('forwarded-while-paused', 1)

    // The forwarded client reconnects through the other nodes; once the lease expired, another
    // node takes the board over from PostgreSQL.
    await waitFor(async () => {
      const lease = await leaseOf(board.id)
      return lease?.live && lease.node_id !== 'node-2' && lease.epoch > oldLease!.epoch
    }, 'another node took the lease over')
    await waitFor(() => forwarded.provider.synced && forwarded.map.has('forwarded-while-paused'), 'the forwarded client is live again')
    await new Promise((r) => setTimeout(r, Math.max(0, 2 * TTL_MS - (Date.now() - pausedAt))))
    const newLease = await leaseOf(board.id)
    const logLinesBefore = owner.server!.logs.length

    owner.server!.process.kill('SIGCONT')
    owner.paused = false
    // Its client is told to reconnect (1012) and ends up on the new owner with what it held.
    await waitFor(() => direct.closeCodes.includes(CloseCode.restarting), 'the old owner closes its clients with 1012')
    await converged([direct, forwarded], ['before', 'direct-while-paused', 'forwarded-while-paused'], 'its clients end up on the new owner')
    await new Promise((r) => setTimeout(r, 500))

    // The fence: the old owner wrote nothing after it resumed. The ghost's update, which only it
    // ever had, is not stored; the lease is still the new owner's, with the same epoch.
    expect(await freshKeys(0, board.id, board.participantToken)).toEqual(['before', 'direct-while-paused', 'forwarded-while-paused'])
    expect(await leaseOf(board.id)).toMatchObject({ node_id: newLease!.node_id, epoch: newLease!.epoch })
    const after = owner.server!.logs.slice(logLinesBefore).map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(after.some((e) => e.event === 'lease_lost')).toBe(true)
    expect(after.filter((e) => e.event === 'compacted')).toEqual([])
    expect(after.filter((e) => e.event === 'lease_taken' && e.board === board.id.slice(0, 6))).toEqual([])
    ghost.terminate()
    ghostDoc.destroy()
    direct.destroy()
    forwarded.destroy()
  })

  it('closes a meeting on one node for everyone: every write refused on every node, also after restarts', async () => {
    const board = await createBoard(serverOf(0))
    const editors = [0, 1, 2].map((i) => track(openClusterClient(`editor${i}`, i, board.id, board.participantToken)))
    const meetings = [0, 1, 2].map((i) => track(openClusterClient(`meeting${i}`, i, `${board.id}/meeting`, board.participantToken)))
    await Promise.all([...editors, ...meetings].map(synced))
    editors[1].map.set('before-close', 1)
    await converged(editors, ['before-close'], 'editors converge')

    const owner = (await leaseOf(board.id))!.node_id
    const other = nodes.find((n) => n.id !== owner)!.index
    await api(serverOf(other), 'PATCH', `/api/boards/${board.id}/meeting`, board.facilitatorToken, { followUpDate: '2026-06-01' })
    const closed = await api<MeetingResponse>(serverOf(other), 'POST', `/api/boards/${board.id}/close`, board.facilitatorToken)
    expect(closed.status).toBe(200)
    expect(closed.body.meeting.state).toBe('closed')
    await waitFor(() => meetings.every((m) => readMeetingInfo(m.doc).state === 'closed'), 'closed for every client on every node')

    const refusedEverywhere = async (label: string) => {
      for (let i = 0; i < NODE_COUNT; i++) {
        const again = await api(serverOf(i), 'PATCH', `/api/boards/${board.id}/meeting`, board.facilitatorToken, { followUpDate: '2026-07-01' })
        expect(again.status, `${label}: node ${i}`).toBe(409)
        expect(again.body.error).toBe('meeting_closed')
      }
    }
    await refusedEverywhere('after the close')
    editors[0].map.set('after-close-0', 1)
    editors[2].map.set('after-close-2', 1)
    await new Promise((r) => setTimeout(r, 500))
    for (let i = 0; i < NODE_COUNT; i++) expect(await freshKeys(i, board.id, board.participantToken)).toEqual(['before-close'])
    for (const c of [...editors, ...meetings]) c.destroy()

    // Every node restarted: still closed, still refused everywhere.
    for (const node of nodes) {
      await node.server!.stop()
      await startNode(node)
    }
    await refusedEverywhere('after restarts')
    const late = track(openClusterClient('late-editor', 1, board.id, board.participantToken))
    await synced(late)
    late.map.set('after-restart', 1)
    await new Promise((r) => setTimeout(r, 500))
    expect(await freshKeys(2, board.id, board.participantToken)).toEqual(['before-close'])
    const info = await api<{ meeting: { state: string } }>(serverOf(0), 'GET', `/api/boards/${board.id}`, board.participantToken)
    expect(info.body.meeting.state).toBe('closed')
    late.destroy()
  })

  it('loses nothing in a rolling restart of all three nodes during a meeting, and hands boards over at once', async () => {
    const board = await createBoard(serverOf(0))
    const people = [0, 1, 2].map((i) => track(openClusterClient(`p${i}`, i, board.id, board.participantToken)))
    await Promise.all(people.map(synced))
    const writers = people.map((c) => stream(c, 25))
    const handovers: number[] = []
    for (const node of nodes) {
      await new Promise((r) => setTimeout(r, 400))
      const owned = (await leaseOf(board.id))?.node_id === node.id
      const stoppedAt = Date.now()
      expect(await node.server!.stop()).toBe(0)
      if (owned) {
        // Graceful handover: the lease was given up, not left to expire.
        expect(node.server!.events().some((e) => e.event === 'lease_released' && e.board === board.id.slice(0, 6))).toBe(true)
        await waitFor(async () => (await leaseOf(board.id))?.live && (await leaseOf(board.id))?.node_id !== node.id, 'another node took over')
        handovers.push(Date.now() - stoppedAt)
      }
      await startNode(node)
    }
    await new Promise((r) => setTimeout(r, 400))
    const written = writers.flatMap((w) => w.stop()).sort()
    await converged(people, written, 'everyone converges after the rolling restart')
    expect(await freshKeys(1, board.id, board.participantToken)).toEqual(written)
    // Taken over well within the lease's TTL (the node gave it up before it exited).
    for (const ms of handovers) expect(ms).toBeLessThan(TTL_MS + 1000)
    for (const c of people) c.destroy()
    expectLogsClean()
  })
})
