/**
 * The flood guard: how much one sync connection may send. Two token buckets — messages and
 * bytes — each allow a burst of `burstSeconds` of budget, then hold the connection to the
 * sustained rate. A connection over budget is closed with 4429 `flood` (server/syncConnection.ts);
 * it costs nobody else anything. Limits in docs/api.md ("Flood limits").
 *
 * The other direction is bounded too: a client that does not read what the server sends (slow, or
 * on purpose) is terminated once more than `sendBufferLimit` bytes wait for it, so it can neither
 * hold the server's memory nor slow anyone else down.
 */
import type { Config } from './config'

export interface FloodLimits {
  /** Sustained messages per second; the bucket holds `burstSeconds` worth on top. */
  messagesPerSecond: number
  /** Sustained bytes per second. */
  bytesPerSecond: number
  burstSeconds: number
}

/** The limits from the configuration: `FLOOD_MAX_MESSAGES_PER_SECOND` and `MAX_MESSAGE_BYTES`. */
export function floodLimits(config: Pick<Config, 'floodMaxMessagesPerSecond' | 'maxMessageBytes'>): FloodLimits {
  return {
    messagesPerSecond: config.floodMaxMessagesPerSecond,
    // Room for a big paste each second, sustained; derived so there is one size knob.
    bytesPerSecond: config.maxMessageBytes,
    burstSeconds: 2,
  }
}

/**
 * How many bytes may wait in one connection's send buffer before it is terminated, from
 * `MAX_MESSAGE_BYTES` (4 × it: 16 MiB by default). Checked before each message is queued, so one
 * message larger than this (the first sync of a big board) still goes out when the buffer is empty.
 */
export function sendBufferLimit(config: Pick<Config, 'maxMessageBytes'>): number {
  return 4 * config.maxMessageBytes
}

/**
 * Token buckets for messages and bytes: a client may burst up to `burstSeconds` of budget, then
 * is held to the sustained rate. Dragging a shape is ~60 updates/s plus ~20 awareness/s.
 */
export class FloodGuard {
  private messageBudget: number
  private byteBudget: number
  private last = performance.now()

  constructor(private readonly limits: FloodLimits) {
    this.messageBudget = limits.messagesPerSecond * limits.burstSeconds
    this.byteBudget = limits.bytesPerSecond * limits.burstSeconds
  }

  /** Spends budget for one message; false when the connection is over budget. */
  allow(bytes: number): boolean {
    const now = performance.now()
    const seconds = (now - this.last) / 1000
    this.last = now
    const { messagesPerSecond, bytesPerSecond, burstSeconds } = this.limits
    this.messageBudget = Math.min(messagesPerSecond * burstSeconds, this.messageBudget + seconds * messagesPerSecond)
    this.byteBudget = Math.min(bytesPerSecond * burstSeconds, this.byteBudget + seconds * bytesPerSecond)
    this.messageBudget -= 1
    this.byteBudget -= bytes
    return this.messageBudget >= 0 && this.byteBudget >= 0
  }
}
