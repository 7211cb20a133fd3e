/**
 * The one way a line gets into the access log (issue 12): `recordAudit`. It never throws into
 * the caller — the act it records has already happened (or was refused), and a log that cannot
 * be written must not turn that into an error; the failure is logged as `audit_write_failed`,
 * without any of the line's content.
 *
 * What a line may hold: who (an account's `issuer|subject` and name, the kind of link and the
 * name a participant gave, `anonymous` or `system`), which board and session, the act, the
 * result and the refusal code, and the client address. Never a token, a session id, another
 * person's e-mail address or anything of the board's content.
 */
import type { IncomingMessage } from 'node:http'
import type { Access, AuditEntry } from '../../shared/protocol'
import type { AuditAction, AuditActorKind, AuditResult } from '../../shared/domain/audit'
import type { Account, AuditRow, AuditRowToStore, CaseStorage } from '../storage/accountStorage'
import type { Config } from '../config'
import { clientAddressOf } from '../cluster/forwarding'
import { boardRef, log } from '../log'

export interface AuditActor {
  kind: AuditActorKind
  /** `issuer|subject` of an account. */
  subject?: string | null
  /** The account's name, or the name a participant gave with a link. */
  name?: string | null
}

export interface AuditEvent {
  action: AuditAction
  actor: AuditActor
  /** Null for acts not about one board (sign-in, sign-out). */
  boardId?: string | null
  /** The kind of access the act was done with; null when none was granted. */
  access?: Access | null
  sessionNumber?: number | null
  result: AuditResult
  /** The refusal code, or another short code; never content. */
  reason?: string | null
  /** The client address: `auditOrigin(config, req)`. */
  origin: string
  /** Default: now. */
  at?: number
}

/** The longest name kept in a line (a participant's name is at most a short text anyway). */
const MAX_NAME = 200

/** `issuer|subject`: how an account is named in the log. */
export function accountSubject(account: Pick<Account, 'issuer' | 'subject'>): string {
  return `${account.issuer}|${account.subject}`
}

/** The actor for a signed-in professional. */
export function accountActor(account: Pick<Account, 'issuer' | 'subject' | 'name'>): AuditActor {
  return { kind: 'account', subject: accountSubject(account), name: account.name || null }
}

/** The actor for someone acting with a link (a participant's name when known). */
export function linkActor(name: string | null = null): AuditActor {
  return { kind: 'link', name }
}

export const ANONYMOUS_ACTOR: AuditActor = { kind: 'anonymous' }
export const SYSTEM_ACTOR: AuditActor = { kind: 'system' }

/**
 * The access log is kept where sign-in is on (`OIDC_ISSUER`): it is part of working with accounts.
 * With links only nothing is written, so that mode stays exactly as it was — a deleted board
 * leaves no row that names it.
 */
export function keepsAuditLog(config: Pick<Config, 'signIn'>): boolean {
  return config.signIn !== null
}

/** Who acted: the signed-in account if there is one, else someone with a link (and the name they gave, if known). */
export function actorOf(signedIn: { account: Pick<Account, 'issuer' | 'subject' | 'name'> } | null, linkName: string | null = null): AuditActor {
  return signedIn !== null ? accountActor(signedIn.account) : linkActor(linkName)
}

/**
 * The client address of a request, as the log keeps it (behind a proxy from CLIENT_ADDRESS_HEADER).
 * In a cluster (issue 11) a request or websocket forwarded by another node carries the client's
 * address in the cluster headers: the same reading as the cluster's own (trusted only with the
 * right CLUSTER_SECRET), so the line names the client, not the node that forwarded it.
 */
export function auditOrigin(config: Pick<Config, 'clientAddressHeader' | 'clusterSecret'>, req: IncomingMessage): string {
  return clientAddressOf(req, config.clientAddressHeader, config.clusterSecret) || 'unknown'
}

/**
 * A board command's own act, done: what a handler knows of its call (who, with which access, on
 * which board and session, from where) as one event.
 */
export function doneByCall(
  action: AuditAction,
  call: { ctx: { config: Pick<Config, 'clientAddressHeader' | 'clusterSecret'> }; req: IncomingMessage; record: { id: string }; access: Access; signedIn: { account: Pick<Account, 'issuer' | 'subject' | 'name'> } | null; meeting: { sessionNumber: number } },
): AuditEvent {
  return {
    action,
    boardId: call.record.id,
    actor: actorOf(call.signedIn),
    access: call.access,
    sessionNumber: call.meeting.sessionNumber,
    result: 'ok',
    origin: auditOrigin(call.ctx.config, call.req),
  }
}

