/**
 * Acts of sign-in (issue 12) on a case: its facilitators and members by account and its access log. Only a
 * facilitator (by account, or by the facilitator link of a board made without sign-in) may; in
 * every state, since a closed case keeps its facilitators for the follow-up.
 */
import { MAX_EMAIL_LENGTH } from '../domain/limits'
import { body, email } from '../domain/validation'
import { anyState, command, facilitatorOnly } from './command'

/** `GET …/facilitators`: who facilitates the case by account. */
export const facilitators = command('facilitators', { changes: false, who: facilitatorOnly, when: anyState })

export const addFacilitatorRequest = body({ email: email(MAX_EMAIL_LENGTH) })

/** `POST …/facilitators`: a co-facilitator by e-mail, bound to an account at its first sign-in. */
export const addFacilitator = {
  ...command('addFacilitator', { changes: true, who: facilitatorOnly, when: anyState }),
  check(existing: readonly { email: string }[], address: string): 'alreadyFacilitator' | null {
    return existing.some((entry) => entry.email === address) ? 'alreadyFacilitator' : null
  },
}

/** A facilitator entry as the rule needs it: bound once its person signed in with the address. */
export interface FacilitatorEntryFacts {
  email: string
  issuer: string | null
  subject: string | null
}

/**
 * `DELETE …/facilitators/:email`: a facilitator by account leaves the case — only while another
 * BOUND facilitator stays. An entry nobody has signed in with yet (perhaps a typo) cannot manage
 * the case, so it does not count: otherwise the creator could add `typo@exampel.nl`, remove their
 * own address, and leave a case nobody can manage any more. (Storage checks the same again in the
 * delete itself, so two removals at once cannot both pass: CaseStorage.removeFacilitator.)
 */
export const removeFacilitator = {
  ...command('removeFacilitator', { changes: true, who: facilitatorOnly, when: anyState }),
  check(existing: readonly FacilitatorEntryFacts[], address: string): 'unknownFacilitator' | 'lastFacilitator' | null {
    if (!existing.some((entry) => entry.email === address)) return 'unknownFacilitator'
    const anotherBound = existing.some((entry) => entry.email !== address && entry.issuer !== null && entry.subject !== null)
    return anotherBound ? null : 'lastFacilitator'
  },
}

/**
 * `GET …/members`: who opens the case by account as participant — the signed-in professionals
 * who once opened it with the participant link.
 */
export const members = command('members', { changes: false, who: facilitatorOnly, when: anyState })

/**
 * `DELETE …/members/:member`: takes a member's access by account away (someone left the case or
 * the organisation). The participant link itself is not touched: whoever still holds it opens
 * the case again with it — and becomes a member again.
 */
export const removeMember = {
  ...command('removeMember', { changes: true, who: facilitatorOnly, when: anyState }),
  check(existing: readonly { id: string }[], memberId: string): 'unknownMember' | null {
    return existing.some((entry) => entry.id === memberId) ? null : 'unknownMember'
  },
}

/** `GET …/audit` (`?format=csv`): the case's access log; reading it is logged too. */
export const audit = command('audit', { changes: false, who: facilitatorOnly, when: anyState })
