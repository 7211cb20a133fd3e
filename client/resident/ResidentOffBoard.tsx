/**
 * What she decided on that is no longer on the board: it stays on her phone with her answer and
 * her words, and who took it off and when. Nothing she said disappears from her view.
 */
import { offBoardDecidedActions, offBoardWhat } from '../../shared/domain/followUp'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { formatDateTime } from '../ui/formatDate'
import { useMeeting } from '../ui/MeetingContext'
import { ResidentAnswer } from './ResidentAnswer'

export function ResidentOffBoard() {
  const { strings, language } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const { snapshot } = useMeeting()
  const items = offBoardDecidedActions(snapshot)
  if (items.length === 0) return null
  return (
    <section aria-labelledby="resident-off-board">
      <h2 id="resident-off-board" className="resident-view__list-title">{s.offBoard}</h2>
      <ul className="resident-actions">
        {items.map((item) => (
          <li key={item.actionId} className="resident-action resident-action--off-board" data-testid="resident-off-board">
            <p className="resident-action__what">{offBoardWhat(item).trim() || s.untitled}</p>
            <ResidentAnswer answer={item.decision} fromEarlierSession={(item.decision.sessionNumber ?? 1) < snapshot.info.sessionNumber} changed={false} />
            {item.removal && (
              <p className="hint">{s.offBoardBy(item.removal.removedBy.name, formatDateTime(item.removal.at, language, snapshot.info.timeZone))}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
