/**
 * The sign-in routes (issue 12, docs/api.md "Sign-in"):
 *   GET  /auth/login?returnTo=/b/…  → to the identity provider (a pending sign-in in cookie tafelbord_login)
 *   GET  /auth/callback?code=…      → back from it: a session (cookie tafelbord_session), then to returnTo
 *   POST /auth/logout               → ends the session (same Origin only), 200 `{ endSessionUrl }`
 * (with an https PUBLIC_URL the cookies are `__Host-tafelbord_…`, server/auth/cookies.ts).
 * With sign-in off every /auth path answers 404 `sign_in_off`. Login and callback are limited per
 * client address (SIGN_IN_PER_MINUTE, server/auth/rateLimit.ts): 429 beyond, before anything is
 * stored or logged. A refused or failed sign-in goes
 * to `/?signInError=secondFactor|failed|expired` and leaves a line in the access log; the server
 * log gets only a short code — never a code, token, session id, claim or e-mail address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { AUDIT_ACTIONS } from '../../shared/domain/audit'
import {
  type LogoutResponse,
  type SignInError,
  accountNameOf,
  hasAcceptedSecondFactor,
  localReturnTo,
  organisationOf,
  verifiedEmailOf,
} from '../../shared/domain/signIn'
import type { HttpContext } from '../apiSupport'
import { refuse, sendJson } from '../apiSupport'
import { ANONYMOUS_ACTOR, accountActor, auditOrigin, recordAudit } from '../audit/auditLog'
import { errorText, log } from '../log'
import type { Account } from '../storage/accountStorage'
import { LOGIN_COOKIE_MAX_AGE_S, clearCookie, cookieOf, serializeCookie, signInCookies } from './cookies'
import { type LoginChecks, authorizationUrl, completeSignIn, endSessionUrl, failureCode, newLoginChecks } from './oidc'
import { takeSignInRequest } from './rateLimit'
import { hashOpaqueId, isOpaqueId, newOpaqueId, sessionOf } from './sessions'

interface AuthRoute {
  method: 'GET' | 'POST'
  /** Counted against SIGN_IN_PER_MINUTE: the routes that store a pending sign-in or write the access log for anybody. */
  limited: boolean
  handle: (ctx: HttpContext, req: IncomingMessage, res: ServerResponse) => Promise<void>
}

const ROUTES: Record<string, AuthRoute> = {
  '/auth/login': { method: 'GET', limited: true, handle: login },
  '/auth/callback': { method: 'GET', limited: true, handle: callback },
  // Needs the session cookie and its Origin to do anything; writes nothing for a stranger.
  '/auth/logout': { method: 'POST', limited: false, handle: logout },
}

/** Answers a request under /auth/ (the router sends every such path here). */
export async function handleAuthRoute(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (ctx.config.signIn === null) throw refuse('signInOff')
  const route = ROUTES[pathname]
  if (route === undefined) throw refuse('notFound')
  // GET only, not HEAD: a HEAD must not start a sign-in or use up a pending one.
  if (req.method !== route.method) {
    throw refuse('methodNotAllowed', { headers: { Allow: route.method } })
  }
  if (route.limited) {
    const allowance = await takeSignInRequest(ctx.config, ctx.rateLimitStore, req)
    if (!allowance.allowed) {
      // Before anything is stored, fetched or written to the access log.
      throw refuse('tooManySignIns', { headers: { 'Retry-After': String(allowance.retryAfterSeconds) } })
    }
  }
  await route.handle(ctx, req, res)
}

function queryOf(req: IncomingMessage): string {
  const url = req.url ?? ''
  const question = url.indexOf('?')
  return question < 0 ? '' : url.slice(question)
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', 'Set-Cookie': cookies, 'Content-Length': 0 })
  res.end()
}

async function login(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const signIn = ctx.config.signIn!
  const returnTo = localReturnTo(new URLSearchParams(queryOf(req)).get('returnTo'))
  const cookies = signInCookies(ctx.config)
  let target: URL
  let checks: LoginChecks
  try {
    checks = await newLoginChecks()
    target = await authorizationUrl(signIn, checks)
  } catch (err) {
    // The provider cannot be reached (discovery): nothing was stored, the person may try again.
    log('error', 'sign_in_provider_unavailable', { error: errorText(err) })
    await refuseSignIn(ctx, req, res, 'failed', 'providerUnavailable', 'failed')
    return
  }
  const loginId = newOpaqueId()
  await ctx.signInStorage.saveLogin(hashOpaqueId(loginId), { ...checks, returnTo, expiresAt: Date.now() + LOGIN_COOKIE_MAX_AGE_S * 1000 })
  redirect(res, target.href, [serializeCookie(cookies.login.name, loginId, { path: cookies.login.path, maxAge: LOGIN_COOKIE_MAX_AGE_S, secure: cookies.secure })])
}

