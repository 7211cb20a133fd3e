/**
 * The top of the screen in presentation mode, in large type for the far end of the table: whose
 * meeting this is, who is present, and what still waits for her answer.
 */
import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { waitingForHerAnswer } from '../../../shared/domain/closeRule'
import { useLanguage } from '../../i18n/language'
import { readIdentities } from '../../sync/presence'
import { useMeeting } from '../MeetingContext'

/** At most this many waiting actions are named; the rest are counted. */
const NAMED = 3

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
  const waiting = waitingForHerAnswer(snapshot)
  return (
    <header className="presentation-header" data-testid="presentation-header">
      <h1 className="presentation-header__title">{snapshot.resident?.props.name || strings.appName}</h1>
      <p className="presentation-header__people" data-testid="presentation-people">
        <strong>{p.present(names.length)}:</strong> {names.join(', ')}
      </p>
      <p className="presentation-header__waiting" data-testid="presentation-waiting">
        {waiting.length === 0 ? (
          p.noneWaiting
        ) : (
          <>
            <strong>{p.waiting(waiting.length)}:</strong>{' '}
            {waiting.slice(0, NAMED).map((w) => w.itemLabel?.trim() || strings.closing.unnamedAction).join(' · ')}
            {waiting.length > NAMED ? ' …' : ''}
          </>
        )}
      </p>
      {presenterName && <p className="presentation-header__follows">{p.followsPresenter(presenterName)}</p>}
      <button type="button" className="presentation-header__leave" onClick={onLeave} data-testid="leave-presentation">
        {p.leave}
      </button>
    </header>
  )
}
