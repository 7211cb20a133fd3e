import type { Editor } from 'tldraw'
import { updateCard } from '../meeting/cardCommands'
import { useLanguage } from '../i18n/language'
import type { ResidentShape } from '../shapes/cardShapeTypes'
import { TextField } from '../ui/fields'

export function ResidentForm({ editor, shape, disabled }: { editor: Editor; shape: ResidentShape; disabled: boolean }) {
  const { strings } = useLanguage()
  return (
    <TextField
      label={strings.panel.residentName}
      hint={strings.panel.residentNameHint}
      value={shape.props.name}
      disabled={disabled}
      problem={shape.props.name.trim() ? null : strings.startMeeting.problemName}
      onChange={(name) => updateCard(editor, shape, { name })}
    />
  )
}
