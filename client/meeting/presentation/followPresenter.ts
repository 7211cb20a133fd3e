/**
 * A screen in presentation mode shows the whole board when it opens, then follows the view of
 * the facilitator who last pressed "Presenteren" — but only when she moves her view: her cursor,
 * someone else's edit or a new presenter do not move this screen. Her own screen follows nobody.
 */
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { currentPresenter, sameView, type PageBounds } from './presenter'

export function followPresenter(editor: Editor, awareness: Awareness, onPresenter: (name: string | null) => void): () => void {
  let lastClient: number | null = null
  let lastView: PageBounds | null = null
  const update = () => {
    const presenter = currentPresenter(awareness)
    const mine = presenter?.clientId === awareness.clientID
    onPresenter(presenter && !mine ? presenter.name : null)
    if (!presenter || mine) {
      lastClient = null
      lastView = null
      return
    }
    if (presenter.clientId !== lastClient) {
      // A new presenter: remember where she is, move when she moves.
      lastClient = presenter.clientId
      lastView = presenter.view
      return
    }
    if (presenter.view && !sameView(presenter.view, lastView)) {
      lastView = presenter.view
      editor.zoomToBounds(presenter.view, { inset: 0, animation: { duration: 250 } })
    }
  }
  awareness.on('change', update)
  update()
  return () => awareness.off('change', update)
}
