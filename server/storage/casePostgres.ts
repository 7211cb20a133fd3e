/**
 * `CaseStorage` on PostgreSQL (issue 12): the same tables as on SQLite (migration 6), on the
 * storage's pool, shared by every node. Every write is one statement or one transaction; a
 * promise resolves after COMMIT.
 *
 * The access log is append-only (a trigger refuses every UPDATE); a board's rows leave only with
 * their case, in `forgetCase` (which leaves one tombstone line in the same transaction when sign-in
 * is on, and vacuums), the rows of no board (sign-in, sign-out) with retention.
 */
import type pg from 'pg'
import type { Account, AuditRow, AuditRowToStore, CaseOfAccount, CaseStorage, FacilitatorEntry, MemberEntry } from './accountStorage'
import { CHANGE_ACTIONS } from '../cases/changeActions'
import {
  AUDIT_INSERT_COLUMNS,
  auditColumnsOf,
  auditRowFromColumns,
  changeActionPlaceholders,
  LIST_MEMBERS,
  memberFromRow,
  type MemberRow,
  memberWithId,
  mergeCases,
  newestFirstToAnswer,
  REMOVE_FACILITATOR_IF_ANOTHER_BOUND,
} from './caseSqlite'

const AUDIT_INSERT = `INSERT INTO audit_log (${AUDIT_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`

export class PostgresCaseStorage implements CaseStorage {
  constructor(private readonly pool: pg.Pool) {}

  async addFacilitator(boardId: string, entry: FacilitatorEntry): Promise<boolean> {
    const result = await this.pool.query(
      'INSERT INTO board_facilitators (board_id, email, issuer, subject, name, creator, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ' +
        'ON CONFLICT (board_id, email) DO NOTHING',
      [boardId, entry.email, entry.issuer, entry.subject, entry.name, entry.creator, entry.addedAt],
    )
    return result.rowCount === 1
  }

  async removeFacilitator(boardId: string, email: string): Promise<'removed' | 'unknown' | 'last'> {
    let outcome: 'removed' | 'unknown' | 'last' = 'unknown'
    await this.transaction(async (client) => {
      // READ COMMITTED alone would let two removals of two different entries each see the other
      // still there (neither delete is committed yet) and both pass. Locking the board's entries
      // first makes the second wait; its DELETE then sees the first one's commit.
      const entries = await client.query<{ email: string }>('SELECT email FROM board_facilitators WHERE board_id = $1 FOR UPDATE', [boardId])
      if (!entries.rows.some((row) => row.email === email)) return
      const deleted = await client.query(REMOVE_FACILITATOR_IF_ANOTHER_BOUND('$1', '$2'), [boardId, email])
      outcome = (deleted.rowCount ?? 0) > 0 ? 'removed' : 'last'
    })
    return outcome
  }

  async listFacilitators(boardId: string): Promise<FacilitatorEntry[]> {
    const result = await this.pool.query<{ email: string; name: string; issuer: string | null; subject: string | null; creator: boolean; added_at: string }>(
      'SELECT email, name, issuer, subject, creator, added_at FROM board_facilitators WHERE board_id = $1 ORDER BY creator DESC, added_at, email',
      [boardId],
    )
    return result.rows.map((row) => ({
      email: row.email,
      name: row.name,
      issuer: row.issuer,
      subject: row.subject,
      creator: row.creator,
      addedAt: Number(row.added_at),
    }))
  }

  async isFacilitator(boardId: string, issuer: string, subject: string): Promise<boolean> {
    const result = await this.pool.query('SELECT 1 FROM board_facilitators WHERE board_id = $1 AND issuer = $2 AND subject = $3 LIMIT 1', [
      boardId,
      issuer,
      subject,
    ])
    return result.rows.length > 0
  }

  async bindFacilitatorEmail(account: Account): Promise<void> {
    await this.transaction(async (client) => {
      if (account.email !== '') {
        await client.query('UPDATE board_facilitators SET issuer = $1, subject = $2, name = $3 WHERE email = $4 AND issuer IS NULL', [
          account.issuer,
          account.subject,
          account.name,
          account.email,
        ])
      }
      // The name the provider gives now, on every entry already bound to the account.
      await client.query('UPDATE board_facilitators SET name = $1 WHERE issuer = $2 AND subject = $3 AND name <> $1', [
        account.name,
        account.issuer,
        account.subject,
      ])
    })
  }

  async noteMember(boardId: string, account: Pick<Account, 'issuer' | 'subject' | 'name' | 'organisation'>, at: number): Promise<void> {
    // The name and organisation of the newest opening win (the account may have been renamed).
    await this.pool.query(
      'INSERT INTO board_members (board_id, issuer, subject, name, organisation, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ' +
        'ON CONFLICT (board_id, issuer, subject) DO UPDATE SET ' +
        'name = CASE WHEN EXCLUDED.last_seen_at >= board_members.last_seen_at THEN EXCLUDED.name ELSE board_members.name END, ' +
        'organisation = CASE WHEN EXCLUDED.last_seen_at >= board_members.last_seen_at THEN EXCLUDED.organisation ELSE board_members.organisation END, ' +
        'last_seen_at = GREATEST(board_members.last_seen_at, EXCLUDED.last_seen_at)',
      [boardId, account.issuer, account.subject, account.name, account.organisation, at],
    )
  }

