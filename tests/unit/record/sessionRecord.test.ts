import { describe, expect, it } from 'vitest'
import { followUpMeetingInfo } from '../../../shared/domain/meeting'
import { whoIsMissing } from '../../../shared/domain/missingAtTable'
import { renderMarkdown } from '../../../shared/record/markdown'
import { agreedActions, buildSessionRecord, statusLabel, type SessionRecord } from '../../../shared/record/sessionRecord'
import { formatDateTime, formatLocalDate, translationFor } from '../../../shared/record/translations/index'
import { appendOutcome, readMeetingInfo, updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { addAction, addParticipant, ansajStory, decide, decideAnsajStory, participant, snapshotOf } from '../../helpers/domainFixtures'
import { recordOutcome, startNextSession, takeOffBoard } from './recordFixtures'

const BOARD = 'AbCdEfGhIjKlMnOpQrStUv'
const GENERATED = '2026-03-02T12:00:00.000Z'

function decidedStory() {
  const story = ansajStory()
  decideAnsajStory(story)
  return story
}

describe('buildSessionRecord over Ansaj’s story', () => {
  it('has the meeting, the facilitator and every participant with role, organisation and place', () => {
    const story = decidedStory()
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true, generatedAt: GENERATED })
    expect(record.schemaVersion).toBe(1)
    expect(record.status).toBe('concept')
    expect(record.lang).toBe('nl')
    expect(record.meeting).toMatchObject({
      title: 'Verslag keukentafelgesprek met Ansaj',
      residentName: 'Ansaj',
      sessionNumber: 1,
      startedAt: '2026-03-02T09:30:00.000Z',
      closedAt: null,
      followUpDate: '2026-03-30',
      facilitators: [{ name: 'Marieke', organisation: 'Wijkteam' }],
    })
    expect(record.participants.map((p) => [p.name, p.role, p.organisation, p.atTable])).toEqual([
      ['Marieke', 'gespreksleider', 'Wijkteam', true],
      ['Ansaj', 'bewoner', '', true],
      ['Joost Bakker', 'vrijwilliger', 'Kinderrechtswinkel', true],
    ])
    expect(record.participants[2].roleLabel).toBe('Vrijwilliger')
  })

  it('has the domains with score and label, worries and her words; the agencies with what they can and cannot do', () => {
    const story = decidedStory()
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: false, generatedAt: GENERATED })
    const money = record.domains.find((d) => d.key === 'financien')!
    expect(money).toMatchObject({ name: 'Financiën', plainName: 'Geldzaken', pictogram: 'money', score: 2, scoreLabel: 'Niet zelfredzaam' })
    expect(money.residentWords).toBe('Het geld is elke maand op voor het einde.')
    expect(record.domains.find((d) => d.key === 'verblijf-nationaliteit')!.scoreLabel).toBe('Acute problematiek')
    const shop = record.agencies.find((a) => a.organisation === 'Kinderrechtswinkel')!
    expect(shop).toMatchObject({ person: 'Joost Bakker', atTable: true, canDo: 'Advies geven', cannotDo: 'Procederen' })
    expect(shop.domains.map((d) => d.name)).toEqual(['Verblijf & nationaliteit'])
    expect(record.status).toBe('final')
  })

  it('has every action with domain, owner (person + organisation), due date and her decision, words, teach-back, recorder', () => {
    const story = decidedStory()
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true, generatedAt: GENERATED })
    expect(record.actions.map((a) => [a.what, a.decision?.decision ?? null])).toEqual([
      ['Budgetcoach inzetten', 'declined'],
      ['Mogelijkheden voor betaald werk voor haar man uitzoeken', 'thinking'],
      ['Advocaat zoeken voor de nationaliteit van de kinderen', 'agreed'],
      ['Verwijzing naar de Raad voor Rechtsbijstand', 'agreed'],
    ])
    expect(record.actions.map((a) => [a.status, a.statusLabel, a.asked, a.onBoard, a.removed])).toEqual([
      ['declined', 'Wil ik niet', 'decision', true, null],
      ['thinking', 'Wil ik over nadenken', 'decision', true, null],
      ['agreed', 'Wil ik', 'decision', true, null],
      ['agreed', 'Wil ik', 'decision', true, null],
    ])
    const lawyer = record.actions.find((a) => a.id === story.ids.advocaat)!
    expect(lawyer.owner).toEqual({ person: 'Joost Bakker', organisation: 'Kinderrechtswinkel', present: true, kind: 'participant', contact: '' })
    expect(lawyer.dueDate).toBe('2026-03-30')
    expect(lawyer.domains.map((d) => d.name)).toEqual(['Verblijf & nationaliteit'])
    expect(lawyer.decision).toMatchObject({
      label: 'Wil ik',
      residentWords: 'Ja, voor de kinderen.',
      teachBack: 'Joost zoekt een advocaat.',
      recordedBy: { name: 'Marieke', role: 'gespreksleider', roleLabel: 'Gespreksleider' },
      sessionNumber: 1,
    })
    expect(lawyer.decision!.at).toMatch(/^2026-03-02T/)
    const referral = record.actions.find((a) => a.id === story.ids.raadVerwijzing)!
    expect(referral.owner).toEqual({ person: 'mr. S. Yilmaz', organisation: 'Raad voor Rechtsbijstand', present: false, kind: 'agency', contact: '' })
    // Who comes back to her about what she is thinking about, and by when.
    const work = record.actions.find((a) => a.id === story.ids.werkOpties)!
    expect(work.owner).toMatchObject({ person: 'Marieke', organisation: 'Wijkteam' })
    expect(work.dueDate).toBe('2026-03-23')
  })

  it('keeps earlier decisions: disagreement is recorded, not smoothed', () => {
    const story = ansajStory()
    decide(story.meeting, story.ids.budgetCoach, 'thinking', { residentWords: 'Eerst met mijn man praten.' })
    decide(story.meeting, story.ids.budgetCoach, 'declined', { residentWords: 'Mijn man wil geen controle thuis.' })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    const coach = record.actions.find((a) => a.id === story.ids.budgetCoach)!
    expect(coach.decision!.decision).toBe('declined')
    expect(coach.earlierDecisions.map((d) => [d.decision, d.residentWords])).toEqual([['thinking', 'Eerst met mijn man praten.']])
  })

  it('says who is missing at the table with the shared rule', () => {
    const story = decidedStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    const record = buildSessionRecord(snapshot, { boardId: BOARD, draft: true })
    expect(record.missingAtTable.length).toBe(whoIsMissing(snapshot).length)
    expect(record.missingAtTable).toContainEqual({
      kind: 'absentOwner',
      actionId: story.ids.raadVerwijzing,
      action: 'Verwijzing naar de Raad voor Rechtsbijstand',
      person: 'mr. S. Yilmaz',
      organisation: 'Raad voor Rechtsbijstand',
    })
    expect(record.missingAtTable).toContainEqual({ kind: 'uncoveredDomain', domainId: story.ids.ggz, domain: 'Geestelijke gezondheid', because: ['worries', 'lowScore'] })
  })

  it('is deterministic and JSON-serialisable: same snapshot, same record (except generatedAt)', () => {
    const story = decidedStory()
    const a = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: false, generatedAt: GENERATED })
    const b = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: false, generatedAt: GENERATED })
    expect(JSON.parse(JSON.stringify(a))).toEqual(b)
    const later = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: false })
    expect({ ...later, generatedAt: GENERATED }).toEqual(a)
  })

  it('in English: labels, domain names and the title change, the data does not', () => {
    const story = decidedStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    const nl = buildSessionRecord(snapshot, { boardId: BOARD, draft: true, generatedAt: GENERATED })
    const en = buildSessionRecord(snapshot, { boardId: BOARD, draft: true, generatedAt: GENERATED, lang: 'en' })
    expect(en.lang).toBe('en')
    expect(en.meeting.title).toBe('Record of the kitchen-table meeting with Ansaj')
    expect(en.domains[0]).toMatchObject({ name: 'Finances', plainName: 'Money', scoreLabel: 'Not self-sufficient' })
    expect(en.actions.map((a) => a.decision?.decision)).toEqual(nl.actions.map((a) => a.decision?.decision))
    expect(en.actions[2].decision!.label).toBe('I want this')
  })
})

