/**
 * When may a meeting close? Every action has the resident's decision; every action she agreed to
 * or wants to think about has a named owner and a due date (for "thinking": who comes back to her
 * about it, and by when); the follow-up date is set and confirmed by the facilitator. In a
 * follow-up session, every action she agreed to last time has an outcome, and every action she
 * wanted to think about has a new decision (followUp.ts says what each action asks). This one
 * function is the rule: the server refuses to close while it returns anything, and the UI lists
 * exactly what it returns.
 */
import { CARD_TYPES, isIsoDate } from './cards'
import { decisionIsOutdated } from './meeting'
import { hasNamedOwner, resolveOwner } from './owners'
import { previousDecision, questionFor } from './followUp'
import { currentDecision, currentOutcome, type MeetingSnapshot } from './snapshot'

export type CloseProblemCode =
  | 'actionWithoutDecision'
  | 'agreedActionWithoutOwner'
  | 'agreedActionWithoutDueDate'
  | 'thinkingActionWithoutOwner'
  | 'thinkingActionWithoutDueDate'
  | 'thinkingActionNotDecidedAgain'
  | 'followUpDateMissing'
  | 'followUpDateNotConfirmed'
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
  const session = snapshot.info.sessionNumber
  // A card whose data is broken cannot be checked, so it cannot be part of a closed record.
  for (const card of snapshot.invalidCards) {
    if ((Object.values(CARD_TYPES) as string[]).includes(card.type)) problems.push({ code: 'invalidCard', itemId: card.id })
  }
  // What she agreed to last time must be accounted for, even if its card was taken off the board.
  for (const carriedId of snapshot.info.carriedActionIds) {
    const onBoard = snapshot.actions.some((a) => a.id === carriedId) || snapshot.invalidCards.some((c) => c.id === carriedId)
    if (!onBoard && previousDecision(snapshot, carriedId)?.decision === 'agreed' && !currentOutcome(snapshot.outcomes, carriedId, session)) {
      problems.push({ code: 'carriedActionRemoved', itemId: carriedId })
    }
  }
  for (const action of snapshot.actions) {
    const label = action.props.what.trim()
    const item = { itemId: action.id, itemLabel: label }
    if (label === '') problems.push({ code: 'actionWithoutDescription', ...item })
    const question = questionFor(snapshot, action.id)
    if (question === 'none') continue
    if (question === 'outcome') {
      // Her decision was taken last time; now it needs to be said what became of it.
      if (!currentOutcome(snapshot.outcomes, action.id, session)) problems.push({ code: 'carriedActionWithoutOutcome', ...item })
      continue
    }
    const decision = currentDecision(snapshot.decisions, action.id)
    if (!decision) {
      problems.push({ code: 'actionWithoutDecision', ...item })
      continue
    }
    // She wanted to think about it last time: this time she says what she wants.
    if ((decision.sessionNumber ?? 1) < session && decision.decision === 'thinking') {
      problems.push({ code: 'thinkingActionNotDecidedAgain', ...item })
      continue
    }
    // She decided on what she heard; if what, who or when changed since, ask her again.
    if (decisionIsOutdated(decision, action.props)) {
      problems.push({ code: 'decisionOutdated', ...item })
      continue
    }
    if (decision.decision === 'declined') continue
    // Agreed: who does it, by when. Thinking: who comes back to her about it, by when.
    const agreed = decision.decision === 'agreed'
    if (!hasNamedOwner(resolveOwner(snapshot, action.props))) {
      problems.push({ code: agreed ? 'agreedActionWithoutOwner' : 'thinkingActionWithoutOwner', ...item })
    }
    if (!isIsoDate(action.props.dueDate)) {
      problems.push({ code: agreed ? 'agreedActionWithoutDueDate' : 'thinkingActionWithoutDueDate', ...item })
    }
  }
  if (!isIsoDate(snapshot.info.followUpDate)) problems.push({ code: 'followUpDateMissing' })
  else if (!snapshot.info.followUpConfirmed) problems.push({ code: 'followUpDateNotConfirmed' })
  return problems
}

export function mayClose(snapshot: MeetingSnapshot): boolean {
  return closeProblems(snapshot).length === 0
}

/** The problems only her answer can settle: a decision, a new decision, or what became of it. */
const HER_ANSWER: ReadonlySet<CloseProblemCode> = new Set<CloseProblemCode>([
  'actionWithoutDecision',
  'decisionOutdated',
  'thinkingActionNotDecidedAgain',
  'carriedActionWithoutOutcome',
])

/** The actions that still wait for her answer (shown on the screen at the table). */
export function waitingForHerAnswer(snapshot: MeetingSnapshot): CloseProblem[] {
  return closeProblems(snapshot).filter((problem) => HER_ANSWER.has(problem.code))
}

export type CloseWarningCode = 'followUpBeforeDueDate'

/** Worth a second look, but no reason to refuse closing. */
export interface CloseWarning {
  code: CloseWarningCode
  itemId: string
  itemLabel: string
  /** The date concerned (`YYYY-MM-DD`), e.g. the action's due date. */
  date: string
}

/**
 * The follow-up meeting would come before an agreed action is due: it could not yet say what
 * became of it. The close dialog shows these beside the date.
 */
export function closeWarnings(snapshot: MeetingSnapshot, followUpDate: string = snapshot.info.followUpDate): CloseWarning[] {
  if (!isIsoDate(followUpDate)) return []
  const warnings: CloseWarning[] = []
  for (const action of snapshot.actions) {
    if (questionFor(snapshot, action.id) !== 'decision') continue
    const decision = currentDecision(snapshot.decisions, action.id)
    if (decision?.decision !== 'agreed' || !isIsoDate(action.props.dueDate)) continue
    if (action.props.dueDate > followUpDate) {
      warnings.push({ code: 'followUpBeforeDueDate', itemId: action.id, itemLabel: action.props.what.trim(), date: action.props.dueDate })
    }
  }
  return warnings
}
