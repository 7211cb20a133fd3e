/**
 * How many requests to /auth/* one client address may make per minute (`SIGN_IN_PER_MINUTE`,
 * default 30). Every /auth/login stores a pending sign-in (and may ask the provider for its
 * discovery document), every refused /auth/callback writes a line in the access log: without a
 * limit a script fills both tables as fast as it can send requests.
 *
 * Counted like board creation (server/http/boardCreationLimit.ts): in this process's memory on
 * SQLite, in PostgreSQL's `rate_limits` table with `DATABASE_URL`, so the nodes share one count
 * per address.
 */
import type { IncomingMessage } from 'node:http'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../config'
import { clientAddress } from '../http/boardCreationLimit'
import type { RateLimitStore } from '../storage/open'

const MINUTE_SECONDS = 60
/** The counters' key prefix in a shared store (`sign_in:<address>`), beside `board_create`. */
const KEY_PREFIX = 'sign_in'

export interface SignInAllowance {
  allowed: boolean
  /** When refused: seconds until this address may try again. */
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
    const options = { points, duration: MINUTE_SECONDS, keyPrefix: KEY_PREFIX }
    limiter =
      store.kind === 'postgres'
        ? // The table exists (migration 5): the library creates none at run time.
          new RateLimiterPostgres({ ...options, storeClient: store.pool, storeType: 'pool', tableName: store.tableName, tableCreated: true })
        : new RateLimiterMemory(options)
    byPoints.set(points, limiter)
  }
  return limiter
}

/** Takes one /auth request from this address's allowance for the minute. Rejects when the shared store cannot be reached. */
export async function takeSignInRequest(
  config: Pick<Config, 'signIn' | 'clientAddressHeader'>,
  store: RateLimitStore,
  req: IncomingMessage,
): Promise<SignInAllowance> {
  const perMinute = config.signIn?.signInPerMinute ?? 30
  try {
    await limiterFor(store, perMinute).consume(clientAddress(req, config.clientAddressHeader))
    return { allowed: true, retryAfterSeconds: 0 }
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) }
    throw err
  }
}
