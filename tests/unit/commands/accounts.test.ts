/** The facilitators-by-account commands (issue 12): their own checks and the e-mail validator. */
import { describe, expect, it } from 'vitest'
import { addFacilitator, addFacilitatorRequest, members, removeFacilitator, removeMember } from '../../../shared/commands/accounts'
import { canRun } from '../../../shared/commands/index'
import { pathOf, ROUTES } from '../../../shared/commands/routes'
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

describe('members by account', () => {
  const listed = [{ id: '0123456789abcdef' }, { id: 'fedcba9876543210' }]

  it('removes only a member the case has, by its opaque id', () => {
    expect(removeMember.check(listed, '0123456789abcdef')).toBeNull()
    expect(removeMember.check(listed, '0000000000000000')).toBe('unknownMember')
    expect(removeMember.check([], '0123456789abcdef')).toBe('unknownMember')
  })

  it('is for a facilitator only, in every state: reading the list changes nothing, removing does', () => {
    for (const state of ['open', 'locked', 'closed'] as const) {
      const meeting = { state, residentMayDecide: true }
      for (const command of [members, removeMember]) {
        expect(canRun(command, 'facilitator', meeting)).toBeNull()
        expect(canRun(command, 'participant', meeting)).toBe('facilitatorOnly')
        expect(canRun(command, 'resident', meeting)).toBe('facilitatorOnly')
      }
    }
    expect(members.changes).toBe(false)
    expect(removeMember.changes).toBe(true)
  })

  it('has its two routes, the member id in the path', () => {
    expect(`${ROUTES.members.method} ${ROUTES.members.path}`).toBe('GET /api/boards/:id/members')
    expect(`${ROUTES.removeMember.method} ${ROUTES.removeMember.path}`).toBe('DELETE /api/boards/:id/members/:member')
    expect(pathOf('removeMember', { id: 'b1', member: '0123456789abcdef' })).toBe('/api/boards/b1/members/0123456789abcdef')
  })
})
