/**
 * The board routes: one generic runner for every command of the route table
 * (shared/commands/routes.ts), and the table of handlers that make each command's change.
 *
 * For every request, in this order, with the same answers on every route (before this, the
 * router may have handed the request to the node that owns the board: `forwardBoardRequest`):
 *   1. which board, with which link or account — `authorise` (404 `unknown_board`, 403
 *      `cross_origin`, 401 `unauthorized`), once, before the body is read (a stranger cannot make
 *      the server buffer a large body);
 *   2. the body is read (413 `body_too_large`);
 *   3. the command's `who` (403 `forbidden`, logged as `request_forbidden`);
 *   4. the body, with the route's validator (400 `bad_json`, `invalid` with `fieldErrors`);
 *   5. the command's `when` (409 `meeting_closed` …);
 *   6. the handler: the command's own checks and its change (on the loaded board in the same
 *      turn as 3–5, nothing happens in between), then — once the change is committed — the answer.
 * With sign-in on (issue 12) every request of an existing board leaves a line in the access log
 * (server/audit/auditLog.ts) before it is answered: done, refused (with the refusal's code) or
 * failed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { COMMANDS } from '../../shared/commands/index'
import type { BoardRouteName, ParamsOf, ResponseOf } from '../../shared/commands/routes'
import { ROUTES } from '../../shared/commands/routes'
import { AUDIT_ACTIONS, auditCsv, commandAction, type AuditAction } from '../../shared/domain/audit'
import { MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH } from '../../shared/domain/limits'
import type { MeetingInfo } from '../../shared/domain/meeting'
import type { T } from '@tldraw/validate'
import { validateBody } from '../../shared/domain/validation'
import type { BoardLinksResponse, FacilitatorsResponse, MembersResponse } from '../../shared/protocol'
import type { Authorised, HttpContext } from '../apiSupport'
import { AccessRefused, authorise, bearerToken, noteMemberByLink, HttpError, invalidBody, parseJsonBody, readBody, refuse, requireJsonIfBody, sendJson, sendNoContent, withLoadedBoard } from '../apiSupport'
import { actorOf, ANONYMOUS_ACTOR, auditEntryOf, auditOrigin, doneByCall, keepsAuditLog, recordAudit, type AuditEvent } from '../audit/auditLog'
import type { SignedIn } from '../auth/sessions'
import type { LoadedBoard } from '../boards'
import { exportSessionRecord } from '../exportRoutes'
import { boardRef, log } from '../log'
import { changeMeetingSettings, closeMeeting, deleteBoard, lockBoard, putActionBack, recordDecision, registerParticipant, unlockBoard } from '../meetingRoutes'
import { listSessions, recordOutcome, startFollowUp } from '../sessionRoutes'
import type { FacilitatorEntry, MemberEntry } from '../storage/accountStorage'
import { memberIdOf } from '../storage/accountStorage'
import { openSealedTokens, openServerSealedTokens, isServerSealed, tokenMatchesHash } from '../tokens'
import type { BoardCall, BoardHandler, BoardHandlers, FileReply } from './handler'
import { boardLinks, publicBase, shareLinks } from './serverRoutes'

/**
 * GET /api/boards/:id — reading does not load the board into memory. A signed-in professional
 * who opens a board by link is remembered as one who took part ("Mijn gesprekken").
 */
const boardInfo: BoardHandler<'boardInfo'> = {
  loadsBoard: false,
  async run({ ctx, record, access, via, signedIn, meeting }) {
    await noteMemberByLink(ctx, record.id, access, via, signedIn)
    return {
      id: record.id,
      access,
      account: signedIn === null ? null : { name: signedIn.account.name, organisation: signedIn.account.organisation },
      createdAt: new Date(record.createdAt).toISOString(),
      meeting,
    }
  },
}

/**
 * GET /api/boards/:id/links — the links again. A board made with links only: opened with the
 * facilitator's own token (all three links). A board made by a signed-in facilitator (issue 12):
 * opened with the server's LINK_SEAL_KEY (the participant and resident links; there is no
 * facilitator link).
 */
