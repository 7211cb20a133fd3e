/**
 * The checks each command makes and the change it makes, on the story from the brief (pure: the
 * server writes the change into the documents, these tests only look at what the command says).
 */
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../shared/commands/index'
import { followUpMeetingInfo, type Participant, type RemovalEntry } from '../../../shared/domain/meeting'
import { appendOutcome, appendRemoval, participantsMap, updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { getRecordsMap } from '../../../shared/ydoc/layout'
import { ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'

const { register, decide: decideCommand, outcome, meetingSettings, lock, unlock, close, followUp, restoreAction, exportRecord } = COMMANDS
const AT = '2026-03-02T10:00:00.000Z'

const decision = (actionId: string, userId = 'u-facilitator') => ({
  actionId,
  decision: 'agreed' as const,
  residentWords: 'Ja',
  teachBack: '',
  recordedBy: { userId },
})
const outcomeBody = (actionId: string, userId = 'u-facilitator') => ({ actionId, outcome: 'done' as const, residentWords: 'Gelukt', recordedBy: { userId } })

/** The story, closed, and its follow-up session started. */
function followUpStory() {
  const story = ansajStory()
  decideAnsajStory(story)
  const snapshot = snapshotOf(story.board, story.meeting)
  updateMeetingInfo(story.meeting, { state: 'closed', closedAt: AT })
  const closed = snapshotOf(story.board, story.meeting).info
  updateMeetingInfo(story.meeting, followUpMeetingInfo(closed, snapshot.actions.map((a) => a.id), '2026-03-30T09:00:00.000Z'))
  return story
}

describe('register', () => {
  const request = { userId: 'u-new', name: 'Sanne', role: 'professional' as const, organisation: 'GGD', contact: '', atTable: true }

  it('takes a new entry; the link decides the role of the facilitator and the resident', () => {
    expect(register.check(undefined, 'participant', request, 'hash')).toBeNull()
    expect(register.change('participant', request, 'hash', AT)).toEqual({ ...request, joinedAt: AT, access: 'participant', keyHash: 'hash' })
    expect(register.change('facilitator', request, undefined, AT)).toMatchObject({ role: 'gespreksleider', access: 'facilitator' })
    expect(register.change('resident', request, undefined, AT)).toMatchObject({ role: 'bewoner', access: 'resident' })
    expect(register.change('resident', request, undefined, AT)).not.toHaveProperty('keyHash')
  })

  it('refuses the roles that belong to their own link to the participant link', () => {
    expect(register.check(undefined, 'participant', { ...request, role: 'gespreksleider' }, undefined)).toBe('roleNeedsLink')
    expect(register.check(undefined, 'participant', { ...request, role: 'bewoner' }, undefined)).toBe('roleNeedsLink')
    expect(register.check(undefined, 'facilitator', { ...request, role: 'bewoner' }, undefined)).toBeNull()
  })

  it('keeps an entry to the link and the browser that made it', () => {
    const existing: Participant = { ...request, joinedAt: AT, access: 'facilitator', keyHash: 'mine' }
    expect(register.check(existing, 'participant', request, 'mine')).toBe('otherLink')
    expect(register.check(existing, 'facilitator', request, 'theirs')).toBe('otherDevice')
    expect(register.check(existing, 'facilitator', request, undefined)).toBe('otherDevice')
    expect(register.check(existing, 'facilitator', request, 'mine')).toBeNull()
    // Entries from before links and keys were recorded are anyone's.
    expect(register.check({ ...request, joinedAt: AT }, 'participant', request, 'any')).toBeNull()
  })
})

describe('decide', () => {
  it('appends her decision, signed by who recorded it, with what she heard', () => {
    const story = ansajStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    const body = decision(story.ids.budgetCoach)
    expect(decideCommand.check(snapshot, 'facilitator', body)).toBeNull()
    expect(decideCommand.change(snapshot, 'facilitator', body, AT)).toEqual({
      actionId: story.ids.budgetCoach,
      decision: 'agreed',
      residentWords: 'Ja',
      teachBack: '',
      agreedTo: { what: 'Budgetcoach inzetten', ownerKind: 'agency', ownerId: 'shape:ag-budget', ownerPerson: 'Henk Jansen', dueDate: '2026-03-16' },
      recordedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
      residentName: 'Ansaj',
      at: AT,
      sessionNumber: 1,
    })
  })

  it('signs with the role of the link, whatever the entry said', () => {
    const story = ansajStory()
    participantsMap(story.meeting).set('u-facilitator', { ...participantsMap(story.meeting).get('u-facilitator')!, role: 'professional' })
    const snapshot = snapshotOf(story.board, story.meeting)
    expect(decideCommand.change(snapshot, 'facilitator', decision(story.ids.advocaat), AT).recordedBy.role).toBe('gespreksleider')
  })

  it('refuses an unknown recorder, someone else’s name, an unknown action', () => {
    const story = ansajStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    expect(decideCommand.check(snapshot, 'facilitator', decision(story.ids.advocaat, 'u-nobody'))).toBe('unknownParticipant')
    expect(decideCommand.check(snapshot, 'resident', decision(story.ids.advocaat, 'u-facilitator'))).toBe('notOwnName')
    expect(decideCommand.check(snapshot, 'resident', decision(story.ids.advocaat, 'u-ansaj'))).toBeNull()
    expect(decideCommand.check(snapshot, 'facilitator', decision('shape:nowhere'))).toBe('unknownAction')
  })

  it('refuses a decision on what she agreed to last time: that takes an outcome now', () => {
    const story = followUpStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    expect(decideCommand.check(snapshot, 'facilitator', decision(story.ids.advocaat))).toBe('carried')
    // What she wanted to think about, or declined, she may decide on again.
    expect(decideCommand.check(snapshot, 'facilitator', decision(story.ids.werkOpties))).toBeNull()
    expect(decideCommand.check(snapshot, 'facilitator', decision(story.ids.budgetCoach))).toBeNull()
  })
})

describe('outcome', () => {
  it('appends what became of an action she agreed to last time', () => {
    const story = followUpStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    const body = outcomeBody(story.ids.advocaat)
    expect(outcome.check(snapshot, 'facilitator', body)).toBeNull()
    expect(outcome.change(snapshot, 'facilitator', body, AT)).toEqual({
      actionId: story.ids.advocaat,
      outcome: 'done',
      residentWords: 'Gelukt',
      recordedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
      sessionNumber: 2,
      at: AT,
    })
  })

  it('refuses new actions, actions she did not agree to, unknown actions and recorders', () => {
    const story = followUpStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    expect(outcome.check(snapshot, 'facilitator', outcomeBody(story.ids.werkOpties))).toBe('outcomeNotAsked')
    expect(outcome.check(snapshot, 'facilitator', outcomeBody(story.ids.budgetCoach))).toBe('outcomeNotAsked')
    expect(outcome.check(snapshot, 'facilitator', outcomeBody('shape:nowhere'))).toBe('unknownAction')
    expect(outcome.check(snapshot, 'facilitator', outcomeBody(story.ids.advocaat, 'u-nobody'))).toBe('unknownParticipant')
    expect(outcome.check(snapshot, 'participant', outcomeBody(story.ids.advocaat, 'u-facilitator'))).toBe('notOwnName')

    const first = ansajStory()
    expect(outcome.check(snapshotOf(first.board, first.meeting), 'facilitator', outcomeBody(first.ids.advocaat))).toBe('notCarried')
  })
})

describe('meeting settings, lock and unlock', () => {
  it('setting the follow-up date confirms it; clearing it takes that back', () => {
    expect(meetingSettings.change({ followUpDate: '2026-04-01' })).toEqual({ followUpDate: '2026-04-01', followUpConfirmed: true })
    expect(meetingSettings.change({ followUpDate: '' })).toEqual({ followUpDate: '', followUpConfirmed: false })
    expect(meetingSettings.change({ residentMayDecide: true })).toEqual({ residentMayDecide: true })
    expect(meetingSettings.change({})).toEqual({})
  })

  it('locking a locked board (or unlocking an open one) changes nothing', () => {
    expect(lock.change({ state: 'open' })).toEqual({ state: 'locked' })
    expect(lock.change({ state: 'locked' })).toBeNull()
    expect(unlock.change({ state: 'locked' })).toEqual({ state: 'open' })
    expect(unlock.change({ state: 'open' })).toBeNull()
  })
})

describe('close', () => {
  it('is refused with exactly what the close rule finds', () => {
    const story = ansajStory()
    const refused = close.check(snapshotOf(story.board, story.meeting))
    expect(refused?.refusal).toBe('closeRefused')
    expect(refused?.problems.map((p) => p.code)).toContain('actionWithoutDecision')
  })

  it('closes once the rule is met', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    expect(close.check(snapshotOf(story.board, story.meeting))).toBeNull()
    expect(close.change(AT)).toEqual({ state: 'closed', closedAt: AT })
  })
})

describe('follow-up', () => {
  it('carries every action on the board into the next session', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    updateMeetingInfo(story.meeting, { state: 'closed', closedAt: AT })
    const next = followUp.change(snapshotOf(story.board, story.meeting), '2026-03-30T09:00:00.000Z')
    expect(next).toMatchObject({ state: 'open', sessionNumber: 2, closedAt: null, followUpConfirmed: false })
    expect([...next.carriedActionIds].sort()).toEqual(
      [story.ids.budgetCoach, story.ids.werkOpties, story.ids.advocaat, story.ids.raadVerwijzing].sort(),
    )
  })
})