/** The event as a row to store. */
export function auditRowOf(event: AuditEvent): AuditRowToStore {
  const name = event.actor.name ?? null
  return {
    boardId: event.boardId ?? null,
    at: event.at ?? Date.now(),
    actorKind: event.actor.kind,
    actorSubject: event.actor.subject ?? null,
    actorName: name === null ? null : name.slice(0, MAX_NAME),
    access: event.access ?? null,
    action: event.action,
    sessionNumber: event.sessionNumber ?? null,
    result: event.result,
    reason: event.reason ?? null,
    origin: event.origin,
  }
}

/** How long one refused attempt stands for all repeats of it (per node). */
export const REFUSAL_REPEAT_WINDOW_MS = 60_000
/** Refusals remembered at most; beyond, the oldest remembered one is forgotten first. */
export const REFUSAL_THROTTLE_SIZE = 10_000

/**
 * Refused attempts are written at most once per REFUSAL_REPEAT_WINDOW_MS per (board, client
 * address, act, refusal code, account) on this node: anyone who knows a board id (it is in every
 * `/b/<id>` URL) could otherwise fill the access log, and the database, with one row per try.
 * The log keeps THAT someone tried — who, from where, what, why — not each try: repeats within the
 * window are dropped (not counted; the process log still has `connection_refused` per attempt).
 * In memory and bounded: a Map in insertion order, the oldest entry evicted beyond the cap, so a
 * flood of different addresses costs at most REFUSAL_THROTTLE_SIZE entries (and, at worst, one
 * row each per minute). Per node, not shared: a cluster of N nodes writes at most N per minute.
 */
export class RefusalThrottle {
  private readonly lastWritten = new Map<string, number>()

  constructor(
    private readonly windowMs = REFUSAL_REPEAT_WINDOW_MS,
    private readonly maxEntries = REFUSAL_THROTTLE_SIZE,
  ) {}

  /** Whether this refused line is to be written now (and, if so, remembers it). */
  admit(row: Pick<AuditRowToStore, 'boardId' | 'origin' | 'action' | 'reason' | 'actorSubject'>, now: number): boolean {
    const key = JSON.stringify([row.boardId, row.origin, row.action, row.reason, row.actorSubject])
    const last = this.lastWritten.get(key)
    if (last !== undefined && now - last < this.windowMs) return false
    // Re-inserted at the end, so the Map's order stays "least recently written first".
    this.lastWritten.delete(key)
    this.lastWritten.set(key, now)
    while (this.lastWritten.size > this.maxEntries) {
      const oldest = this.lastWritten.keys().next().value
      if (oldest === undefined) break
      this.lastWritten.delete(oldest)
    }
    return true
  }

  get size(): number {
    return this.lastWritten.size
  }
}

/** This node's throttle of refused lines (every caller of `recordAudit` shares it). */
const refusals = new RefusalThrottle()

/** Appends one line to the access log; never rejects (see the top of this file). */
export async function recordAudit(ctx: { caseStorage: Pick<CaseStorage, 'appendAudit'> }, event: AuditEvent): Promise<void> {
  const row = auditRowOf(event)
  if (row.result === 'refused' && !refusals.admit(row, Date.now())) return
  try {
    await ctx.caseStorage.appendAudit(row)
  } catch (err) {
    log('error', 'audit_write_failed', {
      action: event.action,
      board: event.boardId ? boardRef(event.boardId) : null,
      // The error's kind only: a database error's message may quote the values it refused.
      error: err instanceof Error ? ((err as { code?: unknown }).code?.toString() ?? err.name) : 'unknown',
    })
  }
}

/** A stored row as the API shows it (`AuditEntry`). */
export function auditEntryOf(row: AuditRow): AuditEntry {
  return {
    at: new Date(row.at).toISOString(),
    actor: { kind: row.actorKind, subject: row.actorSubject, name: row.actorName },
    access: row.access,
    action: row.action,
    object: { board: row.boardId, session: row.sessionNumber },
    result: row.result,
    reason: row.reason,
    origin: row.origin,
  }
}
