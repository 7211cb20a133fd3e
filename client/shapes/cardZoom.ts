/**
 * Semantic zoom: how big a card's text is, in page units, for the size the card has on screen.
 *
 * A card's size is shared by everyone (it lives in the document); its text is not. When the view
 * zooms out, the text inside grows so that it keeps a readable size on screen:
 *
 *   pagePx(role, zoom) = clamp(screenPx(role) / step(zoom), basePx(role), capPx(role))
 *
 * step(zoom) rounds the zoom down to one of a few steps, so a card plans again only when the
 * step changes (not on every frame of a pinch), and since step ≤ zoom the text on screen is at
 * least screenPx. The cap keeps a title on at most two lines of a 280×170 card; below the zoom
 * where the cap takes over, text shrinks on screen with the card (at a 40-card board's fit
 * zoom of about 0.42 a title is still 48 × 0.42 ≈ 20 px).
 */
import type { CardContent } from './cardContent'

export const ZOOM_STEPS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 1] as const

/** The largest step at or below the zoom (at most 1: zoomed in, the text simply grows with the card). */
export function zoomStep(zoom: number): number {
  for (let i = ZOOM_STEPS.length - 1; i >= 0; i--) {
    if (zoom >= ZOOM_STEPS[i] - 1e-9) return ZOOM_STEPS[i]
  }
  return ZOOM_STEPS[0]
}

export type TextRole = 'title' | 'second' | 'detail'

interface RoleSize {
  /** Page px at zoom 1 and closer. */
  base: number
  /** Screen px to keep while the cap allows. */
  screen: number
  /** Page px never exceeded, whatever the zoom. */
  cap: number
}

const SIZES: Record<TextRole, RoleSize> = {
  // Every title ≥ 24 screen px down to zoom 0.5, the line under it ≥ 18 px; at 0.42 still
  // 20 px and 15 px. Two title lines and one line under them fill a 280×170 card at the caps.
  title: { base: 24, screen: 24, cap: 48 },
  second: { base: 19, screen: 18, cap: 38 },
  detail: { base: 17, screen: 14, cap: 26 },
}
/**
 * An agency's "kan niet", shown whole under the person: a sentence, so a little smaller than the
 * person, and capped lower so that the card that holds it stays a card (agencyHeight.ts).
 */
const CANNOT: RoleSize = { base: 19, screen: 16, cap: 32 }
/** The resident's name is the centre of the board. */
const RESIDENT_TITLE: RoleSize = { base: 32, screen: 28, cap: 48 }

/** Detail lines smaller than this on screen are noise from three metres: they are left out instead. */
export const MIN_DETAIL_SCREEN_PX = 12

/** Rounded up to half a pixel, so that floating point never lands a hair under the target. */
const ceilHalf = (px: number) => Math.ceil(px * 2 - 1e-6) / 2

function pagePx(size: RoleSize, step: number): number {
  return ceilHalf(Math.min(size.cap, Math.max(size.base, size.screen / step)))
}

export interface CardFontSizes {
  title: number
  /** The smallest the title may become to fit whole: what still reads at the target on screen. */
  titleFloor: number
  second: number
  /** An agency's "kan niet". */
  cannot: number
  detail: number
  /** Whether detail lines are big enough on screen to be worth their room. */
  details: boolean
}

export function cardFontSizes(kind: CardContent['kind'], step: number): CardFontSizes {
  const detail = pagePx(SIZES.detail, step)
  const title = pagePx(kind === 'resident' ? RESIDENT_TITLE : SIZES.title, step)
  return {
    title,
    titleFloor: Math.min(title, ceilHalf(Math.min(SIZES.title.cap, SIZES.title.screen / step))),
    second: pagePx(SIZES.second, step),
    cannot: pagePx(CANNOT, step),
    detail,
    details: detail * step >= MIN_DETAIL_SCREEN_PX,
  }
}
