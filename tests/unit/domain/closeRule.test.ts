import { describe, expect, it } from 'vitest'
import { closeProblems, mayClose } from '../../../shared/domain/closeRule'
import { readMeetingSnapshot } from '../../../shared/domain/snapshot'
import { getRecordsMap } from '../../../shared/ydoc/layout'
import { updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import type * as Y from 'yjs'
import {
  addAction,
  addAgency,
  ansajStory,
  decide,
  decideAnsajStory,
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

  it('declined and thinking actions need neither owner nor due date', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    // the budget coach (declined) loses its owner and date; the work options (thinking) never had them
    setProp(story.board, story.ids.budgetCoach, 'ownerKind', 'none')
    setProp(story.board, story.ids.budgetCoach, 'ownerId', '')
    setProp(story.board, story.ids.budgetCoach, 'dueDate', '')
    expect(problemsOf(story)).toEqual([])
  })

  it('an agreed action without owner is a problem', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    decide(story.meeting, story.ids.werkOpties, 'agreed')
    setProp(story.board, story.ids.werkOpties, 'dueDate', '2026-04-01')
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
    const snapshot = readMeetingSnapshot(newBoardDoc(), newMeetingDoc())
    expect(closeProblems(snapshot)).toEqual([])
    expect(mayClose(snapshot)).toBe(true)
  })

  it('a follow-up date that is not a date blocks closing', () => {
    const meeting = newMeetingDoc()
    updateMeetingInfo(meeting, { followUpDate: '31-12-2026' })
    expect(closeProblems(readMeetingSnapshot(newBoardDoc(), meeting))).toEqual([{ code: 'followUpDateMissing' }])
  })

  it('an invalid action card blocks closing: a broken card cannot slip out of the record', () => {
    const board = newBoardDoc()
    addAction(board, 'shape:bad', { what: 'Bellen', dueDate: '2026-02-30' })
    const snapshot = readMeetingSnapshot(board, newMeetingDoc())
    expect(snapshot.invalidCards.map((c) => c.id)).toEqual(['shape:bad'])
    expect(closeProblems(snapshot)).toEqual([{ code: 'invalidCard', itemId: 'shape:bad' }])
  })

  it('a decision no longer counts once the action changed in what, who or when', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc()
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
    const meeting = newMeetingDoc()
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
    const meeting = newMeetingDoc(STARTED_AT, { carriedActionIds: ['shape:gone'], sessionNumber: 2 })
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([{ code: 'carriedActionRemoved', itemId: 'shape:gone' }])
  })

  it('an agency owner named on the action wins over an empty agency person', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc()
    addAgency(board, 'shape:ag', { organisation: 'Gemeente', person: '' })
    addAction(board, 'shape:act', { what: 'Bellen', ownerKind: 'agency', ownerId: 'shape:ag', ownerPerson: 'Fatima', dueDate: '2026-04-01' })
    decide(meeting, 'shape:act', 'agreed')
    expect(closeProblems(readMeetingSnapshot(board, meeting))).toEqual([])
  })
})
