/**
 * Presence (awareness) abuse, against the real server (issue 10): a deeply nested or over-size
 * state closes only its sender and never stays behind — every honest newcomer joins at once, also
 * when the attacker re-uses an honest client's id or stops reading its socket; a client id belongs
 * to the connection that introduced it, and a reconnecting client (same access, same id) takes it
 * over; a client that does not read what it is sent is terminated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'
import type { CreateBoardResponse } from '../../shared/protocol'
import { CloseCode, MessageType } from '../../shared/protocol'
import { PRESENCE_MAX_CHARS, PresenceCloseCode } from '../../server/presenceLimits'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import type { Client, RawSocket } from './support'
import { connectClient, createBoard, expectLogsClean, health, rawSocket, waitFor } from './support'

/** Small enough that the send-buffer bound (4 × this = 1 MiB) is reached quickly in the last test. */
const MAX_MESSAGE_BYTES = 256 * 1024
/** "At once": far below the ~30 s the lock-out used to last, with room for a slow CI machine. */
const JOIN_DEADLINE_MS = 5_000

let server: ServerProcess
let board: CreateBoardResponse
let honest: Client
const everyone: Client[] = []

beforeAll(async () => {
  server = await startServer({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } })
  board = await createBoard(server)
  honest = await connectClient(server, board.id, board.participantToken)
  everyone.push(honest)
  honest.provider.awareness.setLocalStateField('identity', { userId: 'u-honest', name: 'Eerlijk', access: 'participant' })
})

afterAll(async () => {
  for (const client of everyone) client.destroy()
  expectLogsClean()
  await cleanupServers()
})

/** `[awareness][update]` with these raw entries (`json` sent as is). */
function awarenessMessage(...entries: Array<{ clientId: number; clock: number; json: string }>): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, json)
  }
  const message = encoding.createEncoder()
  encoding.writeVarUint(message, MessageType.awareness)
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update))
  return encoding.toUint8Array(message)
}

/** About 200 KB of `[[[[…]]]]`, as in the attack seen (also over the size limit). */
const deeplyNested = () => '['.repeat(100_000) + ']'.repeat(100_000)
/** Within the size limit, but far too deep. */
const deepButSmall = () => '['.repeat(10_000) + ']'.repeat(10_000)
const refusedReason = /^presence too (deep|large)$/

/** The server's current clock for a client id, as an honest client sees it. */
const clockOf = (client: Client, clientId: number) => client.provider.awareness.meta.get(clientId)?.clock ?? 0

async function openedSocket(token: string): Promise<RawSocket> {
  const socket = rawSocket(server, board.id, token)
  await socket.opened
  // The server joins a connection to the board after checking its token and loading the board
  // (async, on PostgreSQL a round trip), then greets it with sync step 1. Which connection is the
  // newer one is decided then, not at 'open': wait for the greeting.
  await waitFor(() => socket.messages.length > 0, 'the server greeted the connection')
  return socket
}

/** Stops reading the socket: what the server sends piles up in its send buffer. */
function stopReading(ws: WebSocket): void {
  ;(ws as unknown as { _socket: { pause(): void } })._socket.pause()
}

/** A fresh stock client joins, syncs and sees the honest client's presence within the deadline. */
async function expectNewcomerJoinsAtOnce(token = board.participantToken): Promise<Client> {
  const started = Date.now()
  const newcomer = await connectClient(server, board.id, token)
  everyone.push(newcomer)
  await waitFor(() => newcomer.provider.awareness.getStates().has(honest.doc.clientID), 'the newcomer sees the honest presence', JOIN_DEADLINE_MS)
  expect(Date.now() - started).toBeLessThan(JOIN_DEADLINE_MS)
  // And it stays: nobody is closed with 1011 (or anything else) shortly after.
  await new Promise((r) => setTimeout(r, 300))
  expect(newcomer.closeCodes).toEqual([])
  expect(newcomer.provider.wsconnected).toBe(true)
  return newcomer
}

function expectHonestUntouched(): void {
  expect(honest.closeCodes).toEqual([])
  expect(honest.provider.wsconnected).toBe(true)
  expect(honest.provider.awareness.getLocalState()).toMatchObject({ identity: { name: 'Eerlijk' } })
}

function noInternalErrors(): void {
  const events = server.events()
  expect(events.filter((e) => e.event === 'connection_closed' && e.code === 1011)).toEqual([])
  expect(events.filter((e) => e.event === 'connection_error' || e.event === 'presence_encode_failed')).toEqual([])
}

