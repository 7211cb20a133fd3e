/** Joining the board: "this is me" — a name badge, not an account. */
import type { Participant, ParticipantRequest } from '../domain/meeting'
import { roleForLink } from '../domain/roles'
import type { Access } from '../protocol'
import { anyone, command, whileNotClosed } from './command'

export type RegisterRefusal = 'otherLink' | 'otherDevice' | 'roleNeedsLink'

export const register = {
  ...command('register', { changes: true, who: anyone, when: whileNotClosed }),
  /**
   * An entry belongs to the kind of link that made it (a participant link cannot rename the
   * facilitator or the resident by sending their user id), and to the browser whose key made it
   * (everyone with the participant link shares one token). The link decides the role where it
   * matters: the participant link cannot take the facilitator's or the resident's.
   */
  check(existing: Participant | undefined, access: Access, request: ParticipantRequest, keyHash: string | undefined): RegisterRefusal | null {
    if (existing?.access !== undefined && existing.access !== access) return 'otherLink'
    if (existing?.keyHash !== undefined && existing.keyHash !== keyHash) return 'otherDevice'
    if (roleForLink(access, request.role) === null) return 'roleNeedsLink'
    return null
  },
  /** The entry to store (the meeting document keeps the first `joinedAt`). Only after `check`. */
  change(access: Access, request: ParticipantRequest, keyHash: string | undefined, joinedAt: string): Participant {
    const { userId, name, organisation, contact, atTable } = request
    const role = roleForLink(access, request.role) ?? request.role
    return { userId, name, role, organisation, contact, atTable, joinedAt, access, ...(keyHash !== undefined ? { keyHash } : {}) }
  },
}
