/**
 * The storage interface (server/storage/boardStorage.ts) on PostgreSQL, with the `pg` package
 * (issue 11): `DATABASE_URL=postgres://…` selects it (server/storage/open.ts); several server
 * nodes share one database. The schema is the SQLite one (server/storage/migrations.ts, each
 * migration's `postgres` text), brought up to date at open under an advisory lock
 * (server/storage/postgresMigrations.ts).
 *
 * - Every write is one transaction on one pooled connection; a promise resolves after COMMIT. A
 *   failed transaction is rolled back: nothing of it stored.
 * - `appendUpdates` (the group committer's batch): one multi-row INSERT per document kind, rows in
 *   array order, so the `BIGSERIAL` `seq`s are handed out in that order; per document a later
 *   update gets a higher `seq`. Only the lease owner writes a board, and the committer has one
 *   batch in flight, so per document that order is also the commit order.
 * - Leases and the fence: `board_leases` holds one row per board that ever had an owner. A lease is
 *   taken with ONE conditional upsert, on the database's clock (`clock_timestamp()`), never the
 *   node's: free, expired or already ours. A new owner — also this node again after its lease
 *   expired or was released — gets epoch + 1; rows are never deleted while the board exists, so an
 *   epoch is never handed out twice. This object remembers the epoch it took per board, and every
 *   transaction that writes a board whose lease it took first reads that board's lease row
 *   `FOR SHARE` and compares node and epoch: a mismatch rolls the transaction back and rejects
 *   with `FencedError`. The share lock also makes a takeover (an UPDATE of that row) wait until a
 *   write that passed the fence has committed, so the new owner loads the board after it.
 * - Deletion: `deleteBoard` removes every row of the board (its lease too) in one transaction,
 *   then VACUUMs the affected tables so the dead tuples are removed from the table and index pages
 *   (see docs/api.md "Storage": what remains in PostgreSQL's WAL and in backups).
 */
import pg from 'pg'
import type { ArchivedSessionSummary } from '../../shared/protocol'
import type {
  ArchivedSession,
  BoardLease,
  BoardRecord,
  BoardStorage,
  DocKind,
  LeaseAnswer,
  StoredDocument,
  UpdateToStore,
  WriteAlongside,
} from './boardStorage'
import { DOC_KINDS, FencedError } from './boardStorage'
import { migratePostgres } from './postgresMigrations'
import type { MigrationResult } from './sqliteMigrations'

const TABLES: Record<DocKind, { updates: string; snapshots: string }> = {
  board: { updates: 'board_updates', snapshots: 'board_snapshots' },
  meeting: { updates: 'meeting_updates', snapshots: 'meeting_snapshots' },
}

/** Tables a board's rows live in: vacuumed after a delete. */
const BOARD_TABLES = ['sessions', 'board_updates', 'board_snapshots', 'meeting_updates', 'meeting_snapshots', 'board_leases', 'boards']

export interface PostgresSettings {
  /** Connections in the pool. */
  poolSize: number
  /** Identifies the server's connections in `pg_stat_activity`. */
  applicationName: string
}

export const DEFAULT_POSTGRES_SETTINGS: PostgresSettings = { poolSize: 10, applicationName: 'tafelbord' }

/** The lease row as answered by the queries below. */
interface LeaseRow {
  board_id: string
  node_id: string
  node_url: string
  epoch: string
  expires_ms: number
}

/** The lease columns, with the expiry in ms since the epoch. */
const LEASE_COLUMNS = 'board_id, node_id, node_url, epoch, floor(extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms'

export class PostgresBoardStorage implements BoardStorage {
  /** The epoch this object took each board's lease with (kept after losing it: still fenced). */
  private readonly epochs = new Map<string, { nodeId: string; epoch: number }>()

  private constructor(
    private readonly pool: pg.Pool,
    /** What opening did to the schema. */
    readonly migration: MigrationResult,
  ) {}

