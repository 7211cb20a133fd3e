/**
 * The sessions of a case: a closed meeting is archived (server/sessionArchive.ts); a follow-up
 * meeting continues on the same board, and for every action carried over from the last session
 * it is recorded what became of it (an outcome). Same order of checks as the meeting API
 * (server/meetingRoutes.ts): board (404), token (401), kind of token (403), body (400), meeting
 * state (409), then the rule itself.
 */
import type { MeetingInfo, OutcomeEntry } from '../shared/domain/meeting'
import { followUpMeetingInfo, parseOutcomeRequest } from '../shared/domain/meeting'
import { readMeetingSnapshot } from '../shared/domain/snapshot'
import { questionFor } from '../shared/domain/followUp'
import { appendOutcome, updateMeetingInfo } from '../shared/ydoc/meetingDoc'
import type { MeetingResponse, OutcomeResponse, SessionsResponse } from '../shared/protocol'
import type { ApiRequest } from './apiSupport'
import { authorise, HttpError, sendJson, withLoadedBoard } from './apiSupport'
import { boardRef, log } from './log'
import { readResidentAnswer } from './residentAnswers'
import { requireFacilitator } from './meetingRoutes'
import { archiveClosedSession } from './sessionArchive'

/**
 * POST /api/boards/:id/follow-up — facilitator. The next session of the same case starts from the
 * board as it was closed: every card stays, every action on it is carried over and needs an
 * outcome before this session can close. The closed session stays archived as it was.
 */
export function startFollowUp({ ctx, req, res, params }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  requireFacilitator(record, access, 'follow_up', 'een vervolggesprek starten')
  const meeting = withLoadedBoard(ctx, record, (board): MeetingInfo => {
    const closed = board.meetingInfo()
    if (closed.state !== 'closed') {
      throw new HttpError(409, 'meeting_not_closed', 'Een vervolggesprek kan pas beginnen als dit gesprek is afgerond.')
    }
    // Closed before sessions were archived: archive it now. A closed board cannot have changed
    // since, so this is the record as it was closed (without a picture).
    if (closed.closedAt !== null && !ctx.store.hasSession(board.id, closed.sessionNumber)) {
      archiveClosedSession(ctx.store, board, { pictureSvg: null, picturePng: null })
    }
    const actionIds = readMeetingSnapshot(board.board.doc, board.meeting.doc).actions.map((action) => action.id)
    const next = followUpMeetingInfo(closed, actionIds, new Date().toISOString())
    board.writeMeetingTogetherWith(
      (doc) => updateMeetingInfo(doc, next),
      () => ctx.store.markSessionOpen(board.id),
    )
    return board.meetingInfo()
  })
  log('info', 'follow_up_started', { board: boardRef(record.id), session: meeting.sessionNumber, carried: meeting.carriedActionIds.length })
  const answer: MeetingResponse = { meeting }
  sendJson(res, 200, answer)
}

/**
 * POST /api/boards/:id/outcomes — what became of an action carried over from the last session,
 * with what the resident says about it; appended, never changed. Who may: as for decisions (the
 * facilitator; the resident's own link while `residentMayDecide`).
 */
export function recordOutcome({ ctx, req, res, params, body }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  const outcome = withLoadedBoard(ctx, record, (board): OutcomeEntry => {
    const { info, snapshot, request, recorder } = readResidentAnswer(board, record, access, body, parseOutcomeRequest, {
      action: 'outcome',
      participant: 'Alleen de gespreksleider mag vastleggen wat er van een actie is gekomen.',
      resident:
        'Alleen de gespreksleider mag nu vastleggen wat er van een actie is gekomen. De gespreksleider kan aanzetten dat u dat zelf doet.',
    },
    // A carried action is accounted for even when its card was taken off the board.
    (snapshot, id) => snapshot.info.carriedActionIds.includes(id) || snapshot.actions.some((a) => a.id === id))
    if (!info.carriedActionIds.includes(request.actionId)) {
      throw new HttpError(
        409,
        'not_carried',
        'Deze actie is in dit gesprek nieuw afgesproken. Een uitkomst hoort bij een actie uit het vorige gesprek; leg hier een keuze van de bewoner vast.',
      )
    }
    // Only what she agreed to has an outcome: what she declined is not asked about again, and
    // what she wanted to think about she decides on anew.
    if (questionFor(snapshot, request.actionId) !== 'outcome') {
      throw new HttpError(
        409,
        'outcome_not_asked',
        'De bewoner wilde deze actie in het vorige gesprek niet, of wilde erover nadenken. Leg hier geen uitkomst vast, maar zo nodig haar keuze.',
      )
    }
    const entry: OutcomeEntry = {
      ...request,
      recordedBy: { userId: recorder.userId, name: recorder.name, role: recorder.role },
      sessionNumber: info.sessionNumber,
      at: new Date().toISOString(),
    }
    board.writeMeeting((doc) => appendOutcome(doc, entry))
    return entry
  })
  // Never the outcome or the words: they are about the resident.
  log('info', 'outcome_recorded', { board: boardRef(record.id), access })
  const answer: OutcomeResponse = { outcome }
  sendJson(res, 201, answer)
}

/** GET /api/boards/:id/sessions — facilitator: the current session and the archived ones. */
export function listSessions({ ctx, req, res, params }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  requireFacilitator(record, access, 'sessions', 'de gesprekken van deze casus zien')
  // Read without loading the board, like GET /api/boards/:id.
  const info = ctx.boards.meetingInfo(record)
  const answer: SessionsResponse = {
    current: { number: info.sessionNumber, state: info.state, startedAt: info.startedAt },
    archived: ctx.store.listSessions(record.id),
  }
  sendJson(res, 200, answer)
}
