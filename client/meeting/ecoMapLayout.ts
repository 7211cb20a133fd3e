/**
 * The eco-map rule for where cards go: the resident in the middle, the life domains on a wide
 * ring around her, and every agency and action just outside the domain(s) it belongs to, so
 * relation arrows stay short and rarely cross, and the whole board stays close to 16:9 (it is
 * shown fitted on a TV, and the text on the cards is sized from that fit).
 *
 * One rule serves both acts on the board: placing a new card among the cards that are already
 * there (nobody else's card moves), and "Ordenen", which places every card again. A card goes to
 * the free spot with the lowest cost; the cost (see `satelliteScorer`) says what makes a board
 * readable from the far end of the table. Pure: cards in, boxes out.
 */
import {
  boundsOf,
  boxAround,
  CARD_GAP,
  CENTRE,
  centreOf,
  clearRingRadius,
  distance,
  domainRingRadius,
  ellipticRadius,
  fitSize,
  onRing,
  overlaps,
  RING_ASPECT,
  ringPerimeterPerRadius,
  ringAngles,
  ringAnglesWeighted,
  ringBoxes,
  segmentHitsBox,
  segmentsCross,
  unionOf,
  type Box,
  type Point,
} from './placement'

export type CardKind = 'resident' | 'domain' | 'agency' | 'action'

/** What the layout needs to know of a card on the board. */
export interface LayoutCard {
  id: string
  kind: CardKind
  box: Box
  /** The domains an agency or action belongs to (other kinds: empty). */
  domainIds: readonly string[]
  /** An action's owner, when the owner is an agency card. */
  ownerId?: string | null
}

/** A card that has no place yet. */
export interface NewCard {
  kind: CardKind
  w: number
  h: number
  domainIds: readonly string[]
  ownerId?: string | null
}

export interface PlaceOptions {
  /** Other things on the board (drawings, notes) that a card must not cover. */
  obstacles?: readonly Box[]
  /** The placing person's view: a good spot inside it beats a slightly better one outside. */
  viewport?: Box | null
}

/** What each harm costs, in page units of arrow length. */
const COST = {
  /** Growing the 16:9 frame the board needs by one unit: it shrinks everyone's text. */
  fit: 2,
  /** Reaching one unit further out on the 16:9 ellipse: keeps the board an oval whatever the order. */
  spread: 1,
  /** Two relation arrows crossing. */
  crossing: 700,
  /** An arrow running across a card it does not connect (arrows are drawn over cards). */
  arrowOverCard: 450,
  /** An agency or action nearer another domain than its own: it would read as that one's. */
  wrongSector: 1500,
  /** Per unit that another domain is nearer than CLEARLY_NEARER × the own domain's distance. */
  ambiguous: 1,
  /** A satellite inside the domain ring, per unit of elliptic radius. */
  inward: 2,
  /** A spot outside the placing person's view. */
  offScreen: 500,
}

/** How much nearer its own domain than any other a card must be to be read as its own. */
const CLEARLY_NEARER = 1.15

/** Related cards pull a card towards them: its domains fully, an owner less. */
const PULL = { domain: 1, owner: 0.5 }

/**
 * How much an arrow a new card is likely to get soon counts against a real one: an action is
 * usually taken by an agency of its own domain, and a new agency usually takes that domain's
 * actions that have no owner yet.
 */
const LIKELY = 0.8
/** Each earlier card of the domain is half as likely to be the one as the next. */
const RECENCY = 0.5

/** "Ordenen": how much longer a domain's stretch of the ring gets per card of its own. */
const TIDY_LOAD_WEIGHT = 0.3
/** "Ordenen": ring length asked per agency or action, besides the domain's own width. */
const TIDY_ROOM_PER_CARD = 60
/**
 * "Ordenen" tries rings of a few sizes (against the ring length the cards ask for) and shapes
 * (width over height), each domain's agencies or actions first, and keeps the most readable.
 * Placing card by card is greedy, so which of these wins differs from board to board; the
 * likeliest winners come first, for boards so big that only a few can be tried.
 */
