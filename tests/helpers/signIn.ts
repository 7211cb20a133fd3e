/**
 * Signing in to a test server (issue 12) the way a browser does, with plain fetch: our
 * `/auth/login` → the provider's login form → its consent page → our `/auth/callback`, every
 * redirect followed by hand, cookies kept in a small jar (by host and path, like a browser: the
 * server and the provider share the host 127.0.0.1, only their ports differ).
 *
 *   const { server, provider } = await startSignInServer({ accounts: [ANNA] })
 *   const cookie = await signInOverHttp(server.baseUrl, { login: 'anna' })   // 'tafelbord_session=…'
 *   await fetch(`${server.baseUrl}/api/me`, { headers: { cookie } })
 *   await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', headers: sameSiteHeaders(server, cookie) })
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import { DATABASE_FILE_NAME } from '../../server/storage'
import { execSync, selectSync } from './postgres'
import { ACR_SUBSTANTIAL, startOidcProvider, type TestAccount, type TestOidcProvider } from './oidcProvider'
import { freePort } from './freePort'
import { type ServerOptions, type ServerProcess, postgresUrlOf, startServer } from './serverProcess'

export const SESSION_COOKIE = 'tafelbord_session'
export const LOGIN_COOKIE = 'tafelbord_login'

/** A browser's cookie store, reduced to what these round trips need. */
export class CookieJar {
  private readonly cookies = new Map<string, { host: string; path: string; name: string; value: string }>()

