/**
 * Storage schema versions against the real server process: a database file made by the code
 * before versions were recorded opens with the current code, is recorded as version 1 and
 * migrated, and every board in it keeps working — tokens, share links, archived sessions, sync.
 * A file that is no database of ours, or of a newer version, stops the server at start-up.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { afterAll, describe, expect, it } from 'vitest'
import { initMeetingDoc, updateMeetingInfo } from '../../shared/ydoc/meetingDoc'
import { hashToken, newBoardId, newToken, sealTokens } from '../../server/tokens'
import { LATEST_VERSION, MIGRATIONS } from '../../server/storage/migrations'
import { api } from '../helpers/meetingFixtures'
import { cleanupServers, makeTempDir, skipOnPostgres, startServer } from '../helpers/serverProcess'
import { PRE_VERSION_PRAGMAS, PRE_VERSION_SCHEMA } from '../unit/server/legacySchema'
import { connectClient, expectLogsClean, rememberSecret, waitFor } from './support'

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

interface OldBoard {
  id: string
  facilitatorToken: string
  participantToken: string
  residentToken: string
}

/** A board as the code before schema versions stored it: row, meeting snapshot, one closed session with both pictures. */
function writeOldBoard(db: Database.Database, closed: boolean): OldBoard {
  const board: OldBoard = { id: newBoardId(), facilitatorToken: newToken(), participantToken: newToken(), residentToken: newToken() }
  for (const token of [board.facilitatorToken, board.participantToken, board.residentToken]) rememberSecret(token)
  const createdAt = Date.now() - 60_000
  db.prepare(
    'INSERT INTO boards (id, created_at, facilitator_token_hash, participant_token_hash, resident_token_hash, sealed_links, last_closed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    board.id,
    createdAt,
    hashToken(board.facilitatorToken),
    hashToken(board.participantToken),
    hashToken(board.residentToken),
    sealTokens(board.facilitatorToken, board.id, { participantToken: board.participantToken, residentToken: board.residentToken }),
    closed ? Date.now() : null,
  )
  const meeting = new Y.Doc()
  initMeetingDoc(meeting, new Date(createdAt).toISOString(), 'Europe/Amsterdam')
  if (closed) updateMeetingInfo(meeting, { state: 'closed', closedAt: new Date().toISOString() })
  const meetingSnapshot = Buffer.from(Y.encodeStateAsUpdateV2(meeting))
  db.prepare('INSERT INTO meeting_snapshots (board_id, snapshot, updated_at) VALUES (?, ?, ?)').run(board.id, meetingSnapshot, createdAt)
  if (closed) {
    db.prepare(
      'INSERT INTO sessions (board_id, number, started_at, closed_at, board_snapshot, meeting_snapshot, picture_svg, picture_png) VALUES (?, 1, ?, ?, ?, ?, ?, ?)',
    ).run(board.id, new Date(createdAt).toISOString(), new Date().toISOString(), Buffer.from(Y.encodeStateAsUpdateV2(new Y.Doc())), meetingSnapshot, '<svg>oud</svg>', PNG)
  }
  meeting.destroy()
  return board
}

/** A data directory holding a database file exactly as the code before schema versions left it. */
function preVersionDataDir(): { dataDir: string; open: OldBoard; closed: OldBoard } {
  const dataDir = makeTempDir('data')
  const db = new Database(path.join(dataDir, 'boards.sqlite'))
  for (const pragma of PRE_VERSION_PRAGMAS) db.pragma(pragma)
  db.exec(PRE_VERSION_SCHEMA)
  const open = writeOldBoard(db, false)
  const closed = writeOldBoard(db, true)
  db.close()
  return { dataDir, open, closed }
}

function recordedVersions(dataDir: string): number[] {
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true })
  try {
    return db.prepare<[], number>('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
  } finally {
    db.close()
  }
}

