/**
 * "Wie mist er aan tafel?": life domains with worries (or a score of 1-3) that no agency and no
 * owned action covers, and action owners who are not present. Declined actions do not count.
 */
import { isWorryingScore } from './lifeDomains'
import { hasNamedOwner, resolveOwner } from './owners'
import { currentDecision, type MeetingSnapshot } from './snapshot'

export interface UncoveredDomain {
  kind: 'uncoveredDomain'
  domainId: string
  /** Why it needs someone: worries written down, a low score, or both. */
  because: Array<'worries' | 'lowScore'>
}

export interface AbsentOwner {
  kind: 'absentOwner'
  actionId: string
  person: string
  organisation: string
}

export type MissingAtTable = UncoveredDomain | AbsentOwner

export function whoIsMissing(snapshot: MeetingSnapshot): MissingAtTable[] {
  const missing: MissingAtTable[] = []
  // An action the resident declined helps nobody and needs nobody at the table.
  const liveActions = snapshot.actions.filter(
    (action) => currentDecision(snapshot.decisions, action.id)?.decision !== 'declined',
  )
  for (const domain of snapshot.domains) {
    const because: UncoveredDomain['because'] = []
    if (domain.props.worries.trim() !== '') because.push('worries')
    if (isWorryingScore(domain.props.score)) because.push('lowScore')
    if (because.length === 0) continue
    const byAgency = snapshot.agencies.some((agency) => agency.props.domainIds.includes(domain.id))
    const byAction = liveActions.some(
      (action) => action.props.domainIds.includes(domain.id) && hasNamedOwner(resolveOwner(snapshot, action.props)),
    )
    if (!byAgency && !byAction) missing.push({ kind: 'uncoveredDomain', domainId: domain.id, because })
  }
  for (const action of liveActions) {
    const owner = resolveOwner(snapshot, action.props)
    if (owner && !owner.present) {
      missing.push({ kind: 'absentOwner', actionId: action.id, person: owner.person, organisation: owner.organisation })
    }
  }
  return missing
}
