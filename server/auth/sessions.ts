/**
 * Sessions of signed-in professionals (issue 12): which account a request comes from, if any.
 * `sessionOf` is the one place that reads the session cookie — for the HTTP API, the /auth
 * routes and the websocket upgrade alike — and applies:
 * - the Origin check: a request that presents the cookie and changes something (POST, PATCH, PUT,
 *   DELETE, or a websocket upgrade) must come from PUBLIC_URL's origin, else `crossOrigin`
 *   (SameSite=Lax already keeps the cookie off most cross-site requests; this closes the rest,
 *   e.g. a sibling subdomain, which counts as the same site);
 * - the time-outs: idle (SESSION_IDLE_MINUTES since the last use) and absolute
 *   (SESSION_ABSOLUTE_MINUTES since sign-in); an ended session is deleted, audited once as
 *   `auth.sessionExpired` and answered as `ended` (the cookie is then ignored);
 * - the last use: written at most once a minute per session, to spare the database.
 * The cookie holds a random id; the database knows only its SHA-256 (`idHash`).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { sessionStateAt } from '../../shared/domain/signIn'
import { AUDIT_ACTIONS } from '../../shared/domain/audit'
import { accountActor, auditOrigin, recordAudit } from '../audit/auditLog'
import type { Config } from '../config'
import { errorText, log } from '../log'
import type { Account, CaseStorage, SignInStorage, StoredSession } from '../storage/accountStorage'
import { DOUBLED, cookieOf, signInCookies } from './cookies'

export interface SignedIn {
  account: Account
  idHash: string
}

export type SessionLookup =
  | { kind: 'none' } // no cookie, or sign-in off
  | { kind: 'ended' } // cookie of an unknown/idle/expired session (the cookie is ignored)
  | { kind: 'crossOrigin' } // cookie present on a state-changing request/upgrade from another Origin
  | { kind: 'signedIn'; session: SignedIn }

/**
 * What `sessionOf` needs of the request context (`HttpContext` has it all; not imported from
 * there, since server/apiSupport.ts imports this file). `caseStorage`, when given, receives the
 * `auth.sessionExpired` line of a session that ended by time.
 */
export interface SessionContext {
  config: Pick<Config, 'signIn' | 'publicUrl' | 'clientAddressHeader' | 'clusterSecret'>
  signInStorage: SignInStorage
  caseStorage?: Pick<CaseStorage, 'appendAudit'>
}

/** How often at most the last use of a session is written. */
export const TOUCH_INTERVAL_MS = 60_000

/** A new opaque id for a cookie: 256 random bits, base64url. */
export function newOpaqueId(): string {
  return randomBytes(32).toString('base64url')
}

/** What the database keeps of an opaque id: its SHA-256, hex. */
export function hashOpaqueId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex')
}

/** An id as `newOpaqueId` makes them; anything else in the cookie is not looked up. */
export function isOpaqueId(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value)
}

/** The origin of PUBLIC_URL (`https://bord.example.nl`), which state-changing requests must come from. */
export function siteOrigin(config: Pick<Config, 'publicUrl'>): string | null {
  return config.publicUrl === null ? null : new URL(config.publicUrl).origin
}

/** The session's idle time-out in ms. */
export function idleMs(config: Pick<Config, 'signIn'>): number {
  return (config.signIn?.sessionIdleMinutes ?? 30) * 60_000
}

const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function changesSomething(req: IncomingMessage, use: { stateChanging: boolean }): boolean {
  if (use.stateChanging) return true
  if (req.headers.upgrade !== undefined) return true
  return !READING_METHODS.has((req.method ?? 'GET').toUpperCase())
}

/** Who is signed in on this request (see the top of this file). */
export async function sessionOf(
  ctx: SessionContext,
  req: IncomingMessage,
  use: { stateChanging: boolean },
): Promise<SessionLookup> {
  const { config } = ctx
  if (config.signIn === null) return { kind: 'none' }
  const id = cookieOf(req, signInCookies(config).session.name)
  // Twice the same name: one was tossed in by a sibling subdomain, and which is ours is unknown.
  if (id === undefined || id === '' || id === DOUBLED) return { kind: 'none' }
  if (changesSomething(req, use) && req.headers.origin !== siteOrigin(config)) return { kind: 'crossOrigin' }
  if (!isOpaqueId(id)) return { kind: 'ended' }

  const idHash = hashOpaqueId(id)
  const stored = await ctx.signInStorage.findSession(idHash)
  if (stored === undefined) return { kind: 'ended' }
  const now = Date.now()
  if (sessionStateAt(stored, now, idleMs(config)) !== 'active') {
    await ctx.signInStorage.endSession(idHash)
    if (ctx.caseStorage !== undefined) {
      await recordAudit(
        { caseStorage: ctx.caseStorage },
        { action: AUDIT_ACTIONS.sessionExpired, actor: accountActor(stored), result: 'ok', origin: auditOrigin(config, req) },
      )
    }
    return { kind: 'ended' }
  }
  if (now - stored.lastSeenAt >= TOUCH_INTERVAL_MS) {
    // A failed write costs at most some idle time; the request itself goes on.
    await ctx.signInStorage.touchSession(idHash, now).catch((err: unknown) => log('warn', 'session_touch_failed', { error: errorText(err) }))
  }
  return { kind: 'signedIn', session: { account: accountOf(stored), idHash } }
}

function accountOf(session: StoredSession): Account {
  return { issuer: session.issuer, subject: session.subject, name: session.name, email: session.email, organisation: session.organisation }
}

/**
 * Whether the session `idHash` still holds (not signed out, not timed out): for a websocket that
 * relies on it, checked at every keepalive tick. With `touch` (the connection was used since the
 * last tick: a person working on an open board is not idle) the last use is written, at most once
 * a minute like `sessionOf`.
 */
export async function sessionStillActive(
  ctx: Pick<SessionContext, 'config' | 'signInStorage'>,
  idHash: string,
  options: { touch: boolean } = { touch: false },
): Promise<boolean> {
  const stored = await ctx.signInStorage.findSession(idHash)
  const now = Date.now()
  if (stored === undefined || sessionStateAt(stored, now, idleMs(ctx.config)) !== 'active') return false
  if (options.touch && now - stored.lastSeenAt >= TOUCH_INTERVAL_MS) await ctx.signInStorage.touchSession(idHash, now)
  return true
}
