/** Who owns an action: a person at an organisation, resolved from participants or agency cards. */
import type { ActionCardProps } from './cards'
import type { MeetingSnapshot } from './snapshot'

export interface ResolvedOwner {
  person: string
  organisation: string
  /** At the table or joined remotely (a participant), or an agency marked "aan tafel". */
  present: boolean
  kind: 'participant' | 'agency'
  ownerId: string
  /** How the resident reaches them: the participant's own contact, or the agency card's; '' when none. */
  contact: string
}

/** The owner of an action, or null when none is chosen or the chosen one no longer exists. */
export function resolveOwner(snapshot: MeetingSnapshot, action: ActionCardProps): ResolvedOwner | null {
  if (action.ownerKind === 'participant') {
    const participant = snapshot.participants.find((p) => p.userId === action.ownerId)
    if (!participant) return null
    return {
      person: participant.name,
      organisation: participant.organisation,
      present: true,
      kind: 'participant',
      ownerId: participant.userId,
      contact: participant.contact?.trim() ?? '',
    }
  }
  if (action.ownerKind === 'agency') {
    const agency = snapshot.agencies.find((a) => a.id === action.ownerId)
    if (!agency) return null
    const person = action.ownerPerson.trim() || agency.props.person.trim()
    return { person, organisation: agency.props.organisation, present: agency.props.atTable, kind: 'agency', ownerId: agency.id, contact: agency.props.contact.trim() }
  }
  return null
}

/** An owner counts only as a named person: "the municipality" promises nothing. */
export function hasNamedOwner(owner: ResolvedOwner | null): owner is ResolvedOwner {
  return owner !== null && owner.person.trim() !== ''
}
