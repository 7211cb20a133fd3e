/**
 * `SignInStorage` on PostgreSQL (issue 12): pending sign-ins and sessions in migration 6's tables
 * `auth_logins` and `auth_sessions`, on the board storage's pool — so every node sees a session
 * made on another, and a sign-out on one node ends the session on all. Rows are keyed by the
 * SHA-256 of the opaque id in the cookie; the id itself is never stored. BIGINT columns arrive
 * as strings (pg's default), hence `Number(…)`.
 */
import type pg from 'pg'
import type { PendingLogin, SignInStorage, StoredSession } from './accountStorage'

interface SessionRow {
  id_hash: string
  issuer: string
  subject: string
  name: string
  email: string
  organisation: string
  created_at: string
  last_seen_at: string
  expires_at: string
}

export class PostgresSignInStorage implements SignInStorage {
  constructor(private readonly pool: pg.Pool) {}

  async saveLogin(idHash: string, login: PendingLogin): Promise<void> {
    await this.pool.query(
      'INSERT INTO auth_logins (id_hash, state, nonce, code_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [idHash, login.state, login.nonce, login.codeVerifier, login.returnTo, login.expiresAt],
    )
  }

  async takeLogin(idHash: string, now: number): Promise<PendingLogin | undefined> {
    // One statement reads and deletes: two nodes given the same callback cannot both use it.
    const result = await this.pool.query<{ state: string; nonce: string; code_verifier: string; return_to: string; expires_at: string }>(
      'DELETE FROM auth_logins WHERE id_hash = $1 RETURNING state, nonce, code_verifier, return_to, expires_at',
      [idHash],
    )
    const row = result.rows[0]
    if (row === undefined || Number(row.expires_at) <= now) return undefined
    return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, expiresAt: Number(row.expires_at) }
  }

  async createSession(session: StoredSession): Promise<void> {
    await this.pool.query(
      'INSERT INTO auth_sessions (id_hash, issuer, subject, name, email, organisation, created_at, last_seen_at, expires_at) ' +
        'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [
        session.idHash,
        session.issuer,
        session.subject,
        session.name,
        session.email,
        session.organisation,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
      ],
    )
  }

  async findSession(idHash: string): Promise<StoredSession | undefined> {
    const result = await this.pool.query<SessionRow>(
      'SELECT id_hash, issuer, subject, name, email, organisation, created_at, last_seen_at, expires_at FROM auth_sessions WHERE id_hash = $1',
      [idHash],
    )
    const row = result.rows[0]
    if (row === undefined) return undefined
    return {
      idHash: row.id_hash,
      issuer: row.issuer,
      subject: row.subject,
      name: row.name,
      email: row.email,
      organisation: row.organisation,
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      expiresAt: Number(row.expires_at),
    }
  }

  async touchSession(idHash: string, lastSeenAt: number): Promise<void> {
    // Never backwards: two nodes touching at once keep the later time.
    await this.pool.query('UPDATE auth_sessions SET last_seen_at = $1 WHERE id_hash = $2 AND last_seen_at < $1', [lastSeenAt, idHash])
  }

  async endSession(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM auth_sessions WHERE id_hash = $1', [idHash])
  }

  async deleteExpired(now: number, idleMs: number): Promise<void> {
    await this.pool.query('DELETE FROM auth_logins WHERE expires_at <= $1', [now])
    await this.pool.query('DELETE FROM auth_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [now, now - idleMs])
  }
}
