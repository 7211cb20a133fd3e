/**
 * The client process of the latency scenarios (forked by bench/latency.ts; never a server's
 * process). Holds every y-websocket WebsocketProvider of a scenario, for every server under test,
 * so one clock (performance.now()) times both the send and every receive.
 *
 * Each client owns one shape record in doc.getMap('records'). Per round one client (rotating over
 * boards, then over the clients of a board) sets `x` and `y` of its shape in one transaction, like
 * one step of a drag; every other client of that board observes the records map and notes when
 * the new `x` arrived. The servers' rounds are interleaved — target 0 at t, target 1 at
 * t + interval/2, … — so a burst of load from elsewhere on the machine hits all of them alike.
 *
 * For several nodes of one cluster (bench/clusterBench.ts) a target lists `serverUrls`: clients are
 * spread over them round-robin, move to the next one when their connection closes, and after the
 * rounds the orchestrator may ask for a steady stream ('stream') and time a failover ('failover').
 */
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import type { YRecord } from '../shared/ydoc/layout'
import { getRecordsMap } from '../shared/ydoc/layout'
import { openProvider } from './provider'
import { baseRecords, geoShapeRecord, putRecords, writeSchema } from './records'
import { sleep, waitUntil } from './stats'
import type { FailoverRaw, LatencyRaw, LatencyTarget, LatencyWorkload, ParentMessage, WorkerMessage } from './workerProtocol'

const SYNC_DEADLINE_MS = 60_000
const COLORS = ['#e03131', '#1971c2', '#2f9e44', '#f08c00', '#6741d9']

interface Client {
  board: number
  index: number
  doc: Y.Doc
  provider: WebsocketProvider
  records: Y.Map<YRecord>
  shapeId: string
}

interface Pending {
  sentAt: number
  remaining: number
  measured: boolean
}

/** One server's clients and measurements. */
interface TargetState {
  clients: Client[][]
  pending: Map<number, Pending>
  completionMs: number[]
  deliveryMs: number[]
  unexpectedCloses: number
  /** Connections opened so far (round-robin over `serverUrls`). */
  connections: number
  /** When each client's connection last closed (performance.timeOrigin-based ms; failover only). */
  lastClose: Map<Client, number>
}

let targets: TargetState[] = []
/** Nodes the orchestrator is about to kill or has killed: clients reconnect elsewhere. */
const downUrls = new Set<string>()
let measuring = false

function send(message: WorkerMessage): void {
  process.send!(message)
}

function makeClient(workload: LatencyWorkload, target: LatencyTarget, state: TargetState, board: number, index: number): Client {
  const doc = new Y.Doc()
  const { room, token } = target.boards[board]
  const urls = target.serverUrls
  let node = urls ? state.connections++ % urls.length : 0
  const provider = openProvider(urls ? urls[node] : target.serverUrl, room, token, doc)
  if (target.maxBackoffTime !== undefined) provider.maxBackoffTime = target.maxBackoffTime
  const client: Client = { board, index, doc, provider, records: getRecordsMap(doc), shapeId: `shape:b${board}c${index}` }
  provider.on('connection-close', () => {
    if (measuring) state.unexpectedCloses++
    if (urls) {
      state.lastClose.set(client, nowEpoch())
      // Several nodes: the next one that is up, as a round-robin upstream moves on from a broken
      // connection (nginx tries the next upstream when one refuses the connection).
      for (let step = 0; step < urls.length; step++) {
        node = (node + 1) % urls.length
        if (!downUrls.has(urls[node])) break
      }
      provider.serverUrl = urls[node]
    }
  })
  if (workload.awareness) {
    provider.awareness.setLocalState({
      user: { name: `Deelnemer ${board}.${index}`, color: COLORS[index % COLORS.length], role: 'participant' },
      cursor: { x: 0, y: 0 },
      selection: [],
    })
  } else {
    provider.awareness.setLocalState(null)
  }
  return client
}

