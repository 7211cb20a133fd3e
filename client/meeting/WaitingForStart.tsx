/**
 * Before the facilitator has filled in the start dialog, the board is empty: everyone else sees
 * what is about to happen instead of a blank canvas with drawing tools.
 */
import { useLanguage } from '../i18n/language'

export function WaitingForStart() {
  const { strings } = useLanguage()
  return (
    <div className="waiting-for-start" role="status" data-testid="waiting-for-start">
      <h2>{strings.waiting.title}</h2>
      <p>{strings.waiting.body}</p>
    </div>
  )
}
