/**
 * Presence is relayed as the clients send it, with one check: a connection may not claim to be
 * another kind of participant than its token says. Otherwise a participant could announce
 * itself as the facilitator and make every screen follow it ("Iedereen volgt mij").
 */
import * as decoding from 'lib0/decoding'
import type { Access } from '../shared/protocol'

/**
 * True when any state in this awareness update says `identity.access` other than `access`, or
 * carries an identity without saying its access (it would be shown with a role of its choice).
 */
export function awarenessClaimsOtherAccess(update: Uint8Array, access: Access): boolean {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder) // client id
    decoding.readVarUint(decoder) // clock
    const state = JSON.parse(decoding.readVarString(decoder)) as { identity?: { access?: unknown } } | null
    if (state?.identity === undefined || state.identity === null) continue
    if (state.identity.access !== access) return true
  }
  return false
}
