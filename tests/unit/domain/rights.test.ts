import { describe, expect, it } from 'vitest'
import { opensAsMember, rightThatCounts } from '../../../shared/domain/rights'

describe('the right that counts on a case', () => {
  it('is the account facilitator right, whatever link came along', () => {
    for (const link of ['facilitator', 'participant', 'resident', null] as const) {
      expect(rightThatCounts({ accountFacilitates: true, link, accountTookPart: true })).toEqual({ access: 'facilitator', via: 'account' })
    }
  })

  it("is the link's own access otherwise, as without sign-in", () => {
    expect(rightThatCounts({ accountFacilitates: false, link: 'resident', accountTookPart: true })).toEqual({ access: 'resident', via: 'link' })
    expect(rightThatCounts({ accountFacilitates: false, link: 'participant', accountTookPart: false })).toEqual({ access: 'participant', via: 'link' })
  })

  it('gives a member the participant right by account without a link, and nobody else anything', () => {
    expect(rightThatCounts({ accountFacilitates: false, link: null, accountTookPart: true })).toEqual({ access: 'participant', via: 'account' })
    expect(rightThatCounts({ accountFacilitates: false, link: null, accountTookPart: false })).toBeNull()
  })

  it('makes a member of whoever opens by the participant or facilitator link, never by the resident link or by account', () => {
    expect(opensAsMember('participant', 'link')).toBe(true)
    expect(opensAsMember('facilitator', 'link')).toBe(true)
    expect(opensAsMember('resident', 'link')).toBe(false)
    expect(opensAsMember('participant', 'account')).toBe(false)
  })
})
