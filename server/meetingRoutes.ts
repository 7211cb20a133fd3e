/**
 * The meeting API's effects. Who may, when, and what the body holds were checked by the generic
 * runner (server/http/boardRoutes.ts) from the command table (shared/commands/); each handler
 * here makes its command's own checks and applies its change: written by the server into the
 * meeting document (stored before it is broadcast), so clients see it live over
 * `/sync/<id>/meeting`. A handler answers once its change is committed; an answer that shows the
 * meeting is read right after the change, before that wait (a later request's change may be
 * made meanwhile, and is not this answer's).
 */
import { COMMANDS } from '../shared/commands/index'
import { pngBase64Of } from '../shared/commands/meeting'
import { readMeetingSnapshot } from '../shared/ydoc/snapshot'
import { writeCardBack } from '../shared/ydoc/decidedCards'
import { appendDecision, participantsMap, SERVER_ORIGIN, updateMeetingInfo, upsertParticipant } from '../shared/ydoc/meetingDoc'
import type { JsonObject } from '../shared/ydoc/layout'
import { CloseCode } from '../shared/protocol'
import { AUDIT_ACTIONS } from '../shared/domain/audit'
import { refuse } from './apiSupport'
import { auditRowOf, doneByCall, keepsAuditLog } from './audit/auditLog'
import type { BoardHandler } from './http/handler'
import { boardRef, log } from './log'
import { archiveWithClose, pictureKinds } from './sessionArchive'
import { hashToken } from './tokens'

const { register, decide, meetingSettings, lock, unlock, close, restoreAction } = COMMANDS

/** POST /api/boards/:id/participants — any link: "this is me". */
export const registerParticipant: BoardHandler<'register'> = {
  loadsBoard: true,
  async run({ record, access, board, body }) {
    // Everyone with the participant link shares one token; the browser's own key tells them apart.
    const keyHash = body.key === undefined ? undefined : hashToken(body.key)
    const existing = participantsMap(board.meeting.doc).get(body.userId)
    const refusal = register.check(existing, access, body, keyHash)
    if (refusal !== null) throw refuse(refusal)
    const stored = board.writeMeetingAsync((doc) => upsertParticipant(doc, register.change(access, body, keyHash, new Date().toISOString())))
    const participant = participantsMap(board.meeting.doc).get(body.userId)!
    await stored
    log('info', 'participant_joined', { board: boardRef(record.id), role: participant.role })
    return { participant }
  },
}

/** POST /api/boards/:id/decisions — her decision on one action, appended (never changed). */
export const recordDecision: BoardHandler<'decide'> = {
  loadsBoard: true,
  async run({ record, access, board, body }) {
    const snapshot = readMeetingSnapshot(board.board.doc, board.meeting.doc)
    const refusal = decide.check(snapshot, access, body)
    if (refusal !== null) throw refuse(refusal)
    const decision = decide.change(snapshot, access, body, new Date().toISOString())
    await board.writeMeetingAsync((doc) => appendDecision(doc, decision))
    // Never the words: they are the resident's.
    log('info', 'decision_recorded', { board: boardRef(record.id), access })
    return { decision }
  },
}

/** PATCH /api/boards/:id/meeting — follow-up date, resident may decide. */
export const changeMeetingSettings: BoardHandler<'meetingSettings'> = {
  loadsBoard: true,
  async run({ record, board, body }) {
    const changes = meetingSettings.change(body)
    const stored = board.writeMeetingAsync((doc) => updateMeetingInfo(doc, changes))
    const meeting = board.meetingInfo()
    await stored
    log('info', 'meeting_settings_changed', { board: boardRef(record.id), fields: Object.keys(body).join(',') })
    return { meeting }
  },
}

/** POST …/lock — saying it twice is fine. */
export const lockBoard: BoardHandler<'lock'> = {
  loadsBoard: true,
  async run({ record, board, meeting }) {
    const change = lock.change(meeting)
    if (change === null) return { meeting: board.meetingInfo() }
    const stored = board.writeMeetingAsync((doc) => updateMeetingInfo(doc, change))
    const locked = board.meetingInfo()
    await stored
    log('info', 'meeting_locked', { board: boardRef(record.id) })
    return { meeting: locked }
  },
}

