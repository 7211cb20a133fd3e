/**
 * At a follow-up meeting: what became of an action agreed last time — gedaan, deels, niet
 * gedaan, niet meer nodig — with the resident's own words. Recorded by the server, append-only.
 */
import { useState } from 'react'
import { COMMANDS } from '../../shared/commands/index'
import { MAX_WORDS } from '../../shared/domain/limits'
import { OUTCOMES, type Outcome } from '../../shared/domain/meeting'
import { currentDecision, currentOutcome } from '../../shared/domain/snapshot'
import { api } from '../api'
import { useApiCall } from '../ui/useApiCall'
import { useCommand } from '../ui/useCommand'
import { WordsField } from '../ui/fields'
import { useLanguageWith } from '../i18n/partStrings'
import { CARD_FORMS_STRINGS } from '../i18n/parts/cardForms'
import { DecisionBadge } from '../ui/DecisionBadge'
import { OutcomeBadge } from '../ui/OutcomeBadge'
import { useMeeting } from '../ui/MeetingContext'

export function OutcomeForm({ actionId }: { actionId: string }) {
  const { strings } = useLanguageWith(CARD_FORMS_STRINGS)
  const { snapshot, boardId, token, identity } = useMeeting()
  const [words, setWords] = useState('')
  const { busy, error, problemAt, run } = useApiCall(strings.outcomeForm.failed)
  const planned = currentDecision(snapshot.decisions, actionId)
  const outcome = currentOutcome(snapshot.outcomes, actionId, snapshot.info.sessionNumber)
  const mayRecord = useCommand(COMMANDS.outcome)

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
      {mayRecord.allowed ? (
        <>
          <WordsField label={strings.outcomeForm.words} value={words} onChange={setWords} maxLength={MAX_WORDS}
            problem={problemAt('residentWords')} testId="outcome-words" />
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
      ) : (
        <p className="hint" data-testid="outcome-why-not">{mayRecord.refusal === 'facilitatorOnly' ? strings.decisionForm.onlyFacilitator : mayRecord.why}</p>
      )}
    </section>
  )
}
