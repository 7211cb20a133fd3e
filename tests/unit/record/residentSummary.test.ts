import { describe, expect, it } from 'vitest'
import { LIFE_DOMAIN_KEYS } from '../../../shared/domain/lifeDomains'
import { OUTCOMES, DECISIONS } from '../../../shared/domain/meeting'
import { PICTOGRAM_PATHS } from '../../../shared/domain/pictograms'
import { PARTICIPANT_ROLES } from '../../../shared/domain/roles'
import { buildResidentSummary, residentSummaryFromRecord, SUMMARY_MAX_POINTS } from '../../../shared/record/residentSummary'
import { buildSessionRecord } from '../../../shared/record/sessionRecord'
import { en } from '../../../shared/record/translations/en'
import { fill, formatDate, RECORD_LANGUAGES, TRANSLATIONS, translationFor } from '../../../shared/record/translations/index'
import { nl } from '../../../shared/record/translations/nl'
import { addAction, ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'

function summaryOf(story: ReturnType<typeof ansajStory>, lang?: string) {
  return buildResidentSummary(snapshotOf(story.board, story.meeting), { lang })
}

describe('the resident’s summary', () => {
  it('first what she agreed, who helps her, when we meet again; then what she declined and is thinking about', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    const summary = summaryOf(story)
    expect(summary.title).toBe('Mijn afspraken, Ansaj')
    expect(summary.concept).toBe(true)
    expect(summary.agreed.heading).toBe('Wat ik heb afgesproken')
    expect(summary.helpers.heading).toBe('Wie mij helpt')
    expect(summary.nextMeeting.heading).toBe('Wanneer we elkaar weer zien')
    expect(summary.agreed.items.map((i) => i.text)).toEqual([
      'Advocaat zoeken voor de nationaliteit van de kinderen',
      'Verwijzing naar de Raad voor Rechtsbijstand',
    ])
    expect(summary.agreed.items[0].details).toEqual(['Verblijf en paspoort', 'Dit doet Joost Bakker', 'Klaar op 30 maart 2026'])
    expect(summary.agreed.items[0].pictogram).toBe('passport')
    expect(summary.helpers.items.map((i) => i.text)).toEqual(['Joost Bakker (Kinderrechtswinkel)', 'mr. S. Yilmaz (Raad voor Rechtsbijstand)'])
    expect(summary.nextMeeting.items.map((i) => i.text)).toEqual(['Op 30 maart 2026.'])
    expect(summary.declined.items.map((i) => i.text)).toEqual(['Budgetcoach inzetten'])
    expect(summary.thinking.items.map((i) => i.text)).toEqual(['Mogelijkheden voor betaald werk voor haar man uitzoeken'])
    expect(summary.declined.items[0].pictogram).toBe('money')
    // Every pictogram can be drawn.
    for (const section of [summary.agreed, summary.helpers, summary.nextMeeting, summary.declined, summary.thinking]) {
      for (const item of section.items) expect(PICTOGRAM_PATHS[item.pictogram]).toBeTruthy()
    }
  })

  it('shows at most three points per section and says how many more there are', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    for (let i = 0; i < 4; i++) {
      const id = addAction(story.board, `shape:extra-${i}`, {
        what: `Extra afspraak ${i}`,
        ownerKind: 'agency',
        ownerId: 'shape:ag-gemeente',
        ownerPerson: `Helper ${i}`,
        dueDate: '2026-03-20',
      }, { x: i * 300, y: 1400 })
      decide(story.meeting, id, 'agreed')
      const declined = addAction(story.board, `shape:nee-${i}`, { what: `Niet ${i}` }, { x: i * 300, y: 1700 })
      decide(story.meeting, declined, 'declined')
    }
    const summary = summaryOf(story)
    for (const section of [summary.agreed, summary.helpers, summary.nextMeeting, summary.declined, summary.thinking]) {
      expect(section.items.length).toBeLessThanOrEqual(SUMMARY_MAX_POINTS)
    }
    expect(summary.agreed.more).toBe(3)
    expect(summary.agreed.moreText).toBe('En nog 3. Die staan in het verslag.')
    expect(summary.helpers.more).toBe(3)
    expect(summary.declined.more).toBe(2)
  })

  it('says so when nothing is agreed yet and there is no follow-up date', () => {
    const story = ansajStory()
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: 'b', draft: true })
    const summary = residentSummaryFromRecord({ ...record, meeting: { ...record.meeting, followUpDate: null } })
    expect(summary.agreed.items).toEqual([])
    expect(summary.agreed.emptyText).toBe('Ik heb nog niets afgesproken.')
    expect(summary.nextMeeting.items).toEqual([])
    expect(summary.nextMeeting.emptyText).toBe('Daar is nog geen datum voor.')
  })

  it('in English', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    const summary = summaryOf(story, 'en')
    expect([summary.agreed.heading, summary.helpers.heading, summary.nextMeeting.heading]).toEqual([
      'What I agreed to',
      'Who helps me',
      'When we meet again',
    ])
    expect(summary.agreed.items[0].details).toEqual(['Residence and passport', 'Joost Bakker does this', 'Ready on 30 March 2026'])
    expect(summary.nextMeeting.items[0].text).toBe('On 30 March 2026.')
  })

  it('is pure: the same snapshot gives the same summary', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    expect(summaryOf(story)).toEqual(summaryOf(story))
  })
})

/** Every key path of a nested object of strings. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key))
}

describe('translations', () => {
  it('English is complete: every key of Dutch exists in English, and no more', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(nl).sort())
    for (const path of keyPaths(en)) {
      const value = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], en)
      expect(typeof value === 'string' ? value.trim() : 'ok', path).not.toBe('')
    }
  })

  it('every registered language covers every domain, score, role, decision and outcome', () => {
    expect(RECORD_LANGUAGES).toEqual(['nl', 'en'])
    for (const t of Object.values(TRANSLATIONS)) {
      for (const key of LIFE_DOMAIN_KEYS) expect(t.domains[key].plain, `${t.code} ${key}`).toBeTruthy()
      for (const score of [1, 2, 3, 4, 5] as const) expect(t.scores[score]).toBeTruthy()
      for (const role of PARTICIPANT_ROLES) expect(t.roles[role]).toBeTruthy()
      for (const decision of DECISIONS) expect(t.decisions[decision]).toBeTruthy()
      for (const outcome of OUTCOMES) expect(t.outcomes[outcome]).toBeTruthy()
      expect(t.months).toHaveLength(12)
    }
    expect(nl.outcomes).toEqual({ done: 'Gedaan', partly: 'Deels', notDone: 'Niet gedaan', noLongerNeeded: 'Niet meer nodig' })
  })

  it('falls back to Dutch; fills placeholders; writes dates out', () => {
    expect(translationFor('xx')).toBe(nl)
    expect(translationFor(undefined)).toBe(nl)
    expect(fill('{a} en {b} en {c}', { a: 1, b: 'twee' })).toBe('1 en twee en {c}')
    expect(formatDate(nl, '2026-03-30')).toBe('30 maart 2026')
    expect(formatDate(en, '2026-12-01')).toBe('1 December 2026')
  })
})
