/**
 * `CaseStorage` on the embedded SQLite file (issue 12): facilitators and members of cases by
 * account, and the access log, in the tables of migration 6 — on the same connection as the
 * boards (better-sqlite3 is synchronous; the promises only give the interface its shape).
 *
 * The access log is append-only (a trigger refuses every UPDATE); a board's rows leave only with
 * their case, in `forgetCase` (which leaves one tombstone line in the same transaction when sign-in
 * is on), the rows of no board (sign-in, sign-out) with retention (`deleteBoardlessAuditBefore`).
 */
import type Database from 'better-sqlite3'
import type { Access } from '../../shared/protocol'
import { CHANGE_ACTIONS } from '../cases/changeActions'
import type { Account, AuditRow, AuditRowToStore, CaseOfAccount, CaseStorage, FacilitatorEntry, MemberEntry } from './accountStorage'
import { memberIdOf } from './accountStorage'

interface FacilitatorRow {
  email: string
  name: string
  issuer: string | null
  subject: string | null
  creator: number
  added_at: number
}

export interface MemberRow {
  issuer: string
  subject: string
  name: string
  organisation: string
  first_seen_at: number | string
  last_seen_at: number | string
}

export function memberFromRow(row: MemberRow): MemberEntry {
  return {
    issuer: row.issuer,
    subject: row.subject,
    name: row.name,
    organisation: row.organisation,
    firstSeenAt: Number(row.first_seen_at),
    lastSeenAt: Number(row.last_seen_at),
  }
}

export const LIST_MEMBERS = (board: string) =>
  `SELECT issuer, subject, name, organisation, first_seen_at, last_seen_at FROM board_members WHERE board_id = ${board} ORDER BY first_seen_at, issuer, subject`

/** The member of the list with this API id (the id is a hash: found here, not in SQL). */
export function memberWithId(members: readonly MemberEntry[], memberId: string): MemberEntry | null {
  return members.find((member) => memberIdOf(member) === memberId) ?? null
}

/** The columns of `audit_log` as a driver answers them: PostgreSQL's BIGINTs come as text. */
export interface AuditLogRow {
  seq: number | string
  board_id: string | null
  at: number | string
  actor_kind: string
  actor_subject: string | null
  actor_name: string | null
  access: string | null
  action: string
  session_number: number | null
  result: string
  reason: string | null
  origin: string
}

export function auditRowFromColumns(row: AuditLogRow): AuditRow {
  return {
    seq: Number(row.seq),
    boardId: row.board_id,
    at: Number(row.at),
    actorKind: row.actor_kind as AuditRow['actorKind'],
    actorSubject: row.actor_subject,
    actorName: row.actor_name,
    access: row.access as Access | null,
    action: row.action,
    sessionNumber: row.session_number,
    result: row.result as AuditRow['result'],
    reason: row.reason,
    origin: row.origin,
  }
}

/** The columns of an audit row in insert order (both engines). */
export function auditColumnsOf(row: AuditRowToStore): unknown[] {
  return [row.boardId, row.at, row.actorKind, row.actorSubject, row.actorName, row.access, row.action, row.sessionNumber, row.result, row.reason, row.origin]
}

export const AUDIT_INSERT_COLUMNS = 'board_id, at, actor_kind, actor_subject, actor_name, access, action, session_number, result, reason, origin'
const AUDIT_SELECT_COLUMNS = `seq, ${AUDIT_INSERT_COLUMNS}`

/**
 * Removing a facilitator while another bound one stays, in one statement: the check cannot be
 * passed by two removals at once (both engines; PostgreSQL also locks the board's entries first).
 */
export const REMOVE_FACILITATOR_IF_ANOTHER_BOUND = (board: string, email: string) =>
  `DELETE FROM board_facilitators WHERE board_id = ${board} AND email = ${email} AND EXISTS (` +
  `SELECT 1 FROM board_facilitators other WHERE other.board_id = ${board} AND other.email <> ${email} ` +
  'AND other.issuer IS NOT NULL AND other.subject IS NOT NULL)'

/** `?, ?, …` for the change actions (SQLite), `$2, $3, …` (PostgreSQL, after the board id). */
export function changeActionPlaceholders(style: 'sqlite' | 'postgres'): string {
  return CHANGE_ACTIONS.map((_, i) => (style === 'sqlite' ? '?' : `$${i + 2}`)).join(', ')
}

