/**
 * `CaseStorage` on the embedded SQLite file (issue 12): facilitators and members of cases by
 * account, and the access log, in the tables of migration 6 — on the same connection as the
 * boards (better-sqlite3 is synchronous; the promises only give the interface its shape).
 *
 * The access log is append-only (a trigger refuses every UPDATE); its rows leave only with their
 * case, in `forgetCase`, which leaves one tombstone line in the same transaction.
 */
import type Database from 'better-sqlite3'
import type { Access } from '../../shared/protocol'
import type { Account, AuditRow, AuditRowToStore, CaseOfAccount, CaseStorage, FacilitatorEntry } from './accountStorage'

interface FacilitatorRow {
  email: string
  name: string
  issuer: string | null
  subject: string | null
  creator: number
  added_at: number
}

interface AuditLogRow {
  seq: number
  board_id: string | null
  at: number
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

export function auditRowFromColumns(row: {
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
}): AuditRow {
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

export class SqliteCaseStorage implements CaseStorage {
  private readonly stmts

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      addFacilitator: db.prepare(
        'INSERT INTO board_facilitators (board_id, email, issuer, subject, name, creator, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (board_id, email) DO NOTHING',
      ),
      removeFacilitator: db.prepare('DELETE FROM board_facilitators WHERE board_id = ? AND email = ?'),
      listFacilitators: db.prepare<[string], FacilitatorRow>(
        'SELECT email, name, issuer, subject, creator, added_at FROM board_facilitators WHERE board_id = ? ORDER BY creator DESC, added_at, email',
      ),
      isFacilitator: db.prepare<[string, string, string], { one: number }>(
        'SELECT 1 AS one FROM board_facilitators WHERE board_id = ? AND issuer = ? AND subject = ? LIMIT 1',
      ),
      bindEmail: db.prepare('UPDATE board_facilitators SET issuer = ?, subject = ?, name = ? WHERE email = ? AND issuer IS NULL'),
      renameBound: db.prepare('UPDATE board_facilitators SET name = ? WHERE issuer = ? AND subject = ? AND name <> ?'),
      noteMember: db.prepare(
        'INSERT INTO board_members (board_id, issuer, subject, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (board_id, issuer, subject) DO UPDATE SET last_seen_at = max(board_members.last_seen_at, excluded.last_seen_at)',
      ),
      isMember: db.prepare<[string, string, string], { one: number }>(
        'SELECT 1 AS one FROM board_members WHERE board_id = ? AND issuer = ? AND subject = ? LIMIT 1',
      ),
      facilitatedBy: db.prepare<[string, string], { board_id: string }>(
        'SELECT DISTINCT board_id FROM board_facilitators WHERE issuer = ? AND subject = ?',
      ),
      memberOf: db.prepare<[string, string], { board_id: string }>('SELECT board_id FROM board_members WHERE issuer = ? AND subject = ?'),
      appendAudit: db.prepare(`INSERT INTO audit_log (${AUDIT_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      readAudit: db.prepare<[string], AuditLogRow>(`SELECT ${AUDIT_SELECT_COLUMNS} FROM audit_log WHERE board_id = ? ORDER BY seq`),
      deleteAudit: db.prepare('DELETE FROM audit_log WHERE board_id = ?'),
      deleteFacilitators: db.prepare('DELETE FROM board_facilitators WHERE board_id = ?'),
      deleteMembers: db.prepare('DELETE FROM board_members WHERE board_id = ?'),
    }
  }

  async addFacilitator(boardId: string, entry: FacilitatorEntry): Promise<boolean> {
    const result = this.stmts.addFacilitator.run(boardId, entry.email, entry.issuer, entry.subject, entry.name, entry.creator ? 1 : 0, entry.addedAt)
    return result.changes === 1
  }

  async removeFacilitator(boardId: string, email: string): Promise<boolean> {
    return this.stmts.removeFacilitator.run(boardId, email).changes > 0
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

  async noteMember(boardId: string, issuer: string, subject: string, at: number): Promise<void> {
    this.stmts.noteMember.run(boardId, issuer, subject, at, at)
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

  async readAudit(boardId: string): Promise<AuditRow[]> {
    return this.stmts.readAudit.all(boardId).map(auditRowFromColumns)
  }

  async forgetCase(boardId: string, tombstone: AuditRowToStore): Promise<void> {
    this.db.transaction(() => {
      this.stmts.deleteAudit.run(boardId)
      this.stmts.deleteFacilitators.run(boardId)
      this.stmts.deleteMembers.run(boardId)
      this.stmts.appendAudit.run(...auditColumnsOf(tombstone))
    })()
  }
}

/** Facilitated cases, then the ones only taken part in (the facilitator's right wins). */
export function mergeCases(facilitated: readonly string[], memberOf: readonly string[]): CaseOfAccount[] {
  const cases = new Map<string, CaseOfAccount['role']>()
  for (const boardId of facilitated) cases.set(boardId, 'facilitator')
  for (const boardId of memberOf) if (!cases.has(boardId)) cases.set(boardId, 'participant')
  return [...cases].map(([boardId, role]) => ({ boardId, role }))
}
