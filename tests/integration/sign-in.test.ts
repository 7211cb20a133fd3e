/**
 * Sign-in with OpenID Connect (issue 12) against the real server process and a real identity
 * provider (the `oidc-provider` package, tests/helpers/oidcProvider.ts), signing in as a browser
 * does (tests/helpers/signIn.ts): the login form, the consent page, our callback.
 *
 * Runs on both back ends: what is stored is read from the SQLite file (read-only) or from the
 * PostgreSQL database by tests/helpers/signIn.ts. The idle time-out is tested with the real
 * setting (SESSION_IDLE_MINUTES, 30 by default) by moving the session's last use 31 minutes into
 * the past in the database — the very row the server reads on every request — rather than by a
 * seconds knob that production would carry only for tests.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MeResponse, ServerConfigResponse } from '../../shared/protocol'
import type { LogoutResponse } from '../../shared/domain/signIn'
import { freePort } from '../helpers/freePort'
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidcProvider'
import { cleanupServers, type ServerProcess, startServer } from '../helpers/serverProcess'
import {
  ANNA,
  BERT,
  LOGIN_COOKIE,
  PASSWORD_ONLY,
  SESSION_COOKIE,
  attemptSignIn,
  me,
  sameSiteHeaders,
  selectFromServer,
  signInOverHttp,
  startSignInServer,
  storedText,
  writeServerDatabase,
} from '../helpers/signIn'
import { expectLogsClean, rememberSecret } from './support'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const cookieValue = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1)

/** An account whose provider did not verify the e-mail address, with only given and family name. */
const UNVERIFIED = {
  login: 'ursula',
  sub: 'sub-ursula-0004',
  givenName: 'Ursula',
  familyName: 'Unverified',
  email: 'Ursula@Example.org',
  emailVerified: false,
  acr: ANNA.acr,
}

let provider: TestOidcProvider
let server: ServerProcess

beforeAll(async () => {
  ;({ server, provider } = await startSignInServer({ accounts: [ANNA, BERT, PASSWORD_ONLY, UNVERIFIED] }))
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
  await provider?.close()
})

async function signIn(login: string, returnTo?: string): Promise<string> {
  const cookie = await signInOverHttp(server.baseUrl, { login, returnTo })
  rememberSecret(cookieValue(cookie))
  return cookie
}

/** The end_session_endpoint the provider's discovery document advertises. */
async function advertisedEndSessionEndpoint(): Promise<string> {
  const discovery = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as { end_session_endpoint: string }
  return discovery.end_session_endpoint
}

function auditLines(): Array<{ action: string; result: string; reason: string | null; actor_kind: string; actor_name: string | null }> {
  return selectFromServer(server, 'SELECT action, result, reason, actor_kind, actor_name FROM audit_log WHERE board_id IS NULL ORDER BY seq') as never
}