export class SqliteCaseStorage implements CaseStorage {
  private readonly stmts

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      addFacilitator: db.prepare(
        'INSERT INTO board_facilitators (board_id, email, issuer, subject, name, creator, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (board_id, email) DO NOTHING',
      ),
      removeFacilitator: db.prepare<[string, string, string, string]>(REMOVE_FACILITATOR_IF_ANOTHER_BOUND('?', '?')),
      facilitatorExists: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM board_facilitators WHERE board_id = ? AND email = ?'),
      listFacilitators: db.prepare<[string], FacilitatorRow>(
        'SELECT email, name, issuer, subject, creator, added_at FROM board_facilitators WHERE board_id = ? ORDER BY creator DESC, added_at, email',
      ),
      isFacilitator: db.prepare<[string, string, string], { one: number }>(
        'SELECT 1 AS one FROM board_facilitators WHERE board_id = ? AND issuer = ? AND subject = ? LIMIT 1',
      ),
      bindEmail: db.prepare('UPDATE board_facilitators SET issuer = ?, subject = ?, name = ? WHERE email = ? AND issuer IS NULL'),
      renameBound: db.prepare('UPDATE board_facilitators SET name = ? WHERE issuer = ? AND subject = ? AND name <> ?'),
      // The name and organisation of the newest opening win (the account may have been renamed).
      noteMember: db.prepare(
        'INSERT INTO board_members (board_id, issuer, subject, name, organisation, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (board_id, issuer, subject) DO UPDATE SET ' +
          'name = CASE WHEN excluded.last_seen_at >= board_members.last_seen_at THEN excluded.name ELSE board_members.name END, ' +
          'organisation = CASE WHEN excluded.last_seen_at >= board_members.last_seen_at THEN excluded.organisation ELSE board_members.organisation END, ' +
          'last_seen_at = max(board_members.last_seen_at, excluded.last_seen_at)',
      ),
      listMembers: db.prepare<[string], MemberRow>(LIST_MEMBERS('?')),
      removeMember: db.prepare('DELETE FROM board_members WHERE board_id = ? AND issuer = ? AND subject = ?'),
      isMember: db.prepare<[string, string, string], { one: number }>(
        'SELECT 1 AS one FROM board_members WHERE board_id = ? AND issuer = ? AND subject = ? LIMIT 1',
      ),
      facilitatedBy: db.prepare<[string, string], { board_id: string }>(
        'SELECT DISTINCT board_id FROM board_facilitators WHERE issuer = ? AND subject = ?',
      ),
      memberOf: db.prepare<[string, string], { board_id: string }>('SELECT board_id FROM board_members WHERE issuer = ? AND subject = ?'),
      appendAudit: db.prepare(`INSERT INTO audit_log (${AUDIT_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      readAudit: db.prepare<[string], AuditLogRow>(`SELECT ${AUDIT_SELECT_COLUMNS} FROM audit_log WHERE board_id = ? ORDER BY seq`),
      readNewestAudit: db.prepare<[string, number], AuditLogRow>(`SELECT ${AUDIT_SELECT_COLUMNS} FROM audit_log WHERE board_id = ? ORDER BY seq DESC LIMIT ?`),
      lastLoggedChange: db.prepare<unknown[], { at: number | null }>(
        `SELECT max(at) AS at FROM audit_log WHERE board_id = ? AND result = 'ok' AND action IN (${changeActionPlaceholders('sqlite')})`,
      ),
      deleteBoardlessAudit: db.prepare('DELETE FROM audit_log WHERE board_id IS NULL AND at < ?'),
      countAccountBoards: db.prepare<[], { n: number }>('SELECT count(DISTINCT board_id) AS n FROM board_facilitators'),
      deleteAudit: db.prepare('DELETE FROM audit_log WHERE board_id = ?'),
      deleteFacilitators: db.prepare('DELETE FROM board_facilitators WHERE board_id = ?'),
      deleteMembers: db.prepare('DELETE FROM board_members WHERE board_id = ?'),
    }
  }

  async addFacilitator(boardId: string, entry: FacilitatorEntry): Promise<boolean> {
    const result = this.stmts.addFacilitator.run(boardId, entry.email, entry.issuer, entry.subject, entry.name, entry.creator ? 1 : 0, entry.addedAt)
    return result.changes === 1
  }

  async removeFacilitator(boardId: string, email: string): Promise<'removed' | 'unknown' | 'last'> {
    // One writer on SQLite: the conditional delete is atomic; the look-up after it only names why not.
    if (this.stmts.removeFacilitator.run(boardId, email, boardId, email).changes > 0) return 'removed'
    return this.stmts.facilitatorExists.get(boardId, email) === undefined ? 'unknown' : 'last'
  }

  async listFacilitators(boardId: string): Promise<FacilitatorEntry[]> {
    return this.stmts.listFacilitators.all(boardId).map((row) => ({
      email: row.email,
      name: row.name,
      issuer: row.issuer,
      subject: row.subject,
      creator: row.creator === 1,
      addedAt: row.added_at,
    }))
  }

  async isFacilitator(boardId: string, issuer: string, subject: string): Promise<boolean> {
    return this.stmts.isFacilitator.get(boardId, issuer, subject) !== undefined
  }

  async bindFacilitatorEmail(account: Account): Promise<void> {
    this.db.transaction(() => {
      if (account.email !== '') this.stmts.bindEmail.run(account.issuer, account.subject, account.name, account.email)
      // The name the provider gives now, on every entry already bound to the account.
      this.stmts.renameBound.run(account.name, account.issuer, account.subject, account.name)
    })()
  }

  async noteMember(boardId: string, account: Pick<Account, 'issuer' | 'subject' | 'name' | 'organisation'>, at: number): Promise<void> {
    this.stmts.noteMember.run(boardId, account.issuer, account.subject, account.name, account.organisation, at, at)
  }

  async listMembers(boardId: string): Promise<MemberEntry[]> {
    return this.stmts.listMembers.all(boardId).map(memberFromRow)
  }

  async removeMember(boardId: string, memberId: string): Promise<MemberEntry | null> {
    // One writer on SQLite: the look-up and the delete are one transaction.
    return this.db.transaction(() => {
      const member = memberWithId(this.stmts.listMembers.all(boardId).map(memberFromRow), memberId)
      if (member === null) return null
      return this.stmts.removeMember.run(boardId, member.issuer, member.subject).changes > 0 ? member : null
    })()
  }

  async isMember(boardId: string, issuer: string, subject: string): Promise<boolean> {
    return this.stmts.isMember.get(boardId, issuer, subject) !== undefined
  }

  async casesOf(issuer: string, subject: string): Promise<CaseOfAccount[]> {
    return mergeCases(
      this.stmts.facilitatedBy.all(issuer, subject).map((row) => row.board_id),
      this.stmts.memberOf.all(issuer, subject).map((row) => row.board_id),
    )
  }

  async appendAudit(row: AuditRowToStore): Promise<void> {
    this.stmts.appendAudit.run(...auditColumnsOf(row))
  }

  async readAudit(boardId: string, newest?: number): Promise<{ rows: AuditRow[]; truncated: boolean }> {
    if (newest === undefined) return { rows: this.stmts.readAudit.all(boardId).map(auditRowFromColumns), truncated: false }
    return newestFirstToAnswer(this.stmts.readNewestAudit.all(boardId, newest + 1).map(auditRowFromColumns), newest)
  }

  async lastLoggedChange(boardId: string): Promise<number | null> {
    const at = this.stmts.lastLoggedChange.get(boardId, ...CHANGE_ACTIONS)?.at
    return at === null || at === undefined ? null : Number(at)
  }

  async forgetCase(boardId: string, tombstone?: AuditRowToStore | null): Promise<void> {
    this.db.transaction(() => {
      this.stmts.deleteAudit.run(boardId)
      this.stmts.deleteFacilitators.run(boardId)
      this.stmts.deleteMembers.run(boardId)
      if (tombstone) this.stmts.appendAudit.run(...auditColumnsOf(tombstone))
    })()
  }

  async deleteBoardlessAuditBefore(before: number): Promise<number> {
    return this.stmts.deleteBoardlessAudit.run(before).changes
  }

  async countBoardsWithAccountFacilitators(): Promise<number> {
    return Number(this.stmts.countAccountBoards.get()?.n ?? 0)
  }
}

/** Rows read newest first, one more than asked: the newest `newest`, oldest first, and whether there were more. */
export function newestFirstToAnswer(rows: AuditRow[], newest: number): { rows: AuditRow[]; truncated: boolean } {
  const truncated = rows.length > newest
  return { rows: rows.slice(0, newest).reverse(), truncated }
}

/** Facilitated cases, then the ones only taken part in (the facilitator's right wins). */
export function mergeCases(facilitated: readonly string[], memberOf: readonly string[]): CaseOfAccount[] {
  const cases = new Map<string, CaseOfAccount['role']>()
  for (const boardId of facilitated) cases.set(boardId, 'facilitator')
  for (const boardId of memberOf) if (!cases.has(boardId)) cases.set(boardId, 'participant')
  return [...cases].map(([boardId, role]) => ({ boardId, role }))
}
