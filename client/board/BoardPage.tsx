/** "/b/<id>": take the token from the link, ask the server what it allows, ask who you are, show the board. */
import { Suspense, useEffect, useState } from 'react'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'
import { api, ApiFailure } from '../api'
import { JoinScreen } from '../join/JoinScreen'
import { useLanguage } from '../i18n/language'
import { readStoredIdentity, readStoredToken, storeIdentity, takeTokenFromFragment } from '../join/boardAccess'
import { canvasPart } from './canvasPart'
import { connectionPart } from './connectionPart'
import { ErrorScreen } from './ErrorScreen'

type Access_ =
  | { kind: 'checking' }
  | { kind: 'granted'; token: string; access: Access }
  | { kind: 'denied'; reason: 'missingToken' | 'unauthorized' | 'unknownBoard' | 'network' }

export function BoardPage({ boardId }: { boardId: string }) {
  const { strings } = useLanguage()
  const [access, setAccess] = useState<Access_>({ kind: 'checking' })
  const [identity, setIdentity] = useState<ParticipantIdentity | null>(() => readStoredIdentity(boardId))
  const [attempt, setAttempt] = useState(0)

  // The connection's code downloads while the server is asked what the link allows.
  useEffect(() => connectionPart.prefetch(), [])
  // The canvas only for the links that show it, while the person types their name.
  const showsCanvas = access.kind === 'granted' && access.access !== 'resident'
  useEffect(() => {
    if (showsCanvas) canvasPart.prefetch()
  }, [showsCanvas])

  useEffect(() => {
    takeTokenFromFragment(boardId)
    const stored = readStoredToken(boardId)
    if (!stored) {
      setAccess({ kind: 'denied', reason: 'missingToken' })
      return
    }
    api.boardInfo(boardId, stored.token).then(
      (info) => setAccess({ kind: 'granted', token: stored.token, access: info.access }),
      (error: unknown) => {
        // By the server's reason, as every answer of the API says it; anything else is the network.
        const reason = error instanceof ApiFailure ? error.reason : null
        setAccess({ kind: 'denied', reason: reason === 'unknownBoard' ? 'unknownBoard' : reason === 'unauthorized' ? 'unauthorized' : 'network' })
      },
    )
  }, [boardId, attempt])

  if (access.kind === 'checking') return <p className="page" role="status">{strings.board.loading}</p>
  if (access.kind === 'denied') {
    if (access.reason === 'network') {
      return (
        <main className="page page--narrow" role="alert">
          <h1>{strings.errors.title}</h1>
          <p className="lead">{strings.errors.network}</p>
          <button type="button" className="button button--primary" onClick={() => setAttempt((n) => n + 1)}>{strings.errors.retry}</button>
        </main>
      )
    }
    return <ErrorScreen message={strings.errors[access.reason]} />
  }
  if (!identity) {
    return (
      <JoinScreen
        access={access.access}
        previous={null}
        onJoin={(chosen) => {
          storeIdentity(boardId, chosen)
          setIdentity(chosen)
        }}
      />
    )
  }
  return (
    <Suspense fallback={<p className="page board__loading" role="status">{strings.board.loading}</p>}>
      <connectionPart.Component boardId={boardId} token={access.token} access={access.access} identity={identity} />
    </Suspense>
  )
}