describe('sign-in on', () => {
  it('signs in through the provider: /api/me shows the name, the verified e-mail and the organisation', async () => {
    const attempt = await attemptSignIn(server.baseUrl, { login: 'anna', returnTo: '/b/abc123?x=1' })
    expect(attempt.callback.status).toBe(302)
    expect(attempt.location).toBe('/b/abc123?x=1')
    expect(attempt.sessionCookie).not.toBeNull()
    rememberSecret(cookieValue(attempt.sessionCookie!))

    const info = await me(server.baseUrl, attempt.sessionCookie!)
    expect(info).toEqual({ signedIn: true, name: ANNA.name, email: ANNA.email, organisation: ANNA.organisation } satisfies MeResponse)
    // The provider puts profile claims in userinfo only (conformIdTokenClaims): our client asked for them.
    expect(provider.requests.get('/me')).toBeGreaterThan(0)
    const config = (await (await fetch(`${server.baseUrl}/api/config`)).json()) as ServerConfigResponse
    expect(config.signIn).toBe(true)
  })

  it('sets HttpOnly, SameSite=Lax cookies, not Secure on http; the session cookie ends with the browser', async () => {
    const attempt = await attemptSignIn(server.baseUrl, { login: 'anna' })
    rememberSecret(cookieValue(attempt.sessionCookie!))
    const login = attempt.loginSetCookies.find((c) => c.startsWith(`${LOGIN_COOKIE}=`))!
    expect(login).toMatch(/; Path=\/auth(;|$)/)
    expect(login).toMatch(/; Max-Age=600(;|$)/)
    expect(login).toMatch(/; HttpOnly(;|$)/)
    expect(login).toMatch(/; SameSite=Lax(;|$)/)
    expect(login).not.toMatch(/Secure/i)

    const session = attempt.callbackSetCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    expect(session).toMatch(/; Path=\/(;|$)/)
    expect(session).toMatch(/; HttpOnly(;|$)/)
    expect(session).toMatch(/; SameSite=Lax(;|$)/)
    expect(session).not.toMatch(/Secure/i)
    expect(session).not.toMatch(/Max-Age|Expires/i)
    // 256 random bits.
    expect(cookieValue(attempt.sessionCookie!)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // The pending sign-in is used up: its cookie is deleted with the callback.
    expect(attempt.callbackSetCookies.find((c) => c.startsWith(`${LOGIN_COOKIE}=`))).toMatch(/Max-Age=0/)
    // Without a return path: the start page.
    expect(attempt.location).toBe('/')
  })

  it('stores only the SHA-256 of the session id: no cookie value in any table', async () => {
    const attempt = await attemptSignIn(server.baseUrl, { login: 'bert' })
    const sessionId = cookieValue(attempt.sessionCookie!)
    const loginId = attempt.loginSetCookies.find((c) => c.startsWith(`${LOGIN_COOKIE}=`))!.split(';')[0].split('=')[1]
    rememberSecret(sessionId)
    rememberSecret(loginId)
    const text = storedText(server)
    expect(text).not.toContain(sessionId)
    expect(text).not.toContain(loginId)
    const rows = selectFromServer(server, 'SELECT id_hash, name, email, organisation, subject FROM auth_sessions')
    expect(rows).toContainEqual({ id_hash: sha256(sessionId), name: BERT.name, email: BERT.email, organisation: BERT.organisation, subject: BERT.sub })
    // Bert signed in with amr `mfa` and no acr: accepted as a second factor too.
    expect((await me(server.baseUrl, attempt.sessionCookie!)).name).toBe(BERT.name)
  })

  it('refuses a sign-in without an accepted acr or amr mfa: no session, back to the start with signInError=secondFactor', async () => {
    const before = selectFromServer(server, 'SELECT id_hash FROM auth_sessions').length
    const attempt = await attemptSignIn(server.baseUrl, { login: 'piet', returnTo: '/b/abc' })
    expect(attempt.callback.status).toBe(302)
    expect(attempt.location).toBe('/?signInError=secondFactor')
    expect(attempt.sessionCookie).toBeNull()
    expect(attempt.callbackSetCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false)
    expect(selectFromServer(server, 'SELECT id_hash FROM auth_sessions')).toHaveLength(before)
    expect(auditLines()).toContainEqual({ action: 'auth.signInRefused', result: 'refused', reason: 'secondFactor', actor_kind: 'account', actor_name: PASSWORD_ONLY.name })
  })

  it('keeps an e-mail address the provider did not verify out of the account; builds the name from given and family name', async () => {
    const cookie = await signIn('ursula')
    expect(await me(server.baseUrl, cookie)).toEqual({ signedIn: true, name: 'Ursula Unverified', email: '', organisation: '' })
    expect(storedText(server).toLowerCase()).not.toContain('ursula@example.org')
  })

  it('ignores a returnTo that leaves the site', async () => {
    for (const returnTo of ['https://evil.example/b/x', '//evil.example/b/x', '/\\evil.example/b/x', 'javascript:alert(1)', '/\t/evil.example']) {
      const attempt = await attemptSignIn(server.baseUrl, { login: 'anna', returnTo })
      rememberSecret(cookieValue(attempt.sessionCookie!))
      expect(attempt.location, returnTo).toBe('/')
    }
  })

  it('signs out: the old cookie no longer works; a sign-out from another Origin is refused', async () => {
    const cookie = await signIn('anna')
    const elsewhere = await fetch(`${server.baseUrl}/auth/logout`, { method: 'POST', headers: { cookie, origin: 'http://evil.example' } })
    expect(elsewhere.status).toBe(403)
    expect(((await elsewhere.json()) as { error: string }).error).toBe('cross_origin')
    const noOrigin = await fetch(`${server.baseUrl}/auth/logout`, { method: 'POST', headers: { cookie } })
    expect(noOrigin.status).toBe(403)
    await noOrigin.arrayBuffer()
    expect((await me(server.baseUrl, cookie)).signedIn).toBe(true)

    const out = await fetch(`${server.baseUrl}/auth/logout`, { method: 'POST', headers: sameSiteHeaders(server, cookie) })
    expect(out.status).toBe(200)
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/^tafelbord_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/)
    // The provider's own session ends too (else its single sign-on signs the same person in again
    // at the next "Inloggen" on a shared laptop): the browser is sent to its end-session endpoint.
    const { endSessionUrl } = (await out.json()) as LogoutResponse
    expect(endSessionUrl).not.toBeNull()
    const endSession = new URL(endSessionUrl!)
    expect(endSession.origin).toBe(provider.issuer)
    expect(`${endSession.origin}${endSession.pathname}`).toBe(await advertisedEndSessionEndpoint())
    expect(endSession.searchParams.get('client_id')).toBe(provider.clientId)
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${server.baseUrl}/`)
    expect(endSession.searchParams.has('id_token_hint')).toBe(false)
    expect(await me(server.baseUrl, cookie)).toEqual({ signedIn: false, name: '', email: '', organisation: '' })
    expect(selectFromServer(server, 'SELECT id_hash FROM auth_sessions').map((r) => r.id_hash)).not.toContain(sha256(cookieValue(cookie)))
    // Signing out again (or without a session) is no error.
    const again = await fetch(`${server.baseUrl}/auth/logout`, { method: 'POST', headers: sameSiteHeaders(server, cookie) })
    expect(again.status).toBe(200)
    expect(((await again.json()) as LogoutResponse).endSessionUrl).toBe(endSessionUrl)
    expect(auditLines().filter((l) => l.action === 'auth.signOut')).toEqual([
      { action: 'auth.signOut', result: 'ok', reason: null, actor_kind: 'account', actor_name: ANNA.name },
    ])
  })

  it('ends a session idle for SESSION_IDLE_MINUTES (once audited), and one past its absolute end', async () => {
    const idle = await signIn('anna')
    const idleHash = sha256(cookieValue(idle))
    expect((await me(server.baseUrl, idle)).signedIn).toBe(true)
    // 29 minutes without a request: still on (and the use writes the new time).
    writeServerDatabase(server, `UPDATE auth_sessions SET last_seen_at = last_seen_at - ${29 * 60_000} WHERE id_hash = '${idleHash}'`)
    expect((await me(server.baseUrl, idle)).signedIn).toBe(true)
    const [touched] = selectFromServer(server, `SELECT last_seen_at FROM auth_sessions WHERE id_hash = '${idleHash}'`)
    expect(Date.now() - Number(touched.last_seen_at)).toBeLessThan(60_000)
    // 31 minutes without a request: ended, and deleted.
    writeServerDatabase(server, `UPDATE auth_sessions SET last_seen_at = last_seen_at - ${31 * 60_000} WHERE id_hash = '${idleHash}'`)
    expect((await me(server.baseUrl, idle)).signedIn).toBe(false)
    expect(selectFromServer(server, `SELECT id_hash FROM auth_sessions WHERE id_hash = '${idleHash}'`)).toHaveLength(0)
    expect((await me(server.baseUrl, idle)).signedIn).toBe(false)

    const old = await signIn('bert')
    const oldHash = sha256(cookieValue(old))
    writeServerDatabase(server, `UPDATE auth_sessions SET expires_at = ${Date.now() - 1} WHERE id_hash = '${oldHash}'`)
    expect((await me(server.baseUrl, old)).signedIn).toBe(false)

    const expired = auditLines().filter((l) => l.action === 'auth.sessionExpired')
    expect(expired).toEqual([
      { action: 'auth.sessionExpired', result: 'ok', reason: null, actor_kind: 'account', actor_name: ANNA.name },
      { action: 'auth.sessionExpired', result: 'ok', reason: null, actor_kind: 'account', actor_name: BERT.name },
    ])
  })

  it('refuses a callback without its pending sign-in, a replayed one, and one with a wrong state', async () => {
    const bare = await fetch(`${server.baseUrl}/auth/callback?code=abc&state=def`, { redirect: 'manual' })
    expect(bare.status).toBe(302)
    expect(bare.headers.get('location')).toBe('/?signInError=expired')

    const start = await fetch(`${server.baseUrl}/auth/login`, { redirect: 'manual' })
    expect(start.status).toBe(302)
    const target = new URL(start.headers.get('location')!)
    expect(target.origin).toBe(provider.issuer)
    expect(target.searchParams.get('code_challenge_method')).toBe('S256')
    expect(target.searchParams.get('state')).toMatch(/.{20,}/)
    expect(target.searchParams.get('nonce')).toMatch(/.{20,}/)
    expect(target.searchParams.get('redirect_uri')).toBe(`${server.baseUrl}/auth/callback`)
    const loginCookie = start.headers.getSetCookie()[0].split(';')[0]
    rememberSecret(loginCookie.split('=')[1])
    const wrongState = await fetch(`${server.baseUrl}/auth/callback?code=abc&state=not-the-state`, { redirect: 'manual', headers: { cookie: loginCookie } })
    expect(wrongState.headers.get('location')).toBe('/?signInError=failed')
    // One use: the same pending sign-in again is gone.
    const replay = await fetch(`${server.baseUrl}/auth/callback?code=abc&state=${target.searchParams.get('state')}`, { redirect: 'manual', headers: { cookie: loginCookie } })
    expect(replay.headers.get('location')).toBe('/?signInError=expired')

    // A real callback replayed after it was used.
    const attempt = await attemptSignIn(server.baseUrl, { login: 'anna' })
    rememberSecret(cookieValue(attempt.sessionCookie!))
    expect(attempt.sessionCookie).not.toBeNull()
  })

  it('trusts no cookie that came twice (one tossed in by a sibling subdomain): no session, an expired sign-in', async () => {
    const cookie = await signIn('anna')
    const tossed = `${SESSION_COOKIE}=${'A'.repeat(43)}`
    expect((await me(server.baseUrl, cookie)).signedIn).toBe(true)
    // Either order, and even the same session twice: which one is ours cannot be told.
    for (const header of [`${cookie}; ${tossed}`, `${tossed}; ${cookie}`, `${cookie}; ${cookie}`]) {
      expect(await me(server.baseUrl, header), header).toEqual({ signedIn: false, name: '', email: '', organisation: '' })
    }
    // Not even as the session of a state-changing request from our own origin.
    const create = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', headers: sameSiteHeaders(server, `${tossed}; ${cookie}`) })
    expect(create.status).toBe(401)
    expect(((await create.json()) as { error: string }).error).toBe('sign_in_required')
    // The session itself was not ended by it.
    expect((await me(server.baseUrl, cookie)).signedIn).toBe(true)

    // A doubled login cookie at the callback: an expired sign-in (nothing is exchanged).
    const start = await fetch(`${server.baseUrl}/auth/login`, { redirect: 'manual' })
    const loginCookie = start.headers.getSetCookie()[0].split(';')[0]
    rememberSecret(loginCookie.split('=')[1])
    const state = new URL(start.headers.get('location')!).searchParams.get('state')
    const tokensBefore = provider.requests.get('/token') ?? 0
    const doubled = await fetch(`${server.baseUrl}/auth/callback?code=abc&state=${state}`, {
      redirect: 'manual',
      headers: { cookie: `${LOGIN_COOKIE}=${'B'.repeat(43)}; ${loginCookie}` },
    })
    expect(doubled.status).toBe(302)
    expect(doubled.headers.get('location')).toBe('/?signInError=expired')
    expect(provider.requests.get('/token') ?? 0).toBe(tokensBefore)
  })

  it('records sign-ins in the access log without e-mail addresses', async () => {
    const lines = auditLines()
    expect(lines).toContainEqual({ action: 'auth.signIn', result: 'ok', reason: null, actor_kind: 'account', actor_name: ANNA.name })
    expect(lines).toContainEqual({ action: 'auth.signInRefused', result: 'refused', reason: 'loginExpired', actor_kind: 'anonymous', actor_name: null })
    const all = JSON.stringify(selectFromServer(server, 'SELECT * FROM audit_log'))
    for (const email of [ANNA.email, BERT.email, PASSWORD_ONLY.email]) expect(all).not.toContain(email)
  })

  it('answers only its own /auth paths and methods', async () => {
    const wrongMethod = await fetch(`${server.baseUrl}/auth/login`, { method: 'POST', headers: { origin: server.baseUrl } })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('GET')
    await wrongMethod.arrayBuffer()
    // Not even HEAD: it must neither start a sign-in nor use one up.
    const head = await fetch(`${server.baseUrl}/auth/callback?code=x&state=y`, { method: 'HEAD' })
    expect(head.status).toBe(405)
    const unknown = await fetch(`${server.baseUrl}/auth/nothing`)
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: string }).error).toBe('not_found')
  })

  it('never writes a session id, code or e-mail address into the server log', () => {
    for (const line of server.logs) {
      for (const email of [ANNA.email, BERT.email, PASSWORD_ONLY.email]) expect(line).not.toContain(email)
      expect(line).not.toMatch(/code=|state=|id_token|access_token/)
    }
  })
})

describe('sign-in off', () => {
  let plain: ServerProcess
  beforeAll(async () => {
    plain = await startServer()
  })

  it('answers 404 sign_in_off on /auth, and nobody is signed in', async () => {
    for (const [method, path] of [
      ['GET', '/auth/login'],
      ['GET', '/auth/callback?code=x&state=y'],
      ['POST', '/auth/logout'],
      ['GET', '/auth/anything'],
    ]) {
      const res = await fetch(`${plain.baseUrl}${path}`, { method, redirect: 'manual' })
      expect(res.status, path).toBe(404)
      expect(((await res.json()) as { error: string }).error, path).toBe('sign_in_off')
    }
    expect(await me(plain.baseUrl, `${SESSION_COOKIE}=${'a'.repeat(43)}`)).toEqual({ signedIn: false, name: '', email: '', organisation: '' })
    const config = (await (await fetch(`${plain.baseUrl}/api/config`)).json()) as ServerConfigResponse
    expect(config.signIn).toBe(false)
  })
})

describe('sign-in behind https', () => {
  it('names the cookies __Host-tafelbord_…: Secure, Path=/, no Domain', async () => {
    // The server itself speaks http here; only PUBLIC_URL says https (as behind a TLS proxy).
    const port = await freePort()
    const { server: secure } = await startSignInServer({ provider, port, env: { PUBLIC_URL: `https://127.0.0.1:${port}` } })
    const start = await fetch(`${secure.baseUrl}/auth/login`, { redirect: 'manual' })
    expect(start.status).toBe(302)
    const [login] = start.headers.getSetCookie()
    rememberSecret(login.split(';')[0].split('=')[1])
    expect(login).toMatch(/^__Host-tafelbord_login=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/)
    // Only the __Host- name counts: a plain tafelbord_login (which a sibling subdomain could set) is no pending sign-in.
    const state = new URL(start.headers.get('location')!).searchParams.get('state')
    const plainName = await fetch(`${secure.baseUrl}/auth/callback?code=abc&state=${state}`, {
      redirect: 'manual',
      headers: { cookie: login.split(';')[0].replace('__Host-', '') },
    })
    expect(plainName.headers.get('location')).toBe('/?signInError=expired')
    expect(plainName.headers.getSetCookie()).toEqual(['__Host-tafelbord_login=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure'])
    const logout = await fetch(`${secure.baseUrl}/auth/logout`, { method: 'POST', headers: { origin: `https://127.0.0.1:${port}` } })
    expect(logout.headers.getSetCookie()).toEqual(['__Host-tafelbord_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure'])
    await logout.arrayBuffer()
  })
})

