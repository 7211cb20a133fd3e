/**
 * When may a meeting close? Every action has the resident's decision; every agreed action has
 * a named owner and a due date; a follow-up date is set. In a follow-up session, every action
 * carried over from the last session also has an outcome (what became of it). This one function
 * is the rule: the server refuses to close while it returns anything, and the UI lists exactly
 * what it returns.
 */
import { CARD_TYPES, isIsoDate } from './cards'
import { decisionIsOutdated } from './meeting'
import { hasNamedOwner, resolveOwner } from './owners'
import { currentDecision, currentOutcome, isCarried, type MeetingSnapshot } from './snapshot'

export type CloseProblemCode =
  | 'actionWithoutDecision'
  | 'agreedActionWithoutOwner'
  | 'agreedActionWithoutDueDate'
  | 'followUpDateMissing'
  | 'actionWithoutDescription'
  | 'carriedActionWithoutOutcome'
  | 'carriedActionRemoved'
  | 'decisionOutdated'
  | 'invalidCard'

export interface CloseProblem {
  code: CloseProblemCode
  /** The card it concerns (to jump to it), absent for meeting-wide problems. */
  itemId?: string
  /** A short label of the item, e.g. the action's text. */
  itemLabel?: string
}

export function closeProblems(snapshot: MeetingSnapshot): CloseProblem[] {
  const problems: CloseProblem[] = []
  // A card whose data is broken cannot be checked, so it cannot be part of a closed record.
  for (const card of snapshot.invalidCards) {
    if ((Object.values(CARD_TYPES) as string[]).includes(card.type)) problems.push({ code: 'invalidCard', itemId: card.id })
  }
  // What was planned last time must be accounted for, even if its card was taken off the board.
  for (const carriedId of snapshot.info.carriedActionIds) {
    const onBoard = snapshot.actions.some((a) => a.id === carriedId) || snapshot.invalidCards.some((c) => c.id === carriedId)
    if (!onBoard && !currentOutcome(snapshot.outcomes, carriedId, snapshot.info.sessionNumber)) {
      problems.push({ code: 'carriedActionRemoved', itemId: carriedId })
    }
  }
  for (const action of snapshot.actions) {
    const label = action.props.what.trim()
    const item = { itemId: action.id, itemLabel: label }
    if (label === '') problems.push({ code: 'actionWithoutDescription', ...item })
    if (isCarried(snapshot, action.id)) {
      // Its decision was taken last time; now it needs to be said what became of it.
      if (!currentOutcome(snapshot.outcomes, action.id, snapshot.info.sessionNumber)) {
        problems.push({ code: 'carriedActionWithoutOutcome', ...item })
      }
      continue
    }
    const decision = currentDecision(snapshot.decisions, action.id)
    if (!decision) {
      problems.push({ code: 'actionWithoutDecision', ...item })
      continue
    }
    // She decided on what she heard; if what, who or when changed since, ask her again.
    if (decisionIsOutdated(decision, action.props)) {
      problems.push({ code: 'decisionOutdated', ...item })
      continue
    }
    if (decision.decision !== 'agreed') continue
    if (!hasNamedOwner(resolveOwner(snapshot, action.props))) problems.push({ code: 'agreedActionWithoutOwner', ...item })
    if (!isIsoDate(action.props.dueDate)) problems.push({ code: 'agreedActionWithoutDueDate', ...item })
  }
  if (!isIsoDate(snapshot.info.followUpDate)) problems.push({ code: 'followUpDateMissing' })
  return problems
}

export function mayClose(snapshot: MeetingSnapshot): boolean {
  return closeProblems(snapshot).length === 0
}
