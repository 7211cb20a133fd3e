/**
 * The server's own routes, outside any board: health, configuration, creating a board (the only
 * one that needs no board token; with ADMIN_KEY set it needs that key, with sign-in on a
 * signed-in professional instead), and with sign-in (issue 12) who is signed in (`me`) and their
 * cases ("Mijn gesprekken", `cases`).
 */
import type { IncomingMessage } from 'node:http'
import * as Y from 'yjs'
import type { ResponseOf } from '../../shared/commands/routes'
import { AUDIT_ACTIONS } from '../../shared/domain/audit'
import type { Access, BoardLinksResponse, CreateBoardByAccountResponse } from '../../shared/protocol'
import { BOARD_PATH_PREFIX, FRAGMENT_KEY } from '../../shared/protocol'
import { initMeetingDoc } from '../../shared/ydoc/meetingDoc'
import type { HttpContext } from '../apiSupport'
import { bearerToken, refuse, requireJsonIfBody } from '../apiSupport'
import { accountActor, auditOrigin, recordAudit } from '../audit/auditLog'
import { meRoute } from '../auth/me'
import { sessionOf } from '../auth/sessions'
import { casesRoute } from '../cases/casesRoute'
import { takeBoardCreation } from './boardCreationLimit'
import type { Config } from '../config'
import { boardRef, errorText, log } from '../log'
import type { Account, FacilitatorEntry } from '../storage/accountStorage'
import type { BoardRecord } from '../storage/boardStorage'
import { hashToken, newBoardId, newToken, sealTokens, sealTokensWithServerKey, secretsEqual } from '../tokens'

export type ServerRouteName = 'health' | 'config' | 'createBoard' | 'me' | 'cases'

export const SERVER_ROUTES: {
  [N in ServerRouteName]: (ctx: HttpContext, req: IncomingMessage, body: Buffer) => ResponseOf<N> | Promise<ResponseOf<N>>
} = {
  health: (ctx) => ({ ok: true, ...ctx.stats() }),
  config: (ctx) => ({
    // With sign-in the account replaces the admin key (createBoard).
    boardCreationRequiresKey: ctx.config.signIn === null && ctx.config.adminKey !== null,
    signIn: ctx.config.signIn !== null,
  }),
  createBoard,
  me: (ctx, req) => meRoute(ctx, req),
  cases: (ctx, req) => casesRoute(ctx, req),
}

async function createBoard(ctx: HttpContext, req: IncomingMessage, body: Buffer): Promise<ResponseOf<'createBoard'>> {
  if (ctx.config.signIn !== null) return createBoardByAccount(ctx, req, body)
  const { adminKey } = ctx.config
  if (adminKey !== null) {
    const presented = bearerToken(req)
    if (presented === null || !secretsEqual(presented, adminKey)) {
      throw refuse('adminKeyRequired', { headers: { 'WWW-Authenticate': 'Bearer' } })
    }
  }
  await allowCreation(ctx, req, body)
  const facilitatorToken = newToken()
  const { board, participantToken, residentToken } = await storeNewBoard(ctx, facilitatorToken, (id, links) => sealTokens(facilitatorToken, id, links))
  log('info', 'board_created', { board: boardRef(board.id) })
  return {
    id: board.id,
    facilitatorToken,
    participantToken,
    residentToken,
    ...boardLinks(publicBase(ctx.config, req), board.id, { facilitatorToken, participantToken, residentToken }),
  }
}

/**
 * Creating a board with sign-in on (issue 12): only a signed-in professional may (401
 * `sign_in_required`; 403 `cross_origin` for a session cookie from another site), and becomes
 * its facilitator by account. No facilitator link exists to hand out: its token is made only so
 * the board's schema stays as it is (its hash is stored, the token itself is dropped at once);
 * the participant and resident links are sealed with the server's LINK_SEAL_KEY (tokens.ts `k1.`).
 */
