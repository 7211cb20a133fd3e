/** Always-visible connection state: connecting / live / offline / reconnecting, plus unsent edits. */
import type { ConnectionSnapshot } from '../sync/boardConnection'
import { useLanguage } from '../i18n/language'

const ICON: Record<ConnectionSnapshot['state'], string> = {
  connecting: '◌',
  live: '●',
  offline: '✕',
  reconnecting: '↻',
}

export function ConnectionBadge({ snapshot }: { snapshot: ConnectionSnapshot }) {
  const { strings } = useLanguage()
  const { state, unsent } = snapshot
  return (
    <div className={`connection connection--${state}`} role="status" aria-live="polite" data-testid="connection" data-state={state}>
      <span aria-hidden="true">{ICON[state]}</span> {strings.connection[state]}
      {unsent && <span className="connection__unsent" data-testid="unsent"> · {strings.connection.unsent}</span>}
      {state !== 'live' && state !== 'connecting' && <span className="connection__help">{strings.connection.offlineHelp}</span>}
    </div>
  )
}
