/**
 * The session record as a PDF (A4): everything in the record, in the order a reader needs it,
 * with the picture of the board at the end (the PNG archived at closing; without one, an honest
 * line and a sketch of the cards drawn from their positions). A draft says "CONCEPT" at the top
 * of every page and as a watermark.
 */
import { decisionLabel, followUpText, missingText, ownerLabels, ownerText, removalText } from '../../shared/record/markdown'
import { recordTranslation, type RecordDecision, type SessionRecord } from '../../shared/record/sessionRecord'
import { fill, formatDate, formatDateTime, formatLocalDate, type RecordTranslation } from '../../shared/record/translations/index'
import type { PictogramName } from '../../shared/domain/pictograms'
import { COLORS, createPdf, decoratePages, drawPictogram, drawStatusMark, finishPdf, FONT, statusMark, type Pdf, type StatusMark } from './pdfSupport'
import { drawBoardSketch, type BoardSketch } from './boardSketch'


const MARGIN = { top: 72, bottom: 60, left: 56, right: 56 }
const BODY = 10.5
const SMALL = 9

export interface RecordPdfInput {
  record: SessionRecord
  /** The archived PNG of the board, if one was stored at closing. */
  picturePng: Uint8Array | null
  /** Cards and relations for a sketch when no picture is stored. */
  sketch: BoardSketch | null
}

class Flow {
  constructor(readonly doc: Pdf) {}

  get left(): number {
    return this.doc.page.margins.left
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom
  }

  /** Starts a new page unless `height` points still fit. */
  need(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage()
  }

  heading(text: string, size = 15): void {
    this.need(size * 4)
    this.doc.moveDown(0.6)
    this.doc.font(FONT.bold).fontSize(size).fillColor(COLORS.accent).text(text, this.left, this.doc.y, { width: this.width })
    const y = this.doc.y + 2
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.6).strokeColor(COLORS.line).stroke()
    this.doc.y = y + 6
    this.doc.font(FONT.regular).fontSize(BODY).fillColor(COLORS.text)
  }

  subheading(text: string, pictogram: PictogramName | null = null, indent = 0, mark: StatusMark | null = null): void {
    this.need(BODY * 5)
    this.doc.moveDown(0.4)
    const x = this.left + indent
    const y = this.doc.y
    let textX = x
    if (mark) {
      drawStatusMark(this.doc, mark, x, y - 1, 16)
      textX = x + 22
    } else if (pictogram) {
      drawPictogram(this.doc, pictogram, x, y - 1, 16)
      textX = x + 22
    }
    this.doc.font(FONT.bold).fontSize(BODY + 1.5).fillColor(COLORS.text).text(text, textX, y, { width: this.width - (textX - this.left) })
    this.doc.font(FONT.regular).fontSize(BODY)
  }

  /** "Label: value" with the label bold. */
  field(label: string, value: string, indent = 0): void {
    const x = this.left + indent
    this.need(BODY * 2)
    this.doc
      .font(FONT.bold)
      .fontSize(BODY)
      .fillColor(COLORS.text)
      .text(`${label}: `, x, this.doc.y, { width: this.width - indent, continued: true })
      .font(FONT.regular)
      .text(value)
  }

  quote(label: string, words: string, indent = 0): void {
    if (!words.trim()) return
    const x = this.left + indent
    this.need(BODY * 2)
    this.doc
      .font(FONT.bold)
      .fontSize(BODY)
      .text(`${label}: `, x, this.doc.y, { width: this.width - indent, continued: true })
      .font(FONT.italic)
      .text(`“${words.trim()}”`)
      .font(FONT.regular)
  }

  bullet(text: string, indent = 0): void {
    const x = this.left + indent
    this.need(BODY * 2)
    this.doc.font(FONT.regular).fontSize(BODY).fillColor(COLORS.text).text(`•  ${text}`, x, this.doc.y, { width: this.width - indent })
  }

  line(text: string, options: { muted?: boolean; size?: number; font?: string; indent?: number } = {}): void {
    const indent = options.indent ?? 0
    this.need((options.size ?? BODY) * 2)
    this.doc
      .font(options.font ?? FONT.regular)
      .fontSize(options.size ?? BODY)
      .fillColor(options.muted ? COLORS.muted : COLORS.text)
      .text(text, this.left + indent, this.doc.y, { width: this.width - indent })
    this.doc.fillColor(COLORS.text)
  }

  gap(lines = 0.5): void {
    this.doc.moveDown(lines)
  }
}

function decisionBlock(flow: Flow, t: RecordTranslation, d: RecordDecision | null, indent: number, zone: string, session: number): void {
  const r = t.record
  const label = decisionLabel(t, d, session)
  if (!d) {
    flow.field(label, r.noDecision, indent)
    return
  }
  flow.field(label, d.label, indent)
  flow.quote(r.residentWords, d.residentWords, indent)
  flow.quote(r.teachBack, d.teachBack, indent)
  flow.field(r.recordedBy, fill(r.recordedByLine, { name: d.recordedBy.name, role: d.recordedBy.roleLabel, at: formatDateTime(t, d.at, zone) }), indent)
}

