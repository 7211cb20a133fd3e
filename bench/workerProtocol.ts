/** Messages between the bench orchestrator (bench/latency.ts) and the client process (bench/clientWorker.ts). */
import type { BenchBoard } from './servers'

/** One server under test: where to connect and which boards (rooms) to join. */
export interface LatencyTarget {
  /** `serverUrl` for WebsocketProvider. */
  serverUrl: string
  boards: BenchBoard[]
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

export type ParentMessage = { type: 'run'; workload: LatencyWorkload } | { type: 'start' } | { type: 'stop' }

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
  | { type: 'error'; message: string }
