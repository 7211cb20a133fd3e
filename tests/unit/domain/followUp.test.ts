import { describe, expect, it } from 'vitest'
import { offBoardDecidedActions, offBoardWhat, removedThisSession } from '../../../shared/domain/followUp'
import type { RemovalEntry } from '../../../shared/domain/meeting'
import { readMeetingSnapshot } from '../../../shared/ydoc/snapshot'
import { getRecordsMap, yMapToRecord } from '../../../shared/ydoc/layout'
import { appendRemoval, updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { ansajStory, decideAnsajStory } from '../../helpers/domainFixtures'

function removeFromBoard(story: ReturnType<typeof ansajStory>, id: string, sessionNumber = 1): RemovalEntry {
  const card = yMapToRecord(getRecordsMap(story.board).get(id)!)
  getRecordsMap(story.board).delete(id)
  const entry: RemovalEntry = {
    actionId: id,
    removedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
    at: '2026-03-02T10:15:00.000Z',
    sessionNumber,
    card,
    related: [],
  }
  appendRemoval(story.meeting, entry)
  return entry
}

describe('decided actions off the board', () => {
  it('keeps her "no" with her words, who removed it and when, and the card as it was', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    removeFromBoard(story, story.ids.budgetCoach)
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    const [item] = offBoardDecidedActions(snapshot)
    expect(item.actionId).toBe(story.ids.budgetCoach)
    expect(item.decision).toMatchObject({ decision: 'declined', residentWords: 'Mijn man wil geen controle thuis.' })
    expect(item.removal?.removedBy.name).toBe('Marieke')
    expect(item.props?.ownerPerson).toBe('Henk Jansen')
    expect(offBoardWhat(item)).toBe('Budgetcoach inzetten')
    expect(removedThisSession(snapshot).map((r) => r.actionId)).toEqual([story.ids.budgetCoach])
  })

  it('still lists a decided card that vanished without a note, by what she decided on', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    getRecordsMap(story.board).delete(story.ids.advocaat)
    const [item] = offBoardDecidedActions(readMeetingSnapshot(story.board, story.meeting))
    expect(item).toMatchObject({ actionId: story.ids.advocaat, removal: null, props: null })
    expect(item.decision.decision).toBe('agreed')
    expect(removedThisSession(readMeetingSnapshot(story.board, story.meeting))).toEqual([])
  })

  it('offers "put back" only for removals of this session; undecided cards are nobody’s record', () => {
    const story = ansajStory()
    decideAnsajStory(story, false)
    removeFromBoard(story, story.ids.budgetCoach, 1)
    getRecordsMap(story.board).delete(story.ids.raadVerwijzing) // never decided
    updateMeetingInfo(story.meeting, { sessionNumber: 2 })
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    expect(offBoardDecidedActions(snapshot).map((r) => r.actionId)).toEqual([story.ids.budgetCoach])
    expect(removedThisSession(snapshot)).toEqual([])
  })
})
