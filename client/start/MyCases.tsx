/**
 * "Mijn gesprekken": the cases of the signed-in professional, in the server's order (next
 * follow-up soonest first), each one a plain link to its board — no token needed, the account's
 * right opens it. A search box narrows the list by the resident's name.
 */
import { useEffect, useState } from 'react'
import type { CaseSummary } from '../../shared/protocol'
import { api } from '../api'
import { useLanguageWith } from '../i18n/partStrings'
import { START_PAGE_STRINGS } from '../i18n/parts/startPage'
import { failureText } from '../ui/apiErrors'
import { formatDate, formatDateTime } from '../ui/formatDate'

/** Folds case and accents, so "ansaj" finds "Ansaj" and "zoe" finds "Zoë". */
function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase()
}

export function MyCases({ reloadKey }: { reloadKey: number }) {
  const { strings, language } = useLanguageWith(START_PAGE_STRINGS)
  const s = strings.cases
  const [cases, setCases] = useState<CaseSummary[] | null>(null)
  const [failure, setFailure] = useState<{ error: unknown } | null>(null)
  const [query, setQuery] = useState('')

  useEffect(() => {
    let current = true
    setFailure(null)
    api.cases().then(
      (answer) => current && setCases(answer.cases),
      (error: unknown) => current && setFailure({ error }),
    )
    return () => {
      current = false
    }
  }, [reloadKey])

  const wanted = searchable(query.trim())
  const shown = cases?.filter((c) => wanted === '' || searchable(c.residentName || s.unnamed).includes(wanted)) ?? []

  return (
    <section className="my-cases" aria-labelledby="my-cases-title" data-testid="my-cases">
      <h2 id="my-cases-title">{s.title}</h2>
      {failure && <p className="error" role="alert">{failureText(strings, failure.error, s.failed)}</p>}
      {!cases && !failure && <p role="status">{s.loading}</p>}
      {cases && cases.length === 0 && <p>{s.none}</p>}
      {cases && cases.length > 0 && (
        <>
          <div className="field my-cases__search">
            <label htmlFor="my-cases-search">{s.search}</label>
            <input id="my-cases-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off"
              data-testid="cases-search" aria-describedby="my-cases-count" />
            <small id="my-cases-count" aria-live="polite">{s.count(shown.length, cases.length)}</small>
          </div>
          {shown.length === 0 && <p>{s.noMatch}</p>}
          <ul className="my-cases__list">
            {shown.map((c) => (
              <li key={c.id} className="case-item" data-testid="case" data-case-id={c.id}>
                <a className="case-item__name" href={c.url}>
                  {c.residentName || <span className="case-item__unnamed">{s.unnamed}</span>}
                </a>
                <p className="case-item__status">
                  <span className={`case-state case-state--${c.state}`}>{s.state[c.state]}</span>
                  <span>{s.session(c.sessionNumber)}</span>
                  <span className="case-item__role">{s.role[c.role]}</span>
                </p>
                <dl className="case-item__facts">
                  <div>
                    <dt>{s.nextFollowUp}</dt>
                    <dd>{c.nextFollowUp ? formatDate(c.nextFollowUp, language) : s.noFollowUp}</dd>
                  </div>
                  <div>
                    <dt>{s.actions}</dt>
                    <dd className={c.openAgreedActions > 0 ? 'case-item__open' : undefined}>{s.openActions(c.openAgreedActions)}</dd>
                  </div>
                  <div>
                    <dt>{s.lastChange}</dt>
                    <dd>{formatDateTime(c.lastChange, language, c.timeZone)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
