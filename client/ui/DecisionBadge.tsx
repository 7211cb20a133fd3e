/** The resident's decision shown by icon and word, never by colour alone. */
import type { Decision } from '../../shared/domain/meeting'
import { useLanguage } from '../i18n/language'

export const DECISION_ICON: Record<Decision | 'none', string> = {
  agreed: 'M5 12l4 4l10-10',
  declined: 'M6 6l12 12M18 6L6 18',
  thinking: 'M9 9a3 3 0 1 1 4 2.8c-.8.4-1 1-1 2.2M12 17.5v.5',
  none: 'M12 4a8 8 0 1 0 0.01 0',
}

export function DecisionBadge({ decision, size = 'normal' }: { decision: Decision | null; size?: 'normal' | 'large' }) {
  const { strings } = useLanguage()
  const key = decision ?? 'none'
  return (
    <span className={`decision decision--${key} decision--${size}`} data-decision={key}>
      <svg viewBox="0 0 24 24" width={size === 'large' ? 32 : 24} height={size === 'large' ? 32 : 24} fill="none" stroke="currentColor" strokeWidth={2.6} strokeLinecap="round" aria-hidden="true">
        <path d={DECISION_ICON[key]} />
      </svg>
      <span>{strings.meeting.decision[key]}</span>
    </span>
  )
}
