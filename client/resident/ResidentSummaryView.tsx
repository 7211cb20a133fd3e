/**
 * The resident's summary on her phone: the same plain-language data as the printed one
 * (shared/record/residentSummary.ts), in her chosen language. It is her own summary, so it speaks
 * as "ik"; the rest of her page says "u".
 */
import { buildResidentSummary, type SummaryItem, type SummarySection } from '../../shared/record/residentSummary'
import { useLanguage } from '../i18n/language'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { useMeeting } from '../ui/MeetingContext'
import { Pictogram } from '../shapes/Pictogram'
import { ContactLine } from './ContactLine'
import { contactHref } from './residentQuestion'

/** Fields a summary item may carry besides its detail lines; shown when present and not already a detail. */
type ItemExtras = { contact?: unknown; words?: unknown }

function Extras({ item }: { item: SummaryItem }) {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  const extras = item as SummaryItem & ItemExtras
  const inDetails = (text: string) => item.details.some((detail) => detail.includes(text))
  const contact = contactOf(item)
  const words = typeof extras.words === 'string' ? extras.words.trim() : ''
  return (
    <>
      {words && !inDetails(words) && <div className="resident-answer__said">{strings.resident.youSaid(words)}</div>}
      {contact && !inDetails(contact) && <ContactLine contact={contact} />}
    </>
  )
}

/** One detail line as written by the summary; the contact in it becomes tappable (call or mail). */
function DetailLine({ detail, contact }: { detail: string; contact: string }) {
  const href = contact ? contactHref(contact) : null
  const at = href ? detail.indexOf(contact) : -1
  if (!href || at < 0) return <div>{detail}</div>
  return (
    <div className="resident-contact">
      {detail.slice(0, at)}<a href={href}>{contact}</a>{detail.slice(at + contact.length)}
    </div>
  )
}

function contactOf(item: SummaryItem): string {
  const contact = (item as SummaryItem & ItemExtras).contact
  return typeof contact === 'string' ? contact.trim() : ''
}

function Section({ section, testId }: { section: SummarySection; testId: string }) {
  if (section.items.length === 0 && !section.emptyText) return null
  return (
    <section className="summary-section" data-testid={testId}>
      <h3>{section.heading}</h3>
      {section.items.length === 0 ? (
        <p>{section.emptyText}</p>
      ) : (
        <ul>
          {section.items.map((item) => (
            <li key={item.key}>
              <Pictogram name={item.pictogram} size={32} />
              <div>
                <strong>{item.text}</strong>
                {item.details.map((detail) => <DetailLine key={detail} detail={detail} contact={contactOf(item)} />)}
                <Extras item={item} />
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
  // The next meeting is shown only once the facilitator confirmed its date: a proposal is not a promise.
  const nextMeeting = snapshot.info.followUpConfirmed ? summary.nextMeeting : { ...summary.nextMeeting, items: [], more: 0, moreText: null }
  return (
    <div className="resident-summary" data-testid="resident-summary">
      {summary.conceptNotice && <p className="hint">{summary.conceptNotice}</p>}
      <Section section={summary.agreed} testId="summary-agreed" />
      <Section section={summary.helpers} testId="summary-helpers" />
      <Section section={nextMeeting} testId="summary-next" />
      <Section section={summary.declined} testId="summary-declined" />
      <Section section={summary.thinking} testId="summary-thinking" />
    </div>
  )
}