describe('a follow-up session: planned against done', () => {
  function followUp() {
    const story = decidedStory()
    updateMeetingInfo(story.meeting, { state: 'closed', closedAt: '2026-03-02T11:00:00.000Z' })
    const closed = snapshotOf(story.board, story.meeting)
    // The follow-up starts on the same board: every action is carried over.
    const next = followUpMeetingInfo(readMeetingInfo(story.meeting), closed.actions.map((a) => a.id), '2026-03-30T09:30:00.000Z')
    updateMeetingInfo(story.meeting, next)
    appendOutcome(story.meeting, {
      actionId: story.ids.advocaat,
      outcome: 'done',
      residentWords: 'Er is een advocaat, de aanvraag loopt.',
      recordedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
      sessionNumber: 2,
      at: '2026-03-30T10:00:00.000Z',
    })
    appendOutcome(story.meeting, {
      actionId: story.ids.raadVerwijzing,
      outcome: 'notDone',
      residentWords: 'Niemand heeft gebeld.',
      recordedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
      sessionNumber: 2,
      at: '2026-03-30T10:05:00.000Z',
    })
    // After the close, the lawyer's due date was moved on the board: the plan is what was agreed then.
    addAction(story.board, story.ids.advocaat, {
      what: 'Advocaat zoeken voor de nationaliteit van de kinderen',
      domainIds: [story.ids.verblijf],
      ownerKind: 'participant',
      ownerId: 'u-joost',
      dueDate: '2026-04-27',
    }, { x: 700, y: 1000 })
    return { story, closed, current: snapshotOf(story.board, story.meeting) }
  }

  it('shows for each carried action the plan of the previous session against its outcome', () => {
    const { story, closed, current } = followUp()
    const record = buildSessionRecord(current, { boardId: BOARD, draft: true, previous: closed })
    expect(record.meeting.sessionNumber).toBe(2)
    expect(record.meeting.pastSessions).toEqual([
      { number: 1, startedAt: '2026-03-02T09:30:00.000Z', closedAt: '2026-03-02T11:00:00.000Z', followUpDate: '2026-03-30' },
    ])
    // Only what she agreed to last time had a plan to be done.
    expect(record.plannedVsDone.map((p) => p.actionId)).toEqual([story.ids.advocaat, story.ids.raadVerwijzing])
    const lawyer = record.plannedVsDone.find((p) => p.actionId === story.ids.advocaat)!
    expect(lawyer).toMatchObject({
      what: 'Advocaat zoeken voor de nationaliteit van de kinderen',
      plannedInSession: 1,
      plannedSource: 'previousSession',
      planned: {
        decision: { decision: 'agreed', residentWords: 'Ja, voor de kinderen.' },
        owner: { person: 'Joost Bakker', organisation: 'Kinderrechtswinkel' },
        dueDate: '2026-03-30',
      },
      done: { outcome: 'done', label: 'Gedaan', residentWords: 'Er is een advocaat, de aanvraag loopt.', sessionNumber: 2 },
    })
    const referral = record.plannedVsDone.find((p) => p.actionId === story.ids.raadVerwijzing)!
    expect(referral.done).toMatchObject({ outcome: 'notDone', label: 'Niet gedaan', residentWords: 'Niemand heeft gebeld.' })
    // On the action list the carried actions say so and carry their outcome.
    const action = record.actions.find((a) => a.id === story.ids.advocaat)!
    expect(action.carried).toBe(true)
    expect(action.outcome!.outcome).toBe('done')
  })

  it('without the previous snapshot, reads the plan from this board and says so', () => {
    const { story, current } = followUp()
    const record = buildSessionRecord(current, { boardId: BOARD, draft: true })
    const lawyer = record.plannedVsDone.find((p) => p.actionId === story.ids.advocaat)!
    expect(lawyer.plannedSource).toBe('thisBoard')
    expect(lawyer.planned.decision!.decision).toBe('agreed')
    expect(lawyer.planned.dueDate).toBe('2026-04-27')
  })

  it('is empty in a first session', () => {
    const story = decidedStory()
    expect(buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true }).plannedVsDone).toEqual([])
  })
})

