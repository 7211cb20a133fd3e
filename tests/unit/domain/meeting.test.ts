import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../shared/commands/index'
import {
  decisionRequest,
  defaultFollowUpDate,
  FOLLOW_UP_DEFAULT_DAYS,
  isDecision,
  mayEditBoard,
  mayRecordResidentAnswers,
  meetingSettingsRequest,
  newMeetingInfo,
  outcomeRequest,
  participantRequest,
} from '../../../shared/domain/meeting'
import { type FieldError, validateBody, type ValidationResult } from '../../../shared/domain/validation'

const JOINED = '2026-03-02T09:31:00.000Z'

/** The field errors of a refused body (and that it was refused). */
function errorsOf(result: ValidationResult<unknown>): FieldError[] {
  expect(result.ok).toBe(false)
  return result.ok ? [] : result.fieldErrors
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

describe('decisionRequest', () => {
  it('accepts a good request and trims the text', () => {
    expect(
      validateBody(decisionRequest, { actionId: ' shape:act-1 ', decision: 'declined', residentWords: '  Geen controle thuis. ', teachBack: '' }),
    ).toEqual({
      ok: true,
      value: { actionId: 'shape:act-1', decision: 'declined', residentWords: 'Geen controle thuis.', teachBack: '' },
    })
  })

  it('lets residentWords and teachBack be left out', () => {
    expect(validateBody(decisionRequest, { actionId: 'shape:a', decision: 'thinking' })).toEqual({
      ok: true,
      value: { actionId: 'shape:a', decision: 'thinking', residentWords: '', teachBack: '' },
    })
  })

  it('refuses an unknown decision', () => {
    expect(errorsOf(validateBody(decisionRequest, { actionId: 'shape:a', decision: 'maybe' }))).toEqual([
      { field: 'decision', code: 'notOneOf' },
    ])
    expect(errorsOf(validateBody(decisionRequest, { actionId: 'shape:a', decision: 'Agreed' }))).toEqual([
      { field: 'decision', code: 'notOneOf' },
    ])
  })

  it('refuses a missing, empty or non-card action id (a page id is not a card)', () => {
    expect(errorsOf(validateBody(decisionRequest, { decision: 'agreed' }))).toEqual([{ field: 'actionId', code: 'missing' }])
    expect(errorsOf(validateBody(decisionRequest, { actionId: '   ', decision: 'agreed' }))).toEqual([{ field: 'actionId', code: 'missing' }])
    expect(errorsOf(validateBody(decisionRequest, { actionId: 'page:page', decision: 'agreed' }))).toEqual([
      { field: 'actionId', code: 'notACard' },
    ])
    expect(errorsOf(validateBody(decisionRequest, { actionId: 7, decision: 'agreed' }))).toEqual([{ field: 'actionId', code: 'notText' }])
  })

  it('names every problem at once', () => {
    expect(errorsOf(validateBody(decisionRequest, { residentWords: 5, teachBack: 'x'.repeat(2001) }))).toEqual([
      { field: 'actionId', code: 'missing' },
      { field: 'decision', code: 'missing' },
      { field: 'residentWords', code: 'notText' },
      { field: 'teachBack', code: 'tooLong', limit: 2000 },
    ])
  })

  it('limits the text lengths', () => {
    expect(validateBody(decisionRequest, { actionId: 'shape:a', decision: 'agreed', residentWords: 'x'.repeat(2000) }).ok).toBe(true)
    expect(validateBody(decisionRequest, { actionId: 'shape:a', decision: 'agreed', teachBack: 'x'.repeat(2000) }).ok).toBe(true)
    expect(errorsOf(validateBody(decisionRequest, { actionId: 'shape:a', decision: 'agreed', residentWords: 'x'.repeat(2001) }))).toEqual([
      { field: 'residentWords', code: 'tooLong', limit: 2000 },
    ])
    expect(errorsOf(validateBody(decisionRequest, { actionId: `shape:${'x'.repeat(200)}`, decision: 'agreed' }))).toContainEqual({
      field: 'actionId',
      code: 'tooLong',
      limit: 200,
    })
  })

  it('does not pass on fields it does not know', () => {
    const result = validateBody(decisionRequest, { actionId: 'shape:a', decision: 'agreed', recordedBy: { userId: 'u' }, at: 'now' })
    expect(result).toEqual({ ok: true, value: { actionId: 'shape:a', decision: 'agreed', residentWords: '', teachBack: '' } })
  })

  it.each(NOT_OBJECTS)('refuses %j without throwing', (input) => {
    expect(() => validateBody(decisionRequest, input)).not.toThrow()
    expect(errorsOf(validateBody(decisionRequest, input))).toEqual([{ field: '', code: 'notAnObject' }])
  })
})

describe('outcomeRequest', () => {
  it('accepts a good request and trims the text; residentWords may be left out', () => {
    expect(validateBody(outcomeRequest, { actionId: ' shape:a ', outcome: 'partly', residentWords: ' Half gelukt. ' })).toEqual({
      ok: true,
      value: { actionId: 'shape:a', outcome: 'partly', residentWords: 'Half gelukt.' },
    })
    expect(validateBody(outcomeRequest, { actionId: 'shape:a', outcome: 'noLongerNeeded' })).toEqual({
      ok: true,
      value: { actionId: 'shape:a', outcome: 'noLongerNeeded', residentWords: '' },
    })
  })

  it('refuses an unknown outcome, a page id and too many words, all at once', () => {
    expect(errorsOf(validateBody(outcomeRequest, { actionId: 'page:page', outcome: 'agreed', residentWords: 'x'.repeat(2001) }))).toEqual([
      { field: 'actionId', code: 'notACard' },
      { field: 'outcome', code: 'notOneOf' },
      { field: 'residentWords', code: 'tooLong', limit: 2000 },
    ])
  })

  it.each(NOT_OBJECTS)('refuses %j without throwing', (input) => {
    expect(() => validateBody(outcomeRequest, input)).not.toThrow()
    expect(errorsOf(validateBody(outcomeRequest, input))).toEqual([{ field: '', code: 'notAnObject' }])
  })
})

describe('participantRequest', () => {
  const good = { userId: 'u-1', name: ' Ansaj ', role: 'bewoner', organisation: '', atTable: true }

  it('accepts a good participant and trims the name', () => {
    expect(validateBody(participantRequest, good)).toEqual({
      ok: true,
      value: { userId: 'u-1', name: 'Ansaj', role: 'bewoner', organisation: '', contact: '', atTable: true },
    })
  })

  it('ignores a joinedAt sent by the client: the server stamps the join time', () => {
    const result = validateBody(participantRequest, { ...good, joinedAt: '2000-01-01T00:00:00.000Z' })
    if (!result.ok) throw new Error('refused')
    expect(result.value).not.toHaveProperty('joinedAt')
    expect(COMMANDS.register.change('participant', { ...result.value, role: 'tolk' }, undefined, JOINED).joinedAt).toBe(JOINED)
  })

  it('accepts a remote participant without organisation field', () => {
    const { organisation: _o, ...rest } = good
    expect(validateBody(participantRequest, { ...rest, atTable: false, role: 'tolk' })).toEqual({
      ok: true,
      value: { userId: 'u-1', name: 'Ansaj', role: 'tolk', organisation: '', contact: '', atTable: false },
    })
  })

  it('keeps the browser key as sent, and refuses one that is too short', () => {
    const key = ' '.repeat(2) + 'k'.repeat(16)
    expect(validateBody(participantRequest, { ...good, key })).toMatchObject({ ok: true, value: { key } })
    expect(errorsOf(validateBody(participantRequest, { ...good, key: 'k'.repeat(15) }))).toEqual([{ field: 'key', code: 'tooShort', limit: 16 }])
  })

  it('names every missing field', () => {
    expect(errorsOf(validateBody(participantRequest, {}))).toEqual([
      { field: 'userId', code: 'missing' },
      { field: 'name', code: 'missing' },
      { field: 'role', code: 'missing' },
      { field: 'atTable', code: 'missing' },
    ])
  })

  it('refuses wrong types', () => {
    expect(errorsOf(validateBody(participantRequest, { ...good, name: 12 }))).toEqual([{ field: 'name', code: 'notText' }])
    expect(errorsOf(validateBody(participantRequest, { ...good, organisation: {} }))).toEqual([{ field: 'organisation', code: 'notText' }])
    expect(errorsOf(validateBody(participantRequest, { ...good, atTable: 'ja' }))).toEqual([{ field: 'atTable', code: 'notABoolean' }])
    expect(errorsOf(validateBody(participantRequest, { ...good, role: 'admin' }))).toEqual([{ field: 'role', code: 'notOneOf' }])
    expect(errorsOf(validateBody(participantRequest, { ...good, name: '   ' }))).toEqual([{ field: 'name', code: 'missing' }])
  })

  it('refuses strings that are too long', () => {
    expect(validateBody(participantRequest, { ...good, name: 'x'.repeat(60) }).ok).toBe(true)
    expect(errorsOf(validateBody(participantRequest, { ...good, name: 'x'.repeat(61) }))).toEqual([{ field: 'name', code: 'tooLong', limit: 60 }])
    expect(validateBody(participantRequest, { ...good, organisation: 'x'.repeat(80) }).ok).toBe(true)
    expect(errorsOf(validateBody(participantRequest, { ...good, organisation: 'x'.repeat(81) }))).toEqual([
      { field: 'organisation', code: 'tooLong', limit: 80 },
    ])
    expect(errorsOf(validateBody(participantRequest, { ...good, contact: 'x'.repeat(121) }))).toEqual([
      { field: 'contact', code: 'tooLong', limit: 120 },
    ])
    expect(errorsOf(validateBody(participantRequest, { ...good, userId: 'x'.repeat(101) }))).toEqual([
      { field: 'userId', code: 'tooLong', limit: 100 },
    ])
  })

  it.each(NOT_OBJECTS)('refuses %j without throwing', (input) => {
    expect(() => validateBody(participantRequest, input)).not.toThrow()
    expect(errorsOf(validateBody(participantRequest, input))).toEqual([{ field: '', code: 'notAnObject' }])
  })
})

describe('meetingSettingsRequest', () => {
  it('accepts a follow-up date, the resident switch, both, or nothing', () => {
    expect(validateBody(meetingSettingsRequest, { followUpDate: '2026-04-01' })).toEqual({ ok: true, value: { followUpDate: '2026-04-01' } })
    expect(validateBody(meetingSettingsRequest, { residentMayDecide: false })).toEqual({ ok: true, value: { residentMayDecide: false } })
    expect(validateBody(meetingSettingsRequest, { followUpDate: '2027-01-12', residentMayDecide: true })).toEqual({
      ok: true,
      value: { followUpDate: '2027-01-12', residentMayDecide: true },
    })
    expect(validateBody(meetingSettingsRequest, {})).toEqual({ ok: true, value: {} })
  })

  it('accepts an empty follow-up date (cleared)', () => {
    expect(validateBody(meetingSettingsRequest, { followUpDate: '' })).toEqual({ ok: true, value: { followUpDate: '' } })
  })

  it('does not pass on fields it does not know', () => {
    const result = validateBody(meetingSettingsRequest, { residentMayDecide: true, state: 'closed', closedAt: 'now' })
    expect(result).toEqual({ ok: true, value: { residentMayDecide: true } })
  })

  it('refuses bad dates and wrong types', () => {
    for (const followUpDate of ['2026-02-30', '31-12-2026', 20260401, null, 'x'.repeat(5000)]) {
      expect(errorsOf(validateBody(meetingSettingsRequest, { followUpDate }))).toEqual([{ field: 'followUpDate', code: 'notADate' }])
    }
    expect(errorsOf(validateBody(meetingSettingsRequest, { residentMayDecide: 'true' }))).toEqual([
      { field: 'residentMayDecide', code: 'notABoolean' },
    ])
    expect(errorsOf(validateBody(meetingSettingsRequest, { followUpDate: 'morgen', residentMayDecide: 1 }))).toEqual([
      { field: 'followUpDate', code: 'notADate' },
      { field: 'residentMayDecide', code: 'notABoolean' },
    ])
  })

  it.each(NOT_OBJECTS)('refuses %j without throwing', (input) => {
    expect(() => validateBody(meetingSettingsRequest, input)).not.toThrow()
    expect(errorsOf(validateBody(meetingSettingsRequest, input))).toEqual([{ field: '', code: 'notAnObject' }])
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
