/**
 * "Deze actie van het bord halen?" — the facilitator's confirmation before a decided action
 * leaves the board, naming what the resident decided and her words. The safe answer has focus.
 */
import type { Editor, TLShapeId } from 'tldraw'
import { currentDecision } from '../../shared/domain/snapshot'
import { useLanguageWith } from '../i18n/partStrings'
import { CLOSING_STRINGS } from '../i18n/parts/closing'
import { Dialog } from '../ui/Dialog'
import { removeDecidedCard } from './decidedCardDeletion'
import { useMeeting } from '../ui/MeetingContext'

export function RemoveDecidedCardDialog({ editor, cardId, onClose }: { editor: Editor; cardId: TLShapeId; onClose(): void }) {
  const { strings } = useLanguageWith(CLOSING_STRINGS)
  const { snapshot } = useMeeting()
  const decision = currentDecision(snapshot.decisions, cardId)
  const what = snapshot.actions.find((a) => a.id === cardId)?.props.what.trim() || strings.closing.unnamedAction
  const decisionLabel = strings.meeting.decision[decision?.decision ?? 'none']
  return (
    <Dialog labelledBy="remove-decided-title" onClose={onClose} testId="remove-decided-dialog">
      <h2 id="remove-decided-title">{strings.panel.deleteDecidedTitle}</h2>
      <p className="lead">{what}</p>
      <p>{strings.panel.deleteDecidedBody(decisionLabel, decision?.residentWords.trim() ?? '')}</p>
      <div className="dialog__buttons">
        <button type="button" className="button button--primary" autoFocus onClick={onClose} data-testid="remove-decided-cancel">
          {strings.panel.deleteDecidedCancel}
        </button>
        <button
          type="button"
          className="button button--danger"
          data-testid="remove-decided-confirm"
          onClick={() => {
            removeDecidedCard(editor, cardId)
            onClose()
          }}
        >
          {strings.panel.deleteDecidedConfirm}
        </button>
      </div>
    </Dialog>
  )
}
