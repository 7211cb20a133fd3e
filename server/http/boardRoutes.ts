/**
 * The board routes: one generic runner for every command of the route table
 * (shared/commands/routes.ts), and the table of handlers that make each command's change.
 *
 * For every request, in this order, with the same answers on every route (before this, the
 * router may have handed the request to the node that owns the board: `forwardBoardRequest`):
 *   1. which board, with which link — `authorise` (404 `unknown_board`, 401 `unauthorized`),
 *      once, before the body is read (a stranger cannot make the server buffer a large body);
 *   2. the body is read (413 `body_too_large`);
 *   3. the command's `who` (403 `forbidden`, logged as `request_forbidden`);
 *   4. the body, with the route's validator (400 `bad_json`, `invalid` with `fieldErrors`);
 *   5. the command's `when` (409 `meeting_closed` …);
 *   6. the handler: the command's own checks and its change (on the loaded board in the same
 *      turn as 3–5, nothing happens in between), then — once the change is committed — the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { COMMANDS } from '../../shared/commands/index'
import type { BoardRouteName, ParamsOf, ResponseOf } from '../../shared/commands/routes'
import { ROUTES } from '../../shared/commands/routes'
import type { MeetingInfo } from '../../shared/domain/meeting'
import type { T } from '@tldraw/validate'
import { validateBody } from '../../shared/domain/validation'
import type { HttpContext } from '../apiSupport'
import { authorise, bearerToken, HttpError, invalidBody, parseJsonBody, readBody, refuse, requireJsonIfBody, sendJson, sendNoContent, withLoadedBoard } from '../apiSupport'
import type { LoadedBoard } from '../boards'
import { exportSessionRecord } from '../exportRoutes'
import { boardRef, log } from '../log'
import { changeMeetingSettings, closeMeeting, deleteBoard, lockBoard, putActionBack, recordDecision, registerParticipant, unlockBoard } from '../meetingRoutes'
import { listSessions, recordOutcome, startFollowUp } from '../sessionRoutes'
import { openSealedTokens } from '../tokens'
import type { BoardCall, BoardHandler, BoardHandlers, FileReply } from './handler'
import { boardLinks, publicBase } from './serverRoutes'

/** GET /api/boards/:id — reading does not load the board into memory. */
const boardInfo: BoardHandler<'boardInfo'> = {
  loadsBoard: false,
  run: ({ record, access, meeting }) => ({ id: record.id, access, createdAt: new Date(record.createdAt).toISOString(), meeting }),
}

/** GET /api/boards/:id/links — the three links again, opened with the facilitator's own token. */
const shareLinks: BoardHandler<'links'> = {
  loadsBoard: false,
  run({ ctx, req, record }) {
    const facilitatorToken = bearerToken(req)!
    const opened = record.sealedLinks === null ? null : openSealedTokens(facilitatorToken, record.id, record.sealedLinks)
    if (opened === null) throw refuse('linksUnavailable')
    return boardLinks(publicBase(ctx.config, req), record.id, { facilitatorToken, ...opened })
  },
}

export const BOARD_HANDLERS: BoardHandlers = {
  boardInfo,
  deleteBoard,
  links: shareLinks,
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
}

/** Runs one board route; `rawParams` are the path's parameters as they came (URL-encoded). */
export async function runBoardRoute<N extends BoardRouteName>(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: N,
  rawParams: Record<string, string>,
): Promise<void> {
  const route = ROUTES[name]
  const { record, access } = await authorise(ctx, req, rawParams.id)
  const raw = await readBody(req, route.maxBodyBytes)
  const params = decodeParams(rawParams) as ParamsOf<N>
  const handler = BOARD_HANDLERS[name] as BoardHandler<N>
  const command = COMMANDS[route.command]

  const call = (meeting: MeetingInfo): BoardCall<N> => {
    const who = command.who(access, meeting)
    if (who !== null) throw refuse(who)
    // After 404, 401 and 403: a stranger learns nothing from the media type check.
    requireJsonIfBody(req, raw)
    const body = (route.body === null ? undefined : readRouteBody(name, raw)) as BoardCall<N>['body']
    const when = command.when(access, meeting)
    if (when !== null) throw refuse(when)
    return { ctx, req, record, access, meeting, body, params }
  }
  try {
    const reply = handler.loadsBoard
      ? await withLoadedBoard(ctx, record, (board: LoadedBoard) => handler.run({ ...call(board.meetingInfo()), board }))
      : await handler.run(call(await ctx.boards.meetingInfoAsync(record)))
    send(res, route.status, reply as ResponseOf<N> | FileReply | undefined)
  } catch (err) {
    // Every refusal of the wrong link (the command's `who`, or its own checks: another link's
    // entry, another browser's, another's name) is logged, without content.
    if (err instanceof HttpError && err.status === 403) {
      log('info', 'request_forbidden', { board: boardRef(record.id), access, action: command.name, reason: err.reason })
    }
    throw err
  }
}

function readRouteBody(name: BoardRouteName, raw: Buffer): unknown {
  const route = ROUTES[name]
  if (route.body === null) return undefined
  const input = raw.length === 0 && route.emptyBodyIsObject ? {} : parseJsonBody(raw)
  const validator: T.Validatable<unknown> = route.body
  const result = validateBody(validator, input)
  if (!result.ok) throw invalidBody(route.invalid, result.fieldErrors)
  return result.value
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
