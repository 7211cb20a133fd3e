/**
 * What the record tests add to Ansaj's story (tests/helpers/domainFixtures.ts): a card taken off
 * the board with the server's note of it, a follow-up session started as the server starts one,
 * outcomes, and contact details. Written with the same shared writers the server uses.
 */
import * as Y from 'yjs'
import { followUpMeetingInfo, type Outcome, type RemovalEntry } from '../../../shared/domain/meeting'
import type { MeetingSnapshot } from '../../../shared/domain/snapshot'
import { getRecordsMap, yMapToRecord } from '../../../shared/ydoc/layout'
import { appendOutcome, appendRemoval, readMeetingInfo, readParticipants, updateMeetingInfo, upsertParticipant } from '../../../shared/ydoc/meetingDoc'
import { ansajStory, snapshotOf } from '../../helpers/domainFixtures'

export type Story = ReturnType<typeof ansajStory>

export const MARIEKE = { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' } as const

/**
 * The facilitator takes a card off the board: it leaves the board document, and the server's
 * note (who, when, the card as it was) goes into the meeting document, as server/boards.ts does.
 * `noted: false`: the card is gone without a note (a board from before removals were noted).
 */
export function takeOffBoard(story: Story, actionId: string, at: string, options: { noted?: boolean } = {}): RemovalEntry | null {
  const records = getRecordsMap(story.board)
  const card = yMapToRecord(records.get(actionId)!)
  records.delete(actionId)
  if (options.noted === false) return null
  const entry: RemovalEntry = {
    actionId,
    removedBy: MARIEKE,
    at,
    sessionNumber: readMeetingInfo(story.meeting).sessionNumber,
    card,
    related: [],
  }
  appendRemoval(story.meeting, entry)
  return entry
}

/** Closes the story's session and starts the next one on the same board; returns the closed snapshot. */
export function startNextSession(story: Story, closedAt: string, startedAt: string): MeetingSnapshot {
  updateMeetingInfo(story.meeting, { state: 'closed', closedAt })
  const closed = snapshotOf(story.board, story.meeting)
  updateMeetingInfo(story.meeting, followUpMeetingInfo(readMeetingInfo(story.meeting), closed.actions.map((a) => a.id), startedAt))
  return closed
}

/** What became of a carried action, recorded by Marieke in the current session. */
export function recordOutcome(story: Story, actionId: string, outcome: Outcome, residentWords = '', at = '2026-03-30T10:00:00.000Z'): void {
  appendOutcome(story.meeting, {
    actionId,
    outcome,
    residentWords,
    recordedBy: MARIEKE,
    sessionNumber: readMeetingInfo(story.meeting).sessionNumber,
    at,
  })
}

export const JOOST_CONTACT = 'joost@kinderrechtswinkel.nl'
export const RAAD_CONTACT = '0900 - 1020 304'
export const MARIEKE_CONTACT = '06 1234 5678'

/** Contact details: Joost's and Marieke's own (participant entries), the Raad's on its agency card. */
export function giveContacts(story: Story): void {
  for (const p of readParticipants(story.meeting)) {
    if (p.userId === 'u-joost') upsertParticipant(story.meeting, { ...p, contact: JOOST_CONTACT })
    if (p.userId === MARIEKE.userId) upsertParticipant(story.meeting, { ...p, contact: MARIEKE_CONTACT })
  }
  const props = getRecordsMap(story.board).get(story.ids.raad)!.get('props') as Y.Map<unknown>
  props.set('contact', RAAD_CONTACT)
}