describe('a decided action whose card left the board stays in the record', () => {
  it('is listed with her decision, her words, and who took it off the board and when', () => {
    const story = decidedStory()
    takeOffBoard(story, story.ids.budgetCoach, '2026-03-02T10:15:00.000Z')
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    // After the cards on the board.
    expect(record.actions.map((a) => [a.id, a.onBoard])).toEqual([
      [story.ids.werkOpties, true],
      [story.ids.advocaat, true],
      [story.ids.raadVerwijzing, true],
      [story.ids.budgetCoach, false],
    ])
    const coach = record.actions.at(-1)!
    expect(coach).toMatchObject({
      what: 'Budgetcoach inzetten',
      status: 'declined',
      statusLabel: 'Wil ik niet',
      owner: { person: 'Henk Jansen', organisation: 'Budgetbeheer Noord' },
      dueDate: '2026-03-16',
      decision: { decision: 'declined', residentWords: 'Mijn man wil geen controle thuis.' },
      removed: { by: { name: 'Marieke', role: 'gespreksleider', roleLabel: 'Gespreksleider' }, at: '2026-03-02T10:15:00.000Z', sessionNumber: 1 },
    })
    expect(coach.domains.map((d) => d.name)).toEqual(['Financiën'])
    const md = renderMarkdown(record)
    expect(md).toContain('### Budgetcoach inzetten — Wil ik niet')
    expect(md).toContain('**Van het bord gehaald door Marieke (Gespreksleider), 2 maart 2026, 11:15 uur**')
    expect(md).toContain('“Mijn man wil geen controle thuis.”')
  })

  it('without the server’s note, reads what she decided on and says it is no longer on the board', () => {
    const story = ansajStory()
    decide(story.meeting, story.ids.budgetCoach, 'declined', {
      residentWords: 'Geen controle thuis.',
      agreedTo: { what: 'Budgetcoach inzetten', ownerKind: 'agency', ownerId: story.ids.budgetbeheer, ownerPerson: 'Henk Jansen', dueDate: '2026-03-16' },
    })
    takeOffBoard(story, story.ids.budgetCoach, '2026-03-02T10:15:00.000Z', { noted: false })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    const coach = record.actions.find((a) => a.id === story.ids.budgetCoach)!
    expect(coach).toMatchObject({ what: 'Budgetcoach inzetten', onBoard: false, removed: null, status: 'declined', dueDate: '2026-03-16' })
    expect(coach.owner).toMatchObject({ person: 'Henk Jansen', organisation: 'Budgetbeheer Noord' })
    expect(renderMarkdown(record)).toContain('- **Niet meer op het bord**')
  })

  it('an action nobody decided on leaves the record with its card', () => {
    const story = decidedStory()
    addAction(story.board, 'shape:los', { what: 'Losse kaart' }, { y: 2000 })
    takeOffBoard(story, 'shape:los', '2026-03-02T10:15:00.000Z', { noted: false })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    expect(record.actions.map((a) => a.what)).not.toContain('Losse kaart')
  })
})

