/**
 * Which of a card's texts it shows, on which lines and how big, for its size on screen. The card
 * keeps its size (shared by everyone); the plan fills it most important first:
 *   1. the title, on as many lines as leave room for one line under it; shrunk towards the size
 *      that still reads at the target on screen (cardZoom.ts) before anything is cut;
 *   2. the line under the title ("second");
 *   3. detail lines in order, while they fit; an agency's "kan niet" whole or not at all.
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
  const without = planWith(input, false)
  if (!input.content.pictogram || input.content.kind === 'resident') return without
  const beside = planWith(input, true)
  if (beside.pictogram === 0) return without
  return costsNothing(beside, without) ? beside : without
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

function planWith({ content, w, h, step, measure, moreLabel }: PlanInput, withPictogram: boolean): CardPlan {
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
  const secondLines = content.second.map((text) => (text.whole ? linesNeeded(text, sizes.second, LINE_HEIGHT.second) : 1))
  const reserveAll = content.second.length ? secondGap + secondLines.reduce((a, b) => a + b, 0) * secondLineHeight : 0
  const reserveWhole = content.second.length
    ? secondGap + Math.max(1, secondLines.filter((_, i) => content.second[i].whole).reduce((a, b) => a + b, 0)) * secondLineHeight
    : 0
  const titleLines = (size: number) => {
    const lineHeight = size * LINE_HEIGHT.title
    const lines = Math.floor((room - reserveAll) / lineHeight + 1e-9)
    return Math.max(1, lines >= 2 ? lines : Math.min(2, Math.floor((room - reserveWhole) / lineHeight + 1e-9)))
  }
  const titleText: CardText = { text: content.title }
  const titleAt = (size: number, textWidth?: number) => fit(titleText, size, LINE_HEIGHT.title, titleLines(size), 0, { bold: true, textWidth })
  let title = titleAt(sizes.title)
  for (let size = sizes.title * SHRINK; title.cut && size >= sizes.titleFloor - 1e-9; size *= SHRINK) title = titleAt(Math.round(size * 2) / 2)
  if (title.cut && title.size !== sizes.titleFloor) {
    const atFloor = titleAt(sizes.titleFloor)
    if (!atFloor.cut || atFloor.lines.length > title.lines.length) title = atFloor
  }
  let pictogram = 0
  if (withPictogram && content.pictogram && content.kind !== 'resident') {
    // Beside the title, at the title's size; whether that costs any text is judged by planCard.
    const size = Math.round(Math.max(title.size * 1.15, 30))
    const beside = titleAt(title.size, width - size - gapBeside(title.size))
    if (Math.max(size, heightOf(beside)) <= Math.max(room - reserveAll, heightOf(title))) {
      title = beside
      pictogram = size
    }
  }
  room -= Math.max(pictogram, heightOf(title))

  // 2. The line(s) under the title.
  const second: PlannedText[] = []
  let dropped = false
  for (const [i, text] of content.second.entries()) {
    const gap = i === 0 ? secondGap : 0
    // A text that must stay whole takes its lines; another leaves a line for each text after it.
    const later = text.whole ? 0 : secondLines.slice(i + 1).reduce((a, b) => a + b, 0) * secondLineHeight
    const available = Math.floor((room - gap - later) / secondLineHeight + 1e-9)
    if (available < 1) {
      dropped = true
      break
    }
    const planned = fit(text, sizes.second, LINE_HEIGHT.second, available, gap)
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
      if (!marked.marker || (last.source.whole && marked.cut)) continue
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
    complete: !dropped && !anyCut(),
    usedHeight: innerHeight - HEIGHT_SAFETY - room,
    innerHeight,
  }
}
