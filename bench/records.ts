/**
 * Plain-JSON records shaped like the app's tldraw records (see docs/ydoc-layout.md), so the bench
 * documents have the real layout: doc.getMap('records') -> Y.Map per record, nested `props`/`meta`.
 */
import * as Y from 'yjs'
import type { RecordJson } from '../shared/ydoc/layout'
import { getBoardMap, getRecordsMap, recordToYMap, BOARD_SCHEMA_KEY } from '../shared/ydoc/layout'

export const PAGE_ID = 'page:page'

export function geoShapeRecord(key: string, index: number): RecordJson {
  return {
    id: `shape:${key}`,
    typeName: 'shape',
    type: 'geo',
    parentId: PAGE_ID,
    index: `a${index + 1}`,
    x: 40 + (index % 8) * 160,
    y: 40 + Math.floor(index / 8) * 140,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: 140,
      h: 100,
      geo: 'rectangle',
      color: 'black',
      labelColor: 'black',
      fill: 'semi',
      dash: 'draw',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      scale: 1,
      richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Kaart ${key}` }] }] },
    },
  }
}

/** The records every board starts with in the app: document and one page. */
export function baseRecords(): RecordJson[] {
  return [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} },
    { id: PAGE_ID, typeName: 'page', name: 'Pagina 1', index: 'a1', meta: {} },
  ]
}

/** Adds records to the doc in one transaction, like a client that pastes or creates shapes. */
export function putRecords(doc: Y.Doc, records: RecordJson[]): void {
  const map = getRecordsMap(doc)
  doc.transact(() => {
    for (const record of records) map.set(record.id, recordToYMap(record))
  })
}

/** A stand-in for the tldraw SerializedSchema the first client writes (size is what matters). */
export function writeSchema(doc: Y.Doc): void {
  const sequences: Record<string, number> = {}
  for (const name of ['document', 'page', 'shape', 'binding', 'asset', 'camera', 'instance', 'pointer']) {
    sequences[`com.tldraw.${name}`] = 4
  }
  for (const shape of ['geo', 'note', 'text', 'arrow', 'draw', 'line', 'frame', 'image']) {
    sequences[`com.tldraw.shape.${shape}`] = 8
  }
  getBoardMap(doc).set(BOARD_SCHEMA_KEY, { schemaVersion: 2, sequences })
}
