/**
 * The server's watch over decided action cards (the rule and the Y.Doc work are in
 * shared/ydoc/decidedCards.ts). It keeps each decided card as it last was; after every accepted
 * client update it looks at the cards that update touched: a card still in place is captured
 * anew, a card that is gone is written back — unless the facilitator removed it, which is then
 * reported so the server can note who took it off the board and when.
 */
import * as Y from 'yjs'
import { captureCard, cardIsIntact, writeCardBack, type CardCapture } from '../shared/ydoc/decidedCards'
import { getRecordsMap } from '../shared/ydoc/layout'
import { relationKey, relationRecordIds, relationsFromCard } from '../shared/ydoc/relations'
import { SERVER_ORIGIN } from '../shared/ydoc/meetingDoc'

/** The nested maps of a record whose change is a change of the card. */
const NESTED_MAPS = ['props', 'meta'] as const

interface Watched {
  capture: CardCapture
  /** Record ids whose change may concern this card: itself, its page, its relation arrows and bindings. */
  watchIds: Set<string>
}

export interface GuardResult {
  /** Cards written back because someone other than the facilitator removed them. */
  restored: string[]
  /** Cards the facilitator took off the board, as they last were. */
  removed: CardCapture[]
}

function watchIdsOf(capture: CardCapture): Set<string> {
  const ids = new Set<string>([capture.id])
  if (typeof capture.card.parentId === 'string') ids.add(capture.card.parentId)
  const props = capture.card.props
  if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
    for (const relation of relationsFromCard(capture.id, props)) {
      const { arrow, start, end } = relationRecordIds(relationKey(relation))
      ids.add(arrow).add(start).add(end)
    }
  }
  return ids
}

/** Whether a transaction changed any of these record ids (runs for every transaction: no copies). */
function touchesAny(changedKeys: Set<string | null>, watchIds: Set<string>): boolean {
  for (const key of watchIds) if (changedKeys.has(key)) return true
  return false
}

export class DecidedCardGuard {
  private readonly watched = new Map<string, Watched>()
  /** Decided cards that a transaction may have changed since the last check. */
  private readonly touched = new Set<string>()

  constructor(
    private readonly doc: Y.Doc,
    /** The ids of every action the resident decided on (from the meeting document). */
    private readonly decidedIds: () => Iterable<string>,
  ) {
    doc.on('afterTransaction', this.onTransaction)
    this.refresh()
  }

  get watchedCount(): number {
    return this.watched.size
  }

  /** Starts watching decided actions not watched yet (after a decision was recorded). */
  refresh(): void {
    for (const id of this.decidedIds()) {
      if (!this.watched.has(id)) this.watch(id)
    }
  }

  /**
   * After an accepted client update: cards still in place are captured anew; removed ones are
   * written back unless `byFacilitator`, whose removals are returned (and no longer watched).
   */
  check(byFacilitator: boolean): GuardResult {
    const result: GuardResult = { restored: [], removed: [] }
    if (this.touched.size === 0) return result
    const ids = [...this.touched]
    this.touched.clear()
    const toRestore: CardCapture[] = []
    for (const id of ids) {
      const entry = this.watched.get(id)
      if (entry === undefined) continue
      if (cardIsIntact(this.doc, entry.capture)) {
        this.watch(id)
      } else if (byFacilitator) {
        // Overwritten with another valid action card on a page: an edit, not a removal.
        if (!this.watch(id)) result.removed.push(entry.capture)
      } else {
        toRestore.push(entry.capture)
      }
    }
    if (toRestore.length > 0) {
      Y.transact(this.doc, () => {
        for (const capture of toRestore) writeCardBack(this.doc, capture.card, capture.related, capture.pageId)
      }, SERVER_ORIGIN)
      this.touched.clear()
      for (const capture of toRestore) {
        this.watch(capture.id)
        result.restored.push(capture.id)
      }
    }
    return result
  }

  /** After the server itself changed the board (e.g. "put back"): whatever it wrote is in place. */
  acceptServerChanges(): void {
    const ids = [...this.touched]
    this.touched.clear()
    for (const id of ids) this.watch(id)
    this.refresh()
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction)
    this.watched.clear()
  }

  /** Captures a card and watches it; false (and not watched) when it is not on the board. */
  private watch(id: string): boolean {
    const capture = captureCard(this.doc, id)
    if (capture === null) {
      this.watched.delete(id)
      return false
    }
    this.watched.set(id, { capture, watchIds: watchIdsOf(capture) })
    return true
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    if (this.watched.size === 0) return
    // Yjs types `changed` by the event type; we only compare identities.
    const changed = transaction.changed as Map<unknown, Set<string | null>>
    const changedKeys = changed.get(getRecordsMap(this.doc))
    for (const [id, { capture, watchIds }] of this.watched) {
      if (this.touched.has(id)) continue
      if (changedKeys !== undefined && touchesAny(changedKeys, watchIds)) {
        this.touched.add(id)
        continue
      }
      if (changed.has(capture.yRecord)) {
        this.touched.add(id)
        continue
      }
      for (const nested of NESTED_MAPS) {
        const child = capture.yRecord.get(nested)
        if (child instanceof Y.Map && changed.has(child)) {
          this.touched.add(id)
          break
        }
      }
    }
  }
}
