/**
 * "Gesprek afronden": the follow-up date (a proposal until the facilitator confirms it), whether
 * the resident may decide on her phone, the decided actions taken off the board in this session
 * (with "put back"), and everything that still stands in the way — from the shared close rule,
 * and from the server's answer, which is the one that counts. Each problem links to its card.
 */
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import { closeProblems, closeWarnings, type CloseProblem } from '../../shared/domain/closeRule'
import { offBoardWhat, removedThisSession } from '../../shared/domain/followUp'
import { COMMANDS } from '../../shared/commands/index'
import { formatDate, formatDateTime } from '../ui/formatDate'
import { api, ApiFailure } from '../api'
import { useLanguageWith } from '../i18n/partStrings'
import { CLOSING_STRINGS } from '../i18n/parts/closing'
import { DateField, Toggle } from '../ui/fields'
import { useApiCall } from '../ui/useApiCall'
import { useCommand } from '../ui/useCommand'
import { jumpToCard } from './cardCommands'
import { renderBoardPicture } from './boardPicture'
import { useMeeting } from '../ui/MeetingContext'
import { Dialog } from '../ui/Dialog'

export function CloseMeetingDialog({ editor, onClose }: { editor: Editor | null; onClose(): void }) {
  const { strings, language } = useLanguageWith(CLOSING_STRINGS)
  const { snapshot, boardId, token } = useMeeting()
  const warnings = closeWarnings(snapshot)
  const removed = removedThisSession(snapshot)
  const [serverProblems, setServerProblems] = useState<CloseProblem[] | null>(null)
  const problems = serverProblems ?? closeProblems(snapshot)
  // The server's answer is about the board as it was; once the board changes, the live rule counts.
  useEffect(() => setServerProblems(null), [snapshot])
  const closed = snapshot.info.state === 'closed'
  // Each call says its own refusal in our words; a refused date shows at the date field.
  const settingsCall = useApiCall(strings.bar.actionFailed)
  const putBackCall = useApiCall(strings.bar.actionFailed)
  const closeCall = useApiCall(strings.bar.actionFailed)
  const mayChangeSettings = useCommand(COMMANDS.meetingSettings)
  const mayPutBack = useCommand(COMMANDS.restoreAction)
  const mayClose = useCommand(COMMANDS.close)
  const busy = closeCall.busy
  // A refused close names its open points (`problems`) instead of one sentence.
  const closeError = closeCall.reason === 'closeRefused' && problems.length > 0 ? null : closeCall.error
  const error = closeError ?? settingsCall.error ?? putBackCall.error

  const settings = (change: { followUpDate?: string; residentMayDecide?: boolean }) =>
    settingsCall.run(() => api.updateMeeting(boardId, token, change))

  const putBack = (actionId: string) => putBackCall.run(() => api.restoreAction(boardId, token, actionId))

  const close = () =>
    closeCall.run(async () => {
      setServerProblems(null)
      try {
        // Only draw the picture when the rule is met, so a refused close costs nothing.
        const ready = closeProblems(snapshot).length === 0
        const picture = ready && editor ? await renderBoardPicture(editor).catch(() => null) : null
        await api.close(boardId, token, picture)
      } catch (e) {
        if (e instanceof ApiFailure && e.reason === 'closeRefused' && e.body?.problems) setServerProblems(e.body.problems)
        throw e
      }
    })

  const describe = (problem: CloseProblem) => {
    const label = problem.itemLabel?.trim() || strings.closing.unnamedAction
    return strings.closing.problems[problem.code](label)
  }

  return (
    <Dialog labelledBy="close-title" onClose={onClose} wide testId="close-dialog">
        <h2 id="close-title">{strings.closing.title}</h2>
        {closed ? (
          <p className="lead" role="status" data-testid="closed-message">{strings.closing.done}</p>
        ) : (
          <>
            <p>{strings.closing.intro}</p>
            <DateField
              label={strings.closing.followUpDate}
              value={snapshot.info.followUpDate}
              onChange={(followUpDate) => void settings({ followUpDate })}
              disabled={!mayChangeSettings.allowed}
              hint={mayChangeSettings.why}
              problem={settingsCall.problemAt('followUpDate')}
              testId="follow-up-date"
            />
            {snapshot.info.followUpConfirmed ? (
              <p className="hint" data-testid="follow-up-confirmed">{strings.closing.followUpConfirmed(formatDate(snapshot.info.followUpDate, language))}</p>
            ) : (
              <p className="warning" data-testid="follow-up-proposed">
                {strings.closing.followUpProposed(formatDate(snapshot.info.followUpDate, language))}{' '}
                <button type="button" className="button" disabled={!snapshot.info.followUpDate || !mayChangeSettings.allowed} title={mayChangeSettings.why}
                  onClick={() => void settings({ followUpDate: snapshot.info.followUpDate })} data-testid="follow-up-confirm">
                  {strings.closing.confirmDate}
                </button>
              </p>
            )}
            {warnings.length > 0 && (
              <div className="warning" role="status" data-testid="close-warnings">
                <strong>{strings.closing.warnings}</strong>
                <ul>
                  {warnings.map((w) => (
                    <li key={w.itemId}>{strings.closing.followUpBeforeDue(w.itemLabel || strings.closing.unnamedAction, formatDate(w.date, language))}</li>
                  ))}
                </ul>
              </div>
            )}
            <Toggle
              label={strings.closing.residentMayDecide}
              checked={snapshot.info.residentMayDecide}
              onChange={(residentMayDecide) => void settings({ residentMayDecide })}
              disabled={!mayChangeSettings.allowed}
              hint={mayChangeSettings.why}
              problem={settingsCall.problemAt('residentMayDecide')}
              testId="resident-may-decide"
            />
            {removed.length > 0 && (
              <div className="close-removed" data-testid="close-removed">
                <h3>{strings.closing.removedTitle}</h3>
                <p>{strings.closing.removedIntro}</p>
                <ul>
                  {removed.map((item) => (
                    <li key={item.actionId} data-testid="close-removed-item">
                      <strong>{offBoardWhat(item) || strings.closing.unnamedAction}</strong>{' — '}
                      {strings.meeting.decision[item.decision.decision]}
                      {item.decision.residentWords.trim() && <> („{item.decision.residentWords.trim()}”)</>}
                      {item.removal && <>; {strings.closing.removedBy(item.removal.removedBy.name, formatDateTime(item.removal.at, language, snapshot.info.timeZone))}</>}{' '}
                      <button type="button" className="button" onClick={() => void putBack(item.actionId)} data-testid="close-put-back"
                        disabled={!mayPutBack.allowed || putBackCall.busy} title={mayPutBack.why}>
                        {strings.closing.putBack}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {problems.length > 0 && (
              <div className="close-problems" role="alert" data-testid="close-problems">
                <h3>{strings.closing.notYet}</h3>
                <ul>
                  {problems.map((problem, i) => (
                    <li key={`${problem.code}-${problem.itemId ?? i}`}>
                      {describe(problem)}{' '}
                      {problem.itemId && editor && (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => {
                            onClose()
                            jumpToCard(editor, problem.itemId!)
                          }}
                        >
                          {strings.closing.jump}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {error && <p className="error" role="alert" data-testid="close-error">{error}</p>}
            <button type="button" className="button button--primary button--big" disabled={busy || !mayClose.allowed} title={mayClose.why}
              onClick={() => void close()} data-testid="close-confirm">
              {busy ? strings.closing.busy : strings.closing.confirm}
            </button>
          </>
        )}
        <button type="button" className="button" onClick={onClose}>{strings.closing.back}</button>
    </Dialog>
  )
}
