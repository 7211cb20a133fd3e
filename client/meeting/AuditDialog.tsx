/**
 * "Toegangslog" (facilitator): who opened or changed this case, when, with which right, and
 * whether it worked — as a readable table, and as a CSV file for the organisation's own records.
 * Reading it is itself logged by the server.
 */
import { useEffect, useState } from 'react'
import { isRefusalCode } from '../../shared/commands/refusals'
import type { CommandName } from '../../shared/commands/index'
import type { AuditEntry } from '../../shared/protocol'
import { api } from '../api'
import { type PartSections, useLanguageWith } from '../i18n/partStrings'
import { RECORDS_STRINGS } from '../i18n/parts/records'
import type { Strings } from '../i18n/strings'
import { Dialog } from '../ui/Dialog'
import { formatLogMoment } from '../ui/formatDate'
import { useApiCall } from '../ui/useApiCall'
import { useMeeting } from '../ui/MeetingContext'

type AuditStrings = Strings & PartSections<typeof RECORDS_STRINGS>

function whoText(strings: AuditStrings, entry: AuditEntry): string {
  const s = strings.auditLog
  const name = entry.actor.name || s.actor[entry.actor.kind]
  return entry.access ? `${name} (${s.access[entry.access]})` : name
}

function whatText(strings: AuditStrings, entry: AuditEntry): string {
  const command = entry.action.startsWith('command.') ? entry.action.slice('command.'.length) : null
  return command !== null && command in strings.commands ? strings.commands[command as CommandName] : (strings.auditLog.actions[entry.action] ?? entry.action)
}

function resultText(strings: AuditStrings, entry: AuditEntry): string {
  const result = strings.auditLog.results[entry.result]
  if (!entry.reason) return result
  return `${result}: ${isRefusalCode(entry.reason) ? strings.refusals[entry.reason] : entry.reason}`
}

export function AuditDialog({ onClose }: { onClose(): void }) {
  const { strings, language } = useLanguageWith(RECORDS_STRINGS)
  const s = strings.auditLog
  const { boardId, token, snapshot } = useMeeting()
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const loading = useApiCall(s.failed)
  const downloading = useApiCall(strings.exports.failed)

  const { run: load } = loading
  useEffect(() => {
    void load(() => api.audit(boardId, token).then((answer) => setEntries(answer.entries)))
  }, [load, boardId, token])

  return (
    <Dialog labelledBy="audit-title" onClose={onClose} wide extraWide testId="audit-dialog">
      <h2 id="audit-title">{s.title}</h2>
      <p>{s.intro}</p>
      {!entries && !loading.error && <p role="status">{s.loading}</p>}
      {loading.error && <p className="error" role="alert">{loading.error}</p>}
      {entries && entries.length === 0 && <p>{s.empty}</p>}
      {entries && entries.length > 0 && (
        // Scrolls sideways on a phone instead of squeezing the columns.
        <div className="audit-table__scroll" role="region" aria-labelledby="audit-title" tabIndex={0}>
          <table className="audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{s.columns.time}</th>
                <th scope="col">{s.columns.who}</th>
                <th scope="col">{s.columns.what}</th>
                <th scope="col">{s.columns.result}</th>
                <th scope="col">{s.columns.origin}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                // The log is append-only and comes oldest first: the position is a stable key.
                <tr key={index} data-testid="audit-row" data-action={entry.action} data-result={entry.result}>
                  {/* data-label: on a phone each line is a small card with these words before each cell. */}
                  <td className="audit-table__time" data-label={s.columns.time}>{formatLogMoment(entry.at, language, snapshot.info.timeZone)}</td>
                  <td data-label={s.columns.who}>{whoText(strings, entry)}</td>
                  <td data-label={s.columns.what}>
                    <span>
                      {whatText(strings, entry)}
                      {entry.object.session !== null && <span className="audit-table__session">{s.session(entry.object.session)}</span>}
                    </span>
                  </td>
                  <td className={`audit-table__result audit-table__result--${entry.result}`} data-label={s.columns.result}>{resultText(strings, entry)}</td>
                  <td className="audit-table__origin" data-label={s.columns.origin}>{entry.origin}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {downloading.error && <p className="error" role="alert">{downloading.error}</p>}
      <div className="dialog__buttons">
        <button type="button" className="button" disabled={downloading.busy} data-testid="audit-csv"
          onClick={() => void downloading.run(() => api.downloadAudit(boardId, token))}>
          {downloading.busy ? strings.exports.downloading : s.download}
        </button>
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>{s.close}</button>
      </div>
    </Dialog>
  )
}
