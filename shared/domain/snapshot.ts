/**
 * One consistent picture of a meeting: the cards on the board and the meeting document. Every
 * rule (closing, who is missing) and every export works on this. Pure: it knows nothing of Yjs;
 * `shared/ydoc/snapshot.ts` reads the two documents and hands their contents to
 * `meetingSnapshotOf` here.
 */
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

/** The meeting document's part of a snapshot, as `shared/ydoc/meetingDoc.ts` reads it. */
export type MeetingParts = Pick<MeetingSnapshot, 'info' | 'participants' | 'decisions' | 'outcomes' | 'removals'>

/** A board record as plain data (a tldraw record: `typeName`, `type`, `x`, `y`, `props`, ...). */
export type BoardRecordData = { readonly [field: string]: unknown }

/**
 * The card that counts among several of one kind: the first in reading order. With two resident
 * cards on the board, this one is "the resident" for every rule, the canvas and the exports.
 */
export function cardThatCounts<T extends { x: number; y: number; id: string }>(cards: Iterable<T>): T | null {
  let first: T | null = null
  for (const card of cards) if (!first || byPosition(card, first) < 0) first = card
  return first
}

/** The snapshot of a meeting from its meeting document's parts and its board's records. */
export function meetingSnapshotOf(meeting: MeetingParts, records: Iterable<[string, BoardRecordData]>): MeetingSnapshot {
  const residents: Card<ResidentCardProps>[] = []
  const snapshot: MeetingSnapshot = {
    info: meeting.info,
    resident: null,
    domains: [],
    agencies: [],
    actions: [],
    participants: meeting.participants,
    decisions: meeting.decisions,
    outcomes: meeting.outcomes,
    removals: meeting.removals,
    invalidCards: [],
  }
  for (const [id, record] of records) {
    if (record.typeName !== 'shape') continue
    const type = record.type
    const x = typeof record.x === 'number' ? record.x : 0
    const y = typeof record.y === 'number' ? record.y : 0
    try {
      if (type === CARD_TYPES.resident) {
        residents.push({ id, x, y, props: validateCardProps(CARD_TYPES.resident, record.props) })
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
  snapshot.resident = cardThatCounts(residents)
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
