/** What became of a carried action, by icon and word. */
import type { Outcome } from '../../shared/domain/meeting'
import { useLanguage } from '../i18n/language'

export const OUTCOME_ICON: Record<Outcome | 'none', string> = {
  done: 'M5 12l4 4l10-10',
  partly: 'M5 12h14M12 5a7 7 0 1 0 0.01 0',
  notDone: 'M6 6l12 12M18 6L6 18',
  noLongerNeeded: 'M5 12h14',
  none: 'M12 4a8 8 0 1 0 0.01 0',
}

export function OutcomeBadge({ outcome }: { outcome: Outcome | null }) {
  const { strings } = useLanguage()
  const key = outcome ?? 'none'
  return (
    <span className={`outcome outcome--${key}`} data-outcome={key}>
      <svg viewBox="0 0 24 24" width={24} height={24} fill="none" stroke="currentColor" strokeWidth={2.6} strokeLinecap="round" aria-hidden="true">
        <path d={OUTCOME_ICON[key]} />
      </svg>
      <span>{strings.meeting.outcome[key]}</span>
    </span>
  )
}
