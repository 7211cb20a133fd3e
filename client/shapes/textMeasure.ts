/**
 * How wide a word is in the card font. Cards plan their lines in JavaScript (see cardLayout.ts)
 * so that what a card shows is decided before the browser lays it out: no text is clipped by
 * CSS, and a card never needs a layout pass of its own. A canvas measures exactly what the
 * browser will draw; without one (unit tests, node) an estimate stands in.
 */
import { CARD_FONT_STACK, cardFontEpoch } from './cardFont'

export type Weight = 400 | 700

/** Width in px of `text` at `size` px; the planner's only view of the font. */
export type Measure = (text: string, size: number, weight: Weight) => number

/** Average advance of the card font (Atkinson Hyperlegible Next), per em: for tests and fallbacks. */
export const estimateWidth: Measure = (text, size, weight) => text.length * size * (weight === 700 ? 0.52 : 0.5)

// Widths are measured once at 100 px and scaled: text width is linear in the font size.
const REFERENCE_SIZE = 100
const cache = new Map<string, number>()
/** Widths measured before the card font arrived were the fallback font's: measure again after. */
let cacheEpoch = 0
let context: CanvasRenderingContext2D | null | undefined

function canvasContext(): CanvasRenderingContext2D | null {
  if (context === undefined) {
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  }
  return context
}

export const measureText: Measure = (text, size, weight) => {
  const ctx = canvasContext()
  if (!ctx) return estimateWidth(text, size, weight)
  const epoch = cardFontEpoch.__unsafe__getWithoutCapture()
  if (epoch !== cacheEpoch) {
    cache.clear()
    cacheEpoch = epoch
  }
  const key = `${weight}|${text}`
  let width = cache.get(key)
  if (width === undefined) {
    ctx.font = `${weight} ${REFERENCE_SIZE}px ${CARD_FONT_STACK}`
    width = ctx.measureText(text).width
    cache.set(key, width)
    // Words repeat across cards; a board has a few thousand at most. Keep the cache bounded anyway.
    if (cache.size > 20_000) cache.clear()
  }
  return (width * size) / REFERENCE_SIZE
}

