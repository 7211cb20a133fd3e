/** The facilitators-by-account commands (issue 12): their own checks and the e-mail validator. */
import { describe, expect, it } from 'vitest'
import { addFacilitator, addFacilitatorRequest, removeFacilitator } from '../../../shared/commands/accounts'
import { validateBody } from '../../../shared/domain/validation'

const bound = (email: string, subject: string) => ({ email, issuer: 'https://idp.example', subject })
const unbound = (email: string) => ({ email, issuer: null, subject: null })

describe('facilitators by account', () => {
  const two = [bound('a@example.nl', 'sub-a'), bound('b@example.nl', 'sub-b')]

  it('refuses an e-mail address that already is a facilitator', () => {
    expect(addFacilitator.check(two, 'a@example.nl')).toBe('alreadyFacilitator')
    expect(addFacilitator.check(two, 'c@example.nl')).toBeNull()
  })

  it('removes a known facilitator, never the last one', () => {
    expect(removeFacilitator.check(two, 'c@example.nl')).toBe('unknownFacilitator')
    expect(removeFacilitator.check(two, 'a@example.nl')).toBeNull()
    expect(removeFacilitator.check([bound('a@example.nl', 'sub-a')], 'a@example.nl')).toBe('lastFacilitator')
  })

  it('refuses to remove the last BOUND facilitator: an address nobody signed in with does not count', () => {
    // The creator added a typo, then tried to remove their own address: nobody could manage the case.
    const withTypo = [bound('creator@example.nl', 'sub-c'), unbound('typo@exampel.nl')]
    expect(removeFacilitator.check(withTypo, 'creator@example.nl')).toBe('lastFacilitator')
    // The typo itself may go: the creator stays.
    expect(removeFacilitator.check(withTypo, 'typo@exampel.nl')).toBeNull()
    // An entry half bound (issuer without subject) does not count either.
    expect(removeFacilitator.check([bound('a@example.nl', 'sub-a'), { email: 'b@example.nl', issuer: 'x', subject: null }], 'a@example.nl')).toBe('lastFacilitator')
    // Once the co-facilitator signed in (bound), the creator may leave.
    expect(removeFacilitator.check([bound('creator@example.nl', 'sub-c'), bound('typo@exampel.nl', 'sub-t')], 'creator@example.nl')).toBeNull()
    // Nobody bound at all: nothing can be removed.
    expect(removeFacilitator.check([unbound('a@example.nl'), unbound('b@example.nl')], 'a@example.nl')).toBe('lastFacilitator')
  })

  it('takes an e-mail address trimmed and lowercased, and refuses what is none', () => {
    const ok = validateBody(addFacilitatorRequest, { email: '  Jan.Jansen@Gemeente.NL ' })
    expect(ok).toEqual({ ok: true, value: { email: 'jan.jansen@gemeente.nl' } })
    const bad = validateBody(addFacilitatorRequest, { email: 'not an address' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.fieldErrors[0].code).toBe('notAnEmail')
  })
})
