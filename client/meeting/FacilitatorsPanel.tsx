/**
 * "Gespreksleiders" (sign-in on, issue 12): who leads the case by account. A facilitator adds a
 * colleague by e-mail — bound to the colleague's account at the first sign-in with that verified
 * address — or removes one; the case keeps at least one. Refusals are said at the field.
 */
import { type FormEvent, useEffect, useState } from 'react'
import { addFacilitatorRequest } from '../../shared/commands/accounts'
import { MAX_EMAIL_LENGTH } from '../../shared/domain/limits'
import { type FieldError, validateBody } from '../../shared/domain/validation'
import type { FacilitatorInfo } from '../../shared/protocol'
import { api } from '../api'
import { useLanguageWith } from '../i18n/partStrings'
import { SHARE_STRINGS } from '../i18n/parts/share'
import { fieldErrorText } from '../ui/apiErrors'
import { useApiCall } from '../ui/useApiCall'
import { useMeeting } from '../ui/MeetingContext'

export function FacilitatorsPanel() {
  const { strings } = useLanguageWith(SHARE_STRINGS)
  const s = strings.facilitatorsPanel
  const { boardId, token } = useMeeting()
  const [facilitators, setFacilitators] = useState<FacilitatorInfo[] | null>(null)
  const [email, setEmail] = useState('')
  const [checked, setChecked] = useState<readonly FieldError[]>([])
  const [removing, setRemoving] = useState<string | null>(null)
  const loading = useApiCall(s.failed)
  const adding = useApiCall(s.failed)
  const removal = useApiCall(s.failed)

  const { run: load } = loading
  useEffect(() => {
    void load(() => api.facilitators(boardId, token).then((answer) => setFacilitators(answer.facilitators)))
  }, [load, boardId, token])

  const add = async (event: FormEvent) => {
    event.preventDefault()
    removal.reset()
    // The server's own validator first, so a typo is said before anything is sent.
    const result = validateBody(addFacilitatorRequest, { email })
    setChecked(result.ok ? [] : result.fieldErrors)
    if (!result.ok) return
    const done = await adding.run(async () => setFacilitators((await api.addFacilitator(boardId, token, result.value.email)).facilitators))
    if (done) setEmail('')
  }

  const remove = async (address: string) => {
    adding.reset()
    setRemoving(address)
    await removal.run(async () => setFacilitators((await api.removeFacilitator(boardId, token, address)).facilitators))
  }

  // A refusal about the address (already there, not an address) belongs at the field.
  const emailProblem = checked[0] ? fieldErrorText(strings, checked[0]) : adding.problemAt('email') ?? adding.error

  return (
    <section className="facilitators" aria-labelledby="facilitators-title" data-testid="facilitators">
      <h3 id="facilitators-title">{s.title}</h3>
      <p className="hint">{s.intro}</p>
      {!facilitators && !loading.error && <p role="status">{s.loading}</p>}
      {loading.error && <p className="error" role="alert">{loading.error}</p>}
      {facilitators && (
        <ul className="facilitators__list">
          {facilitators.map((f) => (
            <li key={f.email} className="facilitators__item" data-testid="facilitator" data-email={f.email}>
              <span className="facilitators__who">
                <strong>{f.name || f.email}</strong>
                {f.name && <span className="facilitators__email">{f.email}</span>}
                <span className="facilitators__notes">
                  {[f.creator ? s.creator : '', f.bound ? '' : s.notYetSignedIn].filter(Boolean).join(' · ')}
                </span>
              </span>
              <button type="button" className="button button--danger" disabled={removal.busy}
                aria-label={s.removeLabel(f.name || f.email)} data-testid="remove-facilitator"
                onClick={() => void remove(f.email)}>
                {s.remove}
              </button>
              {removing === f.email && removal.error && (
                <p className="error facilitators__problem" role="alert" data-testid="remove-facilitator-problem">{removal.error}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="facilitators__add" onSubmit={(e) => void add(e)} noValidate>
        <div className="field">
          <label htmlFor="facilitator-email">{s.email}</label>
          <span className="facilitators__row">
            <input id="facilitator-email" type="email" value={email} autoComplete="off" maxLength={MAX_EMAIL_LENGTH}
              onChange={(e) => setEmail(e.target.value)} data-testid="facilitator-email"
              aria-invalid={emailProblem !== null} aria-describedby={`facilitator-email-help${emailProblem ? ' facilitator-email-problem' : ''}`} />
            <button type="submit" className="button" disabled={adding.busy} data-testid="add-facilitator">
              {adding.busy ? s.adding : s.add}
            </button>
          </span>
          <small id="facilitator-email-help">{s.emailHelp}</small>
          {emailProblem && <small className="field__problem" id="facilitator-email-problem" role="alert" data-testid="facilitator-email-problem">{emailProblem}</small>}
        </div>
      </form>
    </section>
  )
}
