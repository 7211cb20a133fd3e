import { agencyCardProps, CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { CardShapeUtil } from './CardShapeUtil'
import type { AgencyShape } from './cardShapeTypes'

/** An agency or person involved (instantie / betrokkene). */
export class AgencyShapeUtil extends CardShapeUtil<AgencyShape> {
  static override type = CARD_TYPES.agency
  static override props = agencyCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.agency()
  }
}
