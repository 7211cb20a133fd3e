/** The tldraw canvas of one board, bound to its Y.Doc, with our own assets, locale and undo. */
import { memo, useCallback, useMemo } from 'react'
import { Tldraw, useTldrawCurrentUser, type Editor, type TLStore, type TLUiOverrides, type TLUserPreferences } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
// tldraw's CSS comes with the canvas chunk: the start page, the join screen and her phone never load it.
import 'tldraw/tldraw.css'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { StoreBinding } from '../sync/storeBinding'
import { useLanguage } from '../i18n/language'
import { cardShapeUtils } from '../shapes'

// Fonts, icons and translations are bundled by Vite and served by our own server: no CDN.
const assetUrls = getAssetUrlsByImport()
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined

interface Props {
  store: TLStore
  binding: StoreBinding
  identity: ParticipantIdentity
  onEditor(editor: Editor): void
  /** No tldraw editing UI: in presentation mode, and before the meeting has started. */
  hideUi?: boolean
}

/**
 * Memoised with stable props: a re-render of the editor's props in the middle of a drag (say,
 * because the connection badge changed) must not disturb the gesture.
 */
export const BoardCanvas = memo(function BoardCanvas({ store, binding, identity, onEditor, hideUi = false }: Props) {
  const { language, setLanguage } = useLanguage()
  const userPreferences = useMemo<TLUserPreferences>(
    () => ({ id: identity.userId, name: identity.name, color: identity.color, locale: language }),
    [identity, language],
  )
  const setUserPreferences = useCallback(
    // tldraw's own language menu switches our strings too; we offer Dutch and English.
    (preferences: TLUserPreferences) => {
      if (preferences.locale === 'nl' || preferences.locale === 'en') setLanguage(preferences.locale)
    },
    [setLanguage],
  )
  const user = useTldrawCurrentUser({ userPreferences, setUserPreferences })

  // Undo and redo are personal: they go to our Y.UndoManager, not tldraw's local history, which
  // would overwrite other people's concurrent edits of the same shape.
  const overrides = useMemo<TLUiOverrides>(
    () => ({
      actions(_editor, actions) {
        return {
          ...actions,
          undo: { ...actions.undo, onSelect: () => binding.undo() },
          redo: { ...actions.redo, onSelect: () => binding.redo() },
        }
      },
    }),
    [binding],
  )

  const onMount = useCallback(
    (editor: Editor) => {
      // For tests and support: the live editor, readable from the console.
      ;(window as unknown as { tafelbordEditor?: Editor }).tafelbordEditor = editor
      onEditor(editor)
    },
    [onEditor],
  )

  return (
    <Tldraw
      store={store}
      shapeUtils={cardShapeUtils}
      user={user}
      assetUrls={assetUrls}
      licenseKey={licenseKey}
      overrides={overrides}
      onMount={onMount}
      hideUi={hideUi}
    />
  )
})
