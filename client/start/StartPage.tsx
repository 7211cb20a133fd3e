/** "/": create a meeting and hand out its two links. */
import { useEffect, useState } from 'react'
import type { CreateBoardResponse } from '../../shared/protocol'
import { api } from '../api'
import { failureText, refusalOf } from '../ui/apiErrors'
import { LanguageSwitch, useLanguage } from '../i18n/language'
import { CopyField } from '../ui/CopyField'

export function StartPage() {
  const { strings } = useLanguage()
  const [needsKey, setNeedsKey] = useState(false)
  const [adminKey, setAdminKey] = useState('')
  const [busy, setBusy] = useState(false)
  // What went wrong, said at render time in the chosen language.
  const [failure, setFailure] = useState<{ error: unknown; fallback: 'network' | 'createFailed' } | null>(null)
  const [created, setCreated] = useState<CreateBoardResponse | null>(null)

  useEffect(() => {
    api.config().then((c) => setNeedsKey(c.boardCreationRequiresKey), (error: unknown) => setFailure({ error, fallback: 'network' }))
  }, [])

  const create = async () => {
    setBusy(true)
    setFailure(null)
    try {
      setCreated(await api.createBoard(needsKey ? adminKey : undefined))
    } catch (e) {
      setFailure({ error: e, fallback: 'createFailed' })
    } finally {
      setBusy(false)
    }
  }

  const keyRefused = refusalOf(failure?.error) === 'adminKeyRequired'
  const error = failure
    ? failureText(strings, failure.error, failure.fallback === 'network' ? strings.errors.network : strings.start.createFailed)
    : null

  return (
    <main className="page page--narrow">
      <header className="page__header">
        <span className="brand">{strings.appName}</span>
        <LanguageSwitch />
      </header>
      <h1>{strings.start.title}</h1>
      <p className="lead">{strings.start.intro}</p>
      {new URLSearchParams(location.search).has('deleted') && <p className="notice" role="status">{strings.exports.deleted}</p>}
      {!created && (
        <form className="form" onSubmit={(e) => { e.preventDefault(); void create() }}>
          {needsKey && (
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
          <CopyField label={strings.start.facilitatorLink} help={strings.start.facilitatorLinkHelp} value={created.facilitatorUrl} testId="facilitator-link" />
          <a className="button button--primary button--big" href={created.facilitatorUrl}>{strings.start.openAsFacilitator}</a>
        </section>
      )}
    </main>
  )
}