const TIDY_VARIANTS: TidyVariant[] = [1.2, 1, 1.4].flatMap((ringScale) =>
  [2.1, 1.8, 2.4].flatMap((ringAspect) => [false, true].map((agenciesFirst) => ({ ringScale, ringAspect, agenciesFirst }))),
)
/** One variant costs about (cards)² spot checks: about 20 variants of 40 cards in some 0.4 s. */
const TIDY_WORK = 32_000

interface Relation {
  from: LayoutCard
  to: LayoutCard
  kind: 'domain' | 'owner'
}

type Related = { domainIds: readonly string[]; ownerId?: string | null; kind: CardKind }

/** The cards a card's data points at (its domains; an action's owner agency), where they exist. */
function relationTargets(card: Related, byId: ReadonlyMap<string, LayoutCard>) {
  const targets: { card: LayoutCard; kind: 'domain' | 'owner' }[] = []
  if (card.kind !== 'agency' && card.kind !== 'action') return targets
  for (const id of card.domainIds) {
    const domain = byId.get(id)
    if (domain?.kind === 'domain') targets.push({ card: domain, kind: 'domain' })
  }
  if (card.kind === 'action' && card.ownerId) {
    const owner = byId.get(card.ownerId)
    if (owner?.kind === 'agency') targets.push({ card: owner, kind: 'owner' })
  }
  return targets
}

/** Every relation arrow of the board, as the cards' data asks for it. */
export function relationsOf(cards: readonly LayoutCard[]): Relation[] {
  const byId = new Map(cards.map((c) => [c.id, c]))
  return cards.flatMap((from) => relationTargets(from, byId).map((t) => ({ from, to: t.card, kind: t.kind })))
}

/** The resident card that counts: the first one given. */
function residentIn(cards: readonly LayoutCard[]): LayoutCard | null {
  return cards.find((c) => c.kind === 'resident') ?? null
}

/** How far out a box reaches on the board's 16:9 ellipse (its farthest corner). */
function outerRadius(box: Box, centre: Point): number {
  const x = Math.max(Math.abs(box.x - centre.x), Math.abs(box.x + box.w - centre.x))
  const y = Math.max(Math.abs(box.y - centre.y), Math.abs(box.y + box.h - centre.y))
  return ellipticRadius({ x: centre.x + x, y: centre.y + y }, centre)
}

function inside(box: Box, frame: Box): boolean {
  return box.x >= frame.x && box.y >= frame.y && box.x + box.w <= frame.x + frame.w && box.y + box.h <= frame.y + frame.h
}

/** The cards placed so far, with their arrows. */
class Board {
  readonly cards: LayoutCard[] = []
  readonly byId = new Map<string, LayoutCard>()
  readonly relations: Relation[] = []
  bounds: Box | null = null

  constructor(
    readonly centre: Point,
    readonly obstacles: readonly Box[] = [],
  ) {}

  add(card: LayoutCard) {
    this.cards.push(card)
    this.byId.set(card.id, card)
    this.bounds = this.bounds ? unionOf(this.bounds, card.box) : card.box
    // Both ways: an agency placed after its action still gets the action's arrow.
    for (const t of relationTargets(card, this.byId)) this.relations.push({ from: card, to: t.card, kind: t.kind })
    for (const other of this.cards) {
      if (other === card) continue
      for (const t of relationTargets(other, this.byId)) {
        if (t.card === card) this.relations.push({ from: other, to: card, kind: t.kind })
      }
    }
  }

  remove(card: LayoutCard) {
    this.cards.splice(this.cards.indexOf(card), 1)
    this.byId.delete(card.id)
    for (let i = this.relations.length - 1; i >= 0; i--) {
      if (this.relations[i].from === card || this.relations[i].to === card) this.relations.splice(i, 1)
    }
    this.bounds = boundsOf(this.cards.map((c) => c.box))
  }

  isFree(box: Box): boolean {
    return !this.cards.some((c) => overlaps(box, c.box)) && !this.obstacles.some((o) => overlaps(box, o))
  }

  domains(): LayoutCard[] {
    return this.cards.filter((c) => c.kind === 'domain')
  }

  /** What growing the board by `box` costs everyone's text size. */
  growth(box: Box): number {
    return fitSize(this.bounds ? unionOf(this.bounds, box) : box) - fitSize(this.bounds)
  }
}

