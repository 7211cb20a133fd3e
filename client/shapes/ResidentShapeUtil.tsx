import { residentCardProps, CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { CardShapeUtil } from './CardShapeUtil'
import type { ResidentShape } from './cardShapeTypes'

/** The resident, in the middle of the board. */
export class ResidentShapeUtil extends CardShapeUtil<ResidentShape> {
  static override type = CARD_TYPES.resident
  static override props = residentCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.resident()
  }
}
