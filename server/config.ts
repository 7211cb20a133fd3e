/**
 * Server configuration, read once from environment variables. Every variable is documented with
 * its default in docs/api.md — change both together.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { DEFAULT_TIME_ZONE, isTimeZone } from '../shared/domain/time'

export interface Config {
  port: number
  host: string
  dataDir: string
  staticDir: string
  /** When set, `POST /api/boards` needs `Authorization: Bearer <adminKey>`. */
  adminKey: string | null
  /** Base for the links in the create answer, without trailing slash; null = derive from request. */
  publicUrl: string | null
  boardUnloadGraceMs: number
  compactEveryUpdates: number
  maxMessageBytes: number
  floodMaxMessagesPerSecond: number
  /** A board whose current session closed longer ago than this is purged; 0 = at the next run. */
  retentionDays: number
  purgeIntervalMs: number
  /** The IANA time zone of new meetings: every date and time people read is in it. */
  timeZone: string
  /** Boards one client address may create per hour (429 beyond). */
  boardCreatePerHour: number
  /** Behind a proxy: the request header it sets to the client's address (e.g. x-forwarded-for); null = the socket's peer. */
  clientAddressHeader: string | null
  /** PostgreSQL (`postgres://…`, issue 11) instead of the SQLite file in `dataDir`; null = SQLite. */
  databaseUrl: string | null
  /** Cluster (issue 11, docs/api.md "Several nodes"): this node's id in leases and logs. */
  nodeId: string
  /** This node's address as the other nodes reach it; null = `http://<HOST>:<listening port>`. */
  nodeUrl: string | null
  /** Shared secret of node-to-node requests; null = this node neither forwards nor takes forwarded requests. */
  clusterSecret: string | null
  /** How long a board's lease lasts without renewal; renewed every third of it. */
  leaseTtlMs: number
  /** Sign-in with OpenID Connect (issue 12, docs/sign-in.md); null = links only (the default). */
  signIn: SignInConfig | null
}

/** OpenID Connect sign-in for professionals, on when `OIDC_ISSUER` is set. */
export interface SignInConfig {
  /** The issuer URL; `http://` only on a loopback address. */
  issuer: string
  clientId: string
  clientSecret: string
  /** PUBLIC_URL + `/auth/callback` (PUBLIC_URL is required with sign-in). */
  redirectUri: string
  /** Space-separated, default `openid profile email`. */
  scopes: string
  /** The ID token / userinfo claim that names the person's organisation; null = none shown. */
  organisationClaim: string | null
  /**
   * `acr` values accepted as a second factor; a sign-in whose `acr` is not listed and whose `amr`
   * lacks `mfa` is refused. Empty: every sign-in the provider accepts is accepted.
   */
  acceptedAcr: string[]
  /** Where the provider sends the browser after signing out there: PUBLIC_URL + `/`. */
  postLogoutRedirectUri: string
  /** Requests to /auth/* one client address may make per minute (SIGN_IN_PER_MINUTE, default 30; 429 beyond). */
  signInPerMinute: number
  /** How we authenticate at the token endpoint (default `client_secret_basic`). */
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post'
  /** Minutes without a request after which a session ends (SESSION_IDLE_MINUTES, default 30). */
  sessionIdleMinutes: number
  /** Minutes after sign-in after which a session ends whatever happens (SESSION_ABSOLUTE_MINUTES, default 480). */
  sessionAbsoluteMinutes: number
  /**
   * The server's key for the participant and resident links of boards made by a signed-in
   * facilitator (LINK_SEAL_KEY, at least 32 characters): with sign-in no facilitator token is
   * handed out, so the links are sealed with this key instead (docs/sign-in.md says why that is weaker).
   */
  linkSealKey: string
}

/** The longest delay a Node timer takes (larger values fire at once). */
const MAX_TIMER_MS = 2_147_483_647

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