const linksAgain: BoardHandler<'links'> = {
  loadsBoard: false,
  run({ ctx, req, record }): BoardLinksResponse {
    const base = publicBase(ctx.config, req)
    const sealed = record.sealedLinks
    if (sealed !== null && isServerSealed(sealed)) {
      const opened = ctx.config.signIn === null ? null : openServerSealedTokens(ctx.config.signIn.linkSealKey, record.id, sealed)
      if (opened === null) throw refuse('linksUnavailable')
      return shareLinks(base, record.id, opened)
    }
    const facilitatorToken = bearerToken(req)
    // A facilitator by account without the facilitator link cannot open this seal.
    const opened =
      sealed === null || facilitatorToken === null || !tokenMatchesHash(facilitatorToken, record.facilitatorTokenHash)
        ? null
        : openSealedTokens(facilitatorToken, record.id, sealed)
    if (opened === null || facilitatorToken === null) throw refuse('linksUnavailable')
    return boardLinks(base, record.id, { facilitatorToken, ...opened })
  },
}

function facilitatorsAnswer(entries: readonly FacilitatorEntry[]): FacilitatorsResponse {
  return {
    facilitators: entries.map((entry) => ({
      email: entry.email,
      name: entry.name,
      bound: entry.issuer !== null && entry.subject !== null,
      creator: entry.creator,
      addedAt: new Date(entry.addedAt).toISOString(),
    })),
  }
}

/** GET /api/boards/:id/facilitators — who facilitates the case by account. */
const listFacilitators: BoardHandler<'facilitators'> = {
  loadsBoard: false,
  async run({ ctx, record }) {
    return facilitatorsAnswer(await ctx.caseStorage.listFacilitators(record.id))
  },
}

/** POST /api/boards/:id/facilitators — a co-facilitator by e-mail, bound at their first sign-in with it. */
const addFacilitator: BoardHandler<'addFacilitator'> = {
  loadsBoard: false,
  async run({ ctx, record, body }) {
    const existing = await ctx.caseStorage.listFacilitators(record.id)
    const refusal = COMMANDS.addFacilitator.check(existing, body.email)
    if (refusal !== null) throw refuse(refusal)
    const entry: FacilitatorEntry = { email: body.email, name: '', issuer: null, subject: null, creator: false, addedAt: Date.now() }
    // Added meanwhile by another request: the same answer as above.
    if (!(await ctx.caseStorage.addFacilitator(record.id, entry))) throw refuse('alreadyFacilitator')
    log('info', 'facilitator_added', { board: boardRef(record.id) })
    return facilitatorsAnswer(await ctx.caseStorage.listFacilitators(record.id))
  },
}

/** DELETE /api/boards/:id/facilitators/:email — a facilitator by account leaves the case (never the last). */
const removeFacilitator: BoardHandler<'removeFacilitator'> = {
  loadsBoard: false,
  async run({ ctx, record, params }) {
    const address = params.email.trim().toLowerCase()
    const existing = await ctx.caseStorage.listFacilitators(record.id)
    const refusal = COMMANDS.removeFacilitator.check(existing, address)
    if (refusal !== null) throw refuse(refusal)
    // The same rule again in the delete itself: another removal may have passed the check meanwhile.
    const outcome = await ctx.caseStorage.removeFacilitator(record.id, address)
    if (outcome === 'unknown') throw refuse('unknownFacilitator')
    if (outcome === 'last') throw refuse('lastFacilitator')
    log('info', 'facilitator_removed', { board: boardRef(record.id) })
    const removed = existing.find((entry) => entry.email === address)
    if (removed?.issuer && removed.subject) {
      const account = { issuer: removed.issuer, subject: removed.subject }
      // Still a facilitator by another entry bound to the same account: the right stays.
      if (!(await ctx.caseStorage.isFacilitator(record.id, account.issuer, account.subject))) ctx.endAccountRightConnections?.(record.id, account)
    }
    return facilitatorsAnswer(await ctx.caseStorage.listFacilitators(record.id))
  },
}