/** Half-card steps either way of a related card where a spot is looked for (besides the spots beside every card). */
const GRID = 4

/**
 * Free spots for a `w`×`h` card: beside every placed card at exactly the gap (aligned with its
 * edges or centred, so cards line up in rows and columns), and a grid around each of `near`.
 */
function candidateBoxes(board: Board, w: number, h: number, near: readonly Point[]): Box[] {
  const g = CARD_GAP
  const seen = new Set<number>()
  const spots: Box[] = []
  const add = (x: number, y: number) => {
    const box = { x: Math.round(x), y: Math.round(y), w, h }
    const key = box.x * 1_000_003 + box.y
    if (seen.has(key)) return
    seen.add(key)
    if (board.isFree(box)) spots.push(box)
  }
  for (const { box: b } of board.cards) {
    for (const y of [b.y, b.y + (b.h - h) / 2, b.y + b.h - h]) {
      add(b.x + b.w + g, y)
      add(b.x - g - w, y)
    }
    for (const x of [b.x, b.x + (b.w - w) / 2, b.x + b.w - w]) {
      add(x, b.y + b.h + g)
      add(x, b.y - g - h)
    }
  }
  for (const p of near) {
    for (let i = -GRID; i <= GRID; i++) {
      for (let j = -GRID; j <= GRID; j++) add(p.x + (i * (w + g)) / 2 - w / 2, p.y + (j * (h + g)) / 2 - h / 2)
    }
  }
  return spots
}

/** A card the placed card will have an arrow to, and how much that arrow counts. */
interface Link {
  card: LayoutCard
  weight: number
}

/**
 * A spot's cost in two parts: `base` is cheap (arrow length, growth, sitting in the wrong place),
 * `arrows` is dear (crossings, arrows across cards) and never negative, so `cheapest` can stop
 * as soon as the base alone is dearer than the best total.
 */
interface Scorer {
  base(box: Box): number
  arrows(box: Box): number
}

/**
 * Counts, for a card on a spot, its arrows to `links` that cross placed arrows or run across
 * placed cards, and placed arrows the card would cover. The placed arrows are read once.
 */
function arrowHarm(board: Board, links: readonly Link[], selfId: string | null): (box: Box) => number {
  const arrows = board.relations
    .filter((r) => r.from.id !== selfId && r.to.id !== selfId)
    .map((r) => ({ from: r.from, to: r.to, p: centreOf(r.from.box), q: centreOf(r.to.box) }))
  const ends = links.map((l) => ({ ...l, at: centreOf(l.card.box) }))
  return (box) => {
    const p = centreOf(box)
    let harm = 0
    for (const { card: target, weight, at } of ends) {
      for (const a of arrows) {
        if (a.from !== target && a.to !== target && segmentsCross(p, at, a.p, a.q)) harm += weight * COST.crossing
      }
      for (const c of board.cards) {
        if (c !== target && segmentHitsBox(p, at, c.box)) harm += weight * COST.arrowOverCard
      }
    }
    for (const a of arrows) if (segmentHitsBox(a.p, a.q, box)) harm += COST.arrowOverCard
    return harm
  }
}

/**
 * The cost of a spot for an agency, action or card without a domain: the length of its arrows,
 * growth of the board's 16:9 frame, reaching far out, sitting nearer another domain or inside
 * the domain ring, arrows crossing or running across cards, and being off the placer's screen.
 * `selfId` is the card's id when "Ordenen" places a card that exists (its owner's actions may be
 * down already); null for a new card (which may soon get an owner: see LIKELY).
 */
