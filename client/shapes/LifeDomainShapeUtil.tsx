import { lifeDomainCardProps, CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { CardShapeUtil } from './CardShapeUtil'
import type { LifeDomainShape } from './cardShapeTypes'

/** A life domain (leefgebied) around the resident. */
export class LifeDomainShapeUtil extends CardShapeUtil<LifeDomainShape> {
  static override type = CARD_TYPES.domain
  static override props = lifeDomainCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.domain('anders')
  }
}
