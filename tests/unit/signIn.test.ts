/**
 * The pure rules of sign-in (shared/domain/signIn.ts): the second factor, where a sign-in may
 * return to, which claims make the account, and when a session has ended; and the cookies.
 */
import { describe, expect, it } from 'vitest'
import {
  accountNameOf,
  hasAcceptedSecondFactor,
  localReturnTo,
  MAX_RETURN_TO_LENGTH,
  mergeProfileClaims,
  missingProfileClaims,
  organisationOf,
  sessionStateAt,
  verifiedEmailOf,
} from '../../shared/domain/signIn'
import type { IncomingMessage } from 'node:http'
import { DOUBLED, clearCookie, cookieOf, cookieValues, serializeCookie, signInCookies } from '../../server/auth/cookies'

describe('hasAcceptedSecondFactor', () => {
  const accepted = ['urn:example:loa:2', 'gold']

  it('accepts every sign-in when no acr is configured', () => {
    expect(hasAcceptedSecondFactor({}, [])).toBe(true)
    expect(hasAcceptedSecondFactor({ acr: '0', amr: ['pwd'] }, [])).toBe(true)
  })

  it('accepts an acr that is listed', () => {
    expect(hasAcceptedSecondFactor({ acr: 'gold' }, accepted)).toBe(true)
    expect(hasAcceptedSecondFactor({ acr: 'urn:example:loa:2', amr: ['pwd'] }, accepted)).toBe(true)
  })

  it('accepts amr mfa whatever the acr (Microsoft Entra ID)', () => {
    expect(hasAcceptedSecondFactor({ amr: ['pwd', 'mfa'] }, accepted)).toBe(true)
    expect(hasAcceptedSecondFactor({ acr: '1', amr: ['mfa'] }, accepted)).toBe(true)
  })

  it('refuses anything else', () => {
    expect(hasAcceptedSecondFactor({}, accepted)).toBe(false)
    expect(hasAcceptedSecondFactor({ acr: 'silver' }, accepted)).toBe(false)
    expect(hasAcceptedSecondFactor({ acr: 'GOLD' }, accepted)).toBe(false)
    expect(hasAcceptedSecondFactor({ amr: ['pwd', 'otp'] }, accepted)).toBe(false)
    // Mistyped claims count as missing.
    expect(hasAcceptedSecondFactor({ amr: 'mfa' }, accepted)).toBe(false)
    expect(hasAcceptedSecondFactor({ acr: ['gold'] }, accepted)).toBe(false)
  })
})

describe('localReturnTo', () => {
  it('keeps a path on this site, with its query', () => {
    expect(localReturnTo('/b/abc123')).toBe('/b/abc123')
    expect(localReturnTo('/b/abc?x=1&y=%2F%2F')).toBe('/b/abc?x=1&y=%2F%2F')
    expect(localReturnTo('/')).toBe('/')
  })

  it('replaces anything that could leave the site by /', () => {
    for (const value of [
      undefined,
      null,
      '',
      'b/abc',
      'https://evil.example/',
      '//evil.example/b',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/b/\u0000',
      'javascript:alert(1)',
      `/${'a'.repeat(MAX_RETURN_TO_LENGTH)}`,
    ]) {
      expect(localReturnTo(value), String(value)).toBe('/')
    }
  })

  it('refuses anything outside printable ASCII (0x21–0x7E): it could not go into the Location header', () => {
    for (const value of ['/b/é', '/b/abc\u00a0', '/b/\u2028', '/b/😀', '/b/a b', '/b/\u007f', '/b/\u0080', '/b/\u00ff']) {
      expect(localReturnTo(value), JSON.stringify(value)).toBe('/')
    }
    // Every printable ASCII character but the backslash is kept (percent-encoded paths stay as they are).
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter((c) => c !== '\\').join('')
    expect(localReturnTo(`/${printable}`)).toBe(`/${printable}`)
    expect(localReturnTo('/b/%C3%A9')).toBe('/b/%C3%A9')
  })
})

describe('the account from the claims', () => {
  it('names the person by name, else given and family name, else preferred_username', () => {
    expect(accountNameOf({ name: ' Anna de Vries ', given_name: 'X' })).toBe('Anna de Vries')
    expect(accountNameOf({ given_name: 'Anna', family_name: 'de Vries' })).toBe('Anna de Vries')
    expect(accountNameOf({ family_name: 'de Vries' })).toBe('de Vries')
    expect(accountNameOf({ preferred_username: 'avries' })).toBe('avries')
    expect(accountNameOf({ name: 42 })).toBe('')
  })

  it('keeps an e-mail address only when the provider verified it, lowercased', () => {
    expect(verifiedEmailOf({ email: 'Anna@Example.NL', email_verified: true })).toBe('anna@example.nl')
    expect(verifiedEmailOf({ email: 'anna@example.nl', email_verified: false })).toBe('')
    // Microsoft Entra ID sends no email_verified; its optional xms_edov says the domain is the tenant's own.
    expect(verifiedEmailOf({ email: 'Bert@Gemeente.NL', xms_edov: true })).toBe('bert@gemeente.nl')
    expect(verifiedEmailOf({ email: 'bert@gemeente.nl', xms_edov: false })).toBe('')
    expect(verifiedEmailOf({ email: 'anna@example.nl' })).toBe('')
    // A string is not a verification.
    expect(verifiedEmailOf({ email: 'anna@example.nl', email_verified: 'true' })).toBe('')
    expect(verifiedEmailOf({ email: 'not an address', email_verified: true })).toBe('')
  })

  it('reads the organisation from the configured claim', () => {
    expect(organisationOf({ organisation: 'Wijkteam Noord' }, 'organisation')).toBe('Wijkteam Noord')
    expect(organisationOf({ org: ['GGZ Oost', 'Other'] }, 'org')).toBe('GGZ Oost')
    expect(organisationOf({ organisation: 'Wijkteam Noord' }, null)).toBe('')
    expect(organisationOf({}, 'organisation')).toBe('')
  })

  it('asks userinfo only for what the ID token lacks, never for how the person authenticated', () => {
    expect(missingProfileClaims({ name: 'A', email: 'a@b.c', organisation: 'O' }, 'organisation')).toBe(false)
    expect(missingProfileClaims({ name: 'A', email: 'a@b.c' }, 'organisation')).toBe(true)
    expect(missingProfileClaims({ name: 'A', email: 'a@b.c' }, null)).toBe(false)
    expect(missingProfileClaims({ sub: 's' }, null)).toBe(true)
    const merged = mergeProfileClaims(
      { sub: 's', iss: 'i', acr: 'low', name: 'From ID token' },
      { sub: 'other', iss: 'x', acr: 'gold', amr: ['mfa'], name: 'From userinfo', email: 'a@b.c', email_verified: true },
    )
    expect(merged).toEqual({ sub: 's', iss: 'i', acr: 'low', name: 'From ID token', email: 'a@b.c', email_verified: true })
  })
})

