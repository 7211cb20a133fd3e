/**
 * Her answer on one action, as she gave it: the decision by icon and word, and her own words
 * ("U zei: …"), so she sees that what she said arrived. Once the action changed after she
 * answered, the answer is shown as her earlier one: it no longer covers what is on the board.
 */
import type { DecisionEntry } from '../../shared/domain/meeting'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { DecisionBadge } from '../ui/DecisionBadge'

interface Props {
  answer: DecisionEntry | null
  /** Given in an earlier session of the case: "Vorige keer". */
  fromEarlierSession: boolean
  /** The action changed after she answered. */
  changed: boolean
}

export function ResidentAnswer({ answer, fromEarlierSession, changed }: Props) {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const label = changed ? s.earlierAnswer : fromEarlierSession ? s.lastTime : s.yourAnswer
  return (
    // Polite live region: when the facilitator records her answer, a screen reader says it.
    <div className={`resident-answer${changed ? ' resident-answer--earlier' : ''}`} aria-live="polite">
      <p>
        <span className="resident-answer__label">{label}:</span> <DecisionBadge decision={answer?.decision ?? null} size="large" />
      </p>
      {answer?.residentWords && (
        <p className="resident-answer__said" data-testid="resident-said">{s.youSaid(answer.residentWords)}</p>
      )}
    </div>
  )
}
