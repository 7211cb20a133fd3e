import { HTMLContainer } from 'tldraw'
import { agencyCardProps, CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { useLanguage } from '../i18n/language'
import { CardShapeUtil } from './CardShapeUtil'
import type { AgencyShape } from './cardShapeTypes'
import { Pictogram } from './Pictogram'

function AgencyCard({ shape }: { shape: AgencyShape }) {
  const { strings } = useLanguage()
  const { props } = shape
  return (
    <HTMLContainer className="card card--agency">
      <div className="card__head">
        <Pictogram name="agency" size={36} />
        <div>
          <div className="card__title">{props.organisation || strings.meeting.newAgency}</div>
          {props.office && <div className="card__subtitle">{props.office}</div>}
        </div>
      </div>
      {props.person && <div className="card__line">{props.person}</div>}
      <div className={`card__badge ${props.atTable ? 'card__badge--present' : 'card__badge--absent'}`}>
        {props.atTable ? `● ${strings.meeting.atTable}` : `○ ${strings.meeting.notAtTable}`}
      </div>
      {props.canDo && <div className="card__line"><strong>{strings.meeting.canDo}:</strong> {props.canDo}</div>}
      {props.cannotDo && <div className="card__line"><strong>{strings.meeting.cannotDo}:</strong> {props.cannotDo}</div>}
    </HTMLContainer>
  )
}

/** An agency or person involved (instantie / betrokkene). */
export class AgencyShapeUtil extends CardShapeUtil<AgencyShape> {
  static override type = CARD_TYPES.agency
  static override props = agencyCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.agency()
  }
  override component(shape: AgencyShape) {
    return <AgencyCard shape={shape} />
  }
}
