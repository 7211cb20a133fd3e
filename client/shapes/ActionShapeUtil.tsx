import { HTMLContainer } from 'tldraw'
import { actionCardProps, CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { resolveOwner } from '../../shared/domain/owners'
import { currentDecision, currentOutcome, isCarried } from '../../shared/domain/snapshot'
import { OutcomeBadge } from '../meeting/OutcomeBadge'
import { useLanguage } from '../i18n/language'
import { DecisionBadge } from '../meeting/DecisionBadge'
import { formatDate } from '../meeting/formatDate'
import { useMeeting } from '../meeting/MeetingContext'
import { CardShapeUtil } from './CardShapeUtil'
import type { ActionShape } from './cardShapeTypes'
import { domainCardNames } from './domainNames'

function ActionCard({ shape }: { shape: ActionShape }) {
  const { strings, language } = useLanguage()
  const { snapshot } = useMeeting()
  const { props } = shape
  const decision = currentDecision(snapshot.decisions, shape.id)
  const owner = resolveOwner(snapshot, props)
  const domains = props.domainIds
    .map((id) => snapshot.domains.find((d) => d.id === id))
    .filter((d) => d !== undefined)
    .map((d) => domainCardNames(d.props, language).professional)
  return (
    <HTMLContainer className="card card--action" data-decision={decision?.decision ?? 'none'}>
      <div className="card__title">{props.what || strings.meeting.newAction}</div>
      {domains.length > 0 && <div className="card__subtitle">{strings.meeting.forDomains}: {domains.join(', ')}</div>}
      <div className="card__line">
        <strong>{strings.meeting.who}:</strong>{' '}
        {owner && owner.person ? `${owner.person}${owner.organisation ? ` (${owner.organisation})` : ''}` : strings.meeting.noOwner}
      </div>
      <div className="card__line">
        <strong>{strings.meeting.when}:</strong> {props.dueDate ? formatDate(props.dueDate, language) : strings.meeting.noDate}
      </div>
      <div className="card__badges">
        <DecisionBadge decision={decision?.decision ?? null} />
        {isCarried(snapshot, shape.id) && <OutcomeBadge outcome={currentOutcome(snapshot.outcomes, shape.id, snapshot.info.sessionNumber)?.outcome ?? null} />}
      </div>
    </HTMLContainer>
  )
}

/** A proposed action (actie / afspraak) with the resident's decision. */
export class ActionShapeUtil extends CardShapeUtil<ActionShape> {
  static override type = CARD_TYPES.action
  static override props = actionCardProps
  override getDefaultProps() {
    return CARD_DEFAULTS.action()
  }
  override component(shape: ActionShape) {
    return <ActionCard shape={shape} />
  }
}
