/**
 * Keeping a decided action on the board. Once the resident decided on an action, its card is
 * part of the record: only the facilitator may take it off the board. The server captures every
 * decided card as it last was (with its relation arrows); when someone else's update removes it
 * — deletes or overwrites its record, changes its type or page, or deletes its page — the
 * server writes the captured card back as its own change. Yjs has no rollback: the compensating
 * update goes to everyone, the sender included, right after the update it answers.
 *
 * Pure functions over the board's Y.Doc (layout in docs/ydoc-layout.md).
 */
import * as Y from 'yjs'
import { CARD_TYPES } from '../domain/cards'
import { getRecordsMap, recordToYMap, yMapToRecord, type JsonObject, type RecordJson, type YRecord } from './layout'
import { relationKey, relationRecordIds, relationsFromCard } from './relations'

/** A decided card as it last was on the board. */
export interface CardCapture {
  id: string
  /** The Y.Map that held it: a different one means its record was overwritten. */
  yRecord: YRecord
  card: JsonObject
  /** Its relation arrows and their bindings, and its page. */
  related: JsonObject[]
}

/** The page a record sits on, or null. */
function pageIdOf(record: JsonObject): string | null {
  return typeof record.parentId === 'string' && record.parentId.startsWith('page:') ? record.parentId : null
}

/** Reads a record's current JSON, or null when it is absent or not a stored record. */
function readRecord(doc: Y.Doc, id: string): JsonObject | null {
  const yRecord = getRecordsMap(doc).get(id)
  return yRecord instanceof Y.Map ? yMapToRecord(yRecord) : null
}

/** Captures an action card as it is now, or null when the id holds no action card. */
export function captureCard(doc: Y.Doc, id: string): CardCapture | null {
  const yRecord = getRecordsMap(doc).get(id)
  if (!(yRecord instanceof Y.Map)) return null
  const card = yMapToRecord(yRecord)
  if (card.typeName !== 'shape' || card.type !== CARD_TYPES.action) return null
  const pageId = pageIdOf(card)
  const page = pageId === null ? null : readRecord(doc, pageId)
  const related: JsonObject[] = page === null ? [] : [page]
  const props = typeof card.props === 'object' && card.props !== null && !Array.isArray(card.props) ? card.props : {}
  for (const relation of relationsFromCard(id, props)) {
    const ids = relationRecordIds(relationKey(relation))
    for (const recordId of [ids.arrow, ids.start, ids.end]) {
      const record = readRecord(doc, recordId)
      if (record !== null) related.push(record)
    }
  }
  return { id, yRecord, card, related }
}

/**
 * Whether the captured card is still on the board as the same record: same Y.Map, still an
 * action, still on the same parent, and that page still exists (if it existed when captured).
 */
export function cardIsIntact(doc: Y.Doc, capture: CardCapture): boolean {
  const records = getRecordsMap(doc)
  const yRecord = records.get(capture.id)
  if (yRecord !== capture.yRecord || yRecord.get('typeName') !== 'shape' || yRecord.get('type') !== CARD_TYPES.action) return false
  const parentId = yRecord.get('parentId')
  if (parentId !== capture.card.parentId) return false
  const pageCaptured = capture.related.some((record) => record.typeName === 'page' && record.id === parentId)
  return !pageCaptured || records.get(parentId as string) instanceof Y.Map
}

/**
 * Writes a captured card back (in the caller's transaction): the card itself, its page if that
 * is gone, and those of its arrows and bindings that are gone and still have both ends.
 */
export function writeCardBack(doc: Y.Doc, card: JsonObject, related: JsonObject[]): void {
  const records = getRecordsMap(doc)
  const put = (record: JsonObject) => {
    if (typeof record.id === 'string') records.set(record.id, recordToYMap(record as RecordJson))
  }
  // The page first, then the card, then the arrows, then the bindings: parents before children.
  for (const record of related) if (record.typeName === 'page' && !records.has(record.id as string)) put(record)
  put(card)
  for (const record of related) {
    if (record.typeName === 'shape' && !records.has(record.id as string)) put(record)
  }
  for (const record of related) {
    if (record.typeName !== 'binding' || records.has(record.id as string)) continue
    if (records.has(record.fromId as string) && records.has(record.toId as string)) put(record)
  }
}
