/**
 * What both PDFs share: pdfkit set up for A4 with our own embedded font (Atkinson Hyperlegible
 * Next, made for readers with low vision; every Latin letter the residents' names need, not only
 * the WinAnsi set of the built-in fonts), the "CONCEPT" header and watermark on every page of a
 * draft, page numbers, pictograms drawn from the shared SVG paths, and the document as a Buffer.
 */
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import { PICTOGRAM_PATHS, PICTOGRAM_STROKE_WIDTH, PICTOGRAM_VIEWBOX, type PictogramName } from '../../shared/domain/pictograms'

const require = createRequire(import.meta.url)
const FONT_PACKAGE = '@expo-google-fonts/atkinson-hyperlegible-next'
export const FONT_FILES = {
  regular: require.resolve(`${FONT_PACKAGE}/400Regular/AtkinsonHyperlegibleNext_400Regular.ttf`),
  bold: require.resolve(`${FONT_PACKAGE}/700Bold/AtkinsonHyperlegibleNext_700Bold.ttf`),
  italic: require.resolve(`${FONT_PACKAGE}/400Regular_Italic/AtkinsonHyperlegibleNext_400Regular_Italic.ttf`),
}

export const FONT = { regular: 'body', bold: 'body-bold', italic: 'body-italic' } as const

export const COLORS = {
  text: '#1f2328',
  muted: '#57606a',
  accent: '#0b5cad',
  line: '#d0d7de',
  concept: '#b42318',
  box: '#f3f6f9',
}

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 }

export type Pdf = PDFKit.PDFDocument

export interface PdfOptions {
  margins: { top: number; bottom: number; left: number; right: number }
  /** Document title (PDF metadata). */
  title: string
  lang: string
}

export function createPdf(options: PdfOptions): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    margins: options.margins,
    bufferPages: true,
    autoFirstPage: true,
    lang: options.lang,
    displayTitle: true,
    info: { Title: options.title, Creator: 'Tafelbord', Producer: 'Tafelbord' },
  })
  doc.registerFont(FONT.regular, FONT_FILES.regular)
  doc.registerFont(FONT.bold, FONT_FILES.bold)
  doc.registerFont(FONT.italic, FONT_FILES.italic)
  doc.font(FONT.regular).fillColor(COLORS.text)
  return doc
}

/** Collects the document into one Buffer; call after everything is drawn. */
export function finishPdf(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}

/** Draws one pictogram (24×24 stroke paths) with its top-left corner at x, y. */
export function drawPictogram(doc: Pdf, name: PictogramName, x: number, y: number, size: number, color = COLORS.accent): void {
  doc.save()
  doc.translate(x, y).scale(size / PICTOGRAM_VIEWBOX)
  doc
    .path(PICTOGRAM_PATHS[name])
    .lineWidth(PICTOGRAM_STROKE_WIDTH)
    .lineCap('round')
    .lineJoin('round')
    .strokeColor(color)
    .stroke()
  doc.restore()
}

/**
 * A small mark beside what holds for an action, so the icon says what happened as the label
 * does: yes (agreed, done), no (declined, not done), a question (thinking, to decide again),
 * half (partly), a dash (no longer needed), an open circle (nothing decided or reported yet).
 * The PDFs' own: the board's pictograms name topics, these name answers.
 */
export type StatusMark = 'yes' | 'no' | 'think' | 'partly' | 'notNeeded' | 'open'

const CIRCLE = 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18'
const STATUS_MARKS: Readonly<Record<StatusMark, { path: string; color: string }>> = {
  yes: { path: 'M5 12.5l4.5 4.5L19 7', color: '#1a7f37' },
  no: { path: 'M6.5 6.5l11 11M17.5 6.5l-11 11', color: COLORS.concept },
  think: { path: 'M8.5 9a3.5 3.5 0 1 1 5 3.2c-1 .5-1.5 1.2-1.5 2.3v.5M12 19v.01', color: '#9a6700' },
  partly: { path: `${CIRCLE}M12 3v18M12 7h5M12 11h8M12 15h7`, color: '#9a6700' },
  notNeeded: { path: 'M6 12h12', color: COLORS.muted },
  open: { path: CIRCLE, color: COLORS.muted },
}

