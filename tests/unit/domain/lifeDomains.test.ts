import { describe, expect, it } from 'vitest'
import {
  DOMAIN_SCORES,
  isLifeDomainKey,
  isWorryingScore,
  LIFE_DOMAIN_KEYS,
  LIFE_DOMAIN_NAMES,
  lifeDomainCardNames,
  LIFE_DOMAINS,
  lifeDomain,
  SCORE_LABELS,
} from '../../../shared/domain/lifeDomains'

describe('life domains', () => {
  it('has 15 domains: the 13 of the ZRM 2017 plus Verblijf & nationaliteit and Anders', () => {
    expect(LIFE_DOMAINS).toHaveLength(15)
    expect(LIFE_DOMAINS.filter((d) => d.zrm)).toHaveLength(13)
    expect(LIFE_DOMAINS.filter((d) => !d.zrm).map((d) => d.key).sort()).toEqual(['anders', 'verblijf-nationaliteit'])
  })

  it('has unique keys, in the same order as LIFE_DOMAIN_KEYS, and unique pictograms', () => {
    const keys = LIFE_DOMAINS.map((d) => d.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toEqual([...LIFE_DOMAIN_KEYS])
    expect(new Set(LIFE_DOMAINS.map((d) => d.pictogram)).size).toBe(LIFE_DOMAINS.length)
  })

  it('gives every domain a professional and a plain name in Dutch and English', () => {
    for (const domain of LIFE_DOMAINS) {
      for (const lang of ['nl', 'en'] as const) {
        expect(domain[lang].professional.trim(), `${domain.key} ${lang} professional`).not.toBe('')
        expect(domain[lang].plain.trim(), `${domain.key} ${lang} plain`).not.toBe('')
      }
    }
  })

  it('uses the ZRM names and the plain words from the brief', () => {
    expect(lifeDomain('financien').nl).toEqual({ professional: 'Financiën', plain: 'Geldzaken' })
    expect(lifeDomain('werk-opleiding').nl.professional).toBe('Werk & Opleiding')
    expect(lifeDomain('huisvesting').nl.plain).toBe('Woning')
    expect(lifeDomain('middelengebruik').nl.plain).toBe('Verslaving')
    expect(lifeDomain('basale-adl').nl.plain).toBe('Zelfzorg')
    expect(lifeDomain('verblijf-nationaliteit').nl.professional).toBe('Verblijf & nationaliteit')
    expect(lifeDomain('geestelijke-gezondheid').zrm).toBe(true)
  })

  it('looks a domain up by key', () => {
    for (const key of LIFE_DOMAIN_KEYS) expect(lifeDomain(key).key).toBe(key)
  })

  it('recognises only known keys', () => {
    expect(isLifeDomainKey('financien')).toBe(true)
    expect(isLifeDomainKey('anders')).toBe(true)
    expect(isLifeDomainKey('Financiën')).toBe(false)
    expect(isLifeDomainKey('geld')).toBe(false)
    expect(isLifeDomainKey('')).toBe(false)
    expect(isLifeDomainKey(1)).toBe(false)
    expect(isLifeDomainKey(null)).toBe(false)
    expect(isLifeDomainKey(undefined)).toBe(false)
  })
})

describe('scores', () => {
  it('has labels for 1-5 in Dutch and English', () => {
    expect(DOMAIN_SCORES).toEqual([1, 2, 3, 4, 5])
    expect(SCORE_LABELS.nl).toEqual({
      1: 'Acute problematiek',
      2: 'Niet zelfredzaam',
      3: 'Beperkt zelfredzaam',
      4: 'Voldoende zelfredzaam',
      5: 'Volledig zelfredzaam',
    })
    for (const score of DOMAIN_SCORES) {
      expect(SCORE_LABELS.en[score].trim()).not.toBe('')
      expect(SCORE_LABELS.en[score]).not.toBe(SCORE_LABELS.nl[score])
    }
    expect(new Set(Object.values(SCORE_LABELS.en)).size).toBe(5)
  })

  it('calls 1-3 worrying, 4-5 and no score not', () => {
    expect(isWorryingScore(null)).toBe(false)
    expect(isWorryingScore(1)).toBe(true)
    expect(isWorryingScore(2)).toBe(true)
    expect(isWorryingScore(3)).toBe(true)
    expect(isWorryingScore(4)).toBe(false)
    expect(isWorryingScore(5)).toBe(false)
  })

  it('does not call out-of-range numbers worrying', () => {
    expect(isWorryingScore(0)).toBe(false)
    expect(isWorryingScore(-1)).toBe(false)
    expect(isWorryingScore(Number.NaN)).toBe(false)
  })
})

describe('the names a domain card goes by', () => {
  it('an "Anders" with a name of its own goes by that name, for professionals and resident alike', () => {
    const names = lifeDomainCardNames({ domain: 'anders', customName: '  Taal  ' }, LIFE_DOMAIN_NAMES.nl)
    expect(names).toEqual({ professional: 'Taal', plain: 'Taal' })
  })

  it('an "Anders" without a name, and every other domain, go by the domain names of the language', () => {
    expect(lifeDomainCardNames({ domain: 'anders', customName: ' ' }, LIFE_DOMAIN_NAMES.en)).toEqual({ professional: 'Other', plain: 'Other' })
    expect(lifeDomainCardNames({ domain: 'financien', customName: 'ignored' }, LIFE_DOMAIN_NAMES.nl)).toEqual({ professional: 'Financiën', plain: 'Geldzaken' })
  })

  it('takes the names from the table it is given (a record translation)', () => {
    const table = { ...LIFE_DOMAIN_NAMES.nl, justitie: { professional: 'J', plain: 'j' } }
    expect(lifeDomainCardNames({ domain: 'justitie', customName: '' }, table)).toEqual({ professional: 'J', plain: 'j' })
  })
})
