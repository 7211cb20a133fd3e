/**
 * The resident's summary as one printable A4 page: large type (body 16 pt, headings 24 pt),
 * plain language, a pictogram per point. First what she agreed, who helps her and when we meet
 * again (at most three points each), then what she declined and what she is still thinking
 * about. Everything that does not fit is named ("and 2 more, in the record"), never cut
 * silently: the page never overflows onto a second one.
 */
import type { ResidentSummary, SummaryItem, SummarySection } from '../../shared/record/residentSummary'
import { fill, translationFor } from '../../shared/record/translations/index'
import { COLORS, createPdf, decoratePages, drawPictogram, finishPdf, FONT, type Pdf } from './pdfSupport'

const MARGIN = { top: 56, bottom: 40, left: 48, right: 48 }
export const SUMMARY_BODY_PT = 16
export const SUMMARY_HEADING_PT = 24
const TITLE_PT = 28
const ICON = 28
const TEXT_INDENT = ICON + 14
const RESERVED_LINE = SUMMARY_BODY_PT * 1.5
const ITEM_GAP = 8

/**
 * How an item's smaller lines are set: one under the other (easiest to read), or run together
 * with " · " when the page would not hold everything otherwise.
 */
type DetailLayout = 'lines' | 'joined'

class Page {
  constructor(
    readonly doc: Pdf,
    readonly layout: DetailLayout,
  ) {}
  get left() {
    return MARGIN.left
  }
  get width() {
    return this.doc.page.width - MARGIN.left - MARGIN.right
  }
  /** Layout stops one line above the margin: that line is kept for "the rest is in the record". */
  get bottom() {
    return this.doc.page.height - MARGIN.bottom - RESERVED_LINE
  }
  room(): number {
    return this.bottom - this.doc.y
  }
}

function detailsText(item: SummaryItem, layout: DetailLayout): string {
  if (layout === 'lines') return item.details.join('\n')
  // Run together: after a full sentence a space, else a dot in the middle.
  return item.details.reduce((text, line) => (text === '' ? line : `${text}${/[.!?”]$/.test(text) ? ' ' : ' · '}${line}`), '')
}

function itemHeight(page: Page, item: SummaryItem, width: number): number {
  const { doc } = page
  doc.font(FONT.bold).fontSize(SUMMARY_BODY_PT)
  let height = doc.heightOfString(item.text || ' ', { width })
  if (item.details.length) {
    doc.font(FONT.regular).fontSize(SUMMARY_BODY_PT)
    height += doc.heightOfString(detailsText(item, page.layout), { width })
  }
  return Math.max(height, ICON) + ITEM_GAP
}

function drawItem(page: Page, item: SummaryItem): void {
  const { doc } = page
  const y = doc.y
  drawPictogram(doc, item.pictogram, page.left, y, ICON)
  const x = page.left + TEXT_INDENT
  const width = page.width - TEXT_INDENT
  doc.font(FONT.bold).fontSize(SUMMARY_BODY_PT).fillColor(COLORS.text).text(item.text, x, y, { width })
  if (item.details.length) {
    doc.font(FONT.regular).fontSize(SUMMARY_BODY_PT).fillColor(COLORS.text).text(detailsText(item, page.layout), x, doc.y, { width })
  }
  doc.y = Math.max(doc.y, y + ICON) + ITEM_GAP
}