  /** Connects, migrates (under the advisory lock) and answers the storage. */
  static async open(databaseUrl: string, settings: Partial<PostgresSettings> = {}): Promise<PostgresBoardStorage> {
    const { poolSize, applicationName } = { ...DEFAULT_POSTGRES_SETTINGS, ...settings }
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, application_name: applicationName })
    // An idle pooled connection that breaks (the server restarted) must not crash the process; the
    // pool drops it and the next query opens a new one.
    pool.on('error', () => {})
    try {
      const migration = await migratePostgres(pool)
      return new PostgresBoardStorage(pool, migration)
    } catch (err) {
      await pool.end().catch(() => {})
      throw err
    }
  }

  /**
   * The connection pool, for the rate-limit counters every node shares (migration 5's table,
   * server/http/boardCreationLimit.ts through `OpenedStorage.rateLimitStore`); nothing of a
   * board is written through it. Closed with the storage.
   */
  get rateLimitPool(): pg.Pool {
    return this.pool
  }

  /**
   * The same pool, for the account storages (sign-in and case rights, issue 12:
   * server/storage/signInPostgres.ts, casePostgres.ts); closed with the storage.
   */
  get accountPool(): pg.Pool {
    return this.pool
  }

  // ------------------------------------------------------------------ ownership

  async acquireLease(boardId: string, nodeId: string, nodeUrl: string, ttlMs: number): Promise<LeaseAnswer> {
    for (let attempt = 0; ; attempt++) {
      const taken = await this.pool.query<LeaseRow>(
        `INSERT INTO board_leases AS l (board_id, node_id, node_url, epoch, expires_at)
         VALUES ($1, $2, $3, 1, clock_timestamp() + $4::float8 * interval '1 millisecond')
         ON CONFLICT (board_id) DO UPDATE SET
           node_id = excluded.node_id,
           node_url = excluded.node_url,
           epoch = CASE WHEN l.node_id = excluded.node_id AND l.expires_at > clock_timestamp() THEN l.epoch ELSE l.epoch + 1 END,
           expires_at = excluded.expires_at
         WHERE l.expires_at <= clock_timestamp() OR l.node_id = excluded.node_id
         RETURNING ${LEASE_COLUMNS}`,
        [boardId, nodeId, nodeUrl, ttlMs],
      )
      if (taken.rows.length === 1) {
        const lease = toLease(taken.rows[0])
        this.epochs.set(boardId, { nodeId, epoch: lease.epoch })
        return { owned: true, lease }
      }
      const current = await this.currentLease(boardId)
      if (current !== undefined) return { owned: false, lease: current }
      // It expired (or was released) between the two statements: try again.
      if (attempt >= 3) throw new Error('the lease changed hands too often to be taken')
    }
  }

  async renewLeases(nodeId: string, boardIds: readonly string[], ttlMs: number): Promise<string[]> {
    const held = boardIds.filter((id) => this.epochs.get(id)?.nodeId === nodeId)
    const lost = boardIds.filter((id) => this.epochs.get(id)?.nodeId !== nodeId)
    if (held.length === 0) return lost
    // The rows are locked in board id order, as the fence does: no deadlock with this node's writes.
    const renewed = await this.pool.query<{ board_id: string }>(
      `WITH still_mine AS (
         SELECT l.board_id FROM board_leases AS l
         JOIN unnest($1::text[], $2::bigint[]) AS mine(board_id, epoch) ON l.board_id = mine.board_id AND l.epoch = mine.epoch
         WHERE l.node_id = $4
         ORDER BY l.board_id
         FOR UPDATE OF l
       )
       UPDATE board_leases SET expires_at = clock_timestamp() + $3::float8 * interval '1 millisecond'
       WHERE board_id IN (SELECT board_id FROM still_mine)
       RETURNING board_id`,
      [held, held.map((id) => this.epochs.get(id)!.epoch), ttlMs, nodeId],
    )
    const still = new Set(renewed.rows.map((row) => row.board_id))
    return [...lost, ...held.filter((id) => !still.has(id))]
  }

  async releaseLease(boardId: string, nodeId: string): Promise<void> {
    const mine = this.epochs.get(boardId)
    if (mine === undefined || mine.nodeId !== nodeId) return
    // Expired now, row and epoch kept: the next owner takes it at once with the next epoch, and
    // a late write of ours is fenced from then on.
    await this.pool.query(
      `UPDATE board_leases SET expires_at = clock_timestamp() - interval '1 millisecond'
       WHERE board_id = $1 AND node_id = $2 AND epoch = $3`,
      [boardId, nodeId, mine.epoch],
    )
  }

  async currentLease(boardId: string): Promise<BoardLease | undefined> {
    const result = await this.pool.query<LeaseRow>(
      `SELECT ${LEASE_COLUMNS} FROM board_leases WHERE board_id = $1 AND expires_at > clock_timestamp()`,
      [boardId],
    )
    return result.rows.length === 0 ? undefined : toLease(result.rows[0])
  }

  // ------------------------------------------------------------------ boards

  async findBoard(id: string): Promise<BoardRecord | undefined> {
    const result = await this.pool.query<{
      id: string
      created_at: string
      facilitator_token_hash: string
      participant_token_hash: string
      resident_token_hash: string
      sealed_links: string
    }>(
      'SELECT id, created_at, facilitator_token_hash, participant_token_hash, resident_token_hash, sealed_links FROM boards WHERE id = $1',
      [id],
    )
    const row = result.rows[0]
    if (row === undefined) return undefined
    return {
      id: row.id,
      createdAt: Number(row.created_at),
      facilitatorTokenHash: row.facilitator_token_hash,
      participantTokenHash: row.participant_token_hash,
      residentTokenHash: row.resident_token_hash,
      sealedLinks: row.sealed_links,
    }
  }

  createBoard(board: BoardRecord, initialMeetingSnapshot: Uint8Array): Promise<void> {
    return this.transaction([board.id], async (client) => {
      await client.query(
        'INSERT INTO boards (id, created_at, facilitator_token_hash, participant_token_hash, resident_token_hash, sealed_links) VALUES ($1, $2, $3, $4, $5, $6)',
        [board.id, board.createdAt, board.facilitatorTokenHash, board.participantTokenHash, board.residentTokenHash, board.sealedLinks],
      )
      await upsertSnapshot(client, board.id, 'meeting', initialMeetingSnapshot)
    })
  }

  async deleteBoard(id: string): Promise<void> {
    await this.transaction([id], async (client) => {
      await client.query('DELETE FROM sessions WHERE board_id = $1', [id])
      for (const kind of DOC_KINDS) {
        await client.query(`DELETE FROM ${TABLES[kind].updates} WHERE board_id = $1`, [id])
        await client.query(`DELETE FROM ${TABLES[kind].snapshots} WHERE board_id = $1`, [id])
      }
      await client.query('DELETE FROM board_leases WHERE board_id = $1', [id])
      await client.query('DELETE FROM boards WHERE id = $1', [id])
    })
    this.epochs.delete(id)
    // The deleted rows stay in their pages as dead tuples until a vacuum removes them; do it now
    // rather than whenever autovacuum comes by. (VACUUM cannot run inside a transaction.)
    await this.pool.query(`VACUUM ${BOARD_TABLES.join(', ')}`)
  }

  // ------------------------------------------------------------------ documents

  async loadDocument(boardId: string, kind: DocKind): Promise<StoredDocument> {
    const { updates, snapshots } = TABLES[kind]
    // One snapshot of the database for both reads (a compaction committing between them would
    // otherwise leave neither the old nor the new pair).
    const client = await this.pool.connect()
    let broken = false
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      const snapshot = await client.query<{ snapshot: Buffer }>(`SELECT snapshot FROM ${snapshots} WHERE board_id = $1`, [boardId])
      const rows = await client.query<{ seq: string; update: Buffer }>(
        `SELECT seq, "update" FROM ${updates} WHERE board_id = $1 ORDER BY seq`,
        [boardId],
      )
      await client.query('COMMIT')
      return {
        snapshot: snapshot.rows.length > 0 ? toBytes(snapshot.rows[0].snapshot) : null,
        updates: rows.rows.map((row) => toBytes(row.update)),
        lastSeq: rows.rows.length > 0 ? Number(rows.rows[rows.rows.length - 1].seq) : 0,
      }
    } catch (err) {
      broken = await rollback(client)
      throw err
    } finally {
      client.release(broken)
    }
  }

  appendUpdates(updates: readonly UpdateToStore[], also: readonly WriteAlongside[] = []): Promise<number[]> {
    const boardIds = [...updates.map((u) => u.boardId), ...also.map((w) => w.boardId)]
    return this.transaction(boardIds, async (client) => {
      const seqs: number[] = new Array(updates.length)
      for (const kind of DOC_KINDS) {
        const indexes: number[] = []
        updates.forEach((u, i) => {
          if (u.kind === kind) indexes.push(i)
        })
        if (indexes.length === 0) continue
        // One statement per kind; WITH ORDINALITY + ORDER BY hands out the sequence in array order.
        const inserted = await client.query<{ seq: string }>(
          `INSERT INTO ${TABLES[kind].updates} (board_id, "update")
           SELECT board_id, bytes FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS t(board_id, bytes, n) ORDER BY n
           RETURNING seq`,
          [indexes.map((i) => updates[i].boardId), indexes.map((i) => toBuffer(updates[i].update))],
        )
        // The sequence grew in array order, so the ascending seqs belong to the rows in that order.
        const stored = inserted.rows.map((row) => Number(row.seq)).sort((a, b) => a - b)
        indexes.forEach((updateIndex, n) => {
          seqs[updateIndex] = stored[n]
        })
      }
      for (const write of also) {
        if (write.type === 'archiveSession') await insertSession(client, write.boardId, write.session)
        else await setLastClosedAt(client, write.boardId, null)
      }
      return seqs
    })
  }

  writeSnapshot(boardId: string, kind: DocKind, snapshot: Uint8Array, coversUpToSeq: number): Promise<void> {
    return this.transaction([boardId], async (client) => {
      await upsertSnapshot(client, boardId, kind, snapshot)
      await client.query(`DELETE FROM ${TABLES[kind].updates} WHERE board_id = $1 AND seq <= $2`, [boardId, coversUpToSeq])
    })
  }

  // ------------------------------------------------------------------ sessions and retention

  archiveSession(boardId: string, session: ArchivedSession): Promise<void> {
    return this.transaction([boardId], (client) => insertSession(client, boardId, session))
  }

  async listSessions(boardId: string): Promise<ArchivedSessionSummary[]> {
    const result = await this.pool.query<{ number: number; started_at: string; closed_at: string; has_picture: boolean }>(
      'SELECT number, started_at, closed_at, (picture_png IS NOT NULL) AS has_picture FROM sessions WHERE board_id = $1 ORDER BY number',
      [boardId],
    )
    return result.rows.map((row) => ({ number: row.number, startedAt: row.started_at, closedAt: row.closed_at, hasPicture: row.has_picture }))
  }

  async readSession(boardId: string, number: number): Promise<ArchivedSession | undefined> {
    const result = await this.pool.query<{
      number: number
      started_at: string
      closed_at: string
      board_snapshot: Buffer
      meeting_snapshot: Buffer
      picture_png: Buffer | null
    }>(
      'SELECT number, started_at, closed_at, board_snapshot, meeting_snapshot, picture_png FROM sessions WHERE board_id = $1 AND number = $2',
      [boardId, number],
    )
    const row = result.rows[0]
    if (row === undefined) return undefined
    return {
      number: row.number,
      startedAt: row.started_at,
      closedAt: row.closed_at,
      boardSnapshot: toBytes(row.board_snapshot),
      meetingSnapshot: toBytes(row.meeting_snapshot),
      picturePng: row.picture_png === null ? null : toBytes(row.picture_png),
    }
  }

  markSessionOpen(boardId: string): Promise<void> {
    return this.transaction([boardId], (client) => setLastClosedAt(client, boardId, null))
  }

  async boardsClosedBefore(cutoffMs: number): Promise<string[]> {
    const result = await this.pool.query<{ id: string }>(
      'SELECT id FROM boards WHERE last_closed_at IS NOT NULL AND last_closed_at <= $1 ORDER BY last_closed_at',
      [cutoffMs],
    )
    return result.rows.map((row) => row.id)
  }

  async close(): Promise<void> {
    await this.pool.end()
  }

  // ------------------------------------------------------------------ transactions and the fence

  /**
   * Runs `work` in one transaction on one connection; first the fence for the boards among
   * `boardIds` whose lease this object took. Resolves after COMMIT; on any error rolls back.
   */
  private async transaction<T>(boardIds: readonly string[], work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      await this.fence(client, boardIds)
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      broken = await rollback(client)
      throw err
    } finally {
      client.release(broken)
    }
  }

  /** Throws `FencedError` when a board's lease, as this object took it, is no longer current. */
  private async fence(client: pg.PoolClient, boardIds: readonly string[]): Promise<void> {
    const leased = [...new Set(boardIds)].filter((id) => this.epochs.has(id))
    if (leased.length === 0) return
    const rows = await client.query<{ board_id: string; node_id: string; epoch: string }>(
      // In board id order, so that two transactions never wait for each other's locks crosswise.
      'SELECT board_id, node_id, epoch FROM board_leases WHERE board_id = ANY($1::text[]) ORDER BY board_id FOR SHARE',
      [leased],
    )
    const current = new Map(rows.rows.map((row) => [row.board_id, row]))
    const fenced = leased.filter((id) => {
      const mine = this.epochs.get(id)!
      const row = current.get(id)
      return row === undefined || row.node_id !== mine.nodeId || Number(row.epoch) !== mine.epoch
    })
    if (fenced.length > 0) throw new FencedError(fenced)
  }
}

