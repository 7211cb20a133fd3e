/** Real tldraw stores and Y.Docs for unit tests of the binding, wired without a network. */
import * as Y from 'yjs'
import {
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  DocumentRecordType,
  GeoShapeUtil,
  PageRecordType,
  type TLGeoShape,
  type TLStore,
} from 'tldraw'

// Under NODE_ENV=test tldraw hands store changes to listeners synchronously. Browsers get them once
// per animation frame, and the binding must be right for that timing, so the tests use it too.
const g = globalThis as Record<string, unknown>
g.__FORCE_RAF_IN_TESTS__ = true
g.requestAnimationFrame ??= (cb: (t: number) => void) => setTimeout(() => cb(Date.now()), 16)
g.cancelAnimationFrame ??= (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle)

export const PAGE_ID = PageRecordType.createId('page')

export function makeStore(): TLStore {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  if (!store.has(DocumentRecordType.createId('document'))) {
    store.put([DocumentRecordType.create({ id: DocumentRecordType.createId('document') })])
  }
  if (!store.has(PAGE_ID)) store.put([PageRecordType.create({ id: PAGE_ID, name: 'Page 1', index: 'a1' as never })])
  return store
}

const geoDefaults = new (GeoShapeUtil as unknown as new (editor: unknown) => GeoShapeUtil)(
  {},
).getDefaultProps()

export function geoShape(key: string, overrides: Partial<TLGeoShape> = {}): TLGeoShape {
  return {
    id: createShapeId(key),
    typeName: 'shape',
    type: 'geo',
    parentId: PAGE_ID,
    index: 'a1' as TLGeoShape['index'],
    x: 0,
    y: 0,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    ...overrides,
    props: { ...geoDefaults, ...(overrides.props ?? {}) },
  }
}

/** Sends every update of each doc to the others, like a relay server, unless `paused`. */
export function relay(docs: Y.Doc[]) {
  const state = { paused: false, queue: [] as Array<() => void> }
  for (const from of docs) {
    from.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'relay') return
      for (const to of docs) {
        if (to === from) continue
        const deliver = () => Y.applyUpdate(to, update, 'relay')
        if (state.paused) state.queue.push(deliver)
        else deliver()
      }
    })
  }
  return {
    pause() {
      state.paused = true
    },
    resume() {
      state.paused = false
      const queued = state.queue.splice(0)
      for (const deliver of queued) deliver()
    },
  }
}

/** tldraw hands store changes to listeners once per frame; tests flush explicitly. */
export function flush(...stores: TLStore[]) {
  for (const store of stores) store._flushHistory()
}
