import { actionCardProps, CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { CardShapeUtil } from './CardShapeUtil'
import type { ActionShape } from './cardShapeTypes'

/** A proposed action (actie / afspraak) with the resident’s decision. */
export class ActionShapeUtil extends CardShapeUtil<ActionShape> {
  static override type = CARD_TYPES.action
  static override props = actionCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.action()
  }
}