function satelliteScorer(board: Board, card: NewCard, selfId: string | null, viewport: Box | null): Scorer {
  const targets = relationTargets(card, board.byId)
  const incoming = selfId && card.kind === 'agency' ? board.cards.filter((c) => c.kind === 'action' && c.ownerId === selfId) : []
  const pulls = [
    ...targets.map((t) => ({ at: centreOf(t.card.box), weight: PULL[t.kind] })),
    ...incoming.map((c) => ({ at: centreOf(c.box), weight: PULL.owner })),
  ]
  // A card without relations stays near the resident.
  if (pulls.length === 0) pulls.push({ at: board.centre, weight: 1 })
  const own = targets.filter((t) => t.kind === 'domain').map((t) => centreOf(t.card.box))
  const others = board
    .domains()
    .filter((d) => !targets.some((t) => t.card === d))
    .map((d) => centreOf(d.box))
  const ring = own.length ? Math.max(...own.map((d) => ellipticRadius(d, board.centre))) : 0
  const links: Link[] = [
    ...targets.map((t) => ({ card: t.card, weight: 1 })),
    ...incoming.map((c) => ({ card: c, weight: 1 })),
    ...(selfId ? [] : likelyLinks(board, card)),
  ]
  const nearest = (p: Point, points: readonly Point[]) => {
    let min = Infinity
    for (const q of points) min = Math.min(min, distance(p, q))
    return min
  }
  return {
    base(box) {
      const p = centreOf(box)
      let cost = 0
      for (const pull of pulls) cost += pull.weight * distance(p, pull.at)
      if (own.length) {
        const toOwn = nearest(p, own)
        const toOther = nearest(p, others)
        if (toOther < toOwn) cost += COST.wrongSector + (toOwn - toOther)
        // Nearly as near another domain reads as ambiguous too.
        cost += COST.ambiguous * Math.max(0, toOwn * CLEARLY_NEARER - toOther)
        cost += COST.inward * Math.max(0, ring - ellipticRadius(p, board.centre))
      }
      cost += COST.fit * board.growth(box) + COST.spread * outerRadius(box, board.centre)
      if (viewport && !inside(box, viewport)) cost += COST.offScreen
      return cost
    },
    arrows: arrowHarm(board, links, selfId),
  }
}

/**
 * The arrows a new card will likely get once the form is filled in (see LIKELY). The latest
 * cards count most: people tend to put down their agency and then what they will do.
 */
function likelyLinks(board: Board, card: NewCard): Link[] {
  const domains = new Set(card.domainIds)
  const shares = (c: LayoutCard) => c.domainIds.some((id) => domains.has(id))
  let likely: LayoutCard[] = []
  if (card.kind === 'action' && !card.ownerId) likely = board.cards.filter((c) => c.kind === 'agency' && shares(c))
  if (card.kind === 'agency') likely = board.cards.filter((c) => c.kind === 'action' && !c.ownerId && shares(c))
  const weights = likely.map((_, i) => RECENCY ** (likely.length - 1 - i))
  const total = weights.reduce((a, b) => a + b, 0)
  return likely.map((c, i) => ({ card: c, weight: (LIKELY * weights[i]) / total }))
}

/** The spot with the lowest total cost; the dear part is only worked out where it can matter. */
function cheapest(spots: readonly Box[], scorer: Scorer): Box | null {
  const ranked = spots.map((box) => ({ box, base: scorer.base(box) })).sort((a, b) => a.base - b.base)
  let best: Box | null = null
  let bestCost = Infinity
  for (const { box, base } of ranked) {
    if (base >= bestCost) break
    const total = base + scorer.arrows(box)
    if (total < bestCost) {
      bestCost = total
      best = box
    }
  }
  return best
}

/** An agency, action or card without a domain. `now` is where it is, when it is on the board. */
function placeSatellite(board: Board, card: NewCard, selfId: string | null, viewport: Box | null, now: Box | null = null): Box {
  const near = [...relationTargets(card, board.byId).map((t) => centreOf(t.card.box))]
  if (near.length === 0) near.push(board.centre)
  const spots = candidateBoxes(board, card.w, card.h, near)
  if (now && board.isFree(now)) spots.push(now)
  return cheapest(spots, satelliteScorer(board, card, selfId, viewport)) ?? boxAround(near[0], card.w, card.h)
}

/** The angle of a point around the resident, on the ring's ellipse. */
function ringAngleOf(point: Point, centre: Point): number {
  return Math.atan2(point.y - centre.y, (point.x - centre.x) / RING_ASPECT)
}