describe('deeply nested presence', () => {
  it('closes only its sender, from a fresh client id; newcomers join at once', async () => {
    const attacker = await openedSocket(board.participantToken)
    attacker.ws.send(awarenessMessage({ clientId: 31337, clock: 1, json: deeplyNested() }))
    const { code, reason } = await attacker.closed
    expect(code).toBe(PresenceCloseCode.presenceRefused)
    expect(reason).toMatch(refusedReason)

    for (let i = 0; i < 3; i++) await expectNewcomerJoinsAtOnce()
    expect(honest.provider.awareness.getStates().has(31337)).toBe(false)

    // Small enough to pass the size limit: refused for its depth.
    const second = await openedSocket(board.participantToken)
    second.ws.send(awarenessMessage({ clientId: 31339, clock: 1, json: deepButSmall() }))
    expect(await second.closed).toEqual({ code: PresenceCloseCode.presenceRefused, reason: 'presence too deep' })
    await expectNewcomerJoinsAtOnce()
    expect(honest.provider.awareness.getStates().has(31339)).toBe(false)
    expectHonestUntouched()
    noInternalErrors()
  })

  it('closes only its sender when it re-uses an honest client’s id with a higher clock', async () => {
    const id = honest.doc.clientID
    const attacker = await openedSocket(board.participantToken)
    attacker.ws.send(awarenessMessage({ clientId: id, clock: clockOf(honest, id) + 10, json: deeplyNested() }))
    expect((await attacker.closed).code).toBe(PresenceCloseCode.presenceRefused)
    const second = await openedSocket(board.participantToken)
    second.ws.send(awarenessMessage({ clientId: id, clock: clockOf(honest, id) + 10, json: deepButSmall() }))
    expect((await second.closed).code).toBe(PresenceCloseCode.presenceRefused)

    const newcomer = await expectNewcomerJoinsAtOnce()
    expect(newcomer.provider.awareness.getStates().get(id)).toMatchObject({ identity: { name: 'Eerlijk' } })
    expectHonestUntouched()
    noInternalErrors()
  })

  it('closes only its sender when it uses a fresh id and stops reading its socket', async () => {
    const refusals = () => server.events().filter((e) => e.event === 'message_rejected' && e.access === 'participant' && /^presence_too_(deep|large)$/.test(String(e.reason))).length
    const before = refusals()
    const attacker = await openedSocket(board.participantToken)
    stopReading(attacker.ws)
    for (let i = 0; i < 3; i++) {
      attacker.ws.send(awarenessMessage({ clientId: 40000 + i, clock: 1, json: i % 2 === 0 ? deeplyNested() : deepButSmall() }))
    }
    await waitFor(
      () => refusals() > before,
      'the server refused it',
    )
    for (let i = 0; i < 3; i++) await expectNewcomerJoinsAtOnce()
    for (let i = 0; i < 3; i++) expect(honest.provider.awareness.getStates().has(40000 + i)).toBe(false)
    expectHonestUntouched()
    noInternalErrors()
    attacker.ws.terminate()
  })

  it('is refused on the meeting document too', async () => {
    const attacker = rawSocket(server, `${board.id}/meeting`, board.participantToken)
    await attacker.opened
    attacker.ws.send(awarenessMessage({ clientId: 31338, clock: 1, json: deeplyNested() }))
    expect((await attacker.closed).code).toBe(PresenceCloseCode.presenceRefused)
  })
})

describe('over-size presence', () => {
  it('is refused and never relayed', async () => {
    const attacker = await openedSocket(board.participantToken)
    const json = JSON.stringify({ identity: { userId: 'u-big', name: 'Groot', access: 'participant' }, note: 'x'.repeat(PRESENCE_MAX_CHARS) })
    attacker.ws.send(awarenessMessage({ clientId: 50001, clock: 1, json }))
    const { code, reason } = await attacker.closed
    expect(code).toBe(PresenceCloseCode.presenceRefused)
    expect(reason).toBe('presence too large')
    await expectNewcomerJoinsAtOnce()
    expect(honest.provider.awareness.getStates().has(50001)).toBe(false)
    expectHonestUntouched()
  })

  it('a state within the limits is relayed as before', async () => {
    const sender = await openedSocket(board.participantToken)
    const json = JSON.stringify({ identity: { userId: 'u-ok', name: 'Gewoon', access: 'participant' }, note: 'x'.repeat(PRESENCE_MAX_CHARS - 200) })
    sender.ws.send(awarenessMessage({ clientId: 50002, clock: 1, json }))
    await waitFor(() => honest.provider.awareness.getStates().has(50002), 'the state is relayed')
    sender.ws.close()
    await waitFor(() => !honest.provider.awareness.getStates().has(50002), 'and removed when its connection leaves')
  })
})

