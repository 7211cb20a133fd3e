/**
 * Presence (awareness) is checked before the server accepts or relays it:
 *
 * - every state's JSON text within PRESENCE_MAX_CHARS and PRESENCE_MAX_DEPTH, measured before it
 *   is parsed (server/presenceLimits.ts), else the sender is closed with 4413;
 * - a connection may not claim to be another kind of participant than its token says (such a
 *   message is dropped). Otherwise a participant could announce itself as the facilitator and
 *   make every screen follow it ("Iedereen volgt mij");
 * - a presence client id belongs to the connection that introduced it. Another connection may
 *   only take it over when it has the same access and is newer (a reconnecting client: the
 *   stock client keeps its client id); the older one is then closed (4409). Anyone else sending a
 *   state for that id is closed (4403). Entries that would change nothing (a stock client echoes
 *   every state it receives, with the clock it received) are ignored, and so is another client's
 *   removal (a stock client removes states it has not heard of for 30 s, and says so).
 *
 * The functions here are pure; server/syncConnection.ts applies the verdict.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as string from 'lib0/string'
import type { Access } from '../shared/protocol'
import { PRESENCE_MAX_IDS_PER_CONNECTION, PresenceCloseCode, presenceProblem } from './presenceLimits'
import type { PresenceProblem } from './presenceLimits'

/** One entry of an awareness update: a client's state (null = removed) at a clock. */
export interface PresenceEntry {
  clientId: number
  clock: number
  /** The JSON text as sent (checked against the limits). */
  json: string
  state: unknown
}

/** A state over the limits: the sender is closed with 4413 and nothing of the message is used. */
export class PresenceRefusal extends Error {
  constructor(readonly problem: PresenceProblem) {
    super(problem === 'tooDeep' ? 'presence too deep' : 'presence too large')
  }
}

/** The JSON text of a removed state as y-protocols writes it (`JSON.stringify(null)`). */
function isNullJson(bytes: Uint8Array): boolean {
  return bytes.length === 4 && bytes[0] === 0x6e && bytes[1] === 0x75 && bytes[2] === 0x6c && bytes[3] === 0x6c
}

/**
 * Whether y-protocols would change anything for an entry at `clock` (its `applyAwarenessUpdate`
 * rule): a newer clock, or the removal of a state that is there at the same clock.
 */
function changesPresence(clientId: number, clock: number, removal: boolean, known: PresenceClocks): boolean {
  const current = known.clockOf(clientId) ?? 0
  return current < clock || (current === clock && removal && known.hasState(clientId))
}

/**
 * The entries of an awareness update. Each state's text is checked against the limits before it
 * is parsed: throws PresenceRefusal for a state over the limits, another Error for bytes or JSON
 * that do not decode, or for bytes after the last entry.
 *
 * Given the document's presence (`known`), entries that would change nothing there are skipped
 * unread: neither decoded, checked nor parsed, as they are neither applied nor relayed. Most
 * awareness messages are only that: the stock client sends every state it receives back, at the
 * clock it received.
 */
export function readAwarenessUpdate(update: Uint8Array, known?: PresenceClocks): PresenceEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: PresenceEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const bytes = decoding.readVarUint8Array(decoder)
    if (known !== undefined && !changesPresence(clientId, clock, isNullJson(bytes), known)) continue
    const json = string.decodeUtf8(bytes)
    const problem = presenceProblem(json)
    if (problem !== null) throw new PresenceRefusal(problem)
    entries.push({ clientId, clock, json, state: JSON.parse(json) as unknown })
  }
  // Nothing may follow the entries: an accepted message is relayed as it came
  // (server/syncedDocument.ts applyPresence), so unread bytes would reach everyone unchecked.
  if (decoding.hasContent(decoder)) throw new Error('bytes after the last presence entry')
  return entries
}

/** An awareness update (the bytes inside an awareness message) with exactly these entries. */
export function encodeAwarenessEntries(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.json)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * True when any state says `identity.access` other than `access`, or carries an identity without
 * saying its access (it would be shown with a role of its choice).
 */
export function claimsOtherAccess(entries: readonly PresenceEntry[], access: Access): boolean {
  for (const { state } of entries) {
    if (typeof state !== 'object' || state === null) continue
    const identity = (state as { identity?: { access?: unknown } | null }).identity
    if (identity === undefined || identity === null) continue
    if (identity.access !== access) return true
  }
  return false
}

/** True when any state in this awareness update claims another access (see claimsOtherAccess). */
export function awarenessClaimsOtherAccess(update: Uint8Array, access: Access): boolean {
  return claimsOtherAccess(readAwarenessUpdate(update), access)
}

/** What the verdict needs to know of a connection. */
export interface PresenceSender {
  readonly access: Access
  /** Order of opening: a larger serial is a newer connection. */
  readonly serial: number
}

/** The clocks and states of the document's presence as it is now. */
export interface PresenceClocks {
  /** The clock the server holds for this client id (also after its state was removed). */
  clockOf(clientId: number): number | undefined
  hasState(clientId: number): boolean
}

/** What the verdict needs to know of the document's presence as it is now. */
export interface PresenceView<C extends PresenceSender> extends PresenceClocks {
  /** The server's own awareness client id (it announces no state; nobody may send one for it). */
  serverClientId: number
  ownerOf(clientId: number): C | undefined
  /** How many client ids this connection owns now. */
  ownedCount(conn: C): number
}

export type PresenceVerdict<C> =
  | {
      kind: 'apply'
      /** The entries to apply (those that change something and are the sender's to change). */
      entries: PresenceEntry[]
      /** Client ids the sender introduces now: unowned, or taken over from `from`. */
      claims: Array<{ clientId: number; from: C | undefined }>
    }
  | { kind: 'refuse'; code: number; reason: string }

/** Which entries of `sender`'s awareness update to apply, or why the sender is closed. */
export function judgePresence<C extends PresenceSender>(entries: readonly PresenceEntry[], sender: C, view: PresenceView<C>): PresenceVerdict<C> {
  const accepted: PresenceEntry[] = []
  const claims = new Map<number, C | undefined>()
  for (const entry of entries) {
    if (entry.clientId === view.serverClientId) {
      return { kind: 'refuse', code: PresenceCloseCode.presenceNotOwned, reason: 'presence of the server' }
    }
    if (!changesPresence(entry.clientId, entry.clock, entry.state === null, view)) continue
    const owner = view.ownerOf(entry.clientId)
    if (owner === sender) {
      accepted.push(entry)
      continue
    }
    if (owner === undefined) {
      accepted.push(entry)
      if (entry.state !== null) claims.set(entry.clientId, undefined)
      continue
    }
    // Another connection's id. Its removal by someone else is ignored, not punished: the stock
    // client times out states it has not heard of for 30 s and tells the server so.
    if (entry.state === null) continue
    if (owner.access !== sender.access || sender.serial < owner.serial) {
      return { kind: 'refuse', code: PresenceCloseCode.presenceNotOwned, reason: 'presence of another connection' }
    }
    accepted.push(entry)
    claims.set(entry.clientId, owner)
  }
  if (view.ownedCount(sender) + claims.size > PRESENCE_MAX_IDS_PER_CONNECTION) {
    return { kind: 'refuse', code: PresenceCloseCode.presenceRefused, reason: 'too many presence ids' }
  }
  return { kind: 'apply', entries: accepted, claims: [...claims].map(([clientId, from]) => ({ clientId, from })) }
}
