/**
 * Which of a card's texts it shows, on which lines and how big, for its size on screen. The card
 * keeps its size (shared by everyone); the plan fills it most important first:
 *   1. the title, on as many lines as leave room for one line under it; shrunk towards the size
 *      that still reads at the target on screen (cardZoom.ts) before anything is cut;
 *   2. the line under the title ("second"); an agency's "kan niet" after it, whole: the person
 *      gives way to it, and where even it alone does not fit whole, the title shows alone;
 *   3. detail lines in order, while they fit.
 * A text cut short ends in "… meer"; texts left out are announced by a "meer" on the last line
 * shown (or the nearest one before it that can take it), unless the card already shows one. The
 * plan adds up every line's height, so the card's content never overflows its box.
 */
import type { CardContent, CardText } from './cardContent'
import { cardFontSizes } from './cardZoom'
import type { Measure } from './textMeasure'
import { BREAK_HYPHEN, fitRuns, type Line, type Run } from './wrapText'

export const LINE_HEIGHT = { title: 1.06, second: 1.15, detail: 1.2 } as const

export interface PlannedText {
  source: CardText
  size: number
  lineHeight: number
  lines: Line[]
  /** Some of the text is not shown (the last line ends in "…" and the marker). */
  cut: boolean
  /** The last line carries the "meer" marker. */
  marker: boolean
  /** The marker's font size, page px. */
  markerSize: number
  /** Space above this text, page px. */
  gap: number
}

export interface CardPlan {
  kind: CardContent['kind']
  border: number
  padX: number
  padY: number
  /** Pictogram size in page px, beside the title (above it on the resident's card), or 0: none. */
  pictogram: number
  title: PlannedText
  second: PlannedText[]
  details: PlannedText[]
  /** Every text of the card is shown whole. */
  complete: boolean
  /** Height of everything drawn; never more than the room inside border and padding. */
  usedHeight: number
  innerHeight: number
}

export interface PlanInput {
  content: CardContent
  w: number
  h: number
  /** The zoom step (cardZoom.ts). */
  step: number
  measure: Measure
  /** The marker's word: `strings.meeting.more`. */
  moreLabel: string
}

/**
 * Lines are measured by the browser's own text shaping (a canvas), so they come out as wide as
 * planned; half a pixel is kept against rounding, and the padding would absorb any more.
 */
const WIDTH_SAFETY = 0.5
/** Room left unused at the bottom, page px, against rounding of line boxes. */
const HEIGHT_SAFETY = 2
/** How much smaller each try is when the title is shrunk to fit. */
const SHRINK = 0.94

// Shared with CardView and the card CSS, so that the plan and the drawing agree.
export const ICON_EM = 1.05
export const ICON_GAP_EM = 0.3
export const RESIDENT_PICTOGRAM_GAP = 4
/**
 * The marker: a bold word in a pill, two thirds of the line under the title (smaller on a detail
 * line): seen at once, without taking half a title line.
 */
export const MARKER_EM = 0.65
export const MARKER_PAD_EM = 0.25
export const MARKER_BORDER = 2
/** Space before the marker, in its own em. */
export const MARKER_GAP_EM = 0.35

/** Width the "meer" marker takes at its font size: the word, its padding and border, the gap. */
export function markerWidth(label: string, markerSize: number, measure: Measure): number {
  return measure(label, markerSize, 700) + markerSize * (2 * MARKER_PAD_EM + MARKER_GAP_EM) + 2 * MARKER_BORDER
}

export function gapBeside(titleSize: number): number {
  return Math.round(titleSize * 0.3)
}

/** How many words the lines break with a hyphen of ours. */
function brokenWords(lines: Line[]): number {
  return lines.filter((line) => line[line.length - 1]?.text.endsWith(BREAK_HYPHEN)).length
}

function runsOf(text: CardText, bold = false): Run[] {
  const runs: Run[] = []
  if (text.label) runs.push({ text: `${text.label}:`, weight: 700 })
  runs.push({ text: text.text, weight: bold || text.strong ? 700 : 400 })
  return runs
}

function metricsFor(kind: CardContent['kind'], step: number) {
  // Zoomed out, a thicker border keeps the cards apart on screen and the text gets the padding's
  // room; zoomed in, the text gets air.
  const far = step < 0.7
  const border = (kind === 'resident' ? 1 : 0) + (far ? 4 : 3)
  // The resident's card is a pill: its round ends need more room at the sides.
  const padX = kind === 'resident' ? (far ? 14 : 24) : far ? 5 : 12
  const padY = far ? 4 : 10
  return { border, padX, padY }
}

