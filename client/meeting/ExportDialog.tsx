/**
 * "Exporteren": every session of the case with its record in each format, the resident's
 * summary, the follow-up meeting, the case's access log, and deleting the case (with a
 * confirmation naming the loss).
 */
import { useEffect, useState } from 'react'
import type { SessionsResponse } from '../../shared/protocol'
import { COMMANDS } from '../../shared/commands/index'
import { api } from '../api'
import { useCommand } from '../ui/useCommand'
import { useApiCall } from '../ui/useApiCall'
import { useLanguageWith } from '../i18n/partStrings'
import { RECORDS_STRINGS } from '../i18n/parts/records'
import { Dialog } from '../ui/Dialog'
import { formatDateTime } from '../ui/formatDate'
import { useMeeting } from '../ui/MeetingContext'

const FORMATS = [
  { key: 'pdf', path: 'record.pdf' },
  { key: 'markdown', path: 'record.md' },
  { key: 'json', path: 'record.json' },
  { key: 'ics', path: 'record.ics' },
  { key: 'summaryNl', path: 'summary.pdf?lang=nl' },
  { key: 'summaryEn', path: 'summary.pdf?lang=en' },
] as const

function SessionDownloads({ session, label }: { session: number | 'current'; label: string }) {
  const { strings } = useLanguageWith(RECORDS_STRINGS)
  const { boardId, token } = useMeeting()
  const [chosenFormat, setChosenFormat] = useState<string | null>(null)
  const { busy, error, run } = useApiCall(strings.exports.failed)
  const download = async (chosen: (typeof FORMATS)[number]) => {
    setChosenFormat(chosen.key)
    await run(() => api.download(boardId, token, `sessions/${session}/${chosen.path}`))
  }
  return (
    <li className="export-session" data-testid={`export-session-${session}`}>
      <h3>{label}</h3>
      <div className="export-session__buttons">
        {FORMATS.map((format) => (
          <button key={format.key} type="button" className="button" disabled={busy} onClick={() => void download(format)}
            data-testid={`export-${session}-${format.key}`}>
            {busy && chosenFormat === format.key ? strings.exports.downloading : strings.exports[format.key]}
          </button>
        ))}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </li>
  )
}

export function ExportDialog({ onClose, onOpenAudit }: { onClose(): void; onOpenAudit(): void }) {
  const { strings, language } = useLanguageWith(RECORDS_STRINGS)
  const { boardId, token, snapshot } = useMeeting()
  const [sessions, setSessions] = useState<SessionsResponse | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const closed = snapshot.info.state === 'closed'
  const loading = useApiCall(strings.exports.failed)
  const acting = useApiCall(strings.bar.actionFailed)
  const error = loading.error ?? acting.error
  const followUp = useCommand(COMMANDS.followUp)
  const deleteBoard = useCommand(COMMANDS.deleteBoard)
  const audit = useCommand(COMMANDS.audit)

  // Reloaded whenever the session closes or a follow-up starts.
  const { run: load } = loading
  useEffect(() => {
    void load(() => api.sessions(boardId, token).then(setSessions))
  }, [load, boardId, token, snapshot.info.state, snapshot.info.sessionNumber])

  const run = async (call: () => Promise<unknown>, after: () => void) => {
    if (await acting.run(call)) after()
  }

  return (
    <Dialog labelledBy="export-title" onClose={onClose} wide testId="export-dialog">
      <h2 id="export-title">{strings.exports.title}</h2>
      <p>{strings.exports.intro}</p>
      {!sessions && !error && <p role="status">{strings.exports.loading}</p>}
      {sessions && (
        <ol className="export-sessions">
          {sessions.archived.map((s) => (
            <SessionDownloads key={s.number} session={s.number}
              label={`${strings.exports.session(s.number)}, ${strings.exports.closedOn(formatDateTime(s.closedAt, language, snapshot.info.timeZone))}`} />
          ))}
          {!closed && <SessionDownloads session="current" label={`${strings.exports.session(sessions.current.number)}: ${strings.exports.current}`} />}
        </ol>
      )}
      {/* A follow-up starts from a closed session: offered once the command may run. */}
      {followUp.allowed && (
        <section className="export-follow-up">
          <h3>{strings.exports.followUpTitle}</h3>
          <p>{strings.exports.followUpIntro}</p>
          <button type="button" className="button button--primary" data-testid="start-follow-up"
            onClick={() => void run(() => api.followUp(boardId, token), onClose)}>
            {strings.exports.followUpStart}
          </button>
        </section>
      )}
      {audit.mine && (
        <section className="export-audit">
          <h3>{strings.commands.audit}</h3>
          <p>{strings.auditLog.intro}</p>
          <button type="button" className="button" onClick={onOpenAudit} data-testid="open-audit"
            disabled={!audit.allowed} title={audit.why}>
            {strings.auditLog.open}
          </button>
        </section>
      )}
      {deleteBoard.mine && <section className="export-delete">
        <h3>{strings.exports.deleteTitle}</h3>
        <p>{strings.exports.deleteIntro}</p>
        {!confirmDelete ? (
          <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)} data-testid="delete-case"
            disabled={!deleteBoard.allowed} title={deleteBoard.why}>
            {strings.exports.deleteButton}
          </button>
        ) : (
          <div
            className="export-delete__confirm"
            role="alertdialog"
            aria-labelledby="delete-confirm-title"
            ref={(element) => element?.scrollIntoView({ block: 'nearest' })}
          >
            <h4 id="delete-confirm-title">{strings.exports.deleteConfirmTitle}</h4>
            <p data-testid="delete-consequences">
              {strings.exports.deleteConfirm((sessions?.archived.length ?? 0) + (closed ? 0 : 1), snapshot.actions.length)}
            </p>
            <div className="actions">
              <button type="button" className="button button--danger" data-testid="delete-confirm"
                onClick={() => void run(() => api.deleteBoard(boardId, token), () => location.assign('/?deleted=1'))}>
                {strings.exports.deleteYes}
              </button>
              {/* The safe answer has the focus. */}
              <button type="button" className="button" autoFocus onClick={() => setConfirmDelete(false)}>{strings.exports.deleteNo}</button>
            </div>
          </div>
        )}
      </section>}
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" className="button" onClick={onClose}>{strings.exports.close}</button>
    </Dialog>
  )
}
