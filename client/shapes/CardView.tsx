/**
 * A card on the canvas (HTML), drawn from its plan (cardLayout.ts): every line as planned, at the
 * planned size, so nothing is wrapped or clipped behind the plan's back. Memoised: it draws again
 * only when the plan changes, not whenever the meeting around it does.
 */
import { memo } from 'react'
import { HTMLContainer } from 'tldraw'
import type { CardContent } from './cardContent'
import { CARD_FONT_STACK } from './cardFont'
import {
  gapBeside,
  ICON_EM,
  ICON_GAP_EM,
  MARKER_BORDER,
  MARKER_GAP_EM,
  MARKER_PAD_EM,
  RESIDENT_PICTOGRAM_GAP,
  type CardPlan,
  type PlannedText,
} from './cardLayout'
import type { CardShape } from './cardShapeTypes'
import { Pictogram } from './Pictogram'
import { sameData } from './sameData'
import type { Line } from './wrapText'

interface Props {
  id: string
  type: CardShape['type']
  content: CardContent
  plan: CardPlan
  moreLabel: string
}

/** The marker's measures come from the plan: it takes exactly the room planned for it. */
function markerStyle(size: number) {
  return { fontSize: size, padding: `0 ${MARKER_PAD_EM}em`, borderWidth: MARKER_BORDER, marginLeft: `${MARKER_GAP_EM}em` }
}

/** A line's runs, a bold label and plain text, with the spaces between them. */
function LineRuns({ line }: { line: Line }) {
  return (
    <>
      {line.map((run, i) => {
        const text = i < line.length - 1 ? `${run.text} ` : run.text
        return run.weight === 700 ? <strong key={i}>{text}</strong> : <span key={i}>{text}</span>
      })}
    </>
  )
}

function TextLines({ planned, moreLabel }: { planned: PlannedText; moreLabel: string }) {
  const height = planned.size * planned.lineHeight
  return (
    <div className="card__lines">
      {planned.lines.map((line, i) => (
        <div key={i} className="card__row" style={{ height }}>
          <LineRuns line={line} />
          {planned.marker && i === planned.lines.length - 1 && (
            <span className="card__more" data-card-part="more" style={markerStyle(planned.markerSize)}>{moreLabel}</span>
          )}
        </div>
      ))}
    </div>
  )
}

function TextBlock({ planned, moreLabel, className, part, first = true }: { planned: PlannedText; moreLabel: string; className: string; part?: string; first?: boolean }) {
  const { source } = planned
  const classes = [
    className,
    source.tone ? `tone--${source.tone}` : '',
    source.quote ? 'card__quote' : '',
    source.icon ? 'card__text--icon' : '',
  ].filter(Boolean).join(' ')
  return (
    <div
      className={classes}
      data-card-part={part}
      data-value={source.value}
      style={{ fontSize: planned.size, lineHeight: planned.lineHeight, marginTop: first && planned.gap ? planned.gap : undefined, gap: source.icon ? `${ICON_GAP_EM}em` : undefined }}
    >
      {source.icon && (
        <svg className="card__icon" viewBox="0 0 24 24" width={`${ICON_EM}em`} height={`${ICON_EM}em`} fill="none" stroke="currentColor" strokeWidth={2.8} strokeLinecap="round" aria-hidden="true">
          <path d={source.icon} />
        </svg>
      )}
      <TextLines planned={planned} moreLabel={moreLabel} />
    </div>
  )
}

export const CardView = memo(function CardView({ id, type, content, plan, moreLabel }: Props) {
  const classes = ['card', `card--${content.kind}`, content.worry ? 'card--worry' : ''].filter(Boolean).join(' ')
  const resident = content.kind === 'resident'
  return (
    <HTMLContainer
      className={classes}
      data-card-id={id}
      data-card-kind={type}
      data-decision={content.decision}
      data-complete={plan.complete}
      style={{ borderWidth: plan.border, padding: `${plan.padY}px ${plan.padX}px`, fontFamily: CARD_FONT_STACK }}
    >
      {resident && plan.pictogram > 0 && content.pictogram && (
        <div className="card__pictogram" style={{ marginBottom: RESIDENT_PICTOGRAM_GAP }}>
          <Pictogram name={content.pictogram} size={plan.pictogram} />
        </div>
      )}
      <div className="card__head" style={{ gap: gapBeside(plan.title.size) }}>
        {!resident && plan.pictogram > 0 && content.pictogram && <Pictogram name={content.pictogram} size={plan.pictogram} />}
        <TextBlock planned={plan.title} moreLabel={moreLabel} className="card__title" part="title" />
      </div>
      {plan.second.length > 0 && (
        <div className="card__second" data-card-part="second" style={{ fontSize: plan.second[0].size, marginTop: plan.second[0].gap }}>
          {plan.second.map((planned, i) => (
            <TextBlock key={i} planned={planned} moreLabel={moreLabel} className="card__text" first={false} />
          ))}
        </div>
      )}
      {plan.details.map((planned, i) => (
        <TextBlock key={i} planned={planned} moreLabel={moreLabel} className="card__text card__detail" part="detail" />
      ))}
    </HTMLContainer>
  )
}, sameView)

/**
 * Equal when the drawing would be. Content and plan are memoised upstream, so identity almost
 * always decides; a new plan with the same lines (say, an owner picked again) draws nothing new.
 */
function sameView(a: Props, b: Props): boolean {
  return a.id === b.id && a.type === b.type && a.moreLabel === b.moreLabel && sameData(a.content, b.content) && sameData(a.plan, b.plan)
}
