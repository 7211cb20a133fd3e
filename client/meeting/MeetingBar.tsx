/** The bar above the board: who the meeting is for, its state, and the facilitator's controls. */
import { useState } from 'react'
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { api } from '../api'
import { useApiCall } from '../ui/useApiCall'
import { LanguageSwitch, useLanguage } from '../i18n/language'
import { CloseMeetingDialog } from './CloseMeetingDialog'
import { setLeading } from './followLeader'
import { useMeeting } from './MeetingContext'
import { ShareDialog } from './ShareDialog'
import { ExportDialog } from './ExportDialog'
import { showAll } from './showAll'

interface Props {
  editor: Editor | null
  awareness: Awareness
  listView: boolean
  onToggleListView(): void
  onPresent(): void
  /** Shown while other presenting screens follow this facilitator. */
  onStopLeading?(): void
  /** "Ordenen", when this person may change the board now. */
  onTidyUp?(): void
}

export function MeetingBar({ editor, awareness, listView, onToggleListView, onPresent, onStopLeading, onTidyUp }: Props) {
  const { strings } = useLanguage()
  const { snapshot, access, boardId, token } = useMeeting()
  const [dialog, setDialog] = useState<'share' | 'close' | 'export' | null>(null)
  const [leading, setLeadingState] = useState(false)
  const { error, run } = useApiCall(strings.bar.actionFailed)
  const facilitator = access === 'facilitator'
  const state = snapshot.info.state

  return (
    <header className="meeting-bar">
      <div className="meeting-bar__title">
        <strong>{snapshot.resident?.props.name || strings.appName}</strong>
        {state !== 'open' && (
          <span className={`state-badge state-badge--${state}`} data-testid="meeting-state">
            {state === 'locked' ? `🔒 ${strings.meeting.locked}` : `✔ ${strings.meeting.closed}`}
          </span>
        )}
      </div>
      <nav className="meeting-bar__actions" aria-label={strings.appName}>
        <button type="button" className="button" onClick={onPresent} data-testid="present">{strings.bar.present}</button>
        {onStopLeading && (
          <button type="button" className="button" onClick={onStopLeading} data-testid="stop-leading">{strings.presentation.stopLeading}</button>
        )}
        {editor && !listView && (
          <button type="button" className="button" onClick={() => showAll(editor)} title={strings.bar.showAllKey} aria-keyshortcuts="0 Home" data-testid="show-all">
            {strings.bar.showAll}
          </button>
        )}
        {onTidyUp && !listView && (
          <button type="button" className="button" onClick={onTidyUp} title={strings.bar.tidyUpHint} data-testid="tidy-up">
            {strings.bar.tidyUp}
          </button>
        )}
        <button type="button" className="button" onClick={() => setDialog('share')} data-testid="open-share">{strings.bar.share}</button>
        <button type="button" className="button" onClick={onToggleListView} aria-pressed={listView} data-testid="toggle-list">
          {listView ? strings.bar.boardView : strings.bar.listView}
        </button>
        {facilitator && (
          <button
            type="button"
            className="button"
            aria-pressed={leading}
            data-testid="follow-me"
            onClick={() => {
              setLeading(awareness, !leading)
              setLeadingState(!leading)
            }}
          >
            {leading ? strings.bar.stopFollowMe : strings.bar.followMe}
          </button>
        )}
        {facilitator && state !== 'closed' && (
          <button
            type="button"
            className="button"
            data-testid="toggle-lock"
            onClick={() => void run(() => (state === 'locked' ? api.unlock(boardId, token) : api.lock(boardId, token)))}
          >
            {state === 'locked' ? strings.bar.unlock : strings.bar.lock}
          </button>
        )}
        {facilitator && (
          <button type="button" className="button" onClick={() => setDialog('export')} data-testid="open-export">
            {strings.exports.open}
          </button>
        )}
        {facilitator && state !== 'closed' && (
          <button type="button" className="button button--primary" onClick={() => setDialog('close')} data-testid="open-close">
            {strings.bar.close}
          </button>
        )}
        <LanguageSwitch />
      </nav>
      {error && <p className="error meeting-bar__error" role="alert">{error}</p>}
      {dialog === 'share' && <ShareDialog onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseMeetingDialog editor={editor} onClose={() => setDialog(null)} />}
      {dialog === 'export' && <ExportDialog onClose={() => setDialog(null)} />}
    </header>
  )
}