describe('a follow-up asks each action what it needs, and keeps what she declined', () => {
  function followUpStory() {
    const story = decidedStory()
    const closed = startNextSession(story, '2026-03-02T11:00:00.000Z', '2026-03-30T09:30:00.000Z')
    return { story, closed }
  }

  const byId = (record: SessionRecord, id: string) => record.actions.find((a) => a.id === id)!

  it('an outcome only for what she agreed to; declined stays declined with her words; thinking is decided again', () => {
    const { story, closed } = followUpStory()
    recordOutcome(story, story.ids.raadVerwijzing, 'partly', 'Er is gebeld, nog geen afspraak.')
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true, previous: closed })
    expect(record.actions.map((a) => [a.what, a.asked, a.status])).toEqual([
      ['Budgetcoach inzetten', 'none', 'declined'],
      ['Mogelijkheden voor betaald werk voor haar man uitzoeken', 'decision', 'decideAgain'],
      ['Advocaat zoeken voor de nationaliteit van de kinderen', 'outcome', 'outcomePending'],
      ['Verwijzing naar de Raad voor Rechtsbijstand', 'outcome', 'partly'],
    ])
    expect(byId(record, story.ids.budgetCoach).decision).toMatchObject({ decision: 'declined', residentWords: 'Mijn man wil geen controle thuis.', sessionNumber: 1 })
    expect(byId(record, story.ids.budgetCoach).outcome).toBeNull()
    expect(byId(record, story.ids.werkOpties).statusLabel).toBe('Opnieuw kiezen: nog geen nieuwe keuze')
    expect(byId(record, story.ids.advocaat).statusLabel).toBe('Wil ik — nog niet besproken wat ervan kwam')
    expect(byId(record, story.ids.raadVerwijzing).statusLabel).toBe('Deels')
    expect(record.plannedVsDone.map((p) => p.actionId)).toEqual([story.ids.advocaat, story.ids.raadVerwijzing])
  })

  it('her new decision on what she thought about counts, with the earlier one kept', () => {
    const { story } = followUpStory()
    decide(story.meeting, story.ids.werkOpties, 'agreed', { residentWords: 'Ja, nu wel.', sessionNumber: 2 })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    const work = byId(record, story.ids.werkOpties)
    expect(work).toMatchObject({ asked: 'decision', status: 'agreed', statusLabel: 'Wil ik', decision: { decision: 'agreed', residentWords: 'Ja, nu wel.', sessionNumber: 2 } })
    expect(work.earlierDecisions.map((d) => [d.decision, d.sessionNumber])).toEqual([['thinking', 1]])
    // Agreed in this session: in this session's calendar; the carried agreements are not.
    expect(agreedActions(record).map((a) => a.id)).toEqual([story.ids.werkOpties])
  })

  it('what she declined is still listed, with her words, two sessions later — also after its card left the board', () => {
    const { story } = followUpStory()
    recordOutcome(story, story.ids.advocaat, 'done')
    recordOutcome(story, story.ids.raadVerwijzing, 'done')
    decide(story.meeting, story.ids.werkOpties, 'declined', { residentWords: 'Mijn man wil dat niet.', sessionNumber: 2 })
    takeOffBoard(story, story.ids.budgetCoach, '2026-03-30T10:30:00.000Z')
    startNextSession(story, '2026-03-30T11:00:00.000Z', '2026-04-27T09:30:00.000Z')
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    expect(record.meeting.sessionNumber).toBe(3)
    const coach = byId(record, story.ids.budgetCoach)
    expect(coach).toMatchObject({ onBoard: false, asked: 'none', status: 'declined', decision: { residentWords: 'Mijn man wil geen controle thuis.' } })
    expect(coach.removed).toMatchObject({ at: '2026-03-30T10:30:00.000Z', sessionNumber: 2 })
    expect(byId(record, story.ids.werkOpties)).toMatchObject({ asked: 'none', status: 'declined', decision: { residentWords: 'Mijn man wil dat niet.' } })
    const md = renderMarkdown(record)
    expect(md).toContain('### Budgetcoach inzetten — Wil ik niet\n')
    expect(md).toContain('Van het bord gehaald door Marieke (Gespreksleider), 30 maart 2026, 12:30 uur')
    expect(md).toContain('Keuze van de bewoner in gesprek 1: **Wil ik niet**')
    expect(md).toContain('### Mogelijkheden voor betaald werk voor haar man uitzoeken — Wil ik niet (uit het vorige gesprek)')
  })
})

