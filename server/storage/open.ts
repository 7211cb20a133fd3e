/**
 * Opens the storage the configuration selects (issue 11): `DATABASE_URL=postgres://…` →
 * PostgreSQL (server/storage/postgres.ts), unset → the SQLite file in `DATA_DIR`
 * (server/storage.ts). The PostgreSQL module — and with it the `pg` package — is imported only in
 * its branch, so a server on SQLite never loads it (the compiled server keeps it in its own chunk,
 * scripts/build-server.mjs).
 *
 * Both open with the schema brought up to date (numbered migrations); `migration` says what that
 * did, for the `schema_migrated` log line. `rateLimitStore` says where rate-limit counters live:
 * in this process's memory on SQLite (one node), in PostgreSQL's `rate_limits` table (migration
 * 5) when several nodes share the database, so they count together.
 *
 * Sign-in (issue 12): `signIn` (pending sign-ins and sessions) and `cases` (case rights by account
 * and the access log) live in the same database, on the storage's own connection — the SQLite
 * handle, or the PostgreSQL pool — and close with it.
 */
import type { Config } from '../config'
import type { SqliteSettings } from '../storage'
import { BoardStore, SqliteBoardStorage } from '../storage'
import type { BoardStorage } from './boardStorage'
import type { CaseStorage, SignInStorage } from './accountStorage'
import { SqliteCaseStorage } from './caseSqlite'
import { SqliteSignInStorage } from './signInSqlite'
// These two only use the pool they are given (no `pg` import of their own at run time).
import { PostgresCaseStorage } from './casePostgres'
import { PostgresSignInStorage } from './signInPostgres'
import type { PostgresSettings } from './postgres'
import type pg from 'pg'
import { RATE_LIMIT_TABLE } from './migrations'
import type { MigrationResult } from './sqliteMigrations'

/** Where rate-limit counters are kept (server/http/boardCreationLimit.ts). */
export type RateLimitStore =
  | { kind: 'memory' }
  /** The storage's own pool (closed with it) and the table migration 5 made. */
  | { kind: 'postgres'; pool: pg.Pool; tableName: string }

export interface OpenedStorage {
  backend: 'sqlite' | 'postgres'
  storage: BoardStorage
  migration: MigrationResult
  rateLimitStore: RateLimitStore
  /** Pending sign-ins and sessions (issue 12). */
  signIn: SignInStorage
  /** Case rights by account and the access log (issue 12). */
  cases: CaseStorage
}

export async function openStorage(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  settings: { sqlite?: Partial<SqliteSettings>; postgres?: Partial<PostgresSettings> } = {},
): Promise<OpenedStorage> {
  if (config.databaseUrl !== null) {
    const { PostgresBoardStorage } = await import('./postgres')
    const storage = await PostgresBoardStorage.open(config.databaseUrl, settings.postgres)
    const rateLimitStore: RateLimitStore = { kind: 'postgres', pool: storage.rateLimitPool, tableName: RATE_LIMIT_TABLE }
    return {
      backend: 'postgres',
      storage,
      migration: storage.migration,
      rateLimitStore,
      signIn: new PostgresSignInStorage(storage.accountPool),
      cases: new PostgresCaseStorage(storage.accountPool),
    }
  }
  const store = new BoardStore(config.dataDir, settings.sqlite)
  return {
    backend: 'sqlite',
    storage: new SqliteBoardStorage(store),
    migration: store.migration,
    rateLimitStore: { kind: 'memory' },
    signIn: new SqliteSignInStorage(store.database),
    cases: new SqliteCaseStorage(store.database),
  }
}