function toLease(row: LeaseRow): BoardLease {
  return { boardId: row.board_id, nodeId: row.node_id, nodeUrl: row.node_url, epoch: Number(row.epoch), expiresAt: Number(row.expires_ms) }
}

async function upsertSnapshot(client: pg.PoolClient, boardId: string, kind: DocKind, snapshot: Uint8Array): Promise<void> {
  await client.query(
    `INSERT INTO ${TABLES[kind].snapshots} (board_id, snapshot, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (board_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
    [boardId, toBuffer(snapshot), Date.now()],
  )
}

async function insertSession(client: pg.PoolClient, boardId: string, session: ArchivedSession): Promise<void> {
  await client.query(
    'INSERT INTO sessions (board_id, number, started_at, closed_at, board_snapshot, meeting_snapshot, picture_png) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [
      boardId,
      session.number,
      session.startedAt,
      session.closedAt,
      toBuffer(session.boardSnapshot),
      toBuffer(session.meetingSnapshot),
      session.picturePng === null ? null : toBuffer(session.picturePng),
    ],
  )
  await setLastClosedAt(client, boardId, closeTimeMs(session.closedAt))
}

async function setLastClosedAt(client: pg.PoolClient, boardId: string, value: number | null): Promise<void> {
  await client.query('UPDATE boards SET last_closed_at = $1 WHERE id = $2', [value, boardId])
}

/** Rolls back; answers true when the connection is unusable (then it is closed, not pooled). */
async function rollback(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK')
    return false
  } catch {
    return true
  }
}

/** The close time in ms; an unreadable one counts as now (kept a full retention period). As SQLite. */
function closeTimeMs(closedAt: string): number {
  const ms = Date.parse(closedAt)
  return Number.isNaN(ms) ? Date.now() : ms
}

/** pg binds Buffers as bytea; wrap without copying. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** A plain Uint8Array copy of what pg read, as the SQLite storage answers (pg's Buffer may share a pool slab). */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer)
}
