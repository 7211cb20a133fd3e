import { describe, expect, it } from 'vitest'
import { closeProblems, closeWarnings, mayClose } from '../../../shared/domain/closeRule'
import { questionFor } from '../../../shared/domain/followUp'
import type { OutcomeEntry } from '../../../shared/domain/meeting'
import { readMeetingSnapshot } from '../../../shared/ydoc/snapshot'
import { getRecordsMap } from '../../../shared/ydoc/layout'
import { appendOutcome, updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import type * as Y from 'yjs'
import {
  addAction,
  addAgency,
  ansajStory,
  decide,
  decideAnsajStory,
  giveWorkOptionsAnOwner,
  addParticipant,
  newBoardDoc,
  newMeetingDoc,
  participant,
  STARTED_AT,
} from '../../helpers/domainFixtures'

function setProp(board: Y.Doc, id: string, key: string, value: unknown) {
  ;(getRecordsMap(board).get(id)!.get('props') as Y.Map<unknown>).set(key, value)
}

function problemsOf(story: ReturnType<typeof ansajStory>) {
  return closeProblems(readMeetingSnapshot(story.board, story.meeting))
}

describe('close rule — Ansaj', () => {
  it('with every decision taken, owners named, dates set, the meeting may close', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    expect(closeProblems(snapshot)).toEqual([])
    expect(mayClose(snapshot)).toBe(true)
  })

  it('before any decision, every action is listed as undecided, with its id and text', () => {
    const story = ansajStory()
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    expect(closeProblems(snapshot)).toEqual([
      { code: 'actionWithoutDecision', itemId: story.ids.budgetCoach, itemLabel: 'Budgetcoach inzetten' },
      { code: 'actionWithoutDecision', itemId: story.ids.werkOpties, itemLabel: 'Mogelijkheden voor betaald werk voor haar man uitzoeken' },
      { code: 'actionWithoutDecision', itemId: story.ids.advocaat, itemLabel: 'Advocaat zoeken voor de nationaliteit van de kinderen' },
      { code: 'actionWithoutDecision', itemId: story.ids.raadVerwijzing, itemLabel: 'Verwijzing naar de Raad voor Rechtsbijstand' },
    ])
    expect(mayClose(snapshot)).toBe(false)
  })

  it('lists only the action still without a decision', () => {
    const story = ansajStory()
    decideAnsajStory(story, false)
    expect(problemsOf(story)).toEqual([
      { code: 'actionWithoutDecision', itemId: story.ids.raadVerwijzing, itemLabel: 'Verwijzing naar de Raad voor Rechtsbijstand' },
    ])
  })

  it('a declined action needs neither owner nor due date', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    setProp(story.board, story.ids.budgetCoach, 'ownerKind', 'none')
    setProp(story.board, story.ids.budgetCoach, 'ownerId', '')
    setProp(story.board, story.ids.budgetCoach, 'dueDate', '')
    expect(problemsOf(story)).toEqual([])
  })

  it('an action she wants to think about needs who comes back to her, and by when (the tax bill had nobody)', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    setProp(story.board, story.ids.werkOpties, 'ownerKind', 'none')
    setProp(story.board, story.ids.werkOpties, 'ownerId', '')
    setProp(story.board, story.ids.werkOpties, 'dueDate', '')
    expect(problemsOf(story)).toEqual([
      { code: 'thinkingActionWithoutOwner', itemId: story.ids.werkOpties, itemLabel: 'Mogelijkheden voor betaald werk voor haar man uitzoeken' },
      { code: 'thinkingActionWithoutDueDate', itemId: story.ids.werkOpties, itemLabel: 'Mogelijkheden voor betaald werk voor haar man uitzoeken' },
    ])
    setProp(story.board, story.ids.werkOpties, 'ownerKind', 'participant')
    setProp(story.board, story.ids.werkOpties, 'ownerId', 'u-facilitator')
    expect(problemsOf(story).map((p) => p.code)).toEqual(['thinkingActionWithoutDueDate'])
  })

  it('a proposed follow-up date is not enough: the facilitator confirms it', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    updateMeetingInfo(story.meeting, { followUpConfirmed: false })
    expect(problemsOf(story)).toEqual([{ code: 'followUpDateNotConfirmed' }])
    updateMeetingInfo(story.meeting, { followUpConfirmed: true })
    expect(problemsOf(story)).toEqual([])
  })

  it('an agreed action without owner is a problem', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    decide(story.meeting, story.ids.werkOpties, 'agreed')
    setProp(story.board, story.ids.werkOpties, 'ownerKind', 'none')
    expect(problemsOf(story)).toEqual([
      { code: 'agreedActionWithoutOwner', itemId: story.ids.werkOpties, itemLabel: 'Mogelijkheden voor betaald werk voor haar man uitzoeken' },
    ])
  })

  it('an agreed action owned by a participant who is not registered is a problem', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    setProp(story.board, story.ids.advocaat, 'ownerId', 'u-somebody-who-left')
    expect(problemsOf(story)).toEqual([
      { code: 'agreedActionWithoutOwner', itemId: story.ids.advocaat, itemLabel: 'Advocaat zoeken voor de nationaliteit van de kinderen' },
    ])
  })

  it('an agreed action owned by an agency without a person name is a problem ("the municipality" promises nothing)', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    // the Raad voor Rechtsbijstand card has no person, and the action names nobody either
    setProp(story.board, story.ids.raadVerwijzing, 'ownerPerson', '   ')
    expect(problemsOf(story)).toEqual([
      { code: 'agreedActionWithoutOwner', itemId: story.ids.raadVerwijzing, itemLabel: 'Verwijzing naar de Raad voor Rechtsbijstand' },
    ])
    // the person written on the agency card is enough
    setProp(story.board, story.ids.raad, 'person', 'mr. S. Yilmaz')
    expect(problemsOf(story)).toEqual([])
  })

  it('an agreed action owned by an agency card that was deleted, or by a card that is no agency, is a problem', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    getRecordsMap(story.board).delete(story.ids.raad)
    expect(problemsOf(story).map((p) => [p.code, p.itemId])).toEqual([['agreedActionWithoutOwner', story.ids.raadVerwijzing]])
    setProp(story.board, story.ids.raadVerwijzing, 'ownerId', story.ids.verblijf)
    expect(problemsOf(story).map((p) => [p.code, p.itemId])).toEqual([['agreedActionWithoutOwner', story.ids.raadVerwijzing]])
  })

  it('an owner kind "none" does not count even when an owner id is left behind', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    setProp(story.board, story.ids.advocaat, 'ownerKind', 'none')
    expect(problemsOf(story).map((p) => [p.code, p.itemId])).toEqual([['agreedActionWithoutOwner', story.ids.advocaat]])
  })

  it('an agreed action without due date is a problem', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    setProp(story.board, story.ids.advocaat, 'dueDate', '')
    expect(problemsOf(story)).toEqual([
      { code: 'agreedActionWithoutDueDate', itemId: story.ids.advocaat, itemLabel: 'Advocaat zoeken voor de nationaliteit van de kinderen' },
    ])
  })

  it('an agreed action without owner and without date gets both problems', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    decide(story.meeting, story.ids.werkOpties, 'agreed')
    setProp(story.board, story.ids.werkOpties, 'ownerKind', 'none')
    setProp(story.board, story.ids.werkOpties, 'dueDate', '')
    expect(problemsOf(story).map((p) => [p.code, p.itemId])).toEqual([
      ['agreedActionWithoutOwner', story.ids.werkOpties],
      ['agreedActionWithoutDueDate', story.ids.werkOpties],
    ])
  })

  it('an empty follow-up date is a problem of the whole meeting', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    updateMeetingInfo(story.meeting, { followUpDate: '' })
    const problems = problemsOf(story)
    expect(problems).toEqual([{ code: 'followUpDateMissing' }])
    expect(problems[0]).not.toHaveProperty('itemId')
  })

  it('an action with an empty description is a problem, even when decided', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    setProp(story.board, story.ids.budgetCoach, 'what', '  \n ')
    expect(problemsOf(story)).toEqual([{ code: 'actionWithoutDescription', itemId: story.ids.budgetCoach, itemLabel: '' }])
  })

  it('the latest decision counts: agreed then declined needs no owner', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    decide(story.meeting, story.ids.werkOpties, 'agreed')
    setProp(story.board, story.ids.werkOpties, 'ownerKind', 'none')
    expect(problemsOf(story).length).toBeGreaterThan(0)
    decide(story.meeting, story.ids.werkOpties, 'declined', { residentWords: 'Mijn man kan niet werken.' })
    expect(problemsOf(story)).toEqual([])
  })

  it('the latest decision counts: declined then agreed needs an owner again', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    decide(story.meeting, story.ids.budgetCoach, 'agreed')
    setProp(story.board, story.ids.budgetCoach, 'ownerPerson', '')
    setProp(story.board, story.ids.budgetbeheer, 'person', '')
    expect(problemsOf(story).map((p) => [p.code, p.itemId])).toEqual([['agreedActionWithoutOwner', story.ids.budgetCoach]])
  })

  it('lists every unmet condition at once, each with its item', () => {
    const story = ansajStory()
    decide(story.meeting, story.ids.advocaat, 'agreed')
    decide(story.meeting, story.ids.raadVerwijzing, 'agreed')
    setProp(story.board, story.ids.advocaat, 'ownerId', 'u-unknown')
    setProp(story.board, story.ids.raadVerwijzing, 'dueDate', '')
    setProp(story.board, story.ids.budgetCoach, 'what', '')
    updateMeetingInfo(story.meeting, { followUpDate: '' })
    expect(problemsOf(story).map((p) => [p.code, p.itemId])).toEqual([
      ['actionWithoutDescription', story.ids.budgetCoach],
      ['actionWithoutDecision', story.ids.budgetCoach],
      ['actionWithoutDecision', story.ids.werkOpties],
      ['agreedActionWithoutOwner', story.ids.advocaat],
      ['agreedActionWithoutDueDate', story.ids.raadVerwijzing],
      ['followUpDateMissing', undefined],
    ])
  })
})

