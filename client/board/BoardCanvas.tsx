/** The tldraw canvas of one board, bound to its Y.Doc, with our own assets, locale and undo. */
import { useMemo } from 'react'
import { Tldraw, useTldrawCurrentUser, type TLStore, type TLUiOverrides } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { StoreBinding } from '../sync/storeBinding'
import { useLanguage } from '../i18n/language'

// Fonts, icons and translations are bundled by Vite and served by our own server: no CDN.
const assetUrls = getAssetUrlsByImport()
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined

interface Props {
  store: TLStore
  binding: StoreBinding
  identity: ParticipantIdentity
  onMount?(editor: import('tldraw').Editor): void
}

export function BoardCanvas({ store, binding, identity, onMount }: Props) {
  const { language } = useLanguage()
  const user = useTldrawCurrentUser({
    userPreferences: { id: identity.userId, name: identity.name, color: identity.color, locale: language },
  })

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

  return (
    <Tldraw
      store={store}
      user={user}
      assetUrls={assetUrls}
      licenseKey={licenseKey}
      overrides={overrides}
      onMount={onMount}
    />
  )
}
