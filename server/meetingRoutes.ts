/**
 * The meeting API: who may do what, and nothing more. Parsing and rules come from shared/
 * (parseParticipant, parseDecisionRequest, parseMeetingSettings, closeProblems); every change is
 * written by the server into the meeting document (stored before it is broadcast), so clients
 * see it live over `/sync/<id>/meeting`.
 *
 * Order of checks in every handler: board (404), token (401), kind of token (403), body (400),
 * meeting state (409), then the rule itself.
 */
import type { CloseProblem } from '../shared/domain/closeRule'
import { closeProblems } from '../shared/domain/closeRule'
import type { DecisionEntry, MeetingInfo, MeetingState } from '../shared/domain/meeting'
import { agreedTermsOf, parseDecisionRequest, parseMeetingSettings, parseParticipant } from '../shared/domain/meeting'
import { readMeetingSnapshot } from '../shared/domain/snapshot'
import { questionFor, removedThisSession } from '../shared/domain/followUp'
import { roleForLink } from '../shared/domain/roles'
import { writeCardBack } from '../shared/ydoc/decidedCards'
import { appendDecision, participantsMap, SERVER_ORIGIN, updateMeetingInfo, upsertParticipant } from '../shared/ydoc/meetingDoc'
import type { JsonObject } from '../shared/ydoc/layout'
import type { Access, DecisionResponse, MeetingResponse, ParticipantResponse } from '../shared/protocol'
import { CloseCode } from '../shared/protocol'
import type { LoadedBoard } from './boards'
import type { ApiRequest } from './apiSupport'
import type { BoardRecord } from './storage'
import {
  authorise,
  forbidden,
  HttpError,
  invalidInput,
  meetingClosed,
  parseJsonBody,
  sendJson,
  sendNoContent,
  withLoadedBoard,
} from './apiSupport'
import { boardRef, log } from './log'
import { readResidentAnswer } from './residentAnswers'
import { archiveClosedSession, parseClosePicture, pictureKinds } from './sessionArchive'
import { hashToken } from './tokens'

export function refuseIfClosed(board: LoadedBoard): MeetingInfo {
  const info = board.meetingInfo()
  if (info.state === 'closed') throw meetingClosed()
  return info
}

/** Facilitator only; `what` completes "Alleen de gespreksleider mag …". */
export function requireFacilitator(record: BoardRecord, access: Access, action: string, what: string): void {
  if (access !== 'facilitator') throw forbidden(record, access, action, `Alleen de gespreksleider mag ${what}.`)
}

/** POST /api/boards/:id/participants — any token: "this is me" (name badge, not an account). */
export function registerParticipant({ ctx, req, res, params, body }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  const input = parseJsonBody(body)
  const parsed = parseParticipant(input, new Date().toISOString())
  if (!parsed.ok) throw invalidInput(parsed.errors)
  const keyHash = participantKeyHash(input)
  const participant = withLoadedBoard(ctx, record, (board) => {
    // A closed meeting is the record: who was there does not change afterwards either.
    refuseIfClosed(board)
    // An entry belongs to the kind of link that made it: a participant link cannot rename the
    // facilitator or the resident by sending their user id.
    const existing = participantsMap(board.meeting.doc).get(parsed.value.userId)
    if (existing?.access !== undefined && existing.access !== access) {
      throw forbidden(record, access, 'participant', 'Deze deelnemer hoort bij een andere link. Meld u aan met uw eigen link.')
    }
    // Everyone with the participant link shares one token; the browser's own key tells them apart.
    if (existing?.keyHash !== undefined && existing.keyHash !== keyHash) {
      throw forbidden(record, access, 'participant', 'Deze naam hoort bij een ander apparaat. Meld u aan met uw eigen naam.')
    }
    // The link decides the role where it matters: the facilitator link is the gespreksleider,
    // the resident link the bewoner, whatever was typed.
    const role = roleForLink(access, parsed.value.role)
    if (role === null) {
      throw new HttpError(400, 'role_needs_link', 'Deze rol hoort bij een eigen link. Kies een andere rol, of vraag de gespreksleider om de juiste link.')
    }
    board.writeMeeting((doc) => upsertParticipant(doc, { ...parsed.value, role, access, ...(keyHash ? { keyHash } : {}) }))
    return participantsMap(board.meeting.doc).get(parsed.value.userId)!
  })
  log('info', 'participant_joined', { board: boardRef(record.id), role: participant.role })
  const answer: ParticipantResponse = { participant }
  sendJson(res, 200, answer)
}