function readInt(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`)
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`${name} must be at least ${min}, got "${raw}"`)
  }
  return value
}

function readString(env: Env, name: string): string | null {
  const raw = env[name]?.trim()
  return raw === undefined || raw === '' ? null : raw
}

function readPublicUrl(env: Env): string | null {
  const raw = readString(env, 'PUBLIC_URL')
  if (raw === null) return null
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL like https://bord.example.nl, got "${raw}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL must start with http:// or https://')
  }
  return raw.replace(/\/+$/, '')
}

function readTimeZone(env: Env): string {
  const value = readString(env, 'TIME_ZONE') ?? DEFAULT_TIME_ZONE
  if (!isTimeZone(value)) throw new ConfigError(`TIME_ZONE must be an IANA time zone such as Europe/Amsterdam, got ${value}`)
  return value
}

function readClientAddressHeader(env: Env): string | null {
  const value = readString(env, 'CLIENT_ADDRESS_HEADER')
  if (value === null) return null
  if (!/^[A-Za-z0-9-]+$/.test(value)) throw new ConfigError(`CLIENT_ADDRESS_HEADER must be a header name such as X-Forwarded-For, got "${value}"`)
  return value.toLowerCase()
}

function readDatabaseUrl(env: Env): string | null {
  const raw = readString(env, 'DATABASE_URL')
  if (raw === null) return null
  let parsed: URL | undefined
  try {
    parsed = new URL(raw)
  } catch {}
  // Never echo the value: it may hold a password.
  if (parsed === undefined || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new ConfigError('DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/tafelbord')
  }
  return raw
}

function readPurgeInterval(env: Env): number {
  const value = readInt(env, 'PURGE_INTERVAL_MS', 3_600_000, 1000)
  if (value > MAX_TIMER_MS) throw new ConfigError(`PURGE_INTERVAL_MS must be at most ${MAX_TIMER_MS}, got ${value}`)
  return value
}

/** An absolute http(s) URL without trailing slash, or null. */
function readNodeUrl(env: Env): string | null {
  const raw = readString(env, 'NODE_URL')
  if (raw === null) return null
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`NODE_URL must be an absolute URL like http://10.0.0.5:3000, got "${raw}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError('NODE_URL must start with http:// or https://')
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError('NODE_URL must be a scheme, host and port (and at most a path), nothing else')
  }
  return raw.replace(/\/+$/, '')
}

function readNodeId(env: Env): string {
  const value = readString(env, 'NODE_ID') ?? `node-${randomBytes(4).toString('hex')}`
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw new ConfigError(`NODE_ID must be 1-64 letters, digits, '.', '_' or '-', got "${value}"`)
  return value
}

/** Shortest CLUSTER_SECRET accepted: guessing it must be hopeless. */
const MIN_CLUSTER_SECRET_LENGTH = 16

function readClusterSecret(env: Env, nodeUrl: string | null): string | null {
  const value = readString(env, 'CLUSTER_SECRET')
  if (value === null) {
    // NODE_URL says "other nodes reach me here": that is a cluster, and its requests need the secret.
    if (nodeUrl !== null) throw new ConfigError('CLUSTER_SECRET is required when NODE_URL is set (nodes authenticate each other with it)')
    return null
  }
  if (value.length < MIN_CLUSTER_SECRET_LENGTH) throw new ConfigError(`CLUSTER_SECRET must be at least ${MIN_CLUSTER_SECRET_LENGTH} characters`)
  return value
}

function readLeaseTtl(env: Env): number {
  const value = readInt(env, 'LEASE_TTL_MS', 12_000, 300)
  if (value > 600_000) throw new ConfigError(`LEASE_TTL_MS must be at most 600000, got ${value}`)
  return value
}

export function readConfig(env: Env = process.env): Config {
  const port = readInt(env, 'PORT', 3000, 0)
  if (port > 65535) throw new ConfigError(`PORT must be at most 65535, got ${port}`)
  const publicUrl = readPublicUrl(env)
  return {
    port,
    host: readString(env, 'HOST') ?? '127.0.0.1',
    dataDir: path.resolve(readString(env, 'DATA_DIR') ?? './data'),
    staticDir: path.resolve(readString(env, 'STATIC_DIR') ?? 'dist'),
    adminKey: readString(env, 'ADMIN_KEY'),
    publicUrl,
    boardUnloadGraceMs: readInt(env, 'BOARD_UNLOAD_GRACE_MS', 30_000, 0),
    compactEveryUpdates: readInt(env, 'COMPACT_EVERY_UPDATES', 500, 1),
    maxMessageBytes: readInt(env, 'MAX_MESSAGE_BYTES', 4 * 1024 * 1024, 1024),
    floodMaxMessagesPerSecond: readInt(env, 'FLOOD_MAX_MESSAGES_PER_SECOND', 400, 1),
    retentionDays: readInt(env, 'RETENTION_DAYS', 30, 0),
    purgeIntervalMs: readPurgeInterval(env),
    timeZone: readTimeZone(env),
    boardCreatePerHour: readInt(env, 'BOARD_CREATE_PER_HOUR', 60, 1),
    clientAddressHeader: readClientAddressHeader(env),
    databaseUrl: readDatabaseUrl(env),
    ...readClusterConfig(env),
    signIn: readSignInConfig(env, publicUrl),
  }
}

