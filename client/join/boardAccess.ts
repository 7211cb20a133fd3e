/**
 * Where a board's token and the person's identity live in this browser. The token arrives in the
 * link's fragment (never sent to a server log); we keep it per board in localStorage and take it
 * out of the address bar at once, so it is not on the shared screen or in the history.
 */
import { FRAGMENT_KEY, TOKEN_PATTERN, type Access } from '../../shared/protocol'
import { isParticipantRole, type ParticipantIdentity } from '../../shared/domain/roles'
import { MAX_CONTACT_LENGTH } from '../../shared/domain/limits'
import type { Participant } from '../../shared/domain/meeting'

const tokenKey = (boardId: string) => `tafelbord:board:${boardId}:token`
const identityKey = (boardId: string) => `tafelbord:board:${boardId}:identity`

/**
 * Only the token: the server says what it allows. Entries written before may also hold a
 * `linkAccess` (what the link said it was); it is ignored when read.
 */
export interface StoredToken {
  token: string
}

/** Reads a token from the URL fragment if there is one, stores it, and cleans the address bar. */
export function takeTokenFromFragment(boardId: string): void {
  const params = new URLSearchParams(location.hash.slice(1))
  for (const access of Object.keys(FRAGMENT_KEY) as Access[]) {
    const token = params.get(FRAGMENT_KEY[access])
    if (token && TOKEN_PATTERN.test(token)) {
      localStorage.setItem(tokenKey(boardId), JSON.stringify({ token } satisfies StoredToken))
    }
  }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search)
}

export function readStoredToken(boardId: string): StoredToken | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(tokenKey(boardId)) ?? 'null') as Partial<StoredToken> | null
    return parsed && typeof parsed.token === 'string' && TOKEN_PATTERN.test(parsed.token) ? { token: parsed.token } : null
  } catch {
    return null
  }
}

export function forgetToken(boardId: string): void {
  localStorage.removeItem(tokenKey(boardId))
}

/**
 * Who I said I am, plus how the resident can reach me (phone or e-mail, optional). The contact
 * is not part of the presence on the canvas; it only goes into my entry in the meeting.
 */
export type JoinIdentity = ParticipantIdentity & { contact?: string }

/** The body of `POST /api/boards/:id/participants`: my entry in the meeting. */
export function registrationBody(identity: JoinIdentity): Omit<Participant, 'joinedAt' | 'access' | 'keyHash'> & { key: string } {
  const { userId, name, role, organisation, atTable, key } = identity
  const contact = typeof identity.contact === 'string' ? identity.contact.trim().slice(0, MAX_CONTACT_LENGTH) : ''
  return { userId, name, role, organisation, atTable, key, ...(contact ? { contact } : {}) }
}

export function readStoredIdentity(boardId: string): JoinIdentity | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(identityKey(boardId)) ?? 'null') as JoinIdentity | null
    if (parsed && typeof parsed.name === 'string' && parsed.name && isParticipantRole(parsed.role)) {
      // Identities remembered before keys existed get one now (and keep it).
      const identity = { ...parsed, atTable: parsed.atTable !== false, key: parsed.key || newParticipantKey() }
      if (!parsed.key) storeIdentity(boardId, identity)
      return identity
    }
    return null
  } catch {
    return null
  }
}

export function storeIdentity(boardId: string, identity: JoinIdentity): void {
  localStorage.setItem(identityKey(boardId), JSON.stringify(identity))
}

/** Cursor colours that stay readable on white and differ from each other. */
const CURSOR_COLOURS = ['#d1345b', '#1f77b4', '#2a9d3c', '#9c27b0', '#e07b00', '#00838f', '#6d4c41', '#3949ab']

export function pickColour(): string {
  return CURSOR_COLOURS[crypto.getRandomValues(new Uint32Array(1))[0] % CURSOR_COLOURS.length]
}

/** 128 random bits, base64url: this browser's own key for its participant entry. */
export function newParticipantKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function newUserId(): string {
  return `user:${crypto.randomUUID()}`
}
