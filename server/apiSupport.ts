/**
 * The plumbing every API handler shares: refusals as `ApiError` JSON, request bodies, bearer
 * tokens, and "which board, with which access" — resolved once per request (and once per
 * websocket) by `resolveAccess`, before anything of the board is used.
 */
import { ForbiddenKeyError, isJsonMediaType, parseJsonBody as parseJson } from './jsonBody'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FieldError } from '../shared/domain/validation'
import { describeFieldError } from '../shared/domain/validation'
import { isRefusalCode, type RefusalCode } from '../shared/commands/refusals'
import type { Access, ApiError } from '../shared/protocol'
import { MAX_BODY_BYTES } from '../shared/domain/limits'
import type { BoardRegistry, LoadedBoard } from './boards'
import type { Config } from './config'
import type { BoardRecord, BoardStore } from './storage'
import { REFUSAL_ANSWERS } from './http/refusals'
import { accessForToken, isBoardId } from './tokens'

export { MAX_BODY_BYTES }

export interface HttpContext {
  config: Config
  store: BoardStore
  boards: BoardRegistry
  /** Numbers for /api/health. */
  stats(): { boardsLoaded: number; connections: number }
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

export type ResolvedAccess = { ok: true; record: BoardRecord; access: Access } | { ok: false; reason: 'unknownBoard' | 'unauthorized' }

/**
 * Which board, and what the presented token may do on it: the one place that decides, for the
 * HTTP API and for the websocket endpoint alike. Unknown board first (nothing of the board is
 * used), then the token (every hash is always compared).
 */
export function resolveAccess(store: Pick<BoardStore, 'findBoard'>, boardId: string | null, token: string | null): ResolvedAccess {
  const record = boardId !== null && isBoardId(boardId) ? store.findBoard(boardId) : undefined
  if (record === undefined) return { ok: false, reason: 'unknownBoard' }
  const access = accessForToken(record, token)
  if (access === null) return { ok: false, reason: 'unauthorized' }
  return { ok: true, record, access }
}

/** The board in the path and the bearer token's access on it, or the 404 / 401 answer. */
export function authorise(ctx: HttpContext, req: IncomingMessage, rawId: string): { record: BoardRecord; access: Access } {
  const resolved = resolveAccess(ctx.store, safeDecode(rawId), bearerToken(req))
  if (resolved.ok) return resolved
  throw refuse(resolved.reason, resolved.reason === 'unauthorized' ? { headers: { 'WWW-Authenticate': 'Bearer' } } : {})
}

/**
 * Runs `use` on the loaded board (loading it if nobody is connected) and lets it go again: a
 * board loaded only for this call is unloaded after the usual grace period.
 */
export function withLoadedBoard<T>(ctx: HttpContext, record: BoardRecord, use: (board: LoadedBoard) => T): T {
  const board = ctx.boards.acquire(record)
  try {
    return use(board)
  } finally {
    board.release()
  }
}
