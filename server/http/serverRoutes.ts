/**
 * The server's own routes, outside any board: health, configuration, and creating a board (the
 * only one that needs no board token; with ADMIN_KEY set it needs that key).
 */
import type { IncomingMessage } from 'node:http'
import * as Y from 'yjs'
import type { ResponseOf } from '../../shared/commands/routes'
import type { Access, BoardLinksResponse } from '../../shared/protocol'
import { BOARD_PATH_PREFIX, FRAGMENT_KEY } from '../../shared/protocol'
import { initMeetingDoc } from '../../shared/ydoc/meetingDoc'
import type { HttpContext } from '../apiSupport'
import { bearerToken, refuse, requireJsonIfBody } from '../apiSupport'
import { takeBoardCreation } from './boardCreationLimit'
import type { Config } from '../config'
import { boardRef, log } from '../log'
import type { BoardRecord } from '../storage/boardStorage'
import { hashToken, newBoardId, newToken, sealTokens, secretsEqual } from '../tokens'

export type ServerRouteName = 'health' | 'config' | 'createBoard'

export const SERVER_ROUTES: {
  [N in ServerRouteName]: (ctx: HttpContext, req: IncomingMessage, body: Buffer) => ResponseOf<N> | Promise<ResponseOf<N>>
} = {
  health: (ctx) => ({ ok: true, ...ctx.stats() }),
  config: (ctx) => ({ boardCreationRequiresKey: ctx.config.adminKey !== null }),
  createBoard,
}

async function createBoard(ctx: HttpContext, req: IncomingMessage, body: Buffer): Promise<ResponseOf<'createBoard'>> {
  const { adminKey } = ctx.config
  if (adminKey !== null) {
    const presented = bearerToken(req)
    if (presented === null || !secretsEqual(presented, adminKey)) {
      throw refuse('adminKeyRequired', { headers: { 'WWW-Authenticate': 'Bearer' } })
    }
  }
  requireJsonIfBody(req, body)
  const allowance = await takeBoardCreation(ctx.config, ctx.rateLimitStore, req)
  if (!allowance.allowed) {
    log('warn', 'board_create_limited', { retryAfterSeconds: allowance.retryAfterSeconds })
    throw refuse('tooManyBoards', { headers: { 'Retry-After': String(allowance.retryAfterSeconds) } })
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
  await ctx.storage.createBoard(board, initialMeetingState(new Date(board.createdAt).toISOString(), ctx.config.timeZone))
  log('info', 'board_created', { board: boardRef(board.id) })
  return {
    id: board.id,
    facilitatorToken,
    participantToken,
    residentToken,
    ...boardLinks(publicBase(ctx.config, req), board.id, { facilitatorToken, participantToken, residentToken }),
  }
}

/** The meeting document of a new board, V2-encoded: stored with the board in one transaction. */
function initialMeetingState(startedAt: string, timeZone: string): Uint8Array {
  const doc = new Y.Doc()
  initMeetingDoc(doc, startedAt, timeZone)
  const state = Y.encodeStateAsUpdateV2(doc)
  doc.destroy()
  return state
}

export function boardLinks(
  base: string,
  boardId: string,
  tokens: { facilitatorToken: string; participantToken: string; residentToken: string },
): BoardLinksResponse {
  const link = (access: Access, token: string) => `${base}${BOARD_PATH_PREFIX}${boardId}#${FRAGMENT_KEY[access]}=${token}`
  return {
    facilitatorUrl: link('facilitator', tokens.facilitatorToken),
    participantUrl: link('participant', tokens.participantToken),
    residentUrl: link('resident', tokens.residentToken),
  }
}

/** Base URL for links: PUBLIC_URL, else the scheme and host this request came in on. */
export function publicBase(config: Config, req: IncomingMessage): string {
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
