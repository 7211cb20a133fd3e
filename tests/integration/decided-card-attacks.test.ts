/**
 * A participant's raw Yjs client trying every other way to make her decided action disappear
 * from the board or from the record (found in review): broken props, a deleted frame or page, a
 * page record overwritten, deletes aimed at clocks nobody has written yet, and a cut-off update
 * that Yjs would half apply. Each time the card stays, on every screen and on disk, and nobody is
 * blamed for a removal they did not make.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMeetingSnapshot } from '../../shared/ydoc/snapshot'
import { MessageType, type CreateBoardResponse } from '../../shared/protocol'
import { getRecordsMap, yMapToRecord } from '../../shared/ydoc/layout'
import { readRemovals } from '../../shared/ydoc/meetingDoc'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import {
  openSyncedRawEditor,
  putActionCard,
  putRecord,
  putResidentCard,
  readStoredDoc,
  recordDecision,
  registerParticipant,
  shapeRecord,
} from '../helpers/meetingFixtures'
import { connectClient, createBoard, waitFor, type Client } from './support'

let server: ServerProcess
const clients: Client[] = []
const COACH = 'shape:budgetcoach'
const OTHER = 'shape:advocaat'

async function join(room: string, token: string): Promise<Client> {
  const client = await connectClient(server, room, token)
  clients.push(client)
  return client
}

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await cleanupServers()
})

async function boardWithHerNo() {
  const board = await createBoard(server)
  const facilitator = await join(board.id, board.facilitatorToken)
  putRecord(facilitator.doc, { id: 'page:page', typeName: 'page', name: 'Pagina 1', index: 'a1', meta: {} })
  putResidentCard(facilitator.doc, 'shape:bewoner', { name: 'Ansaj' })
  putActionCard(facilitator.doc, COACH, { what: 'Budgetcoach inzetten' }, 300)
  putActionCard(facilitator.doc, OTHER, { what: 'Advocaat zoeken' }, 600)
  const watcher = await join(board.id, board.residentToken)
  await waitFor(() => getRecordsMap(watcher.doc).has(OTHER), 'cards on the server')
  await registerParticipant(server, board.id, board.facilitatorToken, { userId: 'u-f', name: 'Femke', role: 'gespreksleider' })
  const decided = await recordDecision(server, board.id, board.facilitatorToken, {
    actionId: COACH, decision: 'declined', residentWords: 'Mijn man wil geen controle thuis', recordedBy: { userId: 'u-f' },
  })
  expect(decided.status).toBe(201)
  const meeting = await join(`${board.id}/meeting`, board.participantToken)
  return { board, facilitator, watcher, meeting }
}

/** What a screen that joins now sees of her card. */
async function freshCard(board: CreateBoardResponse): Promise<Record<string, unknown> | null> {
  const fresh = await join(board.id, board.participantToken)
  await waitFor(() => getRecordsMap(fresh.doc).has(OTHER), 'a fresh client synced')
  const meeting = await join(`${board.id}/meeting`, board.participantToken)
  await waitFor(() => readMeetingSnapshot(fresh.doc, meeting.doc).decisions.length > 0, 'decisions synced')
  const snapshot = readMeetingSnapshot(fresh.doc, meeting.doc)
  const card = snapshot.actions.find((a) => a.id === COACH)
  return card ? (yMapToRecord(getRecordsMap(fresh.doc).get(COACH)!) as Record<string, unknown>) : null
}

