/**
 * `GET /api/cases` — "Mijn gesprekken" (issue 12): every case the signed-in professional
 * facilitates or took part in, with what its meeting tells (shared/domain/cases.ts, pure) and
 * its last change, sorted by the next follow-up date. 404 `sign_in_off` without sign-in, 401
 * `sign_in_required` without a session.
 *
 * A case's documents are read from storage into throwaway Y.Docs: every accepted update is
 * committed before anyone sees it, so storage is as new as any loaded copy (also one on another
 * node), and listing loads no board into memory.
 */
import type { IncomingMessage } from 'node:http'
import * as Y from 'yjs'
import { caseFactsOf, meetingLastChange, sortCases } from '../../shared/domain/cases'
import type { CaseSummary, CasesResponse } from '../../shared/protocol'
import { BOARD_PATH_PREFIX } from '../../shared/protocol'
import { readMeetingSnapshot } from '../../shared/ydoc/snapshot'
import { COMMANDS, type CommandName } from '../../shared/commands/index'
import { AUDIT_ACTIONS } from '../../shared/domain/audit'
import type { HttpContext } from '../apiSupport'
import { refuse } from '../apiSupport'
import { sessionOf } from '../auth/sessions'
import { boardRef, errorText, log } from '../log'
import type { AuditRow, CaseOfAccount } from '../storage/accountStorage'
import { restoreDocument } from '../syncedDocument'

/** Cases read at once (each reads two documents and the case's log). */
const READ_AT_ONCE = 8

export async function casesRoute(ctx: HttpContext, req: IncomingMessage): Promise<CasesResponse> {
  if (ctx.config.signIn === null) throw refuse('signInOff')
  const session = await sessionOf(ctx, req, { stateChanging: false })
  if (session.kind !== 'signedIn') throw refuse('signInRequired')
  const { issuer, subject } = session.session.account
  const cases = await ctx.caseStorage.casesOf(issuer, subject)
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
    const [boardStored, meetingStored, auditRows] = await Promise.all([
      ctx.storage.loadDocument(record.id, 'board'),
      ctx.storage.loadDocument(record.id, 'meeting'),
      ctx.caseStorage.readAudit(record.id),
    ])
    const boardDoc = new Y.Doc()
    const meetingDoc = new Y.Doc()
    try {
      restoreDocument(boardDoc, boardStored)
      restoreDocument(meetingDoc, meetingStored)
      const snapshot = readMeetingSnapshot(boardDoc, meetingDoc)
      const lastChange = [meetingLastChange(snapshot), new Date(record.createdAt).toISOString(), lastChangeLogged(auditRows)]
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

/** The newest change the access log records: the creation, or a command that changes the case and was done. */
function lastChangeLogged(rows: readonly AuditRow[]): string | null {
  let newest: number | null = null
  for (const row of rows) {
    if (row.result !== 'ok' || !isChange(row.action)) continue
    if (newest === null || row.at > newest) newest = row.at
  }
  return newest === null ? null : new Date(newest).toISOString()
}

function isChange(action: string): boolean {
  if (action === AUDIT_ACTIONS.boardCreate) return true
  if (!action.startsWith('command.')) return false
  const name = action.slice('command.'.length)
  return name in COMMANDS && COMMANDS[name as CommandName].changes
}
