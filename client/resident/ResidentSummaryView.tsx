/**
 * The resident's summary on her phone: the same plain-language data as the printed one
 * (shared/record/residentSummary.ts), in her chosen language.
 */
import { buildResidentSummary, type SummarySection } from '../../shared/record/residentSummary'
import { useLanguage } from '../i18n/language'
import { useMeeting } from '../meeting/MeetingContext'
import { Pictogram } from '../shapes/Pictogram'

function Section({ section, testId }: { section: SummarySection; testId: string }) {
  if (section.items.length === 0 && !section.emptyText) return null
  return (
    <section className="summary-section" data-testid={testId}>
      <h2>{section.heading}</h2>
      {section.items.length === 0 ? (
        <p>{section.emptyText}</p>
      ) : (
        <ul>
          {section.items.map((item) => (
            <li key={item.key}>
              <Pictogram name={item.pictogram} size={32} />
              <div>
                <strong>{item.text}</strong>
                {item.details.map((detail) => <div key={detail}>{detail}</div>)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {section.moreText && <p className="hint">{section.moreText}</p>}
    </section>
  )
}

export function ResidentSummaryView() {
  const { language } = useLanguage()
  const { snapshot } = useMeeting()
  const summary = buildResidentSummary(snapshot, { lang: language })
  return (
    <div className="resident-summary" data-testid="resident-summary">
      {summary.conceptNotice && <p className="hint">{summary.conceptNotice}</p>}
      <Section section={summary.agreed} testId="summary-agreed" />
      <Section section={summary.helpers} testId="summary-helpers" />
      <Section section={summary.nextMeeting} testId="summary-next" />
      <Section section={summary.declined} testId="summary-declined" />
      <Section section={summary.thinking} testId="summary-thinking" />
    </div>
  )
}