describe('sessionStateAt', () => {
  const idle = 30 * 60_000
  const session = { lastSeenAt: 1_000_000, expiresAt: 1_000_000 + 8 * 3_600_000 }

  it('is active until the idle time passed since the last use', () => {
    expect(sessionStateAt(session, session.lastSeenAt, idle)).toBe('active')
    expect(sessionStateAt(session, session.lastSeenAt + idle - 1, idle)).toBe('active')
    expect(sessionStateAt(session, session.lastSeenAt + idle, idle)).toBe('idle')
  })

  it('ends at its absolute end whatever the use', () => {
    const used = { ...session, lastSeenAt: session.expiresAt - 1 }
    expect(sessionStateAt(used, session.expiresAt - 1, idle)).toBe('active')
    expect(sessionStateAt(used, session.expiresAt, idle)).toBe('expired')
  })
})

describe('the sign-in cookies (server/auth/cookies.ts)', () => {
  const requestWith = (cookie: string | undefined) => ({ headers: cookie === undefined ? {} : { cookie } }) as IncomingMessage

  it('reads every value of a cookie, by its exact name', () => {
    const header = 'a=1; tafelbord_session=abc_DEF-123; __Host-tafelbord_session=host; tafelbord_session=second; b="quoted"; =bad; noequals'
    expect(cookieValues(header, 'tafelbord_session')).toEqual(['abc_DEF-123', 'second'])
    expect(cookieValues(header, '__Host-tafelbord_session')).toEqual(['host'])
    expect(cookieValues(header, 'b')).toEqual(['quoted'])
    expect(cookieValues(header, 'a')).toEqual(['1'])
    expect(cookieValues(header, 'c')).toEqual([])
    expect(cookieValues(undefined, 'a')).toEqual([])
  })

  it('trusts a cookie only when it came once: twice (one tossed in by a sibling subdomain) is DOUBLED', () => {
    expect(cookieOf(requestWith('tafelbord_session=one'), 'tafelbord_session')).toBe('one')
    expect(cookieOf(requestWith('tafelbord_session=one; tafelbord_session=two'), 'tafelbord_session')).toBe(DOUBLED)
    expect(cookieOf(requestWith('tafelbord_session=same;tafelbord_session=same'), 'tafelbord_session')).toBe(DOUBLED)
    expect(cookieOf(requestWith('other=1'), 'tafelbord_session')).toBeUndefined()
    expect(cookieOf(requestWith(undefined), 'tafelbord_session')).toBeUndefined()
  })

  it('names the cookies __Host- with an https PUBLIC_URL (Secure, Path=/), plainly on http (loopback tests)', () => {
    expect(signInCookies({ publicUrl: 'https://bord.example.nl' })).toEqual({
      session: { name: '__Host-tafelbord_session', path: '/' },
      login: { name: '__Host-tafelbord_login', path: '/' },
      secure: true,
    })
    expect(signInCookies({ publicUrl: 'http://127.0.0.1:3000' })).toEqual({
      session: { name: 'tafelbord_session', path: '/' },
      login: { name: 'tafelbord_login', path: '/auth' },
      secure: false,
    })
    const https = signInCookies({ publicUrl: 'https://bord.example.nl' })
    expect(serializeCookie(https.login.name, 'x', { path: https.login.path, maxAge: 600, secure: https.secure })).toBe(
      '__Host-tafelbord_login=x; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure',
    )
    expect(clearCookie(https.session.name, https.session.path, https.secure)).toBe('__Host-tafelbord_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure')
    // The browser would drop a __Host- cookie without Secure or with another path: refused here already.
    expect(() => serializeCookie('__Host-tafelbord_login', 'x', { path: '/auth', secure: true })).toThrow()
    expect(() => serializeCookie('__Host-tafelbord_session', 'x', { path: '/', secure: false })).toThrow()
  })

  it('writes HttpOnly, SameSite=Lax cookies, Secure only when asked', () => {
    expect(serializeCookie('tafelbord_session', 'abc', { path: '/', secure: false })).toBe('tafelbord_session=abc; Path=/; HttpOnly; SameSite=Lax')
    expect(serializeCookie('tafelbord_login', 'x', { path: '/auth', maxAge: 600, secure: true })).toBe(
      'tafelbord_login=x; Path=/auth; Max-Age=600; HttpOnly; SameSite=Lax; Secure',
    )
    expect(clearCookie('tafelbord_session', '/', false)).toBe('tafelbord_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax')
    expect(() => serializeCookie('a', 'b; Path=/evil', { path: '/', secure: false })).toThrow()
  })
})
