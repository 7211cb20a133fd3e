/**
 * The plumbing every API handler shares: refusals as `ApiError` JSON, request bodies, bearer
 * tokens, and "which board, with which access" — resolved once per request (and once per
 * websocket) by `resolveAccess`, before anything of the board is used.
 */
import { opensAsMember, rightThatCounts, type AccessVia } from '../shared/domain/rights'
import { ForbiddenKeyError, isJsonMediaType, parseJsonBody as parseJson } from './jsonBody'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FieldError } from '../shared/domain/validation'
import { describeFieldError } from '../shared/domain/validation'
import { isRefusalCode, type RefusalCode } from '../shared/commands/refusals'
import type { Access, ApiError, HealthResponse } from '../shared/protocol'
import { MAX_BODY_BYTES } from '../shared/domain/limits'
import type { BoardRegistry, LoadedBoard } from './boards'
import { BoardDeletedError, BoardOwnedElsewhereError } from './boards'
import type { Config } from './config'
import type { BoardRecord, BoardStorage } from './storage/boardStorage'
import type { RateLimitStore } from './storage/open'
import type { CaseStorage, SignInStorage } from './storage/accountStorage'
import { REFUSAL_ANSWERS } from './http/refusals'
import { boardRef, log } from './log'
import { accessForToken, isBoardId } from './tokens'
import type { SessionLookup, SignedIn } from './auth/sessions'
import { sessionOf } from './auth/sessions'

export { MAX_BODY_BYTES }

export interface HttpContext {
  config: Config
  /** The asynchronous storage interface (SQLite, or PostgreSQL with issue 11). */
  storage: BoardStorage
  boards: BoardRegistry
  /** Where rate-limit counters live: memory (SQLite), or PostgreSQL shared by the nodes (server/storage/open.ts). */
  rateLimitStore: RateLimitStore
  /** Sign-in (issue 12): pending sign-ins and sessions, in the same database (server/storage/accountStorage.ts). */
  signInStorage: SignInStorage
  /** Sign-in (issue 12): facilitators and members by account, and the access log. */
  caseStorage: CaseStorage
  /**
   * Sign-in (issue 12): closes this node's websockets that rely on the session (signed out);
   * set by server/main.ts to the sync lifecycle's. Other nodes notice at their next check.
   */
  endSessionConnections(sessionIdHash: string): void
  /**
   * Rights by account (issue 12): the account lost its facilitator right on the board (removed),
   * or — with `right` 'participant' — its membership: this node's websockets of that account on
   * that board which got that right from it close with 4401 now; other nodes notice at their next
   * keepalive check. Set by server/main.ts.
   */
  endAccountRightConnections?(boardId: string, account: { issuer: string; subject: string }, right?: 'facilitator' | 'participant'): void
  /** Numbers for /api/health. */
  stats(): Omit<HealthResponse, 'ok'>
  /**
   * Cluster hook (issue 11): unset on a single node; set to the cluster's forwarder when there
   * are several (server/main.ts, server/cluster/cluster.ts `forwardBoardRequest`). The router
   * (server/http/router.ts `handleApi`) calls it for every board route (`/api/boards/:id…`),
   * once the route and method are known (a 404 or 405 of the path is answered here) and BEFORE
   * anything else: before the access is resolved and before the body is read, so the request —
   * its body unread, still streaming — can be passed on to the node that owns the board.
   * `boardId` is the path's id, URL-decoded; it is only called for a well-formed board id (any
   * other is answered here, 404 `unknown_board`). Answering true means the request was handled
   * elsewhere (the answer is sent, or being sent, on `res`) and the router does nothing more with
   * it; false means this node serves it as usual. A rejection is answered like any other error of
   * a route (the `HttpError` it throws, else 500 `internal` and `http_error` in the log; once
   * headers were sent, the response is destroyed).
   */
  forwardBoardRequest?: (req: IncomingMessage, res: ServerResponse, boardId: string) => Promise<boolean>
}

/**
 * An error answer. Made by `refuse(reason)`, which takes status, `error` and `message` from the
 * one table (server/http/refusals.ts); `extra` fields (`fieldErrors`, `problems`) are added to
 * the JSON body. Constructed directly (older call sites), its `reason` is its code in camelCase.
 */
