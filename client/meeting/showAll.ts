/**
 * "Alles tonen": the whole board on screen, with one click or one key (0 or Home). Also what
 * every screen does when the board opens, so a reload never leaves anyone at 100 % somewhere.
 */
import type { Editor } from 'tldraw'

export const SHOW_ALL_KEYS = ['0', 'Home']

/** Screen pixels around the board, all sides together: tldraw's default (128) costs the cards zoom. */
const SHOW_ALL_INSET = 48

/**
 * Whether the canvas is on screen at all (not behind the list view). Measured on the element
 * itself: tldraw learns a new size from a resize observer, a frame or more after the list closes.
 */
function canvasShown(editor: Editor): boolean {
  const container = editor.getContainer()
  const { width, height } = container.getBoundingClientRect()
  return width > 50 && height > 50 && container.offsetParent !== null
}

export function showAll(editor: Editor, animate = true): void {
  const bounds = editor.getCurrentPageBounds()
  if (!bounds || !canvasShown(editor)) return
  // The list view may just have closed: fit to the canvas as it is now, not as tldraw last saw it.
  editor.updateViewportScreenBounds(editor.getContainer())
  editor.zoomToBounds(bounds, { inset: SHOW_ALL_INSET, ...(animate ? { animation: { duration: 250 } } : {}) })
}

function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null
  if (!element || typeof element.closest !== 'function') return false
  return element.isContentEditable || element.closest('input, textarea, select, [contenteditable="true"]') !== null
}

/** Listens for the show-all keys anywhere on the page (not while typing). Returns the stop function. */
export function listenForShowAllKey(editor: Editor): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || typingIn(event.target)) return
    if (!SHOW_ALL_KEYS.includes(event.key) || !canvasShown(editor)) return
    event.preventDefault()
    event.stopPropagation()
    showAll(editor)
  }
  // Capture: before tldraw's own shortcuts see the key.
  window.addEventListener('keydown', onKey, true)
  return () => window.removeEventListener('keydown', onKey, true)
}
