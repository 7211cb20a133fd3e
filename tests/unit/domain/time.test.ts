import { describe, expect, it } from 'vitest'
import { cachedFormatter, formatCalendarDate, formatMoment, isTimeZone, localMoment, safeTimeZone, todayIn } from '../../../shared/domain/time'

describe('time in the meeting’s zone', () => {
  it('reads a moment as Amsterdam wall-clock time, across the summer-time change', () => {
    expect(localMoment('2026-03-29T00:30:00.000Z', 'Europe/Amsterdam')).toEqual({ date: '2026-03-29', time: '01:30', seconds: '00' })
    expect(localMoment('2026-03-29T01:30:00.000Z', 'Europe/Amsterdam')).toEqual({ date: '2026-03-29', time: '03:30', seconds: '00' })
    // Late in the evening in UTC is already the next day in Amsterdam.
    expect(localMoment('2026-03-30T23:30:00.000Z', 'Europe/Amsterdam')?.date).toBe('2026-03-31')
    expect(localMoment('not a moment', 'Europe/Amsterdam')).toBeNull()
  })

  it('formats the same moment the same way whatever the machine’s own zone', () => {
    const saved = process.env.TZ
    try {
      process.env.TZ = 'America/New_York'
      expect(formatMoment('2026-12-01T08:05:00.000Z', 'nl', 'Europe/Amsterdam')).toMatch(/09:05/)
      expect(formatMoment('2026-12-01T08:05:00.000Z', 'en', 'Asia/Tokyo')).toMatch(/17:05/)
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('writes a calendar day without shifting it, in Dutch and English', () => {
    expect(formatCalendarDate('2026-12-14', 'nl')).toBe('14 december 2026')
    expect(formatCalendarDate('2026-12-14', 'en')).toBe('14 December 2026')
    expect(formatCalendarDate('morgen', 'nl')).toBe('morgen')
  })

  it('knows real zones and falls back to Amsterdam for anything else', () => {
    expect(isTimeZone('Europe/Amsterdam')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
    expect(safeTimeZone('Mars/Olympus')).toBe('Europe/Amsterdam')
    expect(todayIn('Europe/Amsterdam', new Date('2026-06-30T22:30:00.000Z'))).toBe('2026-07-01')
  })

  it('builds one formatter per locale, zone and options', () => {
    const a = cachedFormatter('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'short' })
    expect(cachedFormatter('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'short' })).toBe(a)
    expect(cachedFormatter('nl-NL', { timeZone: 'UTC', dateStyle: 'short' })).not.toBe(a)
  })
})
