/**
 * A joined board: its connection (both Y.Docs over the websocket) and, once they have arrived,
 * the view that fits the link. Her phone gets her list, read from the documents alone; everyone
 * else gets the canvas, whose code (tldraw) is a separate chunk that her phone never loads.
 */
import { Suspense, useEffect, useState, useSyncExternalStore } from 'react'
import { api } from '../api'
import { BoardConnection, type ConnectionSnapshot } from '../sync/boardConnection'
import { useLanguage } from '../i18n/language'
import { registrationBody } from '../join/boardAccess'
import { useUnsentEditsWarning } from './useUnsentEditsWarning'
import { ErrorScreen } from './ErrorScreen'
import { canvasPart } from './canvasPart'
import type { BoardViewProps } from './partProps'
import { ResidentRoom } from './ResidentRoom'

const idleSnapshot: ConnectionSnapshot = { state: 'connecting', unsent: false, refusedWith: null }
const noSubscription = () => () => {}

export function BoardView({ boardId, token, access, identity }: BoardViewProps) {
  const { strings } = useLanguage()
  const [connection, setConnection] = useState<BoardConnection | null>(null)
  const [synced, setSynced] = useState<BoardConnection | null>(null)

  useEffect(() => {
    const conn = new BoardConnection(boardId, token)
    setConnection(conn)
    let cancelled = false
    void conn.whenSynced().then(() => {
      if (!cancelled) setSynced(conn)
    })
    return () => {
      cancelled = true
      conn.destroy()
    }
  }, [boardId, token])

  // Register in the meeting (name, role, contact, at the table or not): owners are chosen from this list.
  useEffect(() => {
    void api.join(boardId, token, registrationBody(identity)).catch(() => undefined)
  }, [boardId, token, identity])

  const snapshot = useSyncExternalStore(connection?.subscribe ?? noSubscription, connection?.getSnapshot ?? (() => idleSnapshot))
  useUnsentEditsWarning(snapshot.unsent)

  if (snapshot.refusedWith !== null) {
    return <ErrorScreen refusal={snapshot.refusedWith} boardId={boardId} />
  }
  const loading = <p className="page board__loading" role="status">{strings.board.loading}</p>
  if (!synced || synced !== connection) return loading
  const props = { boardId, token, access, identity, connection: synced, connectionSnapshot: snapshot }
  if (access === 'resident') return <ResidentRoom {...props} />
  return (
    <Suspense fallback={loading}>
      <canvasPart.Component {...props} />
    </Suspense>
  )
}