/**
 * POST /api/boards/:id/decisions — the resident's decision on one action, appended (never
 * changed). The facilitator records it; the resident's own link may when the facilitator
 * switched `residentMayDecide` on.
 */
export function recordDecision({ ctx, req, res, params, body }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  const decision = withLoadedBoard(ctx, record, (board): DecisionEntry => {
    const { info, snapshot, request, recorder } = readResidentAnswer(board, record, access, body, parseDecisionRequest, {
      action: 'decide',
      participant: 'Alleen de gespreksleider mag een keuze van de bewoner vastleggen.',
      resident: 'Alleen de gespreksleider mag nu uw keuze vastleggen. De gespreksleider kan aanzetten dat u dat zelf doet.',
    })
    // What she agreed to last time gets an outcome now; what she wanted to think about, or
    // declined, she may decide on (again).
    if (questionFor(snapshot, request.actionId) === 'outcome') {
      throw new HttpError(
        409,
        'carried',
        'Deze actie wilde de bewoner in het vorige gesprek. Leg nu vast wat ervan terechtkwam.',
      )
    }
    const action = snapshot.actions.find((a) => a.id === request.actionId)!
    const entry: DecisionEntry = {
      ...request,
      // What she heard when she decided; a later change of the card makes her decision outdated.
      agreedTo: agreedTermsOf(action.props),
      recordedBy: { userId: recorder.userId, name: recorder.name, role: recorder.role },
      residentName: snapshot.resident?.props.name ?? '',
      at: new Date().toISOString(),
      sessionNumber: info.sessionNumber,
    }
    board.writeMeeting((doc) => appendDecision(doc, entry))
    return entry
  })
  // Never the words: they are the resident's.
  log('info', 'decision_recorded', { board: boardRef(record.id), access })
  const answer: DecisionResponse = { decision }
  sendJson(res, 201, answer)
}

/** SHA-256 of the participant's own key (`key`, at least 16 characters), or undefined without one. */
function participantKeyHash(input: unknown): string | undefined {
  const key = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).key : undefined
  return typeof key === 'string' && key.length >= 16 && key.length <= 200 ? hashToken(key) : undefined
}

/** PATCH /api/boards/:id/meeting — facilitator: follow-up date, resident may decide. */
export function changeMeetingSettings({ ctx, req, res, params, body }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  requireFacilitator(record, access, 'meeting_settings', 'de afspraken over het gesprek wijzigen')
  const parsed = parseMeetingSettings(parseJsonBody(body))
  if (!parsed.ok) throw invalidInput(parsed.errors)
  // Setting the follow-up date is the facilitator confirming it; clearing it takes that back.
  const changes: Partial<MeetingInfo> =
    parsed.value.followUpDate === undefined ? parsed.value : { ...parsed.value, followUpConfirmed: parsed.value.followUpDate !== '' }
  const meeting = withLoadedBoard(ctx, record, (board) => {
    refuseIfClosed(board)
    board.writeMeeting((doc) => updateMeetingInfo(doc, changes))
    return board.meetingInfo()
  })
  log('info', 'meeting_settings_changed', { board: boardRef(record.id), fields: Object.keys(parsed.value).join(',') })
  const answer: MeetingResponse = { meeting }
  sendJson(res, 200, answer)
}

/** POST …/lock and …/unlock — facilitator; saying it twice is fine. */
export function lockBoard(request: ApiRequest): void {
  setLock(request, 'locked')
}

export function unlockBoard(request: ApiRequest): void {
  setLock(request, 'open')
}

