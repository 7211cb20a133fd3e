/**
 * Brings an SQLite database to the latest schema version (server/storage/migrations.ts), at
 * start, before anything else reads it.
 *
 * A file made before versions were recorded (tables, but no `schema_migrations`) is version 1
 * when its tables, indexes and trigger are exactly those migration 1 creates: that is checked
 * against migration 1 run on an empty in-memory database, then version 1 is recorded and the
 * later migrations run as on any other file. Anything else is refused with a clear error rather
 * than guessed at.
 */
import Database from 'better-sqlite3'
import { MIGRATIONS, MIGRATIONS_TABLE, MIGRATIONS_TABLE_DDL, planMigrations, SchemaVersionError } from './migrations'
import type { Migration } from './migrations'

export interface MigrationResult {
  /** The version the database had (0: a new file). */
  from: number
  /** The version it has now. */
  to: number
  /** Whether it was a file from before versions were recorded (then recorded as version 1). */
  adopted: boolean
  /** The migrations applied now, in order. */
  applied: number[]
}

export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  const recorded = hasTable(db, MIGRATIONS_TABLE)
    ? db.prepare<[], number>(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`).pluck().all()
    : null
  const plan = planMigrations(recorded, schemaObjects(db).length > 0, migrations)
  const record = (migration: Migration) => {
    db.exec(MIGRATIONS_TABLE_DDL)
    db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`).run(
      migration.version,
      migration.name,
      Date.now(),
    )
  }
  let version = Math.max(0, ...(recorded ?? []))
  const from = plan.adoptVersion1 ? 1 : version
  if (plan.adoptVersion1) {
    checkIsVersion1(db, migrations[0])
    db.transaction(() => record(migrations[0]))()
    version = 1
  }
  for (const migration of plan.apply) {
    db.transaction(() => {
      db.exec(migration.sqlite)
      record(migration)
    })()
    version = migration.version
  }
  return { from, to: version, adopted: plan.adoptVersion1, applied: plan.apply.map((m) => m.version) }
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
}

/** Our tables, indexes and triggers as `type name`, sorted (SQLite's own and the versions table left out). */
function schemaObjects(db: Database.Database): string[] {
  return db
    .prepare<[string], { type: string; name: string }>(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ? ORDER BY type, name",
    )
    .all(MIGRATIONS_TABLE)
    .map((row) => `${row.type} ${row.name}`)
}

/** Each table's columns as `name type notnull pk`, so a file with a different layout is told apart. */
function tableLayout(db: Database.Database): Record<string, string[]> {
  const layout: Record<string, string[]> = {}
  for (const object of schemaObjects(db)) {
    const [type, name] = object.split(' ')
    if (type !== 'table') continue
    layout[name] = db
      .prepare<[], { name: string; type: string; notnull: number; pk: number }>(`PRAGMA table_info("${name}")`)
      .all()
      .map((column) => `${column.name} ${column.type} ${column.notnull} ${column.pk}`)
  }
  return layout
}

/** Throws unless `db` has exactly what `initial` (migration 1) creates. */
function checkIsVersion1(db: Database.Database, initial: Migration): void {
  const reference = new Database(':memory:')
  try {
    reference.exec(initial.sqlite)
    const expected = JSON.stringify({ objects: schemaObjects(reference), tables: tableLayout(reference) })
    const found = JSON.stringify({ objects: schemaObjects(db), tables: tableLayout(db) })
    if (found !== expected) {
      throw new SchemaVersionError(
        `the database has no recorded schema version and its tables are not those of version 1 (found: ${schemaObjects(db).join(', ')})`,
      )
    }
  } finally {
    reference.close()
  }
}
