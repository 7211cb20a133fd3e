/**
 * HTTP side: the JSON API under /api/ and the built client (STATIC_DIR) for everything else.
 * Every response carries the security headers below.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as Y from 'yjs'
import type {
  BoardLinksResponse,
  Access,
  BoardInfoResponse,
  CreateBoardResponse,
  HealthResponse,
  ServerConfigResponse,
} from '../shared/protocol'
import { BOARD_PATH_PREFIX, FRAGMENT_KEY } from '../shared/protocol'
import { initMeetingDoc } from '../shared/ydoc/meetingDoc'
import type { ApiHandler, ApiRequest, HttpContext } from './apiSupport'
import { authorise, bearerToken, forbidden, HttpError, readBody, safeDecode, sendError, sendJson } from './apiSupport'
import type { Config } from './config'
import type { BoardRecord } from './storage'
import { boardRef, errorText, log } from './log'
import {
  changeMeetingSettings,
  closeMeeting,
  deleteBoard,
  lockBoard,
  recordDecision,
  registerParticipant,
  restoreAction,
  unlockBoard,
} from './meetingRoutes'
import { CLOSE_MAX_BODY_BYTES } from './sessionArchive'
import { listSessions, recordOutcome, startFollowUp } from './sessionRoutes'
import { EXPORT_PATH, exportSessionRecord } from './exportRoutes'
import { hashToken, newBoardId, newToken, openSealedTokens, sealTokens, secretsEqual } from './tokens'

export type { HttpContext } from './apiSupport'

/** Only our own origin. CSP 3 lets 'self' match ws:/wss: to the same host, so sync needs no more. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
}

export function createRequestHandler(ctx: HttpContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    handle(ctx, req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        sendError(res, err)
      } else {
        log('error', 'http_error', { error: errorText(err) })
        sendError(res, new HttpError(500, 'internal', 'Er ging iets mis op de server. Probeer het later opnieuw.'))
      }
    })
  }
}

async function handle(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Only the path is used; the query string is never looked at nor logged.
  const pathname = (req.url ?? '/').split('?')[0].split('#')[0]
  if (!pathname.startsWith('/')) throw new HttpError(400, 'bad_request', 'Ongeldig adres.')
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    await handleApi(ctx, req, res, pathname)
  } else {
    await serveStatic(ctx.config.staticDir, req, res, pathname)
  }
}

// ---------------------------------------------------------------- API

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
interface Route {
  pattern: RegExp
  methods: Partial<Record<Method, ApiHandler>>
  /** Largest request body of this route; default MAX_BODY_BYTES. */
  maxBodyBytes?: number
}

const BOARD = '/api/boards/([^/]+)'
const ROUTES: Route[] = [
  { pattern: /^\/api\/health$/, methods: { GET: health } },
  { pattern: /^\/api\/config$/, methods: { GET: serverConfig } },
  { pattern: /^\/api\/boards$/, methods: { POST: createBoard } },
  { pattern: new RegExp(`^${BOARD}$`), methods: { GET: boardInfo, DELETE: deleteBoard } },
  { pattern: new RegExp(`^${BOARD}/links$`), methods: { GET: shareLinks } },
  { pattern: new RegExp(`^${BOARD}/participants$`), methods: { POST: registerParticipant } },
  { pattern: new RegExp(`^${BOARD}/decisions$`), methods: { POST: recordDecision } },
  { pattern: new RegExp(`^${BOARD}/meeting$`), methods: { PATCH: changeMeetingSettings } },
  { pattern: new RegExp(`^${BOARD}/lock$`), methods: { POST: lockBoard } },
  { pattern: new RegExp(`^${BOARD}/unlock$`), methods: { POST: unlockBoard } },
  { pattern: new RegExp(`^${BOARD}/close$`), methods: { POST: closeMeeting }, maxBodyBytes: CLOSE_MAX_BODY_BYTES },
  { pattern: new RegExp(`^${BOARD}/follow-up$`), methods: { POST: startFollowUp } },
  { pattern: new RegExp(`^${BOARD}/outcomes$`), methods: { POST: recordOutcome } },
  { pattern: new RegExp(`^${BOARD}/restore-action$`), methods: { POST: restoreAction } },
  { pattern: new RegExp(`^${BOARD}/sessions$`), methods: { GET: listSessions } },
  { pattern: new RegExp(`^${BOARD}${EXPORT_PATH}$`), methods: { GET: exportSessionRecord } },
]

async function handleApi(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname)
    if (!match) continue
    const handler = route.methods[req.method as Method]
    if (!handler) {
      const allowed = Object.keys(route.methods).join(', ')
      throw new HttpError(405, 'method_not_allowed', 'Deze handeling is hier niet toegestaan.', { Allow: allowed })
    }
    // Board routes check the token before reading a body: a stranger cannot make the server
    // buffer a large request (the close route takes a picture of up to 8 MiB).
    const params = match.slice(1)
    if (params.length > 0) authorise(ctx, req, params[0])
    const body = await readBody(req, route.maxBodyBytes)
    await handler({ ctx, req, res, params, body })
    return
  }
  throw new HttpError(404, 'not_found', 'Dit adres bestaat niet.')
}

function health({ ctx, res }: ApiRequest): void {
  const answer: HealthResponse = { ok: true, ...ctx.stats() }
  sendJson(res, 200, answer)
}

function serverConfig({ ctx, res }: ApiRequest): void {
  const answer: ServerConfigResponse = { boardCreationRequiresKey: ctx.config.adminKey !== null }
  sendJson(res, 200, answer)
}

