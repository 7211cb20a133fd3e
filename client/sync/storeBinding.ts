/**
 * Keeps a tldraw store and a board's Y.Doc in step, both ways.
 *
 * - Local edits (store changes of source 'user', document scope) are written into the Y.Doc as
 *   per-property diffs in one transaction with origin LOCAL_ORIGIN.
 * - Everything else that changes the Y.Doc (the network, our own undo manager) is read back into
 *   the store with `mergeRemoteChanges`, so it is not part of tldraw's local history and is not
 *   echoed back. Each record is validated against the store's schema first; an invalid one is
 *   skipped and counted and never reaches the editor.
 * - Undo is personal: a Y.UndoManager that tracks only LOCAL_ORIGIN reverts this participant's own
 *   changes and leaves other people's concurrent edits alone.
 *
 * No DOM here: the unit tests run it in Node against a real store and real Y.Docs.
 */
import * as Y from 'yjs'
import type { TLRecord, TLStore } from 'tldraw'
import {
  getRecordsMap,
  jsonEqual,
  recordToYMap,
  writeRecordDiff,
  yMapToRecord,
  type JsonObject,
  type RecordJson,
} from '../../shared/ydoc/layout'

/** Transaction origin of edits made through this client's tldraw store. */
export const LOCAL_ORIGIN = 'tafelbord:local-store'

/** How long consecutive local edits are grouped into one undo step (one drag, one typed word). */
const UNDO_CAPTURE_MS = 500

export interface InvalidRecordReport {
  id: string
  reason: string
}

export interface StoreBindingOptions {
  /** Called for every record from the Y.Doc that failed validation and was skipped. */
  onInvalidRecord?(report: InvalidRecordReport): void
  /**
   * When to read others' changes into the store: called with the work to run later (in a browser,
   * just after the next frame: `afterNextFrame`). Without it they are read at once, as in the Node tests.
   */
  schedule?(work: () => void): void
}

/**
 * Runs `work` in a task of its own just after the next frame is drawn, or after 100 ms at the
 * latest: a hidden tab draws no frames, and its store should still follow the document.
 * Not inside the frame's own callback: tldraw's recomputation after a merge and the frame's style,
 * paint and layerize in one task made most of the page's long tasks (npm run bench, client).
 */
export function afterNextFrame(work: () => void): void {
  let done = false
  const once = () => {
    if (done) return
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    work()
  }
  const frame = requestAnimationFrame(() => setTimeout(once, 0))
  const timer = setTimeout(once, 100)
}

export interface StoreBinding {
  readonly undoManager: Y.UndoManager
  /** Number of records from the network that were skipped because they were invalid. */
  invalidRecordCount(): number
  undo(): void
  redo(): void
  /** Runs `work` as one undo step of its own, never merged with an edit just before or after. */
  asOwnUndoStep(work: () => void): void
  dispose(): void
}

function isDocumentRecord(store: TLStore, record: { typeName: string }): boolean {
  return store.schema.types[record.typeName as TLRecord['typeName']]?.scope === 'document'
}

/** Validates plain JSON as a record of this store's schema; throws with a reason when invalid. */
function validateRecord(store: TLStore, json: JsonObject, id: string): TLRecord {
  const typeName = json.typeName
  if (typeof typeName !== 'string') throw new Error('record has no typeName')
  const type = store.schema.types[typeName as TLRecord['typeName']]
  if (!type) throw new Error(`unknown record type "${typeName}"`)
  if (type.scope !== 'document') throw new Error(`record type "${typeName}" is not document-scoped`)
  if (json.id !== id) throw new Error('record id does not match its key')
  return type.validate(json) as TLRecord
}

/**
 * The record with the store's own `props` and `meta` objects where they did not change. tldraw
 * draws a shape's content again only when their identity changes (areShapesContentEqual), and a
 * card moved by someone else arrives as a new record with new but equal ones on every step of
 * the drag: without this, every card being dragged re-rendered about 10 times a second.
 */
function keepUnchangedParts(store: TLStore, next: TLRecord): TLRecord {
  if (next.typeName !== 'shape') return next
  const current = store.get(next.id)
  if (current?.typeName !== 'shape') return next
  const props = jsonEqual(current.props, next.props) ? current.props : next.props
  const meta = jsonEqual(current.meta, next.meta) ? current.meta : next.meta
  return props === next.props && meta === next.meta ? next : ({ ...next, props, meta } as TLRecord)
}

/**
 * Binds `store` to `doc`. The Y.Doc is the source of truth: if it already holds records they
 * replace the store's document records; if it is empty, the store's document records seed it.
 */
