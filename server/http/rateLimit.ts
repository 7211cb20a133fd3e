/**
 * Allowances per client address, counted with rate-limiter-flexible where the storage says
 * (`OpenedStorage.rateLimitStore`, server/storage/open.ts): in this process's memory on SQLite
 * (one node), in PostgreSQL's `rate_limits` table (migration 5) with `DATABASE_URL`, so every node
 * sharing the boards also shares one count per address — a client gets no more by reaching
 * several nodes. Board creation (boardCreationLimit.ts) and sign-in (server/auth/rateLimit.ts)
 * each count under their own key prefix.
 */
import type { IncomingMessage } from 'node:http'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible'
import type { RateLimitStore } from '../storage/open'

/** What may happen per address: `points` times per `durationSeconds`, counted as `<keyPrefix>:<address>`. */
export interface Limit {
  keyPrefix: string
  points: number
  durationSeconds: number
}

export interface Allowance {
  allowed: boolean
  /** When refused: seconds until this address may again. */
  retryAfterSeconds: number
}

/** One limiter per store and limit (a server process has one of each; tests may make more). */
const limiters = new WeakMap<RateLimitStore, Map<string, RateLimiterAbstract>>()

function limiterFor(store: RateLimitStore, limit: Limit): RateLimiterAbstract {
  let byLimit = limiters.get(store)
  if (!byLimit) {
    byLimit = new Map()
    limiters.set(store, byLimit)
  }
  const key = `${limit.keyPrefix}/${limit.points}/${limit.durationSeconds}`
  let limiter = byLimit.get(key)
  if (!limiter) {
    const options = { points: limit.points, duration: limit.durationSeconds, keyPrefix: limit.keyPrefix }
    limiter =
      store.kind === 'postgres'
        ? // The table exists (migration 5): the library creates none at run time. It deletes rows
          // expired over an hour ago every five minutes (an unref'd timer).
          new RateLimiterPostgres({ ...options, storeClient: store.pool, storeType: 'pool', tableName: store.tableName, tableCreated: true })
        : new RateLimiterMemory(options)
    byLimit.set(key, limiter)
  }
  return limiter
}

/** Takes one from `address`'s allowance. Rejects when the shared store cannot be reached (PostgreSQL down). */
export async function takeAllowance(store: RateLimitStore, limit: Limit, address: string): Promise<Allowance> {
  try {
    await limiterFor(store, limit).consume(address)
    return { allowed: true, retryAfterSeconds: 0 }
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) }
    throw err
  }
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
