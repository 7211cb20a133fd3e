/**
 * How tall an agency's card must be for the TV to show its title, the person and its whole
 * "kan niet" (issue 8: "whenever more than the title is shown, an agency's 'kan niet' is shown
 * whole"). A card's size is shared by everyone, so the side panel grows the card when someone
 * types a "kan niet", and everyone's card grows the same.
 *
 * Pure and deterministic: planned with an estimate of the card font that is a little wider than
 * the font itself (Atkinson Hyperlegible Next averages 0.43–0.49 em regular and 0.47–0.52 em
 * bold on Dutch text), never with the browser's measurements, so every participant — and a test
 * in Node — computes the same height, and the real font fits in it.
 */
import { CARD_DEFAULTS, type AgencyCardProps } from '../../shared/domain/cards'
import { STRINGS, type Language } from '../i18n/strings'
import { cardContentOf } from './cardContent'
import { NO_FACTS } from './cardFacts'
import { planCard } from './cardLayout'
import type { CardShape } from './cardShapeTypes'
import { cardFontSizes, ZOOM_STEPS, zoomStep } from './cardZoom'
import { estimateWidth, type Measure } from './textMeasure'

/** The zoom of a 40-card board fitted on a 1920×1080 TV (about 0.42), as a zoom step. */
export const TV_ZOOM_STEP = zoomStep(0.42)
/** The tallest an agency card grows by itself, page px. */
export const MAX_AGENCY_HEIGHT = 900
/** Heights are whole multiples of this: a card does not twitch by a pixel per keystroke. */
const GRID = 10
/** A little wider than the card font, so that the font fits where the estimate does. */
const conservative: Measure = (text, size, weight) => estimateWidth(text, size, weight) * 1.04

type HeightProps = Pick<AgencyCardProps, 'w' | 'organisation' | 'person' | 'cannotDo' | 'atTable' | 'office' | 'canDo'>

function fitsAt(props: HeightProps, h: number, step: number, language: Language): boolean {
  const strings = STRINGS[language]
  const shape = { id: 'shape:agency-height', type: 'agency', props: { ...CARD_DEFAULTS.agency(), ...props, h } } as unknown as CardShape
  const content = cardContentOf(shape, NO_FACTS, strings, language)
  const plan = planCard({ content, w: props.w, h, step, measure: conservative, moreLabel: strings.meeting.more })
  // The person (or whether they are at the table) and the whole "kan niet" under the title.
  return plan.second.length === content.second.length && plan.second.every((t) => !t.source.mustShow || !t.cut)
}

/** The least height (on the grid) at which the card shows it at this step, or null: none up to the maximum. */
function leastHeight(props: HeightProps, step: number, language: Language, from: number): number | null {
  if (fitsAt(props, from, step, language)) return from
  let low = from
  let high = MAX_AGENCY_HEIGHT
  if (!fitsAt(props, high, step, language)) return null
  // Binary search on the grid; more room never shows less.
  while (high - low > GRID) {
    const mid = low + Math.floor((high - low) / 2 / GRID) * GRID
    if (fitsAt(props, mid, step, language)) high = mid
    else low = mid
  }
  return high
}

/** The steps from the TV's zoom in, one of each set of font sizes (the plan is the same within a set). */
const STEPS: number[] = (() => {
  const seen = new Set<string>()
  return ZOOM_STEPS.filter((step) => {
    if (step < TV_ZOOM_STEP) return false
    const key = JSON.stringify([cardFontSizes('agency', step), step < 0.7])
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
})()
const LANGUAGES = Object.keys(STRINGS) as Language[]
const cache = new Map<string, number>()

/**
 * The height an agency's card needs: the default (170) when it has no "kan niet", else the least
 * height at which the title, the person and the whole "kan niet" show at the 40-card TV zoom and
 * every closer zoom step, in either language, at the card's width.
 */
export function agencyCardHeight(props: HeightProps): number {
  const base = CARD_DEFAULTS.agency().h
  if (!props.cannotDo.trim()) return base
  const key = JSON.stringify([props.w, props.organisation, props.person, props.cannotDo, props.atTable, props.office, props.canDo])
  const known = cache.get(key)
  if (known !== undefined) return known
  let h = base
  search: for (const language of LANGUAGES) {
    for (const step of STEPS) {
      const least = leastHeight(props, step, language, h)
      h = least ?? MAX_AGENCY_HEIGHT
      if (least === null) break search
    }
  }
  // Greedy wrapping is nearly, not strictly, monotonic: check every step once more at the height found.
  while (h < MAX_AGENCY_HEIGHT && !LANGUAGES.every((l) => STEPS.every((s) => fitsAt(props, h, s, l)))) h += GRID
  if (cache.size > 500) cache.clear()
  cache.set(key, h)
  return h
}

/**
 * The height after an edit of an agency's texts: grown to what its "kan niet" needs; shrunk back
 * only when the card had the height its texts gave it (nobody resized it by hand).
 */
export function agencyHeightAfterEdit(before: HeightProps & { h: number }, after: HeightProps): number {
  const wanted = agencyCardHeight(after)
  const sizedByUs = before.h === agencyCardHeight(before) || before.h === CARD_DEFAULTS.agency().h
  return sizedByUs ? wanted : Math.max(before.h, wanted)
}
