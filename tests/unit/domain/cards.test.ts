import { describe, expect, it } from 'vitest'
import {
  CARD_DEFAULTS,
  CARD_TYPES,
  isIsoDate,
  validateCardProps,
} from '../../../shared/domain/cards'
import { MAX_LONG_TEXT, MAX_SHORT_TEXT } from '../../../shared/domain/limits'
import { LIFE_DOMAIN_KEYS } from '../../../shared/domain/lifeDomains'

const withoutKey = (props: object, key: string) => {
  const copy: Record<string, unknown> = { ...props }
  delete copy[key]
  return copy
}

describe('card props validation', () => {
  it('accepts the defaults of every card type', () => {
    expect(validateCardProps(CARD_TYPES.resident, CARD_DEFAULTS.resident())).toEqual(CARD_DEFAULTS.resident())
    for (const key of LIFE_DOMAIN_KEYS) {
      expect(validateCardProps(CARD_TYPES.domain, CARD_DEFAULTS.domain(key)).domain).toBe(key)
    }
    expect(validateCardProps(CARD_TYPES.agency, CARD_DEFAULTS.agency())).toEqual(CARD_DEFAULTS.agency())
    expect(validateCardProps(CARD_TYPES.action, CARD_DEFAULTS.action())).toEqual(CARD_DEFAULTS.action())
  })

  it('gives fresh default objects (no shared arrays between cards)', () => {
    const a = CARD_DEFAULTS.action()
    a.domainIds.push('shape:x')
    expect(CARD_DEFAULTS.action().domainIds).toEqual([])
    const g = CARD_DEFAULTS.agency()
    g.domainIds.push('shape:x')
    expect(CARD_DEFAULTS.agency().domainIds).toEqual([])
  })

  it('accepts filled-in cards', () => {
    expect(() =>
      validateCardProps(CARD_TYPES.domain, {
        ...CARD_DEFAULTS.domain('anders'),
        customName: 'Taal',
        score: 3,
        strengths: 'Spreekt Bosnisch en wat Nederlands',
        worries: 'Brieven van de gemeente',
        residentWords: 'Mijn Nederlands is slecht',
      }),
    ).not.toThrow()
    expect(() =>
      validateCardProps(CARD_TYPES.action, {
        ...CARD_DEFAULTS.action(),
        what: 'Advocaat zoeken',
        domainIds: ['shape:a', 'shape:b'],
        ownerKind: 'agency',
        ownerId: 'shape:agency',
        ownerPerson: 'Joost',
        dueDate: '2028-02-29',
      }),
    ).not.toThrow()
  })

  it('rejects an unknown domain key', () => {
    expect(() => validateCardProps(CARD_TYPES.domain, { ...CARD_DEFAULTS.domain('financien'), domain: 'geld' })).toThrow(/domain/)
  })

  it.each([0, 6, '3', 2.5, -1])('rejects score %j', (score) => {
    expect(() => validateCardProps(CARD_TYPES.domain, { ...CARD_DEFAULTS.domain('financien'), score })).toThrow(/score/)
  })

  it('accepts every score 1-5 and null', () => {
    for (const score of [1, 2, 3, 4, 5, null]) {
      expect(validateCardProps(CARD_TYPES.domain, { ...CARD_DEFAULTS.domain('financien'), score }).score).toBe(score)
    }
  })

  it.each(['2026-02-30', '31-12-2026', '2026-13-01', '2026-1-5', '2026-01-05T00:00:00Z', 'morgen', ' 2026-01-05'])(
    'rejects due date %j',
    (dueDate) => {
      expect(() => validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), dueDate })).toThrow(/dueDate/)
    },
  )

  it('accepts an empty due date and a real one', () => {
    expect(validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), dueDate: '' }).dueDate).toBe('')
    expect(validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), dueDate: '2026-12-31' }).dueDate).toBe('2026-12-31')
  })

  it('rejects a domainIds entry that is not a shape id, on actions and agencies', () => {
    expect(() => validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), domainIds: ['shape:ok', 'financien'] })).toThrow(
      /domainIds/,
    )
    expect(() => validateCardProps(CARD_TYPES.agency, { ...CARD_DEFAULTS.agency(), domainIds: ['page:page'] })).toThrow(/domainIds/)
    expect(() => validateCardProps(CARD_TYPES.agency, { ...CARD_DEFAULTS.agency(), domainIds: 'shape:a' })).toThrow(/domainIds/)
  })

  it('rejects an unknown owner kind', () => {
    expect(() => validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), ownerKind: 'gemeente' })).toThrow(/ownerKind/)
  })

  it('limits short text to MAX_SHORT_TEXT and long text to MAX_LONG_TEXT characters', () => {
    expect(MAX_SHORT_TEXT).toBe(200)
    expect(MAX_LONG_TEXT).toBe(2000)
    const short = 'x'.repeat(MAX_SHORT_TEXT)
    const long = 'x'.repeat(MAX_LONG_TEXT)
    expect(() => validateCardProps(CARD_TYPES.resident, { ...CARD_DEFAULTS.resident(), name: short })).not.toThrow()
    expect(() => validateCardProps(CARD_TYPES.resident, { ...CARD_DEFAULTS.resident(), name: short + 'x' })).toThrow(/name/)
    expect(() => validateCardProps(CARD_TYPES.agency, { ...CARD_DEFAULTS.agency(), organisation: short + 'x' })).toThrow(/organisation/)
    expect(() => validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), ownerPerson: short + 'x' })).toThrow(/ownerPerson/)
    expect(() => validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), what: long })).not.toThrow()
    expect(() => validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), what: long + 'x' })).toThrow(/what/)
    expect(() => validateCardProps(CARD_TYPES.domain, { ...CARD_DEFAULTS.domain('justitie'), worries: long + 'x' })).toThrow(/worries/)
    // a short-text field does not take long text
    expect(() => validateCardProps(CARD_TYPES.agency, { ...CARD_DEFAULTS.agency(), person: long })).toThrow(/person/)
  })

  it('rejects missing fields, naming the field', () => {
    expect(() => validateCardProps(CARD_TYPES.action, withoutKey(CARD_DEFAULTS.action(), 'dueDate'))).toThrow(/dueDate/)
    expect(() => validateCardProps(CARD_TYPES.agency, withoutKey(CARD_DEFAULTS.agency(), 'atTable'))).toThrow(/atTable/)
    expect(() => validateCardProps(CARD_TYPES.domain, withoutKey(CARD_DEFAULTS.domain('financien'), 'score'))).toThrow(/score/)
    expect(() => validateCardProps(CARD_TYPES.resident, withoutKey(CARD_DEFAULTS.resident(), 'name'))).toThrow(/name/)
  })

  it('rejects wrong types and non-objects', () => {
    expect(() => validateCardProps(CARD_TYPES.agency, { ...CARD_DEFAULTS.agency(), atTable: 'ja' })).toThrow(/atTable/)
    expect(() => validateCardProps(CARD_TYPES.resident, { ...CARD_DEFAULTS.resident(), name: 42 })).toThrow(/name/)
    expect(() => validateCardProps(CARD_TYPES.resident, { ...CARD_DEFAULTS.resident(), w: 0 })).toThrow(/At w:/)
    expect(() => validateCardProps(CARD_TYPES.action, undefined)).toThrow()
    expect(() => validateCardProps(CARD_TYPES.action, null)).toThrow()
    expect(() => validateCardProps(CARD_TYPES.action, 'action')).toThrow()
  })

  it('rejects properties it does not know', () => {
    expect(() => validateCardProps(CARD_TYPES.action, { ...CARD_DEFAULTS.action(), outcome: 'done' })).toThrow(/outcome/)
  })
})

describe('isIsoDate', () => {
  it('accepts real calendar dates YYYY-MM-DD', () => {
    expect(isIsoDate('2026-01-01')).toBe(true)
    expect(isIsoDate('2026-12-31')).toBe(true)
    expect(isIsoDate('2028-02-29')).toBe(true)
  })
  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2026-02-30')).toBe(false)
    expect(isIsoDate('2026-04-31')).toBe(false)
    expect(isIsoDate('2026-00-10')).toBe(false)
    expect(isIsoDate('2026-13-10')).toBe(false)
    expect(isIsoDate('2026-01-00')).toBe(false)
  })
  it('rejects other formats', () => {
    expect(isIsoDate('')).toBe(false)
    expect(isIsoDate('31-12-2026')).toBe(false)
    expect(isIsoDate('2026/12/31')).toBe(false)
    expect(isIsoDate('2026-12-31T00:00:00Z')).toBe(false)
    expect(isIsoDate('2026-1-1')).toBe(false)
    expect(isIsoDate(' 2026-12-31')).toBe(false)
    expect(isIsoDate('2026-12-31\n')).toBe(false)
  })
})