export async function renderRecordPdf(input: RecordPdfInput): Promise<Buffer> {
  const { record } = input
  const t = recordTranslation(record)
  const r = t.record
  const concept = record.status === 'concept'
  const doc = createPdf({ margins: MARGIN, title: record.meeting.title, lang: record.lang })
  const flow = new Flow(doc)
  const dash = r.empty
  const zone = record.meeting.timeZone
  const session = record.meeting.sessionNumber

  // ---- title and the meeting
  doc.font(FONT.bold).fontSize(20).fillColor(COLORS.text).text(record.meeting.title, MARGIN.left, MARGIN.top, { width: flow.width })
  doc.font(FONT.regular).fontSize(12).fillColor(COLORS.muted).text(record.meeting.sessionLabel)
  doc.moveDown(0.5)
  const notice = concept ? r.conceptNotice : r.finalNotice
  const noticeHeight = doc.font(FONT.bold).fontSize(BODY).heightOfString(notice, { width: flow.width - 16 }) + 12
  const boxY = doc.y
  doc.rect(MARGIN.left, boxY, flow.width, noticeHeight).fill(concept ? '#fdecea' : COLORS.box)
  doc.fillColor(concept ? COLORS.concept : COLORS.text).text(notice, MARGIN.left + 8, boxY + 6, { width: flow.width - 16 })
  doc.y = boxY + noticeHeight + 8
  doc.fillColor(COLORS.text)

  flow.field(r.date, formatLocalDate(t, record.meeting.startedAt, zone))
  const facilitators = record.meeting.facilitators.map((f) => (f.organisation ? `${f.name} (${f.organisation})` : f.name))
  flow.field(r.facilitator, facilitators.length ? facilitators.join(', ') : r.noFacilitator)
  flow.field(r.closedAt, record.meeting.closedAt ? formatDateTime(t, record.meeting.closedAt, zone) : r.notClosed)
  flow.field(r.followUpDate, followUpText(t, record))
  flow.field(r.generatedAt, formatDateTime(t, record.generatedAt, zone))
  if (record.meeting.pastSessions.length) {
    flow.field(r.pastSessions, record.meeting.pastSessions.map((s) => fill(r.pastSession, { n: s.number, date: formatLocalDate(t, s.closedAt, zone) })).join('; '))
  }
  flow.line(fill(r.timeZone, { zone }), { muted: true, size: SMALL })

  // ---- participants
  flow.heading(r.participants)
  if (!record.participants.length) flow.line(r.noParticipants, { muted: true })
  for (const p of record.participants) {
    const contact = p.contact.trim() ? `, ${r.contact.toLowerCase()}: ${p.contact.trim()}` : ''
    flow.bullet(`${p.name} — ${p.roleLabel}${p.organisation.trim() ? `, ${p.organisation.trim()}` : ''} (${p.atTable ? r.atTable : r.remote})${contact}`)
  }

  // ---- planned vs done (follow-up sessions)
  if (record.plannedVsDone.length) {
    flow.heading(r.plannedVsDone)
    for (const item of record.plannedVsDone) {
      // The mark says what became of it (open while not discussed), not that it was done.
      flow.subheading(item.what.trim() || dash, null, 0, statusMark(item.done?.outcome ?? 'outcomePending'))
      flow.line(`${r.planned} (${fill(r.plannedIn, { n: item.plannedInSession })})`, { font: FONT.bold })
      flow.field(r.owner, ownerText(t, item.planned.owner), 12)
      flow.field(r.dueDate, item.planned.dueDate ? formatDate(t, item.planned.dueDate) : r.noDueDate, 12)
      decisionBlock(flow, t, item.planned.decision, 12, zone, session)
      flow.line(r.done, { font: FONT.bold })
      if (item.done) {
        flow.field(r.outcome, item.done.label, 12)
        flow.quote(r.outcomeWords, item.done.residentWords, 12)
        flow.field(r.recordedBy, fill(r.recordedByLine, { name: item.done.recordedBy.name, role: item.done.recordedBy.roleLabel, at: formatDateTime(t, item.done.at, zone) }), 12)
      } else {
        flow.field(r.outcome, r.noOutcome, 12)
      }
    }
  }

  // ---- life domains
  flow.heading(r.domains)
  if (!record.domains.length) flow.line(r.noDomains, { muted: true })
  for (const d of record.domains) {
    flow.subheading(d.plainName !== d.name ? `${d.name} (${d.plainName})` : d.name, d.pictogram)
    flow.field(r.score, d.score === null ? r.noScore : `${d.score} — ${d.scoreLabel}`, 22)
    if (d.strengths.trim()) flow.field(r.strengths, d.strengths.trim(), 22)
    if (d.worries.trim()) flow.field(r.worries, d.worries.trim(), 22)
    flow.quote(r.residentWords, d.residentWords, 22)
  }

  // ---- agencies
  flow.heading(r.agencies)
  if (!record.agencies.length) flow.line(r.noAgencies, { muted: true })
  for (const a of record.agencies) {
    flow.subheading(`${a.organisation.trim() || dash}${a.atTable ? '' : ` (${r.ownerAbsent})`}`, 'agency')
    if (a.office.trim()) flow.field(r.office, a.office.trim(), 22)
    flow.field(r.person, a.person.trim() || dash, 22)
    if (a.contact.trim()) flow.field(r.contact, a.contact.trim(), 22)
    flow.field(r.presence, a.atTable ? r.atTable : r.ownerAbsent, 22)
    if (a.canDo.trim()) flow.field(r.canDo, a.canDo.trim(), 22)
    if (a.cannotDo.trim()) flow.field(r.cannotDo, a.cannotDo.trim(), 22)
    if (a.domains.length) flow.field(r.involvedIn, a.domains.map((d) => d.name).join(', '), 22)
  }

  // ---- actions
  flow.heading(r.actions)
  if (!record.actions.length) flow.line(r.noActions, { muted: true })
  for (const a of record.actions) {
    flow.need(BODY * 12)
    // Heading with the mark of what holds (yes / no / a question …) and its label.
    flow.subheading(`${a.what.trim() || dash} — ${a.statusLabel}${a.carried ? ` (${r.carried})` : ''}`, null, 0, statusMark(a.status))
    const removal = removalText(t, a, zone)
    if (removal) flow.line(removal, { font: FONT.bold, indent: 22 })
    flow.field(r.domain, a.domains.length ? a.domains.map((d) => d.name).join(', ') : dash, 22)
    const labels = ownerLabels(t, a)
    flow.field(labels.owner, ownerText(t, a.owner), 22)
    if (a.owner?.contact) flow.field(r.contact, a.owner.contact, 22)
    flow.field(labels.dueDate, a.dueDate ? formatDate(t, a.dueDate) : r.noDueDate, 22)
    decisionBlock(flow, t, a.decision, 22, zone, session)
    for (const earlier of a.earlierDecisions) {
      const words = earlier.residentWords.trim() ? `: “${earlier.residentWords.trim()}”` : ''
      flow.line(`${formatDateTime(t, earlier.at, zone)}: ${earlier.label}${words}`, { muted: true, size: SMALL, indent: 34 })
    }
    if (a.outcome) {
      flow.field(r.outcome, a.outcome.label, 22)
      flow.quote(r.outcomeWords, a.outcome.residentWords, 22)
    }
    if (a.note.trim()) flow.field(r.note, a.note.trim(), 22)
  }

  // ---- follow-up and who is missing
  flow.heading(r.followUpDate)
  flow.line(followUpText(t, record), { font: FONT.bold, size: 12 })
  flow.heading(r.missing)
  const missing = missingText(t, record)
  if (!missing.length) flow.line(r.nobodyMissing)
  for (const m of missing) flow.bullet(m)

  if (record.invalidCards.length) {
    flow.heading(r.invalidCards)
    for (const c of record.invalidCards) flow.bullet(`${c.id}: ${c.reason}`)
  }

  // ---- the picture of the board
  flow.heading(r.picture)
  if (input.picturePng) {
    drawPicture(flow, input.picturePng)
  } else {
    flow.line(r.noPicture)
    if (input.sketch && input.sketch.cards.length) {
      flow.line(r.pictureSketch, { muted: true, size: SMALL })
      flow.need(260)
      const height = Math.min(flow.bottom - doc.y - 8, flow.width * 0.75)
      drawBoardSketch(doc, input.sketch, { x: flow.left, y: doc.y + 6, width: flow.width, height })
    }
  }

  decoratePages(doc, {
    header: `${record.meeting.title} — ${record.meeting.sessionLabel}`,
    concept: concept ? { label: r.concept, notice: r.conceptNotice } : null,
    pageOf: r.pageOf,
    fontSize: SMALL,
  })
  return finishPdf(doc)
}

function drawPicture(flow: Flow, png: Uint8Array): void {
  const doc = flow.doc
  try {
    // Read the size first: a picture that does not fit on what is left of this page gets a page.
    const image = (doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(Buffer.from(png))
    const width = flow.width
    const height = Math.min((image.height / image.width) * width, flow.bottom - flow.doc.page.margins.top - 20)
    flow.need(height + 10)
    doc.image(image as never, flow.left, doc.y + 4, { fit: [width, height], align: 'center' })
    doc.y += height + 8
  } catch {
    flow.line('—')
  }
}
