/**
 * A card on the live canvas: its content from its props and the few facts of the meeting it
 * shows (cardFacts.ts), planned for the zoom step (cardZoom.ts), drawn by the memoised CardView.
 *
 * The meeting snapshot changes every 150 ms while anyone drags. Only an action card reads it, and
 * only to pick out its facts; content, plan and drawing are recomputed only when the card's
 * props, its facts, the zoom step, the language or the card font change.
 */
import { useMemo, useRef } from 'react'
import { useEditor, useValue } from 'tldraw'
import { useLanguage } from '../i18n/language'
import { useMeeting } from '../ui/MeetingContext'
import { cardContentOf } from './cardContent'
import { cardFacts, NO_FACTS, sameFacts, type CardFacts } from './cardFacts'
import { cardFontEpoch, loadCardFont } from './cardFont'
import { planCard } from './cardLayout'
import type { CardShape } from './cardShapeTypes'
import { zoomStep } from './cardZoom'
import { CardView } from './CardView'
import { measureText } from './textMeasure'
import { jsonEqual } from '../../shared/ydoc/layout'

loadCardFont()

/**
 * The previous props while they are equal. A card moved by someone else arrives as a new record
 * with new (but equal) props on every step of the drag: without this, its content would be
 * rebuilt and its lines measured again dozens of times a second.
 */
function useStableProps<P>(next: P): P {
  const previous = useRef(next)
  if (previous.current !== next && !jsonEqual(previous.current, next)) previous.current = next
  return previous.current
}

/** The previous facts while they are equal, so that memos keyed on them hold. */
function useStableFacts(next: CardFacts): CardFacts {
  const previous = useRef(next)
  if (!sameFacts(previous.current, next)) previous.current = next
  return previous.current
}

/**
 * A card on the canvas. Only an action shows facts of the meeting (her decision, its owner), so
 * only an action card reads the meeting: the others do not render again at all when the meeting
 * snapshot changes (every 150 ms while anyone drags).
 */
export function LiveCard({ shape }: { shape: CardShape }) {
  return shape.type === 'action' ? <ActionCard shape={shape} /> : <PlainCard shape={shape} />
}

function ActionCard({ shape }: { shape: CardShape }) {
  const { language } = useLanguage()
  const { snapshot } = useMeeting()
  // One index per snapshot (cardFacts.ts): a few look-ups, not scans of the meeting per card.
  const facts = useStableFacts(cardFacts(shape, snapshot, language))
  return <PlannedCard shape={shape} facts={facts} />
}

function PlainCard({ shape }: { shape: CardShape }) {
  return <PlannedCard shape={shape} facts={NO_FACTS} />
}

function PlannedCard({ shape, facts }: { shape: CardShape; facts: CardFacts }) {
  const editor = useEditor()
  const { strings, language } = useLanguage()
  // Quantised: a pinch that crosses no step re-renders no card.
  const step = useValue('card zoom step', () => zoomStep(editor.getZoomLevel()), [editor])
  const fontEpoch = useValue(cardFontEpoch)
  const props = useStableProps(shape.props)
  const content = useMemo(
    () => cardContentOf(shape, facts, strings, language),
    // Keyed on props, not the shape: its content does not change when it moves.
    [shape.id, shape.type, props, facts, strings, language],
  )
  const moreLabel = strings.meeting.more
  const plan = useMemo(
    () => planCard({ content, w: props.w, h: props.h, step, measure: measureText, moreLabel }),
    // fontEpoch: once the card font is in, lines are measured again.
    [content, props.w, props.h, step, moreLabel, fontEpoch],
  )
  return <CardView id={shape.id} type={shape.type} content={content} plan={plan} moreLabel={moreLabel} />
}
