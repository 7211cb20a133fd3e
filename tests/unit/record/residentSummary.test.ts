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
import { updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { addAction, ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'
import { giveContacts, JOOST_CONTACT, MARIEKE_CONTACT, RAAD_CONTACT, recordOutcome, startNextSession, takeOffBoard } from './recordFixtures'

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
    expect(summary.agreed.items[0].contact).toBeUndefined()
    expect(summary.helpers.items.map((i) => i.text)).toEqual(['Joost Bakker (Kinderrechtswinkel)', 'mr. S. Yilmaz (Raad voor Rechtsbijstand)'])
    expect(summary.nextMeeting.items.map((i) => i.text)).toEqual(['Op 30 maart 2026.'])
    expect(summary.declined.items.map((i) => i.text)).toEqual(['Budgetcoach inzetten'])
    expect(summary.declined.items[0].details).toEqual(['Geldzaken', 'Ik zei: “Mijn man wil geen controle thuis.”'])
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
    expect(summary.helpers.emptyText).toBe('Er is nog niemand gekozen.')
    expect(summary.nextMeeting.items).toEqual([])
    expect(summary.nextMeeting.emptyText).toBe('De datum spreken we nog af.')
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
    expect(summary.declined.items[0].details).toContain('I said: “Mijn man wil geen controle thuis.”')
    expect(summary.thinking.items[0].details).toEqual(['I said: “Daar wil ik over nadenken.”', 'Marieke comes back to me about this.', 'By 23 March 2026 at the latest.'])
  })

  it('is pure: the same snapshot gives the same summary', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    expect(summaryOf(story)).toEqual(summaryOf(story))
  })
})

describe('what she needs on her summary', () => {
  function contactStory() {
    const story = ansajStory()
    giveContacts(story)
    decideAnsajStory(story)
    return story
  }

  it('each agreement with who helps me and how I reach them: the participant’s own contact, or the agency card’s', () => {
    const summary = summaryOf(contactStory())
    const [lawyer, referral] = summary.agreed.items
    expect(lawyer.details).toEqual(['Verblijf en paspoort', 'Dit doet Joost Bakker', `Telefoon of e-mail: ${JOOST_CONTACT}`, 'Klaar op 30 maart 2026'])
    expect(lawyer.contact).toBe(JOOST_CONTACT)
    expect(referral.details).toContain(`Telefoon of e-mail: ${RAAD_CONTACT}`)
    expect(referral.contact).toBe(RAAD_CONTACT)
    expect(summary.helpers.items.map((i) => [i.text, i.details, i.contact])).toEqual([
      ['Joost Bakker (Kinderrechtswinkel)', ['helpt met: Verblijf en paspoort', `Telefoon of e-mail: ${JOOST_CONTACT}`], JOOST_CONTACT],
      ['mr. S. Yilmaz (Raad voor Rechtsbijstand)', ['helpt met: Verblijf en paspoort', `Telefoon of e-mail: ${RAAD_CONTACT}`], RAAD_CONTACT],
    ])
  })

  it('what I do not want, with my words', () => {
    const [coach] = summaryOf(contactStory()).declined.items
    expect(coach.details).toContain('Ik zei: “Mijn man wil geen controle thuis.”')
    expect(coach.words).toBe('Mijn man wil geen controle thuis.')
    // A tick is for what she agreed to; without a domain her "no" gets the neutral pictogram.
    const story = contactStory()
    decide(story.meeting, addAction(story.board, 'shape:los', { what: 'Vrijwilligerswerk erbij' }, { y: 2000 }), 'declined', { residentWords: 'Dat kan mijn lichaam niet.' })
    expect(summaryOf(story).declined.items.find((i) => i.key === 'shape:los')!.pictogram).toBe('other')
  })

  it('what I still think about, with my words, who comes back to me and when, and how to reach them', () => {
    const [work] = summaryOf(contactStory()).thinking.items
    expect(work.details).toEqual([
      'Ik zei: “Daar wil ik over nadenken.”',
      'Marieke komt hierover bij mij terug.',
      `Telefoon of e-mail: ${MARIEKE_CONTACT}`,
      'Uiterlijk op 23 maart 2026.',
    ])
    expect(work.contact).toBe(MARIEKE_CONTACT)
  })

  it('when we meet again: only once the facilitator confirmed the date; a closed meeting’s date was confirmed', () => {
    const story = contactStory()
    updateMeetingInfo(story.meeting, { followUpConfirmed: false })
    expect(summaryOf(story).nextMeeting.items).toEqual([])
    expect(summaryOf(story).nextMeeting.emptyText).toBe('De datum spreken we nog af.')
    updateMeetingInfo(story.meeting, { followUpConfirmed: true })
    expect(summaryOf(story).nextMeeting.items.map((i) => i.text)).toEqual(['Op 30 maart 2026.'])
    updateMeetingInfo(story.meeting, { followUpConfirmed: false, state: 'closed', closedAt: '2026-03-02T11:00:00.000Z' })
    expect(summaryOf(story).nextMeeting.items.map((i) => i.text)).toEqual(['Op 30 maart 2026.'])
  })

  it('a decided action taken off the board is still in it, saying who took it off and when (her local day)', () => {
    const story = contactStory()
    takeOffBoard(story, story.ids.budgetCoach, '2026-03-02T23:30:00.000Z')
    const [coach] = summaryOf(story).declined.items
    expect(coach.text).toBe('Budgetcoach inzetten')
    expect(coach.details).toEqual(['Geldzaken', 'Ik zei: “Mijn man wil geen controle thuis.”', 'Van het bord gehaald door Marieke op 3 maart 2026.'])
  })
})

