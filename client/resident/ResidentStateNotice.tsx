/**
 * The top of her page says what she can do now, and always matches the meeting's state: open
 * (answer, or tell the facilitator), paused (locked: read only), or closed (this is the result).
 */
import { canRun, COMMANDS } from '../../shared/commands/index'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { useMeeting } from '../ui/MeetingContext'

export function ResidentStateNotice() {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const { snapshot, access } = useMeeting()
  const { state, sessionNumber } = snapshot.info
  const intro = sessionNumber > 1 ? s.followUpIntro : s.intro

  if (state === 'closed') {
    return (
      <div className="resident-state resident-state--closed" role="status" data-testid="resident-state" data-state={state}>
        <p className="resident-state__banner">{strings.stateBanner.closed}</p>
        <p>{s.closedIntro}</p>
      </div>
    )
  }
  return (
    <div className={`resident-state resident-state--${state}`} role="status" data-testid="resident-state" data-state={state}>
      {state === 'locked' && <p className="resident-state__banner">{strings.stateBanner.locked}</p>}
      <p>{intro}</p>
      {state === 'open' && <p>{canRun(COMMANDS.decide, access, snapshot.info) === null ? s.youMayAnswer : s.askFacilitator}</p>}
    </div>
  )
}
