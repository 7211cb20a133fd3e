/**
 * The request validators (shared/domain/meeting.ts, shared/commands/meeting.ts): every problem
 * named at once, as `{ field, code }`, with the limits of shared/domain/limits.ts; a clean value
 * (trimmed, defaults, unknown fields dropped) when all is well.
 */
import { describe, expect, it } from 'vitest'
import { closeRequest, restoreActionRequest } from '../../../shared/commands/index'
import { MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH, MAX_WORDS } from '../../../shared/domain/limits'
import {
  meetingSettingsRequest,
  participantRequest,
  recordDecisionRequest,
  recordOutcomeRequest,
} from '../../../shared/domain/meeting'
import { describeFieldError, FIELD_ERROR_CODES, validateBody } from '../../../shared/domain/validation'

const errorsOf = (result: ReturnType<typeof validateBody>) => (result.ok ? [] : result.fieldErrors)
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

describe('participantRequest', () => {
  const good = { userId: 'u-1', name: ' Ansaj ', role: 'bewoner', atTable: true, key: 'k'.repeat(22) }

  it('trims, fills in the optional texts and drops what it does not know', () => {
    expect(validateBody(participantRequest, { ...good, joinedAt: 'x', access: 'facilitator' })).toEqual({
      ok: true,
      value: { userId: 'u-1', name: 'Ansaj', role: 'bewoner', organisation: '', contact: '', atTable: true, key: 'k'.repeat(22) },
    })
  })

  it('names every problem at once, at its field', () => {
    expect(errorsOf(validateBody(participantRequest, { name: 'x'.repeat(MAX_NAME_LENGTH + 1), role: 'koning', atTable: 'ja', organisation: 'x'.repeat(81), key: 'short' }))).toEqual([
      { field: 'userId', code: 'missing' },
      { field: 'name', code: 'tooLong', limit: MAX_NAME_LENGTH },
      { field: 'role', code: 'notOneOf' },
      { field: 'organisation', code: 'tooLong', limit: MAX_ORGANISATION_LENGTH },
      { field: 'atTable', code: 'notABoolean' },
      { field: 'key', code: 'tooShort', limit: 16 },
    ])
    expect(errorsOf(validateBody(participantRequest, { ...good, name: '   ', contact: 5 }))).toEqual([
      { field: 'name', code: 'missing' },
      { field: 'contact', code: 'notText' },
    ])
  })

  it.each([null, 'tekst', 42, [1, 2]])('refuses %j as a body', (input) => {
    expect(errorsOf(validateBody(participantRequest, input))).toEqual([{ field: '', code: 'notAnObject' }])
  })
})

describe('decisions and outcomes', () => {
  it('need who records them', () => {
    expect(errorsOf(validateBody(recordDecisionRequest, { actionId: 'shape:a', decision: 'agreed' }))).toEqual([
      { field: 'recordedBy.userId', code: 'missing' },
    ])
    expect(errorsOf(validateBody(recordOutcomeRequest, { actionId: 'shape:a', outcome: 'done', recordedBy: 'me' }))).toEqual([
      { field: 'recordedBy', code: 'notAnObject' },
    ])
  })

  it('take a card id, a known answer and her words up to the limit', () => {
    expect(errorsOf(validateBody(recordDecisionRequest, {
      actionId: 'page:page',
      decision: 'misschien',
      residentWords: 'x'.repeat(MAX_WORDS + 1),
      recordedBy: { userId: 'u' },
    }))).toEqual([
      { field: 'actionId', code: 'notACard' },
      { field: 'decision', code: 'notOneOf' },
      { field: 'residentWords', code: 'tooLong', limit: MAX_WORDS },
    ])
    expect(validateBody(recordOutcomeRequest, { actionId: ' shape:a ', outcome: 'partly', recordedBy: { userId: ' u ' } })).toEqual({
      ok: true,
      value: { actionId: 'shape:a', outcome: 'partly', residentWords: '', recordedBy: { userId: 'u' } },
    })
  })
})

describe('meetingSettingsRequest', () => {
  it('leaves out what was not sent', () => {
    expect(validateBody(meetingSettingsRequest, {})).toEqual({ ok: true, value: {} })
    expect(validateBody(meetingSettingsRequest, { followUpDate: '' })).toEqual({ ok: true, value: { followUpDate: '' } })
  })

  it('refuses a date that is not one, and null', () => {
    expect(errorsOf(validateBody(meetingSettingsRequest, { followUpDate: '2026-02-30', residentMayDecide: null }))).toEqual([
      { field: 'followUpDate', code: 'notADate' },
      { field: 'residentMayDecide', code: 'notABoolean' },
    ])
  })
})

describe('closeRequest', () => {
  it('takes nothing, a PNG (also as a data URL) and an earlier client’s SVG', () => {
    expect(validateBody(closeRequest, {})).toEqual({ ok: true, value: {} })
    expect(validateBody(closeRequest, { picturePng: `data:image/png;base64,${PNG}` }).ok).toBe(true)
    expect(validateBody(closeRequest, { picturePng: PNG, pictureSvg: '<?xml version="1.0"?>\n<svg xmlns="x"></svg>' }).ok).toBe(true)
  })

  it('refuses what is not a picture', () => {
    for (const picturePng of ['***', PNG.slice(1), btoa('geen png, maar tekst'), true]) {
      expect(errorsOf(validateBody(closeRequest, { picturePng })), String(picturePng)).toEqual([{ field: 'picturePng', code: 'notPng' }])
    }
    for (const pictureSvg of ['<html></html>', 42, '<?xml version="1.0"?>']) {
      expect(errorsOf(validateBody(closeRequest, { pictureSvg }))).toEqual([{ field: 'pictureSvg', code: 'notSvg' }])
    }
  })
})

describe('restoreActionRequest', () => {
  it('takes a card id', () => {
    expect(validateBody(restoreActionRequest, { actionId: 'shape:a' })).toEqual({ ok: true, value: { actionId: 'shape:a' } })
    expect(errorsOf(validateBody(restoreActionRequest, { actionId: 'x' }))).toEqual([{ field: 'actionId', code: 'notACard' }])
  })
})

describe('describeFieldError', () => {
  it('says every code in plain English, for developers', () => {
    for (const code of FIELD_ERROR_CODES) {
      const line = describeFieldError({ field: 'name', code, limit: 60 })
      expect(line.length).toBeGreaterThan(5)
      expect(line).not.toMatch(/undefined/)
    }
  })
})
