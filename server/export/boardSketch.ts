/**
 * A sketch of the board drawn from the card data (positions, sizes, relations), for a record
 * without a stored picture (a draft, or a session closed without one). It says what it is: a
 * sketch made from the data, not a picture of the board.
 */
import type { PictogramName } from '../../shared/domain/pictograms'
import { lifeDomain, lifeDomainCardNames } from '../../shared/domain/lifeDomains'
import type { MeetingSnapshot } from '../../shared/domain/snapshot'
import type { RecordTranslation } from '../../shared/record/translations/index'
import { COLORS, drawPictogram, drawStatusMark, FONT, type Pdf, type StatusMark } from './pdfSupport'

export interface SketchCard {
  id: string
  kind: 'resident' | 'domain' | 'agency' | 'action'
  x: number
  y: number
  w: number
  h: number
  label: string
  pictogram: PictogramName
  /** For an action card: the mark of what holds for it, drawn instead of a pictogram. */
  mark: StatusMark | null
}

export interface BoardSketch {
  cards: SketchCard[]
  /** Pairs of card ids (action → domain, agency → domain). */
  links: Array<[string, string]>
}

/**
 * `marks`: per action card, the mark of what holds for it (from the record's statuses); an action
 * without one gets the open circle — never a tick for something she did not agree to.
 */
export function boardSketch(snapshot: MeetingSnapshot, t: RecordTranslation, marks: ReadonlyMap<string, StatusMark> = new Map()): BoardSketch {
  const cards: SketchCard[] = []
  const links: Array<[string, string]> = []
  if (snapshot.resident) {
    const { id, x, y, props } = snapshot.resident
    cards.push({ id, kind: 'resident', x, y, w: props.w, h: props.h, label: props.name, pictogram: 'resident', mark: null })
  }
  for (const { id, x, y, props } of snapshot.domains) {
    const label = lifeDomainCardNames(props, t.domains).professional
    cards.push({ id, kind: 'domain', x, y, w: props.w, h: props.h, label, pictogram: lifeDomain(props.domain).pictogram, mark: null })
  }
  for (const { id, x, y, props } of snapshot.agencies) {
    cards.push({ id, kind: 'agency', x, y, w: props.w, h: props.h, label: props.organisation || props.person, pictogram: 'agency', mark: null })
    for (const domainId of props.domainIds) links.push([id, domainId])
  }
  for (const { id, x, y, props } of snapshot.actions) {
    cards.push({ id, kind: 'action', x, y, w: props.w, h: props.h, label: props.what, pictogram: 'action', mark: marks.get(id) ?? 'open' })
    for (const domainId of props.domainIds) links.push([id, domainId])
  }
  const known = new Set(cards.map((c) => c.id))
  return { cards, links: links.filter(([a, b]) => known.has(a) && known.has(b)) }
}

const FILL: Record<SketchCard['kind'], string> = {
  resident: '#fff4d6',
  domain: '#e8f1fb',
  agency: '#eef7ee',
  action: '#fdf0e6',
}

/** Draws the sketch scaled into the box, keeping proportions. */
export function drawBoardSketch(doc: Pdf, sketch: BoardSketch, box: { x: number; y: number; width: number; height: number }): void {
  const minX = Math.min(...sketch.cards.map((c) => c.x))
  const minY = Math.min(...sketch.cards.map((c) => c.y))
  const maxX = Math.max(...sketch.cards.map((c) => c.x + c.w))
  const maxY = Math.max(...sketch.cards.map((c) => c.y + c.h))
  const scale = Math.min(box.width / Math.max(1, maxX - minX), box.height / Math.max(1, maxY - minY))
  const px = (x: number) => box.x + (x - minX) * scale
  const py = (y: number) => box.y + (y - minY) * scale
  const byId = new Map(sketch.cards.map((c) => [c.id, c]))

  doc.save()
  doc.rect(box.x, box.y, box.width, Math.min(box.height, (maxY - minY) * scale)).lineWidth(0.5).strokeColor(COLORS.line).stroke()
  for (const [from, to] of sketch.links) {
    const a = byId.get(from)!
    const b = byId.get(to)!
    doc
      .moveTo(px(a.x + a.w / 2), py(a.y + a.h / 2))
      .lineTo(px(b.x + b.w / 2), py(b.y + b.h / 2))
      .lineWidth(0.6)
      .strokeColor('#9aa4ae')
      .stroke()
  }
  for (const card of sketch.cards) {
    const x = px(card.x)
    const y = py(card.y)
    const w = card.w * scale
    const h = card.h * scale
    doc.roundedRect(x, y, w, h, 3).fillColor(FILL[card.kind]).fill()
    doc.roundedRect(x, y, w, h, 3).lineWidth(0.6).strokeColor('#6e7781').stroke()
    const icon = Math.min(12, h * 0.4)
    if (card.mark) drawStatusMark(doc, card.mark, x + 3, y + 3, icon)
    else drawPictogram(doc, card.pictogram, x + 3, y + 3, icon)
    const fontSize = Math.max(5, Math.min(8, h / 4))
    doc
      .font(FONT.regular)
      .fontSize(fontSize)
      .fillColor(COLORS.text)
      .text(card.label, x + 3, y + icon + 5, { width: Math.max(4, w - 6), height: Math.max(fontSize, h - icon - 7), ellipsis: true })
  }
  doc.restore()
}
