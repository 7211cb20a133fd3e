/** Board ids, access tokens and their hashes. Only hashes of tokens are ever stored. */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Access } from '../shared/protocol'
import { BOARD_ID_PATTERN, TOKEN_PATTERN } from '../shared/protocol'

/** 128 random bits, base64url: 22 characters. */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url')
}

/** 256 random bits, base64url: 43 characters. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** SHA-256 of the token as lowercase hex: what the database keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Constant-time check of a presented token against a stored hash. */
export function tokenMatchesHash(token: string, storedHashHex: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex')
  const stored = Buffer.from(storedHashHex, 'hex')
  return presented.length === stored.length && timingSafeEqual(presented, stored)
}

/** Constant-time comparison of two secrets of any length (hashing equalises the lengths). */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest()
  const hb = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(ha, hb)
}

export function isBoardId(value: string): boolean {
  return BOARD_ID_PATTERN.test(value)
}

export function isTokenShaped(value: string): boolean {
  return TOKEN_PATTERN.test(value)
}

/** The stored token hashes of a board (a BoardRecord has them). */
export interface TokenHashes {
  facilitatorTokenHash: string
  participantTokenHash: string
  residentTokenHash: string
}

/** Which access a token gives on a board, or null. Every hash is always compared. */
export function accessForToken(board: TokenHashes, token: string | null): Access | null {
  if (token === null || token === '') return null
  const facilitator = tokenMatchesHash(token, board.facilitatorTokenHash)
  const participant = tokenMatchesHash(token, board.participantTokenHash)
  const resident = tokenMatchesHash(token, board.residentTokenHash)
  if (facilitator) return 'facilitator'
  if (participant) return 'participant'
  if (resident) return 'resident'
  return null
}

/**
 * The participant and resident tokens, sealed with a key that only the facilitator's token
 * yields (AES-256-GCM, key from HKDF of that token). At rest the database holds hashes and this
 * ciphertext, never a usable token; presenting the facilitator token opens it, so the share
 * dialog can show the links again on any device the facilitator uses.
 */
export interface SealedTokens {
  participantToken: string
  residentToken: string
}

function sealingKey(facilitatorToken: string, boardId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', facilitatorToken, boardId, 'tafelbord share links', 32))
}

/** IV (12 bytes) and GCM tag (16 bytes, pinned: a shorter tag would be easier to forge) before the ciphertext. */
const IV_BYTES = 12
const AUTH_TAG_BYTES = 16
const SEAL_HEADER_BYTES = IV_BYTES + AUTH_TAG_BYTES

function sealWith(key: Buffer, tokens: SealedTokens): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: AUTH_TAG_BYTES })
  const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

function openWith(key: Buffer, sealed: string): SealedTokens | null {
  try {
    const raw = Buffer.from(sealed, 'base64url')
    // Without this, a blob shorter than 28 bytes would hand setAuthTag a truncated tag.
    if (raw.length < SEAL_HEADER_BYTES) return null
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: AUTH_TAG_BYTES })
    decipher.setAuthTag(raw.subarray(IV_BYTES, SEAL_HEADER_BYTES))
    const json = Buffer.concat([decipher.update(raw.subarray(SEAL_HEADER_BYTES)), decipher.final()]).toString('utf8')
    const parsed = JSON.parse(json) as SealedTokens
    return isTokenShaped(parsed.participantToken) && isTokenShaped(parsed.residentToken) ? parsed : null
  } catch {
    return null
  }
}

export function sealTokens(facilitatorToken: string, boardId: string, tokens: SealedTokens): string {
  return sealWith(sealingKey(facilitatorToken, boardId), tokens)
}

/** The sealed tokens, or null when the token is not the facilitator's or the seal is damaged. */
export function openSealedTokens(facilitatorToken: string, boardId: string, sealed: string): SealedTokens | null {
  if (isServerSealed(sealed)) return null
  return openWith(sealingKey(facilitatorToken, boardId), sealed)
}

/**
 * Sign-in (issue 12): a board made by a signed-in facilitator has no facilitator token to seal
 * with, so its participant and resident tokens are sealed with the server's LINK_SEAL_KEY
 * instead (key = HKDF of it and the board id), marked `k1.` so `links` knows which key opens
 * them. Weaker than the facilitator-token seal: whoever has the database AND the server's
 * configuration can open them (docs/api.md "Cases and access log").
 */
const SERVER_SEAL_PREFIX = 'k1.'

function serverSealingKey(linkSealKey: string, boardId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', linkSealKey, boardId, 'tafelbord share links k1', 32))
}

export function isServerSealed(sealed: string): boolean {
  return sealed.startsWith(SERVER_SEAL_PREFIX)
}

export function sealTokensWithServerKey(linkSealKey: string, boardId: string, tokens: SealedTokens): string {
  return SERVER_SEAL_PREFIX + sealWith(serverSealingKey(linkSealKey, boardId), tokens)
}

/** The tokens of a `k1.` seal, or null when it is none or does not open with this key. */
export function openServerSealedTokens(linkSealKey: string, boardId: string, sealed: string): SealedTokens | null {
  if (!isServerSealed(sealed)) return null
  return openWith(serverSealingKey(linkSealKey, boardId), sealed.slice(SERVER_SEAL_PREFIX.length))
}