function createBoard({ ctx, req, res }: ApiRequest): void {
  const { adminKey } = ctx.config
  if (adminKey !== null) {
    const presented = bearerToken(req)
    if (presented === null || !secretsEqual(presented, adminKey)) {
      throw new HttpError(401, 'admin_key_required', 'Je hebt de beheersleutel nodig om een nieuw bord te maken.', {
        'WWW-Authenticate': 'Bearer',
      })
    }
  }
  const facilitatorToken = newToken()
  const participantToken = newToken()
  const residentToken = newToken()
  const id = newBoardId()
  const board: BoardRecord = {
    id,
    createdAt: Date.now(),
    facilitatorTokenHash: hashToken(facilitatorToken),
    participantTokenHash: hashToken(participantToken),
    residentTokenHash: hashToken(residentToken),
    sealedLinks: sealTokens(facilitatorToken, id, { participantToken, residentToken }),
  }
  ctx.store.createBoard(board, initialMeetingState(new Date(board.createdAt).toISOString(), ctx.config.timeZone))
  log('info', 'board_created', { board: boardRef(board.id) })

  const answer: CreateBoardResponse = {
    id: board.id,
    facilitatorToken,
    participantToken,
    residentToken,
    ...boardLinks(publicBase(ctx.config, req), board.id, { facilitatorToken, participantToken, residentToken }),
  }
  sendJson(res, 201, answer)
}

function boardLinks(base: string, boardId: string, tokens: { facilitatorToken: string; participantToken: string; residentToken: string }): BoardLinksResponse {
  const link = (access: Access, token: string) => `${base}${BOARD_PATH_PREFIX}${boardId}#${FRAGMENT_KEY[access]}=${token}`
  return {
    facilitatorUrl: link('facilitator', tokens.facilitatorToken),
    participantUrl: link('participant', tokens.participantToken),
    residentUrl: link('resident', tokens.residentToken),
  }
}

/** GET /api/boards/:id/links — the facilitator's three links again, for the share dialog. */
function shareLinks({ ctx, req, res, params }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  if (access !== 'facilitator') throw forbidden(record, access, 'links', 'Alleen de gespreksleider mag alle links zien.')
  const facilitatorToken = bearerToken(req)!
  const opened = record.sealedLinks === null ? null : openSealedTokens(facilitatorToken, record.id, record.sealedLinks)
  if (opened === null) throw new HttpError(404, 'links_unavailable', 'De links van dit bord zijn niet bewaard.')
  sendJson(res, 200, boardLinks(publicBase(ctx.config, req), record.id, { facilitatorToken, ...opened }))
}

/** The meeting document of a new board, V2-encoded: stored with the board in one transaction. */
function initialMeetingState(startedAt: string, timeZone: string): Uint8Array {
  const doc = new Y.Doc()
  initMeetingDoc(doc, startedAt, timeZone)
  const state = Y.encodeStateAsUpdateV2(doc)
  doc.destroy()
  return state
}

function boardInfo({ ctx, req, res, params }: ApiRequest): void {
  const { record, access } = authorise(ctx, req, params[0])
  const meeting = ctx.boards.meetingInfo(record)
  const answer: BoardInfoResponse = { id: record.id, access, createdAt: new Date(record.createdAt).toISOString(), meeting }
  sendJson(res, 200, answer)
}

/** Base URL for links: PUBLIC_URL, else the scheme and host this request came in on. */
function publicBase(config: Config, req: IncomingMessage): string {
  if (config.publicUrl !== null) return config.publicUrl
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase()
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http'
  const host = req.headers.host ?? ''
  // A Host header is client input that ends up in a link: accept host[:port] only.
  const safeHost = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)
    ? host
    : `${config.host}:${config.port}`
  return `${proto}://${safeHost}`
}

// ---------------------------------------------------------------- static files

function isSpaRoute(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || (pathname.startsWith(BOARD_PATH_PREFIX) && pathname.length > BOARD_PATH_PREFIX.length)
}

async function serveStatic(staticDir: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    sendText(res, 405, 'Deze handeling is hier niet toegestaan.')
    return
  }
  if (isSpaRoute(pathname)) {
    const index = path.join(staticDir, 'index.html')
    if (!(await isFile(index))) {
      sendText(res, 503, 'De app is nog niet gebouwd. Voer eerst "npm run build" uit en start de server opnieuw.')
      return
    }
    await sendFile(req, res, index, 'no-store')
    return
  }
  const decoded = safeDecode(pathname)
  if (decoded === null || decoded.includes('\0')) {
    sendText(res, 400, 'Ongeldig adres.')
    return
  }
  // Resolve inside staticDir; anything that escapes it (../, encoded or not) is not found.
  const root = path.resolve(staticDir)
  const file = path.resolve(root, '.' + path.posix.normalize(decoded))
  if (!file.startsWith(root + path.sep) || !(await isFile(file))) {
    sendText(res, 404, 'Niet gevonden.')
    return
  }
  const cache = decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
  await sendFile(req, res, file, cache)
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile()
  } catch {
    return false
  }
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<void> {
  const stat = await fs.promises.stat(file)
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': cacheControl,
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await new Promise<void>((resolve) => {
    const stream = fs.createReadStream(file)
    stream.on('error', (err) => {
      log('error', 'static_read_failed', { error: errorText(err) })
      res.destroy()
      resolve()
    })
    res.on('close', resolve)
    stream.pipe(res)
  })
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}
