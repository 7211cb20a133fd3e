/**
 * One consistent picture of a meeting, read from its two documents: the cards on the board and
 * the meeting document. Every rule (closing, who is missing) and every export works on this.
 */
import type * as Y from 'yjs'
import { readAllRecords } from '../ydoc/layout'
import { readDecisions, readMeetingInfo, readOutcomes, readParticipants, readRemovals } from '../ydoc/meetingDoc'
import {
  CARD_TYPES,
  validateCardProps,
  type ActionCardProps,
  type AgencyCardProps,
  type LifeDomainCardProps,
  type ResidentCardProps,
} from './cards'
import type { Decision, DecisionEntry, MeetingInfo, OutcomeEntry, Participant, RemovalEntry } from './meeting'

export interface Card<P> {
  id: string
  x: number
  y: number
  props: P
}

export interface MeetingSnapshot {
  info: MeetingInfo
  resident: Card<ResidentCardProps> | null
  domains: Card<LifeDomainCardProps>[]
  agencies: Card<AgencyCardProps>[]
  actions: Card<ActionCardProps>[]
  participants: Participant[]
  /** Every recorded decision, oldest first. */
  decisions: DecisionEntry[]
  /** Every recorded outcome of a carried action, oldest first. */
  outcomes: OutcomeEntry[]
  /** Every decided action the facilitator took off the board, oldest first. */
  removals: RemovalEntry[]
  /** Cards whose data did not validate; left out of everything above. */
  invalidCards: { id: string; type: string; reason: string }[]
}

/** Reading order on the board: top to bottom, then left to right. With two resident cards, the first counts. */
export function byPosition(a: { x: number; y: number; id: string }, b: { x: number; y: number; id: string }) {
  return a.y - b.y || a.x - b.x || a.id.localeCompare(b.id)
}

export function readMeetingSnapshot(boardDoc: Y.Doc, meetingDoc: Y.Doc): MeetingSnapshot {
  const snapshot: MeetingSnapshot = {
    info: readMeetingInfo(meetingDoc),
    resident: null,
    domains: [],
    agencies: [],
    actions: [],
    participants: readParticipants(meetingDoc),
    decisions: readDecisions(meetingDoc),
    outcomes: readOutcomes(meetingDoc),
    removals: readRemovals(meetingDoc),
    invalidCards: [],
  }
  for (const [id, record] of readAllRecords(boardDoc)) {
    if (record.typeName !== 'shape') continue
    const type = record.type
    const x = typeof record.x === 'number' ? record.x : 0
    const y = typeof record.y === 'number' ? record.y : 0
    try {
      if (type === CARD_TYPES.resident) {
        const card = { id, x, y, props: validateCardProps(CARD_TYPES.resident, record.props) }
        if (!snapshot.resident || byPosition(card, snapshot.resident) < 0) snapshot.resident = card
      } else if (type === CARD_TYPES.domain) {
        snapshot.domains.push({ id, x, y, props: validateCardProps(CARD_TYPES.domain, record.props) })
      } else if (type === CARD_TYPES.agency) {
        snapshot.agencies.push({ id, x, y, props: validateCardProps(CARD_TYPES.agency, record.props) })
      } else if (type === CARD_TYPES.action) {
        snapshot.actions.push({ id, x, y, props: validateCardProps(CARD_TYPES.action, record.props) })
      }
    } catch (error) {
      snapshot.invalidCards.push({ id, type: String(type), reason: error instanceof Error ? error.message : String(error) })
    }
  }
  snapshot.domains.sort(byPosition)
  snapshot.agencies.sort(byPosition)
  snapshot.actions.sort(byPosition)
  return snapshot
}

/** The latest decision recorded for an action, or null when there is none. */
export function currentDecision(decisions: DecisionEntry[], actionId: string): DecisionEntry | null {
  for (let i = decisions.length - 1; i >= 0; i--) {
    if (decisions[i].actionId === actionId) return decisions[i]
  }
  return null
}

/** The latest outcome of an action recorded in the given session, or null. */
export function currentOutcome(outcomes: OutcomeEntry[], actionId: string, sessionNumber: number): OutcomeEntry | null {
  for (let i = outcomes.length - 1; i >= 0; i--) {
    if (outcomes[i].actionId === actionId && outcomes[i].sessionNumber === sessionNumber) return outcomes[i]
  }
  return null
}

/** Whether an action was carried into the current session from an earlier one. */
export function isCarried(snapshot: MeetingSnapshot, actionId: string): boolean {
  return snapshot.info.carriedActionIds.includes(actionId)
}

export function decisionHistory(decisions: DecisionEntry[], actionId: string): DecisionEntry[] {
  return decisions.filter((entry) => entry.actionId === actionId)
}

export type { Decision }
