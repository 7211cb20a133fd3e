/**
 * What a card shows besides its own props, picked out of the live meeting: an action's decision,
 * its outcome, its owner and the names of its domains. The meeting snapshot changes every 150 ms
 * while anyone drags a card; these few facts rarely do, so a card compares them (sameFacts) and
 * plans and draws again only when they differ.
 */
import type { ActionCardProps } from '../../shared/domain/cards'
import type { Decision, Outcome } from '../../shared/domain/meeting'
import { questionFor } from '../../shared/domain/followUp'
import { resolveOwner } from '../../shared/domain/owners'
import { currentOutcome, type MeetingSnapshot } from '../../shared/domain/snapshot'
import type { Language } from '../i18n/strings'
import type { CardShape } from './cardShapeTypes'
import { domainCardNames } from './domainNames'

export interface CardFacts {
  decision: Decision | 'none'
  /** Only when this session asks what became of a carried action. */
  outcome: Outcome | 'none' | null
  owner: { person: string; organisation: string } | null
  /** The action's domains, by name, in the card's language. */
  domains: string[]
}

/** Resident, domain and agency cards depend on their own props only. */
export const NO_FACTS: CardFacts = { decision: 'none', outcome: null, owner: null, domains: [] }

interface SnapshotIndex {
  decisionByAction: Map<string, Decision>
  domainById: Map<string, MeetingSnapshot['domains'][number]>
  agencyById: Map<string, MeetingSnapshot['agencies'][number]>
  participantById: Map<string, MeetingSnapshot['participants'][number]>
  carried: Set<string>
  /** The facts per action, while its props are these: each card asks again on every snapshot. */
  facts: Map<string, { props: unknown; language: Language; facts: CardFacts }>
}

// One index per snapshot, built by the first card that asks: 300 cards, one pass, then a few
// map look-ups per card instead of scans of the meeting.
const indexes = new WeakMap<MeetingSnapshot, SnapshotIndex>()

function indexOf(snapshot: MeetingSnapshot): SnapshotIndex {
  let index = indexes.get(snapshot)
  if (!index) {
    const decisionByAction = new Map<string, Decision>()
    // Oldest first: the last entry for an action is its current decision.
    for (const entry of snapshot.decisions) decisionByAction.set(entry.actionId, entry.decision)
    index = {
      decisionByAction,
      domainById: new Map(snapshot.domains.map((d) => [d.id, d])),
      agencyById: new Map(snapshot.agencies.map((a) => [a.id, a])),
      // The first participant of an id, as `resolveOwner` finds it.
      participantById: new Map([...snapshot.participants].reverse().map((p) => [p.userId, p])),
      carried: new Set(snapshot.info.carriedActionIds),
      facts: new Map(),
    }
    indexes.set(snapshot, index)
  }
  return index
}

function ownerOf(snapshot: MeetingSnapshot, index: SnapshotIndex, props: ActionCardProps): CardFacts['owner'] {
  // `resolveOwner` on just the one participant or agency it would find: the same answer, no scan.
  const participant = props.ownerKind === 'participant' ? index.participantById.get(props.ownerId) : undefined
  const agency = props.ownerKind === 'agency' ? index.agencyById.get(props.ownerId) : undefined
  const owner = resolveOwner({ ...snapshot, participants: participant ? [participant] : [], agencies: agency ? [agency] : [] }, props)
  return owner ? { person: owner.person, organisation: owner.organisation } : null
}

export function cardFacts(shape: CardShape, snapshot: MeetingSnapshot, language: Language): CardFacts {
  if (shape.type !== 'action') return NO_FACTS
  const index = indexOf(snapshot)
  const known = index.facts.get(shape.id)
  if (known && known.props === shape.props && known.language === language) return known.facts
  // Only an action carried from an earlier session can be asked what became of it.
  const outcome =
    index.carried.has(shape.id) && questionFor(snapshot, shape.id) === 'outcome'
      ? (currentOutcome(snapshot.outcomes, shape.id, snapshot.info.sessionNumber)?.outcome ?? 'none')
      : null
  const facts: CardFacts = {
    decision: index.decisionByAction.get(shape.id) ?? 'none',
    outcome,
    owner: ownerOf(snapshot, index, shape.props),
    domains: shape.props.domainIds
      .map((id) => index.domainById.get(id))
      .filter((d) => d !== undefined)
      .map((d) => domainCardNames(d.props, language).professional),
  }
  index.facts.set(shape.id, { props: shape.props, language, facts })
  return facts
}

export function sameFacts(a: CardFacts, b: CardFacts): boolean {
  return (
    a === b ||
    (a.decision === b.decision &&
      a.outcome === b.outcome &&
      a.owner?.person === b.owner?.person &&
      a.owner?.organisation === b.owner?.organisation &&
      a.domains.length === b.domains.length &&
      a.domains.every((name, i) => name === b.domains[i]))
  )
}
