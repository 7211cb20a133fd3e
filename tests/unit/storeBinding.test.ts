import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { TLGeoShape, TLStore } from 'tldraw'
import { bindStoreToYDoc } from '../../client/sync/storeBinding'
import { getRecordsMap } from '../../shared/ydoc/layout'
import { flush, geoShape, makeStore, relay } from '../helpers/tldrawStore'

function participant() {
  const doc = new Y.Doc()
  const store = makeStore()
  return { doc, store }
}

function shapeIn(store: TLStore, key = 'card'): TLGeoShape {
  return store.get(geoShape(key).id) as TLGeoShape
}

function twoParticipants() {
  const a = participant()
  const b = participant()
  const net = relay([a.doc, b.doc])
  const bindingA = bindStoreToYDoc(a.store, a.doc)
  const bindingB = bindStoreToYDoc(b.store, b.doc)
  a.store.put([geoShape('card', { x: 10, y: 10 })])
  flush(a.store, b.store)
  return { a, b, net, bindingA, bindingB }
}

describe('store <-> Y.Doc binding', () => {
  it('carries a new shape from one store to the other', () => {
    const { b } = twoParticipants()
    expect(shapeIn(b.store)).toMatchObject({ x: 10, y: 10, type: 'geo' })
  })

  it("a shape moved by someone else keeps its props and meta objects, so tldraw does not draw its content again", () => {
    const { a, b } = twoParticipants()
    const before = shapeIn(b.store)
    a.store.put([{ ...shapeIn(a.store), x: 300, y: 200 }])
    flush(a.store, b.store)
    const moved = shapeIn(b.store)
    expect(moved).toMatchObject({ x: 300, y: 200 })
    expect(moved.props).toBe(before.props)
    expect(moved.meta).toBe(before.meta)
    // A change of what it says brings new props, equal to the sender's.
    a.store.put([{ ...shapeIn(a.store), props: { ...shapeIn(a.store).props, color: 'red' } }])
    flush(a.store, b.store)
    expect(shapeIn(b.store).props).not.toBe(before.props)
    expect(shapeIn(b.store).props).toEqual(shapeIn(a.store).props)
    expect(shapeIn(b.store).meta).toBe(before.meta)
  })

  it('a late joiner with an empty store gets every record from the document', () => {
    const { a } = twoParticipants()
    const late = participant()
    Y.applyUpdate(late.doc, Y.encodeStateAsUpdate(a.doc))
    bindStoreToYDoc(late.store, late.doc)
    expect(shapeIn(late.store)).toMatchObject({ x: 10, y: 10 })
  })

  it('merges per property: a drag and a recolour made at the same time both survive', () => {
    const { a, b, net } = twoParticipants()
    net.pause()
    a.store.put([{ ...shapeIn(a.store), x: 300, y: 200 }])
    b.store.put([{ ...shapeIn(b.store), props: { ...shapeIn(b.store).props, color: 'red' } }])
    flush(a.store, b.store)
    net.resume()
    flush(a.store, b.store)
    for (const { store } of [a, b]) {
      expect(shapeIn(store)).toMatchObject({ x: 300, y: 200 })
      expect(shapeIn(store).props.color).toBe('red')
    }
  })

  it('merges per property inside props: a rename and a recolour both survive', () => {
    const { a, b, net } = twoParticipants()
    net.pause()
    a.store.put([{ ...shapeIn(a.store), props: { ...shapeIn(a.store).props, geo: 'ellipse' } }])
    b.store.put([{ ...shapeIn(b.store), props: { ...shapeIn(b.store).props, color: 'blue' } }])
    flush(a.store, b.store)
    net.resume()
    for (const { store } of [a, b]) {
      expect(shapeIn(store).props).toMatchObject({ geo: 'ellipse', color: 'blue' })
    }
  })

  it('keeps a local edit that is still waiting for the frame flush when a remote edit arrives', () => {
    const { a, b } = twoParticipants()
    a.store.put([{ ...shapeIn(a.store), x: 500 }]) // not flushed yet
    b.store.put([{ ...shapeIn(b.store), props: { ...shapeIn(b.store).props, color: 'green' } }])
    flush(b.store) // B's edit reaches A while A's edit is pending
    flush(a.store)
    for (const { store } of [a, b]) {
      expect(shapeIn(store).x).toBe(500)
      expect(shapeIn(store).props.color).toBe('green')
    }
  })

  it('undo is personal: it reverts my drag and keeps the colour someone else chose', () => {
    const { a, b, bindingA } = twoParticipants()
    bindingA.undoManager.stopCapturing()
    a.store.put([{ ...shapeIn(a.store), x: 400 }])
    flush(a.store)
    b.store.put([{ ...shapeIn(b.store), props: { ...shapeIn(b.store).props, color: 'violet' } }])
    flush(b.store)
    bindingA.undo()
    for (const { store } of [a, b]) {
      expect(shapeIn(store).x).toBe(10)
      expect(shapeIn(store).props.color).toBe('violet')
    }
    bindingA.redo()
    for (const { store } of [a, b]) expect(shapeIn(store).x).toBe(400)
  })

  it('undo never reverts another participant’s change, even with nothing of mine to undo', () => {
    const { a, b, bindingB } = twoParticipants()
    a.store.put([{ ...shapeIn(a.store), y: 99 }])
    flush(a.store)
    bindingB.undo()
    expect(shapeIn(b.store).y).toBe(99)
    expect(shapeIn(a.store).y).toBe(99)
  })

  it('remote changes do not echo back into the document', () => {
    const { a, b } = twoParticipants()
    let updatesFromB = 0
    b.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin !== 'relay') updatesFromB++
    })
    a.store.put([{ ...shapeIn(a.store), x: 42 }])
    flush(a.store, b.store)
    expect(shapeIn(b.store).x).toBe(42)
    expect(updatesFromB).toBe(0)
  })

  it('remote changes do not enter the local tldraw history', () => {
    const { a, b } = twoParticipants()
    const userChanges: string[] = []
    b.store.listen(({ changes }) => userChanges.push(...Object.keys(changes.updated)), {
      source: 'user',
    })
    a.store.put([{ ...shapeIn(a.store), x: 77 }])
    flush(a.store, b.store)
    expect(shapeIn(b.store).x).toBe(77)
    expect(userChanges).toEqual([])
  })

  it('skips and counts an invalid record from the network; the rest still arrives', () => {
    const { a, b, bindingB } = twoParticipants()
    const records = getRecordsMap(a.doc)
    a.doc.transact(() => {
      // A shape whose props are garbage, a record of a type nobody knows, and a valid one.
      const bad = new Y.Map<unknown>()
      for (const [k, v] of Object.entries(geoShape('bad'))) bad.set(k, v)
      bad.set('props', new Y.Map(Object.entries({ w: 'wide', geo: 'hexagon-ish' })))
      records.set(geoShape('bad').id, bad)
      const unknown = new Y.Map<unknown>()
      unknown.set('id', 'spaceship:1')
      unknown.set('typeName', 'spaceship')
      records.set('spaceship:1', unknown)
    }, 'attacker')
    a.store.put([geoShape('good', { x: 5 })])
    flush(a.store, b.store)
    expect(bindingB.invalidRecordCount()).toBe(2)
    expect(b.store.get(geoShape('bad').id)).toBeUndefined()
    expect(b.store.get('spaceship:1' as never)).toBeUndefined()
    expect(shapeIn(b.store, 'good').x).toBe(5)
  })

  it('keeps the last valid version when a remote edit makes a record invalid', () => {
    const { a, b, bindingB } = twoParticipants()
    const yShape = getRecordsMap(a.doc).get(geoShape('card').id)!
    ;(yShape.get('props') as Y.Map<unknown>).set('color', 'not-a-colour')
    expect(bindingB.invalidRecordCount()).toBe(1)
    expect(shapeIn(b.store).props.color).toBe('black')
    b.store.put([{ ...shapeIn(b.store), x: 1 }])
    flush(b.store)
    expect(shapeIn(b.store).x).toBe(1)
  })

  it('a deletion reaches the other participant', () => {
    const { a, b } = twoParticipants()
    a.store.remove([geoShape('card').id])
    flush(a.store)
    expect(shapeIn(b.store)).toBeUndefined()
  })

  it('reads others\' changes into the store once per scheduled frame, however many arrive', () => {
    const a = participant()
    const b = participant()
    relay([a.doc, b.doc])
    const frames: Array<() => void> = []
    bindStoreToYDoc(a.store, a.doc)
    const bindingB = bindStoreToYDoc(b.store, b.doc, { schedule: (work) => frames.push(work) })
    a.store.put([geoShape('card', { x: 10, y: 10 })])
    flush(a.store)
    frames.shift()?.()
    let remoteCommits = 0
    const stop = b.store.listen(() => remoteCommits++, { source: 'remote', scope: 'document' })
    for (let step = 1; step <= 5; step++) {
      a.store.put([{ ...shapeIn(a.store), x: 10 + step }])
      flush(a.store)
    }
    // Nothing drawn yet: the document has every step, the store waits for the frame.
    expect(frames).toHaveLength(1)
    expect(shapeIn(b.store).x).toBe(10)
    frames.shift()!()
    flush(b.store)
    expect(shapeIn(b.store).x).toBe(15)
    expect(remoteCommits).toBe(1)
    // Her own undo does not wait for a frame.
    b.store.put([{ ...shapeIn(b.store), y: 99 }])
    flush(b.store)
    bindingB.undo()
    expect(shapeIn(b.store).y).toBe(10)
    stop()
  })
})
