/**
 * At a follow-up meeting: what became of an action agreed last time — gedaan, deels, niet
 * gedaan, niet meer nodig — with the resident's own words. Recorded by the server, append-only.
 */
import { useState } from 'react'
import { mayRecordResidentAnswers, OUTCOMES, type Outcome } from '../../shared/domain/meeting'
import { currentDecision, currentOutcome } from '../../shared/domain/snapshot'
import { api } from '../api'
import { useApiCall } from '../ui/useApiCall'
import { useLanguage } from '../i18n/language'
import { DecisionBadge } from '../meeting/DecisionBadge'
import { OutcomeBadge } from '../meeting/OutcomeBadge'
import { useMeeting } from '../meeting/MeetingContext'

export function OutcomeForm({ actionId }: { actionId: string }) {
  const { strings } = useLanguage()
  const { snapshot, access, boardId, token, identity } = useMeeting()
  const [words, setWords] = useState('')
  const { busy, error, run } = useApiCall(strings.outcomeForm.failed)
  const planned = currentDecision(snapshot.decisions, actionId)
  const outcome = currentOutcome(snapshot.outcomes, actionId, snapshot.info.sessionNumber)
  const mayRecord = snapshot.info.state !== 'closed' && mayRecordResidentAnswers(access, snapshot.info)

  const record = async (choice: Outcome) => {
    const recorded = await run(() =>
      api.recordOutcome(boardId, token, { actionId, outcome: choice, residentWords: words, recordedBy: { userId: identity.userId } }),
    )
    if (recorded) setWords('')
  }

  return (
    <section className="decision-form" aria-label={strings.outcomeForm.title} data-testid="outcome-form">
      <h3>{strings.outcomeForm.title}</h3>
      <p>{strings.outcomeForm.planned}: <DecisionBadge decision={planned?.decision ?? null} /></p>
      <p className="decision-form__current"><OutcomeBadge outcome={outcome?.outcome ?? null} /></p>
      {outcome?.residentWords && <p className="decision-form__quote">“{outcome.residentWords}”</p>}
      {mayRecord && (
        <>
          <label className="field">
            {strings.outcomeForm.words}
            <textarea rows={2} maxLength={2000} value={words} onChange={(e) => setWords(e.target.value)} data-testid="outcome-words" />
          </label>
          <div className="decision-form__buttons">
            {OUTCOMES.map((choice) => (
              <button key={choice} type="button" className="button decision-button" disabled={busy}
                aria-pressed={outcome?.outcome === choice} data-testid={`outcome-${choice}`} onClick={() => void record(choice)}>
                <OutcomeBadge outcome={choice} />
              </button>
            ))}
          </div>
          {error && <p className="error" role="alert">{error}</p>}
        </>
      )}
    </section>
  )
}
