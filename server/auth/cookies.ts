/**
 * The two cookies of sign-in (issue 12) and the little cookie parsing they need. Both are
 * HttpOnly (no script reads them) and SameSite=Lax (a cross-site POST or fetch does not carry
 * them; the top-level redirect back from the identity provider does), Secure when PUBLIC_URL is
 * https. Their values are opaque random ids; the database keeps only their SHA-256.
 *
 * With an https PUBLIC_URL their names carry the `__Host-` prefix: the browser then accepts them
 * only when Secure, with Path=/ and without Domain — set by this host itself. A sibling
 * subdomain (same site) can still set a plain `tafelbord_session` for the parent domain
 * ("cookie tossing"), but never one under our `__Host-` name. On http (loopback tests) the prefix
 * cannot be used (it needs Secure), so the plain names stay.
 *
 * A request that carries one of these names twice is not trusted either way: which of the two
 * is ours cannot be told (`cookieOf` answers `DOUBLED`).
 */
import type { IncomingMessage } from 'node:http'
import type { Config } from '../config'

const LOGIN_COOKIE_BASE = 'tafelbord_login'
const SESSION_COOKIE_BASE = 'tafelbord_session'
/** The browser accepts a cookie with this name prefix only when Secure, Path=/ and without Domain. */
const HOST_PREFIX = '__Host-'

/** The pending sign-in lives ten minutes. */
export const LOGIN_COOKIE_MAX_AGE_S = 600

export interface SignInCookies {
  /** The session; no Max-Age, so the browser drops it when it closes (the server ends it anyway). */
  session: { name: string; path: string }
  /** The pending sign-in: under /auth only where the `__Host-` prefix (which needs Path=/) is not used. */
  login: { name: string; path: string }
  secure: boolean
}

/** The cookies' names, paths and Secure flag for this PUBLIC_URL. */
export function signInCookies(config: Pick<Config, 'publicUrl'>): SignInCookies {
  const secure = config.publicUrl?.startsWith('https:') ?? false
  if (secure) {
    return {
      session: { name: HOST_PREFIX + SESSION_COOKIE_BASE, path: '/' },
      login: { name: HOST_PREFIX + LOGIN_COOKIE_BASE, path: '/' },
      secure,
    }
  }
  return { session: { name: SESSION_COOKIE_BASE, path: '/' }, login: { name: LOGIN_COOKIE_BASE, path: '/auth' }, secure }
}

/** Every value of cookie `name` in a `Cookie` header, in order. */
export function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = []
  if (header === undefined) return values
  for (const part of header.split(';')) {
    const equals = part.indexOf('=')
    if (equals <= 0 || part.slice(0, equals).trim() !== name) continue
    let value = part.slice(equals + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    values.push(value)
  }
  return values
}

/** What `cookieOf` answers for a cookie that came more than once. */
export const DOUBLED = Symbol('doubled cookie')

/** The value of cookie `name` in the request; undefined when absent; `DOUBLED` when it came more than once. */
export function cookieOf(req: IncomingMessage, name: string): string | undefined | typeof DOUBLED {
  const values = cookieValues(req.headers.cookie, name)
  if (values.length > 1) return DOUBLED
  return values[0]
}

export interface CookieOptions {
  path: string
  /** Seconds; undefined = a browser-session cookie; 0 = delete. */
  maxAge?: number
  secure: boolean
}

/** A `Set-Cookie` value; always HttpOnly and SameSite=Lax. `value` must be cookie-safe (base64url ids are). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new Error('cookie value must be base64url')
  if (name.startsWith(HOST_PREFIX) && (!options.secure || options.path !== '/')) throw new Error('a __Host- cookie needs Secure and Path=/')
  const parts = [`${name}=${value}`, `Path=${options.path}`]
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.trunc(options.maxAge))}`)
  parts.push('HttpOnly', 'SameSite=Lax')
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}

/** The `Set-Cookie` value that deletes the cookie. */
export function clearCookie(name: string, path: string, secure: boolean): string {
  return serializeCookie(name, '', { path, maxAge: 0, secure })
}