export class HttpError extends Error {
  readonly reason: RefusalCode
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
    reason?: RefusalCode,
  ) {
    super(message)
    const camel = code.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
    this.reason = reason ?? (isRefusalCode(camel) ? camel : 'internal')
  }
}

/** The error answer for a refusal; `message` adds a detail for developers to the table's sentence. */
export function refuse(
  reason: RefusalCode,
  options: { headers?: Record<string, string>; extra?: Record<string, unknown>; detail?: string } = {},
): HttpError {
  const answer = REFUSAL_ANSWERS[reason]
  const message = options.detail ? `${answer.message} ${options.detail}` : answer.message
  return new HttpError(answer.status, answer.error, message, options.headers, options.extra, reason)
}

/** 400 for a body its validator refused: `fieldErrors`, and for `invalid` the same as English lines (`errors`). */
export function invalidBody(reason: 'invalid' | 'invalidPicture', fieldErrors: FieldError[]): HttpError {
  const lines = fieldErrors.map(describeFieldError)
  return refuse(reason, { extra: reason === 'invalid' ? { fieldErrors, errors: lines } : { fieldErrors }, detail: lines.join('; ') })
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, { 'Cache-Control': 'no-store' })
  res.end()
}

export function sendError(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body: ApiError = { ...err.extra, error: err.code, reason: err.reason, message: err.message }
  sendJson(res, err.status, body, err.headers)
}

/** The request body; more than `maxBytes` is a 413 (the connection is closed after the answer). */
export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let failed = false
    req.on('data', (chunk: Buffer) => {
      if (failed) return
      size += chunk.length
      if (size > maxBytes) {
        failed = true
        reject(refuse('bodyTooLarge', { headers: { Connection: 'close' } }))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks))
    })
    req.on('error', (err) => {
      if (!failed) {
        failed = true
        reject(err)
      }
    })
  })
}

/**
 * The request body as JSON; anything else is a 400 `bad_json`, a key that reaches into a
 * prototype a 400 `forbidden_key` (server/jsonBody.ts).
 */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return parseJson(body.toString('utf8'))
  } catch (err) {
    throw refuse(err instanceof ForbiddenKeyError ? 'forbiddenKey' : 'badJson')
  }
}

/** A request with a body must say it is JSON (415 otherwise); a request without one is not asked. */
export function requireJsonIfBody(req: IncomingMessage, body: Buffer): void {
  if (body.length > 0 && !isJsonMediaType(req.headers['content-type'])) throw refuse('notJson')
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1] : null
}

export function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

export type { AccessVia }

export type ResolvedAccess =
  | {
      ok: true
      record: BoardRecord
      access: Access
      via: AccessVia
      /** The signed-in professional, when a session came with the request (also when the link gave the access). */
      signedIn: SignedIn | null
    }
  | { ok: false; reason: 'unknownBoard' | 'unauthorized' | 'crossOrigin'; record: BoardRecord | null; signedIn: SignedIn | null }

/** What resolving needs: the board's record and, with sign-in, the case rights by account. */
export interface AccessDeps {
  storage: Pick<BoardStorage, 'findBoard'>
  caseStorage: Pick<CaseStorage, 'isFacilitator' | 'isMember'>
}

const NO_SESSION: SessionLookup = { kind: 'none' }

/**
 * Which board, and what the presented token — and, with sign-in (issue 12), the signed-in
 * account — may do on it: the one place that decides, for the HTTP API and for the websocket
 * endpoint alike. In this order:
 *   1. unknown board → `unknownBoard` (nothing of the board is used);
 *   2. a session cookie from another site → `crossOrigin`;
 *   3. signed in and a (bound) facilitator of the case → facilitator, whatever link came along
 *      (the account's right wins);
 *   4. the token's access, as without sign-in (every hash is always compared);
 *   5. signed in and a member (took part before) → participant;
 *   6. else `unauthorized`.
 * Without a session (or with sign-in off) this is exactly the token rule.
 */
