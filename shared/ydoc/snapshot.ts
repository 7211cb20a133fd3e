/**
 * Reads a meeting's snapshot from its two documents: the board's records and the meeting
 * document. The rules that make a snapshot (which cards count, in which order) are pure and live
 * in `shared/domain/snapshot.ts`; this file only reads the Y.Docs.
 */
import type * as Y from 'yjs'
import { meetingSnapshotOf, type MeetingSnapshot } from '../domain/snapshot'
import { readAllRecords } from './layout'
import { readDecisions, readMeetingInfo, readOutcomes, readParticipants, readRemovals } from './meetingDoc'

export function readMeetingSnapshot(boardDoc: Y.Doc, meetingDoc: Y.Doc): MeetingSnapshot {
  const meeting = {
    info: readMeetingInfo(meetingDoc),
    participants: readParticipants(meetingDoc),
    decisions: readDecisions(meetingDoc),
    outcomes: readOutcomes(meetingDoc),
    removals: readRemovals(meetingDoc),
  }
  return meetingSnapshotOf(meeting, readAllRecords(boardDoc))
}
