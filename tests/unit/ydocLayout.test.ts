import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, jsonEqual, readAllRecords, recordToYMap, writeRecordDiff, yMapToRecord } from '../../shared/ydoc/layout'

const record = { id: 'shape:a', typeName: 'shape', x: 1, y: 2, props: { color: 'red', w: 10, richText: { type: 'doc' } }, meta: {} }

describe('Y.Doc layout of records', () => {
  it('round-trips a record, with props and meta as nested maps', () => {
    const doc = new Y.Doc()
    getRecordsMap(doc).set(record.id, recordToYMap(record))
    const yRecord = getRecordsMap(doc).get(record.id)!
    expect(yRecord.get('props')).toBeInstanceOf(Y.Map)
    expect(yRecord.get('meta')).toBeInstanceOf(Y.Map)
    expect(yMapToRecord(yRecord)).toEqual(record)
    expect(readAllRecords(doc).get('shape:a')).toEqual(record)
  })

  it('writes only the changed keys', () => {
    const doc = new Y.Doc()
    getRecordsMap(doc).set(record.id, recordToYMap(record))
    const yRecord = getRecordsMap(doc).get(record.id)!
    const touched: string[] = []
    yRecord.observeDeep((events) => {
      for (const e of events) for (const k of (e as Y.YMapEvent<unknown>).keysChanged) touched.push(k)
    })
    const next = { ...record, x: 5, props: { ...record.props, color: 'blue' }, meta: { note: 'n' } }
    writeRecordDiff(yRecord, record, next)
    expect(touched.sort()).toEqual(['color', 'note', 'x'])
    expect(yMapToRecord(yRecord)).toEqual(next)
  })

  it('removes keys that disappeared', () => {
    const doc = new Y.Doc()
    getRecordsMap(doc).set(record.id, recordToYMap(record))
    const yRecord = getRecordsMap(doc).get(record.id)!
    const { y: _y, ...withoutY } = record
    writeRecordDiff(yRecord, record, { ...withoutY, props: { color: 'red', richText: { type: 'doc' } } })
    expect(yRecord.has('y')).toBe(false)
    expect((yRecord.get('props') as Y.Map<unknown>).has('w')).toBe(false)
  })

  it('compares JSON by value', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false)
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(jsonEqual([1], { 0: 1 })).toBe(false)
  })
})
