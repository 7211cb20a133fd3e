import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FloodGuard, floodLimits } from '../../../server/floodGuard'

describe('flood guard', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('derives its limits from the configuration: one size knob, a burst of two seconds', () => {
    expect(floodLimits({ floodMaxMessagesPerSecond: 400, maxMessageBytes: 4096 })).toEqual({
      messagesPerSecond: 400,
      bytesPerSecond: 4096,
      burstSeconds: 2,
    })
  })

  it('allows a burst of two seconds of messages, then holds the connection to the sustained rate', () => {
    const guard = new FloodGuard({ messagesPerSecond: 10, bytesPerSecond: 1_000_000, burstSeconds: 2 })
    for (let i = 0; i < 20; i++) expect(guard.allow(1)).toBe(true)
    expect(guard.allow(1)).toBe(false)
    vi.advanceTimersByTime(1000)
    // A second refills ten messages (the refused one above spent one of them).
    for (let i = 0; i < 9; i++) expect(guard.allow(1)).toBe(true)
    expect(guard.allow(1)).toBe(false)
  })

  it('counts bytes too: one maximal message always fits, a stream of them does not', () => {
    const guard = new FloodGuard({ messagesPerSecond: 1000, bytesPerSecond: 100, burstSeconds: 2 })
    expect(guard.allow(100)).toBe(true)
    expect(guard.allow(100)).toBe(true)
    expect(guard.allow(1)).toBe(false)
  })
})
