/** The form for the one selected card (its own chunk with the forms, see CardPanel.tsx). */
import type { Editor } from 'tldraw'
import { useLanguage } from '../i18n/language'
import { useMeeting } from '../ui/MeetingContext'
import { deleteCard } from '../meeting/cardCommands'
import { isCarried } from '../../shared/domain/snapshot'
import type { CardShape } from '../shapes/cardShapeTypes'
import { ActionForm } from './ActionForm'
import { AgencyForm } from './AgencyForm'
import { DomainForm } from './DomainForm'
import { ResidentForm } from './ResidentForm'

export function CardForm({ editor, shape }: { editor: Editor; shape: CardShape }) {
  const { strings } = useLanguage()
  const { canEdit, snapshot } = useMeeting()
  const disabled = !canEdit
  return (
    <form className="card-form" onSubmit={(e) => e.preventDefault()} data-testid={`card-form-${shape.type}`}>
      {shape.type === 'resident' && <ResidentForm editor={editor} shape={shape} disabled={disabled} />}
      {shape.type === 'life-domain' && <DomainForm editor={editor} shape={shape} disabled={disabled} />}
      {shape.type === 'agency' && <AgencyForm editor={editor} shape={shape} disabled={disabled} />}
      {shape.type === 'action' && <ActionForm editor={editor} shape={shape} disabled={disabled} />}
      {/* An action carried from the last meeting stays: what became of it must be said. */}
      {!disabled && !isCarried(snapshot, shape.id) && (
        <button type="button" className="button button--danger" onClick={() => deleteCard(editor, shape.id)}>
          {strings.panel.deleteCard}
        </button>
      )}
    </form>
  )
}
