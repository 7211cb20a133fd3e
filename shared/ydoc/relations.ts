/**
 * The relation arrows between cards (action → domain, agency → domain, action → owner agency)
 * are derived from the cards' data and carry deterministic record ids, so two people adding the
 * same relation at once get one arrow, and the server can find a card's arrows without a scan.
 * The client draws them (client/meeting/cardCommands.ts); the server puts them back with a card.
 */

/** Which cards a relation connects (shape ids). */
export interface Relation {
  from: string
  to: string
}

/** Stored in the arrow's `meta.relation`. */
export const RELATION_META = 'relation'

/** `rel-<from>-<to>` without the `shape:` prefixes. */
export function relationKey(relation: Relation): string {
  return `rel-${relation.from.slice('shape:'.length)}-${relation.to.slice('shape:'.length)}`
}

/** The arrow's shape id and its two binding ids (tldraw's `createShapeId(key)` / `createBindingId(…)`). */
export function relationRecordIds(key: string): { arrow: string; start: string; end: string } {
  return { arrow: `shape:${key}`, start: `binding:${key}-start`, end: `binding:${key}-end` }
}

/** The relations a card starts, from its own data (the owner only for an agency owner). */
export function relationsFromCard(cardId: string, props: { domainIds?: unknown; ownerKind?: unknown; ownerId?: unknown }): Relation[] {
  const relations: Relation[] = []
  const domainIds = Array.isArray(props.domainIds) ? props.domainIds : []
  for (const domainId of domainIds) if (typeof domainId === 'string') relations.push({ from: cardId, to: domainId })
  if (props.ownerKind === 'agency' && typeof props.ownerId === 'string' && props.ownerId.startsWith('shape:')) {
    relations.push({ from: cardId, to: props.ownerId })
  }
  return relations
}
