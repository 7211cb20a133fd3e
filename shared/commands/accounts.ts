/**
 * Acts of sign-in (issue 12) on a case: its facilitators by account and its access log. Only a
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

/** `DELETE …/facilitators/:email`: a facilitator by account leaves the case. */
export const removeFacilitator = {
  ...command('removeFacilitator', { changes: true, who: facilitatorOnly, when: anyState }),
  check(existing: readonly { email: string }[], address: string): 'unknownFacilitator' | 'lastFacilitator' | null {
    if (!existing.some((entry) => entry.email === address)) return 'unknownFacilitator'
    return existing.length <= 1 ? 'lastFacilitator' : null
  },
}

/** `GET …/audit` (`?format=csv`): the case's access log; reading it is logged too. */
export const audit = command('audit', { changes: false, who: facilitatorOnly, when: anyState })
