/**
 * A rarely used piece of the meeting room (a dialog, the list view, a card's form) as its own
 * chunk, downloaded the first time it is shown: the board page loads less before anyone uses it.
 * Until it is there, `Waiting` shows a calm "bezig met laden"; when the download fails, the error
 * and "Opnieuw proberen", which downloads again without reloading the page (the board stays), and
 * "Pagina herladen" for browsers that keep a failed module download failed until a reload.
 * Once downloaded, it renders at once every next time.
 */
import { createElement, useEffect, useState, type ComponentType } from 'react'
import { loadOnce } from './loadOnce'

export interface WaitingProps<P> {
  /** The piece's own props (a dialog's onClose, say). */
  props: P
  failed: boolean
  onRetry(): void
}

export function lazyPiece<P extends object>(load: () => Promise<ComponentType<P>>, Waiting: ComponentType<WaitingProps<P>>): ComponentType<P> {
  const piece = loadOnce(load)

  return function LazyPiece(props: P) {
    const [failed, setFailed] = useState(false)
    const [, setArrived] = useState(false)
    useEffect(() => {
      if (piece.current() || failed) return undefined
      let current = true
      piece.start().then(
        () => current && setArrived(true),
        () => current && setFailed(true),
      )
      return () => {
        current = false
      }
    }, [failed])
    const loaded = piece.current()
    if (loaded) return createElement(loaded, props)
    return createElement(Waiting, { props, failed, onRetry: () => setFailed(false) })
  }
}
