import { describe, expect, it } from 'vitest'
import { checkIdentityInput, isParticipantRole, PARTICIPANT_ROLES } from '../../shared/domain/roles'

describe('participant identity', () => {
  it('knows the seven roles of the table', () => {
    expect(PARTICIPANT_ROLES).toHaveLength(7)
    expect(isParticipantRole('bewoner')).toBe(true)
    expect(isParticipantRole('admin')).toBe(false)
    expect(isParticipantRole(undefined)).toBe(false)
  })
  it('accepts a name and a role; organisation may be empty', () => {
    expect(checkIdentityInput({ name: 'Ansaj', role: 'bewoner', organisation: '' })).toEqual([])
  })
  it('names every problem at once', () => {
    expect(checkIdentityInput({ name: '   ', role: 'boss', organisation: 'x'.repeat(81) })).toEqual([
      'nameMissing',
      'roleMissing',
      'organisationTooLong',
    ])
    expect(checkIdentityInput({ name: 'x'.repeat(61), role: 'tolk', organisation: '' })).toEqual(['nameTooLong'])
  })
})
