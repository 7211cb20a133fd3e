/**
 * Presentation mode of this screen: full screen (where the browser allows it), none of tldraw's
 * editing UI, large type, the whole board fitted; Esc leaves. A facilitator who presses it also
 * becomes the presenter whose view the other presenting screens follow — and stays so after she
 * leaves presentation mode on her own screen (to edit with her tools while the TV follows), until
 * she says stop, another facilitator presents, or she leaves the board.
 */
import { useCallback, useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import type { Access } from '../../../shared/protocol'
import { showAll } from '../showAll'
import { followPresenter } from './followPresenter'
import { announcePresenting, currentPresenter } from './presenter'

export interface PresentationMode {
  presenting: boolean
  /** This screen is the presenter the others follow. */
  leading: boolean
  stopLeading(): void
  /** Whom this screen follows, when someone else presents. */
  presenterName: string | null
  enter(): void
  leave(): void
}

export function usePresentationMode(editor: Editor | null, awareness: Awareness, access: Access): PresentationMode {
  const [presenting, setPresenting] = useState(false)
  const [presenterName, setPresenterName] = useState<string | null>(null)
  const [leading, setLeading] = useState(false)

  useEffect(() => {
    const update = () => setLeading(currentPresenter(awareness)?.clientId === awareness.clientID)
    awareness.on('change', update)
    update()
    return () => awareness.off('change', update)
  }, [awareness])

  const stopLeading = useCallback(() => announcePresenting(awareness, false), [awareness])

  const enter = useCallback(() => {
    setPresenting(true)
    if (access === 'facilitator') announcePresenting(awareness, true)
    // Only from a click: browsers allow full screen on a user gesture only, and may refuse.
    document.documentElement.requestFullscreen?.().catch(() => undefined)
  }, [access, awareness])

  const leave = useCallback(() => {
    setPresenting(false)
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined)
  }, [])

  useEffect(() => {
    if (!presenting) return undefined
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') leave()
    }
    // Leaving full screen with the browser's own Esc leaves presentation mode too; entering it
    // makes the canvas larger, so the whole board is fitted again.
    const onFullscreen = () => {
      if (!document.fullscreenElement) leave()
      else if (editor) requestAnimationFrame(() => showAll(editor, false))
    }
    window.addEventListener('keydown', onKey)
    document.addEventListener('fullscreenchange', onFullscreen)
    return () => {
      window.removeEventListener('keydown', onKey)
      document.removeEventListener('fullscreenchange', onFullscreen)
    }
  }, [presenting, leave, editor])

  useEffect(() => {
    if (!presenting || !editor) return undefined
    // After the layout change (no bar, no panel) has reached the canvas size.
    const frame = requestAnimationFrame(() => {
      editor.updateViewportScreenBounds(editor.getContainer())
      showAll(editor, false)
    })
    const stop = followPresenter(editor, awareness, setPresenterName)
    return () => {
      cancelAnimationFrame(frame)
      stop()
      setPresenterName(null)
    }
  }, [presenting, editor, awareness])

  return { presenting, leading, stopLeading, presenterName, enter, leave }
}