  /** Takes the `Set-Cookie` headers of a response from `url`. */
  store(url: string, res: Response): void {
    const { host } = new URL(url)
    const hostname = host.replace(/:\d+$/, '')
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim())
      const equals = pair.indexOf('=')
      if (equals <= 0) continue
      const name = pair.slice(0, equals)
      const value = pair.slice(equals + 1)
      let path = new URL(url).pathname.replace(/\/[^/]*$/, '') || '/'
      let expired = value === ''
      for (const attribute of attributes) {
        const [key, raw = ''] = attribute.split('=')
        const lower = key.toLowerCase()
        if (lower === 'path') path = raw
        if (lower === 'max-age' && Number(raw) <= 0) expired = true
        if (lower === 'expires' && Date.parse(raw) <= Date.now()) expired = true
      }
      const key = `${hostname} ${path} ${name}`
      if (expired) this.cookies.delete(key)
      else this.cookies.set(key, { host: hostname, path, name, value })
    }
  }

  /** The `Cookie` header a browser would send to `url` ('' when none). */
  header(url: string): string {
    const parsed = new URL(url)
    return [...this.cookies.values()]
      .filter((c) => c.host === parsed.hostname && pathMatches(parsed.pathname, c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ')
  }

  /** The value of a cookie for `url`'s host, or undefined. */
  get(url: string, name: string): string | undefined {
    const { hostname } = new URL(url)
    return [...this.cookies.values()].find((c) => c.host === hostname && c.name === name)?.value
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'
}

export interface SignInAttempt {
  /** `tafelbord_session=<value>`, or null when the sign-in was refused or failed. */
  sessionCookie: string | null
  /** Our callback's answer (a redirect). */
  callback: Response
  /** Where our callback sent the browser (its Location, as sent: a local path). */
  location: string
  /** Every `Set-Cookie` header of our callback's answer, as sent. */
  callbackSetCookies: string[]
  /** Every `Set-Cookie` header of our `/auth/login` answer, as sent. */
  loginSetCookies: string[]
  jar: CookieJar
}

const MAX_STEPS = 20

/**
 * The whole sign-in as `login` (an account of the test provider); the callback's answer, whatever
 * it is. `returnTo` is passed to `/auth/login` as given.
 */
export async function attemptSignIn(baseUrl: string, options: { login: string; returnTo?: string; jar?: CookieJar }): Promise<SignInAttempt> {
  const jar = options.jar ?? new CookieJar()
  const start = new URL('/auth/login', baseUrl)
  if (options.returnTo !== undefined) start.searchParams.set('returnTo', options.returnTo)
  const callbackUrl = new URL('/auth/callback', baseUrl).href

  let loginSetCookies: string[] = []
  let url = start.href
  let init: RequestInit = {}
  for (let step = 0; step < MAX_STEPS; step++) {
    const cookie = jar.header(url)
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } })
    jar.store(url, res)
    if (step === 0) {
      loginSetCookies = res.headers.getSetCookie()
      if (res.status !== 302 && res.status !== 303) throw new Error(`/auth/login answered ${res.status}: ${await res.text()}`)
    }
    if (url.startsWith(callbackUrl)) {
      await res.arrayBuffer()
      const value = jar.get(baseUrl, SESSION_COOKIE)
      const callbackSetCookies = res.headers.getSetCookie()
      const fresh = callbackSetCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !/max-age=0/i.test(c))
      return {
        sessionCookie: fresh && value !== undefined ? `${SESSION_COOKIE}=${value}` : null,
        callback: res,
        location: res.headers.get('location') ?? '',
        callbackSetCookies,
        loginSetCookies,
        jar,
      }
    }
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location')
      if (location === null) throw new Error(`redirect without Location from ${url}`)
      url = new URL(location, url).href
      init = {}
      continue
    }
    const html = await res.text()
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${html.slice(0, 500)}`)
    // The provider's login form or its consent page: submit it as a person would.
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)
    if (form === null) throw new Error(`no form on ${url}: ${html.slice(0, 500)}`)
    const action = new URL(decodeHtml(form[1]), url).href
    const isLogin = /name="prompt" value="login"/.test(html)
    const body = isLogin
      ? new URLSearchParams({ prompt: 'login', login: options.login, password: 'any password' })
      : new URLSearchParams({ prompt: 'consent' })
    url = action
    init = { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
  }
  throw new Error(`sign-in as ${options.login} did not reach ${callbackUrl} in ${MAX_STEPS} steps`)
}

/** Signs in as `login` and answers the session cookie (`tafelbord_session=…`); throws when refused. */
export async function signInOverHttp(baseUrl: string, options: { login: string; returnTo?: string }): Promise<string> {
  const attempt = await attemptSignIn(baseUrl, options)
  if (attempt.sessionCookie === null) throw new Error(`sign-in as ${options.login} was refused: ${attempt.callback.status} → ${attempt.location}`)
  return attempt.sessionCookie
}

/** Headers of a state-changing request from the site itself: the session cookie and its Origin. */
export function sameSiteHeaders(server: Pick<ServerProcess, 'baseUrl'>, cookie: string, extra: Record<string, string> = {}): Record<string, string> {
  return { cookie, origin: server.baseUrl, ...extra }
}

/** GET /api/me with the cookie. */
export async function me(baseUrl: string, cookie?: string): Promise<{ signedIn: boolean; name: string; email: string; organisation: string }> {
  const res = await fetch(`${baseUrl}/api/me`, { headers: cookie ? { cookie } : {} })
  if (res.status !== 200) throw new Error(`/api/me answered ${res.status}`)
  return (await res.json()) as { signedIn: boolean; name: string; email: string; organisation: string }
}

/** A professional with a second factor (accepted acr), a verified e-mail and an organisation. */
export const ANNA = {
  login: 'anna',
  sub: 'sub-anna-0001',
  name: 'Anna de Vries',
  email: 'anna.devries@wijkteam.example',
  emailVerified: true,
  organisation: 'Wijkteam Noord',
  acr: ACR_SUBSTANTIAL,
  amr: ['pwd', 'otp'],
} satisfies TestAccount

/** A second professional with a second factor (amr mfa, no acr), for co-facilitators. */
export const BERT = {
  login: 'bert',
  sub: 'sub-bert-0002',
  name: 'Bert Jansen',
  email: 'bert.jansen@ggz.example',
  emailVerified: true,
  organisation: 'GGZ Oost',
  amr: ['pwd', 'mfa'],
} satisfies TestAccount

/** Signed in with a password only: refused when a second factor is required. */
export const PASSWORD_ONLY = {
  login: 'piet',
  sub: 'sub-piet-0003',
  name: 'Piet Password',
  email: 'piet@example.org',
  emailVerified: true,
  organisation: 'Thuiszorg West',
  amr: ['pwd'],
} satisfies TestAccount

export interface SignInServerOptions {
  accounts?: TestAccount[]
  /** OIDC_ACCEPTED_ACR; default the test provider's ACR_SUBSTANTIAL. '' = no second factor required. */
  acceptedAcr?: string
  /** More server environment (SESSION_IDLE_MINUTES, ADMIN_KEY, …). */
  env?: Record<string, string>
  /** Other options of startServer (dataDir for a restart, backend …); the port is chosen here. */
  server?: Omit<ServerOptions, 'env' | 'port'>
  /** Reuse a provider (its redirect URIs must include this server's); default: a new one. */
  provider?: TestOidcProvider
  /** Listen on this port (a restart); default a free one. */
  port?: number
}

export interface SignInServer {
  server: ServerProcess
  provider: TestOidcProvider
  /** The server's environment for sign-in (to restart it the same way). */
  env: Record<string, string>
}

/**
 * A test provider and a server that signs in with it. The server's port is chosen first, because
 * PUBLIC_URL must be the server's own origin (the redirect URI and the Origin check use it).
 * Stop the provider yourself (`provider.close()`); the server is stopped by cleanupServers().
 */
export async function startSignInServer(options: SignInServerOptions = {}): Promise<SignInServer> {
  const port = options.port ?? (await freePort())
  const publicUrl = `http://127.0.0.1:${port}`
  const provider =
    options.provider ?? (await startOidcProvider({ redirectUris: [`${publicUrl}/auth/callback`], accounts: options.accounts ?? [ANNA, BERT, PASSWORD_ONLY] }))
  const env = {
    ...signInEnv(provider, publicUrl, options.acceptedAcr ?? ACR_SUBSTANTIAL),
    ...options.env,
  }
  const server = await startServer({ ...options.server, port, env })
  return { server, provider, env }
}

