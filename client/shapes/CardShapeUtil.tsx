/**
 * What all four cards share: a resizable rounded rectangle, edited in the side panel, drawn from
 * its content on the canvas (HTML) and in exports (SVG).
 */
import { Rectangle2d, resizeBox, ShapeUtil, type TLResizeInfo } from 'tldraw'
import { PICTOGRAM_PATHS } from '../../shared/domain/pictograms'
import { cardContent } from './cardContent'
import { cardContextOf } from './cardContext'
import type { CardShape } from './cardShapeTypes'
import { CardSvg } from './cardSvg'
import { LiveCard } from './LiveCard'

export const CARD_RADIUS = 14
/** The smallest a card can be resized to, page px: room for a title and the line under it. */
export const MIN_CARD_SIZE = { w: 160, h: 100 } as const

export abstract class CardShapeUtil<S extends CardShape> extends ShapeUtil<S> {
  // Cards are edited in the side panel with proper form controls, not on the canvas.
  override canEdit() {
    return false
  }
  override canResize() {
    return true
  }
  override isAspectRatioLocked() {
    return false
  }
  override getGeometry(shape: S) {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true })
  }
  override getIndicatorPath(shape: S) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, CARD_RADIUS)
    return path
  }
  override onResize(shape: S, info: TLResizeInfo<S>) {
    // Sizes are shared: a card squeezed to a sliver would be unreadable on everyone's screen.
    return resizeBox(shape as never, info as never, { minWidth: MIN_CARD_SIZE.w, minHeight: MIN_CARD_SIZE.h }) as never
  }
  override component(shape: S) {
    return <LiveCard shape={shape} />
  }
  override toSvg(shape: S) {
    const context = cardContextOf(this.editor)
    if (!context) return null
    const content = cardContent(shape, context)
    const pictogramPath = content.pictogram ? PICTOGRAM_PATHS[content.pictogram] : null
    return <CardSvg content={content} w={shape.props.w} h={shape.props.h} pictogramPath={pictogramPath} moreLabel={context.strings.meeting.more} />
  }
}
