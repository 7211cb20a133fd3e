/** The facilitator names the resident and ticks the domains; the board is laid out. */
import { useState, type FormEvent } from 'react'
import type { Editor } from 'tldraw'
import { MAX_SHORT_TEXT } from '../../shared/domain/limits'
import { LIFE_DOMAINS, type LifeDomainKey } from '../../shared/domain/lifeDomains'
import { useLanguage } from '../i18n/language'
import { layOutNewMeeting } from './cardCommands'
import { Dialog } from '../ui/Dialog'

export function StartMeetingDialog({ editor }: { editor: Editor }) {
  const { strings, language } = useLanguage()
  const [name, setName] = useState('')
  const [domains, setDomains] = useState<LifeDomainKey[]>([])
  const [problems, setProblems] = useState<string[]>([])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const found = [
      ...(name.trim() ? [] : [strings.startMeeting.problemName]),
      ...(domains.length ? [] : [strings.startMeeting.problemDomains]),
    ]
    setProblems(found)
    if (found.length === 0) layOutNewMeeting(editor, name, domains)
  }

  return (
    <Dialog labelledBy="start-title" onSubmit={submit}>
        <h2 id="start-title">{strings.startMeeting.title}</h2>
        <label className="field">
          {strings.startMeeting.residentName}
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={MAX_SHORT_TEXT} data-testid="start-resident-name" />
          <small>{strings.startMeeting.residentNameHint}</small>
        </label>
        <fieldset className="field field--checkboxes field--columns">
          <legend>{strings.startMeeting.domains}</legend>
          {LIFE_DOMAINS.map((d) => (
            <label key={d.key}>
              <input
                type="checkbox"
                checked={domains.includes(d.key)}
                data-testid={`start-domain-${d.key}`}
                onChange={(e) => setDomains(e.target.checked ? [...domains, d.key] : domains.filter((k) => k !== d.key))}
              />{' '}
              {d[language].professional}
            </label>
          ))}
          <small>{strings.startMeeting.domainsHint}</small>
        </fieldset>
        {problems.length > 0 && (
          <ul className="form__problems" role="alert">{problems.map((p) => <li key={p}>{p}</li>)}</ul>
        )}
        <button type="submit" className="button button--primary button--big" data-testid="start-submit">{strings.startMeeting.submit}</button>
    </Dialog>
  )
}