/** The members as the API shows them: an opaque id, never the account's subject. */
function membersAnswer(entries: readonly MemberEntry[]): MembersResponse {
  return {
    members: entries.map((entry) => ({
      id: memberIdOf(entry),
      name: entry.name,
      organisation: entry.organisation,
      firstSeenAt: new Date(entry.firstSeenAt).toISOString(),
      lastSeenAt: new Date(entry.lastSeenAt).toISOString(),
    })),
  }
}

/** GET /api/boards/:id/members — who opens the case by account as participant (took part by link). */
const listMembers: BoardHandler<'members'> = {
  loadsBoard: false,
  async run({ ctx, record }) {
    return membersAnswer(await ctx.caseStorage.listMembers(record.id))
  },
}

/**
 * DELETE /api/boards/:id/members/:member — takes a member's access by account away; this node's
 * websockets that rely on it close with 4401 at once, other nodes' at their keepalive check. The
 * participant link is not touched: whoever holds it may open the case with it again.
 */
const removeMember: BoardHandler<'removeMember'> = {
  loadsBoard: false,
  async run({ ctx, record, params }) {
    const memberId = params.member.trim().toLowerCase()
    const refusal = COMMANDS.removeMember.check(membersAnswer(await ctx.caseStorage.listMembers(record.id)).members, memberId)
    if (refusal !== null) throw refuse(refusal)
    // Removed meanwhile by another request: the same answer as an unknown id.
    const removed = await ctx.caseStorage.removeMember(record.id, memberId)
    if (removed === null) throw refuse('unknownMember')
    log('info', 'member_removed', { board: boardRef(record.id) })
    ctx.endAccountRightConnections?.(record.id, { issuer: removed.issuer, subject: removed.subject }, 'participant')
    return membersAnswer(await ctx.caseStorage.listMembers(record.id))
  },
}

/** The most lines one reading of the access log gives: the newest ones (docs/api.md). */
export const AUDIT_READ_LIMIT = 10_000

/**
 * GET /api/boards/:id/audit — the case's access log, oldest first; `?format=csv` as a CSV
 * download. The reading is logged first, so the answer shows it too. At most the newest
 * AUDIT_READ_LIMIT lines: `truncated: true` (CSV: a note line after the header) when there are more.
 */
const readAuditLog: BoardHandler<'audit'> = {
  loadsBoard: false,
  async run(call) {
    const { ctx, req, record } = call
    await recordAudit(ctx, doneByCall(AUDIT_ACTIONS.auditRead, call))
    const { rows, truncated } = await ctx.caseStorage.readAudit(record.id, AUDIT_READ_LIMIT)
    const entries = rows.map(auditEntryOf)
    if (wantsCsv(req)) {
      const bytes = Buffer.from(auditCsv(entries, { truncatedTo: truncated ? AUDIT_READ_LIMIT : null }), 'utf8')
      return { download: true, contentType: 'text/csv; charset=utf-8', fileName: 'access-log.csv', bytes } satisfies FileReply
    }
    return truncated ? { entries, truncated } : { entries }
  },
}

/** `?format=csv`: the one query parameter an API route reads (the query string is never logged). */
function wantsCsv(req: IncomingMessage): boolean {
  const query = (req.url ?? '').split('?')[1]
  return query !== undefined && new URLSearchParams(query.split('#')[0]).get('format') === 'csv'
}

export const BOARD_HANDLERS: BoardHandlers = {
  boardInfo,
  deleteBoard,
  links: linksAgain,
  register: registerParticipant,
  decide: recordDecision,
  outcome: recordOutcome,
  meetingSettings: changeMeetingSettings,
  lock: lockBoard,
  unlock: unlockBoard,
  close: closeMeeting,
  followUp: startFollowUp,
  restoreAction: putActionBack,
  sessions: listSessions,
  exportRecord: exportSessionRecord,
  facilitators: listFacilitators,
  addFacilitator,
  removeFacilitator,
  members: listMembers,
  removeMember,
  audit: readAuditLog,
}