async function connectTarget(workload: LatencyWorkload, target: LatencyTarget): Promise<TargetState> {
  const state: TargetState = {
    clients: target.boards.map(() => []),
    pending: new Map(),
    completionMs: [],
    deliveryMs: [],
    unexpectedCloses: 0,
    connections: 0,
    lastClose: new Map(),
  }
  const all: Array<[number, number]> = []
  for (let b = 0; b < target.boards.length; b++) {
    for (let i = 0; i < workload.clientsPerBoard; i++) all.push([b, i])
  }
  for (let start = 0; start < all.length; start += workload.connectConcurrency) {
    const batch = all.slice(start, start + workload.connectConcurrency).map(([b, i]) => {
      const client = makeClient(workload, target, state, b, i)
      state.clients[b].push(client)
      return client
    })
    if (!(await waitUntil(() => batch.every((c) => c.provider.synced), SYNC_DEADLINE_MS))) {
      throw new Error(`clients of ${target.serverUrl} did not sync within ${SYNC_DEADLINE_MS} ms`)
    }
  }
  // Board content: the first client writes document, page and schema; every client its own shape.
  for (const boardClients of state.clients) {
    writeSchema(boardClients[0].doc)
    putRecords(boardClients[0].doc, baseRecords())
    for (const c of boardClients) putRecords(c.doc, [geoShapeRecord(`b${c.board}c${c.index}`, c.index)])
  }
  const expected = workload.clientsPerBoard + baseRecords().length
  const everyoneHasAll = () => state.clients.every((bc) => bc.every((c) => c.records.size === expected))
  if (!(await waitUntil(everyoneHasAll, SYNC_DEADLINE_MS))) {
    throw new Error(`clients of ${target.serverUrl} did not receive each other’s records`)
  }
  return state
}

function observe(state: TargetState): void {
  for (const boardClients of state.clients) {
    for (const client of boardClients) {
      client.records.observeDeep((events, transaction) => {
        if (transaction.local) return
        const now = performance.now()
        for (const event of events) {
          if (!(event instanceof Y.YMapEvent) || event.target === client.records) continue
          if (!event.keysChanged.has('x')) continue
          const round = (event.target as YRecord).get('x')
          if (typeof round !== 'number') continue
          const entry = state.pending.get(round)
          if (entry === undefined) continue
          if (entry.measured) state.deliveryMs.push(now - entry.sentAt)
          if (--entry.remaining === 0) {
            if (entry.measured) state.completionMs.push(now - entry.sentAt)
            state.pending.delete(round)
          }
        }
      })
    }
  }
}

function sendRound(workload: LatencyWorkload, state: TargetState, round: number): void {
  const boardCount = state.clients.length
  const writer = state.clients[round % boardCount][Math.floor(round / boardCount) % workload.clientsPerBoard]
  const shape = writer.records.get(writer.shapeId)!
  state.pending.set(round, { sentAt: performance.now(), remaining: workload.clientsPerBoard - 1, measured: round >= workload.warmupRounds })
  writer.doc.transact(() => {
    shape.set('x', round)
    shape.set('y', 40 + (round % 500) * 0.5)
  })
  if (workload.awareness) writer.provider.awareness.setLocalStateField('cursor', { x: round, y: round % 500 })
}

async function runRounds(workload: LatencyWorkload): Promise<LatencyRaw[]> {
  for (const state of targets) observe(state)
  let clientMaxGcMs = 0
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) clientMaxGcMs = Math.max(clientMaxGcMs, entry.duration)
  })
  gcObserver.observe({ entryTypes: ['gc'] })
  const loopDelay = monitorEventLoopDelay({ resolution: 5 })
  loopDelay.enable()
  measuring = true
  const total = workload.warmupRounds + workload.rounds
  const slot = workload.intervalMs / targets.length
  const started = performance.now()
  let step = 0
  for (let round = 0; round < total; round++) {
    for (let t = 0; t < targets.length; t++, step++) {
      const wait = started + step * slot - performance.now()
      if (wait >= 1) await sleep(wait)
      else if (step % 16 === 0) await new Promise((r) => setImmediate(r)) // never starve receiving
      sendRound(workload, targets[t], round)
    }
  }
  await waitUntil(() => targets.every((s) => s.pending.size === 0), workload.drainMs, 5)
  measuring = false
  const wallMs = performance.now() - started
  gcObserver.disconnect()
  loopDelay.disable()
  const clientMaxLoopDelayMs = loopDelay.max / 1e6
  return targets.map((state) => {
    let incomplete = 0
    for (const entry of state.pending.values()) if (entry.measured) incomplete++
    return {
      completionMs: state.completionMs,
      deliveryMs: state.deliveryMs,
      incomplete,
      wallMs,
      unexpectedCloses: state.unexpectedCloses,
      clientMaxGcMs,
      clientMaxLoopDelayMs,
    }
  })
}

// ------------------------------------------------------------------ failover (bench/clusterBench.ts)

let streaming = false

