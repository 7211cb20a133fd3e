/**
 * The cards' own font: Atkinson Hyperlegible Next, made for readers with low vision and narrow
 * enough that a domain's name still fits a card at the size the far end of the table needs. The
 * record's PDF uses it too. Served by our own server (bundled by Vite), never from a font CDN.
 *
 * Cards plan their lines with measured widths, so they must plan again once the font is in: the
 * epoch below changes then, and every card reads it.
 */
import { atom } from 'tldraw'
import regularUrl from '@expo-google-fonts/atkinson-hyperlegible-next/400Regular/AtkinsonHyperlegibleNext_400Regular.ttf?url'
import boldUrl from '@expo-google-fonts/atkinson-hyperlegible-next/700Bold/AtkinsonHyperlegibleNext_700Bold.ttf?url'

export const CARD_FONT_FAMILY = 'Tafelbord Card'
/** The same stack in CSS (inline on every card) and on the measuring canvas. */
export const CARD_FONT_STACK = `"${CARD_FONT_FAMILY}", system-ui, sans-serif`

/** Changes when the card font has loaded (or failed to: then the fallback's widths stand). */
export const cardFontEpoch = atom('card font epoch', 0)

let started = false

export function loadCardFont() {
  if (started || typeof document === 'undefined' || typeof FontFace === 'undefined') return
  started = true
  const faces = [
    new FontFace(CARD_FONT_FAMILY, `url(${regularUrl})`, { weight: '400', display: 'swap' }),
    new FontFace(CARD_FONT_FAMILY, `url(${boldUrl})`, { weight: '700', display: 'swap' }),
  ]
  for (const face of faces) document.fonts.add(face)
  void Promise.allSettled(faces.map((face) => face.load())).then(() => cardFontEpoch.update((n) => n + 1))
}
