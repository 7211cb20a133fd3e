/**
 * Keeping a decided action on the board. Once the resident decided on an action, its card is
 * part of the record: only the facilitator may take it off the board. The server captures every
 * decided card as it last was (with its relation arrows); when someone else's update removes it
 * — deletes or overwrites its record, changes its type or page, deletes its page or the frame it
 * sits in, or leaves it in a state no screen can draw (broken props, invisible) — the server
 * writes the captured card back as its own change. Yjs has no rollback: the compensating update
 * goes to everyone, the sender included, right after the update it answers.
 *
 * Pure functions over the board's Y.Doc (layout in docs/ydoc-layout.md).
 */
import * as Y from 'yjs'
import { T } from '@tldraw/validate'
import { actionCardProps, CARD_TYPES } from '../domain/cards'
import { getRecordsMap, recordToYMap, yMapToRecord, type JsonObject, type RecordJson, type YRecord } from './layout'
import { relationKey, relationRecordIds, relationsFromCard } from './relations'

/** A record id of tldraw's: `<prefix>:…`. */
function idWithPrefix(...prefixes: string[]): T.Validator<string> {
  return T.string.refine((id) => {
    if (!prefixes.some((prefix) => id.startsWith(`${prefix}:`))) throw new Error(`id must start with ${prefixes.join(' or ')}:`)
    return id
  })
}

/**
 * The whole shape record of an action card, as every screen's tldraw validates it: the fields of
 * tldraw 5.1.1's `createShapeValidator` (@tldraw/tlschema), written with @tldraw/validate alone so
 * the server does not load all of tlschema (about 6 MB of memory at start, issue 10).
 * tests/unit/server/actionRecord.test.ts checks that both agree.
 */
export const actionRecord = T.object({
  id: idWithPrefix('shape'),
  typeName: T.literal('shape'),
  x: T.number,
  y: T.number,
  rotation: T.number,
  index: T.indexKey,
  parentId: idWithPrefix('page', 'shape'),
  type: T.literal(CARD_TYPES.action),
  isLocked: T.boolean,
  opacity: T.unitInterval,
  props: T.object(actionCardProps),
  meta: T.jsonValue,
})

/** Below this a card is all but invisible: a screen that cannot be read hides her decision. */
const MIN_OPACITY = 0.5

/** How deep frames and groups may nest before we stop looking for the page. */
const MAX_NESTING = 20

/** A decided card as it last was on the board. */
export interface CardCapture {
  id: string
  /** The Y.Map that held it: a different one means its record was overwritten. */
  yRecord: YRecord
  card: JsonObject
  /** The page its parent chain reaches, and the Y.Map that held that page. */
  pageId: string
  yPage: YRecord
  /** Its page, its relation arrows and their bindings. */
  related: JsonObject[]
}

function readRecord(doc: Y.Doc, id: string): JsonObject | null {
  const yRecord = getRecordsMap(doc).get(id)
  return yRecord instanceof Y.Map ? yMapToRecord(yRecord) : null
}

/** The page a shape's parent chain (frames, groups) reaches, or null when the chain is broken. */
function pageOf(doc: Y.Doc, card: JsonObject): { pageId: string; yPage: YRecord } | null {
  const records = getRecordsMap(doc)
  let parentId = card.parentId
  for (let depth = 0; depth < MAX_NESTING && typeof parentId === 'string'; depth++) {
    const parent = records.get(parentId)
    if (!(parent instanceof Y.Map)) return null
    if (parent.get('typeName') === 'page') return { pageId: parentId, yPage: parent }
    if (parent.get('typeName') !== 'shape') return null
    parentId = parent.get('parentId') as JsonObject[string]
  }
  return null
}

/** Whether a record is an action card every screen can draw: valid, and not made invisible. */
function drawable(card: JsonObject, minOpacity = MIN_OPACITY): boolean {
  try {
    actionRecord.validate(card)
  } catch {
    return false
  }
  return typeof card.opacity === 'number' && card.opacity >= minOpacity
}

/**
 * Captures an action card as it is now, or null when the id holds no drawable action card on a
 * page (deleted, overwritten by something else, broken, or cut off from every page).
 */
export function captureCard(doc: Y.Doc, id: string): CardCapture | null {
  const yRecord = getRecordsMap(doc).get(id)
  if (!(yRecord instanceof Y.Map)) return null
  const card = yMapToRecord(yRecord)
  if (card.typeName !== 'shape' || card.type !== CARD_TYPES.action || !drawable(card, 0)) return null
  const page = pageOf(doc, card)
  if (page === null) return null
  const related: JsonObject[] = [yMapToRecord(page.yPage)]
  const props = card.props as JsonObject
  for (const relation of relationsFromCard(id, props)) {
    const ids = relationRecordIds(relationKey(relation))
    for (const recordId of [ids.arrow, ids.start, ids.end]) {
      const record = readRecord(doc, recordId)
      if (record !== null) related.push(record)
    }
  }
  return { id, yRecord, card, pageId: page.pageId, yPage: page.yPage, related }
}

/**
 * Whether the captured card is still on the board as it may be: the same record, still a
 * drawable action card (not made less visible than it was, nor nearly invisible), on the same
 * parent, whose chain still reaches the same page.
 */
export function cardIsIntact(doc: Y.Doc, capture: CardCapture): boolean {
  const yRecord = getRecordsMap(doc).get(capture.id)
  if (yRecord !== capture.yRecord) return false
  const card = yMapToRecord(yRecord)
  const captured = typeof capture.card.opacity === 'number' ? capture.card.opacity : 1
  if (card.type !== CARD_TYPES.action || !drawable(card, Math.min(MIN_OPACITY, captured))) return false
  if (card.parentId !== capture.card.parentId) return false
  const page = pageOf(doc, card)
  return page !== null && page.yPage === capture.yPage
}

/**
 * Writes a captured card back (in the caller's transaction): its page if that is gone, the card
 * itself — on its page directly when the frame or group it sat in is gone — and those of its
 * arrows and bindings that are gone and still have both ends.
 */
export function writeCardBack(doc: Y.Doc, card: JsonObject, related: JsonObject[], pageId?: string): void {
  const records = getRecordsMap(doc)
  const put = (record: JsonObject) => {
    if (typeof record.id === 'string') records.set(record.id, recordToYMap(record as RecordJson))
  }
  // Parents before children: the page, the card, the arrows, then the bindings.
  for (const record of related) {
    if (record.typeName !== 'page') continue
    const existing = records.get(record.id as string)
    if (!(existing instanceof Y.Map) || existing.get('typeName') !== 'page') put(record)
  }
  const parentId = card.parentId as string
  const parentThere = records.get(parentId) instanceof Y.Map
  const page = pageId ?? (related.find((record) => record.typeName === 'page')?.id as string | undefined)
  put(parentThere || page === undefined ? card : { ...card, parentId: page })
  for (const record of related) {
    if (record.typeName === 'shape' && !records.has(record.id as string)) put(record)
  }
  for (const record of related) {
    if (record.typeName !== 'binding' || records.has(record.id as string)) continue
    if (records.has(record.fromId as string) && records.has(record.toId as string)) put(record)
  }
}
