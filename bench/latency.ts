/**
 * One latency scenario: a fresh process of each server under test, boards on each, one forked
 * client process (bench/clientWorker.ts) that connects and runs the interleaved rounds, and /proc
 * samples of each server before and after the measured phase.
 */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import path from 'node:path'
import { sample } from './processStats'
import type { Sample } from './processStats'
import { REPO_ROOT, createBoards, startBenchServer } from './servers'
import type { BenchServer, ServerKind } from './servers'
import { percentile } from './stats'
import type { LatencyRaw, LatencyTarget, LatencyWorkload, ParentMessage, WorkerMessage } from './workerProtocol'

export interface Scenario {
  key: string
  title: string
  boards: number
  clientsPerBoard: number
  warmupRounds: number
  rounds: number
  intervalMs: number
  awareness: boolean
}

export interface ScenarioResult {
  kind: ServerKind
  scenario: Scenario
  clients: number
  /** Time until every other client of the board applied the update. */
  p50: number
  p99: number
  /** Time until one receiving client applied it (all receivers pooled). */
  deliveryP50: number
  deliveryP99: number
  max: number
  samples: number
  incomplete: number
  unexpectedCloses: number
  /** Client process connect time (all servers of the run), ms. */
  connectMs: number
  /** Server user+system CPU seconds while connecting/syncing, and during the rounds. */
  cpuConnect: number
  cpuRounds: number
  /** Server CPU during the rounds per update sent, microseconds. */
  cpuPerUpdateUs: number
  /** Bytes the server wrote to disk during the rounds per update sent (/proc/<pid>/io). */
  diskBytesPerUpdate: number
  roundsWallMs: number
  /** The client process during the rounds: longest GC pause, longest event-loop stall (ms). */
  clientMaxGcMs: number
  clientMaxLoopDelayMs: number
  /** Server resident set right after start, before any request, bytes. */
  rssStart: number
  /** Server resident set before any client connected (boards created), bytes. */
  rssIdle: number
  /** Server resident set with every client connected and synced, bytes. */
  rssConnected: number
  /** Server VmHWM at the end of the scenario, bytes. */
  peakRss: number
}

const WORKER = path.join(REPO_ROOT, 'bench/clientWorker.ts')
const workers = new Set<ChildProcess>()
process.once('exit', () => {
  for (const worker of workers) worker.kill('SIGKILL')
})

/** A new client process (bench/clientWorker.ts), killed when this process exits. */
export function forkClientWorker(): ChildProcess {
  const worker = fork(WORKER, [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  workers.add(worker)
  return worker
}

/** Waits for the worker's next message (of the given type), failing on 'error', exit or timeout. */
export function nextMessage<T extends WorkerMessage['type']>(
  worker: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<WorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('exit', onExit)
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`client process: no '${type}' within ${timeoutMs} ms`))
    }, timeoutMs)
    const onMessage = (message: WorkerMessage) => {
      cleanup()
      if (message.type === type) resolve(message as Extract<WorkerMessage, { type: T }>)
      else if (message.type === 'error') reject(new Error(`client process: ${message.message}`))
      else reject(new Error(`client process: expected '${type}', got '${message.type}'`))
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`client process exited (${code}) while waiting for '${type}'`))
    }
    worker.on('message', onMessage)
    worker.once('exit', onExit)
  })
}

export function post(worker: ChildProcess, message: ParentMessage): void {
  worker.send(message)
}

/**
 * Runs one scenario against all servers in `order` at the same time: each gets a fresh server
 * process and its own boards; one client process holds every client and interleaves the servers'
 * rounds (the first in `order` sends first in each round).
 */
export async function runScenario(scenario: Scenario, order: ServerKind[]): Promise<ScenarioResult[]> {
  const servers: BenchServer[] = []
  let worker: ChildProcess | null = null
  try {
    for (const kind of order) servers.push(await startBenchServer(kind))
    // Right after start, before any request: what the process costs by itself (issue 10's "RSS after start").
    const started = servers.map((s) => sample(s.pid))
    const targets: LatencyTarget[] = []
    for (const server of servers) targets.push({ serverUrl: server.syncUrl, boards: await createBoards(server, scenario.boards) })
    const before = servers.map((s) => sample(s.pid))
    worker = forkClientWorker()
    const workload: LatencyWorkload = {
      targets,
      clientsPerBoard: scenario.clientsPerBoard,
      warmupRounds: scenario.warmupRounds,
      rounds: scenario.rounds,
      intervalMs: scenario.intervalMs,
      awareness: scenario.awareness,
      connectConcurrency: 25,
      drainMs: 10_000,
    }
    post(worker, { type: 'run', workload })
    const ready = await nextMessage(worker, 'ready', 180_000)
    const connected = servers.map((s) => sample(s.pid))
    post(worker, { type: 'start' })
    const roundsBudget = (scenario.warmupRounds + scenario.rounds) * scenario.intervalMs * 3 + 60_000
    const { raws } = await nextMessage(worker, 'result', roundsBudget)
    const after = servers.map((s) => sample(s.pid))
    return servers.map((server, i) =>
      summarize(server.kind, scenario, ready.connectMs, raws[i], started[i], before[i], connected[i], after[i]),
    )
  } finally {
    if (worker !== null) await stopWorker(worker)
    for (const server of servers) await server.stop()
  }
}

export async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) {
    workers.delete(worker)
    return
  }
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  try {
    if (worker.connected) post(worker, { type: 'stop' })
  } catch {
    // already gone
  }
  const timer = setTimeout(() => worker.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
  workers.delete(worker)
}

function summarize(
  kind: ServerKind,
  scenario: Scenario,
  connectMs: number,
  raw: LatencyRaw,
  started: Sample,
  before: Sample,
  connected: Sample,
  after: Sample,
): ScenarioResult {
  return {
    kind,
    scenario,
    clients: scenario.boards * scenario.clientsPerBoard,
    p50: percentile(raw.completionMs, 50),
    p99: percentile(raw.completionMs, 99),
    deliveryP50: percentile(raw.deliveryMs, 50),
    deliveryP99: percentile(raw.deliveryMs, 99),
    max: percentile(raw.completionMs, 100),
    samples: raw.completionMs.length,
    incomplete: raw.incomplete,
    unexpectedCloses: raw.unexpectedCloses,
    connectMs,
    cpuConnect: connected.cpu - before.cpu,
    cpuRounds: after.cpu - connected.cpu,
    cpuPerUpdateUs: ((after.cpu - connected.cpu) * 1e6) / (scenario.warmupRounds + scenario.rounds),
    diskBytesPerUpdate: (after.diskWritten - connected.diskWritten) / (scenario.warmupRounds + scenario.rounds),
    roundsWallMs: raw.wallMs,
    clientMaxGcMs: raw.clientMaxGcMs,
    clientMaxLoopDelayMs: raw.clientMaxLoopDelayMs,
    rssStart: started.mem.rss,
    rssIdle: before.mem.rss,
    rssConnected: connected.mem.rss,
    peakRss: after.mem.peakRss,
  }
}
