/**
 * Nobody can act as someone else: a participant link cannot take over the facilitator's entry,
 * the resident cannot sign as the facilitator, and a participant cannot announce itself as the
 * facilitator in presence (which would make every screen follow it).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { cleanupServers, startServer } from '../helpers/serverProcess'
import { api, putActionCard, recordDecision, registerParticipant } from '../helpers/meetingFixtures'
import { connectClient, createBoard, expectLogsClean, waitFor } from './support'

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

describe('acting as someone else', () => {
  it('a stranger is refused before the server reads a large body', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    const big = JSON.stringify({ pictureSvg: `<svg>${'x'.repeat(9 * 1024 * 1024)}</svg>` })
    const wrong = await api(server, 'POST', `/api/boards/${board.id}/close`, 'y'.repeat(43), big)
    expect(wrong.status).toBe(401)
    const unknown = await api(server, 'POST', `/api/boards/${'z'.repeat(22)}/close`, board.facilitatorToken, big)
    expect(unknown.status).toBe(404)
  })

  it('a participant link cannot re-register the facilitator’s user id', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    expect((await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-fatima', name: 'Fatima', role: 'gespreksleider' })).status).toBe(200)
    const takeover = await registerParticipant(server, board.id, board.participantToken, { userId: 'u-fatima', name: 'X', role: 'bewoner' })
    expect(takeover.status).toBe(403)
    // The facilitator herself may still update her entry.
    const own = await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-fatima', name: 'Fatima B.', role: 'gespreksleider' })
    expect(own.status).toBe(200)
    expect((own.body as { participant: { name: string; access: string } }).participant).toMatchObject({ name: 'Fatima B.', access: 'facilitator' })
  })

  it('two people with the same participant link cannot change each other’s entry', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    const mark = { userId: 'u-mark', name: 'Mark', role: 'professional', key: 'mark-secret-key-1234567' }
    expect((await registerParticipant(server, board.id, board.participantToken, mark)).status).toBe(200)
    const other = await registerParticipant(server, board.id, board.participantToken, { ...mark, name: 'Niet Mark', key: 'someone-elses-key-98765' })
    expect(other.status).toBe(403)
    const keyless = await registerParticipant(server, board.id, board.participantToken, { userId: 'u-mark', name: 'Niet Mark', role: 'professional' })
    expect(keyless.status).toBe(403)
    const himself = await registerParticipant(server, board.id, board.participantToken, { ...mark, organisation: 'Kinderrechtswinkel' })
    expect(himself.status).toBe(200)
    expect((himself.body as { participant: { name: string; organisation: string } }).participant).toMatchObject({ name: 'Mark', organisation: 'Kinderrechtswinkel' })
  })

  it('the resident records decisions under her own name only', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    const editor = await connectClient(server, board.id, board.facilitatorToken)
    putActionCard(editor.doc, 'shape:act', { what: 'Advocaat bellen' })
    await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-f', name: 'Fatima', role: 'gespreksleider' })
    await registerParticipant(server, board.id, board.residentToken, { userId: 'u-r', name: 'Ansaj', role: 'bewoner' })
    await api(server, 'PATCH', `/api/boards/${board.id}/meeting`, board.facilitatorToken, { residentMayDecide: true })
    await waitFor(async () => (await recordDecision(server, board.id, board.residentToken, { actionId: 'shape:act', decision: 'agreed', recordedBy: { userId: 'u-r' } })).status === 201, 'her own decision')
    const asFacilitator = await recordDecision(server, board.id, board.residentToken, { actionId: 'shape:act', decision: 'declined', recordedBy: { userId: 'u-f' } })
    expect(asFacilitator.status).toBe(403)
    editor.destroy()
  })

  it('presence that claims another access than the token gives is not passed on', async () => {
    const server = await startServer()
    const board = await createBoard(server)
    const watcher = await connectClient(server, board.id, board.facilitatorToken)
    const faker = await connectClient(server, board.id, board.participantToken)
    const seen = new Set<string>()
    watcher.provider.awareness.on('change', () => {
      for (const state of watcher.provider.awareness.getStates().values()) {
        const identity = (state as { identity?: { name: string; access: string } }).identity
        if (identity) seen.add(`${identity.name}/${identity.access}`)
      }
    })
    faker.provider.awareness.setLocalStateField('identity', { userId: 'u-x', name: 'Mallory', access: 'facilitator' })
    faker.provider.awareness.setLocalStateField('leading', true)
    // Then an honest state on the same socket: once it arrives, the fake one has been handled.
    faker.provider.awareness.setLocalStateField('identity', { userId: 'u-x', name: 'Mallory', access: 'participant' })
    await waitFor(() => seen.has('Mallory/participant'), 'the honest state is seen')
    expect(seen.has('Mallory/facilitator')).toBe(false)
    for (const c of [watcher, faker]) c.destroy()
  })
})
