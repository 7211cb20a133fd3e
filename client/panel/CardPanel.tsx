/**
 * The side panel's form for the one selected card. The forms are their own chunk, downloaded when
 * a card is first selected (ui/lazyPiece.ts): with them comes the agency card's height planning,
 * which reads both languages' strings (shapes/agencyHeight.ts), so English is not on every board page.
 */
import { useValue, type Editor } from 'tldraw'
import { useLanguage } from '../i18n/language'
import { isCardShape } from '../shapes/cardShapeTypes'
import { lazyPiece } from '../ui/lazyPiece'
import { InlineWaiting } from '../ui/PieceWaiting'

const CardForm = lazyPiece(() => import('./CardForm').then((m) => m.CardForm), InlineWaiting)

export function CardPanel({ editor }: { editor: Editor }) {
  const { strings } = useLanguage()
  const shape = useValue(
    'selected card',
    () => {
      const selected = editor.getOnlySelectedShape()
      return isCardShape(selected) ? selected : null
    },
    [editor],
  )
  if (!shape) return <p className="hint">{strings.panel.noSelection}</p>
  return <CardForm editor={editor} shape={shape} />
}
