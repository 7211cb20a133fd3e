/**
 * How many boards one client address may create per hour (`BOARD_CREATE_PER_HOUR`): without an
 * admin key anyone who reaches the server could otherwise fill its disk with empty boards.
 * Counted as every allowance is (server/http/rateLimit.ts).
 */
import type { IncomingMessage } from 'node:http'
import type { Config } from '../config'
import type { RateLimitStore } from '../storage/open'
import { type Allowance, clientAddress, takeAllowance } from './rateLimit'

/** Takes one board from this address's allowance for the hour. Rejects when the shared store cannot be reached. */
export function takeBoardCreation(
  config: Pick<Config, 'boardCreatePerHour' | 'clientAddressHeader'>,
  store: RateLimitStore,
  req: IncomingMessage,
): Promise<Allowance> {
  const limit = { keyPrefix: 'board_create', points: config.boardCreatePerHour, durationSeconds: 3600 }
  return takeAllowance(store, limit, clientAddress(req, config.clientAddressHeader))
}
