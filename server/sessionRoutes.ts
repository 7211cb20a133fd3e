/**
 * The sessions of a case: a closed meeting is archived (server/sessionArchive.ts); a follow-up
 * meeting continues on the same board, and for every action carried over from the last session
 * it is recorded what became of it (an outcome). Who may, when and the body were checked by the
 * generic runner (server/http/boardRoutes.ts) from the command table (shared/commands/).
 */
import { COMMANDS } from '../shared/commands/index'
import { readMeetingSnapshot } from '../shared/ydoc/snapshot'
import { appendOutcome, updateMeetingInfo } from '../shared/ydoc/meetingDoc'
import { refuse } from './apiSupport'
import type { BoardHandler } from './http/handler'
import { boardRef, log } from './log'

const { followUp, outcome } = COMMANDS

/**
 * POST /api/boards/:id/follow-up — the next session of the same case starts from the board as it
 * was closed. The closed session stays archived as it was.
 */
export const startFollowUp: BoardHandler<'followUp'> = {
  loadsBoard: true,
  async run({ record, board }) {
    const next = followUp.change(readMeetingSnapshot(board.board.doc, board.meeting.doc), new Date().toISOString())
    // The new session and "open again" (retention leaves the board alone) in one transaction.
    const stored = board.writeMeetingTogetherWithAsync(
      (doc) => updateMeetingInfo(doc, next),
      (b) => [{ type: 'markSessionOpen', boardId: b.id }],
    )
    const meeting = board.meetingInfo()
    await stored
    log('info', 'follow_up_started', { board: boardRef(record.id), session: meeting.sessionNumber, carried: meeting.carriedActionIds.length })
    return { meeting }
  },
}

/**
 * POST /api/boards/:id/outcomes — what became of an action carried over from the last session,
 * with what the resident says about it; appended, never changed.
 */
export const recordOutcome: BoardHandler<'outcome'> = {
  loadsBoard: true,
  async run({ record, access, board, body }) {
    const snapshot = readMeetingSnapshot(board.board.doc, board.meeting.doc)
    const refusal = outcome.check(snapshot, access, body)
    if (refusal !== null) throw refuse(refusal)
    const entry = outcome.change(snapshot, access, body, new Date().toISOString())
    await board.writeMeetingAsync((doc) => appendOutcome(doc, entry))
    // Never the outcome or the words: they are about the resident.
    log('info', 'outcome_recorded', { board: boardRef(record.id), access })
    return { outcome: entry }
  },
}

/** GET /api/boards/:id/sessions — the current session and the archived ones; does not load the board. */
export const listSessions: BoardHandler<'sessions'> = {
  loadsBoard: false,
  async run({ ctx, record, meeting }) {
    return {
      current: { number: meeting.sessionNumber, state: meeting.state, startedAt: meeting.startedAt },
      archived: await ctx.storage.listSessions(record.id),
    }
  },
}
