/**
 * How many requests to /auth/* one client address may make per minute (`SIGN_IN_PER_MINUTE`,
 * default 30). Every /auth/login stores a pending sign-in (and may ask the provider for its
 * discovery document), every refused /auth/callback writes a line in the access log: without a
 * limit a script fills both tables as fast as it can send requests.
 *
 * Counted as every allowance is (server/http/rateLimit.ts): in this process's memory on SQLite,
 * in PostgreSQL's `rate_limits` table with `DATABASE_URL`, so the nodes share one count per address.
 */
import type { IncomingMessage } from 'node:http'
import type { Config } from '../config'
import { type Allowance, clientAddress, takeAllowance } from '../http/rateLimit'
import type { RateLimitStore } from '../storage/open'

/** Takes one /auth request from this address's allowance for the minute. Rejects when the shared store cannot be reached. */
export function takeSignInRequest(
  config: Pick<Config, 'signIn' | 'clientAddressHeader'>,
  store: RateLimitStore,
  req: IncomingMessage,
): Promise<Allowance> {
  const limit = { keyPrefix: 'sign_in', points: config.signIn?.signInPerMinute ?? 30, durationSeconds: 60 }
  return takeAllowance(store, limit, clientAddress(req, config.clientAddressHeader))
}