  async listMembers(boardId: string): Promise<MemberEntry[]> {
    const result = await this.pool.query<MemberRow>(LIST_MEMBERS('$1'), [boardId])
    return result.rows.map(memberFromRow)
  }

  async removeMember(boardId: string, memberId: string): Promise<MemberEntry | null> {
    // The id is a hash of issuer and subject: found among the board's members, then deleted by
    // them; a removal at the same moment deletes nothing, and answers null like an unknown id.
    const member = memberWithId(await this.listMembers(boardId), memberId)
    if (member === null) return null
    const deleted = await this.pool.query('DELETE FROM board_members WHERE board_id = $1 AND issuer = $2 AND subject = $3', [
      boardId,
      member.issuer,
      member.subject,
    ])
    return (deleted.rowCount ?? 0) > 0 ? member : null
  }

  async isMember(boardId: string, issuer: string, subject: string): Promise<boolean> {
    const result = await this.pool.query('SELECT 1 FROM board_members WHERE board_id = $1 AND issuer = $2 AND subject = $3 LIMIT 1', [
      boardId,
      issuer,
      subject,
    ])
    return result.rows.length > 0
  }

  async casesOf(issuer: string, subject: string): Promise<CaseOfAccount[]> {
    const [facilitated, memberOf] = await Promise.all([
      this.pool.query<{ board_id: string }>('SELECT DISTINCT board_id FROM board_facilitators WHERE issuer = $1 AND subject = $2', [issuer, subject]),
      this.pool.query<{ board_id: string }>('SELECT board_id FROM board_members WHERE issuer = $1 AND subject = $2', [issuer, subject]),
    ])
    return mergeCases(
      facilitated.rows.map((row) => row.board_id),
      memberOf.rows.map((row) => row.board_id),
    )
  }

  async appendAudit(row: AuditRowToStore): Promise<void> {
    await this.pool.query(AUDIT_INSERT, auditColumnsOf(row))
  }

  async readAudit(boardId: string, newest?: number): Promise<{ rows: AuditRow[]; truncated: boolean }> {
    if (newest === undefined) {
      const result = await this.pool.query(`SELECT seq, ${AUDIT_INSERT_COLUMNS} FROM audit_log WHERE board_id = $1 ORDER BY seq`, [boardId])
      return { rows: result.rows.map(auditRowFromColumns), truncated: false }
    }
    const result = await this.pool.query(`SELECT seq, ${AUDIT_INSERT_COLUMNS} FROM audit_log WHERE board_id = $1 ORDER BY seq DESC LIMIT $2`, [boardId, newest + 1])
    return newestFirstToAnswer(result.rows.map(auditRowFromColumns), newest)
  }

  async lastLoggedChange(boardId: string): Promise<number | null> {
    const result = await this.pool.query<{ at: string | null }>(
      `SELECT max(at) AS at FROM audit_log WHERE board_id = $1 AND result = 'ok' AND action IN (${changeActionPlaceholders('postgres')})`,
      [boardId, ...CHANGE_ACTIONS],
    )
    const at = result.rows[0]?.at
    return at === null || at === undefined ? null : Number(at)
  }

  async deleteBoardlessAuditBefore(before: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM audit_log WHERE board_id IS NULL AND at < $1', [before])
    return result.rowCount ?? 0
  }

  async countBoardsWithAccountFacilitators(): Promise<number> {
    const result = await this.pool.query<{ n: string }>('SELECT count(DISTINCT board_id) AS n FROM board_facilitators')
    return Number(result.rows[0]?.n ?? 0)
  }

  async forgetCase(boardId: string, tombstone?: AuditRowToStore | null): Promise<void> {
    let deleted = 0
    await this.transaction(async (client) => {
      for (const table of ['audit_log', 'board_facilitators', 'board_members']) {
        deleted += (await client.query(`DELETE FROM ${table} WHERE board_id = $1`, [boardId])).rowCount ?? 0
      }
      if (tombstone) await client.query(AUDIT_INSERT, auditColumnsOf(tombstone))
    })
    // A board of links only (sign-in never on) had nothing here: nothing to vacuum.
    if (deleted === 0) return
    // As for the board's own rows (PostgresBoardStorage.deleteBoard): the deleted lines (names of
    // the people who acted) must not linger in dead tuples until autovacuum comes by.
    await this.pool.query('VACUUM audit_log, board_facilitators, board_members').catch(() => {})
  }

  private async transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      await work(client)
      await client.query('COMMIT')
    } catch (err) {
      try {
        await client.query('ROLLBACK')
      } catch {
        // The connection is unusable: closed, not pooled.
        broken = true
      }
      throw err
    } finally {
      client.release(broken)
    }
  }
}
