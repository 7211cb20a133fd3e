/**
 * The acts of the meeting on the canvas: lay out a new meeting, add a card where it belongs,
 * change a card's data, keep the relation arrows (action → domain, agency → domain,
 * action → owner agency) in step with the cards' data, and tidy the whole board up.
 *
 * Where cards go is decided by the eco-map rule in ecoMapLayout.ts; this file only reads the
 * board for it and writes the result. Everything here changes this participant's editor and
 * the shared document, never anyone else's camera.
 */
import { createBindingId, createShapeId, type Editor, type TLShape, type TLShapeId, type TLShapePartial } from 'tldraw'
import { CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { cardThatCounts } from '../../shared/domain/snapshot'
import type { LifeDomainKey } from '../../shared/domain/lifeDomains'
import { isCardShape, type ActionShape, type AgencyShape, type CardShape, type LifeDomainShape, type ResidentShape } from '../shapes/cardShapeTypes'
import { RELATION_META, relationKey, relationsFromCard, type Relation } from '../../shared/ydoc/relations'
import { placeNewCard, tidyUpLayout, type CardKind, type LayoutCard, type NewCard } from './ecoMapLayout'
import { CENTRE, domainRing, type Box } from './placement'

/** Room kept between a new card and the edge of the screen, in screen pixels. */
const SCREEN_MARGIN = 48
/** Camera moves for your own new card and for "Ordenen": short, so nobody loses their place. */
const GENTLE = { animation: { duration: 300 } }

function cardsOf<T extends CardShape>(editor: Editor, type: T['type']): T[] {
  return editor.getCurrentPageShapes().filter((s) => s.type === type) as T[]
}

function kindOf(shape: CardShape): CardKind {
  return shape.type === CARD_TYPES.domain ? 'domain' : shape.type
}

function pageBox(editor: Editor, shape: TLShape): Box | null {
  const bounds = editor.getShapePageBounds(shape)
  return bounds ? { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h } : null
}

/**
 * The board as the layout sees it: the cards lying on the page (the resident that counts first),
 * and the boxes of everything else that a card must keep clear of — drawings, notes, and cards
 * that are locked or inside a frame (those stay where they are).
 */
function readBoard(editor: Editor): { cards: (LayoutCard & { shape: CardShape })[]; fixed: Box[] } {
  const pageId = editor.getCurrentPageId()
  const cards: (LayoutCard & { shape: CardShape })[] = []
  const fixed: Box[] = []
  for (const shape of editor.getCurrentPageShapes()) {
    if (shape.type === 'arrow') continue
    // A locked card stays where it is; the resident never moves anyway, locked or not.
    if (isCardShape(shape) && shape.parentId === pageId && (!shape.isLocked || shape.type === CARD_TYPES.resident)) {
      const props = shape.props as { w: number; h: number; domainIds?: string[]; ownerKind?: string; ownerId?: string }
      cards.push({
        shape,
        id: shape.id,
        kind: kindOf(shape),
        box: { x: shape.x, y: shape.y, w: props.w, h: props.h },
        domainIds: props.domainIds ?? [],
        ownerId: props.ownerKind === 'agency' ? props.ownerId : null,
      })
    } else if (shape.parentId === pageId) {
      const box = pageBox(editor, shape)
      if (box) fixed.push(box)
    }
  }
  const resident = residentOf(editor)
  cards.sort((a, b) => Number(b.id === resident?.id) - Number(a.id === resident?.id))
  return { cards, fixed }
}

/** Your own view, less a margin, as the place a new card should preferably land. */
function viewportForPlacing(editor: Editor): Box {
  const view = editor.getViewportPageBounds()
  const margin = SCREEN_MARGIN / editor.getZoomLevel()
  return { x: view.x + margin, y: view.y + margin, w: Math.max(0, view.w - 2 * margin), h: Math.max(0, view.h - 2 * margin) }
}

/** Where a new card goes by the eco-map rule, preferring a spot on your screen. */
function placeOnBoard(editor: Editor, card: NewCard): Box {
  const { cards, fixed } = readBoard(editor)
  return placeNewCard(cards, card, { obstacles: fixed, viewport: viewportForPlacing(editor) })
}

/** The resident card that counts, by the same rule as the shared snapshot. */
export function residentOf(editor: Editor): ResidentShape | null {
  return cardThatCounts(cardsOf<ResidentShape>(editor, CARD_TYPES.resident))
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
    const boxes = domainRing(domains.length, sample.w, sample.h, CENTRE, resident)
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
  // The start of the meeting: everyone at the table sees the whole picture.
  editor.zoomToFit(GENTLE)
}

/**
 * Selects your new card and, only when it is not wholly on your screen, pans just far enough to
 * show it: same zoom, short animation. (Its spot is chosen on your screen whenever the eco-map
 * has a good one there, so this is rare.)
 */
function focus(editor: Editor, id: TLShapeId) {
  editor.select(id)
  const bounds = editor.getShapePageBounds(id)
  if (!bounds) return
  const view = editor.getViewportPageBounds()
  const margin = SCREEN_MARGIN / editor.getZoomLevel()
  const shift = (start: number, size: number, viewStart: number, viewSize: number) => {
    if (size > viewSize - 2 * margin) return start + size / 2 - (viewStart + viewSize / 2)
    if (start < viewStart + margin) return start - (viewStart + margin)
    if (start + size > viewStart + viewSize - margin) return start + size - (viewStart + viewSize - margin)
    return 0
  }
  const dx = shift(bounds.x, bounds.w, view.x, view.w)
  const dy = shift(bounds.y, bounds.h, view.y, view.h)
  // Someone following another person's view keeps that view.
  if ((dx === 0 && dy === 0) || editor.getInstanceState().followingUserId) return
  const camera = editor.getCamera()
  editor.setCamera({ x: camera.x - dx, y: camera.y - dy, z: camera.z }, GENTLE)
}

export function addDomainCard(editor: Editor, key: LifeDomainKey): TLShapeId {
  const props = CARD_DEFAULTS.domain(key)
  const box = placeOnBoard(editor, { kind: 'domain', w: props.w, h: props.h, domainIds: [] })
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
 * placed beside it; it is selected, so the side panel shows its form.
 */
function addCardForSelectedDomain<T extends AgencyShape | ActionShape>(editor: Editor, type: T['type'], props: T['props']): TLShapeId {
  const domain = selectedDomain(editor)
  const domainIds = domain ? [domain.id] : []
  const box = placeOnBoard(editor, { kind: type, w: props.w, h: props.h, domainIds })
  const id = createShapeId()
  editor.createShape({ id, type, x: box.x, y: box.y, props: { ...props, domainIds } } as TLShapePartial)
  syncRelationArrows(editor)
  focus(editor, id)
  return id
}

export function addAgencyCard(editor: Editor): TLShapeId {
  return addCardForSelectedDomain<AgencyShape>(editor, CARD_TYPES.agency, CARD_DEFAULTS.agency())
}

export function addActionCard(editor: Editor): TLShapeId {
  return addCardForSelectedDomain<ActionShape>(editor, CARD_TYPES.action, CARD_DEFAULTS.action())
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

/**
 * "Ordenen": lays the whole board out again by the eco-map rule, for everyone (it is only card
 * moves in the shared document). One `editor.run` is one store change, which the sync binding
 * writes as one Yjs transaction: one step on the undo button. The arrows are bound to the cards
 * and move with them; syncing them in the same batch puts back any that are missing. Your own
 * view then shows the whole board; nobody else's view moves.
 */
export function tidyUpBoard(editor: Editor): void {
  if (editor.getIsReadonly()) return
  const { cards, fixed } = readBoard(editor)
  if (cards.length === 0) return
  const boxes = tidyUpLayout(cards, fixed)
  const moves: TLShapePartial[] = []
  for (const card of cards) {
    const box = boxes.get(card.id)
    if (box && (box.x !== card.box.x || box.y !== card.box.y)) moves.push({ id: card.shape.id, type: card.shape.type, x: box.x, y: box.y })
  }
  editor.run(() => {
    if (moves.length) editor.updateShapes(moves)
    syncRelationArrows(editor)
  })
  editor.zoomToFit(GENTLE)
}