/** The mark of an action's status (shared/record/sessionRecord.ts RecordActionStatus). */
export function statusMark(status: string): StatusMark {
  switch (status) {
    case 'agreed':
    case 'done':
      return 'yes'
    case 'declined':
    case 'notDone':
      return 'no'
    case 'thinking':
    case 'decideAgain':
      return 'think'
    case 'partly':
      return 'partly'
    case 'noLongerNeeded':
      return 'notNeeded'
    default:
      return 'open'
  }
}

/** Draws a status mark (24×24 stroke paths, in its own colour) with its top-left corner at x, y. */
export function drawStatusMark(doc: Pdf, mark: StatusMark, x: number, y: number, size: number): void {
  const { path, color } = STATUS_MARKS[mark]
  doc.save()
  doc.translate(x, y).scale(size / PICTOGRAM_VIEWBOX)
  doc.path(path).lineWidth(2.6).lineCap('round').lineJoin('round').strokeColor(color).stroke()
  doc.restore()
}

export interface PageDecoration {
  /** Shown at the top of every page (e.g. the title); the concept label comes before it. */
  header: string
  /** Draft: "CONCEPT" in the header and as a watermark on every page. */
  concept: { label: string; notice: string } | null
  /** `{page}` and `{pages}` are filled in. */
  pageOf: string
  fontSize: number
}

/**
 * Header, watermark and page number on every buffered page. Drawn last, when the number of
 * pages is known; margins are lifted meanwhile so nothing here starts a new page.
 */
export function decoratePages(doc: Pdf, decoration: PageDecoration): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const { margins } = doc.page
    const saved = { ...margins }
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
    const width = doc.page.width - saved.left - saved.right
    const size = decoration.fontSize

    if (decoration.concept) drawWatermark(doc, decoration.concept.label)

    const headerY = Math.max(12, saved.top - size * 2.6)
    doc.font(FONT.regular).fontSize(size).fillColor(COLORS.muted).fillOpacity(1)
    if (decoration.concept) {
      doc.font(FONT.bold).fillColor(COLORS.concept)
      doc.text(decoration.concept.notice, saved.left, headerY, { width, lineBreak: false, ellipsis: true })
      doc.font(FONT.regular).fillColor(COLORS.muted)
      if (decoration.header) doc.text(decoration.header, saved.left, headerY + size * 1.3, { width, lineBreak: false, ellipsis: true })
    } else if (decoration.header) {
      doc.text(decoration.header, saved.left, headerY, { width, lineBreak: false, ellipsis: true })
    }

    const footer = decoration.pageOf.replace('{page}', String(i - range.start + 1)).replace('{pages}', String(range.count))
    doc.text(footer, saved.left, doc.page.height - saved.bottom + size * 1.2, { width, align: 'right', lineBreak: false })
    doc.page.margins = saved
  }
  doc.fillColor(COLORS.text)
}

interface FontkitGlyph {
  path: { toSVG(): string }
}
interface FontkitFont {
  unitsPerEm: number
  layout(text: string): { glyphs: FontkitGlyph[]; positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }> }
}

/**
 * A large, pale, diagonal word across the page, drawn as the font's glyph outlines rather than
 * as text: it marks every page without getting into the text a reader copies or a screen reader
 * reads (the page header says it in words).
 */
function drawWatermark(doc: Pdf, word: string): void {
  doc.font(FONT.bold)
  const font = (doc as unknown as { _font: { font: FontkitFont } })._font.font
  const run = font.layout(word)
  const size = 110
  const scale = size / font.unitsPerEm
  const advance = run.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale
  doc.save()
  doc.rotate(-45, { origin: [doc.page.width / 2, doc.page.height / 2] })
  // Baseline through the middle of the page, the word centred on it.
  doc.translate((doc.page.width - advance) / 2, doc.page.height / 2 + size * 0.35)
  let x = 0
  run.glyphs.forEach((glyph, i) => {
    const position = run.positions[i]
    doc.save()
    doc.translate(x + position.xOffset * scale, -position.yOffset * scale).scale(scale, -scale)
    doc.path(glyph.path.toSVG()).fillColor(COLORS.concept).fillOpacity(0.08).fill()
    doc.restore()
    x += position.xAdvance * scale
  })
  doc.restore()
}
