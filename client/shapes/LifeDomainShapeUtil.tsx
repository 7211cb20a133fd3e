import { HTMLContainer } from 'tldraw'
import { CARD_DEFAULTS, CARD_TYPES, lifeDomainCardProps } from '../../shared/domain/cards'
import { isWorryingScore, lifeDomain, SCORE_LABELS } from '../../shared/domain/lifeDomains'
import { useLanguage } from '../i18n/language'
import { CardShapeUtil } from './CardShapeUtil'
import type { LifeDomainShape } from './cardShapeTypes'
import { domainCardNames } from './domainNames'
import { Pictogram } from './Pictogram'

function LifeDomainCard({ shape }: { shape: LifeDomainShape }) {
  const { strings, language } = useLanguage()
  const { props } = shape
  const names = domainCardNames(props, language)
  return (
    <HTMLContainer className={`card card--domain${isWorryingScore(props.score) ? ' card--worry' : ''}`}>
      <div className="card__head">
        <Pictogram name={lifeDomain(props.domain).pictogram} size={40} />
        <div>
          <div className="card__title">{names.professional}</div>
          {names.plain !== names.professional && <div className="card__subtitle">{names.plain}</div>}
        </div>
      </div>
      {props.score !== null && (
        <div className="card__score">
          <span className="card__score-number">{props.score}</span> {SCORE_LABELS[language][props.score]}
        </div>
      )}
      {props.strengths && <div className="card__line"><strong>{strings.meeting.strengths}:</strong> {props.strengths}</div>}
      {props.worries && <div className="card__line"><strong>{strings.meeting.worries}:</strong> {props.worries}</div>}
      {props.residentWords && <div className="card__line card__quote">“{props.residentWords}”</div>}
    </HTMLContainer>
  )
}

/** A life domain (leefgebied) around the resident. */
export class LifeDomainShapeUtil extends CardShapeUtil<LifeDomainShape> {
  static override type = CARD_TYPES.domain
  static override props = lifeDomainCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.domain('anders')
  }
  override component(shape: LifeDomainShape) {
    return <LifeDomainCard shape={shape} />
  }
}
