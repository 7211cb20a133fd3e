/**
 * The canvas part of a board (its own chunk, loaded lazily): the tldraw store, bound to the
 * board's Y.Doc, presence on it, and the meeting room around the canvas. Never on her phone.
 */
import { useEffect, useState } from 'react'
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import { afterNextFrame, bindStoreToYDoc } from '../sync/storeBinding'
import { bindPresence } from '../sync/presence'
import { checkSchemaCompatibility, type SchemaCompatibility } from '../sync/schemaCompatibility'
import { useLanguage } from '../i18n/language'
import { cardShapeUtils } from '../shapes'
import { ErrorScreen } from './ErrorScreen'
import { MeetingRoom } from './MeetingRoom'
import type { LoadedBoard } from './loadedBoard'
import type { CanvasRoomProps } from './partProps'

type Loaded =
  | { kind: 'loading' }
  | { kind: 'ready'; board: LoadedBoard }
  | { kind: 'incompatible'; compatibility: Exclude<SchemaCompatibility, 'same'> }

export function CanvasRoom({ connection, boardId, token, access, identity, connectionSnapshot }: CanvasRoomProps) {
  const { strings } = useLanguage()
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  const [invalidRecords, setInvalidRecords] = useState(0)

  useEffect(() => {
    const status = atom<'online' | 'offline'>('connection status', 'online')
    const mode = atom<'readonly' | 'readwrite'>('mode', 'readwrite')
    const store = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...cardShapeUtils],
      bindingUtils: defaultBindingUtils,
      collaboration: { status, mode },
    })
    const compatibility = checkSchemaCompatibility(store, connection.doc)
    if (compatibility !== 'same') {
      setLoaded({ kind: 'incompatible', compatibility })
      return undefined
    }
    const binding = bindStoreToYDoc(store, connection.doc, {
      onInvalidRecord: () => setInvalidRecords((n) => n + 1),
      // Others' changes reach the canvas once per frame, however many arrive, in a task of their own.
      schedule: afterNextFrame,
    })
    const stopPresence = bindPresence(store, connection.provider.awareness, identity, access)
    const stopStatus = connection.subscribe(() => status.set(connection.getSnapshot().state === 'live' ? 'online' : 'offline'))
    setLoaded({ kind: 'ready', board: { connection, store, binding, mode } })
    return () => {
      stopStatus()
      stopPresence()
      binding.dispose()
    }
  }, [connection, identity, access])

  if (loaded.kind === 'incompatible') {
    return (
      <ErrorScreen
        message={loaded.compatibility === 'boardIsNewer' ? strings.errors.schemaNewer : strings.errors.schemaOlder}
        offerReload
      />
    )
  }
  if (loaded.kind === 'loading' || loaded.board.connection !== connection) {
    return <p className="page board__loading" role="status">{strings.board.loading}</p>
  }
  return (
    <MeetingRoom
      board={loaded.board}
      boardId={boardId}
      token={token}
      access={access}
      identity={identity}
      connectionSnapshot={connectionSnapshot}
      invalidRecords={invalidRecords}
    />
  )
}
