/**
 * `SignInStorage` on the SQLite file (issue 12): pending sign-ins and sessions in migration 6's
 * tables `auth_logins` and `auth_sessions`, on the board storage's own connection. Rows are
 * keyed by the SHA-256 of the opaque id in the cookie; the id itself is never stored.
 * better-sqlite3 is synchronous: each promise is settled when returned (a failure rejects).
 */
import type Database from 'better-sqlite3'
import type { PendingLogin, SignInStorage, StoredSession } from './accountStorage'

interface LoginRow {
  state: string
  nonce: string
  code_verifier: string
  return_to: string
  expires_at: number
}

interface SessionRow {
  id_hash: string
  issuer: string
  subject: string
  name: string
  email: string
  organisation: string
  created_at: number
  last_seen_at: number
  expires_at: number
}

export class SqliteSignInStorage implements SignInStorage {
  private readonly stmts

  constructor(db: Database.Database) {
    this.stmts = {
      insertLogin: db.prepare(
        'INSERT INTO auth_logins (id_hash, state, nonce, code_verifier, return_to, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      // RETURNING makes reading and deleting one statement: a login id is used at most once.
      takeLogin: db.prepare<[string], LoginRow>(
        'DELETE FROM auth_logins WHERE id_hash = ? RETURNING state, nonce, code_verifier, return_to, expires_at',
      ),
      insertSession: db.prepare(
        'INSERT INTO auth_sessions (id_hash, issuer, subject, name, email, organisation, created_at, last_seen_at, expires_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      findSession: db.prepare<[string], SessionRow>(
        'SELECT id_hash, issuer, subject, name, email, organisation, created_at, last_seen_at, expires_at FROM auth_sessions WHERE id_hash = ?',
      ),
      touchSession: db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?'),
      endSession: db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?'),
      deleteExpiredLogins: db.prepare('DELETE FROM auth_logins WHERE expires_at <= ?'),
      deleteExpiredSessions: db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ? OR last_seen_at <= ?'),
    }
  }

  saveLogin(idHash: string, login: PendingLogin): Promise<void> {
    return settle(() => {
      this.stmts.insertLogin.run(idHash, login.state, login.nonce, login.codeVerifier, login.returnTo, login.expiresAt)
    })
  }

  takeLogin(idHash: string, now: number): Promise<PendingLogin | undefined> {
    return settle(() => {
      const row = this.stmts.takeLogin.get(idHash)
      if (row === undefined || row.expires_at <= now) return undefined
      return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, expiresAt: row.expires_at }
    })
  }

  createSession(session: StoredSession): Promise<void> {
    return settle(() => {
      this.stmts.insertSession.run(
        session.idHash,
        session.issuer,
        session.subject,
        session.name,
        session.email,
        session.organisation,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
      )
    })
  }

  findSession(idHash: string): Promise<StoredSession | undefined> {
    return settle(() => {
      const row = this.stmts.findSession.get(idHash)
      return row === undefined ? undefined : sessionOfRow(row)
    })
  }

  touchSession(idHash: string, lastSeenAt: number): Promise<void> {
    return settle(() => {
      this.stmts.touchSession.run(lastSeenAt, idHash, lastSeenAt)
    })
  }

  endSession(idHash: string): Promise<void> {
    return settle(() => {
      this.stmts.endSession.run(idHash)
    })
  }

  deleteExpired(now: number, idleMs: number): Promise<void> {
    return settle(() => {
      this.stmts.deleteExpiredLogins.run(now)
      this.stmts.deleteExpiredSessions.run(now, now - idleMs)
    })
  }
}

function sessionOfRow(row: SessionRow): StoredSession {
  return {
    idHash: row.id_hash,
    issuer: row.issuer,
    subject: row.subject,
    name: row.name,
    email: row.email,
    organisation: row.organisation,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  }
}

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work())
  } catch (err) {
    return Promise.reject(err)
  }
}
