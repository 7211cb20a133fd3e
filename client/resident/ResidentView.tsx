/**
 * "Mijn afspraken": the resident's own phone. The actions as a plain list, large type, one
 * pictogram per domain, and — when the facilitator allows it — three large buttons per action.
 */
import { useState } from 'react'
import { DECISIONS, mayRecordResidentAnswers, type Decision } from '../../shared/domain/meeting'
import { resolveOwner } from '../../shared/domain/owners'
import { currentDecision, isCarried } from '../../shared/domain/snapshot'
import { OutcomeForm } from '../panel/OutcomeForm'
import { lifeDomain } from '../../shared/domain/lifeDomains'
import { api } from '../api'
import { useApiCall } from '../ui/useApiCall'
import { LanguageSwitch, useLanguage } from '../i18n/language'
import { DecisionBadge } from '../meeting/DecisionBadge'
import { formatDate } from '../meeting/formatDate'
import { useMeeting } from '../meeting/MeetingContext'
import { domainCardNames } from '../shapes/domainNames'
import { Pictogram } from '../shapes/Pictogram'
import type { Card } from '../../shared/domain/snapshot'
import type { ActionCardProps } from '../../shared/domain/cards'
import { ResidentSummaryView } from './ResidentSummaryView'

function ResidentAction({ action }: { action: Card<ActionCardProps> }) {
  const { strings, language } = useLanguage()
  const { snapshot, boardId, token, identity, access } = useMeeting()
  const [words, setWords] = useState('')
  const { busy, error, run } = useApiCall(strings.decisionForm.failed)
  const decision = currentDecision(snapshot.decisions, action.id)
  const owner = resolveOwner(snapshot, action.props)
  const domains = action.props.domainIds
    .map((id) => snapshot.domains.find((d) => d.id === id))
    .filter((d) => d !== undefined)
  const carried = isCarried(snapshot, action.id)
  const mayDecide = !carried && snapshot.info.state !== 'closed' && mayRecordResidentAnswers(access, snapshot.info)

  const decide = async (choice: Decision) => {
    const recorded = await run(() =>
      api.recordDecision(boardId, token, { actionId: action.id, decision: choice, residentWords: words, teachBack: '', recordedBy: { userId: identity.userId } }),
    )
    if (recorded) setWords('')
  }

  return (
    <li className="resident-action" data-testid="resident-action">
      <div className="resident-action__domains">
        {domains.map((d) => (
          <span key={d.id} className="resident-action__domain">
            <Pictogram name={lifeDomain(d.props.domain).pictogram} size={28} /> {domainCardNames(d.props, language).plain}
          </span>
        ))}
      </div>
      <p className="resident-action__what">{action.props.what || strings.meeting.newAction}</p>
      <p>{strings.meeting.who}: {owner?.person ? `${owner.person}${owner.organisation ? ` (${owner.organisation})` : ''}` : strings.meeting.noOwner}</p>
      <p>{strings.meeting.when}: {action.props.dueDate ? formatDate(action.props.dueDate, language) : strings.meeting.noDate}</p>
      <p><DecisionBadge decision={decision?.decision ?? null} size="large" /></p>
      {carried && <OutcomeForm actionId={action.id} />}
      {mayDecide ? (
        <>
          <label className="field">
            {strings.resident.yourWords}
            <textarea rows={2} maxLength={2000} value={words} onChange={(e) => setWords(e.target.value)} />
          </label>
          <div className="resident-action__buttons">
            {DECISIONS.map((choice) => (
              <button key={choice} type="button" className={`button decision-button decision-button--${choice} button--big`} disabled={busy}
                aria-pressed={decision?.decision === choice} onClick={() => void decide(choice)} data-testid={`resident-decide-${choice}`}>
                <DecisionBadge decision={choice} size="large" />
              </button>
            ))}
          </div>
          {error && <p className="error" role="alert">{error}</p>}
        </>
      ) : (
        snapshot.info.state !== 'closed' && !decision && !carried && <p className="hint">{strings.resident.askFacilitator}</p>
      )}
    </li>
  )
}

export function ResidentView() {
  const { strings } = useLanguage()
  const { snapshot } = useMeeting()
  return (
    <main className="resident-view" data-testid="resident-view">
      <header className="page__header">
        <h1>{strings.resident.title}</h1>
        <LanguageSwitch />
      </header>
      <p className="lead">{strings.resident.intro}</p>
      {snapshot.info.state === 'closed' && <p className="state-banner" role="status">{strings.stateBanner.closed}</p>}
      <ResidentSummaryView />
      <h2 className="resident-view__all">{strings.resident.allAgreements}</h2>
      {snapshot.actions.length === 0 ? (
        <p>{strings.resident.nothingYet}</p>
      ) : (
        <ol className="resident-actions">
          {snapshot.actions.map((action) => <ResidentAction key={action.id} action={action} />)}
        </ol>
      )}
    </main>
  )
}