async function callback(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const signIn = ctx.config.signIn!
  const cookies = signInCookies(ctx.config)
  const loginId = cookieOf(req, cookies.login.name)
  // One use: the pending sign-in is deleted as it is read, whatever happens next. A login cookie
  // that came twice (one tossed in by a sibling subdomain) counts as no pending sign-in.
  const pending = typeof loginId === 'string' && isOpaqueId(loginId) ? await ctx.signInStorage.takeLogin(hashOpaqueId(loginId), Date.now()) : undefined
  if (pending === undefined) {
    await refuseSignIn(ctx, req, res, 'expired', 'loginExpired', 'refused')
    return
  }

  let account: Account
  try {
    const claims = await completeSignIn(signIn, queryOf(req), pending)
    account = {
      issuer: claims.issuer,
      subject: claims.subject,
      name: accountNameOf(claims.profile),
      email: verifiedEmailOf(claims.profile),
      organisation: organisationOf(claims.profile, signIn.organisationClaim),
    }
    if (!hasAcceptedSecondFactor(claims.idToken, signIn.acceptedAcr)) {
      log('warn', 'sign_in_refused', { reason: 'secondFactor' })
      await refuseSignIn(ctx, req, res, 'secondFactor', 'secondFactor', 'refused', account)
      return
    }
  } catch (err) {
    const code = failureCode(err)
    log('warn', 'sign_in_failed', { reason: code })
    await refuseSignIn(ctx, req, res, 'failed', code, 'failed')
    return
  }

  // A session cookie this browser still had belongs to an earlier sign-in: end it (no two at once).
  const earlier = cookieOf(req, cookies.session.name)
  if (typeof earlier === 'string' && isOpaqueId(earlier)) await ctx.signInStorage.endSession(hashOpaqueId(earlier))

  const sessionId = newOpaqueId()
  const now = Date.now()
  await ctx.signInStorage.createSession({
    ...account,
    idHash: hashOpaqueId(sessionId),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + signIn.sessionAbsoluteMinutes * 60_000,
  })
  if (account.email !== '') {
    // Makes this person the facilitator of every case they were added to by this e-mail address.
    await ctx.caseStorage.bindFacilitatorEmail(account).catch((err: unknown) => log('error', 'facilitator_bind_failed', { error: errorText(err) }))
  }
  await recordAudit(ctx, { action: AUDIT_ACTIONS.signIn, actor: accountActor(account), result: 'ok', origin: auditOrigin(ctx.config, req) })
  log('info', 'signed_in', {})
  // Checked again: a row stored before the rule got stricter must not break the Location header.
  redirect(res, localReturnTo(pending.returnTo), [
    serializeCookie(cookies.session.name, sessionId, { path: cookies.session.path, secure: cookies.secure }),
    clearCookie(cookies.login.name, cookies.login.path, cookies.secure),
  ])
}

async function refuseSignIn(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  error: SignInError,
  reason: string,
  result: 'refused' | 'failed',
  account?: Account,
): Promise<void> {
  await recordAudit(ctx, {
    action: AUDIT_ACTIONS.signInRefused,
    actor: account === undefined ? ANONYMOUS_ACTOR : accountActor(account),
    result,
    reason,
    origin: auditOrigin(ctx.config, req),
  })
  const cookies = signInCookies(ctx.config)
  redirect(res, `/?signInError=${error}`, [clearCookie(cookies.login.name, cookies.login.path, cookies.secure)])
}

async function logout(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const lookup = await sessionOf(ctx, req, { stateChanging: true })
  if (lookup.kind === 'crossOrigin') throw refuse('crossOrigin')
  if (lookup.kind === 'signedIn') {
    const { account, idHash } = lookup.session
    await ctx.signInStorage.endSession(idHash)
    ctx.endSessionConnections(idHash)
    await recordAudit(ctx, { action: AUDIT_ACTIONS.signOut, actor: accountActor(account), result: 'ok', origin: auditOrigin(ctx.config, req) })
    log('info', 'signed_out', {})
  }
  // Signed out here, or already: either way the cookie goes. The provider's own session may still
  // hold (single sign-on): the browser is sent to its end-session endpoint, so that the next
  // "Inloggen" on a shared laptop asks who is there instead of signing the last person in again.
  const cookies = signInCookies(ctx.config)
  const answer: LogoutResponse = { endSessionUrl: await providerSignOutUrl(ctx) }
  sendJson(res, 200, answer, { 'Set-Cookie': clearCookie(cookies.session.name, cookies.session.path, cookies.secure) })
}

/** The provider's end-session URL, or null when it has none or cannot be reached (the session here ended anyway). */
async function providerSignOutUrl(ctx: HttpContext): Promise<string | null> {
  const signIn = ctx.config.signIn!
  try {
    return await endSessionUrl(signIn)
  } catch (err) {
    log('warn', 'sign_out_provider_unavailable', { error: errorText(err) })
    return null
  }
}
