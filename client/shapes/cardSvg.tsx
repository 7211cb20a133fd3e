/**
 * A card as plain SVG, for tldraw's export (the picture in the session record). HTML cards do
 * not survive an SVG export, so each card util draws this from the same content as the canvas.
 */
import type { CardContent, Tone } from './cardContent'

const TONE_COLOUR: Record<Tone, string> = { ok: '#1e7b34', danger: '#b00020', warn: '#8a5a00', muted: '#4a4a4a', info: '#3a3a8a' }
const STYLE: Record<CardContent['kind'], { fill: string; stroke: string; radius: number }> = {
  resident: { fill: '#fff8e6', stroke: '#8a5a00', radius: 60 },
  domain: { fill: '#f1f7ff', stroke: '#0b5cad', radius: 14 },
  agency: { fill: '#f4f4f4', stroke: '#555555', radius: 14 },
  action: { fill: '#ffffff', stroke: '#222222', radius: 14 },
}
const FONT = 'system-ui, Helvetica, Arial, sans-serif'

/** Greedy word wrap by an estimated character width: good enough for a picture. */
export function wrap(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const perLine = Math.max(8, Math.floor(width / (fontSize * 0.55)))
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${word}` : word
    if (next.length <= perLine) current = next
    else {
      if (current) lines.push(current)
      current = word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word
    }
    if (lines.length === maxLines) break
  }
  if (current && lines.length < maxLines) lines.push(current)
  if (lines.length === maxLines && text.length > lines.join(' ').length) {
    lines[maxLines - 1] = `${lines[maxLines - 1].replace(/…$/, '').slice(0, perLine - 1)}…`
  }
  return lines
}

export function CardSvg({ content, w, h, pictogramPath }: { content: CardContent; w: number; h: number; pictogramPath: string | null }) {
  const style = STYLE[content.kind]
  const stroke = content.worry ? TONE_COLOUR.danger : content.decision === 'agreed' ? TONE_COLOUR.ok : content.decision === 'declined' ? TONE_COLOUR.danger : style.stroke
  const pad = 14
  const elements: React.ReactNode[] = []
  let y = pad
  const centred = content.kind === 'resident'
  const textX = centred ? w / 2 : pad + (pictogramPath ? 46 : 0)
  const anchor = centred ? 'middle' : 'start'
  if (pictogramPath) {
    const size = centred ? 44 : 36
    const px = centred ? w / 2 - size / 2 : pad
    elements.push(
      <path key="pic" d={pictogramPath} transform={`translate(${px} ${y}) scale(${size / 24})`} fill="none" stroke="#111" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" />,
    )
    if (centred) y += size + 6
  }
  const titleSize = centred ? 32 : 23
  for (const line of wrap(content.title, w - textX - pad + (centred ? textX - pad : 0), titleSize, 2)) {
    y += titleSize
    elements.push(<text key={`t${y}`} x={textX} y={y} fontSize={titleSize} fontWeight={800} textAnchor={anchor} fontFamily={FONT} fill="#111">{line}</text>)
  }
  // Under the title: the second line(s), then the details, one line each, while they fit.
  y += 6
  const rows = [...content.second.map((row) => ({ row, size: 18 })), ...content.details.map((row) => ({ row, size: 17 }))]
  for (const [i, { row, size }] of rows.entries()) {
    if (y + size + 5 > h - 8) break
    y += size + 5
    const colour = row.tone ? TONE_COLOUR[row.tone] : '#111'
    const iconWidth = row.icon ? 26 : 0
    const x = centred ? w / 2 : pad
    const text = `${row.label ? `${row.label}: ` : ''}${row.text}`
    if (row.icon) {
      elements.push(
        <path key={`i${i}`} d={row.icon} transform={`translate(${x} ${y - size}) scale(${size / 24})`} fill="none" stroke={colour} strokeWidth={2.6} strokeLinecap="round" />,
      )
    }
    elements.push(
      <text key={`l${i}`} x={x + iconWidth} y={y} fontSize={size} textAnchor={anchor} fontFamily={FONT} fontWeight={row.strong ? 700 : 400}
        fontStyle={row.quote ? 'italic' : 'normal'} fill={colour}>
        {wrap(text, w - 2 * pad - iconWidth, size, 1)[0]}
      </text>,
    )
  }
  return (
    <g>
      <rect x={0} y={0} width={w} height={h} rx={style.radius} ry={style.radius} fill={style.fill} stroke={stroke} strokeWidth={3}
        strokeDasharray={content.worry ? '10 6' : undefined} />
      {elements}
    </g>
  )
}