/** A new domain: on the ring, in the widest gap between the domains already there. */
function placeDomain(board: Board, card: NewCard, viewport: Box | null): Box {
  const angles = board
    .domains()
    .map((d) => ringAngleOf(centreOf(d.box), board.centre))
    .sort((a, b) => a - b)
  let angle = ringAngles(1)[0]
  let widest = -1
  for (let i = 0; i < angles.length; i++) {
    const to = i + 1 < angles.length ? angles[i + 1] : angles[0] + 2 * Math.PI
    if (to - angles[i] > widest) {
      widest = to - angles[i]
      angle = angles[i] + widest / 2
    }
  }
  const resident = board.cards.find((c) => c.kind === 'resident')
  const ry = domainRingRadius(angles.length + 1, card.w, card.h, resident?.box ?? boxAround(board.centre, 260, 150))
  const ideal = onRing(board.centre, ry, angle)
  const spots = candidateBoxes(board, card.w, card.h, [ideal])
  const scorer: Scorer = {
    base: (box) =>
      distance(centreOf(box), ideal) +
      COST.fit * board.growth(box) +
      (viewport && !inside(box, viewport) ? COST.offScreen : 0),
    arrows: arrowHarm(board, [], null),
  }
  return cheapest(spots, scorer) ?? boxAround(ideal, card.w, card.h)
}

/**
 * Where a new card goes among `cards` (which stay where they are): the resident to the middle,
 * a domain to the widest gap of the ring, anything else beside its domain(s), or near the
 * resident when it has none.
 */
export function placeNewCard(cards: readonly LayoutCard[], card: NewCard, options: PlaceOptions = {}): Box {
  const resident = residentIn(cards)
  const board = new Board(resident ? centreOf(resident.box) : CENTRE, options.obstacles ?? [])
  for (const c of cards) board.add(c)
  const viewport = options.viewport ?? null
  if (card.kind === 'resident' && !resident) {
    const middle = boxAround(CENTRE, card.w, card.h)
    if (board.isFree(middle)) return middle
  }
  if (card.kind === 'domain') return placeDomain(board, card, viewport)
  return placeSatellite(board, card, null, viewport)
}

/** How readable a board is: what the tests check and what "Ordenen" minimises. */
export interface LayoutQuality {
  bounds: Box | null
  /** Pairs of cards that overlap. */
  overlaps: number
  /** Pairs of relation arrows (centre to centre) that cross. */
  crossings: number
  /** Relation arrows that run across a card they do not connect. */
  arrowsOverCards: number
  /** Agencies and actions nearer another domain than any of their own. */
  wrongSector: number
  /** Total length of the relation arrows. */
  arrowLength: number
}

export function layoutQuality(cards: readonly LayoutCard[]): LayoutQuality {
  const relations = relationsOf(cards)
  let overlapCount = 0
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) if (overlaps(cards[i].box, cards[j].box, 0)) overlapCount++
  }
  let crossings = 0
  for (let i = 0; i < relations.length; i++) {
    for (let j = i + 1; j < relations.length; j++) {
      const a = relations[i]
      const b = relations[j]
      if (a.from === b.from || a.from === b.to || a.to === b.from || a.to === b.to) continue
      if (segmentsCross(centreOf(a.from.box), centreOf(a.to.box), centreOf(b.from.box), centreOf(b.to.box))) crossings++
    }
  }
  let arrowsOverCards = 0
  for (const r of relations) {
    const p = centreOf(r.from.box)
    const q = centreOf(r.to.box)
    if (cards.some((c) => c !== r.from && c !== r.to && segmentHitsBox(p, q, c.box))) arrowsOverCards++
  }
  const domains = cards.filter((c) => c.kind === 'domain')
  let wrongSector = 0
  for (const card of cards) {
    const own = domains.filter((d) => card.domainIds.includes(d.id))
    if (own.length === 0 || (card.kind !== 'agency' && card.kind !== 'action')) continue
    const p = centreOf(card.box)
    const toOwn = Math.min(...own.map((d) => distance(p, centreOf(d.box))))
    if (domains.some((d) => !own.includes(d) && distance(p, centreOf(d.box)) < toOwn)) wrongSector++
  }
  const arrowLength = relations.reduce((sum, r) => sum + distance(centreOf(r.from.box), centreOf(r.to.box)), 0)
  return { bounds: boundsOf(cards.map((c) => c.box)), overlaps: overlapCount, crossings, arrowsOverCards, wrongSector, arrowLength }
}