/** Draws a section as far as it fits: all of it, part of it (the rest is named), or none. */
function drawSection(page: Page, section: SummarySection, moreTemplate: string): 'all' | 'part' | 'none' {
  const { doc } = page
  const headingHeight = SUMMARY_HEADING_PT * 1.6
  const textWidth = page.width - TEXT_INDENT
  const first = section.items[0]
  const firstHeight = first ? itemHeight(page, first, textWidth) : SUMMARY_BODY_PT * 1.5
  if (page.room() < headingHeight + firstHeight) return 'none'
  doc.moveDown(0.3)
  doc.font(FONT.bold).fontSize(SUMMARY_HEADING_PT).fillColor(COLORS.accent).text(section.heading, page.left, doc.y, { width: page.width })
  doc.moveDown(0.2)
  if (!section.items.length) {
    doc.font(FONT.regular).fontSize(SUMMARY_BODY_PT).fillColor(COLORS.text).text(section.emptyText, page.left, doc.y, { width: page.width })
    return 'all'
  }
  let shown = 0
  for (const item of section.items) {
    const left = section.items.length - shown - 1 + section.more
    const reserve = left > 0 ? SUMMARY_BODY_PT * 1.5 : 0
    if (page.room() < itemHeight(page, item, textWidth) + reserve) break
    drawItem(page, item)
    shown++
  }
  const notShown = section.items.length - shown + section.more
  if (notShown > 0) {
    doc.font(FONT.regular).fontSize(SUMMARY_BODY_PT).fillColor(COLORS.muted)
    doc.text(fill(moreTemplate, { n: notShown }), page.left, doc.y, { width: page.width, lineBreak: false, ellipsis: true })
    doc.fillColor(COLORS.text)
  }
  return shown === section.items.length ? 'all' : 'part'
}

/** Lays the page out; true when every section fitted whole. */
function layOut(summary: ResidentSummary, layout: DetailLayout): { doc: Pdf; complete: boolean } {
  const t = translationFor(summary.lang)
  const doc = createPdf({ margins: MARGIN, title: summary.title, lang: summary.lang })
  const page = new Page(doc, layout)

  doc.font(FONT.bold).fontSize(TITLE_PT).fillColor(COLORS.text).text(summary.title, MARGIN.left, MARGIN.top - 8, { width: page.width })
  if (summary.conceptNotice) {
    doc.font(FONT.bold).fontSize(SUMMARY_BODY_PT).fillColor(COLORS.concept)
    doc.text(`${summary.conceptLabel}: ${summary.conceptNotice}`, MARGIN.left, doc.y, { width: page.width })
    doc.fillColor(COLORS.text)
  }

  const sections = [summary.agreed, summary.helpers, summary.nextMeeting, summary.declined, summary.thinking].filter(
    (section, index) => index < 3 || section.items.length > 0,
  )
  let complete = true
  for (const [index, section] of sections.entries()) {
    const drawn = drawSection(page, section, t.summary.more)
    if (drawn === 'all') continue
    complete = false
    // Sections that do not fit at all are named, not dropped.
    const left = sections.slice(drawn === 'none' ? index : index + 1).filter((s) => s.items.length > 0)
    if (left.length) {
      doc.font(FONT.regular).fontSize(SUMMARY_BODY_PT).fillColor(COLORS.muted)
      doc.text(fill(t.summary.rest, { sections: left.map((s) => s.heading).join(', ') }), MARGIN.left, page.bottom, {
        width: page.width,
        lineBreak: false,
        ellipsis: true,
      })
    }
    break
  }

  decoratePages(doc, {
    header: '',
    concept: summary.concept ? { label: summary.conceptLabel, notice: `${summary.conceptLabel}: ${summary.conceptNotice ?? ''}` } : null,
    pageOf: t.record.pageOf,
    fontSize: 12,
  })
  return { doc, complete }
}

/**
 * "Who helps me" with only how to reach each helper: what each helps with is already under every
 * agreement ("Dit doet …"), so on a full page that line goes first.
 */
function withShortHelpers(summary: ResidentSummary): ResidentSummary {
  const t = translationFor(summary.lang)
  const items = summary.helpers.items.map((item) => ({
    ...item,
    details: item.contact ? [fill(t.summary.contact, { contact: item.contact })] : [],
  }))
  return { ...summary, helpers: { ...summary.helpers, items } }
}

export async function renderResidentSummaryPdf(summary: ResidentSummary): Promise<Buffer> {
  // As much as possible of what she needs on her one page, as easy to read as the page allows:
  // each smaller line on its own line; else run together; else also "who helps me" shortened.
  // What still does not fit is named at the bottom.
  const attempts: Array<() => { doc: Pdf; complete: boolean }> = [
    () => layOut(summary, 'lines'),
    () => layOut(summary, 'joined'),
    () => layOut(withShortHelpers(summary), 'joined'),
  ]
  for (const [i, attempt] of attempts.entries()) {
    const result = attempt()
    if (result.complete || i === attempts.length - 1) return finishPdf(result.doc)
    result.doc.end()
  }
  throw new Error('unreachable')
}