/**
 * The plan for a card. A domain's or agency's pictogram goes beside the title only where it costs
 * no text: the same texts shown, none cut more, no word broken that was whole without it.
 */
export function planCard(input: PlanInput): CardPlan {
  const without = planBest(input, false)
  if (!input.content.pictogram || input.content.kind === 'resident') return without
  const beside = planBest(input, true)
  if (beside.pictogram === 0) return without
  return costsNothing(beside, without) ? beside : without
}

/** Texts shown under the title, whole or cut. */
function shownUnder(plan: CardPlan): number {
  return plan.second.length + plan.details.length
}

/**
 * The plan at the title's own size; where that leaves out a text under the title, the plan with
 * the title at its floor (the smallest that still reads at the target) if that shows more.
 */
function planBest(input: PlanInput, withPictogram: boolean): CardPlan {
  const plan = planWith(input, { withPictogram })
  const floor = cardFontSizes(input.content.kind, input.step).titleFloor
  if (plan.complete || plan.title.size <= floor || plan.second.length === input.content.second.length) return plan
  const atFloor = planWith(input, { withPictogram, titleSize: floor })
  return shownUnder(atFloor) > shownUnder(plan) || (atFloor.second.length > plan.second.length && !atFloor.title.cut) ? atFloor : plan
}

function costsNothing(beside: CardPlan, without: CardPlan): boolean {
  const texts = (p: CardPlan) => [p.title, ...p.second, ...p.details]
  const whole = (p: CardPlan) => texts(p).filter((t) => !t.cut).length
  const shown = (p: CardPlan) => texts(p).reduce((sum, t) => sum + t.lines.flat().reduce((n, run) => n + run.text.replace(/[\u2010…]/g, '').length, 0), 0)
  return (
    shown(beside) >= shown(without) &&
    beside.complete === without.complete &&
    texts(beside).length === texts(without).length &&
    whole(beside) === whole(without) &&
    brokenWords(beside.title.lines) <= brokenWords(without.title.lines) &&
    beside.title.size === without.title.size
  )
}

interface PlanOptions {
  withPictogram: boolean
  /** Start the title at this size instead of the step's (never below its floor). */
  titleSize?: number
  /** Nothing under the title: something that must show whole did not fit (the "meer" says so). */
  titleAlone?: boolean
}

