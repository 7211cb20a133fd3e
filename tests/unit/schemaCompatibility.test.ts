import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkSchemaCompatibility } from '../../client/sync/schemaCompatibility'
import { BOARD_SCHEMA_KEY, getBoardMap } from '../../shared/ydoc/layout'
import { makeStore } from '../helpers/tldrawStore'

function boardWithSchema(mutate: (schema: { schemaVersion: number; sequences: Record<string, number> }) => void) {
  const doc = new Y.Doc()
  const schema = structuredClone(makeStore().schema.serialize()) as { schemaVersion: number; sequences: Record<string, number> }
  mutate(schema)
  getBoardMap(doc).set(BOARD_SCHEMA_KEY, schema)
  return doc
}

describe('schema compatibility of a client and a board', () => {
  it('a new board takes the schema of its first client', () => {
    const doc = new Y.Doc()
    const store = makeStore()
    expect(checkSchemaCompatibility(store, doc)).toBe('same')
    expect(getBoardMap(doc).get(BOARD_SCHEMA_KEY)).toEqual(store.schema.serialize())
  })
  it('the same schema is compatible', () => {
    expect(checkSchemaCompatibility(makeStore(), boardWithSchema(() => {}))).toBe('same')
  })
  it('a board written by a newer client is refused', () => {
    const doc = boardWithSchema((s) => {
      s.sequences['com.tldraw.shape'] += 1
    })
    expect(checkSchemaCompatibility(makeStore(), doc)).toBe('boardIsNewer')
  })
  it('a board with a record type this client does not know is refused', () => {
    const doc = boardWithSchema((s) => {
      s.sequences['com.example.spaceship'] = 3
    })
    expect(checkSchemaCompatibility(makeStore(), doc)).toBe('boardIsNewer')
  })
  it('a board written by an older client is recognised', () => {
    const doc = boardWithSchema((s) => {
      s.sequences['com.tldraw.shape'] -= 1
    })
    expect(checkSchemaCompatibility(makeStore(), doc)).toBe('boardIsOlder')
  })
})
