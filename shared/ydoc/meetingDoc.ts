/**
 * The meeting document: a second Y.Doc per board, synced at `/sync/<boardId>/meeting`, written
 * only by the server (clients' updates to it are dropped). It holds what must not be changed by
 * anyone's undo or by a concurrent edit of a card: the meeting's state, the participants and the
 * resident's decisions (append-only). See docs/ydoc-layout.md.
 *
 *   meetingDoc.getMap('meeting')        MeetingInfo fields, one key each
 *   meetingDoc.getMap('participants')   Y.Map<userId, Participant>
 *   meetingDoc.getArray('decisions')    Y.Array<DecisionEntry>, append-only
 *   meetingDoc.getArray('outcomes')     Y.Array<OutcomeEntry>, append-only (follow-up sessions)
 *   meetingDoc.getArray('removals')     Y.Array<RemovalEntry>, append-only: decided actions taken off the board
 */
import * as Y from 'yjs'
import type { DecisionEntry, MeetingInfo, OutcomeEntry, Participant, PastSession, RemovalEntry } from '../domain/meeting'
import { MEETING_STATES, newMeetingInfo } from '../domain/meeting'
import { DEFAULT_TIME_ZONE, isTimeZone } from '../domain/time'

export const MEETING_DOC_SUFFIX = '/meeting'
export const MEETING_KEY = 'meeting'
export const PARTICIPANTS_KEY = 'participants'
export const DECISIONS_KEY = 'decisions'
export const OUTCOMES_KEY = 'outcomes'
export const REMOVALS_KEY = 'removals'

/** Transaction origin of the server's own writes. */
export const SERVER_ORIGIN = 'tafelbord:server'

export function meetingMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MEETING_KEY)
}
export function participantsMap(doc: Y.Doc): Y.Map<Participant> {
  return doc.getMap(PARTICIPANTS_KEY)
}
export function decisionsArray(doc: Y.Doc): Y.Array<DecisionEntry> {
  return doc.getArray(DECISIONS_KEY)
}
export function outcomesArray(doc: Y.Doc): Y.Array<OutcomeEntry> {
  return doc.getArray(OUTCOMES_KEY)
}
export function removalsArray(doc: Y.Doc): Y.Array<RemovalEntry> {
  return doc.getArray(REMOVALS_KEY)
}

/** Reads the meeting's state; a meeting document never initialised reads as a fresh one. */
export function readMeetingInfo(doc: Y.Doc): MeetingInfo {
  const map = meetingMap(doc)
  const stored = map.get('startedAt')
  const validStart = typeof stored === 'string' && !Number.isNaN(new Date(stored).getTime())
  const fresh = newMeetingInfo(validStart ? stored : new Date(0).toISOString())
  const rawState = map.get('state')
  const state = MEETING_STATES.includes(rawState as MeetingInfo['state']) ? (rawState as MeetingInfo['state']) : 'open'
  const timeZone = map.get('timeZone')
  return {
    state,
    startedAt: fresh.startedAt,
    followUpDate: typeof map.get('followUpDate') === 'string' ? (map.get('followUpDate') as string) : fresh.followUpDate,
    // A session closed before confirmation existed was closed with its date: that date was agreed.
    followUpConfirmed: map.get('followUpConfirmed') === true || state === 'closed',
    timeZone: isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE,
    residentMayDecide: map.get('residentMayDecide') === true,
    closedAt: typeof map.get('closedAt') === 'string' ? (map.get('closedAt') as string) : null,
    sessionNumber: Number.isInteger(map.get('sessionNumber')) ? (map.get('sessionNumber') as number) : 1,
    carriedActionIds: stringArray(map.get('carriedActionIds')),
    pastSessions: Array.isArray(map.get('pastSessions')) ? (map.get('pastSessions') as PastSession[]) : [],
  }
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export function isMeetingInitialised(doc: Y.Doc): boolean {
  return meetingMap(doc).has('startedAt')
}

/** Server: fills a new meeting document. */
export function initMeetingDoc(doc: Y.Doc, startedAt: string, timeZone: string = DEFAULT_TIME_ZONE): void {
  doc.transact(() => {
    const map = meetingMap(doc)
    for (const [key, value] of Object.entries(newMeetingInfo(startedAt, timeZone))) map.set(key, value)
  }, SERVER_ORIGIN)
}

/** Server: changes some meeting fields. */
export function updateMeetingInfo(doc: Y.Doc, changes: Partial<MeetingInfo>): void {
  doc.transact(() => {
    const map = meetingMap(doc)
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) map.set(key, value)
    }
  }, SERVER_ORIGIN)
}

export function readParticipants(doc: Y.Doc): Participant[] {
  return [...participantsMap(doc).values()].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt))
}

/** Server: registers or updates a participant (keeps the first join time). */
export function upsertParticipant(doc: Y.Doc, participant: Participant): void {
  doc.transact(() => {
    const existing = participantsMap(doc).get(participant.userId)
    participantsMap(doc).set(participant.userId, { ...participant, joinedAt: existing?.joinedAt ?? participant.joinedAt })
  }, SERVER_ORIGIN)
}

export function readDecisions(doc: Y.Doc): DecisionEntry[] {
  return decisionsArray(doc).toArray()
}

export function readOutcomes(doc: Y.Doc): OutcomeEntry[] {
  return outcomesArray(doc).toArray()
}

/** Server: appends an outcome. Nothing ever removes or changes an entry. */
export function appendOutcome(doc: Y.Doc, entry: OutcomeEntry): void {
  doc.transact(() => outcomesArray(doc).push([entry]), SERVER_ORIGIN)
}

/** Server: appends a decision. Nothing ever removes or changes an entry. */
export function appendDecision(doc: Y.Doc, entry: DecisionEntry): void {
  doc.transact(() => decisionsArray(doc).push([entry]), SERVER_ORIGIN)
}

export function readRemovals(doc: Y.Doc): RemovalEntry[] {
  return removalsArray(doc).toArray()
}

/** Server: appends a removal. Nothing ever removes or changes an entry. */
export function appendRemoval(doc: Y.Doc, entry: RemovalEntry): void {
  doc.transact(() => removalsArray(doc).push([entry]), SERVER_ORIGIN)
}
