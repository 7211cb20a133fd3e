/**
 * Her own answers: a decision on an action of this session, and at a follow-up what became of an
 * action carried over from the last one. Both are appended, never changed; both are recorded by
 * a registered participant, by the facilitator or — while the facilitator allows it — by the
 * resident herself.
 */
import type { DecisionEntry, OutcomeEntry, Participant, RecordDecisionRequest, RecordOutcomeRequest } from '../domain/meeting'
import { agreedTermsOf } from '../domain/meeting'
import { questionFor } from '../domain/followUp'
import { roleForLink } from '../domain/roles'
import type { MeetingSnapshot } from '../domain/snapshot'
import type { Access } from '../protocol'
import { command, facilitatorOrAllowedResident, whileNotClosed } from './command'

export type RecorderRefusal = 'unknownParticipant' | 'notOwnName'
export type DecideRefusal = RecorderRefusal | 'unknownAction' | 'carried'
export type OutcomeRefusal = RecorderRefusal | 'unknownAction' | 'notCarried' | 'outcomeNotAsked'

/**
 * Who records it: someone who joined this board, with this same kind of link (the resident
 * cannot sign as the facilitator). Their role is the link's ("Vastgelegd door … (Gespreksleider)"),
 * also for entries made before the server set it from the link.
 */
export function recorderOf(snapshot: MeetingSnapshot, access: Access, userId: string): Participant | RecorderRefusal {
  const recorder = snapshot.participants.find((p) => p.userId === userId)
  if (recorder === undefined) return 'unknownParticipant'
  if (recorder.access !== undefined && recorder.access !== access) return 'notOwnName'
  return { ...recorder, role: roleForLink(access, recorder.role) ?? recorder.role }
}

function signature(recorder: Participant): DecisionEntry['recordedBy'] {
  return { userId: recorder.userId, name: recorder.name, role: recorder.role }
}

export const decide = {
  ...command('decide', { changes: true, who: facilitatorOrAllowedResident, when: whileNotClosed }),
  /**
   * The action must be a valid card on the board. What she agreed to last time gets an outcome
   * now (`carried`); what she wanted to think about, or declined, she may decide on (again).
   */
  check(snapshot: MeetingSnapshot, access: Access, request: RecordDecisionRequest): DecideRefusal | null {
    const recorder = recorderOf(snapshot, access, request.recordedBy.userId)
    if (typeof recorder === 'string') return recorder
    if (!snapshot.actions.some((a) => a.id === request.actionId)) return 'unknownAction'
    if (questionFor(snapshot, request.actionId) === 'outcome') return 'carried'
    return null
  },
  /** The entry to append. Only after `check`. */
  change(snapshot: MeetingSnapshot, access: Access, request: RecordDecisionRequest, at: string): DecisionEntry {
    const recorder = recorderOf(snapshot, access, request.recordedBy.userId) as Participant
    const action = snapshot.actions.find((a) => a.id === request.actionId)!
    const { actionId, decision, residentWords, teachBack } = request
    return {
      actionId,
      decision,
      residentWords,
      teachBack,
      // What she heard when she decided; a later change of the card makes her decision outdated.
      agreedTo: agreedTermsOf(action.props),
      recordedBy: signature(recorder),
      residentName: snapshot.resident?.props.name ?? '',
      at,
      sessionNumber: snapshot.info.sessionNumber,
    }
  },
}

export const outcome = {
  ...command('outcome', { changes: true, who: facilitatorOrAllowedResident, when: whileNotClosed }),
  /**
   * A carried action is accounted for even when its card was taken off the board. Only what she
   * agreed to has an outcome: what she declined is not asked about again, and what she wanted to
   * think about she decides on anew.
   */
  check(snapshot: MeetingSnapshot, access: Access, request: RecordOutcomeRequest): OutcomeRefusal | null {
    const recorder = recorderOf(snapshot, access, request.recordedBy.userId)
    if (typeof recorder === 'string') return recorder
    const carried = snapshot.info.carriedActionIds.includes(request.actionId)
    if (!carried && !snapshot.actions.some((a) => a.id === request.actionId)) return 'unknownAction'
    if (!carried) return 'notCarried'
    if (questionFor(snapshot, request.actionId) !== 'outcome') return 'outcomeNotAsked'
    return null
  },
  /** The entry to append. Only after `check`. */
  change(snapshot: MeetingSnapshot, access: Access, request: RecordOutcomeRequest, at: string): OutcomeEntry {
    const recorder = recorderOf(snapshot, access, request.recordedBy.userId) as Participant
    const { actionId, outcome: result, residentWords } = request
    return { actionId, outcome: result, residentWords, recordedBy: signature(recorder), sessionNumber: snapshot.info.sessionNumber, at }
  },
}