/** Routes that exist only with sign-in on: 404 `sign_in_off` without (before anything else). */
const SIGN_IN_ROUTES: ReadonlySet<BoardRouteName> = new Set<BoardRouteName>(['facilitators', 'addFacilitator', 'removeFacilitator', 'members', 'removeMember', 'audit'])

/** The act a board route is in the access log. */
function auditActionOf(name: BoardRouteName): AuditAction {
  switch (name) {
    case 'boardInfo':
      return AUDIT_ACTIONS.boardOpen
    case 'exportRecord':
      return AUDIT_ACTIONS.exportDownload
    case 'audit':
      return AUDIT_ACTIONS.auditRead
    default:
      return commandAction(name)
  }
}

/**
 * Routes whose handler writes its own line when done: reading the log logs itself before it
 * reads; deleting forgets the case, leaving the `board.delete` tombstone (meetingRoutes.ts).
 */
const LOGS_ITSELF: ReadonlySet<BoardRouteName> = new Set<BoardRouteName>(['audit', 'deleteBoard'])

/** Runs one board route; `rawParams` are the path's parameters as they came (URL-encoded). */
export async function runBoardRoute<N extends BoardRouteName>(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: N,
  rawParams: Record<string, string>,
): Promise<void> {
  const route = ROUTES[name]
  if (SIGN_IN_ROUTES.has(name) && ctx.config.signIn === null) throw refuse('signInOff')
  const audited = keepsAuditLog(ctx.config)
  const action = auditActionOf(name)
  const origin = auditOrigin(ctx.config, req)
  let authorised: Authorised
  try {
    authorised = await authorise(ctx, req, rawParams.id)
  } catch (err) {
    // A refused attempt on an existing board: who tried (the account, if signed in), and why.
    if (audited && err instanceof AccessRefused && err.record !== null) {
      const actor = err.signedIn !== null ? actorOf(err.signedIn) : ANONYMOUS_ACTOR
      await recordAudit(ctx, { action, boardId: err.record.id, actor, access: null, result: 'refused', reason: err.reason, origin })
    }
    throw err
  }
  const { record, access, via, signedIn } = authorised
  const raw = await readBody(req, route.maxBodyBytes)
  const params = decodeParams(rawParams) as ParamsOf<N>
  const handler = BOARD_HANDLERS[name] as BoardHandler<N>
  const command = COMMANDS[route.command]

  let meetingSeen: MeetingInfo | null = null
  const call = (meeting: MeetingInfo): BoardCall<N> => {
    meetingSeen = meeting
    const who = command.who(access, meeting)
    if (who !== null) throw refuse(who)
    // After 404, 401 and 403: a stranger learns nothing from the media type check.
    requireJsonIfBody(req, raw)
    const body = (route.body === null ? undefined : readRouteBody(name, raw, signedIn)) as BoardCall<N>['body']
    const when = command.when(access, meeting)
    if (when !== null) throw refuse(when)
    return { ctx, req, record, access, via, signedIn, meeting, body, params }
  }
  const line = (result: AuditEvent['result'], reason: string | null, reply?: unknown): AuditEvent => ({
    action,
    boardId: record.id,
    actor: actorOf(signedIn, linkNameOf(reply)),
    access,
    sessionNumber: sessionNumberOf(name, params as Record<string, string>, meetingSeen, reply),
    result,
    reason,
    origin,
  })
  let reply: ResponseOf<N> | FileReply | undefined
  try {
    reply = (
      handler.loadsBoard
        ? await withLoadedBoard(ctx, record, (board: LoadedBoard) => handler.run({ ...call(board.meetingInfo()), board }))
        : await handler.run(call(await ctx.boards.meetingInfoAsync(record)))
    ) as ResponseOf<N> | FileReply | undefined
  } catch (err) {
    // Every refusal of the wrong link (the command's `who`, or its own checks: another link's
    // entry, another browser's, another's name) is logged, without content.
    if (err instanceof HttpError && err.status === 403) {
      log('info', 'request_forbidden', { board: boardRef(record.id), access, action: command.name, reason: err.reason })
    }
    if (audited) {
      const refused = err instanceof HttpError && err.status < 500
      await recordAudit(ctx, line(refused ? 'refused' : 'failed', err instanceof HttpError ? err.reason : 'internal'))
    }
    throw err
  }
  if (audited && !LOGS_ITSELF.has(name)) await recordAudit(ctx, line('ok', null, reply))
  send(res, route.status, reply)
}

