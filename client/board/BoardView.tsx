/**
 * A joined board: its connection (both Y.Docs over the websocket) and, once they have arrived,
 * the view that fits the link. Her phone gets her list, read from the documents alone; everyone
 * else gets the canvas, whose code (tldraw) is a separate chunk that her phone never loads. Her
 * list is a chunk of its own too, which the canvas's links never load.
 */
import { type ReactNode, Suspense, useEffect, useState, useSyncExternalStore } from 'react'
import { api } from '../api'
import { BoardConnection, type ConnectionSnapshot } from '../sync/boardConnection'
import { useLanguage } from '../i18n/language'
import { registrationBody } from '../join/boardAccess'
import { failureText, refusalOf } from '../ui/apiErrors'
import { useUnsentEditsWarning } from './useUnsentEditsWarning'
import { ErrorScreen } from './ErrorScreen'
import { canvasPart } from './canvasPart'
import type { BoardViewProps } from './partProps'
import { residentPart } from './residentPart'
import { LoadingStatus } from '../ui/LoadingStatus'

const idleSnapshot: ConnectionSnapshot = { state: 'connecting', unsent: false, refusedWith: null }
const noSubscription = () => () => {}

/** Joining again after the server could not be reached: first after 2 s, doubling up to 30 s. */
const JOIN_RETRY_FIRST_MS = 2000
const JOIN_RETRY_MAX_MS = 30_000

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
  // Unreachable: try again, quietly. Refused: say why. A closed meeting takes no one new, but it
  // is still read (its record): the board says it is closed, so that refusal is not repeated here.
  const [joinRefused, setJoinRefused] = useState<unknown>(null)
  useEffect(() => {
    let stopped = false
    let retry: ReturnType<typeof setTimeout> | undefined
    setJoinRefused(null)
    const attempt = (nextDelay: number) => {
      api.join(boardId, token, registrationBody(identity)).catch((failure: unknown) => {
        if (stopped) return
        const refusal = refusalOf(failure)
        if (refusal === null) retry = setTimeout(() => attempt(Math.min(nextDelay * 2, JOIN_RETRY_MAX_MS)), nextDelay)
        else if (refusal !== 'meetingClosed') setJoinRefused(failure)
      })
    }
    attempt(JOIN_RETRY_FIRST_MS)
    return () => {
      stopped = true
      clearTimeout(retry)
    }
  }, [boardId, token, identity])

  const snapshot = useSyncExternalStore(connection?.subscribe ?? noSubscription, connection?.getSnapshot ?? (() => idleSnapshot))
  useUnsentEditsWarning(snapshot.unsent)

  if (snapshot.refusedWith !== null) {
    return <ErrorScreen refusal={snapshot.refusedWith} boardId={boardId} />
  }
  const loading = <LoadingStatus text={strings.board.loading} className="page board__loading" />
  const refusal = joinRefused !== null && (
    <p className="warning join-refused" role="alert" data-testid="join-refused">
      {strings.board.joinRefused} {failureText(strings, joinRefused, strings.bar.actionFailed)}{' '}
      <button type="button" className="link-button" onClick={() => setJoinRefused(null)}>{strings.panel.understood}</button>
    </p>
  )
  let view: ReactNode = loading
  if (synced && synced === connection) {
    const props = { boardId, token, access, identity, connection: synced, connectionSnapshot: snapshot }
    view = (
      <Suspense fallback={loading}>
        {access === 'resident' ? <residentPart.Component {...props} /> : <canvasPart.Component {...props} />}
      </Suspense>
    )
  }
  return (
    <>
      {view}
      {refusal}
    </>
  )
}
