import { describe, expect, it } from 'vitest'
import {
  defaultFollowUpDate,
  FOLLOW_UP_DEFAULT_DAYS,
  isDecision,
  newMeetingInfo,
  parseDecisionRequest,
  parseMeetingSettings,
  parseParticipant,
  type ValidationResult, mayEditBoard, mayRecordResidentAnswers } from '../../../shared/domain/meeting'

const JOINED = '2026-03-02T09:31:00.000Z'

function errorsOf<T>(result: ValidationResult<T>): string[] {
  expect(result.ok).toBe(false)
  return result.ok ? [] : result.errors
}

const NOT_OBJECTS: unknown[] = [null, undefined, 'text', 42, true, [], [{ actionId: 'shape:a' }]]

describe('follow-up date', () => {
  it('is four weeks after the start', () => {
    expect(FOLLOW_UP_DEFAULT_DAYS).toBe(28)
    expect(defaultFollowUpDate('2026-03-02T09:30:00.000Z')).toBe('2026-03-30')
  })
  it('crosses month and year boundaries', () => {
    expect(defaultFollowUpDate('2026-12-15T10:00:00.000Z')).toBe('2027-01-12')
    expect(defaultFollowUpDate('2026-01-20T10:00:00.000Z')).toBe('2026-02-17')
    expect(defaultFollowUpDate('2026-02-10T10:00:00.000Z')).toBe('2026-03-10')
    expect(defaultFollowUpDate('2028-02-10T10:00:00.000Z')).toBe('2028-03-09')
  })
  it('does not shift across the summer-time change, whatever the local time zone', () => {
    // 29 March 2026 the Netherlands switches to summer time; the date must still be 28 days later
    const saved = process.env.TZ
    process.env.TZ = 'Europe/Amsterdam'
    try {
      expect(defaultFollowUpDate('2026-03-21T00:30:00.000Z')).toBe('2026-04-18')
      expect(defaultFollowUpDate('2026-10-10T23:30:00.000Z')).toBe('2026-11-07')
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })
  it('gives a fresh meeting: open, not closed, resident may not decide, follow-up set', () => {
    expect(newMeetingInfo('2026-12-15T10:00:00.000Z')).toEqual({
      state: 'open',
      startedAt: '2026-12-15T10:00:00.000Z',
      followUpDate: '2027-01-12',
      followUpConfirmed: false,
      timeZone: 'Europe/Amsterdam',
      residentMayDecide: false,
      closedAt: null,
      sessionNumber: 1,
      carriedActionIds: [],
      pastSessions: [],
    })
  })
})

describe('isDecision', () => {
  it('knows wil ik / wil ik niet / wil ik over nadenken', () => {
    expect(isDecision('agreed')).toBe(true)
    expect(isDecision('declined')).toBe(true)
    expect(isDecision('thinking')).toBe(true)
    expect(isDecision('maybe')).toBe(false)
    expect(isDecision('Agreed')).toBe(false)
    expect(isDecision(undefined)).toBe(false)
  })
})

describe('parseDecisionRequest', () => {
  it('accepts a good request and trims the text', () => {
    expect(
      parseDecisionRequest({ actionId: ' shape:act-1 ', decision: 'declined', residentWords: '  Geen controle thuis. ', teachBack: '' }),
    ).toEqual({
      ok: true,
      value: { actionId: 'shape:act-1', decision: 'declined', residentWords: 'Geen controle thuis.', teachBack: '' },
    })
  })

  it('lets residentWords and teachBack be left out', () => {
    expect(parseDecisionRequest({ actionId: 'shape:a', decision: 'thinking' })).toEqual({
      ok: true,
      value: { actionId: 'shape:a', decision: 'thinking', residentWords: '', teachBack: '' },
    })
  })

  it('refuses an unknown decision', () => {
    expect(errorsOf(parseDecisionRequest({ actionId: 'shape:a', decision: 'maybe' }))).toEqual([
      'decision moet agreed, declined of thinking zijn',
    ])
  })

  it('refuses a missing, empty or non-card action id', () => {
    expect(errorsOf(parseDecisionRequest({ decision: 'agreed' }))).toEqual(['actionId ontbreekt'])
    expect(errorsOf(parseDecisionRequest({ actionId: '   ', decision: 'agreed' }))).toEqual(['actionId ontbreekt'])
    expect(errorsOf(parseDecisionRequest({ actionId: 'page:page', decision: 'agreed' }))).toEqual(['actionId is geen kaart'])
    expect(errorsOf(parseDecisionRequest({ actionId: 7, decision: 'agreed' }))).toEqual(['actionId moet tekst zijn'])
  })

  it('names every problem at once', () => {
    const errors = errorsOf(parseDecisionRequest({ residentWords: 5, teachBack: 'x'.repeat(2001) }))
    expect(errors).toEqual([
      'actionId ontbreekt',
      'decision moet agreed, declined of thinking zijn',
      'residentWords moet tekst zijn',
      'teachBack is te lang (hooguit 2000 tekens)',
    ])
  })

  it('limits the text lengths', () => {
    expect(parseDecisionRequest({ actionId: 'shape:a', decision: 'agreed', residentWords: 'x'.repeat(2000) }).ok).toBe(true)
    expect(errorsOf(parseDecisionRequest({ actionId: 'shape:a', decision: 'agreed', residentWords: 'x'.repeat(2001) }))).toEqual([
      'residentWords is te lang (hooguit 2000 tekens)',
    ])
    expect(errorsOf(parseDecisionRequest({ actionId: 'shape:' + 'x'.repeat(200), decision: 'agreed' }))).toContain(
      'actionId is te lang (hooguit 200 tekens)',
    )
  })

  it.each(NOT_OBJECTS)('refuses %j without throwing', (input) => {
    expect(() => parseDecisionRequest(input)).not.toThrow()
    expect(errorsOf(parseDecisionRequest(input))).toEqual(['het verzoek is geen object'])
  })
})

describe('parseParticipant', () => {
  const good = { userId: 'u-1', name: ' Ansaj ', role: 'bewoner', organisation: '', atTable: true }

  it('accepts a good participant and stamps the join time', () => {
    expect(parseParticipant(good, JOINED)).toEqual({
      ok: true,
      value: { userId: 'u-1', name: 'Ansaj', role: 'bewoner', organisation: '', contact: '', atTable: true, joinedAt: JOINED },
    })
  })

  it('ignores a joinedAt sent by the client', () => {
    const result = parseParticipant({ ...good, joinedAt: '2000-01-01T00:00:00.000Z' }, JOINED)
    expect(result.ok && result.value.joinedAt).toBe(JOINED)
  })

  it('accepts a remote participant without organisation field', () => {
    const { organisation: _o, ...rest } = good
    const result = parseParticipant({ ...rest, atTable: false, role: 'tolk' }, JOINED)
    expect(result).toEqual({
      ok: true,
      value: { userId: 'u-1', name: 'Ansaj', role: 'tolk', organisation: '', contact: '', atTable: false, joinedAt: JOINED },
    })
  })

  it('refuses missing fields, in Dutch', () => {
    expect(errorsOf(parseParticipant({}, JOINED))).toEqual([
      'userId ontbreekt',
      'name ontbreekt',
      'role is geen bekende rol',
      'atTable moet waar of onwaar zijn',
    ])
  })

  it('refuses wrong types', () => {
    expect(errorsOf(parseParticipant({ ...good, name: 12 }, JOINED))).toEqual(['name moet tekst zijn'])
    expect(errorsOf(parseParticipant({ ...good, organisation: {} }, JOINED))).toEqual(['organisation moet tekst zijn'])
    expect(errorsOf(parseParticipant({ ...good, atTable: 'ja' }, JOINED))).toEqual(['atTable moet waar of onwaar zijn'])
    expect(errorsOf(parseParticipant({ ...good, role: 'admin' }, JOINED))).toEqual(['role is geen bekende rol'])
    expect(errorsOf(parseParticipant({ ...good, name: '   ' }, JOINED))).toEqual(['name ontbreekt'])
  })

  it('refuses strings that are too long', () => {
    expect(parseParticipant({ ...good, name: 'x'.repeat(60) }, JOINED).ok).toBe(true)
    expect(errorsOf(parseParticipant({ ...good, name: 'x'.repeat(61) }, JOINED))).toEqual(['name is te lang (hooguit 60 tekens)'])
    expect(errorsOf(parseParticipant({ ...good, organisation: 'x'.repeat(81) }, JOINED))).toEqual([
      'organisation is te lang (hooguit 80 tekens)',
    ])
    expect(errorsOf(parseParticipant({ ...good, userId: 'x'.repeat(101) }, JOINED))).toEqual(['userId is te lang (hooguit 100 tekens)'])
  })

  it.each(NOT_OBJECTS)('refuses %j without throwing', (input) => {
    expect(() => parseParticipant(input, JOINED)).not.toThrow()
    expect(errorsOf(parseParticipant(input, JOINED))).toEqual(['het verzoek is geen object'])
  })
})

describe('parseMeetingSettings', () => {
  it('accepts a follow-up date, the resident switch, both, or nothing', () => {
    expect(parseMeetingSettings({ followUpDate: '2026-04-01' })).toEqual({ ok: true, value: { followUpDate: '2026-04-01' } })
    expect(parseMeetingSettings({ residentMayDecide: false })).toEqual({ ok: true, value: { residentMayDecide: false } })
    expect(parseMeetingSettings({ followUpDate: '2027-01-12', residentMayDecide: true })).toEqual({
      ok: true,
      value: { followUpDate: '2027-01-12', residentMayDecide: true },
    })
    expect(parseMeetingSettings({})).toEqual({ ok: true, value: {} })
  })

  it('accepts an empty follow-up date (cleared)', () => {
    expect(parseMeetingSettings({ followUpDate: '' })).toEqual({ ok: true, value: { followUpDate: '' } })
  })

  it('does not pass on fields it does not know', () => {
    const result = parseMeetingSettings({ residentMayDecide: true, state: 'closed', closedAt: 'now' })
    expect(result).toEqual({ ok: true, value: { residentMayDecide: true } })
  })

  it('refuses bad dates and wrong types, in Dutch', () => {
    for (const followUpDate of ['2026-02-30', '31-12-2026', 20260401, null, 'x'.repeat(5000)]) {
      expect(errorsOf(parseMeetingSettings({ followUpDate }))).toEqual(['followUpDate moet een datum zijn (JJJJ-MM-DD)'])
    }
    expect(errorsOf(parseMeetingSettings({ residentMayDecide: 'true' }))).toEqual(['residentMayDecide moet waar of onwaar zijn'])
    expect(errorsOf(parseMeetingSettings({ followUpDate: 'morgen', residentMayDecide: 1 }))).toEqual([
      'followUpDate moet een datum zijn (JJJJ-MM-DD)',
      'residentMayDecide moet waar of onwaar zijn',
    ])
  })

  it.each(NOT_OBJECTS)('refuses %j without throwing', (input) => {
    expect(() => parseMeetingSettings(input)).not.toThrow()
    expect(errorsOf(parseMeetingSettings(input))).toEqual(['het verzoek is geen object'])
  })
})

describe('who may change what', () => {
  it('everyone edits an open board; only the facilitator a locked one; nobody a closed one', () => {
    for (const access of ['facilitator', 'participant', 'resident'] as const) {
      expect(mayEditBoard(access, 'open')).toBe(true)
      expect(mayEditBoard(access, 'closed')).toBe(false)
      expect(mayEditBoard(access, 'locked')).toBe(access === 'facilitator')
    }
  })
  it('the resident records her own answers only when the facilitator allows it; a participant never', () => {
    expect(mayRecordResidentAnswers('facilitator', { residentMayDecide: false })).toBe(true)
    expect(mayRecordResidentAnswers('resident', { residentMayDecide: false })).toBe(false)
    expect(mayRecordResidentAnswers('resident', { residentMayDecide: true })).toBe(true)
    expect(mayRecordResidentAnswers('participant', { residentMayDecide: true })).toBe(false)
  })
})
