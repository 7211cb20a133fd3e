/**
 * A real OpenID Connect provider for tests (issue 12): the `oidc-provider` package, in the test
 * process, on http://127.0.0.1:<free port>. It uses the package's own development interactions —
 * an HTML login form (any password) and a consent page — so a test signs in the way a browser
 * does (tests/helpers/signIn.ts drives them with plain fetch).
 *
 *   const provider = await startOidcProvider({
 *     redirectUris: [`${publicUrl}/auth/callback`],
 *     accounts: [{ login: 'anna', name: 'Anna de Vries', email: 'anna@wijkteam.example', acr: ACR_SUBSTANTIAL }],
 *   })
 *   … OIDC_ISSUER = provider.issuer, OIDC_CLIENT_ID = provider.clientId, OIDC_CLIENT_SECRET = provider.clientSecret …
 *   await provider.close()
 *
 * One confidential client (`client_secret_basic`, authorization code, PKCE required). The login
 * typed into the form is the account id; the caller decides every claim of the account,
 * including how it authenticated: the development login form only records *who* signed in, so
 * `acr` and `amr` are added to its login result from the account (`interactionFinished` below) —
 * what a real provider's authentication step does when it records a second factor.
 *
 * Claims by scope: `openid` → sub, acr, amr, auth_time; `profile` → name, given_name, family_name, preferred_username
 * and the organisation claim (default `organisation`); `email` → email, email_verified. As
 * `conformIdTokenClaims` is on (the package's default), those arrive through userinfo, not in the
 * ID token — so the client under test must ask userinfo, as it must with several real providers.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Account, type AccountClaims, type Configuration, type KoaContextWithOIDC } from 'oidc-provider'
import { freePort } from './freePort'

/** An `acr` value the test provider marks as "signed in with a second factor". */
export const ACR_SUBSTANTIAL = 'urn:tafelbord:test:loa:substantial'
/** An `acr` value of a password-only sign-in. */
export const ACR_LOW = 'urn:tafelbord:test:loa:low'

export interface TestAccount {
  /** What is typed into the provider's login form; also its account id. */
  login: string
  /** Default: `login`. */
  sub?: string
  name?: string
  givenName?: string
  familyName?: string
  preferredUsername?: string
  email?: string
  /** Default true when `email` is given. */
  emailVerified?: boolean
  organisation?: string
  /** How this account's sign-ins authenticate (the `acr` of its ID tokens); none when unset. */
  acr?: string
  /** The `amr` of its ID tokens, e.g. `['pwd', 'mfa']`; none when unset. */
  amr?: string[]
}

export interface OidcProviderOptions {
  /** The client's redirect URIs (e.g. `http://127.0.0.1:<port>/auth/callback`). */
  redirectUris: string[]
  /**
   * Where the provider may send the browser after signing out at its end-session endpoint
   * (RP-initiated logout; docs/sign-in.md). Default: each redirect URI's origin + `/` (PUBLIC_URL + `/`).
   */
  postLogoutRedirectUris?: string[]
  accounts: TestAccount[]
  clientId?: string
  clientSecret?: string
  /** The name of the organisation claim (default `organisation`). */
  organisationClaim?: string
  /** Listen on this port (default: a free one). */
  port?: number
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>` (no trailing slash): OIDC_ISSUER. */
  issuer: string
  port: number
  clientId: string
  clientSecret: string
  /** Adds or replaces an account (e.g. to change its claims between two sign-ins). */
  setAccount(account: TestAccount): void
  /** How many times each endpoint was asked, by path (e.g. `/token`, `/me`), to show what the client did. */
  requests: Map<string, number>
  close(): Promise<void>
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<TestOidcProvider> {
  const port = options.port ?? (await freePort())
  const issuer = `http://127.0.0.1:${port}`
  const clientId = options.clientId ?? 'tafelbord-test'
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url')
  const organisationClaim = options.organisationClaim ?? 'organisation'
  const accounts = new Map<string, TestAccount>()
  for (const account of options.accounts) accounts.set(account.login, account)

  // A signing key of its own, so the package does not fall back to its (warned about) development keys.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' }

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [...new Set(options.redirectUris.map((uri) => `${new URL(uri).origin}/`))],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    acrValues: [ACR_SUBSTANTIAL, ACR_LOW],
    claims: {
      // How the person authenticated goes into every ID token (a scope's claims are what it carries).
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', organisationClaim],
      email: ['email', 'email_verified'],
    },
    features: { devInteractions: { enabled: true }, userinfo: { enabled: true } },
    pkce: { required: () => true },
    responseTypes: ['code'],
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx: KoaContextWithOIDC, id: string): Promise<Account | undefined> {
      const account = accounts.get(id)
      if (account === undefined) return undefined
      return { accountId: id, claims: async () => claimsOf(account, organisationClaim) }
    },
  }

  const provider = new Provider(issuer, configuration)
  const requests = new Map<string, number>()
  provider.use(async (ctx, next) => {
    requests.set(ctx.path, (requests.get(ctx.path) ?? 0) + 1)
    await next()
  })

  // The development login form finishes with `{ login: { accountId } }` only; add how this
  // account authenticates, so its ID token carries the `acr` / `amr` the test chose.
  const finish = provider.interactionFinished.bind(provider)
  provider.interactionFinished = (req, res, result, finishOptions) => {
    const login = result.login as { accountId: string } | undefined
    const account = login === undefined ? undefined : accounts.get(login.accountId)
    if (login !== undefined && account !== undefined) {
      const method = { ...(account.acr === undefined ? {} : { acr: account.acr }), ...(account.amr === undefined ? {} : { amr: account.amr }) }
      return finish(req, res, { ...result, login: { ...login, ...method } }, finishOptions)
    }
    return finish(req, res, result, finishOptions)
  }

  const server = http.createServer(provider.callback())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const listening = (server.address() as AddressInfo).port

  return {
    issuer,
    port: listening,
    clientId,
    clientSecret,
    requests,
    setAccount(account) {
      accounts.set(account.login, account)
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
    },
  }
}

function claimsOf(account: TestAccount, organisationClaim: string): AccountClaims {
  const claims: AccountClaims = { sub: account.sub ?? account.login }
  if (account.name !== undefined) claims.name = account.name
  if (account.givenName !== undefined) claims.given_name = account.givenName
  if (account.familyName !== undefined) claims.family_name = account.familyName
  if (account.preferredUsername !== undefined) claims.preferred_username = account.preferredUsername
  if (account.email !== undefined) {
    claims.email = account.email
    claims.email_verified = account.emailVerified ?? true
  }
  if (account.organisation !== undefined) claims[organisationClaim] = account.organisation
  return claims
}
