/**
 * How many boards one client address may create per hour (`BOARD_CREATE_PER_HOUR`): without an
 * admin key anyone who reaches the server could otherwise fill its disk with empty boards.
 * Counted with rate-limiter-flexible, where the storage says (`OpenedStorage.rateLimitStore`,
 * server/storage/open.ts): in this process's memory on SQLite (one node), in PostgreSQL's
 * `rate_limits` table (migration 5) with `DATABASE_URL`, so every node sharing the boards also
 * shares one count per address — a client gets no more boards by reaching several nodes.
 */
import type { IncomingMessage } from 'node:http'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../config'
import type { RateLimitStore } from '../storage/open'

const HOUR_SECONDS = 3600
/** The counters' key prefix in a shared store (`board_create:<address>`), beside other limits. */
const KEY_PREFIX = 'board_create'

export interface CreationAllowance {
  allowed: boolean
  /** When refused: seconds until one more board may be created from this address. */
  retryAfterSeconds: number
}

/** One limiter per store and limit (a server process has one of each; tests may make more). */
const limiters = new WeakMap<RateLimitStore, Map<number, RateLimiterAbstract>>()

function limiterFor(store: RateLimitStore, points: number): RateLimiterAbstract {
  let byPoints = limiters.get(store)
  if (!byPoints) {
    byPoints = new Map()
    limiters.set(store, byPoints)
  }
  let limiter = byPoints.get(points)
  if (!limiter) {
    const options = { points, duration: HOUR_SECONDS, keyPrefix: KEY_PREFIX }
    limiter =
      store.kind === 'postgres'
        ? // The table exists (migration 5): the library creates none at run time. It deletes rows
          // expired over an hour ago every five minutes (an unref'd timer).
          new RateLimiterPostgres({ ...options, storeClient: store.pool, storeType: 'pool', tableName: store.tableName, tableCreated: true })
        : new RateLimiterMemory(options)
    byPoints.set(points, limiter)
  }
  return limiter
}

/**
 * The address a request came from: the socket's peer, or behind a proxy the header it sets
 * (`CLIENT_ADDRESS_HEADER`). For a list such as X-Forwarded-For the last entry counts: the one
 * the trusted proxy added itself (the ones before it are whatever the client claimed).
 */
export function clientAddress(req: IncomingMessage, header: string | null): string {
  if (header !== null) {
    const raw = req.headers[header.toLowerCase()]
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw
    const last = value?.split(',').pop()?.trim()
    if (last) return last
  }
  return req.socket.remoteAddress ?? 'unknown'
}

/**
 * Takes one board from this address's allowance for the hour. Rejects when the shared store
 * cannot be reached (PostgreSQL down): the board could not be stored then either.
 */
export async function takeBoardCreation(
  config: Pick<Config, 'boardCreatePerHour' | 'clientAddressHeader'>,
  store: RateLimitStore,
  req: IncomingMessage,
): Promise<CreationAllowance> {
  try {
    await limiterFor(store, config.boardCreatePerHour).consume(clientAddress(req, config.clientAddressHeader))
    return { allowed: true, retryAfterSeconds: 0 }
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) }
    throw err
  }
}