function readClusterConfig(env: Env): Pick<Config, 'nodeId' | 'nodeUrl' | 'clusterSecret' | 'leaseTtlMs'> {
  const nodeUrl = readNodeUrl(env)
  return { nodeId: readNodeId(env), nodeUrl, clusterSecret: readClusterSecret(env, nodeUrl), leaseTtlMs: readLeaseTtl(env) }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
/** Shortest LINK_SEAL_KEY accepted. */
const MIN_LINK_SEAL_KEY_LENGTH = 32

function readSignInConfig(env: Env, publicUrl: string | null): SignInConfig | null {
  const issuer = readString(env, 'OIDC_ISSUER')
  if (issuer === null) return null
  let parsed: URL
  try {
    parsed = new URL(issuer)
  } catch {
    throw new ConfigError(`OIDC_ISSUER must be an absolute URL like https://login.example.nl/realms/gemeente, got "${issuer}"`)
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname))) {
    throw new ConfigError('OIDC_ISSUER must be https:// (http:// only on a loopback address, for tests)')
  }
  const clientId = readString(env, 'OIDC_CLIENT_ID')
  const clientSecret = readString(env, 'OIDC_CLIENT_SECRET')
  if (clientId === null || clientSecret === null) throw new ConfigError('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required with OIDC_ISSUER')
  if (publicUrl === null) throw new ConfigError('PUBLIC_URL is required with OIDC_ISSUER (the callback is PUBLIC_URL/auth/callback)')
  // The cookies are Secure only with https: on any other host than this machine they would travel in clear.
  const site = new URL(publicUrl)
  if (site.protocol === 'http:' && !LOOPBACK_HOSTS.has(site.hostname)) {
    throw new ConfigError('PUBLIC_URL must be https:// with OIDC_ISSUER (http:// only on a loopback address, for tests): the session cookie must be Secure')
  }
  const linkSealKey = readString(env, 'LINK_SEAL_KEY')
  if (linkSealKey === null || linkSealKey.length < MIN_LINK_SEAL_KEY_LENGTH) {
    throw new ConfigError(`LINK_SEAL_KEY (at least ${MIN_LINK_SEAL_KEY_LENGTH} characters) is required with OIDC_ISSUER`)
  }
  const method = readString(env, 'OIDC_TOKEN_AUTH_METHOD') ?? 'client_secret_basic'
  if (method !== 'client_secret_basic' && method !== 'client_secret_post') {
    throw new ConfigError(`OIDC_TOKEN_AUTH_METHOD must be client_secret_basic or client_secret_post, got "${method}"`)
  }
  // OIDC_REQUIRED_ACR is accepted as another name for OIDC_ACCEPTED_ACR.
  const acr = readString(env, 'OIDC_ACCEPTED_ACR') ?? readString(env, 'OIDC_REQUIRED_ACR') ?? ''
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri: `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${publicUrl}/`,
    signInPerMinute: readInt(env, 'SIGN_IN_PER_MINUTE', 30, 1),
    scopes: readString(env, 'OIDC_SCOPES') ?? 'openid profile email',
    organisationClaim: readString(env, 'OIDC_ORGANISATION_CLAIM'),
    acceptedAcr: acr.split(/[\s,]+/).filter((value) => value !== ''),
    tokenAuthMethod: method,
    sessionIdleMinutes: readInt(env, 'SESSION_IDLE_MINUTES', 30, 1),
    sessionAbsoluteMinutes: readInt(env, 'SESSION_ABSOLUTE_MINUTES', 480, 1),
    linkSealKey,
  }
}

/**
 * Warnings about a configuration that works but is weaker than it should be, for the start-up
 * log (server/main.ts logs each as its own event): `sign_in_without_second_factor` when sign-in
 * is on and OIDC_ACCEPTED_ACR is empty — then a password alone opens every case.
 */
export function signInWarnings(config: Pick<Config, 'signIn'>): string[] {
  const warnings: string[] = []
  if (config.signIn !== null && config.signIn.acceptedAcr.length === 0) warnings.push('sign_in_without_second_factor')
  return warnings
}
