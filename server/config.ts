/**
 * Server configuration, read once from environment variables. Every variable is documented with
 * its default in docs/api.md — change both together.
 */
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

function readPurgeInterval(env: Env): number {
  const value = readInt(env, 'PURGE_INTERVAL_MS', 3_600_000, 1000)
  if (value > MAX_TIMER_MS) throw new ConfigError(`PURGE_INTERVAL_MS must be at most ${MAX_TIMER_MS}, got ${value}`)
  return value
}

export function readConfig(env: Env = process.env): Config {
  const port = readInt(env, 'PORT', 3000, 0)
  if (port > 65535) throw new ConfigError(`PORT must be at most 65535, got ${port}`)
  return {
    port,
    host: readString(env, 'HOST') ?? '127.0.0.1',
    dataDir: path.resolve(readString(env, 'DATA_DIR') ?? './data'),
    staticDir: path.resolve(readString(env, 'STATIC_DIR') ?? 'dist'),
    adminKey: readString(env, 'ADMIN_KEY'),
    publicUrl: readPublicUrl(env),
    boardUnloadGraceMs: readInt(env, 'BOARD_UNLOAD_GRACE_MS', 30_000, 0),
    compactEveryUpdates: readInt(env, 'COMPACT_EVERY_UPDATES', 500, 1),
    maxMessageBytes: readInt(env, 'MAX_MESSAGE_BYTES', 4 * 1024 * 1024, 1024),
    floodMaxMessagesPerSecond: readInt(env, 'FLOOD_MAX_MESSAGES_PER_SECOND', 400, 1),
    retentionDays: readInt(env, 'RETENTION_DAYS', 30, 0),
    purgeIntervalMs: readPurgeInterval(env),
    timeZone: readTimeZone(env),
    boardCreatePerHour: readInt(env, 'BOARD_CREATE_PER_HOUR', 60, 1),
    clientAddressHeader: readClientAddressHeader(env),
  }
}