export async function resolveAccess(deps: AccessDeps, boardId: string | null, token: string | null, session: SessionLookup = NO_SESSION): Promise<ResolvedAccess> {
  const record = boardId !== null && isBoardId(boardId) ? await deps.storage.findBoard(boardId) : undefined
  if (record === undefined) return { ok: false, reason: 'unknownBoard', record: null, signedIn: null }
  if (session.kind === 'crossOrigin') return { ok: false, reason: 'crossOrigin', record, signedIn: null }
  const signedIn = session.kind === 'signedIn' ? session.session : null
  const account = signedIn?.account
  const right = rightThatCounts({
    accountFacilitates: account !== undefined && (await deps.caseStorage.isFacilitator(record.id, account.issuer, account.subject)),
    link: accessForToken(record, token),
    accountTookPart: account !== undefined && (await deps.caseStorage.isMember(record.id, account.issuer, account.subject)),
  })
  if (right === null) return { ok: false, reason: 'unauthorized', record, signedIn }
  return { ok: true, record, ...right, signedIn }
}

/** The outcome of `authorise`: the board, the access, and who is signed in (if anyone). */
export interface Authorised {
  record: BoardRecord
  access: Access
  via: AccessVia
  signedIn: SignedIn | null
}

/**
 * A refusal of `authorise` (404 / 401 / 403), with what is known of the attempt for the access
 * log: the board (when it exists) and the signed-in account (when there is one).
 */
export class AccessRefused extends HttpError {
  constructor(
    reason: 'unknownBoard' | 'unauthorized' | 'crossOrigin',
    readonly record: BoardRecord | null,
    readonly signedIn: SignedIn | null,
  ) {
    const answer = REFUSAL_ANSWERS[reason]
    super(answer.status, answer.error, answer.message, reason === 'unauthorized' ? { 'WWW-Authenticate': 'Bearer' } : {}, {}, reason)
  }
}

/**
 * The board in the path and what the bearer token and the session give on it, or the 404 / 401
 * / 403 answer (`AccessRefused`). A session cookie on a request that changes something (POST,
 * PATCH, DELETE) must come from this site (server/auth/sessions.ts).
 */
export async function authorise(ctx: HttpContext, req: IncomingMessage, rawId: string): Promise<Authorised> {
  const boardId = safeDecode(rawId)
  // An id that names no board is answered before the session is looked at (nothing to log it to).
  if (boardId === null || !isBoardId(boardId)) throw new AccessRefused('unknownBoard', null, null)
  const session = await sessionOf(ctx, req, { stateChanging: isStateChanging(req.method) })
  const resolved = await resolveAccess(ctx, boardId, bearerToken(req), session)
  if (resolved.ok) return resolved
  throw new AccessRefused(resolved.reason, resolved.record, resolved.signedIn)
}

/**
 * A signed-in professional opened the board with its participant (or facilitator) link: noted as
 * a member, so the case is in their list and opens without the link next time. Not for the
 * resident link — that is hers. A failed note costs only the list entry, never the opening.
 */
export async function noteMemberByLink(
  ctx: Pick<HttpContext, 'caseStorage'>,
  boardId: string,
  access: Access,
  via: AccessVia,
  signedIn: SignedIn | null,
): Promise<void> {
  if (signedIn === null || !opensAsMember(access, via)) return
  await ctx.caseStorage.noteMember(boardId, signedIn.account, Date.now()).catch((err: unknown) => {
    log('error', 'member_note_failed', { board: boardRef(boardId), error: err instanceof Error ? err.name : 'unknown' })
  })
}

/** POST, PATCH, PUT and DELETE change something; GET and HEAD do not. */
export function isStateChanging(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD'
}

/**
 * Runs `use` on the loaded board (loading it if nobody is connected) and lets it go again: a
 * board loaded only for this call is unloaded after the usual grace period. `use` starts in the
 * same turn as the load resolves, so whatever it does before its first `await` (the checks and
 * the in-memory change of a command) sees the board as loaded, with nothing in between.
 */
export async function withLoadedBoard<T>(ctx: HttpContext, record: BoardRecord, use: (board: LoadedBoard) => T | Promise<T>): Promise<T> {
  let board: LoadedBoard
  try {
    board = await ctx.boards.acquireAsync(record)
  } catch (err) {
    // Deleted while it was being loaded for this call: the board is gone, as for a later call.
    if (err instanceof BoardDeletedError) throw refuse('unknownBoard')
    // Several nodes (issue 11): another node took the board's lease a moment ago; the retry is
    // forwarded there.
    if (err instanceof BoardOwnedElsewhereError) throw new HttpError(503, 'owner_unavailable', 'Another node serves this board now; try again.', { 'Retry-After': '1' })
    throw err
  }
  try {
    return await use(board)
  } finally {
    board.release()
  }
}
