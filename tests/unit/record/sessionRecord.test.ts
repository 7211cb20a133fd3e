import { describe, expect, it } from 'vitest'
import { followUpMeetingInfo } from '../../../shared/domain/meeting'
import { whoIsMissing } from '../../../shared/domain/missingAtTable'
import { buildSessionRecord } from '../../../shared/record/sessionRecord'
import { appendOutcome, readMeetingInfo, updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { addAction, ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'

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
    const lawyer = record.actions.find((a) => a.id === story.ids.advocaat)!
    expect(lawyer.owner).toEqual({ person: 'Joost Bakker', organisation: 'Kinderrechtswinkel', present: true, kind: 'participant' })
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
    expect(referral.owner).toEqual({ person: 'mr. S. Yilmaz', organisation: 'Raad voor Rechtsbijstand', present: false, kind: 'agency' })
    const work = record.actions.find((a) => a.id === story.ids.werkOpties)!
    expect(work.owner).toBeNull()
    expect(work.dueDate).toBeNull()
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
    expect(record.plannedVsDone.map((p) => p.actionId)).toEqual([
      story.ids.budgetCoach,
      story.ids.werkOpties,
      story.ids.advocaat,
      story.ids.raadVerwijzing,
    ])
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
    const coach = record.plannedVsDone.find((p) => p.actionId === story.ids.budgetCoach)!
    expect(coach.planned.decision!.decision).toBe('declined')
    expect(coach.done).toBeNull()
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