describe('every heading and label says what happened', () => {
  it('no "Afgesproken" over anything; owner and date labels follow her decision', () => {
    const story = decidedStory()
    const md = renderMarkdown(buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true }))
    expect(md).not.toMatch(/afgesproken/i)
    const block = (heading: string) => md.slice(md.indexOf(heading), md.indexOf('\n### ', md.indexOf(heading) + 1))
    const work = block('### Mogelijkheden voor betaald werk voor haar man uitzoeken — Wil ik over nadenken')
    expect(work).toContain('- Wie komt bij haar terug: Marieke (Wijkteam)')
    expect(work).toContain('- Terug bij haar uiterlijk: 23 maart 2026')
    const coach = block('### Budgetcoach inzetten — Wil ik niet')
    expect(coach).toContain('- Wie het zou doen: Henk Jansen (Budgetbeheer Noord)')
    expect(coach).not.toContain('Wie doet het')
    expect(block('### Advocaat zoeken voor de nationaliteit van de kinderen — Wil ik')).toContain('- Wie doet het: Joost Bakker (Kinderrechtswinkel)')
  })

  it('planned against done: neutral headings, the outcome’s own label — never "Gedaan" above "Niet gedaan"', () => {
    const story = decidedStory()
    const closed = startNextSession(story, '2026-03-02T11:00:00.000Z', '2026-03-30T09:30:00.000Z')
    recordOutcome(story, story.ids.raadVerwijzing, 'notDone', 'Niemand heeft gebeld.')
    const md = renderMarkdown(buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true, previous: closed }))
    const section = md.slice(md.indexOf('## Afspraken van de vorige keer en wat ervan kwam'), md.indexOf('## Leefgebieden'))
    const referral = section.slice(section.indexOf('### Verwijzing naar de Raad voor Rechtsbijstand'))
    expect(referral).toContain('**Het plan** (uit gesprek 1):')
    expect(referral).toContain('**Wat ervan kwam**:')
    expect(referral).toContain('- Uitkomst: **Niet gedaan**')
    expect(referral).not.toMatch(/\bGedaan\b/)
    const lawyer = section.slice(section.indexOf('### Advocaat'), section.indexOf('### Verwijzing'))
    expect(lawyer).toContain('- Uitkomst: nog niet besproken')
    // Nothing she declined or thought about is in planned against done.
    expect(section).not.toContain('Budgetcoach')
    expect(section).not.toContain('betaald werk')
    expect(md).toContain('### Verwijzing naar de Raad voor Rechtsbijstand — Niet gedaan (uit het vorige gesprek)')
  })

  it('in English too', () => {
    const story = decidedStory()
    startNextSession(story, '2026-03-02T11:00:00.000Z', '2026-03-30T09:30:00.000Z')
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true, lang: 'en' })
    expect(record.actions.map((a) => a.statusLabel)).toEqual([
      'I do not want this',
      'To decide again: no new decision yet',
      'I want this — what became of it not discussed yet',
      'I want this — what became of it not discussed yet',
    ])
    expect(statusLabel(translationFor('en'), 'noLongerNeeded')).toBe('No longer needed')
  })
})

