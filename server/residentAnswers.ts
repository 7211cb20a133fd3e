/**
 * What recording a decision and recording an outcome share: who may (the shared rule), a valid
 * body with `recordedBy`, an open meeting, a registered recorder and an existing action card.
 * Each route adds its own rule and appends its own entry.
 */
import type { MeetingInfo, Participant, ValidationResult } from '../shared/domain/meeting'
import { mayRecordResidentAnswers } from '../shared/domain/meeting'
import { roleForLink } from '../shared/domain/roles'
import { readMeetingSnapshot, type MeetingSnapshot } from '../shared/domain/snapshot'
import type { Access } from '../shared/protocol'
import type { LoadedBoard } from './boards'
import { forbidden, HttpError, invalidInput, meetingClosed, parseJsonBody, recordedByUserId } from './apiSupport'
import type { BoardRecord } from './storage'

export interface ResidentAnswer<R> {
  info: MeetingInfo
  snapshot: MeetingSnapshot
  request: R
  recorder: Participant
}

export function readResidentAnswer<R extends { actionId: string }>(
  board: LoadedBoard,
  record: BoardRecord,
  access: Access,
  body: Buffer,
  parse: (input: unknown) => ValidationResult<R>,
  refusal: { action: string; participant: string; resident: string },
  /** Whether the action may be answered on; by default it must be a valid card on the board. */
  actionKnown: (snapshot: MeetingSnapshot, actionId: string) => boolean = (snapshot, id) => snapshot.actions.some((a) => a.id === id),
): ResidentAnswer<R> {
  const info = board.meetingInfo()
  if (!mayRecordResidentAnswers(access, info)) {
    throw forbidden(record, access, refusal.action, access === 'resident' ? refusal.resident : refusal.participant)
  }
  const input = parseJsonBody(body)
  const parsed = parse(input)
  const recordedById = recordedByUserId(input)
  const errors = [...(parsed.ok ? [] : parsed.errors), ...(recordedById === null ? ['recordedBy.userId ontbreekt'] : [])]
  if (!parsed.ok || recordedById === null) throw invalidInput(errors)
  if (info.state === 'closed') throw meetingClosed()

  const snapshot = readMeetingSnapshot(board.board.doc, board.meeting.doc)
  const recorder = snapshot.participants.find((p) => p.userId === recordedById)
  if (recorder === undefined) {
    throw new HttpError(400, 'unknown_participant', 'Wie dit vastlegt, is niet aangemeld bij dit bord. Meld u eerst aan.')
  }
  // Recorded by someone who joined with this same kind of link: the resident cannot sign as the facilitator.
  if (recorder.access !== undefined && recorder.access !== access) {
    throw forbidden(record, access, refusal.action, 'U kunt alleen vastleggen onder uw eigen naam.')
  }
  if (!actionKnown(snapshot, parsed.value.actionId)) {
    throw new HttpError(404, 'unknown_action', 'Deze actie staat niet (meer) op het bord.')
  }
  // "Vastgelegd door … (Gespreksleider)": the link decides the role, also for entries made
  // before the server set it from the link.
  return { info, snapshot, request: parsed.value, recorder: { ...recorder, role: roleForLink(access, recorder.role) ?? recorder.role } }
}