/** The name a participant gave, where the answer shows it (joining, her decision, an outcome recorded). */
function linkNameOf(reply: unknown): string | null {
  if (typeof reply !== 'object' || reply === null) return null
  const answer = reply as { participant?: { name?: unknown }; decision?: { recordedBy?: { name?: unknown } }; outcome?: { recordedBy?: { name?: unknown } } }
  const name = answer.participant?.name ?? answer.decision?.recordedBy?.name ?? answer.outcome?.recordedBy?.name
  return typeof name === 'string' && name !== '' ? name : null
}

/** The session an act is about: the exported one, the one an answer shows (a follow-up's new one), else the current. */
function sessionNumberOf(name: BoardRouteName, params: Record<string, string>, meeting: MeetingInfo | null, reply: unknown): number | null {
  if (name === 'exportRecord' && params.session !== undefined && params.session !== 'current') {
    const number = Number(params.session)
    return Number.isSafeInteger(number) ? number : null
  }
  const shown = (reply as { meeting?: { sessionNumber?: unknown } } | undefined)?.meeting?.sessionNumber
  if (typeof shown === 'number') return shown
  return meeting?.sessionNumber ?? null
}

function readRouteBody(name: BoardRouteName, raw: Buffer, signedIn: SignedIn | null): unknown {
  const route = ROUTES[name]
  if (route.body === null) return undefined
  let input = raw.length === 0 && route.emptyBodyIsObject ? {} : parseJsonBody(raw)
  if (name === 'register' && signedIn !== null) input = withAccountName(input, signedIn)
  const validator: T.Validatable<unknown> = route.body
  const result = validateBody(validator, input)
  if (!result.ok) throw invalidBody(route.invalid, result.fieldErrors)
  return result.value
}

/**
 * A signed-in professional joins with the name and organisation of the account, whatever was
 * typed (issue 12): filled in before validation, so the client need not send them. An account
 * without a name (or organisation) keeps what was sent.
 */
function withAccountName(input: unknown, signedIn: SignedIn): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input
  const { name, organisation } = signedIn.account
  const fields = { ...(input as Record<string, unknown>) }
  if (name.trim() !== '') fields.name = name.trim().slice(0, MAX_NAME_LENGTH)
  if (organisation.trim() !== '') fields.organisation = organisation.trim().slice(0, MAX_ORGANISATION_LENGTH)
  return fields
}

function decodeParams(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    try {
      out[key] = decodeURIComponent(value)
    } catch {
      out[key] = value
    }
  }
  return out
}

function send(res: ServerResponse, status: number, reply: unknown): void {
  if (isFileReply(reply)) {
    res.writeHead(200, {
      'Content-Type': reply.contentType,
      'Content-Length': reply.bytes.length,
      'Content-Disposition': `attachment; filename="${reply.fileName}"`,
      'Cache-Control': 'no-store',
    })
    res.end(reply.bytes)
  } else if (status === 204 || reply === undefined) {
    sendNoContent(res)
  } else {
    sendJson(res, status, reply)
  }
}

function isFileReply(reply: unknown): reply is FileReply {
  return typeof reply === 'object' && reply !== null && (reply as { download?: unknown }).download === true
}