/** POST …/unlock — saying it twice is fine. */
export const unlockBoard: BoardHandler<'unlock'> = {
  loadsBoard: true,
  async run({ record, board, meeting }) {
    const change = unlock.change(meeting)
    if (change === null) return { meeting: board.meetingInfo() }
    const stored = board.writeMeetingAsync((doc) => updateMeetingInfo(doc, change))
    const unlocked = board.meetingInfo()
    await stored
    log('info', 'meeting_unlocked', { board: boardRef(record.id) })
    return { meeting: unlocked }
  },
}

/**
 * POST …/close — checked on the server's own copies of both documents, with the one shared rule;
 * after this nobody can change the session any more. The session is archived (both documents and
 * the picture in the body, if any) in the transaction that stores the close.
 */
export const closeMeeting: BoardHandler<'close'> = {
  loadsBoard: true,
  async run({ record, board, body }) {
    const refused = close.check(readMeetingSnapshot(board.board.doc, board.meeting.doc))
    if (refused !== null) {
      const n = refused.problems.length
      log('info', 'close_refused', { board: boardRef(record.id), problems: n })
      throw refuse(refused.refusal, { extra: { problems: refused.problems }, detail: `${n} open point${n === 1 ? '' : 's'}.` })
    }
    const picture = {
      picturePng: body.picturePng === undefined ? null : new Uint8Array(Buffer.from(pngBase64Of(body.picturePng), 'base64')),
      // Earlier clients also sent an SVG: checked by the validator, never kept.
      svgIgnored: body.pictureSvg !== undefined,
    }
    const stored = board.writeMeetingTogetherWithAsync(
      (doc) => updateMeetingInfo(doc, close.change(new Date().toISOString())),
      (closed) => archiveWithClose(closed, picture),
    )
    const meeting = board.meetingInfo()
    await stored
    log('info', 'meeting_closed', { board: boardRef(record.id), session: meeting.sessionNumber, picture: pictureKinds(picture) })
    return { meeting }
  },
}

/**
 * POST /api/boards/:id/restore-action — puts a decided action that was taken off the board in
 * this session back, exactly as it was (card, relation arrows), as the server's own change.
 */
export const putActionBack: BoardHandler<'restoreAction'> = {
  loadsBoard: true,
  async run({ record, board, body }) {
    const snapshot = readMeetingSnapshot(board.board.doc, board.meeting.doc)
    const refusal = restoreAction.check(snapshot, body.actionId)
    if (refusal !== null) throw refuse(refusal)
    const { card, related } = restoreAction.change(snapshot, body.actionId)
    await board.writeBoardAsync((doc) => doc.transact(() => writeCardBack(doc, card as JsonObject, related as JsonObject[]), SERVER_ORIGIN))
    log('info', 'decided_card_put_back', { board: boardRef(record.id) })
  },
}

/**
 * DELETE /api/boards/:id — everything of the board goes (also its archived sessions), connections
 * get 4404. Its facilitators, members and access log (issue 12) go too, leaving with sign-in on
 * one `board.delete` line: which board, who deleted it, when.
 */
export const deleteBoard: BoardHandler<'deleteBoard'> = {
  loadsBoard: false,
  async run(call) {
    const { ctx, record } = call
    await ctx.boards.deleteAsync(record.id, CloseCode.unknownBoard)
    log('info', 'board_deleted', { board: boardRef(record.id) })
    // Its facilitators, members and log lines go always — also with sign-in switched off after
    // it was on (they name people) —; the `board.delete` line is left only with sign-in on
    // (without it nothing may name the board any more).
    const tombstone = keepsAuditLog(ctx.config) ? auditRowOf(doneByCall(AUDIT_ACTIONS.boardDelete, call)) : null
    // The board is gone whatever happens here: a failure is logged, not answered.
    await ctx.caseStorage.forgetCase(record.id, tombstone).catch((err: unknown) => {
      log('error', 'case_forget_failed', { board: boardRef(record.id), error: err instanceof Error ? err.name : 'unknown' })
    })
  },
}