function planWith(input: PlanInput, { withPictogram, titleSize, titleAlone = false }: PlanOptions): CardPlan {
  const { w, h, step, measure, moreLabel } = input
  const content = titleAlone ? { ...input.content, second: [], details: [] } : input.content
  const sizes = cardFontSizes(content.kind, step)
  const { border, padX, padY } = metricsFor(content.kind, step)
  const innerWidth = w - 2 * border - 2 * padX
  const innerHeight = h - 2 * border - 2 * padY
  const width = innerWidth - WIDTH_SAFETY
  let room = innerHeight - HEIGHT_SAFETY

  interface FitOptions {
    bold?: boolean
    forceMarker?: boolean
    textWidth?: number
  }
  const fit = (text: CardText, size: number, lineHeight: number, maxLines: number, gap: number, options: FitOptions = {}): PlannedText => {
    const iconWidth = text.icon ? size * (ICON_EM + ICON_GAP_EM) : 0
    const markerSize = Math.round(Math.min(size, sizes.second) * MARKER_EM * 2) / 2
    const fitOptions = {
      width: (options.textWidth ?? width) - iconWidth,
      size,
      maxLines: Math.min(maxLines, text.maxLines ?? Infinity),
      measure,
      markerWidth: markerWidth(moreLabel, markerSize, measure),
      forceMarker: options.forceMarker,
    }
    let fitted = fitRuns(runsOf(text, options.bold), fitOptions)
    if (fitted.cut && text.short) {
      // Said shorter and whole, with the marker: the long form is in the panel.
      const short = fitRuns(runsOf({ ...text, text: text.short }, options.bold), { ...fitOptions, forceMarker: true })
      if (!short.cut) fitted = { ...short, cut: true }
    }
    return { source: text, size, lineHeight, lines: fitted.lines, cut: fitted.cut, marker: fitted.marker, markerSize, gap }
  }
  /** Lines a text takes uncut, up to its own limit. */
  const linesNeeded = (text: CardText, size: number, lineHeight: number) => fit(text, size, lineHeight, Infinity, 0).lines.length
  const heightOf = (planned: PlannedText) => planned.gap + planned.lines.length * planned.size * planned.lineHeight
  const linesThatFit = (size: number, lineHeight: number, gap: number) => Math.floor((room - gap) / (size * lineHeight) + 1e-9)

  // 1. The title, leaving room under it for a line of each text under it, and all the lines of
  //    the texts that must stay whole (her decision is never "Wil ik…"). Where that leaves the
  //    title one line, it may take the room of the others: a title of two lines tells more than
  //    an owner cut to "Peter…".
  const secondGap = Math.round(sizes.second * 0.15)
  const secondLineHeight = sizes.second * LINE_HEIGHT.second
  // An agency's "kan niet" is as long as a sentence: a little smaller than the person above it.
  const sizeOf = (text: CardText) => (text.mustShow ? sizes.cannot : sizes.second)
  const lineOf = (text: CardText) => sizeOf(text) * LINE_HEIGHT.second
  const secondHeights = content.second.map((text) => (text.whole ? linesNeeded(text, sizeOf(text), LINE_HEIGHT.second) : 1) * lineOf(text))
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
  const reserveAll = content.second.length ? secondGap + sum(secondHeights) : 0
  const reserveWhole = content.second.length
    ? secondGap + Math.max(secondLineHeight, sum(secondHeights.filter((_, i) => content.second[i].whole)))
    : 0
  const titleLines = (size: number) => {
    const lineHeight = size * LINE_HEIGHT.title
    const lines = Math.floor((room - reserveAll) / lineHeight + 1e-9)
    return Math.max(1, lines >= 2 ? lines : Math.min(2, Math.floor((room - reserveWhole) / lineHeight + 1e-9)))
  }
  const titleText: CardText = { text: content.title }
  // Her name comes first: on the resident's card the line under it gives way before the name is cut.
  const nameFirst = content.kind === 'resident'
  const titleAt = (size: number, textWidth?: number, linesFor = titleLines) =>
    fit(titleText, size, LINE_HEIGHT.title, linesFor(size), 0, { bold: true, textWidth })
  const startSize = Math.max(sizes.titleFloor, Math.min(sizes.title, titleSize ?? sizes.title))
  const sizesDown: number[] = [startSize]
  for (let size = startSize * SHRINK; size >= sizes.titleFloor - 1e-9; size *= SHRINK) sizesDown.push(Math.round(size * 2) / 2)
  if (sizesDown[sizesDown.length - 1] !== sizes.titleFloor && startSize !== sizes.titleFloor) sizesDown.push(sizes.titleFloor)
  /**
   * The largest size at which the title is whole and breaks no word it need not break (a word
   * broken wherever the line is full reads as a typo from across the room); else the floor when
   * it shows more lines of the title there.
   */
  const bestTitle = (linesFor: (size: number) => number): PlannedText => {
    let best = titleAt(startSize, undefined, linesFor)
    for (const size of sizesDown.slice(1)) {
      if (!best.cut && brokenWords(best.lines) === 0) break
      const next = titleAt(size, undefined, linesFor)
      if ((best.cut && !next.cut) || (!next.cut && brokenWords(next.lines) < brokenWords(best.lines))) best = next
      else if (best.cut && next.cut && size === sizes.titleFloor && next.lines.length > best.lines.length) best = next
    }
    return best
  }
  let title = bestTitle(titleLines)
  let nameAlone = false
  if (nameFirst && title.cut) {
    // All the room for her name, "Bewoner" left out (the marker says so).
    const alone = bestTitle((size) => Math.max(1, Math.floor(room / (size * LINE_HEIGHT.title) + 1e-9)))
    if (!alone.cut || alone.lines.length > title.lines.length) {
      title = alone
      nameAlone = true
    }
  }
  let pictogram = 0
  if (withPictogram && content.pictogram && content.kind !== 'resident') {
    // Beside the title, at the title's size; whether that costs any text is judged by planCard.
    // Never where less than an em of the line would be left for the title.
    const size = Math.round(Math.max(title.size * 1.15, 30))
    const textWidth = width - size - gapBeside(title.size)
    if (textWidth >= title.size) {
      const beside = titleAt(title.size, textWidth)
      if (Math.max(size, heightOf(beside)) <= Math.max(room - reserveAll, heightOf(title))) {
        title = beside
        pictogram = size
      }
    }
  }
  room -= Math.max(pictogram, heightOf(title))

  // 2. The line(s) under the title. A text that must show whenever anything under the title does
  //    (an agency's "kan niet") keeps its room: a text before it gives way instead.
  const second: PlannedText[] = []
  let dropped = titleAlone || nameAlone
  const mustLater = (i: number) => content.second.slice(i + 1).some((t) => t.mustShow)
  for (const [i, text] of (nameAlone ? [] : content.second).entries()) {
    const gap = second.length === 0 ? secondGap : 0
    // A text that must stay whole takes its lines; another leaves a line for each text after it.
    const later = text.whole ? 0 : sum(secondHeights.slice(i + 1))
    const available = Math.floor((room - gap - later) / lineOf(text) + 1e-9)
    const planned = available >= 1 ? fit(text, sizeOf(text), LINE_HEIGHT.second, available, gap) : null
    if (text.mustShow && (!planned || planned.cut)) {
      // Whole or nothing under the title at all.
      return planWith(input, { withPictogram, titleSize, titleAlone: true })
    }
    if (!planned) {
      dropped = true
      if (mustLater(i)) continue
      break
    }
    second.push(planned)
    room -= heightOf(planned)
  }

  // 3. Details, while they fit and are big enough on screen to read; none once something above
  //    was cut (they would read as more important than what is missing).
  const details: PlannedText[] = []
  const detailGap = Math.round(sizes.detail * 0.25)
  const anyCut = () => title.cut || second.some((t) => t.cut) || details.some((t) => t.cut)
  for (const text of content.details) {
    if (!sizes.details || dropped || anyCut()) {
      dropped = true
      break
    }
    const available = linesThatFit(sizes.detail, LINE_HEIGHT.detail, detailGap)
    const planned = available >= 1 ? fit(text, sizes.detail, LINE_HEIGHT.detail, available, detailGap) : null
    if (!planned || (text.whole && planned.cut)) {
      dropped = true
      break
    }
    details.push(planned)
    room -= heightOf(planned)
  }

  // Something left out: a "meer" on the last line shown, unless the card already shows one. A
  // text that must stay whole and has no room for it passes the marker up to the text before.
  const hasMarker = () => title.marker || second.some((t) => t.marker) || details.some((t) => t.marker)
  // Left out: only texts that may go unannounced where announcing them would cut what is shown
  // ("Bewoner" under her name: the pill says as much).
  const shownSources = new Set([...second, ...details].map((t) => t.source))
  const leftOut = [...input.content.second, ...input.content.details].filter((t) => !shownSources.has(t))
  const onlyOptionalLeftOut = !anyCut() && leftOut.every((t) => t.optional)
  if ((dropped || anyCut()) && !hasMarker()) {
    const shown: { list: PlannedText[] | null; index: number }[] = [
      { list: null, index: 0 },
      ...second.map((_, index) => ({ list: second, index })),
      ...details.map((_, index) => ({ list: details, index })),
    ]
    for (let k = shown.length - 1; k >= 0; k--) {
      const { list, index } = shown[k]
      const last = list ? list[index] : title
      const isTitle = list === null
      // Only the last text may grow by a line: one above it would push the rest out of the card.
      const extra = k === shown.length - 1 && linesThatFit(last.size, last.lineHeight, 0) >= 1 ? 1 : 0
      const marked = fit(last.source, last.size, last.lineHeight, last.lines.length + extra, last.gap, {
        bold: isTitle,
        forceMarker: true,
        textWidth: isTitle && pictogram ? width - pictogram - gapBeside(title.size) : undefined,
      })
      if (!marked.marker || (last.source.whole && marked.cut) || (onlyOptionalLeftOut && marked.cut)) continue
      room -= heightOf(marked) - heightOf(last)
      if (list) list[index] = marked
      else title = marked
      break
    }
  }

  // The resident's pictogram sits above her name, where there is room to spare.
  if (content.kind === 'resident' && content.pictogram) {
    const size = Math.min(52, Math.floor(room - RESIDENT_PICTOGRAM_GAP))
    if (size >= 36) {
      pictogram = size
      room -= size + RESIDENT_PICTOGRAM_GAP
    }
  }

  return {
    kind: content.kind,
    border,
    padX,
    padY,
    pictogram,
    title,
    second,
    details,
    complete: !anyCut() && leftOut.every((t) => t.optional && !hasMarker()),
    usedHeight: innerHeight - HEIGHT_SAFETY - room,
    innerHeight,
  }
}
