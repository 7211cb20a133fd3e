/**
 * One action on her phone: what it is about, who helps her and how to reach them, when, her
 * answer with her own words, and what this session asks her about it — a decision, what came of
 * it, or nothing (what she declined stays declined).
 */
import type { ActionCardProps } from '../../shared/domain/cards'
import { lifeDomain, LIFE_DOMAIN_NAMES, lifeDomainCardNames } from '../../shared/domain/lifeDomains'
import { resolveOwner } from '../../shared/domain/owners'
import type { Card } from '../../shared/domain/snapshot'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { formatDate } from '../ui/formatDate'
import { useMeeting } from '../ui/MeetingContext'
import { Pictogram } from '../shapes/Pictogram'
import { ResidentAnswer } from './ResidentAnswer'
import { ResidentDecision } from './ResidentDecision'
import { ResidentOutcome } from './ResidentOutcome'
import { ContactLine } from './ContactLine'
import { residentQuestion } from './residentQuestion'

/** Who helps her (or, for what she thinks about, who comes back to her), and when. */
function HelperLines({ action, thinking }: { action: Card<ActionCardProps>; thinking: boolean }) {
  const { strings, language } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const { snapshot } = useMeeting()
  const owner = resolveOwner(snapshot, action.props)
  const person = owner?.person.trim() ? `${owner.person.trim()}${owner.organisation ? ` (${owner.organisation})` : ''}` : s.nobodyYet
  return (
    <>
      <p>{thinking ? s.whoComesBack : s.whoHelps}: <strong>{person}</strong></p>
      {owner?.person.trim() && <ContactLine contact={owner.contact} />}
      <p>{s.when}: <strong>{action.props.dueDate ? formatDate(action.props.dueDate, language) : s.noDateYet}</strong></p>
    </>
  )
}

export function ResidentAction({ action }: { action: Card<ActionCardProps> }) {
  const { strings, language } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const { snapshot, access } = useMeeting()
  const question = residentQuestion(snapshot, action, access)
  const domains = action.props.domainIds
    .map((id) => snapshot.domains.find((d) => d.id === id))
    .filter((d) => d !== undefined)
  // Who and when do not matter for something she does not want (as long as it stays the same).
  const standingAnswer = question.changed ? null : (question.answer?.decision ?? null)

  return (
    <li className="resident-action" data-testid="resident-action" data-question={question.question}>
      {domains.length > 0 && (
        <div className="resident-action__domains">
          {domains.map((d) => (
            <span key={d.id} className="resident-action__domain">
              <Pictogram name={lifeDomain(d.props.domain).pictogram} size={28} /> {lifeDomainCardNames(d.props, LIFE_DOMAIN_NAMES[language]).plain}
            </span>
          ))}
        </div>
      )}
      <p className="resident-action__what">{action.props.what.trim() || s.untitled}</p>
      {question.changed && <p className="resident-action__changed" role="status" data-testid="resident-changed">{s.changed}</p>}
      {standingAnswer !== 'declined' && <HelperLines action={action} thinking={standingAnswer === 'thinking'} />}
      <ResidentAnswer answer={question.answer} fromEarlierSession={question.answerFromEarlierSession} changed={question.changed} />
      {question.question === 'outcome' && <ResidentOutcome actionId={action.id} question={question} />}
      {question.question === 'none' && snapshot.info.state !== 'closed' && <p className="hint">{s.declinedStays}</p>}
      {question.question === 'decision' && <ResidentDecision action={action} question={question} />}
    </li>
  )
}
