/**
 * A card as plain SVG, for tldraw's export (the picture in the session record). HTML cards do
 * not survive an SVG export, so each card util draws this from the same content as the canvas,
 * laid out by the same plan (cardLayout.ts) as the canvas at 100 %: the same lines, a text cut
 * short ends in "… meer", an agency's "kan niet" is whole or the card shows its title alone.
 *
 * The picture is rendered where the card font may not be at hand (an SVG turned into a PNG), so
 * the lines are planned with an estimate wider than any of the fonts it may be drawn in.
 */
import type { CardContent, Tone } from './cardContent'
import { CARD_FONT_STACK } from './cardFont'
import { ICON_EM, ICON_GAP_EM, LINE_HEIGHT, MARKER_BORDER, MARKER_GAP_EM, MARKER_PAD_EM, RESIDENT_PICTOGRAM_GAP, gapBeside, planCard, type PlannedText } from './cardLayout'
import { estimateWidth, type Measure } from './textMeasure'
import type { Line } from './wrapText'

const TONE_COLOUR: Record<Tone, string> = { ok: '#1e7b34', danger: '#b00020', warn: '#8a5a00', muted: '#4a4a4a', info: '#3a3a8a' }
const STYLE: Record<CardContent['kind'], { fill: string; stroke: string; radius: number }> = {
  resident: { fill: '#fff8e6', stroke: '#8a5a00', radius: 60 },
  domain: { fill: '#f1f7ff', stroke: '#0b5cad', radius: 14 },
  agency: { fill: '#f4f4f4', stroke: '#555555', radius: 14 },
  action: { fill: '#ffffff', stroke: '#222222', radius: 14 },
}
const FONT = `${CARD_FONT_STACK}, Helvetica, Arial, sans-serif`
const MARKER_COLOUR = '#0b5cad'

/** Wider than the card font and than Helvetica/Arial at their widest on Dutch text. */
export const exportMeasure: Measure = (text, size, weight) => estimateWidth(text, size, weight) * 1.12

function lineWidth(line: Line, size: number, measure: Measure): number {
  return line.reduce((sum, run) => sum + measure(run.text, size, run.weight), 0) + measure(' ', size, 400) * Math.max(0, line.length - 1)
}

/** A line's words as one span per weight: "Kan niet:" bold, the rest plain. */
function spans(line: Line): { text: string; weight: number }[] {
  const out: { text: string; weight: number }[] = []
  line.forEach((run, i) => {
    const text = i < line.length - 1 ? `${run.text} ` : run.text
    const last = out[out.length - 1]
    if (last && last.weight === run.weight) last.text += text
    else out.push({ text, weight: run.weight })
  })
  return out
}

interface Drawn {
  elements: React.ReactNode[]
  height: number
}

/** One planned text: its lines, its icon, and the "meer" marker after its last line. */
function drawText(planned: PlannedText, key: string, x: number, top: number, centred: boolean, innerWidth: number, moreLabel: string, measure: Measure): Drawn {
  const { source, size } = planned
  const colour = source.tone ? TONE_COLOUR[source.tone] : '#111'
  const rowHeight = size * planned.lineHeight
  const iconWidth = source.icon ? size * (ICON_EM + ICON_GAP_EM) : 0
  const elements: React.ReactNode[] = []
  if (source.icon) {
    const icon = size * ICON_EM
    elements.push(
      <path key={`${key}i`} d={source.icon} transform={`translate(${x} ${top + (rowHeight - icon) / 2}) scale(${icon / 24})`} fill="none" stroke={colour} strokeWidth={2.8} strokeLinecap="round" />,
    )
  }
  planned.lines.forEach((line, i) => {
    const baseline = top + i * rowHeight + (rowHeight - size) / 2 + size * 0.8
    const textWidth = lineWidth(line, size, measure)
    const withMarker = planned.marker && i === planned.lines.length - 1
    const markerSize = planned.markerSize
    const markerBox = measure(moreLabel, markerSize, 700) + 2 * MARKER_PAD_EM * markerSize + 2 * MARKER_BORDER
    const total = textWidth + (withMarker ? MARKER_GAP_EM * markerSize + markerBox : 0)
    const start = centred ? x + (innerWidth - total) / 2 : x + iconWidth
    elements.push(
      <text key={`${key}l${i}`} x={start} y={baseline} fontSize={size} fontFamily={FONT} fill={colour} fontStyle={source.quote ? 'italic' : 'normal'}>
        {spans(line).map((span, j) => (
          <tspan key={j} fontWeight={span.weight}>{span.text}</tspan>
        ))}
      </text>,
    )
    if (withMarker) {
      const mx = start + textWidth + MARKER_GAP_EM * markerSize
      const mh = markerSize * 1.1 + 2 * MARKER_BORDER
      const my = top + i * rowHeight + (rowHeight - mh) / 2
      elements.push(
        <g key={`${key}m${i}`} data-card-part="more">
          <rect x={mx} y={my} width={markerBox} height={mh} rx={markerSize * 0.45} fill="#fff" stroke={MARKER_COLOUR} strokeWidth={MARKER_BORDER} />
          <text x={mx + markerBox / 2} y={my + mh / 2 + markerSize * 0.35} fontSize={markerSize} fontWeight={700} textAnchor="middle" fontFamily={FONT} fill={MARKER_COLOUR}>{moreLabel}</text>
        </g>,
      )
    }
  })
  return { elements, height: planned.lines.length * rowHeight }
}

