import { createContext, useContext } from 'react'
import type { Editor } from 'tldraw'

/** The tldraw editor of the board, for the UI around the canvas (null until it has mounted). */
export const BoardEditorContext = createContext<Editor | null>(null)

export function useBoardEditor(): Editor | null {
  return useContext(BoardEditorContext)
}
