/**
 * The rules of signing in with OpenID Connect (issue 12), pure: which sign-in counts as one with
 * a second factor, where the browser may be sent afterwards, which claims become the account's
 * name, e-mail and organisation, and when a session has ended. The server applies them
 * (server/auth/); docs/sign-in.md explains them to whoever sets up the identity provider.
 */

/** The claims these rules read, as an ID token or userinfo answer carries them (anything may be missing or mistyped). */
export type Claims = Readonly<Record<string, unknown>>

/**
 * Whether a sign-in counts as one with a second factor: with no accepted `acr` values configured,
 * every sign-in the provider accepted does; otherwise the ID token's `acr` must be one of them,
 * or its `amr` must contain `mfa` (RFC 8176: multiple-factor authentication — what Microsoft
 * Entra ID sends after a second factor).
 */
export function hasAcceptedSecondFactor(claims: Claims, acceptedAcr: readonly string[]): boolean {
  if (acceptedAcr.length === 0) return true
  const { acr, amr } = claims
  if (typeof acr === 'string' && acceptedAcr.includes(acr)) return true
  return Array.isArray(amr) && amr.includes('mfa')
}

/** The longest `returnTo` kept (a board path is far shorter). */
export const MAX_RETURN_TO_LENGTH = 512

/**
 * Where to go after signing in: `value` when it is a path on this site — one leading `/`, not
 * `//` (another host), no backslash (browsers read `/\` as `//`), only printable ASCII without
 * space (0x21–0x7E: browsers drop tabs and line breaks, which could make `/<tab>/host` into
 * `//host`, and anything beyond ASCII cannot go into the Location header as it is — the client
 * sends paths percent-encoded anyway) — else `/`.
 */
export function localReturnTo(value: string | null | undefined): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_RETURN_TO_LENGTH) return '/'
  if (!value.startsWith('/') || value.startsWith('//')) return '/'
  if (value.includes('\\')) return '/'
  if (!/^[\x21-\x7e]+$/.test(value)) return '/'
  return value
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : ''
}

/** The name to show: `name`, else given and family name, else `preferred_username`; '' when none. */
export function accountNameOf(claims: Claims): string {
  const name = text(claims.name)
  if (name !== '') return name
  const joined = [text(claims.given_name), text(claims.family_name)].filter((part) => part !== '').join(' ')
  if (joined !== '') return joined
  return text(claims.preferred_username)
}

/**
 * The e-mail address, lowercased — only when the provider says it verified it
 * (`email_verified === true`, or Microsoft Entra ID's optional `xms_edov === true`: the
 * address's domain is verified as the tenant's own); '' otherwise. A co-facilitator is bound by
 * this address, so an unverified one (anybody could have typed it) must never count.
 */
export function verifiedEmailOf(claims: Claims): string {
  if (claims.email_verified !== true && claims.xms_edov !== true) return ''
  const email = text(claims.email).toLowerCase()
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : ''
}

/** The organisation from the configured claim (a string, or the first string of a list); '' when none. */
export function organisationOf(claims: Claims, claimName: string | null): string {
  if (claimName === null) return ''
  const value = claims[claimName]
  if (Array.isArray(value)) return text(value.find((item) => typeof item === 'string'))
  return text(value)
}

/** Whether the claims that make the account are all there (else ask userinfo for the rest). */
export function missingProfileClaims(claims: Claims, organisationClaim: string | null): boolean {
  return accountNameOf(claims) === '' || claims.email === undefined || (organisationClaim !== null && claims[organisationClaim] === undefined)
}

/** The claims of the ID token, completed with those of userinfo the ID token lacks (never `acr`/`amr`/`sub`/`iss`). */
export function mergeProfileClaims(idToken: Claims, userinfo: Claims): Claims {
  const merged: Record<string, unknown> = { ...idToken }
  for (const [name, value] of Object.entries(userinfo)) {
    if (name === 'acr' || name === 'amr' || name === 'sub' || name === 'iss') continue
    if (merged[name] === undefined) merged[name] = value
  }
  return merged
}

export type SessionState = 'active' | 'idle' | 'expired'

/**
 * A session's state at `now`: `expired` from its absolute end (`expiresAt`) on, `idle` once
 * `idleMs` passed since it was last used, else `active`.
 */
export function sessionStateAt(session: { lastSeenAt: number; expiresAt: number }, now: number, idleMs: number): SessionState {
  if (now >= session.expiresAt) return 'expired'
  if (now >= session.lastSeenAt + idleMs) return 'idle'
  return 'active'
}

/** Why a sign-in did not lead to a session: the `signInError` of the redirect to `/`. */
export type SignInError = 'secondFactor' | 'failed' | 'expired'

/** The answer of `POST /auth/logout` (docs/api.md "Sign-in"). */
export interface LogoutResponse {
  /**
   * The identity provider's end-session URL (its `end_session_endpoint` with `client_id` and
   * `post_logout_redirect_uri` = PUBLIC_URL + `/`), where the browser goes next to end the
   * provider's own session too; null when the provider advertises none.
   */
  endSessionUrl: string | null
}