describe('close rule — small boards', () => {
  it('a board without actions may close when a follow-up date is set', () => {
    const snapshot = readMeetingSnapshot(newBoardDoc(), newMeetingDoc(STARTED_AT, { followUpConfirmed: true }))
    expect(closeProblems(snapshot)).toEqual([])
    expect(mayClose(snapshot)).toBe(true)
  })

  it('a follow-up date that is not a date blocks closing', () => {
    const meeting = newMeetingDoc(STARTED_AT, { followUpConfirmed: true })
    updateMeetingInfo(meeting, { followUpDate: '31-12-2026' })
    expect(closeProblems(readMeetingSnapshot(newBoardDoc(), meeting))).toEqual([{ code: 'followUpDateMissing' }])
  })

  it('an invalid action card blocks closing: a broken card cannot slip out of the record', () => {
    const board = newBoardDoc()
    addAction(board, 'shape:bad', { what: 'Bellen', dueDate: '2026-02-30' })
    const snapshot = readMeetingSnapshot(board, newMeetingDoc(STARTED_AT, { followUpConfirmed: true }))
    expect(snapshot.invalidCards.map((c) => c.id)).toEqual(['shape:bad'])
    expect(closeProblems(snapshot)).toEqual([{ code: 'invalidCard', itemId: 'shape:bad' }])
  })

  it('a decision no longer counts once the action changed in what, who or when', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc(STARTED_AT, { followUpConfirmed: true })
    addParticipant(meeting, participant('u-mark', 'Mark'))
    const terms = { what: 'Advocaat bellen', ownerKind: 'participant' as const, ownerId: 'u-mark', ownerPerson: '', dueDate: '2026-04-01' }
    addAction(board, 'shape:act', terms)
    decide(meeting, 'shape:act', 'agreed', { agreedTo: terms })
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([])
    setProp(board, 'shape:act', 'dueDate', '2026-05-01')
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([
      { code: 'decisionOutdated', itemId: 'shape:act', itemLabel: 'Advocaat bellen' },
    ])
    // Asked again, with the new date: fine.
    decide(meeting, 'shape:act', 'agreed', { agreedTo: { ...terms, dueDate: '2026-05-01' } })
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([])
  })

  it('a declined action only goes out of date when what it is changes', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc(STARTED_AT, { followUpConfirmed: true })
    const terms = { what: 'Budgetcoach', ownerKind: 'none' as const, ownerId: '', ownerPerson: '', dueDate: '' }
    addAction(board, 'shape:coach', terms)
    decide(meeting, 'shape:coach', 'declined', { agreedTo: terms })
    setProp(board, 'shape:coach', 'dueDate', '2026-05-01')
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([])
    setProp(board, 'shape:coach', 'what', 'Budgetcoach, één keer per maand')
    expect(closeProblems(readMeetingSnapshot(board, meeting)).map((p) => p.code)).toEqual(['decisionOutdated'])
  })

  it('a carried action taken off the board blocks closing the follow-up', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc(STARTED_AT, { carriedActionIds: ['shape:gone'], sessionNumber: 2, followUpConfirmed: true })
    decide(meeting, 'shape:gone', 'agreed', { sessionNumber: 1 })
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([{ code: 'carriedActionRemoved', itemId: 'shape:gone' }])
  })

  it('an agency owner named on the action wins over an empty agency person', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc(STARTED_AT, { followUpConfirmed: true })
    addAgency(board, 'shape:ag', { organisation: 'Gemeente', person: '' })
    addAction(board, 'shape:act', { what: 'Bellen', ownerKind: 'agency', ownerId: 'shape:ag', ownerPerson: 'Fatima', dueDate: '2026-04-01' })
    decide(meeting, 'shape:act', 'agreed')
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([])
  })
})

