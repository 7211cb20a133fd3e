/**
 * What a card needs besides its own props (the live meeting, the language), for each editor.
 * The canvas reads it from React context; the SVG export runs outside our React tree, so the
 * meeting room registers it here for the card utils' `toSvg`.
 */
import type { Editor } from 'tldraw'
import type { ContentContext } from './cardContent'

const contexts = new WeakMap<Editor, () => ContentContext>()

export function registerCardContext(editor: Editor, read: () => ContentContext): () => void {
  contexts.set(editor, read)
  return () => {
    if (contexts.get(editor) === read) contexts.delete(editor)
  }
}

export function cardContextOf(editor: Editor): ContentContext | null {
  return contexts.get(editor)?.() ?? null
}
