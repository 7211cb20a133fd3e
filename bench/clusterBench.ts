/**
 * Several nodes against one (issue 11): `npm run bench -- --only cluster`, and part of the full
 * `npm run bench` when PostgreSQL's binaries are installed (else skipped with the reason printed).
 *
 *  - A: one node of our server with its SQLite file (the default set-up).
 *  - B: three nodes of our server on one PostgreSQL database (a throwaway cluster,
 *    tests/helpers/postgres.ts), each with its NODE_ID, NODE_URL, the same CLUSTER_SECRET. Boards
 *    are created round-robin over the nodes, and the clients' connections are spread over them
 *    round-robin in connection order, as a round-robin load balancer would: most of a board's
 *    connections land on a node that does not own it and are forwarded to the owner.
 *
 * Both run the 400 boards × 5 clients workload of `npm run bench` (same pacing: one update every
 * 2 ms, presence on) with the same client process (bench/clientWorker.ts), one set-up after the
 * other (the order alternates per repeat). Measured: "all others applied" p50/p99, and CPU per
 * update — the CPU of every server process during the rounds (B: the three nodes and every
 * PostgreSQL process) divided by the updates sent.
 *
 * Then, on B only, failover: a steady stream of updates goes on (same pace), the node that owns the
 * most boards (board_leases) is killed with SIGKILL, and the clients — which move to the next
 * node when their connection closes, skipping the dead one as nginx does after a refused
 * connection — reconnect with the app's backoff (maxBackoffTime 5 s). Failover time: from the kill
 * until every client of every board the killed node owned is connected and synced again and a
 * fresh update (written after the kill) from each of them was applied by all the others.
 *
 * BENCH_CLUSTER_BOARDS (default 400) sets fewer boards; BENCH_CLUSTER_LEASE_TTL_MS the nodes'
 * LEASE_TTL_MS (default: unset, the server's default of 12 s).
 */
import type { ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { CreateBoardResponse } from '../shared/protocol'
import { startPostgres } from '../tests/helpers/postgres'
import type { ServerProcess } from '../tests/helpers/serverProcess'
import { startServer } from '../tests/helpers/serverProcess'
import { forkClientWorker, nextMessage, post, stopWorker } from './latency'
import { cpuSeconds } from './processStats'
import { describeMachine } from './report'
import type { Machine } from './report'
import { COMPILED_SERVER, extraEnv, ourServerCommand } from './servers'
import type { BenchBoard } from './servers'
import { median, percentile, sleep } from './stats'
import type { FailoverRaw, LatencyRaw, LatencyTarget, LatencyWorkload } from './workerProtocol'
import { freePort } from '../tests/helpers/freePort'

export const CLUSTER_SECTION_START = '<!-- cluster-bench:start -->'
export const CLUSTER_SECTION_END = '<!-- cluster-bench:end -->'

const NODE_COUNT = 3
/** The app's client (client/sync/boardConnection.ts) reconnects with at most 5 s between attempts. */
const APP_MAX_BACKOFF_MS = 5_000
const DEFAULT_LEASE_TTL_MS = 12_000
/** Steady stream before the kill, ms. */
const STREAM_BEFORE_KILL_MS = 3_000

/** The 400 boards × 5 clients scenario of bench/run.ts (same rounds and pacing). */
export const CLUSTER_WORKLOAD = {
  boards: 400,
  clientsPerBoard: 5,
  warmupRounds: 200,
  rounds: 2000,
  intervalMs: 2,
  awareness: true,
}

export type Setup = 'sqlite' | 'cluster'

export interface FailoverResult {
  /** Boards each node owned just before the kill (node 0, 1, 2). */
  ownedPerNode: number[]
  killedNode: number
  /** Per board the killed node owned: ms until all its clients were live again (NaN: not within the timeout). */
  boardMs: number[]
  /** Max of boardMs: the failover time. */
  failoverMs: number
  /** Every client of every board connected and synced again. */
  allClientsMs: number
  /** Clients whose connection closed after the kill. */
  closedClients: number
}

export interface ClusterRun {
  setup: Setup
  p50: number
  p99: number
  deliveryP50: number
  deliveryP99: number
  samples: number
  incomplete: number
  unexpectedCloses: number
  connectMs: number
  roundsWallMs: number
  clientMaxLoopDelayMs: number
  updates: number
  /** CPU seconds during the rounds: our node(s), and PostgreSQL's processes (0 for sqlite). */
  cpuNodes: number
  cpuPostgres: number
  failover: FailoverResult | null
}

export interface ClusterBenchResults {
  date: string
  durationMs: number
  repeats: number
  boards: number
  leaseTtlMs: number
  machine: Machine
  serverCommand: string
  postgresVersion: string
  runs: ClusterRun[]
  failures: string[]
}

type Progress = (text: string) => void

// ------------------------------------------------------------------ availability

/** Why the cluster bench cannot run here, or null when PostgreSQL's binaries are available. */
export function clusterUnavailableReason(): string | null {
  if (process.env.TEST_POSTGRES_ADMIN_URL) return null
  const dirs: string[] = []
  try {
    dirs.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
  } catch {
    // no pg_config
  }
  const root = '/usr/lib/postgresql'
  if (fs.existsSync(root)) for (const v of fs.readdirSync(root)) dirs.push(path.join(root, v, 'bin'))
  if (dirs.some((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'pg_ctl')))) return null
  return 'PostgreSQL is not installed (no initdb/pg_ctl from `pg_config --bindir` or in /usr/lib/postgresql/*/bin; Debian: apt-get install postgresql)'
}

