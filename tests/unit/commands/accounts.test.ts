/** The facilitators-by-account commands (issue 12): their own checks and the e-mail validator. */
import { describe, expect, it } from 'vitest'
import { addFacilitator, addFacilitatorRequest, removeFacilitator } from '../../../shared/commands/accounts'
import { validateBody } from '../../../shared/domain/validation'

describe('facilitators by account', () => {
  const two = [{ email: 'a@example.nl' }, { email: 'b@example.nl' }]

  it('refuses an e-mail address that already is a facilitator', () => {
    expect(addFacilitator.check(two, 'a@example.nl')).toBe('alreadyFacilitator')
    expect(addFacilitator.check(two, 'c@example.nl')).toBeNull()
  })

  it('removes a known facilitator, never the last one', () => {
    expect(removeFacilitator.check(two, 'c@example.nl')).toBe('unknownFacilitator')
    expect(removeFacilitator.check(two, 'a@example.nl')).toBeNull()
    expect(removeFacilitator.check([{ email: 'a@example.nl' }], 'a@example.nl')).toBe('lastFacilitator')
  })

  it('takes an e-mail address trimmed and lowercased, and refuses what is none', () => {
    const ok = validateBody(addFacilitatorRequest, { email: '  Jan.Jansen@Gemeente.NL ' })
    expect(ok).toEqual({ ok: true, value: { email: 'jan.jansen@gemeente.nl' } })
    const bad = validateBody(addFacilitatorRequest, { email: 'not an address' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.fieldErrors[0].code).toBe('notAnEmail')
  })
})
