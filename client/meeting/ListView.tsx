/**
 * The whole meeting as a document: headings, lists and plain text, usable with keyboard and
 * screen reader alone — the accessible equivalent of the canvas.
 */
import { resolveOwner } from '../../shared/domain/owners'
import { currentDecision, currentOutcome } from '../../shared/domain/snapshot'
import { questionFor } from '../../shared/domain/followUp'
import { OutcomeBadge } from '../ui/OutcomeBadge'
import { lifeDomain, SCORE_LABELS, LIFE_DOMAIN_NAMES, lifeDomainCardNames } from '../../shared/domain/lifeDomains'
import { useLanguageWith } from '../i18n/partStrings'
import { CLOSING_STRINGS } from '../i18n/parts/closing'
import { LIST_STRINGS } from '../i18n/parts/list'
import { Pictogram } from '../shapes/Pictogram'
import { DecisionBadge } from '../ui/DecisionBadge'
import { formatDate } from '../ui/formatDate'
import { useMeeting } from '../ui/MeetingContext'

export function ListView() {
  const { strings, language } = useLanguageWith(CLOSING_STRINGS, LIST_STRINGS)
  const { snapshot } = useMeeting()
  const domainName = (id: string) => {
    const domain = snapshot.domains.find((d) => d.id === id)
    return domain ? lifeDomainCardNames(domain.props, LIFE_DOMAIN_NAMES[language]).professional : null
  }
  return (
    <main className="list-view" aria-labelledby="list-title" data-testid="list-view">
      <h1 id="list-title">{strings.list.title}{snapshot.resident?.props.name ? `: ${snapshot.resident.props.name}` : ''}</h1>
      <p>
        {strings.list.followUp}:{' '}
        {!snapshot.info.followUpDate
          ? '—'
          : snapshot.info.followUpConfirmed
            ? formatDate(snapshot.info.followUpDate, language)
            : strings.closing.followUpProposed(formatDate(snapshot.info.followUpDate, language))}
      </p>

      <h2>{strings.list.participants}</h2>
      {snapshot.participants.length === 0 ? <p>{strings.list.none}</p> : (
        <ul>
          {snapshot.participants.map((p) => (
            <li key={p.userId}>{p.name} – {strings.roles[p.role]}{p.organisation ? `, ${p.organisation}` : ''}{p.atTable ? '' : ` (${strings.list.remote})`}</li>
          ))}
        </ul>
      )}

      <h2>{strings.list.domains}</h2>
      {snapshot.domains.length === 0 ? <p>{strings.list.none}</p> : snapshot.domains.map((domain) => {
        const names = lifeDomainCardNames(domain.props, LIFE_DOMAIN_NAMES[language])
        return (
          <section key={domain.id} aria-labelledby={`d-${domain.id}`}>
            <h3 id={`d-${domain.id}`}>
              <Pictogram name={lifeDomain(domain.props.domain).pictogram} size={24} /> {names.professional}
              {names.plain !== names.professional ? ` (${names.plain})` : ''}
            </h3>
            <dl>
              {domain.props.score !== null && (<><dt>{strings.meeting.score}</dt><dd>{domain.props.score} – {SCORE_LABELS[language][domain.props.score]}</dd></>)}
              {domain.props.strengths && (<><dt>{strings.meeting.strengths}</dt><dd>{domain.props.strengths}</dd></>)}
              {domain.props.worries && (<><dt>{strings.meeting.worries}</dt><dd>{domain.props.worries}</dd></>)}
              {domain.props.residentWords && (<><dt>{strings.meeting.ownWords}</dt><dd>“{domain.props.residentWords}”</dd></>)}
            </dl>
          </section>
        )
      })}

      <h2>{strings.list.agencies}</h2>
      {snapshot.agencies.length === 0 ? <p>{strings.list.none}</p> : (
        <ul>
          {snapshot.agencies.map((agency) => (
            <li key={agency.id}>
              <strong>{agency.props.organisation || strings.meeting.newAgency}</strong>
              {agency.props.office ? `, ${agency.props.office}` : ''}{agency.props.person ? ` – ${agency.props.person}` : ''}
              {' '}({agency.props.atTable ? strings.meeting.atTable : strings.meeting.notAtTable})
              {agency.props.canDo && <div>{strings.meeting.canDo}: {agency.props.canDo}</div>}
              {agency.props.cannotDo && <div>{strings.meeting.cannotDo}: {agency.props.cannotDo}</div>}
            </li>
          ))}
        </ul>
      )}

      <h2>{strings.list.actions}</h2>
      {snapshot.actions.length === 0 ? <p>{strings.list.none}</p> : (
        <ol>
          {snapshot.actions.map((action) => {
            const decision = currentDecision(snapshot.decisions, action.id)
            const owner = resolveOwner(snapshot, action.props)
            const domains = action.props.domainIds.map(domainName).filter(Boolean).join(', ')
            return (
              <li key={action.id} data-testid="list-action">
                <strong>{action.props.what || strings.meeting.newAction}</strong>
                {domains && <div>{strings.meeting.forDomains}: {domains}</div>}
                <div>{strings.meeting.who}: {owner?.person ? `${owner.person}${owner.organisation ? ` (${owner.organisation})` : ''}` : strings.meeting.noOwner}</div>
                <div>{strings.meeting.when}: {action.props.dueDate ? formatDate(action.props.dueDate, language) : strings.meeting.noDate}</div>
                <div><DecisionBadge decision={decision?.decision ?? null} />{decision?.residentWords ? ` – “${decision.residentWords}”` : ''}</div>
                {questionFor(snapshot, action.id) === 'outcome' && (() => {
                  const outcome = currentOutcome(snapshot.outcomes, action.id, snapshot.info.sessionNumber)
                  return <div><OutcomeBadge outcome={outcome?.outcome ?? null} />{outcome?.residentWords ? ` – “${outcome.residentWords}”` : ''}</div>
                })()}
              </li>
            )
          })}
        </ol>
      )}
    </main>
  )
}