describe('a decided card against a raw client', () => {
  it('broken props (replaced, deleted) and an invisible card are written back', async () => {
    const { board, watcher } = await boardWithHerNo()
    const raw = await openSyncedRawEditor(server, board.id, board.participantToken, watcher.doc)
    raw.edit((doc) => getRecordsMap(doc).get(COACH)!.set('props', new Y.Map([['garbage', 1]])))
    raw.edit((doc) => getRecordsMap(doc).get(COACH)!.delete('props'))
    raw.edit((doc) => getRecordsMap(doc).get(COACH)!.set('opacity', 0))
    raw.edit((doc) => getRecordsMap(doc).get(COACH)!.set('x', 'ver weg'))
    await raw.barrier()
    const card = await freshCard(board)
    expect(card).not.toBeNull()
    expect((card!.props as { what: string }).what).toBe('Budgetcoach inzetten')
    expect(card!.opacity).toBe(1)
    expect(typeof card!.x).toBe('number')
    raw.ws.close()
  })

  it('a deleted frame or an overwritten page record does not take the card with it', async () => {
    const { board, facilitator, watcher } = await boardWithHerNo()
    facilitator.doc.transact(() => {
      putRecord(facilitator.doc, { ...shapeRecord('shape:frame', 'frame', { w: 2000, h: 2000, name: '', color: 'black' }), index: 'a0' })
      getRecordsMap(facilitator.doc).get(COACH)!.set('parentId', 'shape:frame')
    })
    await waitFor(() => getRecordsMap(watcher.doc).get(COACH)?.get('parentId') === 'shape:frame', 'the card is in the frame')
    const raw = await openSyncedRawEditor(server, board.id, board.participantToken, watcher.doc)
    raw.edit((doc) => {
      getRecordsMap(doc).delete('shape:frame')
      getRecordsMap(doc).delete(COACH)
    })
    await raw.barrier()
    let card = await freshCard(board)
    expect(card?.parentId).toBe('page:page')
    raw.edit((doc) => getRecordsMap(doc).set('page:page', new Y.Map<unknown>([['typeName', 'nonsense']])))
    await raw.barrier()
    card = await freshCard(board)
    expect(card).not.toBeNull()
    expect(getRecordsMap(readStoredDoc(server.dataDir, board.id, 'board')).get('page:page')?.get('typeName')).toBe('page')
    raw.ws.close()
  })

  it('deletes aimed at clocks nobody has written yet are refused: the connection closes, nothing waits', async () => {
    const { board, facilitator, watcher, meeting } = await boardWithHerNo()
    const raw = await openSyncedRawEditor(server, board.id, board.participantToken, watcher.doc)
    const state = Y.decodeStateVector(Y.encodeStateVector(raw.doc))
    // A million clocks ahead of every client the server knows (its own included).
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    encoding.writeVarUint(encoder, state.size)
    for (const [client, clock] of state) {
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarUint(encoder, clock)
      encoding.writeVarUint(encoder, 1_000_000)
    }
    const message = encoding.createEncoder()
    encoding.writeVarUint(message, MessageType.sync)
    syncProtocol.writeUpdate(message, encoding.toUint8Array(encoder))
    raw.ws.send(encoding.toUint8Array(message))
    expect((await raw.closed).code).toBe(4400)
    // The facilitator's next edits and the server's own writes are not eaten by waiting deletes.
    facilitator.doc.transact(() => getRecordsMap(facilitator.doc).get(OTHER)!.set('x', 42))
    putActionCard(facilitator.doc, 'shape:nieuw', { what: 'Nieuwe afspraak' }, 900)
    await waitFor(() => getRecordsMap(watcher.doc).has('shape:nieuw'), 'her new card arrives')
    expect(await freshCard(board)).not.toBeNull()
    expect(readRemovals(meeting.doc)).toEqual([])
  })

  it('a cut-off update is refused whole: nothing of it is applied, nobody is blamed', async () => {
    const { board, facilitator, watcher, meeting } = await boardWithHerNo()
    const raw = await openSyncedRawEditor(server, board.id, board.participantToken, watcher.doc)
    // Overwrite her card, then cut the update off inside its delete set.
    const before = Y.encodeStateVector(raw.doc)
    const probe = new Y.Doc()
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(raw.doc))
    probe.transact(() => getRecordsMap(probe).set(COACH, new Y.Map<unknown>([['typeName', 'shape'], ['type', 'geo']])))
    const full = Y.encodeStateAsUpdate(probe, before)
    const cut = full.slice(0, full.length - 1)
    const message = encoding.createEncoder()
    encoding.writeVarUint(message, MessageType.sync)
    syncProtocol.writeUpdate(message, cut)
    raw.ws.send(encoding.toUint8Array(message))
    expect((await raw.closed).code).toBe(4400)
    facilitator.doc.transact(() => getRecordsMap(facilitator.doc).get(OTHER)!.set('x', 7))
    await waitFor(() => getRecordsMap(watcher.doc).get(OTHER)?.get('x') === 7, 'the facilitator edits on')
    expect(getRecordsMap(facilitator.doc).get(COACH)?.get('type')).toBe('action')
    expect((await freshCard(board))?.type).toBe('action')
    expect(readRemovals(meeting.doc)).toEqual([])
  })

  it("the facilitator deleting the card's page is a removal, noted with her name", async () => {
    const { facilitator, meeting } = await boardWithHerNo()
    facilitator.doc.transact(() => {
      putRecord(facilitator.doc, { id: 'page:two', typeName: 'page', name: 'Pagina 2', index: 'a2', meta: {} })
    })
    facilitator.doc.transact(() => getRecordsMap(facilitator.doc).delete('page:page'))
    await waitFor(() => readRemovals(meeting.doc).length === 1, 'the removal is noted')
    expect(readRemovals(meeting.doc)[0]).toMatchObject({ actionId: COACH, removedBy: { name: 'Femke', role: 'gespreksleider' } })
  })
})
