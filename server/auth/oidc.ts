/**
 * The OpenID Connect client (issue 12): openid-client 6, loaded with `import()` on first use, so
 * a server without sign-in never loads it (issue 10: optional back ends load only when
 * configured; the compiled server keeps it in its own chunk, scripts/build-server.mjs).
 *
 * Authorization code flow with PKCE (S256), `state` and `nonce`; the provider's metadata come
 * from discovery (`<issuer>/.well-known/openid-configuration`), once per process — a failed
 * discovery is not kept, so the next sign-in tries again. Nothing here logs a token, a code or
 * a claim.
 */
import type { Configuration } from 'openid-client'
import type { Claims } from '../../shared/domain/signIn'
import { mergeProfileClaims, missingProfileClaims } from '../../shared/domain/signIn'
import type { SignInConfig } from '../config'

type OpenIdClient = typeof import('openid-client')

let client: Promise<OpenIdClient> | undefined
let discovered: { key: string; configuration: Promise<Configuration> } | undefined

function openIdClient(): Promise<OpenIdClient> {
  client ??= import('openid-client')
  return client
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The provider's configuration, discovered once (per issuer and client). */
export async function providerConfiguration(signIn: SignInConfig): Promise<Configuration> {
  const key = `${signIn.issuer} ${signIn.clientId}`
  if (discovered?.key !== key) {
    const configuration = discover(signIn)
    discovered = { key, configuration }
    configuration.catch(() => {
      if (discovered?.configuration === configuration) discovered = undefined
    })
  }
  return discovered.configuration
}

async function discover(signIn: SignInConfig): Promise<Configuration> {
  const oidc = await openIdClient()
  const issuer = new URL(signIn.issuer)
  const authentication = signIn.tokenAuthMethod === 'client_secret_post' ? oidc.ClientSecretPost(signIn.clientSecret) : oidc.ClientSecretBasic(signIn.clientSecret)
  // http:// only reaches here on a loopback address (server/config.ts refuses it elsewhere): tests.
  const insecure = issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname)
  return oidc.discovery(
    issuer,
    signIn.clientId,
    { client_secret: signIn.clientSecret, token_endpoint_auth_method: signIn.tokenAuthMethod },
    authentication,
    insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
  )
}

/** What a sign-in needs to remember between `/auth/login` and `/auth/callback`. */
export interface LoginChecks {
  state: string
  nonce: string
  codeVerifier: string
}

/** New random checks for a sign-in. */
export async function newLoginChecks(): Promise<LoginChecks> {
  const oidc = await openIdClient()
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() }
}

/** Where to send the browser to sign in at the provider. */
export async function authorizationUrl(signIn: SignInConfig, checks: LoginChecks): Promise<URL> {
  const oidc = await openIdClient()
  const configuration = await providerConfiguration(signIn)
  const parameters: Record<string, string> = {
    redirect_uri: signIn.redirectUri,
    scope: signIn.scopes,
    response_type: 'code',
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
  }
  // No `acr_values`: which level a sign-in needs is set up at the provider (Keycloak: the
  // client's default ACR values; Entra ID: Conditional Access), not asked for here — providers
  // treat an unknown request differently. The answer is checked anyway (shared/domain/signIn.ts).
  return oidc.buildAuthorizationUrl(configuration, parameters)
}

/** The provider's answer, checked: the ID token's claims (for `acr`/`amr`) and the profile claims. */
export interface SignInClaims {
  issuer: string
  subject: string
  /** The ID token's claims only: how the person authenticated is taken from nowhere else. */
  idToken: Claims
  /** The ID token's claims completed with userinfo's (name, e-mail, organisation). */
  profile: Claims
}

/**
 * Exchanges the code of the callback (`query`: the callback's query string, `?code=…&state=…`)
 * and checks the answer: state, PKCE, the ID token (signature, issuer, audience, nonce, times).
 * Asks userinfo when the ID token lacks a profile claim (many providers put them only there).
 */
export async function completeSignIn(signIn: SignInConfig, query: string, checks: LoginChecks): Promise<SignInClaims> {
  const oidc = await openIdClient()
  const configuration = await providerConfiguration(signIn)
  const currentUrl = new URL(signIn.redirectUri)
  currentUrl.search = query
  const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  })
  const idToken = tokens.claims()
  if (idToken === undefined) throw new Error('no ID token')
  let profile: Claims = idToken
  if (missingProfileClaims(idToken, signIn.organisationClaim) && configuration.serverMetadata().userinfo_endpoint !== undefined) {
    const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
    profile = mergeProfileClaims(idToken, userinfo)
  }
  return { issuer: idToken.iss, subject: idToken.sub, idToken, profile }
}

/** A short, content-free name for why a sign-in failed (for the log and the access log). */
export function failureCode(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const { code, error } = err as { code?: unknown; error?: unknown }
    // The provider's OAuth error (e.g. access_denied) or openid-client's check that failed.
    if (typeof error === 'string' && /^[a-z_]{1,64}$/.test(error)) return error
    if (typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code)) return code
  }
  return err instanceof Error ? err.name : 'unknown'
}

/**
 * Where to send the browser to end its session at the provider too (RP-initiated logout): the
 * provider's `end_session_endpoint` with `client_id` and `post_logout_redirect_uri` (PUBLIC_URL +
 * `/`, which the provider's client must allow); null when the provider advertises none. Without
 * it, the provider's single sign-on would sign the previous person in again at the next
 * "Inloggen" on a shared laptop. No `id_token_hint`: the ID token is not kept, so the provider
 * asks the person to confirm.
 */
export async function endSessionUrl(signIn: SignInConfig): Promise<string | null> {
  const oidc = await openIdClient()
  const configuration = await providerConfiguration(signIn)
  if (configuration.serverMetadata().end_session_endpoint === undefined) return null
  return oidc.buildEndSessionUrl(configuration, { client_id: signIn.clientId, post_logout_redirect_uri: signIn.postLogoutRedirectUri }).href
}
