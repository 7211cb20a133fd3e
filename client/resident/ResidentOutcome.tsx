/**
 * At a follow-up, for what she agreed to last time: what came of it, in her words. Asked only
 * there (questionFor === 'outcome'); a refusal is never asked about again.
 */
import { MAX_WORDS } from '../../shared/domain/limits'
import { OUTCOMES, type Outcome } from '../../shared/domain/meeting'
import { currentOutcome } from '../../shared/domain/snapshot'
import { api } from '../api'
import { useAnswerForm } from './useAnswerForm'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { OutcomeBadge } from '../ui/OutcomeBadge'
import { WordsField } from '../ui/fields'
import { useMeeting } from '../ui/MeetingContext'
import type { ResidentQuestion } from './residentQuestion'

export function ResidentOutcome({ actionId, question }: { actionId: string; question: ResidentQuestion }) {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const { snapshot, boardId, token, identity } = useMeeting()
  const { changing, setChanging, words, setWords, busy, error, problemAt, send } = useAnswerForm(s.failed)
  const outcome = currentOutcome(snapshot.outcomes, actionId, snapshot.info.sessionNumber)
  const formOpen = question.mayAnswer && (outcome === null || changing)

  const record = (choice: Outcome) =>
    send((residentWords) =>
      api.recordOutcome(boardId, token, { actionId, outcome: choice, residentWords, recordedBy: { userId: identity.userId } }),
    )

  return (
    <section className="resident-outcome" aria-label={s.outcomeQuestion} data-testid="resident-outcome">
      <h3>{s.outcomeQuestion}</h3>
      <div aria-live="polite">
        <p className="resident-outcome__current"><OutcomeBadge outcome={outcome?.outcome ?? null} /></p>
        {outcome?.residentWords && <p className="resident-answer__said" data-testid="resident-outcome-said">{s.youSaid(outcome.residentWords)}</p>}
      </div>
      {formOpen ? (
        <>
          <WordsField label={s.outcomeWords} value={words} onChange={setWords} maxLength={MAX_WORDS} problem={problemAt('residentWords')}
            testId="resident-outcome-words" />
          <div className="resident-action__buttons">
            {OUTCOMES.map((choice) => (
              <button key={choice} type="button" className="button decision-button button--big" disabled={busy}
                aria-pressed={outcome?.outcome === choice} data-testid={`resident-outcome-${choice}`} onClick={() => void record(choice)}>
                <OutcomeBadge outcome={choice} />
              </button>
            ))}
          </div>
          {changing && <button type="button" className="link-button" onClick={() => setChanging(false)}>{s.keepAnswer}</button>}
          {error && <p className="error" role="alert" data-testid="resident-error">{error}</p>}
        </>
      ) : question.mayAnswer ? (
        <button type="button" className="button resident-action__change" onClick={() => setChanging(true)}>{s.changeAnswer}</button>
      ) : (
        outcome === null && snapshot.info.state !== 'closed' && <p className="hint">{s.askFacilitator}</p>
      )}
    </section>
  )
}
