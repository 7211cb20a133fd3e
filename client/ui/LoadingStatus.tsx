/**
 * "Bezig met laden…" while a part of the app downloads or the board is fetched. A download that
 * hangs instead of failing (a phone between two cells, a captive Wi-Fi) would otherwise show it
 * until the browser gives up, minutes later: after SLOW_AFTER_MS it also says that this takes
 * longer than it should, and offers to load the page again.
 */
import { useEffect, useState } from 'react'
import { useLanguage } from '../i18n/language'

/** Far beyond a normal wait: the largest part, the canvas, takes about 4 s on slow 4G. */
export const SLOW_AFTER_MS = 10_000

interface Props {
  text: string
  className?: string
  id?: string
  testId?: string
}

export function LoadingStatus({ text, className, id, testId }: Props) {
  const { strings } = useLanguage()
  const slow = useSlowAfter(SLOW_AFTER_MS)
  return (
    <div className={className} role="status" data-testid={testId}>
      {/* In the page it keeps the page's type; inside a dialog or a panel it is a hint. */}
      <p className={className === undefined ? 'hint' : undefined} id={id}>{text}</p>
      {slow && (
        <p className="hint" data-testid="loading-slow">
          {strings.parts.slow}{' '}
          <button type="button" className="button" onClick={() => location.reload()}>{strings.errors.reload}</button>
        </p>
      )}
    </div>
  )
}

/** True once `ms` have passed since the component mounted. */
function useSlowAfter(ms: number): boolean {
  const [slow, setSlow] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), ms)
    return () => clearTimeout(timer)
  }, [ms])
  return slow
}
