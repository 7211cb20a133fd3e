import { describe, expect, it } from 'vitest'
import { participantRequest } from '../../shared/domain/meeting'
import { isParticipantRole, PARTICIPANT_ROLES } from '../../shared/domain/roles'
import { validateBody } from '../../shared/domain/validation'

describe('participant identity', () => {
  // What a person types on the join screen, checked by the same validator the server uses.
  const typed = (name: string, role: string, organisation: string) => ({ userId: 'user:1', name, role, organisation, atTable: true })

  it('knows the seven roles of the table', () => {
    expect(PARTICIPANT_ROLES).toHaveLength(7)
    expect(isParticipantRole('bewoner')).toBe(true)
    expect(isParticipantRole('admin')).toBe(false)
    expect(isParticipantRole(undefined)).toBe(false)
  })
  it('accepts a name and a role; organisation may be empty', () => {
    expect(validateBody(participantRequest, typed('Ansaj', 'bewoner', ''))).toMatchObject({ ok: true, value: { name: 'Ansaj', organisation: '' } })
  })
  it('names every problem at once', () => {
    expect(validateBody(participantRequest, typed('   ', 'boss', 'x'.repeat(81)))).toEqual({
      ok: false,
      fieldErrors: [
        { field: 'name', code: 'missing' },
        { field: 'role', code: 'notOneOf' },
        { field: 'organisation', code: 'tooLong', limit: 80 },
      ],
    })
    expect(validateBody(participantRequest, typed('x'.repeat(61), 'tolk', ''))).toEqual({
      ok: false,
      fieldErrors: [{ field: 'name', code: 'tooLong', limit: 60 }],
    })
  })
})
