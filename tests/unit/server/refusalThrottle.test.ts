/**
 * The access log's throttle of refused attempts (server/audit/auditLog.ts `RefusalThrottle`):
 * one line per (board, client address, act, refusal, account) per minute, in bounded memory.
 */
import { describe, expect, it } from 'vitest'
import { RefusalThrottle } from '../../../server/audit/auditLog'

const attempt = (overrides: Partial<{ boardId: string | null; origin: string; action: string; reason: string | null; actorSubject: string | null }> = {}) => ({
  boardId: 'AAAAAAAAAAAAAAAAAAAAAA',
  origin: '203.0.113.7',
  action: 'board.open',
  reason: 'unauthorized',
  actorSubject: null,
  ...overrides,
})

describe('the throttle of refused attempts', () => {
  it('writes the same refusal once per minute', () => {
    const throttle = new RefusalThrottle(60_000, 100)
    expect(throttle.admit(attempt(), 0)).toBe(true)
    for (let i = 1; i <= 500; i++) expect(throttle.admit(attempt(), i * 100)).toBe(false)
    expect(throttle.admit(attempt(), 59_999)).toBe(false)
    expect(throttle.admit(attempt(), 60_000)).toBe(true)
    expect(throttle.admit(attempt(), 60_001)).toBe(false)
  })

  it('tells apart the board, the address, the act, the reason and the account', () => {
    const throttle = new RefusalThrottle(60_000, 100)
    expect(throttle.admit(attempt(), 0)).toBe(true)
    expect(throttle.admit(attempt({ boardId: 'BBBBBBBBBBBBBBBBBBBBBB' }), 0)).toBe(true)
    expect(throttle.admit(attempt({ boardId: null }), 0)).toBe(true)
    expect(throttle.admit(attempt({ origin: '198.51.100.1' }), 0)).toBe(true)
    expect(throttle.admit(attempt({ action: 'command.lock' }), 0)).toBe(true)
    expect(throttle.admit(attempt({ reason: 'crossOrigin' }), 0)).toBe(true)
    expect(throttle.admit(attempt({ actorSubject: 'https://idp|anna' }), 0)).toBe(true)
    expect(throttle.size).toBe(7)
  })

  it('stays bounded: beyond the cap the oldest entry is forgotten', () => {
    const throttle = new RefusalThrottle(60_000, 3)
    for (let i = 0; i < 10; i++) expect(throttle.admit(attempt({ origin: `10.0.0.${i}` }), i)).toBe(true)
    expect(throttle.size).toBe(3)
    // The newest ones are remembered; the first was evicted, so it is written again.
    expect(throttle.admit(attempt({ origin: '10.0.0.9' }), 20)).toBe(false)
    expect(throttle.admit(attempt({ origin: '10.0.0.0' }), 20)).toBe(true)
  })
})
