/** The bar above the board: who the meeting is for, its state, and the facilitator's controls. */
import { useState } from 'react'
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { COMMANDS } from '../../shared/commands/index'
import { api } from '../api'
import { useCommand } from '../ui/useCommand'
import { useApiCall } from '../ui/useApiCall'
import { LanguageSwitch, useLanguage } from '../i18n/language'
import { setLeading } from './followLeader'
import { useMeeting } from '../ui/MeetingContext'
import { AuditDialog, CloseMeetingDialog, ExportDialog, ShareDialog } from './lazyDialogs'
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
  const [dialog, setDialog] = useState<'share' | 'close' | 'export' | 'audit' | null>(null)
  const [leading, setLeadingState] = useState(false)
  const { error, run } = useApiCall(strings.bar.actionFailed)
  const state = snapshot.info.state
  // Each button asks the command the server runs, and is named after it; a facilitator's button
  // is hidden for other links, and disabled with the reason as its title when the meeting's state
  // does not allow it.
  const lockCommand = state === 'locked' ? COMMANDS.unlock : COMMANDS.lock
  const lockToggle = useCommand(lockCommand)
  const exportRecords = useCommand(COMMANDS.sessions)
  const closeMeeting = useCommand(COMMANDS.close)
  // Leading the screens is presence, not a change of the meeting: no command; the facilitator's.
  const mayLead = access === 'facilitator'

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
        {mayLead && (
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
        {lockToggle.mine && (
          <button
            type="button"
            className="button"
            data-testid="toggle-lock"
            disabled={!lockToggle.allowed}
            title={lockToggle.why}
            onClick={() => void run(() => (state === 'locked' ? api.unlock(boardId, token) : api.lock(boardId, token)))}
          >
            {strings.commands[lockCommand.name]}
          </button>
        )}
        {exportRecords.mine && (
          <button type="button" className="button" onClick={() => setDialog('export')} data-testid="open-export"
            disabled={!exportRecords.allowed} title={exportRecords.why}>
            {strings.commands.sessions}
          </button>
        )}
        {closeMeeting.mine && (
          <button type="button" className="button button--primary" onClick={() => setDialog('close')} data-testid="open-close"
            disabled={!closeMeeting.allowed} title={closeMeeting.why}>
            {strings.commands.close}
          </button>
        )}
        <LanguageSwitch />
      </nav>
      {error && <p className="error meeting-bar__error" role="alert">{error}</p>}
      {dialog === 'share' && <ShareDialog onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseMeetingDialog editor={editor} onClose={() => setDialog(null)} />}
      {dialog === 'export' && <ExportDialog onClose={() => setDialog(null)} onOpenAudit={() => setDialog('audit')} />}
      {dialog === 'audit' && <AuditDialog onClose={() => setDialog('export')} />}
    </header>
  )
}