describe('close rule — a follow-up meeting asks what her last decision calls for', () => {
  /** Ansaj's first meeting decided and closed; the follow-up carries every action. */
  function followUp() {
    const story = ansajStory()
    for (const entry of [
      [story.ids.budgetCoach, 'declined', 'Mijn man wil geen controle thuis.'],
      [story.ids.advocaat, 'agreed', 'Ja, voor de kinderen.'],
      [story.ids.werkOpties, 'thinking', 'Daar wil ik over nadenken.'],
      [story.ids.raadVerwijzing, 'agreed', ''],
    ] as const) decide(story.meeting, entry[0], entry[1], { residentWords: entry[2], sessionNumber: 1 })
    const ids = [story.ids.budgetCoach, story.ids.werkOpties, story.ids.advocaat, story.ids.raadVerwijzing]
    updateMeetingInfo(story.meeting, { sessionNumber: 2, carriedActionIds: ids, followUpConfirmed: true })
    return story
  }

  it('only what she agreed to needs an outcome; what she wanted to think about needs a new decision; what she declined nothing', () => {
    const story = followUp()
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    expect(questionFor(snapshot, story.ids.budgetCoach)).toBe('none')
    expect(questionFor(snapshot, story.ids.werkOpties)).toBe('decision')
    expect(questionFor(snapshot, story.ids.advocaat)).toBe('outcome')
    expect(closeProblems(snapshot).map((p) => [p.code, p.itemId])).toEqual([
      ['thinkingActionNotDecidedAgain', story.ids.werkOpties],
      ['carriedActionWithoutOutcome', story.ids.advocaat],
      ['carriedActionWithoutOutcome', story.ids.raadVerwijzing],
    ])
  })

  it('the thinking action is settled by her new decision in this session, with who and when if she still thinks', () => {
    const story = followUp()
    appendOutcome(story.meeting, outcomeEntry(story.ids.advocaat))
    appendOutcome(story.meeting, outcomeEntry(story.ids.raadVerwijzing))
    decide(story.meeting, story.ids.werkOpties, 'thinking', { sessionNumber: 2 })
    expect(problemsOf(story).map((p) => p.code)).toEqual(['thinkingActionWithoutOwner', 'thinkingActionWithoutDueDate'])
    giveWorkOptionsAnOwner(story)
    expect(problemsOf(story)).toEqual([])
  })

  it('a declined action is asked about again only when it is proposed anew (its what changed)', () => {
    const story = followUp()
    setProp(story.board, story.ids.budgetCoach, 'what', 'Budgetcoach, alleen op afspraak buiten de deur')
    // the old decision recorded no terms: without them nothing counts as changed
    expect(questionFor(readMeetingSnapshot(story.board, story.meeting), story.ids.budgetCoach)).toBe('none')
    decide(story.meeting, story.ids.budgetCoach, 'declined', {
      sessionNumber: 1,
      agreedTo: { what: 'Budgetcoach inzetten', ownerKind: 'agency', ownerId: story.ids.budgetbeheer, ownerPerson: 'Henk Jansen', dueDate: '2026-03-16' },
    })
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    expect(questionFor(snapshot, story.ids.budgetCoach)).toBe('decision')
    expect(closeProblems(snapshot).map((p) => [p.code, p.itemId])).toContainEqual(['decisionOutdated', story.ids.budgetCoach])
  })

  it('a third meeting asks again about every agreement, also one found done last time', () => {
    const story = followUp()
    appendOutcome(story.meeting, outcomeEntry(story.ids.advocaat))
    updateMeetingInfo(story.meeting, { sessionNumber: 3 })
    expect(questionFor(readMeetingSnapshot(story.board, story.meeting), story.ids.advocaat)).toBe('outcome')
  })

  it('an agreed action taken off the board still needs its outcome; a declined one does not', () => {
    const story = followUp()
    getRecordsMap(story.board).delete(story.ids.budgetCoach)
    getRecordsMap(story.board).delete(story.ids.advocaat)
    const codes = problemsOf(story).map((p) => [p.code, p.itemId])
    expect(codes).toContainEqual(['carriedActionRemoved', story.ids.advocaat])
    expect(codes.some(([, id]) => id === story.ids.budgetCoach)).toBe(false)
  })
})

describe('close warnings', () => {
  it('warns when the follow-up comes before an agreed action is due, and only then', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    updateMeetingInfo(story.meeting, { followUpDate: '2026-03-20' })
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    // the lawyer (agreed, due 30 March) is later; the referral (agreed, 23 March) too; the
    // declined budget coach and the thinking work options do not count
    expect(closeWarnings(snapshot).map((w) => [w.code, w.itemId, w.date])).toEqual([
      ['followUpBeforeDueDate', story.ids.advocaat, '2026-03-30'],
      ['followUpBeforeDueDate', story.ids.raadVerwijzing, '2026-03-23'],
    ])
    expect(closeProblems(snapshot)).toEqual([])
    expect(closeWarnings(snapshot, '2026-03-30')).toEqual([])
  })
})

let outcomeClock = 0
function outcomeEntry(actionId: string): OutcomeEntry {
  outcomeClock += 1
  return {
    actionId,
    outcome: 'done',
    residentWords: '',
    recordedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
    sessionNumber: 2,
    at: new Date(Date.parse(STARTED_AT) + 40 * 86_400_000 + outcomeClock * 60_000).toISOString(),
  }
}