export function CardSvg({ content, w, h, pictogramPath, moreLabel = 'meer', measure = exportMeasure }: {
  content: CardContent
  w: number
  h: number
  pictogramPath: string | null
  moreLabel?: string
  measure?: Measure
}) {
  const style = STYLE[content.kind]
  const stroke = content.worry ? TONE_COLOUR.danger : content.decision === 'agreed' ? TONE_COLOUR.ok : content.decision === 'declined' ? TONE_COLOUR.danger : style.stroke
  // The canvas at 100 %: the same plan, the same lines.
  const plan = planCard({ content, w, h, step: 1, measure, moreLabel })
  const centred = content.kind === 'resident'
  const left = plan.border + plan.padX
  const innerWidth = w - 2 * left
  const elements: React.ReactNode[] = []
  // Her card centres its content, as on the canvas.
  let y = plan.border + plan.padY + (centred ? Math.max(0, (plan.innerHeight - plan.usedHeight) / 2) : 0)
  if (centred && plan.pictogram > 0 && pictogramPath) {
    elements.push(
      <path key="pic" d={pictogramPath} transform={`translate(${w / 2 - plan.pictogram / 2} ${y}) scale(${plan.pictogram / 24})`} fill="none" stroke="#111" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" />,
    )
    y += plan.pictogram + RESIDENT_PICTOGRAM_GAP
  }
  // The title, with the pictogram beside it where the plan has room for one.
  const beside = !centred && plan.pictogram > 0 && pictogramPath ? plan.pictogram : 0
  const titleHeight = plan.title.lines.length * plan.title.size * LINE_HEIGHT.title
  const headHeight = Math.max(beside, titleHeight)
  if (beside) {
    elements.push(
      <path key="pic" d={pictogramPath!} transform={`translate(${left} ${y + (headHeight - beside) / 2}) scale(${beside / 24})`} fill="none" stroke="#111" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" />,
    )
  }
  const titleX = beside ? left + beside + gapBeside(plan.title.size) : left
  const titleInner = beside ? innerWidth - beside - gapBeside(plan.title.size) : innerWidth
  const title = drawText({ ...plan.title, source: { ...plan.title.source, tone: undefined } }, 't', titleX, y + (headHeight - titleHeight) / 2, centred, titleInner, moreLabel, measure)
  elements.push(...title.elements)
  y += headHeight
  for (const [list, name] of [[plan.second, 's'], [plan.details, 'd']] as const) {
    list.forEach((planned, i) => {
      y += planned.gap
      const drawn = drawText(planned, `${name}${i}`, left, y, centred, innerWidth, moreLabel, measure)
      elements.push(...drawn.elements)
      y += drawn.height
    })
  }
  return (
    <g>
      <rect x={0} y={0} width={w} height={h} rx={style.radius} ry={style.radius} fill={style.fill} stroke={stroke} strokeWidth={3}
        strokeDasharray={content.worry ? '10 6' : undefined} />
      <g fontWeight={400}>{elements}</g>
    </g>
  )
}
