/**
 * "Mijn gesprekken" (issue 12): what the list shows of a case — read from real Y.Docs written the
 * way the app writes them — and the order of the list.
 */
import { describe, expect, it } from 'vitest'
import { caseFactsOf, compareCases, nextFollowUp, openAgreedActions, sortCases } from '../../../shared/domain/cases'
import { appendOutcome, updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { addAction, addResident, decide, newBoardDoc, newMeetingDoc, snapshotOf } from '../../helpers/domainFixtures'

describe('the facts of a case', () => {
  it('of a fresh board: no resident name yet, session 1, no agreed follow-up, nothing open', () => {
    const facts = caseFactsOf(snapshotOf(newBoardDoc(), newMeetingDoc()))
    expect(facts).toEqual({ residentName: '', state: 'open', sessionNumber: 1, nextFollowUp: null, openAgreedActions: 0, timeZone: 'Europe/Amsterdam' })
  })

  it('takes the resident name from the resident card', () => {
    const board = newBoardDoc()
    addResident(board, 'shape:resident', { name: '  Ansaj  ' })
    expect(caseFactsOf(snapshotOf(board, newMeetingDoc())).residentName).toBe('Ansaj')
  })

  it('shows the follow-up date only once it was confirmed', () => {
    const meeting = newMeetingDoc()
    const board = newBoardDoc()
    expect(nextFollowUp(snapshotOf(board, meeting))).toBeNull()
    updateMeetingInfo(meeting, { followUpDate: '2026-04-01', followUpConfirmed: true })
    expect(nextFollowUp(snapshotOf(board, meeting))).toBe('2026-04-01')
  })

  it('counts the actions she agreed to whose outcome is not yet recorded', () => {
    const board = newBoardDoc()
    for (const id of ['shape:a', 'shape:b', 'shape:c', 'shape:d']) addAction(board, id, { what: id })
    const meeting = newMeetingDoc()
    decide(meeting, 'shape:a', 'agreed')
    decide(meeting, 'shape:b', 'thinking')
    decide(meeting, 'shape:c', 'declined')
    decide(meeting, 'shape:d', 'agreed')
    // Her latest decision counts: d agreed, then declined.
    decide(meeting, 'shape:d', 'declined')
    expect(openAgreedActions(snapshotOf(board, meeting))).toBe(1)
  })

  it('closes an agreed action once its outcome is recorded at a follow-up', () => {
    const board = newBoardDoc()
    addAction(board, 'shape:a', { what: 'a' })
    addAction(board, 'shape:b', { what: 'b' })
    const meeting = newMeetingDoc()
    decide(meeting, 'shape:a', 'agreed', { sessionNumber: 1 })
    decide(meeting, 'shape:b', 'agreed', { sessionNumber: 1 })
    updateMeetingInfo(meeting, { sessionNumber: 2, carriedActionIds: ['shape:a', 'shape:b'] })
    appendOutcome(meeting, {
      actionId: 'shape:a',
      outcome: 'done',
      residentWords: '',
      recordedBy: { userId: 'u', name: 'M', role: 'gespreksleider' },
      sessionNumber: 2,
      at: '2026-04-01T10:00:00.000Z',
    })
    const snapshot = snapshotOf(board, meeting)
    expect(openAgreedActions(snapshot)).toBe(1)
    expect(caseFactsOf(snapshot).sessionNumber).toBe(2)
  })

  it('counts a carried action even when its card is no longer on the board', () => {
    const meeting = newMeetingDoc()
    decide(meeting, 'shape:gone', 'agreed', { sessionNumber: 1 })
    updateMeetingInfo(meeting, { sessionNumber: 2, carriedActionIds: ['shape:gone'] })
    expect(openAgreedActions(snapshotOf(newBoardDoc(), meeting))).toBe(1)
  })
})

describe('the order of the list', () => {
  const c = (id: string, nextFollowUp: string | null, lastChange: string) => ({ id, nextFollowUp, lastChange })

  it('puts the soonest follow-up first and cases without one last', () => {
    const sorted = sortCases([
      c('none', null, '2026-05-01T00:00:00.000Z'),
      c('later', '2026-06-01', '2026-01-01T00:00:00.000Z'),
      c('soon', '2026-04-01', '2026-01-01T00:00:00.000Z'),
    ])
    expect(sorted.map((x) => x.id)).toEqual(['soon', 'later', 'none'])
  })

  it('then the newest change first, then the id', () => {
    const sorted = sortCases([
      c('b', '2026-04-01', '2026-01-01T00:00:00.000Z'),
      c('a', '2026-04-01', '2026-01-01T00:00:00.000Z'),
      c('new', '2026-04-01', '2026-02-01T00:00:00.000Z'),
      c('old-none', null, '2026-01-01T00:00:00.000Z'),
      c('new-none', null, '2026-03-01T00:00:00.000Z'),
    ])
    expect(sorted.map((x) => x.id)).toEqual(['new', 'a', 'b', 'new-none', 'old-none'])
  })

  it('is a total order (antisymmetric)', () => {
    const x = c('x', null, '2026-01-01T00:00:00.000Z')
    const y = c('y', '2026-04-01', '2026-01-01T00:00:00.000Z')
    expect(Math.sign(compareCases(x, y))).toBe(-Math.sign(compareCases(y, x)))
    expect(compareCases(x, x)).toBe(0)
  })
})
