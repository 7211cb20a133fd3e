/** The roles people take at the table (BRIEF.md, "Who uses it"). Labels live in client/i18n. */
export const PARTICIPANT_ROLES = [
  'bewoner',
  'gespreksleider',
  'professional',
  'vrijwilliger',
  'netwerk',
  'tolk',
  'clientondersteuner',
] as const

export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number]

export function isParticipantRole(value: unknown): value is ParticipantRole {
  return typeof value === 'string' && (PARTICIPANT_ROLES as readonly string[]).includes(value)
}

/** Who a person says they are when they join a board. Not an account: nothing is verified. */
export interface ParticipantIdentity {
  /** Stable per browser and board, so one person's cursor keeps its colour across reloads. */
  userId: string
  name: string
  role: ParticipantRole
  organisation: string
  color: string
  /** Sitting at the table (true) or joining remotely (false). */
  atTable: boolean
  /**
   * A random secret of this browser for this board. Everyone with the participant link shares
   * one token; this key is what lets only this browser change its own entry in the meeting.
   */
  key: string
}

/**
 * The role that counts, from the kind of link: whoever holds the facilitator link is the
 * gespreksleider and whoever holds the resident link is the bewoner, whatever was typed. The
 * participant link cannot take either role: that would put a second facilitator or resident in
 * the record. Null: this role is not available with this link.
 */
export function roleForLink(access: 'facilitator' | 'participant' | 'resident', declared: ParticipantRole): ParticipantRole | null {
  if (access === 'facilitator') return 'gespreksleider'
  if (access === 'resident') return 'bewoner'
  return declared === 'gespreksleider' || declared === 'bewoner' ? null : declared
}
