/**
 * The picture of the board that goes into the session record: tldraw's own export, rendered in
 * the facilitator's browser at the moment she closes, as a PNG (the record's PDF shows it).
 */
import type { Editor } from 'tldraw'

export interface BoardPicture {
  /** Base64 of the PNG bytes. */
  picturePng: string
}

/** The server accepts up to 8 MiB for the whole close request; stay well below. */
const MAX_PICTURE_CHARS = 6 * 1024 * 1024

async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export async function renderBoardPicture(editor: Editor): Promise<BoardPicture | null> {
  const ids = [...editor.getCurrentPageShapeIds()]
  if (ids.length === 0) return null
  for (const scale of [1, 0.6, 0.35]) {
    const { blob } = await editor.toImage(ids, { format: 'png', background: true, padding: 32, scale, pixelRatio: 1 })
    const png = await blobToBase64(blob)
    if (png.length < MAX_PICTURE_CHARS) return { picturePng: png }
  }
  return null
}
