/**
 * Who may run each command, and in which meeting state: every command × every kind of link ×
 * every state (× whether the resident may record her own answers), against one table written
 * out by hand. `canRun` is what a button asks; the server refuses with the same reason.
 */
import { describe, expect, it } from 'vitest'
import { ACCESS_KINDS, canRun, COMMANDS, type CommandName, type RefusalCode } from '../../../shared/commands/index'
import { MEETING_STATES, type MeetingState } from '../../../shared/domain/meeting'
import type { Access } from '../../../shared/protocol'
import { LANGUAGES, STRINGS } from '../../../client/i18n/strings'

type Row = Record<MeetingState, RefusalCode | null>
type Expected = Record<Access, Row>

const ok: Row = { open: null, locked: null, closed: null }
const notClosed: Row = { open: null, locked: null, closed: 'meetingClosed' }
const onlyClosed: Row = { open: 'meetingNotClosed', locked: 'meetingNotClosed', closed: null }
const all = (code: RefusalCode): Row => ({ open: code, locked: code, closed: code })

const facilitatorOnly = (facilitator: Row): Expected => ({
  facilitator,
  participant: all('facilitatorOnly'),
  resident: all('facilitatorOnly'),
})

/** With `residentMayDecide: false` … */
const EXPECTED: Record<CommandName, Expected> = {
  boardInfo: { facilitator: ok, participant: ok, resident: ok },
  register: { facilitator: notClosed, participant: notClosed, resident: notClosed },
  decide: { facilitator: notClosed, participant: all('facilitatorOnly'), resident: all('residentNotAllowed') },
  outcome: { facilitator: notClosed, participant: all('facilitatorOnly'), resident: all('residentNotAllowed') },
  meetingSettings: facilitatorOnly(notClosed),
  lock: facilitatorOnly(notClosed),
  unlock: facilitatorOnly(notClosed),
  close: facilitatorOnly(notClosed),
  followUp: facilitatorOnly(onlyClosed),
  restoreAction: facilitatorOnly(notClosed),
  links: facilitatorOnly(ok),
  sessions: facilitatorOnly(ok),
  exportRecord: facilitatorOnly(ok),
  deleteBoard: facilitatorOnly(ok),
  // Sign-in (issue 12): a facilitator by account, or by the facilitator link, in every state.
  facilitators: facilitatorOnly(ok),
  addFacilitator: facilitatorOnly(ok),
  removeFacilitator: facilitatorOnly(ok),
  members: facilitatorOnly(ok),
  removeMember: facilitatorOnly(ok),
  audit: facilitatorOnly(ok),
  editBoard: {
    facilitator: notClosed,
    participant: { open: null, locked: 'meetingLocked', closed: 'meetingClosed' },
    resident: { open: null, locked: 'meetingLocked', closed: 'meetingClosed' },
  },
}

/** … and what changes with `residentMayDecide: true`: only her own answers, from her own link. */
const WHEN_RESIDENT_MAY_DECIDE: Partial<Record<CommandName, Partial<Expected>>> = {
  decide: { resident: notClosed },
  outcome: { resident: notClosed },
}

describe('who may run each command, in which state', () => {
  it('covers every command', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(COMMANDS).sort())
  })

  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    for (const residentMayDecide of [false, true]) {
      it(`${name}${residentMayDecide ? ' (the resident may decide)' : ''}`, () => {
        const expected = { ...EXPECTED[name], ...(residentMayDecide ? WHEN_RESIDENT_MAY_DECIDE[name] : {}) }
        for (const access of ACCESS_KINDS) {
          for (const state of MEETING_STATES) {
            expect(canRun(COMMANDS[name], access, { state, residentMayDecide }), `${access} / ${state}`).toBe(expected[access][state])
          }
        }
      })
    }
  }

  it('asks who before when: the wrong link hears that first, whatever the state', () => {
    expect(canRun(COMMANDS.close, 'participant', { state: 'closed', residentMayDecide: false })).toBe('facilitatorOnly')
    expect(canRun(COMMANDS.decide, 'resident', { state: 'closed', residentMayDecide: false })).toBe('residentNotAllowed')
    expect(canRun(COMMANDS.decide, 'resident', { state: 'closed', residentMayDecide: true })).toBe('meetingClosed')
  })

  it('gives every command its own label key, with words in every language', () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      expect(command.name).toBe(name)
      expect(command.labelKey).toBe(`commands.${name}`)
      for (const language of LANGUAGES) {
        const [table, key] = command.labelKey.split('.') as ['commands', CommandName]
        expect(STRINGS[language][table][key].trim()).not.toBe('')
      }
    }
  })

  it('marks what changes the meeting', () => {
    const reading = Object.values(COMMANDS).filter((c) => !c.changes).map((c) => c.name).sort()
    expect(reading).toEqual(['audit', 'boardInfo', 'exportRecord', 'facilitators', 'links', 'members', 'sessions'])
  })
})
