/**
 * How many boards one client address may create per hour (`BOARD_CREATE_PER_HOUR`): without an
 * admin key anyone who reaches the server could otherwise fill its disk with empty boards.
 * Counted with rate-limiter-flexible (in memory on one node; its PostgreSQL store shares the count
 * between nodes when they share the boards).
 */
import type { IncomingMessage } from 'node:http'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../config'

const HOUR_SECONDS = 3600

export interface CreationAllowance {
  allowed: boolean
  /** When refused: seconds until one more board may be created from this address. */
  retryAfterSeconds: number
}

const limiters = new WeakMap<Config, RateLimiterMemory>()

function limiterFor(config: Config): RateLimiterMemory {
  let limiter = limiters.get(config)
  if (!limiter) {
    limiter = new RateLimiterMemory({ points: config.boardCreatePerHour, duration: HOUR_SECONDS })
    limiters.set(config, limiter)
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

/** Takes one board from this address's allowance for the hour. */
export async function takeBoardCreation(config: Config, req: IncomingMessage): Promise<CreationAllowance> {
  try {
    await limiterFor(config).consume(clientAddress(req, config.clientAddressHeader))
    return { allowed: true, retryAfterSeconds: 0 }
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) }
    throw err
  }
}