function setLock({ ctx, req, res, params }: ApiRequest, state: Exclude<MeetingState, 'closed'>): void {
  const { record, access } = authorise(ctx, req, params[0])
  const locking = state === 'locked'
  requireFacilitator(record, access, locking ? 'lock' : 'unlock', locking ? 'het bord vergrendelen' : 'het bord weer openzetten')
  const { meeting, changed } = withLoadedBoard(ctx, record, (board) => {
    const before = refuseIfClosed(board)
    if (before.state !== state) board.writeMeeting((doc) => updateMeetingInfo(doc, { state }))
    return { meeting: board.meetingInfo(), changed: before.state !== state }
  })
  if (changed) log('info', locking ? 'meeting_locked' : 'meeting_unlocked', { board: boardRef(record.id) })
  const answer: MeetingResponse = { meeting }
  sendJson(res, 200, answer)
}

/**
 * POST …/close — facilitator. Checked on the server's own copies of both documents, with the
 * one shared rule; after this nobody can change the session any more. The session is archived
 * (both documents and the optional picture in the body) in the transaction that stores the close.
 */
export function closeMeeting({ ctx, req, res, params, body }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  requireFacilitator(record, access, 'close', 'het gesprek afronden')
  const picture = parseClosePicture(body)
  const outcome = withLoadedBoard(ctx, record, (board): { meeting: MeetingInfo } | { problems: CloseProblem[] } => {
    refuseIfClosed(board)
    const problems = closeProblems(readMeetingSnapshot(board.board.doc, board.meeting.doc))
    if (problems.length > 0) return { problems }
    board.writeMeetingTogetherWith(
      (doc) => updateMeetingInfo(doc, { state: 'closed', closedAt: new Date().toISOString() }),
      () => archiveClosedSession(ctx.store, board, picture),
    )
    return { meeting: board.meetingInfo() }
  })
  if ('problems' in outcome) {
    const n = outcome.problems.length
    log('info', 'close_refused', { board: boardRef(record.id), problems: n })
    throw new HttpError(
      409,
      'close_refused',
      `Het gesprek kan nog niet worden afgerond: ${n === 1 ? 'er is nog 1 punt' : `er zijn nog ${n} punten`} open.`,
      {},
      { problems: outcome.problems },
    )
  }
  log('info', 'meeting_closed', {
    board: boardRef(record.id),
    session: outcome.meeting.sessionNumber,
    picture: pictureKinds(picture),
  })
  const answer: MeetingResponse = { meeting: outcome.meeting }
  sendJson(res, 200, answer)
}

/**
 * POST /api/boards/:id/restore-action — facilitator: puts a decided action that was taken off
 * the board in this session back, exactly as it was (card, relation arrows), as the server's own
 * change. Body `{ actionId }`.
 */
export function restoreAction({ ctx, req, res, params, body }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  requireFacilitator(record, access, 'restore_action', 'een actie terugzetten op het bord')
  const input = parseJsonBody(body)
  const actionId = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).actionId : undefined
  if (typeof actionId !== 'string' || !actionId.startsWith('shape:') || actionId.length > 200) throw invalidInput(['actionId is geen kaart'])
  withLoadedBoard(ctx, record, (board) => {
    refuseIfClosed(board)
    const item = removedThisSession(readMeetingSnapshot(board.board.doc, board.meeting.doc)).find((r) => r.actionId === actionId)
    if (item === undefined || item.removal === null) {
      throw new HttpError(404, 'not_removed', 'Deze actie is in dit gesprek niet van het bord gehaald.')
    }
    const { card, related } = item.removal
    board.writeBoard((doc) => doc.transact(() => writeCardBack(doc, card as JsonObject, related as JsonObject[]), SERVER_ORIGIN))
  })
  log('info', 'decided_card_put_back', { board: boardRef(record.id) })
  sendNoContent(res)
}

/** DELETE /api/boards/:id — facilitator: everything of the board goes (also its archived sessions), connections get 4404. */
export function deleteBoard({ ctx, req, res, params }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  requireFacilitator(record, access, 'delete', 'het bord verwijderen')
  ctx.boards.delete(record.id, CloseCode.unknownBoard)
  log('info', 'board_deleted', { board: boardRef(record.id) })
  sendNoContent(res)
}