// ------------------------------------------------------------------ processes

function boardCount(): number {
  const value = Number(process.env.BENCH_CLUSTER_BOARDS ?? CLUSTER_WORKLOAD.boards)
  return Number.isInteger(value) && value >= 3 && value <= CLUSTER_WORKLOAD.boards ? value : CLUSTER_WORKLOAD.boards
}

function leaseTtlMs(): number | null {
  const value = Number(process.env.BENCH_CLUSTER_LEASE_TTL_MS)
  return process.env.BENCH_CLUSTER_LEASE_TTL_MS && Number.isInteger(value) && value >= 300 ? value : null
}

/**
 * The compiled server when bench/servers.ts would run it (it checks dist-server/ is up to date),
 * else the sources; decided once, at the start of the bench.
 */
let entry: string | undefined
function ourEntry(): string | undefined {
  return entry
}



async function createBoardOn(server: ServerProcess): Promise<BenchBoard> {
  const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', signal: AbortSignal.timeout(10_000) })
  if (res.status !== 201) throw new Error(`POST /api/boards answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
  const board = (await res.json()) as CreateBoardResponse
  return { room: board.id, token: board.participantToken }
}

/** User+system CPU seconds of PostgreSQL: the postmaster and its children, per pid. */
function postgresCpu(dataDirectory: string | null): Map<number, number> {
  const result = new Map<number, number>()
  if (dataDirectory === null) return result
  let postmaster: number
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch {
    return result
  }
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (pid === postmaster || ppid === postmaster) result.set(pid, cpuSeconds(pid))
    } catch {
      // gone meanwhile
    }
  }
  return result
}

/** CPU used between two postgresCpu() samples: processes alive at both, plus those that started in between. */
function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0)
  return total
}

// ------------------------------------------------------------------ one run

function workloadFor(target: LatencyTarget): LatencyWorkload {
  return {
    targets: [target],
    clientsPerBoard: CLUSTER_WORKLOAD.clientsPerBoard,
    warmupRounds: CLUSTER_WORKLOAD.warmupRounds,
    rounds: CLUSTER_WORKLOAD.rounds,
    intervalMs: CLUSTER_WORKLOAD.intervalMs,
    awareness: CLUSTER_WORKLOAD.awareness,
    connectConcurrency: 25,
    drainMs: 10_000,
  }
}

interface Measured {
  raw: LatencyRaw
  connectMs: number
  cpuNodes: number
  cpuPostgres: number
}

/** Connects, runs the rounds, and measures the servers' CPU during them; leaves the worker connected. */
async function measureRounds(worker: ChildProcess, workload: LatencyWorkload, nodePids: number[], pgDir: string | null): Promise<Measured> {
  post(worker, { type: 'run', workload })
  const ready = await nextMessage(worker, 'ready', 300_000)
  const nodesBefore = nodePids.map(cpuSeconds)
  const pgBefore = postgresCpu(pgDir)
  post(worker, { type: 'start' })
  const budget = (workload.warmupRounds + workload.rounds) * workload.intervalMs * 3 + 60_000
  const { raws } = await nextMessage(worker, 'result', budget)
  const nodesAfter = nodePids.map(cpuSeconds)
  const pgAfter = postgresCpu(pgDir)
  return {
    raw: raws[0],
    connectMs: ready.connectMs,
    cpuNodes: nodesAfter.reduce((sum, cpu, i) => sum + cpu - nodesBefore[i], 0),
    cpuPostgres: postgresCpuBetween(pgBefore, pgAfter),
  }
}

function toRun(setup: Setup, m: Measured, failover: FailoverResult | null): ClusterRun {
  const { raw } = m
  return {
    setup,
    p50: percentile(raw.completionMs, 50),
    p99: percentile(raw.completionMs, 99),
    deliveryP50: percentile(raw.deliveryMs, 50),
    deliveryP99: percentile(raw.deliveryMs, 99),
    samples: raw.completionMs.length,
    incomplete: raw.incomplete,
    unexpectedCloses: raw.unexpectedCloses,
    connectMs: m.connectMs,
    roundsWallMs: raw.wallMs,
    clientMaxLoopDelayMs: raw.clientMaxLoopDelayMs,
    updates: CLUSTER_WORKLOAD.warmupRounds + CLUSTER_WORKLOAD.rounds,
    cpuNodes: m.cpuNodes,
    cpuPostgres: m.cpuPostgres,
    failover,
  }
}

async function runSqlite(boards: number): Promise<ClusterRun> {
  const server = await startServer({ backend: 'sqlite', entry: ourEntry(), env: extraEnv() })
  let worker: ChildProcess | null = null
  try {
    const list: BenchBoard[] = []
    for (let i = 0; i < boards; i++) list.push(await createBoardOn(server))
    worker = forkClientWorker()
    const measured = await measureRounds(worker, workloadFor({ serverUrl: `${server.wsUrl}/sync`, boards: list }), [server.process.pid!], null)
    return toRun('sqlite', measured, null)
  } finally {
    if (worker !== null) await stopWorker(worker)
    await stopNode(server)
  }
}

async function runCluster(boards: number, progress: Progress): Promise<ClusterRun> {
  const postgres = await startPostgres()
  const databaseUrl = await postgres.createDatabase()
  const secret = crypto.randomBytes(24).toString('base64url')
  const ttl = leaseTtlMs()
  const ports: number[] = []
  for (let i = 0; i < NODE_COUNT; i++) ports.push(await freePort())
  const nodes: ServerProcess[] = []
  let worker: ChildProcess | null = null
  const db = new pg.Client({ connectionString: databaseUrl })
  try {
    for (let i = 0; i < NODE_COUNT; i++) {
      nodes.push(
        await startServer({
          backend: 'postgres',
          databaseUrl,
          entry: ourEntry(),
          port: ports[i],
          env: {
            ...extraEnv(),
            NODE_ID: `node-${i}`,
            NODE_URL: `http://127.0.0.1:${ports[i]}`,
            CLUSTER_SECRET: secret,
            ...(ttl === null ? {} : { LEASE_TTL_MS: String(ttl) }),
          },
        }),
      )
    }
    await db.connect()
    const list: BenchBoard[] = []
    for (let i = 0; i < boards; i++) list.push(await createBoardOn(nodes[i % NODE_COUNT]))
    const urls = nodes.map((n) => `${n.wsUrl}/sync`)
    worker = forkClientWorker()
    const target: LatencyTarget = { serverUrl: urls[0], serverUrls: urls, maxBackoffTime: APP_MAX_BACKOFF_MS, boards: list }
    const measured = await measureRounds(worker, workloadFor(target), nodes.map((n) => n.process.pid!), postgres.dataDirectory)

    // Failover during a steady stream.
    post(worker, { type: 'stream', intervalMs: CLUSTER_WORKLOAD.intervalMs })
    await nextMessage(worker, 'streaming', 10_000)
    await sleep(STREAM_BEFORE_KILL_MS)
    const leases = await db.query<{ board_id: string; node_id: string }>(
      'SELECT board_id, node_id FROM board_leases WHERE expires_at > clock_timestamp()',
    )
    const ownedPerNode = nodes.map((_, i) => leases.rows.filter((r) => r.node_id === `node-${i}`).length)
    const killedNode = ownedPerNode.indexOf(Math.max(...ownedPerNode))
    const killedBoards = new Set(leases.rows.filter((r) => r.node_id === `node-${killedNode}`).map((r) => r.board_id))
    const boardIndexes = list.flatMap((b, i) => (killedBoards.has(b.room) ? [i] : []))
    progress(`  boards owned per node ${ownedPerNode.join(' / ')}; kill -9 node-${killedNode}`)
    post(worker, { type: 'down', url: urls[killedNode] })
    await nextMessage(worker, 'down', 10_000)
    const killedAt = performance.timeOrigin + performance.now()
    nodes[killedNode].process.kill('SIGKILL')
    const timeoutMs = (ttl ?? DEFAULT_LEASE_TTL_MS) + 60_000
    post(worker, { type: 'failover', killedAt, boards: boardIndexes, timeoutMs })
    const { raw } = await nextMessage(worker, 'failover', timeoutMs + 30_000)
    return toRun('cluster', measured, failoverResult(ownedPerNode, killedNode, raw))
  } finally {
    if (worker !== null) await stopWorker(worker)
    await db.end().catch(() => {})
    for (const node of nodes) await stopNode(node)
  }
}