describe('the facilitator is who holds the facilitator link', () => {
  it('whatever role was typed: in the facilitators, the participants and every "recorded by"', () => {
    const story = ansajStory()
    // Marieke typed "vrijwilliger" by a slip; she joined with the facilitator link.
    addParticipant(story.meeting, participant('u-facilitator', 'Marieke', { role: 'vrijwilliger', organisation: 'Wijkteam', access: 'facilitator' }))
    // Someone with the participant link whose old entry says gespreksleider is not one.
    addParticipant(story.meeting, participant('u-piet', 'Piet', { role: 'gespreksleider', access: 'participant' }))
    decide(story.meeting, story.ids.advocaat, 'agreed', { recordedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'vrijwilliger' } })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    expect(record.meeting.facilitators).toEqual([{ name: 'Marieke', organisation: 'Wijkteam' }])
    expect(record.participants.find((p) => p.name === 'Marieke')).toMatchObject({ role: 'gespreksleider', roleLabel: 'Gespreksleider' })
    expect(record.actions.find((a) => a.id === story.ids.advocaat)!.decision!.recordedBy).toEqual({ name: 'Marieke', role: 'gespreksleider', roleLabel: 'Gespreksleider' })
    expect(renderMarkdown(record)).toContain('Vastgelegd door: Marieke (Gespreksleider)')
  })

  it('an entry from before links were told apart counts by its role', () => {
    const story = ansajStory()
    addParticipant(story.meeting, participant('u-facilitator', 'Marieke', { role: 'gespreksleider', organisation: 'Wijkteam' }))
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    expect(record.meeting.facilitators).toEqual([{ name: 'Marieke', organisation: 'Wijkteam' }])
  })
})

