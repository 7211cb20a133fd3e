/**
 * "/": create a meeting and hand out its links. With sign-in on (issue 12) a professional signs in
 * first; the account then replaces the facilitator's link and the admin key, and "Mijn gesprekken"
 * lists the cases. Without sign-in the page is the links-only page it always was.
 */
import { useEffect, useState } from 'react'
import type { CreateBoardByAccountResponse, CreateBoardResponse, MeResponse } from '../../shared/protocol'
import { api } from '../api'
import { failureText, refusalOf } from '../ui/apiErrors'
import { LanguageSwitch } from '../i18n/language'
import { useLanguageWith } from '../i18n/partStrings'
import { RECORDS_STRINGS } from '../i18n/parts/records'
import { SHARE_STRINGS } from '../i18n/parts/share'
import { START_PAGE_STRINGS } from '../i18n/parts/startPage'
import { CopyField } from '../ui/CopyField'
import { signInHref } from '../signInLink'
import { MyCases } from './MyCases'

const SIGN_IN_ERRORS = ['secondFactor', 'failed', 'expired'] as const
type SignInError = (typeof SIGN_IN_ERRORS)[number]

/** `/?signInError=…`: why the last sign-in did not work (the server's callback sends people here). */
function signInErrorOf(search: string): SignInError | null {
  const value = new URLSearchParams(search).get('signInError')
  return (SIGN_IN_ERRORS as readonly string[]).includes(value ?? '') ? (value as SignInError) : null
}

export function StartPage() {
  const { strings } = useLanguageWith(RECORDS_STRINGS, SHARE_STRINGS, START_PAGE_STRINGS)
  const [needsKey, setNeedsKey] = useState(false)
  const [signIn, setSignIn] = useState(false)
  const [me, setMe] = useState<MeResponse | null>(null)
  const [adminKey, setAdminKey] = useState('')
  const [busy, setBusy] = useState(false)
  // What went wrong, said at render time in the chosen language.
  const [failure, setFailure] = useState<{ error: unknown; fallback: 'network' | 'createFailed' | 'signOut' } | null>(null)
  const [created, setCreated] = useState<CreateBoardResponse | CreateBoardByAccountResponse | null>(null)
  const [casesVersion, setCasesVersion] = useState(0)
  const [signInError] = useState(() => signInErrorOf(location.search))

  useEffect(() => {
    api.config().then(
      (c) => {
        setNeedsKey(c.boardCreationRequiresKey)
        setSignIn(c.signIn === true)
        if (c.signIn) api.me().then(setMe, (error: unknown) => setFailure({ error, fallback: 'network' }))
      },
      (error: unknown) => setFailure({ error, fallback: 'network' }),
    )
  }, [])

  // Said once: a reload does not say it again.
  useEffect(() => {
    if (!signInError) return
    const url = new URL(location.href)
    url.searchParams.delete('signInError')
    history.replaceState(null, '', url.pathname + url.search)
  }, [signInError])

  const signedIn = signIn && me?.signedIn === true
  // With sign-in on, only a signed-in professional creates; the account replaces the admin key.
  const mayCreate = !signIn || signedIn
  const asksKey = needsKey && !signIn

  const create = async () => {
    setBusy(true)
    setFailure(null)
    try {
      setCreated(await api.createBoard(asksKey ? adminKey : undefined))
      if (signedIn) setCasesVersion((n) => n + 1)
    } catch (e) {
      setFailure({ error: e, fallback: 'createFailed' })
    } finally {
      setBusy(false)
    }
  }

  const signOut = async () => {
    setBusy(true)
    setFailure(null)
    try {
      const endSessionUrl = await api.signOut()
      setMe({ signedIn: false, name: '', email: '', organisation: '' })
      setCreated(null)
      if (endSessionUrl !== null) {
        // Also out at the identity provider (a shared laptop: the next "Inloggen" must ask who
        // is there); it sends the browser back to the start page. Stays busy until the page goes.
        window.location.assign(endSessionUrl)
        return
      }
    } catch (e) {
      setFailure({ error: e, fallback: 'signOut' })
    }
    setBusy(false)
  }

  const keyRefused = refusalOf(failure?.error) === 'adminKeyRequired'
  const fallbackText = { network: strings.errors.network, createFailed: strings.start.createFailed, signOut: strings.signIn.signOutFailed }
  const error = failure ? failureText(strings, failure.error, fallbackText[failure.fallback]) : null
  const facilitatorUrl = created && 'facilitatorUrl' in created ? created.facilitatorUrl : null

  return (
    <main className="page page--narrow">
      <header className="page__header">
        <span className="brand">{strings.appName}</span>
        <div className="page__header-tools">
          {signedIn && me && (
            <span className="account" data-testid="account">
              <span className="account__name">{strings.signIn.signedInAs(me.name || me.email)}</span>
              <button type="button" className="button" onClick={() => void signOut()} disabled={busy} data-testid="sign-out">
                {strings.signIn.signOut}
              </button>
            </span>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <h1>{strings.start.title}</h1>
      <p className="lead">{strings.start.intro}</p>
      {signInError && <p className="error sign-in-error" role="alert" data-testid="sign-in-error">{strings.signIn.errors[signInError]}</p>}
      {new URLSearchParams(location.search).has('deleted') && <p className="notice" role="status">{strings.exports.deleted}</p>}
      {signIn && me && !signedIn && (
        <section className="sign-in">
          <p>{strings.signIn.signInHelp}</p>
          <a className="button button--primary button--big" href={signInHref(location.pathname)} data-testid="sign-in">
            {strings.signIn.signIn}
          </a>
        </section>
      )}
      {!created && mayCreate && (!signIn || me) && (
        <form className="form" onSubmit={(e) => { e.preventDefault(); void create() }}>
          {asksKey && (
            <label>
              {strings.start.adminKey}
              <input type="password" value={adminKey} onChange={(e) => setAdminKey(e.target.value)} autoComplete="off"
                aria-invalid={keyRefused} aria-describedby={keyRefused ? 'admin-key-help start-error' : 'admin-key-help'} />
              <small id="admin-key-help">{strings.start.adminKeyHelp}</small>
            </label>
          )}
          <button type="submit" className="button button--primary button--big" disabled={busy} aria-busy={busy}>
            {busy ? strings.start.creating : strings.start.newMeeting}
          </button>
        </form>
      )}
      {error && <p className="error" role="alert" id="start-error">{error}</p>}
      {created && (
        <section className="created" aria-live="polite">
          <h2>{strings.start.created}</h2>
          <CopyField label={strings.start.participantLink} help={strings.start.participantLinkHelp} value={created.participantUrl} testId="participant-link" />
          {created.residentUrl && (
            <CopyField label={strings.share.residentLink} help={strings.start.residentLinkHelp} value={created.residentUrl} testId="resident-link" />
          )}
          {facilitatorUrl !== null && (
            <CopyField label={strings.start.facilitatorLink} help={strings.start.facilitatorLinkHelp} value={facilitatorUrl} testId="facilitator-link" />
          )}
          {/* Made by account: the account is the facilitator's right, the board's own address opens it. */}
          <a className="button button--primary button--big" href={facilitatorUrl ?? `/b/${created.id}`} data-testid="open-created">
            {strings.start.openAsFacilitator}
          </a>
        </section>
      )}
      {signedIn && <MyCases reloadKey={casesVersion} />}
    </main>
  )
}