describe('her summary in a follow-up', () => {
  function followUp() {
    const story = ansajStory()
    giveContacts(story)
    decideAnsajStory(story)
    startNextSession(story, '2026-03-02T11:00:00.000Z', '2026-03-30T09:30:00.000Z')
    return story
  }

  it('lists the carried agreements with who helps; never "nothing agreed" or "nobody chosen"', () => {
    const story = followUp()
    recordOutcome(story, story.ids.raadVerwijzing, 'partly')
    const summary = summaryOf(story)
    expect(summary.agreed.items.map((i) => i.text)).toEqual([
      'Advocaat zoeken voor de nationaliteit van de kinderen',
      'Verwijzing naar de Raad voor Rechtsbijstand',
    ])
    expect(summary.agreed.items[0].details).toContain('Dit heb ik de vorige keer afgesproken.')
    expect(summary.agreed.items[1].details).toContain('Dit is nog maar deels gedaan.')
    expect(summary.helpers.items.map((i) => i.text)).toEqual(['Joost Bakker (Kinderrechtswinkel)', 'mr. S. Yilmaz (Raad voor Rechtsbijstand)'])
    // The next date is not confirmed in the new session yet.
    expect(summary.nextMeeting.items).toEqual([])
  })

  it('what became of them is said; nobody helps with what is done', () => {
    const story = followUp()
    recordOutcome(story, story.ids.advocaat, 'done')
    recordOutcome(story, story.ids.raadVerwijzing, 'noLongerNeeded')
    const summary = summaryOf(story)
    expect(summary.agreed.items.map((i) => i.details)).toEqual([
      ['Verblijf en paspoort', 'Dit is gedaan.'],
      ['Verblijf en paspoort', 'Dit is niet meer nodig.'],
    ])
    expect(summary.helpers.items).toEqual([])
    expect(summary.helpers.emptyText).toBe('Op dit moment helpt niemand mij met een afspraak.')
  })

  it('what I declined stays, with my words; what I thought about comes back until I decide again', () => {
    const story = followUp()
    let summary = summaryOf(story)
    expect(summary.declined.items.map((i) => [i.text, i.words])).toEqual([['Budgetcoach inzetten', 'Mijn man wil geen controle thuis.']])
    expect(summary.thinking.items.map((i) => i.text)).toEqual(['Mogelijkheden voor betaald werk voor haar man uitzoeken'])
    decide(story.meeting, story.ids.werkOpties, 'agreed', { residentWords: 'Ja, nu wel.', sessionNumber: 2 })
    summary = summaryOf(story)
    expect(summary.thinking.items).toEqual([])
    expect(summary.agreed.items.map((i) => i.text)).toContain('Mogelijkheden voor betaald werk voor haar man uitzoeken')
    expect(summary.helpers.items.map((i) => i.text)).toContain('Marieke (Wijkteam)')
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
