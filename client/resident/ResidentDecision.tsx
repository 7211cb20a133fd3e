/**
 * Where she answers herself, when the facilitator lets her: her words and three large buttons.
 * Once she has answered, the buttons fold away behind "Antwoord veranderen", so her answer and
 * her words are what she sees; while the meeting is open she can change it.
 */
import { MAX_WORDS } from '../../shared/domain/limits'
import { DECISIONS, type Decision } from '../../shared/domain/meeting'
import type { Card } from '../../shared/domain/snapshot'
import type { ActionCardProps } from '../../shared/domain/cards'
import { api } from '../api'
import { useAnswerForm } from './useAnswerForm'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { DecisionBadge } from '../ui/DecisionBadge'
import { WordsField } from '../ui/fields'
import { useMeeting } from '../ui/MeetingContext'
import type { ResidentQuestion } from './residentQuestion'

export function ResidentDecision({ action, question }: { action: Card<ActionCardProps>; question: ResidentQuestion }) {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const { snapshot, boardId, token, identity } = useMeeting()
  const { changing, setChanging, words, setWords, busy, error, problemAt, send } = useAnswerForm(s.failed)

  if (!question.mayAnswer) {
    return question.waitsForAnswer && snapshot.info.state !== 'closed' ? <p className="hint">{s.askFacilitator}</p> : null
  }
  if (!question.waitsForAnswer && !changing) {
    return (
      <button type="button" className="button resident-action__change" onClick={() => setChanging(true)} data-testid="resident-change">
        {s.changeAnswer}
      </button>
    )
  }

  const decide = (choice: Decision) =>
    send((residentWords) =>
      api.recordDecision(boardId, token, { actionId: action.id, decision: choice, residentWords, teachBack: '', recordedBy: { userId: identity.userId } }),
    )

  return (
    <div className="resident-decide">
      {question.answerFromEarlierSession && !question.changed && <p className="resident-decide__ask">{s.whatNow}</p>}
      <WordsField label={s.yourWords} value={words} onChange={setWords} maxLength={MAX_WORDS} problem={problemAt('residentWords')} testId="resident-words" />
      <div className="resident-action__buttons">
        {DECISIONS.map((choice) => (
          <button key={choice} type="button" className={`button decision-button decision-button--${choice} button--big`} disabled={busy}
            aria-pressed={!question.waitsForAnswer && question.answer?.decision === choice} onClick={() => void decide(choice)} data-testid={`resident-decide-${choice}`}>
            <DecisionBadge decision={choice} size="large" />
          </button>
        ))}
      </div>
      {changing && (
        <button type="button" className="link-button" onClick={() => setChanging(false)}>{s.keepAnswer}</button>
      )}
      {/* Our own words for why it did not work (the server's message is for developers). */}
      {error && <p className="error" role="alert" data-testid="resident-error">{error}</p>}
    </div>
  )
}
