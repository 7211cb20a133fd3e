/**
 * Storage of sign-in (issue 12): pending sign-ins and sessions (`SignInStorage`), and of the
 * rights by account on cases and the access log (`CaseStorage`). Both live in the same database
 * as the boards (migration 6), so several nodes share them; both are asynchronous like
 * `BoardStorage` and have an SQLite and a PostgreSQL implementation (server/storage/signIn*.ts,
 * server/storage/case*.ts), opened by server/storage/open.ts on the storage's own connection.
 *
 * Times are ms since the epoch. Secrets only as hashes: `idHash` is the SHA-256 (hex) of the
 * opaque id that sits in the browser's cookie; the id itself is never stored.
 */
import { createHash } from 'node:crypto'
import type { Access } from '../../shared/protocol'

/** A sign-in on its way through the identity provider (the `/auth/login` → `/auth/callback` round trip). */
export interface PendingLogin {
  state: string
  nonce: string
  /** PKCE. */
  codeVerifier: string
  /** A path on this site (starts with one `/`), where the browser goes after signing in. */
  returnTo: string
  expiresAt: number
}

/** Who signed in, as the identity provider says: the account. */
export interface Account {
  issuer: string
  subject: string
  name: string
  /** Lowercased; '' when the provider gave none or did not verify it. */
  email: string
  organisation: string
}

export interface StoredSession extends Account {
  idHash: string
  createdAt: number
  lastSeenAt: number
  /** The absolute end (sign-in + SESSION_ABSOLUTE_MINUTES); the idle end is `lastSeenAt` + idle. */
  expiresAt: number
}

export interface SignInStorage {
  saveLogin(idHash: string, login: PendingLogin): Promise<void>
  /** The pending sign-in, deleted as it is read (one use); undefined when unknown or expired at `now`. */
  takeLogin(idHash: string, now: number): Promise<PendingLogin | undefined>
  createSession(session: StoredSession): Promise<void>
  findSession(idHash: string): Promise<StoredSession | undefined>
  touchSession(idHash: string, lastSeenAt: number): Promise<void>
  endSession(idHash: string): Promise<void>
  /** Deletes pending sign-ins and sessions that ended by `now` (idle or absolute). */
  deleteExpired(now: number, idleMs: number): Promise<void>
}

/** A facilitator of a case by account: the creator, or a co-facilitator added by e-mail. */
export interface FacilitatorEntry {
  /** Lowercased. */
  email: string
  /** The account's name once bound (else ''). */
  name: string
  /** Bound at the person's first sign-in with a verified e-mail; null until then. */
  issuer: string | null
  subject: string | null
  creator: boolean
  addedAt: number
}

/**
 * A member of a case: a signed-in professional who opened it with the participant (or
 * facilitator) link, and so opens it by account as participant from then on.
 */
export interface MemberEntry {
  issuer: string
  subject: string
  /** The account's name and organisation at the last opening by link ('' when none). */
  name: string
  organisation: string
  firstSeenAt: number
  lastSeenAt: number
}

/**
 * The id that names a member in the API (`DELETE …/members/:member`): opaque and stable, the
 * first 16 hex of SHA-256 of `issuer|subject` — the subject itself never leaves the server.
 */
export function memberIdOf(member: Pick<Account, 'issuer' | 'subject'>): string {
  return createHash('sha256').update(`${member.issuer}|${member.subject}`, 'utf8').digest('hex').slice(0, 16)
}

/** One line of the access log, as stored. Never a token, a session id or board content. */
export interface AuditRow {
  seq: number
  /** Null for sign-in and sign-out. */
  boardId: string | null
  at: number
  actorKind: 'account' | 'link' | 'system' | 'anonymous'
  /** `issuer|subject` for an account. */
  actorSubject: string | null
  /** The account's name, or the participant's name given with a link. */
  actorName: string | null
  /** The kind of access the act was done with. */
  access: Access | null
  action: string
  sessionNumber: number | null
  result: 'ok' | 'refused' | 'failed'
  /** The refusal code (shared/commands/refusals.ts) or another short code; never content. */
  reason: string | null
  /** The client address (behind a proxy from CLIENT_ADDRESS_HEADER). */
  origin: string
}

export type AuditRowToStore = Omit<AuditRow, 'seq'>

/** The case a signed-in professional has a right on or took part in. */
export interface CaseOfAccount {
  boardId: string
  role: 'facilitator' | 'participant'
}

export interface CaseStorage {
  /** Adds a facilitator; false when this e-mail already is one of the board's. */
  addFacilitator(boardId: string, entry: FacilitatorEntry): Promise<boolean>
  /**
   * Removes a facilitator, but only while another BOUND facilitator (one who can sign in) stays:
   * the check and the delete are one statement (PostgreSQL: under a lock on the board's entries),
   * so two removals at the same moment cannot both pass and leave the case without anyone to
   * manage it. `unknown`: no such entry; `last`: refused, nobody bound would remain.
   */
  removeFacilitator(boardId: string, email: string): Promise<'removed' | 'unknown' | 'last'>
  listFacilitators(boardId: string): Promise<FacilitatorEntry[]>
  /** Whether the account is a (bound) facilitator of the board. */
  isFacilitator(boardId: string, issuer: string, subject: string): Promise<boolean>
  /**
   * At sign-in with a verified e-mail: binds every not yet bound facilitator entry with this
   * e-mail to the account (and fills in its name). An entry bound to another account stays as it is.
   */
  bindFacilitatorEmail(account: Account): Promise<void>
  /**
   * A signed-in professional opened the board by link: remembered as a member (for "Mijn
   * gesprekken" and to open it by account later), with the account's current name and organisation.
   */
  noteMember(boardId: string, account: Pick<Account, 'issuer' | 'subject' | 'name' | 'organisation'>, at: number): Promise<void>
  /** The board's members, first seen first. */
  listMembers(boardId: string): Promise<MemberEntry[]>
  /**
   * Takes a member's access by account away; resolves with the member removed, or null when no
   * member of the board has this id (`memberIdOf`).
   */
  removeMember(boardId: string, memberId: string): Promise<MemberEntry | null>
  /** Whether the account took part in the board before (a member). */
  isMember(boardId: string, issuer: string, subject: string): Promise<boolean>
  /** Every case the account facilitates or took part in (facilitator wins). */
  casesOf(issuer: string, subject: string): Promise<CaseOfAccount[]>
  appendAudit(row: AuditRowToStore): Promise<void>
  /**
   * The board's access log, oldest first; with `newest`, only the newest that many lines (still
   * oldest first) and `truncated` when there were more.
   */
  readAudit(boardId: string, newest?: number): Promise<{ rows: AuditRow[]; truncated: boolean }>
  /**
   * When the case last changed, as its log says: the newest line (ms) of `board.create` or of a
   * changing command that was done (server/cases/changeActions.ts); null when none.
   */
  lastLoggedChange(boardId: string): Promise<number | null>
  /**
   * The case is gone (deleted or purged): its access log, facilitators and members are deleted in
   * one transaction, and `tombstone` — one line saying which board, who and when — is appended
   * when given (with sign-in on; with it off nothing may name the board any more).
   */
  forgetCase(boardId: string, tombstone?: AuditRowToStore | null): Promise<void>
  /**
   * Retention: deletes the lines that belong to no board (sign-in, sign-out, refused sign-ins)
   * older than `before`; resolves with how many. A board's lines go with its case (`forgetCase`).
   */
  deleteBoardlessAuditBefore(before: number): Promise<number>
  /** How many boards have a facilitator by account (start-up warning when sign-in is off). */
  countBoardsWithAccountFacilitators(): Promise<number>
}