describe('relaying presence', () => {
  /** The client ids of an awareness message (type 1), or null for another message. */
  function presenceIds(message: Uint8Array): number[] | null {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarUint(decoder) !== MessageType.awareness) return null
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
    const ids: number[] = []
    for (let i = decoding.readVarUint(update); i > 0; i--) {
      ids.push(decoding.readVarUint(update))
      decoding.readVarUint(update)
      decoding.readVarString(update)
    }
    return ids
  }

  it('a message whose every entry is new is passed on as it came; with an echo among them, only the new entries', async () => {
    const observer = await openedSocket(board.participantToken)
    const sender = await openedSocket(board.participantToken)
    const own = (clock: number) => ({ clientId: 50003, clock, json: `{ "identity": { "userId": "u-raw", "name": "Zo", "access": "participant" }, "n": ${clock} }` })
    const relayedFor = async (clock: number) => {
      await waitFor(() => observer.messages.some((m) => presenceIds(m)?.includes(50003)), 'the state is relayed')
      const message = observer.messages.find((m) => presenceIds(m)?.includes(50003)) as Uint8Array
      observer.messages.length = 0
      expect((honest.provider.awareness.getStates().get(50003) as { n?: number } | undefined)?.n ?? clock).toBe(clock)
      return message
    }

    const first = awarenessMessage(own(1))
    observer.messages.length = 0
    sender.ws.send(first)
    // Byte for byte, spaces in the JSON text and all: not parsed and written anew.
    expect(await relayedFor(1)).toEqual(first)

    // The honest client's state at the clock the server holds (an echo) beside a new state of its own.
    const honestId = honest.doc.clientID
    const echo = { clientId: honestId, clock: clockOf(honest, honestId), json: JSON.stringify(honest.provider.awareness.getLocalState()) }
    sender.ws.send(awarenessMessage(echo, own(2)))
    const second = await relayedFor(2)
    expect(presenceIds(second)).toEqual([50003])
    expect(sender.ws.readyState).toBe(sender.ws.OPEN)
    sender.ws.close()
    observer.ws.close()
    await waitFor(() => !honest.provider.awareness.getStates().has(50003), 'gone with its connection')
  })

  it('bytes after the last entry close the sender as malformed; nothing of it is passed on', async () => {
    const observer = await openedSocket(board.participantToken)
    const sender = await openedSocket(board.participantToken)
    // A valid entry, then 100 KB that no entry covers: relayed as it came, they would reach
    // everyone unchecked, past the presence limits.
    const update = encoding.createEncoder()
    encoding.writeVarUint(update, 1)
    encoding.writeVarUint(update, 50004)
    encoding.writeVarUint(update, 1)
    encoding.writeVarString(update, JSON.stringify({ identity: { userId: 'u-tail', name: 'Staart', access: 'participant' } }))
    encoding.writeUint8Array(update, new Uint8Array(100_000).fill(0x41))
    const message = encoding.createEncoder()
    encoding.writeVarUint(message, MessageType.awareness)
    encoding.writeVarUint8Array(message, encoding.toUint8Array(update))
    observer.messages.length = 0
    sender.ws.send(encoding.toUint8Array(message))
    expect((await sender.closed).code).toBe(CloseCode.malformedMessage)
    await new Promise((r) => setTimeout(r, 200))
    expect(observer.messages.filter((m) => presenceIds(m)?.includes(50004))).toEqual([])
    expect(honest.provider.awareness.getStates().has(50004)).toBe(false)
    expect(observer.ws.readyState).toBe(observer.ws.OPEN)
    observer.ws.close()
  })
})

