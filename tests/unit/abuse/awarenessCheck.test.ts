import { describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Access } from '../../../shared/protocol'
import type { PresenceEntry, PresenceSender, PresenceView } from '../../../server/awarenessCheck'
import { claimsOtherAccess, encodeAwarenessEntries, judgePresence, PresenceRefusal, readAwarenessUpdate } from '../../../server/awarenessCheck'
import { PRESENCE_MAX_CHARS, PRESENCE_MAX_IDS_PER_CONNECTION, PresenceCloseCode } from '../../../server/presenceLimits'

interface Conn extends PresenceSender {
  name: string
}
const conn = (name: string, access: Access, serial: number): Conn => ({ name, access, serial })

function entry(clientId: number, clock: number, state: unknown): PresenceEntry {
  return { clientId, clock, json: JSON.stringify(state), state }
}

/** A document's presence as the server holds it: clocks, states and owners. */
function view(held: Array<{ clientId: number; clock: number; state: boolean; owner?: Conn }>, serverClientId = 999): PresenceView<Conn> {
  return {
    serverClientId,
    clockOf: (id) => held.find((h) => h.clientId === id)?.clock,
    hasState: (id) => held.some((h) => h.clientId === id && h.state),
    ownerOf: (id) => held.find((h) => h.clientId === id)?.owner,
    ownedCount: (c) => held.filter((h) => h.owner === c).length,
  }
}

describe('reading an awareness update', () => {
  it('reads what y-protocols writes, and writes it back byte for byte', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc())
    awareness.setLocalState({ identity: { name: 'Ansaj', access: 'resident' } })
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])
    const entries = readAwarenessUpdate(update)
    expect(entries).toEqual([{ clientId: awareness.clientID, clock: 1, json: expect.any(String), state: { identity: { name: 'Ansaj', access: 'resident' } } }])
    expect(encodeAwarenessEntries(entries)).toEqual(update)
    awareness.destroy()
  })

  it('refuses a deeply nested state before parsing it', () => {
    const update = encodeAwarenessEntries([{ clientId: 1, clock: 5, json: '['.repeat(20_000) + ']'.repeat(20_000), state: null }])
    expect(() => readAwarenessUpdate(update)).toThrow(PresenceRefusal)
    expect(() => readAwarenessUpdate(update)).toThrow('presence too deep')
  })

  it('refuses an over-size state, and garbage is a plain error', () => {
    const big = encodeAwarenessEntries([entry(1, 5, { name: 'x'.repeat(PRESENCE_MAX_CHARS) })])
    expect(() => readAwarenessUpdate(big)).toThrow('presence too large')
    const notJson = encodeAwarenessEntries([{ clientId: 1, clock: 5, json: '{nope', state: null }])
    expect(() => readAwarenessUpdate(notJson)).toThrow(SyntaxError)
    expect(() => readAwarenessUpdate(new Uint8Array([3, 1]))).toThrow()
  })

  it('given the presence held, reads only the entries that would change it (echoes are skipped unread)', () => {
    const held = view([{ clientId: 7, clock: 4, state: true }, { clientId: 8, clock: 2, state: true }])
    const update = encodeAwarenessEntries([
      { clientId: 7, clock: 4, json: '{nope', state: null }, // an echo: not even parsed
      { clientId: 7, clock: 3, json: '['.repeat(20_000), state: null }, // older: not checked
      entry(8, 2, null), // a removal at the same clock changes something
      entry(9, 1, { a: 1 }),
    ])
    expect(readAwarenessUpdate(update, held)).toEqual([entry(8, 2, null), entry(9, 1, { a: 1 })])
    // Without it, every entry is read (and this one is not JSON).
    expect(() => readAwarenessUpdate(update)).toThrow(SyntaxError)
  })

  it('sees a claimed access other than the token’s', () => {
    expect(claimsOtherAccess([entry(1, 1, { identity: { access: 'facilitator' } })], 'participant')).toBe(true)
    expect(claimsOtherAccess([entry(1, 1, { identity: { name: 'x' } })], 'participant')).toBe(true)
    expect(claimsOtherAccess([entry(1, 1, { identity: { access: 'participant' } }), entry(2, 1, null), entry(3, 1, 5)], 'participant')).toBe(false)
  })
})

describe('who may send presence for a client id', () => {
  const honest = conn('honest', 'participant', 1)
  const attacker = conn('attacker', 'participant', 2)
  const resident = conn('resident', 'resident', 3)

  it('a new id is the sender’s', () => {
    const verdict = judgePresence([entry(7, 1, { a: 1 })], honest, view([]))
    expect(verdict).toEqual({ kind: 'apply', entries: [entry(7, 1, { a: 1 })], claims: [{ clientId: 7, from: undefined }] })
  })

  it('its own id: applied, no new claim', () => {
    const verdict = judgePresence([entry(7, 2, { a: 2 })], honest, view([{ clientId: 7, clock: 1, state: true, owner: honest }]))
    expect(verdict).toEqual({ kind: 'apply', entries: [entry(7, 2, { a: 2 })], claims: [] })
  })

  it('echoes of other people’s states (the stock client sends them back) change nothing and are ignored', () => {
    const held = view([{ clientId: 7, clock: 4, state: true, owner: honest }])
    expect(judgePresence([entry(7, 4, { a: 1 }), entry(7, 3, null)], resident, held)).toEqual({ kind: 'apply', entries: [], claims: [] })
  })

  it('another client’s removal of someone else’s state (its 30 s timeout) is ignored, not punished', () => {
    const held = view([{ clientId: 7, clock: 4, state: true, owner: honest }])
    expect(judgePresence([entry(7, 5, null)], resident, held)).toEqual({ kind: 'apply', entries: [], claims: [] })
  })

  it('a newer connection with the same access takes the id over (a reconnecting client)', () => {
    const held = view([{ clientId: 7, clock: 4, state: true, owner: honest }])
    expect(judgePresence([entry(7, 5, { back: true })], attacker, held)).toEqual({
      kind: 'apply',
      entries: [entry(7, 5, { back: true })],
      claims: [{ clientId: 7, from: honest }],
    })
  })

  it('another access, or an older connection, may not', () => {
    const held = view([{ clientId: 7, clock: 4, state: true, owner: attacker }])
    expect(judgePresence([entry(7, 5, { a: 1 })], resident, view([{ clientId: 7, clock: 4, state: true, owner: honest }]))).toMatchObject({ kind: 'refuse', code: PresenceCloseCode.presenceNotOwned })
    expect(judgePresence([entry(7, 5, { a: 1 })], honest, held)).toMatchObject({ kind: 'refuse', code: PresenceCloseCode.presenceNotOwned })
  })

  it('nobody sends presence for the server’s own client id', () => {
    expect(judgePresence([entry(999, 1, { a: 1 })], honest, view([]))).toMatchObject({ kind: 'refuse', code: PresenceCloseCode.presenceNotOwned })
  })

  it('one connection introduces a bounded number of ids', () => {
    const many = Array.from({ length: PRESENCE_MAX_IDS_PER_CONNECTION + 1 }, (_, i) => entry(100 + i, 1, {}))
    expect(judgePresence(many.slice(0, -1), honest, view([]))).toMatchObject({ kind: 'apply' })
    expect(judgePresence(many, honest, view([]))).toMatchObject({ kind: 'refuse', code: PresenceCloseCode.presenceRefused, reason: 'too many presence ids' })
  })
})
