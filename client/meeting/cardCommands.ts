/**
 * The acts of the meeting on the canvas: lay out a new meeting, add a card where it belongs,
 * change a card's data, and keep the relation arrows (action → domain, agency → domain,
 * action → owner agency) in step with the cards' data.
 */
import { createBindingId, createShapeId, type Editor, type TLShapeId, type TLShapePartial } from 'tldraw'
import { CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { byPosition } from '../../shared/domain/snapshot'
import type { LifeDomainKey } from '../../shared/domain/lifeDomains'
import type { ActionShape, AgencyShape, CardShape, LifeDomainShape, ResidentShape } from '../shapes/cardShapeTypes'
import { RELATION_META, relationKey, relationsFromCard, type Relation } from '../../shared/ydoc/relations'
import { domainRing, placeAction, placeAgency, placeDomain, type Box } from './placement'


function boxOf(shape: CardShape): Box {
  return { x: shape.x, y: shape.y, w: shape.props.w, h: shape.props.h }
}

function cardsOf<T extends CardShape>(editor: Editor, type: T['type']): T[] {
  return editor.getCurrentPageShapes().filter((s) => s.type === type) as T[]
}

function takenBoxes(editor: Editor): Box[] {
  return editor
    .getCurrentPageShapes()
    .filter((s) => s.type !== 'arrow')
    .map((s) => {
      const bounds = editor.getShapePageBounds(s)!
      return { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h }
    })
}

/** The resident card that counts, by the same rule as the shared snapshot. */
export function residentOf(editor: Editor): ResidentShape | null {
  return cardsOf<ResidentShape>(editor, CARD_TYPES.resident).sort(byPosition)[0] ?? null
}

/** The facilitator starts the meeting: the resident in the middle, the chosen domains around. */
export function layOutNewMeeting(editor: Editor, residentName: string, domains: LifeDomainKey[]): void {
  editor.run(() => {
    const resident = CARD_DEFAULTS.resident()
    editor.createShape<ResidentShape>({
      id: createShapeId(),
      type: CARD_TYPES.resident,
      x: -resident.w / 2,
      y: -resident.h / 2,
      props: { ...resident, name: residentName.trim() },
    })
    const sample = CARD_DEFAULTS.domain('anders')
    const boxes = domainRing(domains.length, sample.w, sample.h)
    domains.forEach((key, i) => {
      editor.createShape<LifeDomainShape>({
        id: createShapeId(),
        type: CARD_TYPES.domain,
        x: boxes[i].x,
        y: boxes[i].y,
        props: CARD_DEFAULTS.domain(key),
      })
    })
  })
  editor.zoomToFit({ animation: { duration: 300 } })
}

function focus(editor: Editor, id: TLShapeId) {
  editor.select(id)
  const bounds = editor.getShapePageBounds(id)
  if (bounds && !editor.getViewportPageBounds().contains(bounds)) {
    editor.zoomToBounds(bounds, { inset: 200, targetZoom: editor.getZoomLevel(), animation: { duration: 250 } })
  }
}

export function addDomainCard(editor: Editor, key: LifeDomainKey): TLShapeId {
  const props = CARD_DEFAULTS.domain(key)
  const resident = residentOf(editor)
  const box = placeDomain(
    resident ? boxOf(resident) : null,
    cardsOf<LifeDomainShape>(editor, CARD_TYPES.domain).map(boxOf),
    props.w,
    props.h,
    takenBoxes(editor),
  )
  const id = createShapeId()
  editor.createShape<LifeDomainShape>({ id, type: CARD_TYPES.domain, x: box.x, y: box.y, props })
  focus(editor, id)
  return id
}

function selectedDomain(editor: Editor): LifeDomainShape | null {
  const selected = editor.getOnlySelectedShape()
  return selected?.type === CARD_TYPES.domain ? (selected as LifeDomainShape) : null
}

/**
 * A new agency or action. When a domain is selected, the new card is for that domain and is
 * placed towards it (`place` knows where); it is selected, so the side panel shows its form.
 */
function addCardForSelectedDomain<T extends AgencyShape | ActionShape>(
  editor: Editor,
  type: T['type'],
  props: T['props'],
  place: typeof placeAgency,
): TLShapeId {
  const domain = selectedDomain(editor)
  const resident = residentOf(editor)
  const box = place(resident ? boxOf(resident) : null, domain ? boxOf(domain) : null, props.w, props.h, takenBoxes(editor))
  const id = createShapeId()
  editor.createShape({ id, type, x: box.x, y: box.y, props: { ...props, domainIds: domain ? [domain.id] : [] } } as TLShapePartial)
  syncRelationArrows(editor)
  focus(editor, id)
  return id
}

export function addAgencyCard(editor: Editor): TLShapeId {
  return addCardForSelectedDomain<AgencyShape>(editor, CARD_TYPES.agency, CARD_DEFAULTS.agency(), placeAgency)
}

export function addActionCard(editor: Editor): TLShapeId {
  return addCardForSelectedDomain<ActionShape>(editor, CARD_TYPES.action, CARD_DEFAULTS.action(), placeAction)
}

/** Changes some of a card's data and redraws its relations. */
export function updateCard<T extends CardShape>(editor: Editor, shape: T, props: Partial<T['props']>): void {
  editor.updateShape({ id: shape.id, type: shape.type, props } as TLShapePartial)
  syncRelationArrows(editor)
}

function wantedRelations(editor: Editor): Relation[] {
  const exists = (id: string) => editor.getShape(id as TLShapeId) !== undefined
  const relations: Relation[] = []
  for (const action of cardsOf<ActionShape>(editor, CARD_TYPES.action)) {
    relations.push(...relationsFromCard(action.id, action.props).filter((r) => exists(r.to)))
  }
  for (const agency of cardsOf<AgencyShape>(editor, CARD_TYPES.agency)) {
    relations.push(...relationsFromCard(agency.id, agency.props).filter((r) => exists(r.to)))
  }
  return relations
}

/**
 * Makes the relation arrows match the cards' data: bound arrows for every relation, none for
 * relations that are gone. Arrows people drew themselves (without our meta) are left alone.
 */
export function syncRelationArrows(editor: Editor): void {
  const wanted = new Map(wantedRelations(editor).map((r) => [relationKey(r), r]))
  const existing = editor.getCurrentPageShapes().filter((s) => s.type === 'arrow' && typeof s.meta[RELATION_META] === 'string')
  editor.run(() => {
    const stale = existing.filter((arrow) => !wanted.has(arrow.meta[RELATION_META] as string)).map((a) => a.id)
    if (stale.length) editor.deleteShapes(stale)
    const present = new Set(existing.map((a) => a.meta[RELATION_META] as string))
    for (const [key, relation] of wanted) {
      if (present.has(key)) continue
      const arrowId = createShapeId(key)
      if (editor.getShape(arrowId)) continue
      editor.createShape({
        id: arrowId,
        type: 'arrow',
        meta: { [RELATION_META]: key },
        props: { color: 'grey', size: 's', arrowheadEnd: 'arrow', arrowheadStart: 'none' },
      })
      editor.createBindings(
        (['start', 'end'] as const).map((terminal) => ({
          id: createBindingId(`${key}-${terminal}`),
          type: 'arrow' as const,
          fromId: arrowId,
          toId: (terminal === 'start' ? relation.from : relation.to) as TLShapeId,
          props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' as const },
        })),
      )
    }
  })
}

/** Removes a card and the relation arrows that pointed at it. */
export function deleteCard(editor: Editor, id: TLShapeId): void {
  editor.deleteShapes([id])
  syncRelationArrows(editor)
}

/** Moves the camera to a card and selects it (used by "jump to" links). */
export function jumpToCard(editor: Editor, id: string): void {
  const shapeId = id as TLShapeId
  if (!editor.getShape(shapeId)) return
  editor.select(shapeId)
  const bounds = editor.getShapePageBounds(shapeId)
  if (bounds) editor.zoomToBounds(bounds, { inset: 240, animation: { duration: 300 } })
}
