/**
 * The sealed share links (server/tokens.ts): AES-256-GCM with the tag pinned to 16 bytes. A seal
 * whose tag was cut short must never open — with a shorter tag a forgery gets far easier.
 */
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newBoardId, newToken, openSealedTokens, openServerSealedTokens, sealTokens, sealTokensWithServerKey } from '../../../server/tokens'

const tokens = { participantToken: newToken(), residentToken: newToken() }

describe('sealed share links', () => {
  it('open with the right key, and with no other', () => {
    const boardId = newBoardId()
    const facilitatorToken = newToken()
    const sealed = sealTokens(facilitatorToken, boardId, tokens)
    expect(openSealedTokens(facilitatorToken, boardId, sealed)).toEqual(tokens)
    expect(openSealedTokens(newToken(), boardId, sealed)).toBeNull()
    const serverSealed = sealTokensWithServerKey('a server key of enough length', boardId, tokens)
    expect(openServerSealedTokens('a server key of enough length', boardId, serverSealed)).toEqual(tokens)
    expect(openServerSealedTokens('another key', boardId, serverSealed)).toBeNull()
  })

  it('refuses a seal whose tag is cut short, or one shorter than IV and tag', () => {
    const boardId = newBoardId()
    const facilitatorToken = newToken()
    const raw = Buffer.from(sealTokens(facilitatorToken, boardId, tokens), 'base64url')
    // Nothing but the IV and the first 4 bytes of the tag (28 bytes are the least a seal has).
    for (const length of [0, 12, 16, 27]) {
      expect(openSealedTokens(facilitatorToken, boardId, raw.subarray(0, length).toString('base64url')), `length ${length}`).toBeNull()
    }
  })

  it('refuses a seal made with a 4-byte tag (what GCM would otherwise accept)', () => {
    const boardId = newBoardId()
    const facilitatorToken = newToken()
    // The same key the server derives; sealed by someone who chose a short tag.
    const key = Buffer.from(hkdfSync('sha256', facilitatorToken, boardId, 'tafelbord share links', 32))
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 4 })
    const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()])
    const shortTagged = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
    expect(openSealedTokens(facilitatorToken, boardId, shortTagged)).toBeNull()
    // The same with the full tag opens: the refusal is about the tag's length.
    const full = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
    const fullBody = Buffer.concat([full.update(JSON.stringify(tokens), 'utf8'), full.final()])
    expect(openSealedTokens(facilitatorToken, boardId, Buffer.concat([iv, full.getAuthTag(), fullBody]).toString('base64url'))).toEqual(tokens)
  })
})