export function bindStoreToYDoc(
  store: TLStore,
  doc: Y.Doc,
  options: StoreBindingOptions = {},
): StoreBinding {
  const yRecords = getRecordsMap(doc)
  let invalidCount = 0

  const reportInvalid = (id: string, error: unknown) => {
    invalidCount++
    options.onInvalidRecord?.({ id, reason: error instanceof Error ? error.message : String(error) })
  }

  /** Reads the given ids from the Y.Doc into the store as remote changes. */
  const pullFromDoc = (ids: Iterable<string>) => {
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const id of ids) {
      const yRecord = yRecords.get(id)
      if (yRecord instanceof Y.Map) {
        try {
          toPut.push(keepUnchangedParts(store, validateRecord(store, yMapToRecord(yRecord), id)))
        } catch (error) {
          reportInvalid(id, error)
        }
      } else if (store.has(id as TLRecord['id'])) {
        toRemove.push(id as TLRecord['id'])
      }
    }
    if (toPut.length === 0 && toRemove.length === 0) return
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove)
      // Put one by one: a record that the store itself still rejects must not take the rest down.
      for (const record of toPut) {
        try {
          store.put([record])
        } catch (error) {
          reportInvalid(record.id, error)
        }
      }
    })
  }

  // Initial state.
  if (yRecords.size === 0) {
    doc.transact(() => {
      for (const record of store.allRecords()) {
        if (isDocumentRecord(store, record)) {
          yRecords.set(record.id, recordToYMap(record as unknown as RecordJson))
        }
      }
    }, LOCAL_ORIGIN)
  } else {
    const stale = store
      .allRecords()
      .filter((r) => isDocumentRecord(store, r) && !yRecords.has(r.id))
      .map((r) => r.id)
    if (stale.length) store.mergeRemoteChanges(() => store.remove(stale))
    pullFromDoc(yRecords.keys())
  }

  // Store -> Y.Doc: only the user's own document changes.
  const stopListening = store.listen(
    ({ changes }) => {
      doc.transact(() => {
        for (const record of Object.values(changes.added)) {
          yRecords.set(record.id, recordToYMap(record as unknown as RecordJson))
        }
        for (const [from, to] of Object.values(changes.updated)) {
          const yRecord = yRecords.get(to.id)
          if (yRecord instanceof Y.Map) {
            writeRecordDiff(yRecord, from as unknown as JsonObject, to as unknown as JsonObject)
          } else {
            // Someone removed it while we edited it: our edit brings it back whole.
            yRecords.set(to.id, recordToYMap(to as unknown as RecordJson))
          }
        }
        for (const record of Object.values(changes.removed)) {
          yRecords.delete(record.id)
        }
      }, LOCAL_ORIGIN)
    },
    { source: 'user', scope: 'document' },
  )

  // Y.Doc -> store: the network and our undo manager. Records changed by others are read into
  // the store once per frame (options.schedule), not once per update: every store commit makes
  // tldraw recompute bounds and run its reactions, and five people dragging send more updates
  // than a screen draws frames. The Y.Doc holds every change at once; only the view waits.
  const pending = new Set<string>()
  let scheduled = false
  let disposed = false
  const pullPending = () => {
    scheduled = false
    if (disposed || pending.size === 0) return
    // tldraw hands its changes to listeners once per frame. Write ours first, so that reading a
    // record back from the Y.Doc cannot overwrite a local edit that is still waiting.
    store._flushHistory()
    const ids = [...pending]
    pending.clear()
    pullFromDoc(ids)
  }
  const onDeepChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL_ORIGIN) return
    for (const event of events) {
      if (event.target === yRecords) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) pending.add(key)
      } else {
        const [recordId] = event.path
        if (typeof recordId === 'string') pending.add(recordId)
      }
    }
    if (pending.size === 0 || scheduled) return
    if (!options.schedule) {
      pullPending()
      return
    }
    scheduled = true
    options.schedule(pullPending)
  }
  yRecords.observeDeep(onDeepChange)

  const undoManager = new Y.UndoManager(yRecords as Y.AbstractType<unknown>, {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    captureTimeout: UNDO_CAPTURE_MS,
  })

  return {
    undoManager,
    invalidRecordCount: () => invalidCount,
    undo() {
      store._flushHistory()
      undoManager.undo()
      // Her own undo shows at once, with whatever else was waiting.
      pullPending()
    },
    redo() {
      store._flushHistory()
      undoManager.redo()
      pullPending()
    },
    asOwnUndoStep(work) {
      // tldraw hands changes over once per frame: flush, so the step boundaries fall where we say.
      store._flushHistory()
      undoManager.stopCapturing()
      work()
      store._flushHistory()
      undoManager.stopCapturing()
    },
    dispose() {
      disposed = true
      stopListening()
      yRecords.unobserveDeep(onDeepChange)
      undoManager.destroy()
    },
  }
}