/** One number to compare layouts of the same cards: lower reads better. */
function qualityCost(q: LayoutQuality): number {
  return (
    q.overlaps * 10_000 +
    q.crossings * COST.crossing +
    q.arrowsOverCards * COST.arrowOverCard +
    q.wrongSector * COST.wrongSector +
    q.arrowLength * 0.5 +
    fitSize(q.bounds) * 10
  )
}

/** The domains in the order they now go round the resident, clockwise from the top. */
function domainsClockwise(domains: readonly LayoutCard[], centre: Point): LayoutCard[] {
  // From the top, clockwise (screen y points down).
  const angle = (d: LayoutCard) => (ringAngleOf(centreOf(d.box), centre) + Math.PI / 2 + 2 * Math.PI) % (2 * Math.PI)
  return [...domains].sort((a, b) => angle(a) - angle(b) || a.id.localeCompare(b.id))
}

/**
 * Swaps domains on the ring while that brings domains that share a card (an agency or action of
 * both, or an action owned by another domain's agency) closer together: their arrows then stay
 * short instead of cutting across the middle.
 */
function orderDomains(order: LayoutCard[], cards: readonly LayoutCard[]): LayoutCard[] {
  const n = order.length
  if (n < 4) return order
  const domainsOf = new Map(cards.map((c) => [c.id, c.domainIds]))
  const links: [string, string][] = []
  for (const c of cards) {
    const own = c.domainIds
    for (let i = 0; i < own.length; i++) for (let j = i + 1; j < own.length; j++) links.push([own[i], own[j]])
    if (c.kind === 'action' && c.ownerId) {
      for (const a of own) for (const b of domainsOf.get(c.ownerId) ?? []) if (a !== b) links.push([a, b])
    }
  }
  if (links.length === 0) return order
  const spread = (o: LayoutCard[]) => {
    const at = new Map(o.map((d, i) => [d.id, i]))
    let sum = 0
    for (const [a, b] of links) {
      const i = at.get(a)
      const j = at.get(b)
      if (i === undefined || j === undefined) continue
      const gap = Math.abs(i - j)
      sum += Math.min(gap, n - gap)
    }
    return sum
  }
  let best = [...order]
  let bestSpread = spread(best)
  for (let improved = true; improved; ) {
    improved = false
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const next = [...best]
        ;[next[i], next[j]] = [next[j], next[i]]
        const s = spread(next)
        if (s < bestSpread) {
          best = next
          bestSpread = s
          improved = true
        }
      }
    }
  }
  return best
}

/** How many agencies and actions belong to each domain (a card of two domains counts half to each). */
function domainLoads(domains: readonly LayoutCard[], cards: readonly LayoutCard[]): number[] {
  const load = new Map(domains.map((d) => [d.id, 0]))
  for (const c of cards) {
    const own = c.domainIds.filter((id) => load.has(id))
    for (const id of own) load.set(id, load.get(id)! + 1 / own.length)
  }
  return domains.map((d) => load.get(d.id)!)
}

interface TidyVariant {
  /** The domain ring's size, against the ring length the cards ask for. */
  ringScale: number
  /** The domain ring's width over its height. */
  ringAspect: number
  /** Whether each domain's agencies go down before its actions. */
  agenciesFirst: boolean
}

