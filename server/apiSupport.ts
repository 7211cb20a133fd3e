/**
 * The plumbing every API handler shares: errors as `ApiError` JSON, request bodies, bearer
 * tokens, and "which board, with which access" (404 / 401 before anything of the board is used).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Access, ApiError } from '../shared/protocol'
import type { BoardRegistry, LoadedBoard } from './boards'
import type { Config } from './config'
import type { BoardRecord, BoardStore } from './storage'
import { boardRef, log } from './log'
import { accessForToken, isBoardId } from './tokens'

export const MAX_BODY_BYTES = 64 * 1024

export interface HttpContext {
  config: Config
  store: BoardStore
  boards: BoardRegistry
  /** Numbers for /api/health. */
  stats(): { boardsLoaded: number; connections: number }
}

export interface ApiRequest {
  ctx: HttpContext
  req: IncomingMessage
  res: ServerResponse
  /** The path's captured parts, still URL-encoded. */
  params: string[]
  body: Buffer
}

export type ApiHandler = (request: ApiRequest) => Promise<void> | void

/** An error answer; `extra` fields (e.g. `errors`, `problems`) are added to the JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
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
  const body: ApiError = { ...err.extra, error: err.code, message: err.message }
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
        reject(new HttpError(413, 'body_too_large', 'Het verzoek is te groot.', { Connection: 'close' }))
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

/** The request body as JSON; anything else is a 400 the UI can show. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    throw new HttpError(400, 'bad_json', 'Het verzoek kon niet worden gelezen: het is geen geldige JSON.')
  }
}

/** 400 for a body the shared validators refused; `errors` names each problem. */
export function invalidInput(errors: string[]): HttpError {
  return new HttpError(400, 'invalid', 'Niet alle gegevens zijn goed ingevuld.', {}, { errors })
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

/** The board in the path and what the bearer token may do on it: 404, then 401. */
export function authorise(ctx: HttpContext, req: IncomingMessage, rawId: string): { record: BoardRecord; access: Access } {
  const id = safeDecode(rawId)
  const record = id !== null && isBoardId(id) ? ctx.store.findBoard(id) : undefined
  if (record === undefined) {
    throw new HttpError(404, 'unknown_board', 'Dit bord bestaat niet (meer). Controleer de link.')
  }
  const access = accessForToken(record, bearerToken(req))
  if (access === null) {
    throw new HttpError(401, 'unauthorized', 'Deze link geeft geen toegang tot dit bord. Vraag de gespreksleider om een nieuwe link.', {
      'WWW-Authenticate': 'Bearer',
    })
  }
  return { record, access }
}

/** 403 for a valid token of the wrong kind; `message` is the plain Dutch reason. */
export function forbidden(record: BoardRecord, access: Access, action: string, message: string): HttpError {
  log('info', 'request_forbidden', { board: boardRef(record.id), access, action })
  return new HttpError(403, 'forbidden', message)
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

/** 409 `meeting_closed`: a closed meeting is the record. */
export function meetingClosed(): HttpError {
  return new HttpError(409, 'meeting_closed', 'Het gesprek is afgerond. Wat is vastgelegd, kan niet meer veranderen.')
}

/** The `recordedBy.userId` of a request body, or null. */
export function recordedByUserId(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null
  const recordedBy = (input as Record<string, unknown>).recordedBy
  if (typeof recordedBy !== 'object' || recordedBy === null) return null
  const userId = (recordedBy as Record<string, unknown>).userId
  return typeof userId === 'string' && userId.trim() !== '' ? userId.trim() : null
}
