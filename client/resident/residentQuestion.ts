/**
 * What her phone shows about one action: her answer so far, whether the action changed since
 * she gave it, and whether she is asked (again). Pure, from the live snapshot, so her phone,
 * the facilitator's panel and the server's close rule read the same facts (shared/domain).
 */
import { canRun, COMMANDS } from '../../shared/commands/index'
import { decisionIsOutdated, type DecisionEntry } from '../../shared/domain/meeting'
import { questionFor, type ActionQuestion } from '../../shared/domain/followUp'
import { currentDecision, type Card, type MeetingSnapshot } from '../../shared/domain/snapshot'
import type { ActionCardProps } from '../../shared/domain/cards'
import type { Access } from '../../shared/protocol'

export interface ResidentQuestion {
  /** What this session asks her: a decision, what came of it, or nothing (she declined before). */
  question: ActionQuestion
  /** Her latest answer on it, in any session; null when she has not answered yet. */
  answer: DecisionEntry | null
  /** The answer was given in an earlier session (shown as "Vorige keer"). */
  answerFromEarlierSession: boolean
  /** The action changed after she answered, so she is asked again ("Dit is veranderd"). */
  changed: boolean
  /** She still has to answer: no answer yet, a changed action, or a "thinking" from last time. */
  waitsForAnswer: boolean
  /** She may answer herself now: the meeting is open and the facilitator lets her. */
  mayAnswer: boolean
}

export function residentQuestion(snapshot: MeetingSnapshot, action: Card<ActionCardProps>, access: Access): ResidentQuestion {
  const question = questionFor(snapshot, action.id)
  const answer = currentDecision(snapshot.decisions, action.id)
  const answerFromEarlierSession = answer !== null && (answer.sessionNumber ?? 1) < snapshot.info.sessionNumber
  // Only a decision can be asked again; what she agreed to last time gets an outcome instead.
  const changed = question === 'decision' && answer !== null && decisionIsOutdated(answer, action.props)
  const waitsForAnswer = question === 'decision' && (answer === null || changed || answerFromEarlierSession)
  // The server also accepts the facilitator's recording while the board is locked, but her own
  // screen stays still then: a locked board means "not now" to everyone at the table.
  const mayAnswer = snapshot.info.state === 'open' && canRun(question === 'outcome' ? COMMANDS.outcome : COMMANDS.decide, access, snapshot.info) === null
  return { question, answer, answerFromEarlierSession, changed, waitsForAnswer, mayAnswer }
}

/** A `tel:` or `mailto:` link for a contact, so she can tap it; null for anything else. */
export function contactHref(contact: string): string | null {
  const text = contact.trim()
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return `mailto:${text}`
  if (/^\+?[\d\s\-()]{6,}$/.test(text)) return `tel:${text.replace(/[\s\-()]/g, '')}`
  return null
}
