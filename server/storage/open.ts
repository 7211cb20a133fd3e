/**
 * Opens the storage the configuration selects (issue 11): `DATABASE_URL=postgres://…` →
 * PostgreSQL (server/storage/postgres.ts), unset → the SQLite file in `DATA_DIR`
 * (server/storage.ts). The PostgreSQL module — and with it the `pg` package — is imported only in
 * its branch, so a server on SQLite never loads it (the compiled server keeps it in its own chunk,
 * scripts/build-server.mjs).
 *
 * Both open with the schema brought up to date (numbered migrations); `migration` says what that
 * did, for the `schema_migrated` log line.
 */
import type { Config } from '../config'
import type { SqliteSettings } from '../storage'
import { BoardStore, SqliteBoardStorage } from '../storage'
import type { BoardStorage } from './boardStorage'
import type { PostgresSettings } from './postgres'
import type { MigrationResult } from './sqliteMigrations'

export type OpenedStorage =
  | {
      backend: 'sqlite'
      storage: SqliteBoardStorage
      /** The synchronous face of the same SQLite database (HTTP routes until they are asynchronous). */
      sync: BoardStore
      migration: MigrationResult
    }
  | {
      backend: 'postgres'
      storage: BoardStorage
      /** None: PostgreSQL is asynchronous only. */
      sync: null
      migration: MigrationResult
    }

export async function openStorage(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  settings: { sqlite?: Partial<SqliteSettings>; postgres?: Partial<PostgresSettings> } = {},
): Promise<OpenedStorage> {
  if (config.databaseUrl !== null) {
    const { PostgresBoardStorage } = await import('./postgres')
    const storage = await PostgresBoardStorage.open(config.databaseUrl, settings.postgres)
    return { backend: 'postgres', storage, sync: null, migration: storage.migration }
  }
  const sync = new BoardStore(config.dataDir, settings.sqlite)
  return { backend: 'sqlite', storage: new SqliteBoardStorage(sync), sync, migration: sync.migration }
}
