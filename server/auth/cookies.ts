/**
 * The two cookies of sign-in (issue 12) and the little cookie parsing they need. Both are
 * HttpOnly (no script reads them) and SameSite=Lax (a cross-site POST or fetch does not carry
 * them; the top-level redirect back from the identity provider does), Secure when PUBLIC_URL is
 * https. Their values are opaque random ids; the database keeps only their SHA-256.
 */
import type { IncomingMessage } from 'node:http'

/** The pending sign-in, only under /auth, for ten minutes. */
export const LOGIN_COOKIE = 'tafelbord_login'
/** The session; no Max-Age, so the browser drops it when it closes (the server ends it anyway). */
export const SESSION_COOKIE = 'tafelbord_session'

export const LOGIN_COOKIE_PATH = '/auth'
export const LOGIN_COOKIE_MAX_AGE_S = 600

/** The first value of each cookie in the request's `Cookie` header. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  if (header === undefined) return cookies
  for (const part of header.split(';')) {
    const equals = part.indexOf('=')
    if (equals <= 0) continue
    const name = part.slice(0, equals).trim()
    if (name === '' || cookies.has(name)) continue
    let value = part.slice(equals + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    cookies.set(name, value)
  }
  return cookies
}

/** The value of cookie `name` in the request, or undefined. */
export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  return parseCookies(req.headers.cookie).get(name)
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
