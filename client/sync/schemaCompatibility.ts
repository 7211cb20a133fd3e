/**
 * A board remembers the tldraw schema of the client that first opened it. A client with another
 * schema must not write into it: it could store records others cannot read. It shows "reload".
 */
import type * as Y from 'yjs'
import type { SerializedSchema, TLStore } from 'tldraw'
import { BOARD_SCHEMA_KEY, getBoardMap } from '../../shared/ydoc/layout'

export type SchemaCompatibility = 'same' | 'boardIsNewer' | 'boardIsOlder'

export function checkSchemaCompatibility(store: TLStore, doc: Y.Doc): SchemaCompatibility {
  const board = getBoardMap(doc)
  const boardSchema = board.get(BOARD_SCHEMA_KEY) as SerializedSchema | undefined
  if (!boardSchema) {
    board.set(BOARD_SCHEMA_KEY, store.schema.serialize())
    return 'same'
  }
  // tldraw ignores sequences it does not know; for us they mean the board holds record types
  // this client cannot show, so it is too old for this board.
  const ours = store.schema.serialize().sequences
  const theirs = 'sequences' in boardSchema ? boardSchema.sequences : {}
  if (Object.keys(theirs).some((sequence) => !(sequence in ours))) return 'boardIsNewer'
  const migrations = store.schema.getMigrationsSince(boardSchema)
  if (!migrations.ok) return 'boardIsNewer'
  return migrations.value.length === 0 ? 'same' : 'boardIsOlder'
}
