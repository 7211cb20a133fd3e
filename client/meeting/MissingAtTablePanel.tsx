/** "Wie mist er aan tafel?", live, from the shared rule. */
import type { Editor } from 'tldraw'
import { whoIsMissing } from '../../shared/domain/missingAtTable'
import { useLanguage } from '../i18n/language'
import { jumpToCard } from './cardCommands'
import { useMeeting } from '../ui/MeetingContext'
import { LIFE_DOMAIN_NAMES, lifeDomainCardNames } from '../../shared/domain/lifeDomains'

export function MissingAtTablePanel({ editor }: { editor: Editor | null }) {
  const { strings, language } = useLanguage()
  const { snapshot } = useMeeting()
  const missing = whoIsMissing(snapshot)
  return (
    <section className="missing" aria-labelledby="missing-title" data-testid="missing-at-table">
      <h2 id="missing-title">{strings.missing.title}</h2>
      {missing.length === 0 ? (
        <p className="hint">{strings.missing.nobody}</p>
      ) : (
        <ul>
          {missing.map((item) => {
            const id = item.kind === 'uncoveredDomain' ? item.domainId : item.actionId
            let text: string
            if (item.kind === 'uncoveredDomain') {
              const domain = snapshot.domains.find((d) => d.id === item.domainId)!
              text = `${strings.missing.uncovered(lifeDomainCardNames(domain.props, LIFE_DOMAIN_NAMES[language]).professional)} (${item.because.map((b) => strings.missing.because[b]).join(', ')})`
            } else {
              text = strings.missing.absentOwner(item.person, item.organisation)
            }
            return (
              <li key={`${item.kind}-${id}`}>
                {text}{' '}
                {editor && (
                  <button type="button" className="link-button" onClick={() => jumpToCard(editor, id)}>
                    {strings.missing.jump}
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
