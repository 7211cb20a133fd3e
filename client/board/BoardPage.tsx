/**
 * "/b/<id>": take the token from the link, ask the server what it allows, ask who you are, show the
 * board. Without a link but signed in (sign-in on, issue 12) the session is asked instead: the
 * account may be a facilitator or member of the board ("Mijn gesprekken" links here).
 */
import { Suspense, useEffect, useMemo, useState } from 'react'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { Access, BoardInfoResponse } from '../../shared/protocol'
import { api, ApiFailure } from '../api'
import { JoinScreen } from '../join/JoinScreen'
import { useLanguage } from '../i18n/language'
import { readStoredIdentity, readStoredToken, storeIdentity, takeTokenFromFragment } from '../join/boardAccess'
import { canvasPart } from './canvasPart'
import { connectionPart } from './connectionPart'
import { residentPart } from './residentPart'
import { ErrorScreen } from './ErrorScreen'
import { signInHref } from '../signInLink'
import { LoadingStatus } from '../ui/LoadingStatus'

type Access_ =
  | { kind: 'checking' }
  /** `token` is '' when the right comes from the signed-in account alone. */
  | { kind: 'granted'; token: string; access: Access; account: BoardInfoResponse['account'] }
  | { kind: 'denied'; reason: 'missingToken' | 'unauthorized' | 'unknownBoard' | 'network' | 'needsSignIn' | 'accountNoAccess' }

type Denial = Extract<Access_, { kind: 'denied' }>['reason']

/** By the server's reason, as every answer of the API says it; anything else is the network. */
function denialOf(error: unknown): Denial {
  const reason = error instanceof ApiFailure ? error.reason : null
  return reason === 'unknownBoard' ? 'unknownBoard' : reason === 'unauthorized' ? 'unauthorized' : 'network'
}

/** No link in this browser: with sign-in on and someone signed in, the session may open the board. */
async function accessBySession(boardId: string): Promise<Access_> {
  const config = await api.cachedConfig()
  if (!config.signIn) return { kind: 'denied', reason: 'missingToken' }
  const me = await api.me()
  if (!me.signedIn) return { kind: 'denied', reason: 'needsSignIn' }
  try {
    const info = await api.boardInfo(boardId, '')
    return { kind: 'granted', token: '', access: info.access, account: info.account }
  } catch (error) {
    const reason = error instanceof ApiFailure ? error.reason : null
    if (reason === 'unauthorized') return { kind: 'denied', reason: 'accountNoAccess' }
    if (reason === 'signInRequired') return { kind: 'denied', reason: 'needsSignIn' }
    return { kind: 'denied', reason: denialOf(error) }
  }
}

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
  // Her list for the resident link, likewise.
  const showsHerList = access.kind === 'granted' && access.access === 'resident'
  useEffect(() => {
    if (showsHerList) residentPart.prefetch()
  }, [showsHerList])

  // A link pasted into this very tab changes only the fragment: no page load, so ask again.
  useEffect(() => {
    const onHashChange = () => {
      if (location.hash) setAttempt((n) => n + 1)
    }
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [])

  useEffect(() => {
    takeTokenFromFragment(boardId)
    const stored = readStoredToken(boardId)
    let current = true
    const settle = (next: Access_) => current && setAccess(next)
    if (!stored) {
      accessBySession(boardId).then(settle, () => settle({ kind: 'denied', reason: 'network' }))
    } else {
      api.boardInfo(boardId, stored.token).then(
        (info) => settle({ kind: 'granted', token: stored.token, access: info.access, account: info.account ?? null }),
        (error: unknown) => settle({ kind: 'denied', reason: denialOf(error) }),
      )
    }
    return () => {
      current = false
    }
  }, [boardId, attempt])

  // A signed-in professional is known by the account: that name and organisation, never typed ones
  // (the server does the same with the entry). One object per change: the connection depends on it.
  const account = access.kind === 'granted' ? access.account : null
  const shownIdentity = useMemo(
    () => (identity && account ? { ...identity, name: account.name || identity.name, organisation: account.organisation } : identity),
    [identity, account],
  )

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
    if (access.reason === 'needsSignIn' || access.reason === 'accountNoAccess') {
      return (
        <main className="page page--narrow" role="alert" data-testid="needs-sign-in">
          <h1>{strings.errors.title}</h1>
          <p className="lead">{access.reason === 'needsSignIn' ? strings.signIn.boardNeedsSignIn : strings.signIn.accountNoAccess}</p>
          <p className="actions">
            {access.reason === 'needsSignIn' && (
              <a className="button button--primary" href={signInHref(location.pathname)}>{strings.signIn.signIn}</a>
            )}
            <a className="button" href="/">{strings.errors.toStart}</a>
          </p>
        </main>
      )
    }
    return <ErrorScreen message={strings.errors[access.reason]} />
  }
  if (!identity) {
    return (
      <JoinScreen
        access={access.access}
        account={account}
        previous={null}
        onJoin={(chosen) => {
          storeIdentity(boardId, chosen)
          setIdentity(chosen)
        }}
      />
    )
  }
  return (
    <Suspense fallback={<LoadingStatus text={strings.board.loading} className="page board__loading" />}>
      <connectionPart.Component boardId={boardId} token={access.token} access={access.access} identity={shownIdentity ?? identity} />
    </Suspense>
  )
}
