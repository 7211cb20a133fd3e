/** Messages between the bench orchestrator (bench/latency.ts) and the client process (bench/clientWorker.ts). */
import type { BenchBoard } from './servers'

/** One server under test: where to connect and which boards (rooms) to join. */
export interface LatencyTarget {
  /** `serverUrl` for WebsocketProvider. */
  serverUrl: string
  boards: BenchBoard[]
  /**
   * Several nodes of one cluster (bench/clusterBench.ts): when set, the clients' connections are
   * spread over these `serverUrl`s round-robin in connection order (`serverUrl` is then unused),
   * and a client whose connection closes moves to the next one before it reconnects — what a
   * round-robin load balancer with health checks does. Unset: every client on `serverUrl`.
   */
  serverUrls?: string[]
  /** With `serverUrls`: the clients' maxBackoffTime (ms; y-websocket's default 2500 otherwise). */
  maxBackoffTime?: number
}

export interface LatencyWorkload {
  /** The servers measured side by side; their rounds are interleaved (see clientWorker.ts). */
  targets: LatencyTarget[]
  clientsPerBoard: number
  /** Rounds sent before measuring (JIT warm-up); not counted. */
  warmupRounds: number
  /** Measured rounds per target. */
  rounds: number
  /** Open-loop pacing: one round per target every `intervalMs`, whether or not earlier ones arrived. */
  intervalMs: number
  /** Each client publishes presence; the writer moves its cursor with each update. */
  awareness: boolean
  /** Clients connecting at the same time during set-up. */
  connectConcurrency: number
  /** Longest wait for stragglers after the last round. */
  drainMs: number
}

export type ParentMessage =
  | { type: 'run'; workload: LatencyWorkload }
  | { type: 'start' }
  | { type: 'stop' }
  /** After 'result' (bench/clusterBench.ts): target 0's clients start a steady stream of updates (one every `intervalMs`, rotating over boards). */
  | { type: 'stream'; intervalMs: number }
  /** A node about to be killed: clients that lose their connection skip it (answered with 'down'). */
  | { type: 'down'; url: string }
  /**
   * The orchestrator has just killed a node at `killedAt` (performance.timeOrigin + performance.now(),
   * ms); `boards` are the indexes (in target 0) of the boards it owned. Answered with 'failover'.
   */
  | { type: 'failover'; killedAt: number; boards: number[]; timeoutMs: number }

/** How long after a kill the clients were live again (ms after `killedAt`). */
export interface FailoverRaw {
  /** Per board the killed node owned: every client connected and synced, and a fresh update from each applied by all others; NaN if not within the timeout. */
  boardMs: number[]
  /** Every client of target 0 (all boards) connected and synced again, and no board of the killed node pending; NaN if not within the timeout. */
  allClientsMs: number
  /** Clients whose connection closed after the kill (all boards). */
  closedClients: number
}

export interface LatencyRaw {
  /** Per measured round: ms from the writer's change to the last other client having applied it. */
  completionMs: number[]
  /** Per measured round and receiving client: ms until that client applied it. */
  deliveryMs: number[]
  /** Measured rounds that did not reach every other client before the drain deadline. */
  incomplete: number
  /** Wall time of the measured phase (warm-up + rounds + drain), ms. */
  wallMs: number
  /** Websocket closes seen by the clients during the rounds (should be 0). */
  unexpectedCloses: number
  /** The client process itself during the rounds: longest GC pause and longest event-loop stall, ms. */
  clientMaxGcMs: number
  clientMaxLoopDelayMs: number
}

export type WorkerMessage =
  | { type: 'ready'; clients: number; connectMs: number }
  /** One entry per target, in the order of `workload.targets`. */
  | { type: 'result'; raws: LatencyRaw[] }
  | { type: 'streaming' }
  | { type: 'down' }
  | { type: 'failover'; raw: FailoverRaw }
  | { type: 'error'; message: string }
