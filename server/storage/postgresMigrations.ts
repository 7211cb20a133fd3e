/**
 * Brings a PostgreSQL database to the latest schema version (server/storage/migrations.ts), at
 * start, before anything else reads it — the same plan as SQLite's, with each migration's
 * `postgres` text.
 *
 * Several nodes may start at once on one database: the whole plan (reading the recorded versions,
 * applying what is missing) runs under a session-level advisory lock (`pg_advisory_lock`) on one
 * connection, so one node migrates and the others wait, then find nothing left to do. Each
 * migration runs in its own transaction together with its `schema_migrations` row. The lock is a
 * session lock rather than `pg_advisory_xact_lock` because the plan spans several transactions;
 * it is released at the end, or by PostgreSQL when the connection drops.
 *
 * PostgreSQL databases were never made before versions were recorded: tables of ours without a
 * `schema_migrations` table are refused, not adopted.
 */
import type pg from 'pg'
import type { Migration } from './migrations'
import { MIGRATIONS, MIGRATIONS_TABLE, MIGRATIONS_TABLE_DDL, planMigrations, SchemaVersionError } from './migrations'
import type { MigrationResult } from './sqliteMigrations'

/** The advisory lock key of schema migrations: an arbitrary constant, the same in every node. */
export const MIGRATION_LOCK_KEY = '8388341706098913892'

/** The tables of ours (migration 1 and later) in the current schema, to tell an empty database apart. */
const OUR_TABLES = ['boards', 'board_updates', 'board_snapshots', 'meeting_updates', 'meeting_snapshots', 'sessions', 'board_leases']

export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  const client = await pool.connect()
  let broken = false
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY])
    try {
      const hasVersions = (await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [MIGRATIONS_TABLE])).rows[0].found
      const recorded = hasVersions
        ? (await client.query<{ version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`)).rows.map((row) => Number(row.version))
        : null
      const tables = await client.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1)',
        [OUR_TABLES],
      )
      if (recorded === null && tables.rows.length > 0) {
        throw new SchemaVersionError(
          `the database has tables of ours (${tables.rows.map((row) => row.table_name).join(', ')}) but no ${MIGRATIONS_TABLE}: refusing to guess its version`,
        )
      }
      const plan = planMigrations(recorded, false, migrations)
      const from = Math.max(0, ...(recorded ?? []))
      let version = from
      for (const migration of plan.apply) {
        if (migration.postgres === undefined) throw new Error(`migration ${migration.version} (${migration.name}) has no PostgreSQL text`)
        await client.query('BEGIN')
        try {
          await client.query(MIGRATIONS_TABLE_DDL)
          await client.query(migration.postgres)
          await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`, [
            migration.version,
            migration.name,
            Date.now(),
          ])
          await client.query('COMMIT')
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {
            broken = true
          })
          throw err
        }
        version = migration.version
      }
      return { from, to: version, adopted: false, applied: plan.apply.map((m) => m.version) }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => {
        broken = true
      })
    }
  } finally {
    // A connection whose state is unknown is closed rather than handed back to the pool.
    client.release(broken)
  }
}
