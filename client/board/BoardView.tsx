/** A joined board: connection, binding, presence, canvas and the status around it. */
import { useEffect, useState, useSyncExternalStore } from 'react'
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils, type TLStore } from 'tldraw'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'
import { BoardConnection, type ConnectionSnapshot } from '../sync/boardConnection'
import { bindStoreToYDoc, type StoreBinding } from '../sync/storeBinding'
import { bindPresence } from '../sync/presence'
import { checkSchemaCompatibility, type SchemaCompatibility } from '../sync/schemaCompatibility'
import { useLanguage } from '../i18n/language'
import { BoardCanvas } from './BoardCanvas'
import { ConnectionBadge } from './ConnectionBadge'
import { PeopleList } from './PeopleList'
import { useUnsentEditsWarning } from './useUnsentEditsWarning'
import { ErrorScreen } from './ErrorScreen'

interface Props {
  boardId: string
  token: string
  access: Access
  identity: ParticipantIdentity
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'ready'; store: TLStore; binding: StoreBinding }
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
      const store = createTLStore({
        shapeUtils: defaultShapeUtils,
        bindingUtils: defaultBindingUtils,
        collaboration: { status, mode: atom('mode', 'readwrite' as const) },
      })
      const compatibility = checkSchemaCompatibility(store, conn.doc)
      if (compatibility !== 'same') {
        setLoaded({ kind: 'incompatible', compatibility })
        return
      }
      const binding = bindStoreToYDoc(store, conn.doc, { onInvalidRecord: () => setInvalidRecords((n) => n + 1) })
      const stopPresence = bindPresence(store, conn.provider.awareness, identity)
      const stopStatus = conn.subscribe(() => status.set(conn.getSnapshot().state === 'live' ? 'online' : 'offline'))
      cleanup = () => {
        stopStatus()
        stopPresence()
        binding.dispose()
      }
      setLoaded({ kind: 'ready', store, binding })
    })
    return () => {
      cancelled = true
      cleanup()
      conn.destroy()
    }
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

  return (
    <div className="board" data-access={access}>
      <div className="board__canvas">
        {loaded.kind === 'ready' ? (
          <BoardCanvas store={loaded.store} binding={loaded.binding} identity={identity} />
        ) : (
          <p className="board__loading" role="status">{strings.board.loading}</p>
        )}
      </div>
      <aside className="board__status">
        <ConnectionBadge snapshot={snapshot} />
        {invalidRecords > 0 && <p className="warning" role="status">{strings.board.invalidRecords(invalidRecords)}</p>}
        {connection && <PeopleList awareness={connection.provider.awareness} />}
      </aside>
    </div>
  )
}
