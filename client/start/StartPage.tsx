/** "/": create a meeting and hand out its two links. */
import { useEffect, useState } from 'react'
import type { CreateBoardResponse } from '../../shared/protocol'
import { api, ApiFailure } from '../api'
import { LanguageSwitch, useLanguage } from '../i18n/language'
import { CopyField } from './CopyField'

export function StartPage() {
  const { strings } = useLanguage()
  const [needsKey, setNeedsKey] = useState(false)
  const [adminKey, setAdminKey] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<CreateBoardResponse | null>(null)

  useEffect(() => {
    api.config().then((c) => setNeedsKey(c.boardCreationRequiresKey), () => setError(strings.errors.network))
  }, [strings])

  const create = async () => {
    setBusy(true)
    setError(null)
    try {
      setCreated(await api.createBoard(needsKey ? adminKey : undefined))
    } catch (e) {
      setError(e instanceof ApiFailure && e.body ? e.body.message : strings.start.createFailed)
    } finally {
      setBusy(false)
    }
  }

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
              <input type="password" value={adminKey} onChange={(e) => setAdminKey(e.target.value)} autoComplete="off" />
              <small>{strings.start.adminKeyHelp}</small>
            </label>
          )}
          <button type="submit" className="button button--primary button--big" disabled={busy} aria-busy={busy}>
            {busy ? strings.start.creating : strings.start.newMeeting}
          </button>
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
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