/** SIGTERM (a node hands its leases over), SIGKILL after 10 s. */
async function stopNode(server: ServerProcess): Promise<void> {
  const timer = setTimeout(() => void server.kill9(), 10_000)
  await server.stop()
  clearTimeout(timer)
}

function failoverResult(ownedPerNode: number[], killedNode: number, raw: FailoverRaw): FailoverResult {
  const failoverMs = raw.boardMs.some((ms) => Number.isNaN(ms)) ? Number.NaN : Math.max(...raw.boardMs)
  return { ownedPerNode, killedNode, boardMs: raw.boardMs, failoverMs, allClientsMs: raw.allClientsMs, closedClients: raw.closedClients }
}

async function postgresVersion(): Promise<string> {
  const postgres = await startPostgres()
  const client = new pg.Client({ connectionString: postgres.adminUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version')
    return `PostgreSQL ${rows[0].server_version}`
  } finally {
    await client.end()
  }
}

// ------------------------------------------------------------------ the bench

export async function runClusterBench(repeats: number, progress: Progress): Promise<ClusterBenchResults> {
  const started = Date.now()
  const machine = describeMachine()
  const boards = boardCount()
  const runs: ClusterRun[] = []
  const failures: string[] = []
  const serverCommand = ourServerCommand()
  entry = serverCommand.startsWith('node dist-server') ? COMPILED_SERVER : undefined
  const version = await postgresVersion()
  for (let rep = 0; rep < repeats; rep++) {
    const order: Setup[] = rep % 2 === 0 ? ['sqlite', 'cluster'] : ['cluster', 'sqlite']
    for (const setup of order) {
      progress(`cluster run ${rep + 1}/${repeats}: ${setup === 'sqlite' ? 'A, 1 node + SQLite' : 'B, 3 nodes + PostgreSQL'}, ${boards} boards x ${CLUSTER_WORKLOAD.clientsPerBoard} clients`)
      try {
        const run = setup === 'sqlite' ? await runSqlite(boards) : await runCluster(boards, progress)
        runs.push(run)
        progress(
          `  p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, incomplete ${run.incomplete}, ` +
            `CPU ${run.cpuNodes.toFixed(2)} s nodes + ${run.cpuPostgres.toFixed(2)} s PostgreSQL = ${cpuPerUpdateUs(run).toFixed(0)} µs/update; ` +
            `client max loop stall ${run.clientMaxLoopDelayMs.toFixed(0)} ms` +
            (run.failover ? `; failover ${(run.failover.failoverMs / 1000).toFixed(2)} s, all clients ${(run.failover.allClientsMs / 1000).toFixed(2)} s` : ''),
        )
      } catch (err) {
        const message = `${setup}, run ${rep + 1}: ${err instanceof Error ? err.message : String(err)}`
        failures.push(message)
        progress(`  failed: ${message}`)
      }
    }
  }
  machine.loadAverageEnd = os.loadavg()
  return {
    date: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    repeats,
    boards,
    leaseTtlMs: leaseTtlMs() ?? DEFAULT_LEASE_TTL_MS,
    machine,
    serverCommand,
    postgresVersion: version,
    runs,
    failures,
  }
}

// ------------------------------------------------------------------ report

function cpuPerUpdateUs(run: ClusterRun): number {
  return ((run.cpuNodes + run.cpuPostgres) * 1e6) / run.updates
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : '–')
const seconds = (value: number) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'not within the timeout')
const us = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} µs` : '–')
const ratio = (b: number, a: number) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(b / a).toFixed(2)}x` : '–')
const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ')

