/**
 * The top of the screen in presentation mode, in large type for the far end of the table: whose
 * meeting this is, who is present, and what still waits for her answer.
 */
import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { waitingForHerAnswer } from '../../../shared/domain/closeRule'
import { useLanguage } from '../../i18n/language'
import { readIdentities } from '../../sync/presence'
import { useMeeting } from '../../ui/MeetingContext'

function usePresentNames(awareness: Awareness): string[] {
  const [names, setNames] = useState<string[]>([])
  useEffect(() => {
    const refresh = () => {
      const next = [...new Set(readIdentities(awareness).map(({ identity }) => identity.name.trim()).filter(Boolean))]
      setNames((before) => (before.join('\n') === next.join('\n') ? before : next))
    }
    awareness.on('change', refresh)
    refresh()
    return () => awareness.off('change', refresh)
  }, [awareness])
  return names
}

export function PresentationHeader({ awareness, presenterName, onLeave }: { awareness: Awareness; presenterName: string | null; onLeave(): void }) {
  const { strings } = useLanguage()
  const { snapshot } = useMeeting()
  const p = strings.presentation
  const names = usePresentNames(awareness)
  const waiting = waitingForHerAnswer(snapshot).length
  // One line: every pixel of height the header takes is zoom the cards lose.
  return (
    <header className="presentation-header" data-testid="presentation-header">
      <h1 className="presentation-header__title">{snapshot.resident?.props.name || strings.appName}</h1>
      <p className="presentation-header__people" data-testid="presentation-people" title={names.join(', ')}>
        <strong>{p.present(names.length)}:</strong> {names.join(', ')}
      </p>
      <p className={`presentation-header__waiting${waiting > 0 ? ' presentation-header__waiting--open' : ''}`} data-testid="presentation-waiting">
        {snapshot.actions.length === 0 ? p.noActions : waiting === 0 ? p.noneWaiting : p.waiting(waiting)}
      </p>
      {presenterName && <p className="presentation-header__follows">{p.followsPresenter(presenterName)}</p>}
      <button type="button" className="presentation-header__leave" onClick={onLeave} data-testid="leave-presentation" aria-label={p.leave}>
        Esc
      </button>
    </header>
  )
}