function tidyOnce(
  cards: readonly LayoutCard[],
  resident: LayoutCard | null,
  domainOrder: readonly LayoutCard[],
  obstacles: readonly Box[],
  variant: TidyVariant,
): LayoutCard[] {
  const centre = resident ? centreOf(resident.box) : CENTRE
  const board = new Board(centre, obstacles)
  const residentBox = resident?.box ?? boxAround(centre, 260, 150)
  if (resident) board.add(resident)

  // A domain with many cards gets a longer stretch of the ring, so its cards stay beside it.
  const loads = domainLoads(domainOrder, cards)
  const angles = ringAnglesWeighted(loads.map((l) => 1 + TIDY_LOAD_WEIGHT * l))
  const sizes = domainOrder.map((d) => ({ w: d.box.w, h: d.box.h }))
  const ringLength = domainOrder.reduce((sum, d, i) => sum + d.box.w + CARD_GAP + TIDY_ROOM_PER_CARD * loads[i], 0)
  const aspect = variant.ringAspect
  const ry = clearRingRadius(residentBox, angles, sizes, (ringLength / ringPerimeterPerRadius(aspect)) * variant.ringScale, aspect)
  ringBoxes(centre, ry, angles, sizes, aspect).forEach((box, i) => board.add({ ...domainOrder[i], box }))

  // Then each domain's own cards, round the ring; cards of two domains and cards of none last.
  const onRing = new Set(domainOrder.map((d) => d.id))
  const ownDomains = (c: LayoutCard) => c.domainIds.filter((id) => onRing.has(id))
  const rest = cards.filter((c) => c.kind === 'agency' || c.kind === 'action')
  const first = variant.agenciesFirst ? 'agency' : 'action'
  const byKind = (a: LayoutCard, b: LayoutCard) => Number(b.kind === first) - Number(a.kind === first)
  const queue: LayoutCard[] = []
  for (const d of domainOrder) queue.push(...rest.filter((c) => ownDomains(c).length === 1 && ownDomains(c)[0] === d.id).sort(byKind))
  queue.push(...rest.filter((c) => ownDomains(c).length > 1).sort(byKind))
  queue.push(...rest.filter((c) => ownDomains(c).length === 0).sort(byKind))
  const asNew = (c: LayoutCard): NewCard => ({ kind: c.kind, w: c.box.w, h: c.box.h, domainIds: c.domainIds, ownerId: c.ownerId })
  for (const card of queue) board.add({ ...card, box: placeSatellite(board, asNew(card), card.id, null) })

  // Once all are down, each card looks once more, outermost first: one placed early may now find
  // a spot nearer its partners, and the outermost move in.
  const satellites = board.cards.filter((c) => queue.some((q) => q.id === c.id))
  satellites.sort((a, b) => outerRadius(b.box, centre) - outerRadius(a.box, centre))
  for (const card of satellites) {
    board.remove(card)
    board.add({ ...card, box: placeSatellite(board, asNew(card), card.id, null, card.box) })
  }
  return board.cards
}

/**
 * "Ordenen": every card's new box, by the eco-map rule. The resident stays where she is (so the
 * board does not wander off anyone's screen) and the domains go round her in their present order
 * (swapped only where that shortens arrows shared between domains), each with a stretch of the
 * ring in proportion to its cards; then each domain's actions and agencies beside it, cards of
 * no domain near her. A few ring sizes and shapes are tried and the most readable result kept.
 *
 * The first resident card given is the one that counts. Other resident cards stay where they are
 * (moving one above her would change which one counts), and so do `fixed` boxes (cards someone
 * locked, drawings): the others keep clear of them.
 */
export function tidyUpLayout(cards: readonly LayoutCard[], fixed: readonly Box[] = []): Map<string, Box> {
  const resident = residentIn(cards)
  const centre = resident ? centreOf(resident.box) : CENTRE
  const others = cards.filter((c) => c.kind === 'resident' && c !== resident)
  const movable = cards.filter((c) => !others.includes(c))
  const obstacles = [...fixed, ...others.map((c) => c.box)]
  const order = orderDomains(
    domainsClockwise(
      cards.filter((c) => c.kind === 'domain'),
      centre,
    ),
    cards,
  )
  // One variant costs about (cards)² spot checks; a huge board tries fewer.
  const tries = Math.max(1, Math.min(TIDY_VARIANTS.length, Math.floor(TIDY_WORK / Math.max(1, cards.length) ** 2)))
  let best: LayoutCard[] = []
  let bestCost = Infinity
  for (const variant of TIDY_VARIANTS.slice(0, tries)) {
    const laid = tidyOnce(movable, resident, order, obstacles, variant)
    const cost = qualityCost(layoutQuality(laid))
    if (cost < bestCost) {
      bestCost = cost
      best = laid
    }
  }
  return new Map([...others, ...best].map((c) => [c.id, c.box]))
}
