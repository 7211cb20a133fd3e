/**
 * A decided action card is part of the record: only the facilitator takes it off the board, and
 * only after a confirmation that names her decision. This screen refuses first (the server undoes
 * anyone else's removal anyway, see server/decidedCardGuard.ts).
 *
 * Every way tldraw deletes shapes (Delete key, cut, eraser, our panel button) goes through
 * `editor.deleteShapes`, so that one method is wrapped on this editor: decided action cards are
 * held back and reported, unless the confirmed command below lets one through. A before-delete
 * side effect would be too late: tldraw removes a card's arrow bindings before asking it.
 */
import type { Editor, TLShapeId } from 'tldraw'
import { deleteCard } from './cardCommands'

const allowances = new WeakMap<Editor, Set<string>>()

/** Wraps `editor.deleteShapes`; returns the function that unwraps it. */
export function holdBackDecidedCards(
  editor: Editor,
  isDecided: (id: string) => boolean,
  onHeldBack: (id: TLShapeId) => void,
): () => void {
  const original = editor.deleteShapes
  const deleteByIds = original as (this: Editor, ids: TLShapeId[]) => Editor
  const allowed = new Set<string>()
  allowances.set(editor, allowed)
  editor.deleteShapes = function (this: Editor, shapes: Parameters<Editor['deleteShapes']>[0]) {
    const ids = (shapes as Array<TLShapeId | { id: TLShapeId }>).map((s) => (typeof s === 'string' ? s : s.id))
    // tldraw deletes what is inside a frame or group with it: a decided card inside holds the
    // frame or group back too.
    const holdsBack = (id: TLShapeId) => [...editor.getShapeAndDescendantIds([id])].some((inner) => isDecided(inner) && !allowed.has(inner))
    const heldBack = ids.filter(holdsBack)
    if (heldBack.length > 0) {
      const decided = [...editor.getShapeAndDescendantIds(heldBack)].find((inner) => isDecided(inner) && !allowed.has(inner))
      if (decided) onHeldBack(decided)
    }
    return deleteByIds.call(this, ids.filter((id) => !heldBack.includes(id)))
  } as Editor['deleteShapes']
  return () => {
    editor.deleteShapes = original
    allowances.delete(editor)
  }
}

/** The facilitator confirmed: this decided card goes off the board (the server notes who and when). */
export function removeDecidedCard(editor: Editor, id: TLShapeId): void {
  const allowed = allowances.get(editor)
  allowed?.add(id)
  try {
    deleteCard(editor, id)
  } finally {
    allowed?.delete(id)
  }
}
