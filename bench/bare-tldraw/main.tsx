/**
 * Bare tldraw 5.1.1 for the client rendering benchmark (bench/clientBench.ts): `<Tldraw>` with
 * the default shapes and UI, our own copies of its assets (no CDN), nothing else. A driver in the
 * bench process sends the scene and then the remote shape updates over one websocket; they are
 * applied as remote changes (`store.mergeRemoteChanges` + `store.put`), as a sync layer does.
 */
import { createRoot } from 'react-dom/client'
import { Tldraw, type Editor, type TLRecord, type TLShape } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import 'tldraw/tldraw.css'

const assetUrls = getAssetUrlsByImport()

type DriverMessage =
  | { type: 'init'; records: TLRecord[] }
  | { type: 'move'; id: TLShape['id']; x: number; y: number }

function connect(editor: Editor) {
  const ws = new WebSocket(`ws://${location.host}/driver`)
  let moves = 0
  ;(window as unknown as { benchMoves: () => number }).benchMoves = () => moves
  ws.onmessage = (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as DriverMessage
    if (message.type === 'init') {
      const pageId = editor.getCurrentPageId()
      const records = message.records.map((r) => (r.typeName === 'shape' ? { ...r, parentId: pageId } : r))
      editor.store.mergeRemoteChanges(() => editor.store.put(records))
      ws.send(JSON.stringify({ type: 'ready', shapes: editor.getCurrentPageShapes().length }))
    } else if (message.type === 'move') {
      const shape = editor.store.get(message.id)
      if (!shape) return
      moves++
      editor.store.mergeRemoteChanges(() => editor.store.put([{ ...shape, x: message.x, y: message.y }]))
    }
  }
}

createRoot(document.getElementById('root')!).render(
  <Tldraw
    assetUrls={assetUrls}
    onMount={(editor) => {
      ;(window as unknown as { benchEditor: Editor }).benchEditor = editor
      connect(editor)
    }}
  />,
)
