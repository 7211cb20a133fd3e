/**
 * "Gesprek afronden": the follow-up date, whether the resident may decide on her phone, and
 * everything that still stands in the way — from the shared close rule, and from the server's
 * answer, which is the one that counts. Each problem links to its card.
 */
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import { closeProblems, type CloseProblem } from '../../shared/domain/closeRule'
import { api, ApiFailure } from '../api'
import { useLanguage } from '../i18n/language'
import { DateField, Toggle } from '../panel/fields'
import { jumpToCard } from './cardCommands'
import { renderBoardPicture } from './boardPicture'
import { useMeeting } from './MeetingContext'
import { Dialog } from '../ui/Dialog'

export function CloseMeetingDialog({ editor, onClose }: { editor: Editor | null; onClose(): void }) {
  const { strings } = useLanguage()
  const { snapshot, boardId, token } = useMeeting()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [serverProblems, setServerProblems] = useState<CloseProblem[] | null>(null)
  const problems = serverProblems ?? closeProblems(snapshot)
  // The server's answer is about the board as it was; once the board changes, the live rule counts.
  useEffect(() => setServerProblems(null), [snapshot])
  const closed = snapshot.info.state === 'closed'

  const settings = async (change: { followUpDate?: string; residentMayDecide?: boolean }) => {
    setError(null)
    try {
      await api.updateMeeting(boardId, token, change)
    } catch (e) {
      setError(e instanceof ApiFailure && e.body ? e.body.message : strings.bar.actionFailed)
    }
  }

  const close = async () => {
    setBusy(true)
    setError(null)
    try {
      // Only draw the picture when the rule is met, so a refused close costs nothing.
      const ready = closeProblems(snapshot).length === 0
      const picture = ready && editor ? await renderBoardPicture(editor).catch(() => null) : null
      await api.close(boardId, token, picture)
      setServerProblems(null)
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409 && e.body?.problems) setServerProblems(e.body.problems)
      else setError(e instanceof ApiFailure && e.body ? e.body.message : strings.bar.actionFailed)
    } finally {
      setBusy(false)
    }
  }

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
              testId="follow-up-date"
            />
            <Toggle
              label={strings.closing.residentMayDecide}
              checked={snapshot.info.residentMayDecide}
              onChange={(residentMayDecide) => void settings({ residentMayDecide })}
              testId="resident-may-decide"
            />
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
            {error && <p className="error" role="alert">{error}</p>}
            <button type="button" className="button button--primary button--big" disabled={busy} onClick={() => void close()} data-testid="close-confirm">
              {busy ? strings.closing.busy : strings.closing.confirm}
            </button>
          </>
        )}
        <button type="button" className="button" onClick={onClose}>{strings.closing.back}</button>
    </Dialog>
  )
}
