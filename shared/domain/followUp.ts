/**
 * What a session asks the resident about each action, and which of her decided actions are no
 * longer on the board. At a follow-up meeting an action carried over from the last session is
 * asked about by her last decision there:
 * - agreed ("wil ik"): what became of it (an outcome), at every follow-up;
 * - thinking ("wil ik over nadenken"): she decides again;
 * - declined ("wil ik niet"): nothing. It stays listed as declined, with her words, unless it is
 *   proposed anew (its "what" changed) or she decides on it again herself.
 * The close rule, the server's routes, the record and her phone all ask this one function.
 */
import { validateCardProps, type ActionCardProps, CARD_TYPES } from './cards'
import { decisionIsOutdated, type DecisionEntry, type RemovalEntry } from './meeting'
import { currentDecision, isCarried, type MeetingSnapshot } from './snapshot'

export type ActionQuestion = 'decision' | 'outcome' | 'none'

function sessionOf(entry: { sessionNumber?: number }): number {
  return entry.sessionNumber ?? 1
}

/** Her last decision on an action in a session before this one, or null. */
export function previousDecision(snapshot: MeetingSnapshot, actionId: string): DecisionEntry | null {
  const session = snapshot.info.sessionNumber
  return currentDecision(snapshot.decisions.filter((entry) => sessionOf(entry) < session), actionId)
}

/** Her decision on an action recorded in this session, or null. */
export function decisionThisSession(snapshot: MeetingSnapshot, actionId: string): DecisionEntry | null {
  const session = snapshot.info.sessionNumber
  return currentDecision(snapshot.decisions.filter((entry) => sessionOf(entry) === session), actionId)
}

/** What this session asks about an action (see the top of this file). */
export function questionFor(snapshot: MeetingSnapshot, actionId: string): ActionQuestion {
  if (!isCarried(snapshot, actionId)) return 'decision'
  const before = previousDecision(snapshot, actionId)
  if (before === null || before.decision === 'thinking') return 'decision'
  if (before.decision === 'agreed') return 'outcome'
  if (decisionThisSession(snapshot, actionId) !== null) return 'decision'
  const card = snapshot.actions.find((a) => a.id === actionId)
  return card && decisionIsOutdated(before, card.props) ? 'decision' : 'none'
}

/** A decided action whose card is not on the board (any more). */
export interface OffBoardAction {
  actionId: string
  /** Her last decision on it. */
  decision: DecisionEntry
  /** Who took it off the board and when; null when the server has no note of it. */
  removal: RemovalEntry | null
  /** The card's data as it last was, from the removal note; null without one. */
  props: ActionCardProps | null
}

function lastRemoval(removals: RemovalEntry[], actionId: string): RemovalEntry | null {
  for (let i = removals.length - 1; i >= 0; i--) if (removals[i].actionId === actionId) return removals[i]
  return null
}

function propsOf(removal: RemovalEntry | null): ActionCardProps | null {
  if (removal === null || removal.card.type !== CARD_TYPES.action) return null
  try {
    return validateCardProps(CARD_TYPES.action, removal.card.props)
  } catch {
    return null
  }
}

/** Every action she decided on, in any session, that is not on the board now: nothing she said goes missing. */
export function offBoardDecidedActions(snapshot: MeetingSnapshot): OffBoardAction[] {
  // A card no screen can draw (invalid) is not on the board either: her decision must not hide with it.
  const onBoard = new Set(snapshot.actions.map((a) => a.id))
  const seen = new Set<string>()
  const out: OffBoardAction[] = []
  for (const entry of snapshot.decisions) {
    if (onBoard.has(entry.actionId) || seen.has(entry.actionId)) continue
    seen.add(entry.actionId)
    const removal = lastRemoval(snapshot.removals, entry.actionId)
    out.push({ actionId: entry.actionId, decision: currentDecision(snapshot.decisions, entry.actionId)!, removal, props: propsOf(removal) })
  }
  return out
}

/** Decided actions taken off the board during this session: the close dialog offers to put them back. */
export function removedThisSession(snapshot: MeetingSnapshot): OffBoardAction[] {
  return offBoardDecidedActions(snapshot).filter((item) => item.removal !== null && item.removal.sessionNumber === snapshot.info.sessionNumber)
}

/** The "what" of an off-board action: from its last card, else from what she decided on. */
export function offBoardWhat(item: OffBoardAction): string {
  return item.props?.what ?? item.decision.agreedTo?.what ?? ''
}
