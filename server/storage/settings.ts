/**
 * The storage tuning read from the environment (documented in docs/api.md, "Storage and
 * durability"). Kept beside the storage code rather than in server/config.ts so the storage
 * settings change in one place; the defaults are the measured choices.
 */
import { ConfigError } from '../config'
import type { SqliteSettings } from '../storage'
import { DEFAULT_SQLITE_SETTINGS } from '../storage'
import type { GroupCommitSettings } from './groupCommit'
import { DEFAULT_TURN_MAX_MS } from './groupCommit'

type Env = Record<string, string | undefined>

export interface StorageSettings {
  sqlite: SqliteSettings
  groupCommit: GroupCommitSettings
}

/** 0: one transaction per event-loop turn. */
export const DEFAULT_GROUP_COMMIT_WINDOW_MS = 0

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

export function readStorageSettings(env: Env = process.env): StorageSettings {
  const synchronous = (env.SQLITE_SYNCHRONOUS?.trim() || DEFAULT_SQLITE_SETTINGS.synchronous).toUpperCase()
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new ConfigError(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "${env.SQLITE_SYNCHRONOUS}"`)
  }
  const pageSize = readInteger(env, 'SQLITE_PAGE_SIZE', DEFAULT_SQLITE_SETTINGS.pageSize, 512, 65536)
  if ((pageSize & (pageSize - 1)) !== 0) throw new ConfigError(`SQLITE_PAGE_SIZE must be a power of two, got ${pageSize}`)
  return {
    sqlite: {
      synchronous,
      pageSize,
      walAutocheckpointPages: readInteger(env, 'SQLITE_WAL_AUTOCHECKPOINT', DEFAULT_SQLITE_SETTINGS.walAutocheckpointPages, 100, 1_000_000),
      foldLogRows: readInteger(env, 'SQLITE_FOLD_LOG_ROWS', DEFAULT_SQLITE_SETTINGS.foldLogRows, 1, 100_000),
    },
    groupCommit: {
      windowMs: readInteger(env, 'GROUP_COMMIT_WINDOW_MS', DEFAULT_GROUP_COMMIT_WINDOW_MS, 0, 50),
      turnMaxMs: readInteger(env, 'GROUP_COMMIT_TURN_MAX_MS', DEFAULT_TURN_MAX_MS, 0, 50),
    },
  }
}