/** Target 0's clients write one update every `intervalMs` (rotating over boards, then clients) until stopAll. */
async function stream(workload: LatencyWorkload, intervalMs: number): Promise<void> {
  const state = targets[0]
  const boardCount = state.clients.length
  streaming = true
  const started = performance.now()
  for (let n = 0; streaming; n++) {
    const wait = started + n * intervalMs - performance.now()
    if (wait >= 1) await sleep(wait)
    else if (n % 16 === 0) await new Promise((r) => setImmediate(r))
    const writer = state.clients[n % boardCount][Math.floor(n / boardCount) % workload.clientsPerBoard]
    const shape = writer.records.get(writer.shapeId)!
    // Negative: never a measured round's value.
    writer.doc.transact(() => {
      shape.set('x', -1 - n)
      shape.set('y', 40 + (n % 500) * 0.5)
    })
    if (workload.awareness) writer.provider.awareness.setLocalStateField('cursor', { x: n, y: n % 500 })
  }
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with the orchestrator's. */
function nowEpoch(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * After a node was killed at `killedAt`: every client of the killed node's boards writes a probe
 * (its shape's `probe`: the time it was written) once it is connected and synced again, and again
 * every second until its board is live; a board is live again once all its clients are connected
 * and synced and each has applied a probe written after the kill by every other.
 */
async function failover(killedAt: number, boards: number[], timeoutMs: number): Promise<FailoverRaw> {
  const state = targets[0]
  const waiting = new Set(boards)
  const boardMs = new Map<number, number>()
  let allClientsMs = Number.NaN
  const live = (c: Client) => c.provider.wsconnected && c.provider.synced
  const boardLive = (b: number) => {
    const clients = state.clients[b]
    for (const c of clients) {
      if (!live(c)) return false
      for (const other of clients) {
        if (other === c) continue
        const probe = other.records.get(c.shapeId)?.get('probe')
        if (typeof probe !== 'number' || probe <= killedAt) return false
      }
    }
    return true
  }
  const lastProbe = new Map<Client, number>()
  const deadline = killedAt + timeoutMs
  while (nowEpoch() < deadline) {
    for (const b of waiting) {
      for (const c of state.clients[b]) {
        if (!live(c) || nowEpoch() - (lastProbe.get(c) ?? 0) < 1_000) continue
        lastProbe.set(c, nowEpoch())
        c.records.get(c.shapeId)!.set('probe', nowEpoch())
      }
    }
    for (const b of [...waiting]) {
      if (boardLive(b)) {
        waiting.delete(b)
        boardMs.set(b, nowEpoch() - killedAt)
      }
    }
    if (waiting.size === 0 && Number.isNaN(allClientsMs) && state.clients.every((bc) => bc.every(live))) {
      allClientsMs = nowEpoch() - killedAt
      break
    }
    await sleep(10)
  }
  return {
    boardMs: boards.map((b) => boardMs.get(b) ?? Number.NaN),
    allClientsMs,
    closedClients: [...state.lastClose.values()].filter((t) => t >= killedAt).length,
  }
}

function stopAll(): void {
  streaming = false
  for (const state of targets) {
    for (const boardClients of state.clients) {
      for (const c of boardClients) {
        c.provider.destroy()
        c.doc.destroy()
      }
    }
  }
}

let workload: LatencyWorkload | null = null
process.on('message', (message: ParentMessage) => {
  void (async () => {
    try {
      if (message.type === 'run') {
        workload = message.workload
        const started = performance.now()
        targets = []
        for (const target of workload.targets) targets.push(await connectTarget(workload, target))
        await sleep(500) // let awareness and acknowledgements settle
        const clients = workload.targets.length * workload.targets[0].boards.length * workload.clientsPerBoard
        send({ type: 'ready', clients, connectMs: performance.now() - started })
      } else if (message.type === 'start') {
        send({ type: 'result', raws: await runRounds(workload!) })
      } else if (message.type === 'stream') {
        void stream(workload!, message.intervalMs)
        send({ type: 'streaming' })
      } else if (message.type === 'down') {
        downUrls.add(message.url)
        send({ type: 'down' })
      } else if (message.type === 'failover') {
        send({ type: 'failover', raw: await failover(message.killedAt, message.boards, message.timeoutMs) })
      } else if (message.type === 'stop') {
        stopAll()
        setTimeout(() => process.exit(0), 200)
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? err.message : String(err) })
      setTimeout(() => process.exit(1), 200)
    }
  })()
})
// Orphan protection: exit when the orchestrator goes away.
process.on('disconnect', () => process.exit(0))