async function createBoardByAccount(ctx: HttpContext, req: IncomingMessage, body: Buffer): Promise<CreateBoardByAccountResponse> {
  const signIn = ctx.config.signIn!
  const origin = auditOrigin(ctx.config, req)
  const session = await sessionOf(ctx, req, { stateChanging: true })
  if (session.kind !== 'signedIn') {
    // No board to log a refusal to; the process log says it happened.
    log('info', 'board_create_refused', { reason: session.kind === 'crossOrigin' ? 'cross_origin' : 'sign_in_required' })
    throw session.kind === 'crossOrigin' ? refuse('crossOrigin') : refuse('signInRequired')
  }
  const { account } = session.session
  await allowCreation(ctx, req, body)
  const { board, participantToken, residentToken } = await storeNewBoard(ctx, newToken(), (id, links) => sealTokensWithServerKey(signIn.linkSealKey, id, links))
  try {
    await ctx.caseStorage.addFacilitator(board.id, creatorEntry(account, board.createdAt))
  } catch (err) {
    // A board nobody may facilitate is of no use: it goes again, and the request fails.
    log('error', 'board_create_failed', { board: boardRef(board.id), error: errorText(err) })
    await ctx.storage.deleteBoard(board.id).catch(() => {})
    throw err
  }
  await recordAudit(ctx, {
    action: AUDIT_ACTIONS.boardCreate,
    boardId: board.id,
    actor: accountActor(account),
    access: 'facilitator',
    sessionNumber: 1,
    result: 'ok',
    origin,
  })
  log('info', 'board_created', { board: boardRef(board.id), byAccount: true })
  return { id: board.id, participantToken, residentToken, ...shareLinks(publicBase(ctx.config, req), board.id, { participantToken, residentToken }) }
}

/**
 * The creator's row among the case's facilitators, bound to the account. Its e-mail is the
 * account's verified address; an account without one gets `account:<first 16 hex of
 * SHA-256(issuer|subject)>` — the table's key needs a value, and no real address looks like it.
 */
export function creatorEntry(account: Account, addedAt: number): FacilitatorEntry {
  const email = account.email !== '' ? account.email : `account:${hashToken(`${account.issuer}|${account.subject}`).slice(0, 16)}`
  return { email, name: account.name, issuer: account.issuer, subject: account.subject, creator: true, addedAt }
}

/** A body (none is needed) must be JSON; then one board from the address's allowance (429 beyond it). */
async function allowCreation(ctx: HttpContext, req: IncomingMessage, body: Buffer): Promise<void> {
  requireJsonIfBody(req, body)
  const allowance = await takeBoardCreation(ctx.config, ctx.rateLimitStore, req)
  if (!allowance.allowed) {
    log('warn', 'board_create_limited', { retryAfterSeconds: allowance.retryAfterSeconds })
    throw refuse('tooManyBoards', { headers: { 'Retry-After': String(allowance.retryAfterSeconds) } })
  }
}

/**
 * A new board with new participant and resident tokens, stored with its first meeting state;
 * only the tokens' hashes and the sealed links are kept.
 */
async function storeNewBoard(
  ctx: HttpContext,
  facilitatorToken: string,
  seal: (boardId: string, links: { participantToken: string; residentToken: string }) => string,
): Promise<{ board: BoardRecord; participantToken: string; residentToken: string }> {
  const participantToken = newToken()
  const residentToken = newToken()
  const id = newBoardId()
  const board: BoardRecord = {
    id,
    createdAt: Date.now(),
    facilitatorTokenHash: hashToken(facilitatorToken),
    participantTokenHash: hashToken(participantToken),
    residentTokenHash: hashToken(residentToken),
    sealedLinks: seal(id, { participantToken, residentToken }),
  }
  await ctx.storage.createBoard(board, initialMeetingState(new Date(board.createdAt).toISOString(), ctx.config.timeZone))
  return { board, participantToken, residentToken }
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
  return {
    facilitatorUrl: linkOf(base, boardId, 'facilitator', tokens.facilitatorToken),
    ...shareLinks(base, boardId, tokens),
  }
}

/** The participant and resident links (a board made by account has no facilitator link). */
export function shareLinks(base: string, boardId: string, tokens: { participantToken: string; residentToken: string }): Omit<BoardLinksResponse, 'facilitatorUrl'> {
  return {
    participantUrl: linkOf(base, boardId, 'participant', tokens.participantToken),
    residentUrl: linkOf(base, boardId, 'resident', tokens.residentToken),
  }
}

/** `<base>/b/<id>#<f|p|r>=<token>`: the token in the fragment, never sent to a server. */
function linkOf(base: string, boardId: string, access: Access, token: string): string {
  return `${base}${BOARD_PATH_PREFIX}${boardId}#${FRAGMENT_KEY[access]}=${token}`
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