describe('a presence client id belongs to the connection that introduced it', () => {
  const state = (name: string, access = 'participant') => JSON.stringify({ identity: { userId: `u-${name}`, name, access } })

  it('a reconnecting client (same access, same id) takes it over; the old connection is closed', async () => {
    const id = 60001
    const old = await openedSocket(board.participantToken)
    old.ws.send(awarenessMessage({ clientId: id, clock: 3, json: state('Voor') }))
    await waitFor(() => (honest.provider.awareness.getStates().get(id) as { identity?: { name: string } } | undefined)?.identity?.name === 'Voor', 'the first state')

    const renewed = await openedSocket(board.participantToken)
    // The stock client sends its state again with the same clock on reconnect: that changes nothing.
    renewed.ws.send(awarenessMessage({ clientId: id, clock: 3, json: state('Voor') }))
    renewed.ws.send(awarenessMessage({ clientId: id, clock: 4, json: state('Na') }))
    const { code, reason } = await old.closed
    expect(code).toBe(PresenceCloseCode.presenceTakenOver)
    expect(reason).toBe('presence taken over')
    await waitFor(() => (honest.provider.awareness.getStates().get(id) as { identity?: { name: string } } | undefined)?.identity?.name === 'Na', 'the new state')
    // The old connection's leaving did not remove the state that is now the new connection's.
    await new Promise((r) => setTimeout(r, 300))
    expect(honest.provider.awareness.getStates().has(id)).toBe(true)
    expect(renewed.ws.readyState).toBe(renewed.ws.OPEN)

    // The new connection may go on changing it; a newcomer sees it.
    renewed.ws.send(awarenessMessage({ clientId: id, clock: 5, json: state('Weer') }))
    await waitFor(() => (honest.provider.awareness.getStates().get(id) as { identity?: { name: string } } | undefined)?.identity?.name === 'Weer', 'a later state')
    const newcomer = await expectNewcomerJoinsAtOnce()
    expect(newcomer.provider.awareness.getStates().get(id)).toMatchObject({ identity: { name: 'Weer' } })

    // When it leaves, its state goes with it.
    renewed.ws.close()
    await waitFor(() => !honest.provider.awareness.getStates().has(id), 'the state leaves with its new connection')
    expect(server.events().some((e) => e.event === 'presence_taken_over')).toBe(true)
  })

  it('another kind of access may not send states for it (closed 4403), the owner carries on', async () => {
    const id = honest.doc.clientID
    const intruder = await openedSocket(board.residentToken)
    intruder.ws.send(awarenessMessage({ clientId: id, clock: clockOf(honest, id) + 5, json: state('Indringer', 'resident') }))
    const { code } = await intruder.closed
    expect(code).toBe(PresenceCloseCode.presenceNotOwned)
    await new Promise((r) => setTimeout(r, 200))
    expect(honest.provider.awareness.getStates().get(id)).toMatchObject({ identity: { name: 'Eerlijk' } })
    expectHonestUntouched()
    // The honest client's own next change still arrives everywhere.
    honest.provider.awareness.setLocalStateField('note', 'nog hier')
    const newcomer = await expectNewcomerJoinsAtOnce(board.facilitatorToken)
    await waitFor(() => (newcomer.provider.awareness.getStates().get(id) as { note?: string } | undefined)?.note === 'nog hier', 'the owner’s next state')
  })

  it('an older connection may not take over a newer one’s id', async () => {
    const older = await openedSocket(board.participantToken)
    const newer = await openedSocket(board.participantToken)
    newer.ws.send(awarenessMessage({ clientId: 60002, clock: 1, json: state('Nieuw') }))
    await waitFor(() => honest.provider.awareness.getStates().has(60002), 'the newer connection’s state')
    older.ws.send(awarenessMessage({ clientId: 60002, clock: 2, json: state('Oud') }))
    expect((await older.closed).code).toBe(PresenceCloseCode.presenceNotOwned)
    expect(honest.provider.awareness.getStates().get(60002)).toMatchObject({ identity: { name: 'Nieuw' } })
    newer.ws.close()
    await waitFor(() => !honest.provider.awareness.getStates().has(60002), 'gone with its connection')
  })

  it('honest clients echoing each other’s states close nobody', async () => {
    const a = await connectClient(server, board.id, board.participantToken)
    const b = await connectClient(server, board.id, board.residentToken)
    everyone.push(a, b)
    for (let i = 0; i < 10; i++) {
      a.provider.awareness.setLocalStateField('n', i)
      b.provider.awareness.setLocalStateField('n', i)
      await new Promise((r) => setTimeout(r, 20))
    }
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { n?: number } | undefined)?.n === 9, 'b sees a')
    await waitFor(() => (a.provider.awareness.getStates().get(b.doc.clientID) as { n?: number } | undefined)?.n === 9, 'a sees b')
    expect([...a.closeCodes, ...b.closeCodes, ...honest.closeCodes]).toEqual([])
  })
})

describe('a client that does not read what it is sent', () => {
  it('is terminated once its send buffer is over the bound; nobody else notices', async () => {
    const slow = await openedSocket(board.participantToken)
    // A large (allowed) state, then many requests for everyone's presence, without ever reading.
    slow.ws.send(awarenessMessage({ clientId: 70001, clock: 1, json: JSON.stringify({ note: 'x'.repeat(PRESENCE_MAX_CHARS - 100) }) }))
    await waitFor(() => honest.provider.awareness.getStates().has(70001), 'its state arrived')
    stopReading(slow.ws)
    for (let i = 0; i < 600; i++) slow.ws.send(new Uint8Array([MessageType.queryAwareness]))
    await waitFor(() => server.events().some((e) => e.event === 'send_buffer_full'), 'the server gave up on it')
    await waitFor(() => !honest.provider.awareness.getStates().has(70001), 'its state left with it')
    await expectNewcomerJoinsAtOnce()
    expectHonestUntouched()
    expect((await health(server)).ok).toBe(true)
    noInternalErrors()
    slow.ws.terminate()
  })
})
