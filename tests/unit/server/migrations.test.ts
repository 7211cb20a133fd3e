import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { LATEST_VERSION, MIGRATIONS, planMigrations, SchemaVersionError } from '../../../server/storage/migrations'
import type { Migration } from '../../../server/storage/migrations'
import { migrateSqlite } from '../../../server/storage/sqliteMigrations'
import { BoardStore, DATABASE_FILE_NAME } from '../../../server/storage'
import { PRE_VERSION_PRAGMAS, PRE_VERSION_SCHEMA } from './legacySchema'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-migrations-'))
  dirs.push(dir)
  return dir
}

function recordedVersions(db: Database.Database): number[] {
  return db.prepare<[], number>('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
}

function columns(db: Database.Database, table: string): string[] {
  return db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all().map((c) => c.name)
}

/** A database file as the code before schema versions left it, with one board and one archived session. */
function preVersionFile(dir: string): string {
  const file = path.join(dir, DATABASE_FILE_NAME)
  const db = new Database(file)
  for (const pragma of PRE_VERSION_PRAGMAS) db.pragma(pragma)
  db.exec(PRE_VERSION_SCHEMA)
  db.prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?, ?, ?)').run('b1', 1000, 'f'.repeat(64), 'p'.repeat(64), 'r'.repeat(64), 'sealed', 2000)
  db.prepare('INSERT INTO meeting_snapshots VALUES (?, ?, ?)').run('b1', Buffer.from([0]), 1000)
  db.prepare('INSERT INTO board_updates (board_id, "update") VALUES (?, ?)').run('b1', Buffer.from([1, 2, 3]))
  db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    'b1', 1, '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', Buffer.from([4]), Buffer.from([5]), '<svg>geheim</svg>', Buffer.from([6, 7]),
  )
  db.close()
  return file
}

describe('planMigrations', () => {
  it('applies every migration to a new database', () => {
    expect(planMigrations(null, false)).toEqual({ adoptVersion1: false, apply: MIGRATIONS })
  })

  it('takes a database with tables but no recorded versions as version 1', () => {
    expect(planMigrations(null, true)).toEqual({ adoptVersion1: true, apply: MIGRATIONS.slice(1) })
  })

  it('applies only what is missing, and nothing to an up-to-date database', () => {
    expect(planMigrations([1], true).apply.map((m) => m.version)).toEqual(MIGRATIONS.slice(1).map((m) => m.version))
    expect(planMigrations(MIGRATIONS.map((m) => m.version), true)).toEqual({ adoptVersion1: false, apply: [] })
  })

  it('refuses a database newer than this code, and a gap in the recorded versions', () => {
    expect(() => planMigrations([...MIGRATIONS.map((m) => m.version), LATEST_VERSION + 1], true)).toThrow(SchemaVersionError)
    expect(() => planMigrations([2], true)).toThrow(/not version 1/)
  })

  it('numbers the migrations 1, 2, 3, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    const skipping: Migration[] = [{ version: 1, name: 'a', sqlite: '' }, { version: 3, name: 'b', sqlite: '' }]
    expect(() => planMigrations(null, false, skipping)).toThrow(/out of order/)
  })

  it('gives every migration a text for both engines (PostgreSQL: issue 11)', () => {
    for (const migration of MIGRATIONS) {
      expect(typeof migration.sqlite, `migration ${migration.version} sqlite`).toBe('string')
      expect(migration.postgres?.trim(), `migration ${migration.version} postgres`).toBeTruthy()
    }
  })
})