// Versions of the SQLite file (files from before versions exist only there). PostgreSQL's
// migrations: storage-contract.test.ts (fresh database, concurrent nodes, newer version refused)
// and storage-postgres.test.ts (the server migrating its DATABASE_URL).
describe.skipIf(
  skipOnPostgres('storage-migrations.test.ts reads and writes the SQLite file; PostgreSQL migrations are in storage-contract and storage-postgres'),
)('storage schema versions', () => {
  it('opens a database made before versions were recorded: version 1, then migrated; its boards work', async () => {
    const { dataDir, open, closed } = preVersionDataDir()
    const server = await startServer({ dataDir })
    expect(server.events().find((e) => e.event === 'schema_migrated')).toMatchObject({ from: 1, to: LATEST_VERSION, adopted: true })
    expect(recordedVersions(dataDir)).toEqual(MIGRATIONS.map((m) => m.version))

    // Every token still gives its access; the sealed share links still open.
    const expected = [
      [open.facilitatorToken, 'facilitator'],
      [open.participantToken, 'participant'],
      [open.residentToken, 'resident'],
    ] as const
    for (const [token, access] of expected) {
      const info = await api<{ access: string; meeting: { state: string } }>(server, 'GET', `/api/boards/${open.id}`, token)
      expect(info.status).toBe(200)
      expect(info.body).toMatchObject({ access, meeting: { state: 'open' } })
    }
    const links = await api<{ participantUrl: string; residentUrl: string }>(server, 'GET', `/api/boards/${open.id}/links`, open.facilitatorToken)
    expect(links.status).toBe(200)
    expect(links.body.participantUrl.endsWith(`#p=${open.participantToken}`)).toBe(true)

    // The archived session is still there, with its (PNG) picture.
    const sessions = await api<{ archived: Array<{ number: number; hasPicture: boolean }> }>(
      server, 'GET', `/api/boards/${closed.id}/sessions`, closed.facilitatorToken,
    )
    expect(sessions.status).toBe(200)
    expect(sessions.body.archived).toEqual([expect.objectContaining({ number: 1, hasPicture: true })])

    // Sync works, and what it stores survives a restart, which finds nothing left to migrate.
    const client = await connectClient(server, open.id, open.participantToken)
    client.map.set('after-migration', 'kept')
    await waitFor(() => server.events().some((e) => e.event === 'connection_opened'), 'connected')
    await new Promise((r) => setTimeout(r, 200))
    client.destroy()
    expect(await server.stop()).toBe(0)

    const again = await startServer({ dataDir })
    expect(again.events().some((e) => e.event === 'schema_migrated')).toBe(false)
    const reader = await connectClient(again, open.id, open.facilitatorToken)
    expect(reader.map.get('after-migration')).toBe('kept')
    reader.destroy()
    expect(await again.stop()).toBe(0)
  })

  it('creates a new database at the latest version', async () => {
    const server = await startServer()
    expect(server.events().find((e) => e.event === 'schema_migrated')).toMatchObject({ from: 0, to: LATEST_VERSION, adopted: false })
    expect(recordedVersions(server.dataDir)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(await server.stop()).toBe(0)
  })

  it('does not start on a file that is not one of its databases, nor on a newer version', async () => {
    const foreign = makeTempDir('data')
    const db = new Database(path.join(foreign, 'boards.sqlite'))
    db.exec(PRE_VERSION_SCHEMA)
    db.exec('DROP TABLE sessions')
    db.close()
    await expect(startServer({ dataDir: foreign })).rejects.toThrow(/startup_failed[\s\S]*not those of version 1/)
    // Nothing was recorded: the file is as it was.
    const after = new Database(path.join(foreign, 'boards.sqlite'), { readonly: true })
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'").get()).toBeUndefined()
    after.close()

    const newer = makeTempDir('data')
    const first = await startServer({ dataDir: newer })
    expect(await first.stop()).toBe(0)
    const future = new Database(path.join(newer, 'boards.sqlite'))
    future.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_VERSION + 1, 'from a newer server', Date.now())
    future.close()
    await expect(startServer({ dataDir: newer })).rejects.toThrow(/newer than this server knows/)
    expect(fs.existsSync(path.join(newer, 'boards.sqlite'))).toBe(true)
  })
})