/** The environment of a server at `publicUrl` signing in with `provider`. */
export function signInEnv(provider: TestOidcProvider, publicUrl: string, acceptedAcr = ACR_SUBSTANTIAL): Record<string, string> {
  return {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_ORGANISATION_CLAIM: 'organisation',
    OIDC_ACCEPTED_ACR: acceptedAcr,
    PUBLIC_URL: publicUrl,
    LINK_SEAL_KEY: LINK_SEAL_KEY_FOR_TESTS,
    // The suites sign in dozens of times a minute from 127.0.0.1; the limit itself has its own test.
    SIGN_IN_PER_MINUTE: '100000',
  }
}

/** A LINK_SEAL_KEY for test servers (random per test process). */
export const LINK_SEAL_KEY_FOR_TESTS = randomBytes(32).toString('base64url')

// ------------------------------------------------------------------ the server's database

/**
 * Every value stored in the server's database — every table, row and column, blobs as latin1 —
 * as one text: to show that something (a cookie value, an e-mail address) is stored nowhere.
 * The SQLite file in its DATA_DIR (read-only), or its PostgreSQL database.
 */
export function storedText(server: Pick<ServerProcess, 'dataDir'>): string {
  const url = postgresUrlOf(server.dataDir)
  const parts: string[] = []
  if (url !== undefined) {
    const tables = selectSync(url, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
    for (const { name } of tables) {
      for (const row of selectSync(url, `SELECT * FROM "${String(name)}"`)) parts.push(JSON.stringify(row))
    }
    return parts.join('\n')
  }
  const db = new Database(path.join(server.dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true })
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
        parts.push(Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value))).join('\t'))
      }
    }
  } finally {
    db.close()
  }
  return parts.join('\n')
}

/** Rows of one SELECT on the server's database (SQLite read-only, or PostgreSQL); SQL both engines take. */
export function selectFromServer(server: Pick<ServerProcess, 'dataDir'>, sql: string): Array<Record<string, unknown>> {
  const url = postgresUrlOf(server.dataDir)
  if (url !== undefined) return selectSync(url, sql)
  const db = new Database(path.join(server.dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as Array<Record<string, unknown>>
  } finally {
    db.close()
  }
}

/**
 * Runs SQL both engines take on the server's database while it runs (e.g. to move a session's
 * last use into the past): the server keeps no copy of these rows in memory, so it sees the change.
 */
export function writeServerDatabase(server: Pick<ServerProcess, 'dataDir'>, sql: string): void {
  const url = postgresUrlOf(server.dataDir)
  if (url !== undefined) {
    execSync(url, sql)
    return
  }
  const db = new Database(path.join(server.dataDir, DATABASE_FILE_NAME), { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    db.exec(sql)
  } finally {
    db.close()
  }
}

function decodeHtml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
}