describe('every time in the meeting’s time zone', () => {
  const LATE = '2026-03-30T23:30:00.000Z'

  it('a decision at 23:30 UTC on 30 March reads 31 maart 2026, 01:30 in Europe/Amsterdam; the date of the meeting is the local day', () => {
    const story = ansajStory()
    updateMeetingInfo(story.meeting, { startedAt: '2026-03-01T23:30:00.000Z' })
    decide(story.meeting, story.ids.advocaat, 'agreed', { at: LATE })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true, generatedAt: LATE })
    expect(record.meeting.timeZone).toBe('Europe/Amsterdam')
    expect(record.actions.find((a) => a.id === story.ids.advocaat)!.decision!.at).toBe(LATE)
    const md = renderMarkdown(record)
    expect(md).toContain('Vastgelegd door: Marieke (Gespreksleider), 31 maart 2026, 01:30 uur')
    expect(md).toContain('- Datum: 2 maart 2026')
    expect(md).toContain('- Gemaakt op: 31 maart 2026, 01:30 uur')
    expect(md).toContain('- Alle tijden in tijdzone Europe/Amsterdam')
    expect(md).not.toContain('UTC')
  })

  it('follows the meeting’s own zone', () => {
    const story = ansajStory()
    updateMeetingInfo(story.meeting, { timeZone: 'America/New_York' })
    decide(story.meeting, story.ids.advocaat, 'agreed', { at: LATE })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })
    expect(record.meeting.timeZone).toBe('America/New_York')
    expect(renderMarkdown(record)).toContain('Vastgelegd door: Marieke (Gespreksleider), 30 maart 2026, 19:30 uur')
  })

  it('formatDateTime and formatLocalDate, in both languages and across the change to summer time', () => {
    const nl = translationFor('nl')
    const en = translationFor('en')
    expect(formatDateTime(nl, LATE, 'Europe/Amsterdam')).toBe('31 maart 2026, 01:30 uur')
    expect(formatDateTime(en, LATE, 'Europe/Amsterdam')).toBe('31 March 2026, 01:30')
    // Winter time: one hour ahead of UTC.
    expect(formatDateTime(nl, '2026-03-28T23:30:00.000Z', 'Europe/Amsterdam')).toBe('29 maart 2026, 00:30 uur')
    expect(formatLocalDate(nl, '2026-03-01T23:30:00.000Z', 'Europe/Amsterdam')).toBe('2 maart 2026')
    expect(formatLocalDate(nl, '2026-03-01T23:30:00.000Z', 'UTC')).toBe('1 maart 2026')
    expect(formatDateTime(nl, 'geen tijd', 'Europe/Amsterdam')).toBe('geen tijd')
  })
})