describe('restore-action', () => {
  it('puts back only what was taken off the board in this session', () => {
    const story = ansajStory()
    decide(story.meeting, story.ids.advocaat, 'agreed')
    const card = { id: story.ids.advocaat, type: 'action', props: {} }
    const removal: RemovalEntry = {
      actionId: story.ids.advocaat,
      removedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
      at: AT,
      sessionNumber: 1,
      card,
      related: [],
    }
    // Not removed (its card is still on the board): nothing to put back.
    expect(restoreAction.check(snapshotOf(story.board, story.meeting), story.ids.advocaat)).toBe('notRemoved')
    getRecordsMap(story.board).delete(story.ids.advocaat)
    appendRemoval(story.meeting, removal)
    const snapshot = snapshotOf(story.board, story.meeting)
    expect(restoreAction.check(snapshot, story.ids.advocaat)).toBeNull()
    expect(restoreAction.change(snapshot, story.ids.advocaat)).toEqual({ card, related: [] })
    expect(restoreAction.check(snapshot, story.ids.budgetCoach)).toBe('notRemoved')
  })

  it('does not put back a removal of an earlier session', () => {
    const story = followUpStory()
    appendOutcome(story.meeting, { actionId: story.ids.advocaat, outcome: 'done', residentWords: '', recordedBy: { userId: 'u', name: 'M', role: 'gespreksleider' }, sessionNumber: 2, at: AT })
    getRecordsMap(story.board).delete(story.ids.advocaat)
    appendRemoval(story.meeting, {
      actionId: story.ids.advocaat,
      removedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
      at: AT,
      sessionNumber: 1,
      card: {},
      related: [],
    })
    expect(restoreAction.check(snapshotOf(story.board, story.meeting), story.ids.advocaat)).toBe('notRemoved')
  })
})

describe('export', () => {
  it('knows the current session, archived numbers and the record languages', () => {
    expect(exportRecord.session('current')).toBe('current')
    expect(exportRecord.session('3')).toBe(3)
    for (const bad of ['0', '01', '-1', 'x', '1234567', '']) expect(exportRecord.session(bad)).toBe('unknownSession')
    expect(exportRecord.checkLanguage(null)).toBeNull()
    expect(exportRecord.checkLanguage('')).toBeNull()
    expect(exportRecord.checkLanguage('en')).toBeNull()
    expect(exportRecord.checkLanguage('tlh')).toBe('unknownLanguage')
  })
})
