/**
 * The layout of a board's Y.Doc — a contract between the browser binding, the server's checks and
 * the exports. Documented for humans in docs/ydoc-layout.md; change both together.
 *
 *   doc.getMap('records')   Y.Map<recordId, Y.Map<field, value>>
 *       One entry per tldraw record of document scope (document, page, shape, binding, asset).
 *       The record's top-level fields are keys of its Y.Map; `props` and `meta` are nested Y.Maps,
 *       so two people editing different properties of one shape both keep their edit.
 *       Values are plain JSON (Yjs ContentAny). Session records (camera, instance, pointer) and
 *       presence never enter the document.
 *   doc.getMap('board')     Y.Map<string, JSON>
 *       `schema`: the tldraw SerializedSchema of the client that first opened the board.
 */
import * as Y from 'yjs'

export const RECORDS_KEY = 'records'
export const BOARD_KEY = 'board'
export const BOARD_SCHEMA_KEY = 'schema'

/** Record fields stored as nested Y.Maps, merged key by key. */
export const NESTED_RECORD_FIELDS = ['props', 'meta'] as const

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }
/** Any tldraw record as plain JSON: `id` and `typeName` are always present. */
export type RecordJson = JsonObject & { id: string; typeName: string }

export type YRecord = Y.Map<unknown>

export function getRecordsMap(doc: Y.Doc): Y.Map<YRecord> {
  return doc.getMap<YRecord>(RECORDS_KEY)
}

export function getBoardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(BOARD_KEY)
}

function isNestedField(key: string): boolean {
  return (NESTED_RECORD_FIELDS as readonly string[]).includes(key)
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Builds the Y.Map that stores one record (not yet attached to a document). */
export function recordToYMap(record: RecordJson): YRecord {
  const yRecord: YRecord = new Y.Map()
  for (const [key, value] of Object.entries(record)) {
    if (isNestedField(key) && isPlainObject(value)) {
      yRecord.set(key, new Y.Map(Object.entries(value)))
    } else {
      yRecord.set(key, value)
    }
  }
  return yRecord
}

/** Reads one stored record back as plain JSON. It is not validated here: see the binding. */
export function yMapToRecord(yRecord: YRecord): JsonObject {
  const record: JsonObject = {}
  for (const [key, value] of yRecord.entries()) {
    record[key] = value instanceof Y.Map ? (value.toJSON() as JsonObject) : (value as JsonValue)
  }
  return record
}

/** Reads every stored record as plain JSON, keyed by id. */
export function readAllRecords(doc: Y.Doc): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>()
  for (const [id, yRecord] of getRecordsMap(doc).entries()) {
    if (yRecord instanceof Y.Map) out.set(id, yMapToRecord(yRecord))
  }
  return out
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]))
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as JsonObject)[k], (b as JsonObject)[k]))
}

function writeMapDiff(target: Y.Map<unknown>, from: JsonObject, to: JsonObject): void {
  for (const [key, value] of Object.entries(to)) {
    if (!Object.hasOwn(from, key) || !jsonEqual(from[key], value)) target.set(key, value)
  }
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) target.delete(key)
  }
}

/**
 * Writes only what changed between two versions of a record into its Y.Map: one key per changed
 * top-level field, and one key per changed entry inside `props` and `meta`. Writing whole records
 * would let the last writer silently undo a concurrent edit of another property.
 */
export function writeRecordDiff(yRecord: YRecord, from: JsonObject, to: JsonObject): void {
  for (const [key, value] of Object.entries(to)) {
    const before = from[key]
    if (isNestedField(key) && isPlainObject(value)) {
      const nested = yRecord.get(key)
      if (nested instanceof Y.Map) {
        writeMapDiff(nested, isPlainObject(before) ? before : {}, value)
      } else {
        yRecord.set(key, new Y.Map(Object.entries(value)))
      }
    } else if (!Object.hasOwn(from, key) || !jsonEqual(before, value)) {
      yRecord.set(key, value)
    }
  }
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) yRecord.delete(key)
  }
}
