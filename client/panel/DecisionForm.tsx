/**
 * The resident's decision on one action: three large buttons, her own words, an optional
 * teach-back note. Recorded by the server (append-only); shown with its history.
 */
import { useState } from 'react'
import { COMMANDS } from '../../shared/commands/index'
import { MAX_WORDS } from '../../shared/domain/limits'
import { DECISIONS, decisionIsOutdated, type Decision } from '../../shared/domain/meeting'
import { currentDecision, decisionHistory } from '../../shared/domain/snapshot'
import { api } from '../api'
import { useApiCall } from '../ui/useApiCall'
import { useCommand } from '../ui/useCommand'
import { WordsField } from '../ui/fields'
import { useLanguageWith } from '../i18n/partStrings'
import { CARD_FORMS_STRINGS } from '../i18n/parts/cardForms'
import { DecisionBadge } from '../ui/DecisionBadge'
import { formatDateTime } from '../ui/formatDate'
import { useMeeting } from '../ui/MeetingContext'

export function DecisionForm({ actionId }: { actionId: string }) {
  const { strings, language } = useLanguageWith(CARD_FORMS_STRINGS)
  const { snapshot, boardId, token, identity } = useMeeting()
  const [words, setWords] = useState('')
  const [teachBack, setTeachBack] = useState('')
  const { busy, error, problemAt, run } = useApiCall(strings.decisionForm.failed)
  const current = currentDecision(snapshot.decisions, actionId)
  const action = snapshot.actions.find((a) => a.id === actionId)
  const history = decisionHistory(snapshot.decisions, actionId).reverse()
  // The same question the server asks: who may record her decision, in this state of the meeting.
  const decide = useCommand(COMMANDS.decide)

  const record = async (decision: Decision) => {
    const recorded = await run(() =>
      api.recordDecision(boardId, token, { actionId, decision, residentWords: words, teachBack, recordedBy: { userId: identity.userId } }),
    )
    if (recorded) {
      setWords('')
      setTeachBack('')
    }
  }

  return (
    <section className="decision-form" aria-label={strings.decisionForm.title}>
      <h3>{strings.decisionForm.title}</h3>
      <p className="decision-form__current"><DecisionBadge decision={current?.decision ?? null} size="large" /></p>
      {current?.residentWords && <p className="decision-form__quote">“{current.residentWords}”</p>}
      {current && action && decisionIsOutdated(current, action.props) && (
        <p className="warning" role="status" data-testid="decision-outdated">{strings.decisionForm.outdated}</p>
      )}
      {decide.allowed ? (
        <>
          <WordsField label={strings.decisionForm.words} value={words} onChange={setWords} maxLength={MAX_WORDS}
            problem={problemAt('residentWords')} testId="decision-words" />
          <WordsField label={strings.decisionForm.teachBack} value={teachBack} onChange={setTeachBack} maxLength={MAX_WORDS}
            problem={problemAt('teachBack')} />
          <div className="decision-form__buttons">
            {DECISIONS.map((decision) => (
              <button
                key={decision}
                type="button"
                className={`button decision-button decision-button--${decision}`}
                disabled={busy}
                aria-pressed={current?.decision === decision}
                data-testid={`decide-${decision}`}
                onClick={() => void record(decision)}
              >
                <DecisionBadge decision={decision} />
              </button>
            ))}
          </div>
          {busy && <p role="status">{strings.decisionForm.recording}</p>}
          {error && <p className="error" role="alert">{error}</p>}
        </>
      ) : (
        // Why not: the facilitator records it with her, or the meeting's state does not allow it.
        <p className="hint" data-testid="decision-why-not">
          {decide.refusal === 'facilitatorOnly' ? strings.decisionForm.onlyFacilitator : decide.why}
        </p>
      )}
      {history.length > 0 && (
        <details className="decision-form__history">
          <summary>{strings.decisionForm.history} ({history.length})</summary>
          <ol>
            {history.map((entry, i) => (
              <li key={`${entry.at}-${i}`}>
                <DecisionBadge decision={entry.decision} /> {strings.decisionForm.by(entry.recordedBy.name, formatDateTime(entry.at, language, snapshot.info.timeZone))}
                {entry.residentWords && <div>“{entry.residentWords}”</div>}
                {entry.teachBack && <div>{strings.decisionForm.teachBackLabel}: {entry.teachBack}</div>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  )
}
