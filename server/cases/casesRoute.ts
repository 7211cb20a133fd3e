/**
 * `GET /api/cases` — "Mijn gesprekken" (issue 12): every case the signed-in professional
 * facilitates or took part in, with what its meeting tells (shared/domain/cases.ts, pure) and
 * its last change, sorted by the next follow-up date. 404 `sign_in_off` without sign-in, 401
 * `sign_in_required` without a session.
 *
 * A case's documents are read from storage into throwaway Y.Docs: every accepted update is
 * committed before anyone sees it, so storage is as new as any loaded copy (also one on another
 * node), and listing loads no board into memory. The last change the log records comes from one
 * aggregate query per case (CaseStorage.lastLoggedChange), never from reading the whole log.
 * At most MAX_CASES cases are listed (docs/api.md): facilitated cases first.
 */
import type { IncomingMessage } from 'node:http'
import * as Y from 'yjs'
import { caseFactsOf, meetingLastChange, sortCases } from '../../shared/domain/cases'
import type { CaseSummary, CasesResponse } from '../../shared/protocol'
import { BOARD_PATH_PREFIX } from '../../shared/protocol'
import { readMeetingSnapshot } from '../../shared/ydoc/snapshot'
import type { HttpContext } from '../apiSupport'
import { refuse } from '../apiSupport'
import { sessionOf } from '../auth/sessions'
import { boardRef, errorText, log } from '../log'
import type { CaseOfAccount } from '../storage/accountStorage'
import { restoreDocument } from '../syncedDocument'

/** Cases read at once (each reads two documents and one aggregate of the case's log). */
const READ_AT_ONCE = 8

/**
 * The most cases one answer lists: each costs two documents read and decoded, so a list without
 * a bound would let one account's request take the server's time. Facilitated cases come first.
 */
export const MAX_CASES = 500

export async function casesRoute(ctx: HttpContext, req: IncomingMessage): Promise<CasesResponse> {
  if (ctx.config.signIn === null) throw refuse('signInOff')
  const session = await sessionOf(ctx, req, { stateChanging: false })
  if (session.kind !== 'signedIn') throw refuse('signInRequired')
  const { issuer, subject } = session.session.account
  const cases = (await ctx.caseStorage.casesOf(issuer, subject)).slice(0, MAX_CASES)
  const summaries: CaseSummary[] = []
  for (let i = 0; i < cases.length; i += READ_AT_ONCE) {
    const read = await Promise.all(cases.slice(i, i + READ_AT_ONCE).map((entry) => summaryOf(ctx, entry)))
    for (const summary of read) if (summary !== null) summaries.push(summary)
  }
  return { cases: sortCases(summaries) }
}

/** One case's line of the list; null when the board is gone (deleted meanwhile) or cannot be read. */
async function summaryOf(ctx: HttpContext, entry: CaseOfAccount): Promise<CaseSummary | null> {
  try {
    const record = await ctx.storage.findBoard(entry.boardId)
    if (record === undefined) return null
    const [boardStored, meetingStored, loggedChange] = await Promise.all([
      ctx.storage.loadDocument(record.id, 'board'),
      ctx.storage.loadDocument(record.id, 'meeting'),
      ctx.caseStorage.lastLoggedChange(record.id),
    ])
    const boardDoc = new Y.Doc()
    const meetingDoc = new Y.Doc()
    try {
      restoreDocument(boardDoc, boardStored)
      restoreDocument(meetingDoc, meetingStored)
      const snapshot = readMeetingSnapshot(boardDoc, meetingDoc)
      const lastChange = [meetingLastChange(snapshot), new Date(record.createdAt).toISOString(), loggedChange === null ? null : new Date(loggedChange).toISOString()]
        .filter((at): at is string => at !== null)
        .reduce((a, b) => (a > b ? a : b))
      return { id: record.id, url: `${BOARD_PATH_PREFIX}${record.id}`, role: entry.role, ...caseFactsOf(snapshot), lastChange }
    } finally {
      boardDoc.destroy()
      meetingDoc.destroy()
    }
  } catch (err) {
    // One unreadable case must not take the whole list.
    log('error', 'case_summary_failed', { board: boardRef(entry.boardId), error: errorText(err) })
    return null
  }
}
