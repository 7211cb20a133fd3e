/** A joined board: its connection, the store binding, presence, and the meeting around the canvas. */
import { useEffect, useState, useSyncExternalStore } from 'react'
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'
import { api } from '../api'
import { BoardConnection, type ConnectionSnapshot } from '../sync/boardConnection'
import { bindStoreToYDoc } from '../sync/storeBinding'
import { bindPresence } from '../sync/presence'
import { checkSchemaCompatibility, type SchemaCompatibility } from '../sync/schemaCompatibility'
import { useLanguage } from '../i18n/language'
import { cardShapeUtils } from '../shapes'
import { useUnsentEditsWarning } from './useUnsentEditsWarning'
import { registrationBody } from './boardAccess'
import { ErrorScreen } from './ErrorScreen'
import { MeetingRoom } from './MeetingRoom'
import type { LoadedBoard } from './loadedBoard'

interface Props {
  boardId: string
  token: string
  access: Access
  identity: ParticipantIdentity
}


type Loaded =
  | { kind: 'loading' }
  | { kind: 'ready'; board: LoadedBoard }
  | { kind: 'incompatible'; compatibility: Exclude<SchemaCompatibility, 'same'> }

const idleSnapshot: ConnectionSnapshot = { state: 'connecting', unsent: false, refusedWith: null }
const noSubscription = () => () => {}

export function BoardView({ boardId, token, access, identity }: Props) {
  const { strings } = useLanguage()
  const [connection, setConnection] = useState<BoardConnection | null>(null)
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  const [invalidRecords, setInvalidRecords] = useState(0)

  useEffect(() => {
    const conn = new BoardConnection(boardId, token)
    setConnection(conn)
    let cancelled = false
    let cleanup = () => {}
    void conn.whenSynced().then(() => {
      if (cancelled) return
      const status = atom<'online' | 'offline'>('connection status', 'online')
      const mode = atom<'readonly' | 'readwrite'>('mode', 'readwrite')
      const store = createTLStore({
        shapeUtils: [...defaultShapeUtils, ...cardShapeUtils],
        bindingUtils: defaultBindingUtils,
        collaboration: { status, mode },
      })
      const compatibility = checkSchemaCompatibility(store, conn.doc)
      if (compatibility !== 'same') {
        setLoaded({ kind: 'incompatible', compatibility })
        return
      }
      const binding = bindStoreToYDoc(store, conn.doc, { onInvalidRecord: () => setInvalidRecords((n) => n + 1) })
      const stopPresence = bindPresence(store, conn.provider.awareness, identity, access)
      const stopStatus = conn.subscribe(() => status.set(conn.getSnapshot().state === 'live' ? 'online' : 'offline'))
      cleanup = () => {
        stopStatus()
        stopPresence()
        binding.dispose()
      }
      setLoaded({ kind: 'ready', board: { connection: conn, store, binding, mode } })
    })
    return () => {
      cancelled = true
      cleanup()
      conn.destroy()
    }
  }, [boardId, token, identity, access])

  // Register in the meeting (name, role, contact, at the table or not): owners are chosen from this list.
  useEffect(() => {
    void api.join(boardId, token, registrationBody(identity)).catch(() => undefined)
  }, [boardId, token, identity])

  const snapshot = useSyncExternalStore(connection?.subscribe ?? noSubscription, connection?.getSnapshot ?? (() => idleSnapshot))
  useUnsentEditsWarning(snapshot.unsent)

  if (snapshot.refusedWith !== null) {
    return <ErrorScreen refusal={snapshot.refusedWith} boardId={boardId} />
  }
  if (loaded.kind === 'incompatible') {
    return (
      <ErrorScreen
        message={loaded.compatibility === 'boardIsNewer' ? strings.errors.schemaNewer : strings.errors.schemaOlder}
        offerReload
      />
    )
  }
  if (loaded.kind === 'loading') {
    return <p className="page board__loading" role="status">{strings.board.loading}</p>
  }
  return (
    <MeetingRoom
      board={loaded.board}
      boardId={boardId}
      token={token}
      access={access}
      identity={identity}
      connectionSnapshot={snapshot}
      invalidRecords={invalidRecords}
    />
  )
}
