/**
 * What a card shows besides its own props, picked out of the live meeting: an action's decision,
 * its outcome, its owner and the names of its domains. The meeting snapshot changes every 150 ms
 * while anyone drags a card; these few facts rarely do, so a card compares them (sameFacts) and
 * plans and draws again only when they differ.
 */
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
}

// One index per snapshot, built by the first card that asks: 300 cards, one pass.
const indexes = new WeakMap<MeetingSnapshot, SnapshotIndex>()

function indexOf(snapshot: MeetingSnapshot): SnapshotIndex {
  let index = indexes.get(snapshot)
  if (!index) {
    const decisionByAction = new Map<string, Decision>()
    // Oldest first: the last entry for an action is its current decision.
    for (const entry of snapshot.decisions) decisionByAction.set(entry.actionId, entry.decision)
    index = { decisionByAction, domainById: new Map(snapshot.domains.map((d) => [d.id, d])) }
    indexes.set(snapshot, index)
  }
  return index
}

export function cardFacts(shape: CardShape, snapshot: MeetingSnapshot, language: Language): CardFacts {
  if (shape.type !== 'action') return NO_FACTS
  const index = indexOf(snapshot)
  const owner = resolveOwner(snapshot, shape.props)
  const outcome =
    questionFor(snapshot, shape.id) === 'outcome'
      ? (currentOutcome(snapshot.outcomes, shape.id, snapshot.info.sessionNumber)?.outcome ?? 'none')
      : null
  return {
    decision: index.decisionByAction.get(shape.id) ?? 'none',
    outcome,
    owner: owner ? { person: owner.person, organisation: owner.organisation } : null,
    domains: shape.props.domainIds
      .map((id) => index.domainById.get(id))
      .filter((d) => d !== undefined)
      .map((d) => domainCardNames(d.props, language).professional),
  }
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