describe('migrateSqlite', () => {
  it('creates a new database at the latest version, every migration recorded', () => {
    const db = new Database(':memory:')
    expect(migrateSqlite(db)).toEqual({ from: 0, to: LATEST_VERSION, adopted: false, applied: MIGRATIONS.map((m) => m.version) })
    expect(recordedVersions(db)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(columns(db, 'sessions')).not.toContain('picture_svg')
    // Opening it again changes nothing.
    expect(migrateSqlite(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, adopted: false, applied: [] })
    db.close()
  })

  it('records a database made before versions as version 1 and migrates it, keeping its data', () => {
    const dir = tempDir()
    preVersionFile(dir)
    const store = new BoardStore(dir)
    expect(store.migration).toEqual({ from: 1, to: LATEST_VERSION, adopted: true, applied: MIGRATIONS.slice(1).map((m) => m.version) })
    expect(store.findBoard('b1')).toEqual({
      id: 'b1',
      createdAt: 1000,
      facilitatorTokenHash: 'f'.repeat(64),
      participantTokenHash: 'p'.repeat(64),
      residentTokenHash: 'r'.repeat(64),
      sealedLinks: 'sealed',
    })
    expect(store.loadDocument('b1', 'board').updates).toEqual([Uint8Array.of(1, 2, 3)])
    expect(store.boardsClosedBefore(3000)).toEqual(['b1'])
    expect(store.listSessions('b1')).toEqual([
      { number: 1, startedAt: '2026-01-01T10:00:00.000Z', closedAt: '2026-01-01T11:00:00.000Z', hasPicture: true },
    ])
    expect(store.readSession('b1', 1)).toMatchObject({ picturePng: Uint8Array.of(6, 7), boardSnapshot: Uint8Array.of(4) })
    store.close()

    const db = new Database(path.join(dir, DATABASE_FILE_NAME), { readonly: true })
    expect(recordedVersions(db)).toEqual(MIGRATIONS.map((m) => m.version))
    // The SVG nobody read is gone from the table, and its bytes from the file.
    expect(columns(db, 'sessions')).not.toContain('picture_svg')
    expect(() => db.prepare('UPDATE sessions SET picture_png = NULL').run()).toThrow()
    db.close()
    const bytes = fs.readFileSync(path.join(dir, DATABASE_FILE_NAME))
    const wal = path.join(dir, `${DATABASE_FILE_NAME}-wal`)
    const all = fs.existsSync(wal) ? Buffer.concat([bytes, fs.readFileSync(wal)]) : bytes
    expect(all.includes('geheim')).toBe(false)

    // The next start finds it up to date.
    const again = new BoardStore(dir)
    expect(again.migration).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, adopted: false, applied: [] })
    again.close()
  })

  it('migration 8 carries the update rows of version 7 into the log, in order per document, and folds them into runs', () => {
    const dir = tempDir()
    const db = new Database(path.join(dir, DATABASE_FILE_NAME))
    migrateSqlite(db, MIGRATIONS.slice(0, 7))
    const board = db.prepare('INSERT INTO boards (id, created_at, facilitator_token_hash, participant_token_hash) VALUES (?, 1, ?, ?)')
    for (const id of ['b1', 'b2']) board.run(id, 'f', 'p')
    const insert = (table: string, id: string, n: number) => db.prepare(`INSERT INTO ${table} (board_id, "update") VALUES (?, ?)`).run(id, Buffer.of(n))
    // Interleaved over boards and documents; the two tables number their rows each on their own.
    for (let n = 1; n <= 6; n++) {
      insert('board_updates', n % 2 === 0 ? 'b1' : 'b2', n)
      insert('meeting_updates', 'b1', 100 + n)
    }
    db.close()
    const expected = {
      b1: { board: [2, 4, 6], meeting: [101, 102, 103, 104, 105, 106] },
      b2: { board: [1, 3, 5], meeting: [] },
    }
    const read = (store: BoardStore) =>
      Object.fromEntries(
        (['b1', 'b2'] as const).map((id) => [id, { board: [...store.loadDocument(id, 'board').updates].map((u) => u[0]), meeting: [...store.loadDocument(id, 'meeting').updates].map((u) => u[0]) }]),
      )
    // Folded at the opening: the 12 rows in the log are more than 5.
    let store = new BoardStore(dir, { foldLogRows: 5 })
    expect(store.migration.applied).toEqual([8])
    expect(read(store)).toEqual(expected)
    const files = new Database(path.join(dir, DATABASE_FILE_NAME), { readonly: true })
    expect(files.prepare('SELECT count(*) FROM update_log').pluck().get()).toBe(0)
    expect(files.prepare('SELECT count(*) FROM board_updates').pluck().get()).toBe(2)
    files.close()

    // New updates come after the carried ones — also after a restart with the log empty and
    // everything in runs — and a snapshot covering part of a run keeps the rest.
    store.close()
    store = new BoardStore(dir, { foldLogRows: 5 })
    const carried = store.loadDocument('b1', 'meeting').lastSeq
    expect(carried).toBeGreaterThan(store.loadDocument('b1', 'board').lastSeq)
    const [seq7] = store.appendUpdates([{ boardId: 'b1', kind: 'board', update: Uint8Array.of(7) }])
    expect(seq7).toBeGreaterThan(carried)
    const b1 = store.loadDocument('b1', 'board')
    expect(b1.lastSeq).toBe(seq7)
    store.writeSnapshot('b2', 'board', Uint8Array.of(0), store.loadDocument('b2', 'board').lastSeq - 1)
    store.close()
    const again = new BoardStore(dir, { foldLogRows: 5 })
    expect(read(again)).toEqual({ ...expected, b1: { ...expected.b1, board: [2, 4, 6, 7] }, b2: { board: [5], meeting: [] } })
    again.close()
  })

  it('keeps the trigger that refuses every change of an archived session', () => {
    const db = new Database(':memory:')
    migrateSqlite(db)
    db.prepare('INSERT INTO boards (id, created_at, facilitator_token_hash, participant_token_hash) VALUES (?, ?, ?, ?)').run('b', 1, 'f', 'p')
    db.prepare('INSERT INTO sessions (board_id, number, started_at, closed_at, board_snapshot, meeting_snapshot) VALUES (?, 1, ?, ?, ?, ?)').run(
      'b', 'x', 'y', Buffer.from([1]), Buffer.from([2]),
    )
    expect(() => db.prepare('UPDATE sessions SET closed_at = ?').run('z')).toThrow(/never changes/)
    db.close()
  })

  it('refuses a file whose unversioned tables are not those of version 1, and changes nothing', () => {
    const db = new Database(':memory:')
    db.exec(PRE_VERSION_SCHEMA)
    db.exec('ALTER TABLE boards DROP COLUMN last_closed_at')
    expect(() => migrateSqlite(db)).toThrow(SchemaVersionError)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'").get()).toBeUndefined()
    db.close()

    const foreign = new Database(':memory:')
    foreign.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)')
    expect(() => migrateSqlite(foreign)).toThrow(/not those of version 1/)
    foreign.close()
  })

  it('refuses a database of a newer version than this code knows', () => {
    const db = new Database(':memory:')
    migrateSqlite(db)
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(LATEST_VERSION + 1, 'from the future', Date.now())
    expect(() => migrateSqlite(db)).toThrow(/newer than this server knows/)
    db.close()
  })

  it('applies each migration in one transaction with its record: a failing one leaves the version before it', () => {
    const db = new Database(':memory:')
    const failing: Migration[] = [
      MIGRATIONS[0],
      { version: 2, name: 'half done', sqlite: 'CREATE TABLE extra (id INTEGER); INSERT INTO no_such_table VALUES (1);' },
    ]
    expect(() => migrateSqlite(db, failing)).toThrow(/no_such_table/)
    expect(recordedVersions(db)).toEqual([1])
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeUndefined()
    db.close()
  })
})
