import { HTMLContainer } from 'tldraw'
import { CARD_DEFAULTS, CARD_TYPES, residentCardProps } from '../../shared/domain/cards'
import { useLanguage } from '../i18n/language'
import { CardShapeUtil } from './CardShapeUtil'
import type { ResidentShape } from './cardShapeTypes'
import { Pictogram } from './Pictogram'

function ResidentCard({ shape }: { shape: ResidentShape }) {
  const { strings } = useLanguage()
  return (
    <HTMLContainer className="card card--resident">
      <Pictogram name="resident" size={48} />
      <div className="card__title card__title--huge">{shape.props.name || strings.meeting.residentUnnamed}</div>
      <div className="card__kind">{strings.meeting.resident}</div>
    </HTMLContainer>
  )
}

/** The resident, in the middle of the board. */
export class ResidentShapeUtil extends CardShapeUtil<ResidentShape> {
  static override type = CARD_TYPES.resident
  static override props = residentCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.resident()
  }
  override component(shape: ResidentShape) {
    return <ResidentCard shape={shape} />
  }
}
