import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { bindStoreToYDoc } from '../../client/sync/storeBinding'
import { flush, geoShape, makeStore } from '../helpers/tldrawStore'

// The stored form of a board is Y.encodeStateAsUpdateV2 of the server's garbage-collected doc
// (see docs/ydoc-layout.md). A long drag must not make it grow without bound.
it('10,000 drag updates of one shape grow the stored document by less than 50 KB', () => {
  const clientDoc = new Y.Doc()
  const serverDoc = new Y.Doc({ gc: true })
  clientDoc.on('update', (update: Uint8Array) => Y.applyUpdate(serverDoc, update))
  const store = makeStore()
  bindStoreToYDoc(store, clientDoc)
  const id = geoShape('dragged').id
  store.put([geoShape('dragged')])
  flush(store)
  const before = Y.encodeStateAsUpdateV2(serverDoc).byteLength

  for (let i = 1; i <= 10_000; i++) {
    const shape = store.get(id)!
    store.put([{ ...shape, x: i * 1.5, y: i * 0.75 }])
    flush(store)
  }

  const after = Y.encodeStateAsUpdateV2(serverDoc).byteLength
  expect(store.get(id)).toMatchObject({ x: 15_000, y: 7_500 })
  expect(after - before).toBeLessThan(50 * 1024)
})