export function renderClusterMarkdown(results: ClusterBenchResults): string {
  const a = results.runs.filter((r) => r.setup === 'sqlite')
  const b = results.runs.filter((r) => r.setup === 'cluster')
  const m = (runs: ClusterRun[], pick: (r: ClusterRun) => number) => median(runs.map(pick))
  const row = (label: string, pick: (r: ClusterRun) => number, format: (v: number) => string) => {
    const va = m(a, pick)
    const vb = m(b, pick)
    return `| ${label} | ${format(va)} | ${format(vb)} | ${ratio(vb, va)} |`
  }
  const failovers = b.flatMap((r) => (r.failover ? [r.failover] : []))
  const fm = (pick: (f: FailoverResult) => number) => median(failovers.map(pick))
  const range = (pick: (f: FailoverResult) => number) => {
    const values = failovers.map(pick)
    if (values.length < 2) return ''
    if (values.some((v) => !Number.isFinite(v))) return ' (a run timed out)'
    return ` (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`
  }
  const mc = results.machine
  const clients = results.boards * CLUSTER_WORKLOAD.clientsPerBoard
  const lines = [
    CLUSTER_SECTION_START,
    '## Several nodes: three nodes on PostgreSQL against one node with SQLite (issue 11)',
    '',
    `_Written by \`npm run bench\` (when PostgreSQL is installed) and by \`npm run bench -- --only cluster\`; ${results.date}, ` +
      `${results.repeats} repeat${results.repeats === 1 ? '' : 's'} (medians), ${(results.durationMs / 1000).toFixed(0)} s._`,
    '',
    `Machine: ${mc.cpus} × ${mc.cpuModel}, ${(mc.totalMemory / 2 ** 30).toFixed(1)} GiB, ${mc.os}, Node ${mc.node}, commit ${mc.commit}; ` +
      `load average (1/5/15 min) ${load(mc.loadAverage)} at the start, ${load(mc.loadAverageEnd)} at the end. ` +
      `Server: \`${results.serverCommand}\`; ${results.postgresVersion} (a throwaway cluster of tests/helpers/postgres.ts: fsync, ` +
      'synchronous_commit and full_page_writes off, shared_buffers 32 MB), on the same machine as the nodes and the clients.',
    '',
    `- **Workload:** ${results.boards} boards × ${CLUSTER_WORKLOAD.clientsPerBoard} clients = ${clients.toLocaleString('en')} y-websocket clients in one client process ` +
      `(bench/clientWorker.ts), presence on; ${CLUSTER_WORKLOAD.warmupRounds} warm-up + ${CLUSTER_WORKLOAD.rounds.toLocaleString('en')} measured rounds, one update every ` +
      `${CLUSTER_WORKLOAD.intervalMs} ms (rotating over boards, then clients), as in the 400 boards × 5 clients scenario above, but one set-up at a time ` +
      '(A, then B; the order alternates per repeat), not both at once.' +
      (results.boards < CLUSTER_WORKLOAD.boards ? ` Fewer boards than the issue's 400 (BENCH_CLUSTER_BOARDS=${results.boards}).` : ''),
    '- **A:** one node with its SQLite file. **B:** three nodes (`NODE_ID`, `NODE_URL`, one `CLUSTER_SECRET`, ' +
      `\`LEASE_TTL_MS\` ${results.leaseTtlMs.toLocaleString('en')}) on one PostgreSQL database; boards created round-robin over the nodes, and the ` +
      'clients\' connections spread round-robin over the nodes in connection order, as a round-robin load balancer would — so about ' +
      'two thirds of the connections land on a node that does not own the board and are forwarded to the owner.',
    '- **Latency:** from the writer\'s change until every other client of the board applied it ("all others applied"), over the measured rounds.',
    '- **CPU per update:** user+system CPU of every server process during the rounds (/proc), divided by the updates sent (warm-up included). ' +
      'A: the node (SQLite runs inside it). B: the three nodes plus every PostgreSQL process (postmaster and its children; a backend that ' +
      'exited during the rounds would be missed).',
    '- **Failover (B):** after the rounds, a steady stream of updates at the same pace; the node owning the most boards (`board_leases`) ' +
      'is killed with SIGKILL. A client whose connection closes moves to the next running node (as nginx passes a refused ' +
      `connection to the next upstream) and reconnects with the app's backoff (y-websocket, at most ${APP_MAX_BACKOFF_MS / 1000} s between attempts). ` +
      'Failover time: from the kill until every client of every board the killed node owned is connected and synced again and an update ' +
      'it wrote after the kill was applied by all the other clients of its board (each of those clients writes one as soon as it is connected ' +
      'and synced again, and again every second until its board is live; checked every 10 ms). ' +
      'It is bounded below by the lease: the other nodes forward to the dead owner until its lease expires, ⅔ to 1 × `LEASE_TTL_MS` after the kill ' +
      '(it was renewed at most a third of the TTL before), and a client\'s next attempt may come up to its backoff later.',
    '',
    `| metric (median of ${results.repeats}) | A: 1 node, SQLite | B: 3 nodes, PostgreSQL | B / A |`,
    '|---|---:|---:|---:|',
    row('all others applied, p50', (r) => r.p50, ms),
    row('all others applied, p99', (r) => r.p99, ms),
    row('one receiver applied, p50', (r) => r.deliveryP50, ms),
    row('one receiver applied, p99', (r) => r.deliveryP99, ms),
    row('CPU per update, all server processes', cpuPerUpdateUs, us),
    row('… of which our node(s)', (r) => (r.cpuNodes * 1e6) / r.updates, us),
    row('… of which PostgreSQL', (r) => (r.setup === 'sqlite' ? Number.NaN : (r.cpuPostgres * 1e6) / r.updates), us),
    row('measured rounds not complete within 10 s', (r) => r.incomplete, (v) => (Number.isFinite(v) ? String(v) : '–')),
    row('connections closed during the rounds', (r) => r.unexpectedCloses, (v) => (Number.isFinite(v) ? String(v) : '–')),
    row('client process: longest event-loop stall', (r) => r.clientMaxLoopDelayMs, (v) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '–')),
    row('connect and sync all clients', (r) => r.connectMs, seconds),
    '',
  ]
  if (failovers.length > 0) {
    lines.push(
      `| failover, B (median of ${failovers.length}${failovers.length > 1 ? ', min–max' : ''}) | measured |`,
      '|---|---:|',
      `| boards per node before the kill (of ${results.boards}) | ${failovers.map((f) => f.ownedPerNode.join(' / ')).join('; ')} |`,
      `| **owner killed → all its clients live again elsewhere** | **${seconds(fm((f) => f.failoverMs))}**${range((f) => f.failoverMs)} |`,
      `| … the median board of the killed node | ${seconds(fm((f) => median(f.boardMs)))} |`,
      `| … the first board of the killed node | ${seconds(fm((f) => Math.min(...f.boardMs)))} |`,
      `| … and every client of all ${results.boards} boards connected and synced again | ${seconds(fm((f) => f.allClientsMs))}${range((f) => f.allClientsMs)} |`,
      `| clients whose connection closed after the kill (of ${clients.toLocaleString('en')}) | ${fm((f) => f.closedClients).toFixed(0)} |`,
      '',
    )
  }
  if (results.failures.length > 0) {
    lines.push('Failed runs:', '', ...results.failures.map((f) => `- ${f}`), '')
  }
  lines.push(CLUSTER_SECTION_END)
  return lines.join('\n')
}