describe('too many sign-in requests from one address', () => {
  it('answers 429 with Retry-After beyond SIGN_IN_PER_MINUTE, before storing a pending sign-in or writing the access log', async () => {
    const { server: limited } = await startSignInServer({ provider, env: { SIGN_IN_PER_MINUTE: '3' } })
    const logins = () => selectFromServer(limited, 'SELECT COUNT(*) AS n FROM auth_logins')[0].n
    const auditRows = () => selectFromServer(limited, 'SELECT COUNT(*) AS n FROM audit_log')[0].n
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${limited.baseUrl}/auth/login`, { redirect: 'manual' })
      expect(res.status).toBe(302)
      rememberSecret(res.headers.getSetCookie()[0].split(';')[0].split('=')[1])
    }
    const bare = await fetch(`${limited.baseUrl}/auth/callback?code=abc&state=def`, { redirect: 'manual' })
    expect(bare.headers.get('location')).toBe('/?signInError=expired')
    expect(Number(logins())).toBe(2)
    const rowsBefore = Number(auditRows())
    expect(rowsBefore).toBe(1)

    for (const path of ['/auth/login?returnTo=/b/abc', '/auth/callback?code=abc&state=def', '/auth/login']) {
      const res = await fetch(`${limited.baseUrl}${path}`, { redirect: 'manual' })
      expect(res.status, path).toBe(429)
      const retryAfter = Number(res.headers.get('retry-after'))
      expect(retryAfter, path).toBeGreaterThanOrEqual(1)
      expect(retryAfter, path).toBeLessThanOrEqual(60)
      expect(await res.json()).toMatchObject({ error: 'too_many_requests', reason: 'tooManySignIns' })
      expect(res.headers.getSetCookie()).toEqual([])
    }
    expect(Number(logins())).toBe(2)
    expect(Number(auditRows())).toBe(rowsBefore)
    // Signing out is not counted (it needs the session and its Origin to do anything).
    const logout = await fetch(`${limited.baseUrl}/auth/logout`, { method: 'POST', headers: { origin: limited.baseUrl } })
    expect(logout.status).toBe(200)
    await logout.arrayBuffer()
  })
})

describe('a provider that cannot be reached', () => {
  it('sends the browser back with signInError=failed and logs it without details', async () => {
    // A provider that was there at start and is gone: discovery happens at the first sign-in.
    const gone = await startOidcProvider({ redirectUris: [], accounts: [] })
    await gone.close()
    const { server: lonely } = await startSignInServer({ provider: gone })
    const res = await fetch(`${lonely.baseUrl}/auth/login`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/?signInError=failed')
    expect(lonely.events().some((e) => e.event === 'sign_in_provider_unavailable')).toBe(true)
  })
})
