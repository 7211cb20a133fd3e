import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { DecidedCardGuard } from '../../../server/decidedCardGuard'
import { getRecordsMap, readAllRecords, recordToYMap, yMapToRecord } from '../../../shared/ydoc/layout'
import { relationKey, relationRecordIds } from '../../../shared/ydoc/relations'
import { addAction, addDomain, newBoardDoc, putRecord, shapeRecord } from '../../helpers/domainFixtures'

const ACTION = 'shape:act-budgetcoach'
const DOMAIN = 'shape:dom-financien'

/** A board with one decided action, bound to its domain by a relation arrow, as the client draws it. */
function board() {
  const doc = newBoardDoc()
  addDomain(doc, DOMAIN, 'financien')
  addAction(doc, ACTION, { what: 'Budgetcoach inzetten', domainIds: [DOMAIN] })
  const ids = relationRecordIds(relationKey({ from: ACTION, to: DOMAIN }))
  putRecord(doc, { ...shapeRecord(ids.arrow, 'arrow', { color: 'grey' }), meta: { relation: relationKey({ from: ACTION, to: DOMAIN }) } })
  for (const [id, terminal, toId] of [[ids.start, 'start', ACTION], [ids.end, 'end', DOMAIN]] as const) {
    putRecord(doc, { id, typeName: 'binding', type: 'arrow', fromId: ids.arrow, toId, props: { terminal }, meta: {} })
  }
  const guard = new DecidedCardGuard(doc, () => [ACTION])
  return { doc, guard, ids }
}

/** A change as another client makes it: in its own doc, then applied here as an update. */
function fromClient(doc: Y.Doc, change: (client: Y.Doc) => void) {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(client)
  change(client)
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(client, before), 'client')
}

const action = (doc: Y.Doc) => readAllRecords(doc).get(ACTION)

describe('decided card guard', () => {
  it('writes a deleted decided card back, with its relation arrow and bindings, as the server', () => {
    const { doc, guard, ids } = board()
    const before = action(doc)
    const origins: unknown[] = []
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin))
    fromClient(doc, (client) => {
      for (const id of [ACTION, ids.arrow, ids.start, ids.end]) getRecordsMap(client).delete(id)
    })
    expect(action(doc)).toBeUndefined()
    expect(guard.check(false)).toEqual({ restored: [ACTION], removed: [] })
    expect(action(doc)).toEqual(before)
    for (const id of [ids.arrow, ids.start, ids.end]) expect(getRecordsMap(doc).has(id)).toBe(true)
    expect(origins).toEqual(['client', 'tafelbord:server'])
  })

  it('keeps what others changed on the card meanwhile (a move), and restores that version', () => {
    const { doc, guard } = board()
    fromClient(doc, (client) => getRecordsMap(client).get(ACTION)!.set('x', 480))
    expect(guard.check(false).restored).toEqual([])
    fromClient(doc, (client) => getRecordsMap(client).delete(ACTION))
    guard.check(false)
    expect(action(doc)?.x).toBe(480)
  })

  it('undoes an overwrite of the record, a change of type and a move to another page', () => {
    for (const change of [
      (client: Y.Doc) => getRecordsMap(client).set(ACTION, recordToYMap(shapeRecord(ACTION, 'action', { what: 'iets anders' }))),
      (client: Y.Doc) => getRecordsMap(client).get(ACTION)!.set('type', 'geo'),
      (client: Y.Doc) => {
        putRecord(client, { id: 'page:other', typeName: 'page', name: 'Elders', index: 'a2', meta: {} })
        getRecordsMap(client).get(ACTION)!.set('parentId', 'page:other')
      },
    ]) {
      const { doc, guard } = board()
      const before = action(doc)
      fromClient(doc, change)
      expect(guard.check(false).restored).toEqual([ACTION])
      expect(action(doc)).toEqual(before)
    }
  })

  it('brings the page back when someone deletes the page the card is on', () => {
    const { doc, guard } = board()
    fromClient(doc, (client) => getRecordsMap(client).delete('page:page'))
    expect(guard.check(false).restored).toEqual([ACTION])
    expect(getRecordsMap(doc).has('page:page')).toBe(true)
    expect(yMapToRecord(getRecordsMap(doc).get(ACTION)!).parentId).toBe('page:page')
  })

  it('lets the facilitator take it off the board, reporting the card as it was', () => {
    const { doc, guard } = board()
    const before = action(doc)
    fromClient(doc, (client) => getRecordsMap(client).delete(ACTION))
    const result = guard.check(true)
    expect(result.restored).toEqual([])
    expect(result.removed.map((c) => c.card)).toEqual([before])
    expect(result.removed[0].related.map((r) => r.id)).toContain('page:page')
    expect(action(doc)).toBeUndefined()
    expect(guard.watchedCount).toBe(0)
  })

  it('leaves undecided cards alone', () => {
    const { doc, guard } = board()
    addAction(doc, 'shape:other', { what: 'Iets anders' })
    fromClient(doc, (client) => getRecordsMap(client).delete('shape:other'))
    expect(guard.check(false)).toEqual({ restored: [], removed: [] })
    expect(getRecordsMap(doc).has('shape:other')).toBe(false)
  })
})
