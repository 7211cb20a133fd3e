/**
 * The eco-map layout on meetings built the way people build them (see meetings.ts): the board
 * must stay readable on a 16:9 TV — inside the size budget that keeps card text big, no cards on
 * top of each other, every action beside its domain, every agency on its own domain's side,
 * hardly any crossing arrows — while cards are added one by one, and after "Ordenen".
 */
import { describe, expect, it } from 'vitest'
import { layoutQuality, placeNewCard, relationsOf, tidyUpLayout, type LayoutCard } from '../../../client/meeting/ecoMapLayout'
import { boundsOf, centreOf, distance, overlaps, segmentsCross, type Box } from '../../../client/meeting/placement'
import { CARD_DEFAULTS } from '../../../shared/domain/cards'
import { ansajMeeting, longMeeting, MeetingBuilder, randomMeeting, seeded } from './meetings'

/** Fitted on 1920×1080, these keep titles at 24 px (16 cards) and 18 px (40 cards): issue 8. */
const BUDGET = {
  16: { w: 2600, h: 1450 },
  40: { w: 3600, h: 2000 },
}
const ACTION = CARD_DEFAULTS.action()
const ACTION_REACH = 1.6 * Math.hypot(ACTION.w, ACTION.h)

function withBoxes(cards: readonly LayoutCard[], boxes: Map<string, Box>): LayoutCard[] {
  return cards.map((c) => ({ ...c, box: boxes.get(c.id)! }))
}

function overlappingPairs(cards: readonly LayoutCard[], gap = 30): string[] {
  const pairs: string[] = []
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) if (overlaps(cards[i].box, cards[j].box, gap)) pairs.push(`${cards[i].id} × ${cards[j].id}`)
  }
  return pairs
}

function domainsOf(card: LayoutCard, cards: readonly LayoutCard[]) {
  return cards.filter((c) => c.kind === 'domain' && card.domainIds.includes(c.id))
}

/** Actions further from all their domains than the reach. */
function strayActions(cards: readonly LayoutCard[]): string[] {
  return cards
    .filter((c) => c.kind === 'action' && c.domainIds.length > 0)
    .filter((c) => Math.min(...domainsOf(c, cards).map((d) => distance(centreOf(c.box), centreOf(d.box)))) > ACTION_REACH)
    .map((c) => c.id)
}

/** Agencies nearer some other domain than to (any of) their own. */
function agenciesOnTheWrongSide(cards: readonly LayoutCard[]): string[] {
  const domains = cards.filter((c) => c.kind === 'domain')
  return cards
    .filter((c) => c.kind === 'agency' && c.domainIds.length > 0)
    .filter((c) => {
      const own = domainsOf(c, cards)
      const toOwn = Math.min(...own.map((d) => distance(centreOf(c.box), centreOf(d.box))))
      return domains.some((d) => !own.includes(d) && distance(centreOf(c.box), centreOf(d.box)) < toOwn)
    })
    .map((c) => c.id)
}

/** The board as it was when each card was placed: owners and second domains are filled in later. */
function asPlaced(cards: readonly LayoutCard[]): LayoutCard[] {
  return cards.map((c) => ({ ...c, ownerId: null, domainIds: c.domainIds.slice(0, 1) }))
}

function expectReadable(cards: readonly LayoutCard[], budget: { w: number; h: number }, maxCrossings: number) {
  const quality = layoutQuality(cards)
  expect(overlappingPairs(cards)).toEqual([])
  expect(quality.bounds!.w).toBeLessThanOrEqual(budget.w)
  expect(quality.bounds!.h).toBeLessThanOrEqual(budget.h)
  expect(strayActions(cards)).toEqual([])
  expect(agenciesOnTheWrongSide(cards)).toEqual([])
  expect(quality.crossings).toBeLessThanOrEqual(maxCrossings)
  return quality
}

describe('cards added one by one, as around the table', () => {
  it("Ansaj's meeting of 16 cards stays readable", () => {
    const { cards } = ansajMeeting()
    expect(cards).toHaveLength(16)
    const quality = expectReadable(cards, BUDGET[16], 2)
    // Measured: 1917 × 1351, no crossing.
    expect(quality.crossings).toBe(0)
  })

  it('a long meeting of 40 cards stays readable', () => {
    const { cards } = longMeeting()
    expect(cards).toHaveLength(40)
    // Owners chosen afterwards in the form may cross (measured 12, half of them owners or second
    // domains in another domain; "Ordenen" takes them all away); the arrows known when the cards
    // were placed do not.
    expectReadable(cards, BUDGET[40], 14)
    expect(layoutQuality(asPlaced(cards)).crossings).toBe(0)
  })

  it('random meetings in a realistic order never overlap and stay near the budget', () => {
    for (let seed = 1; seed <= 6; seed++) {
      for (const [size, budget] of [
        [{ domains: 5, agencies: 5, actions: 5 }, BUDGET[16]],
        [{ domains: 9, agencies: 12, actions: 18 }, BUDGET[40]],
      ] as const) {
        const { cards } = randomMeeting(seed, size)
        const quality = layoutQuality(cards)
        expect(overlappingPairs(cards), `seed ${seed}`).toEqual([])
        // Random meetings load some domains with many cards; allow 15 % over.
        expect(quality.bounds!.w, `seed ${seed}`).toBeLessThanOrEqual(budget.w * 1.15)
        expect(quality.bounds!.h, `seed ${seed}`).toBeLessThanOrEqual(budget.h * 1.15)
        expect(layoutQuality(asPlaced(cards)).crossings, `seed ${seed}`).toBeLessThanOrEqual(2)
      }
    }
  })

  it('places a new card on your screen when a good spot is there', () => {
    const m = ansajMeeting()
    const domain = m.cards.find((c) => c.kind === 'domain' && !m.cards.some((o) => o.domainIds.includes(c.id)))!
    const card = { kind: 'action' as const, w: ACTION.w, h: ACTION.h, domainIds: [domain.id] }
    const best = placeNewCard(m.cards, card)
    // You look at the part of the board below the best spot: the domain is at the top of your screen.
    const around = centreOf(domain.box)
    const viewport: Box = { x: around.x - 800, y: best.y + best.h, w: 1600, h: 900 }
    const box = placeNewCard(m.cards, card, { viewport })
    expect(box).not.toEqual(best)
    expect(box.x).toBeGreaterThanOrEqual(viewport.x)
    expect(box.x + box.w).toBeLessThanOrEqual(viewport.x + viewport.w)
    expect(box.y).toBeGreaterThanOrEqual(viewport.y)
    expect(box.y + box.h).toBeLessThanOrEqual(viewport.y + viewport.h)
    expect(distance(centreOf(box), around)).toBeLessThanOrEqual(ACTION_REACH)
    for (const other of m.cards) expect(overlaps(box, other.box)).toBe(false)
  })

  it('but never far from its domain just to be on screen', () => {
    const m = ansajMeeting()
    const domain = m.cards.find((c) => c.kind === 'domain')!
    const elsewhere: Box = { x: 5000, y: 5000, w: 1000, h: 600 }
    const box = placeNewCard(m.cards, { kind: 'action', w: ACTION.w, h: ACTION.h, domainIds: [domain.id] }, { viewport: elsewhere })
    expect(distance(centreOf(box), centreOf(domain.box))).toBeLessThanOrEqual(ACTION_REACH)
  })

  it('puts a domain added later in the widest gap of the ring, clear of everything', () => {
    const m = new MeetingBuilder()
    m.start(5)
    // Someone moved the domains to the right-hand side; the left is empty.
    const domains = m.cards.filter((c) => c.kind === 'domain')
    domains.forEach((d, i) => (d.box = { ...d.box, x: 500, y: -520 + i * 220 }))
    m.addAgency(domains[0].id)
    const added = m.card(m.addDomain())
    for (const card of m.cards) if (card !== added) expect(overlaps(added.box, card.box)).toBe(false)
    expect(centreOf(added.box).x).toBeLessThan(-200)
  })

  it('keeps a card without a domain near the resident, and clear of drawings', () => {
    const m = ansajMeeting()
    const drawing: Box = { x: -200, y: 200, w: 400, h: 200 }
    const box = placeNewCard(m.cards, { kind: 'agency', w: 280, h: 170, domainIds: [] }, { obstacles: [drawing] })
    expect(overlaps(box, drawing)).toBe(false)
    for (const card of m.cards) expect(overlaps(box, card.box)).toBe(false)
    expect(distance(centreOf(box), { x: 0, y: 0 })).toBeLessThan(800)
  })
})

describe('"Ordenen" lays the whole board out again', () => {
  it("Ansaj's 16 cards: within budget, no crossing, the resident where she was", () => {
    const { cards } = ansajMeeting()
    const boxes = tidyUpLayout(cards)
    expect([...boxes.keys()].sort()).toEqual(cards.map((c) => c.id).sort())
    const tidy = withBoxes(cards, boxes)
    expectReadable(tidy, BUDGET[16], 0)
    expect(boxes.get('shape:resident')).toEqual(cards[0].box)
    // The second domain of the municipality is taken into account: its arrows do not cross.
    expect(layoutQuality(tidy).crossings).toBe(0)
  })

  it('40 cards: within budget, at most two crossings, and tidier than card by card', () => {
    const { cards } = longMeeting()
    const tidy = withBoxes(cards, tidyUpLayout(cards))
    const quality = expectReadable(tidy, BUDGET[40], 2)
    expect(quality.crossings).toBeLessThan(layoutQuality(cards).crossings)
  })

  it('untangles a messy board', () => {
    const { cards } = longMeeting()
    const random = seeded(42)
    // Everyone dragged cards wherever: a heap in the middle, overlapping.
    const messy = cards.map((c) => (c.kind === 'resident' ? c : { ...c, box: { ...c.box, x: Math.round(random() * 1200 - 600), y: Math.round(random() * 800 - 400) } }))
    expect(overlappingPairs(messy).length).toBeGreaterThan(10)
    const tidy = withBoxes(messy, tidyUpLayout(messy))
    expectReadable(tidy, BUDGET[40], 3)
  })

  it('gives the same result every time (everyone sees what the one who pressed it sees)', () => {
    const { cards } = ansajMeeting()
    expect([...tidyUpLayout(cards)]).toEqual([...tidyUpLayout(cards)])
  })

  it('a card of two domains brings them together', () => {
    const m = new MeetingBuilder()
    const domains = m.start(6)
    const shared = m.addAgency(domains[0])
    m.addDomainTo(shared, domains[3])
    for (const d of domains) m.addAction(d)
    const tidy = withBoxes(m.cards, tidyUpLayout(m.cards))
    expect(overlappingPairs(tidy)).toEqual([])
    // Its two domains, opposite each other at the start, become neighbours on the ring…
    const at = (id: string) => centreOf(tidy.find((c) => c.id === id)!.box)
    const nearest = domains
      .filter((d) => d !== domains[0])
      .sort((a, b) => distance(at(a), at(domains[0])) - distance(at(b), at(domains[0])))
    expect(nearest.slice(0, 2)).toContain(domains[3])
    // …so both its arrows stay short and cross nothing.
    for (const d of [domains[0], domains[3]]) expect(distance(at(shared), at(d))).toBeLessThanOrEqual(ACTION_REACH * 1.25)
    expect(layoutQuality(tidy).crossings).toBe(0)
  })

  it('leaves other resident cards and fixed things where they are, and keeps clear of them', () => {
    const m = ansajMeeting()
    const second: LayoutCard = { id: 'shape:resident-2', kind: 'resident', box: { x: 900, y: 900, w: 260, h: 150 }, domainIds: [] }
    const drawing: Box = { x: -1200, y: -200, w: 300, h: 300 }
    const cards = [...m.cards, second]
    const boxes = tidyUpLayout(cards, [drawing])
    expect(boxes.get(second.id)).toEqual(second.box)
    const tidy = withBoxes(cards, boxes)
    expect(overlappingPairs(tidy)).toEqual([])
    for (const c of tidy) expect(overlaps(c.box, drawing)).toBe(false)
  })

  it('copes with a board without a resident, domains or relations', () => {
    expect(tidyUpLayout([]).size).toBe(0)
    const loose: LayoutCard[] = Array.from({ length: 6 }, (_, i) => ({
      id: `shape:a${i}`,
      kind: i % 2 ? 'agency' : 'action',
      box: { x: 0, y: 0, w: 300, h: 200 },
      domainIds: [],
    }))
    const tidy = withBoxes(loose, tidyUpLayout(loose))
    expect(overlappingPairs(tidy)).toEqual([])
    expect(boundsOf(tidy.map((c) => c.box))!.w).toBeLessThan(1600)
  })

  it('on random meetings: no overlaps, hardly any crossings, near the budget', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { cards } = randomMeeting(seed, { domains: 9, agencies: 12, actions: 18 })
      const tidy = withBoxes(cards, tidyUpLayout(cards))
      const quality = layoutQuality(tidy)
      expect(overlappingPairs(tidy), `seed ${seed}`).toEqual([])
      expect(quality.crossings, `seed ${seed}`).toBeLessThanOrEqual(4)
      expect(quality.bounds!.w, `seed ${seed}`).toBeLessThanOrEqual(BUDGET[40].w * 1.15)
      expect(quality.bounds!.h, `seed ${seed}`).toBeLessThanOrEqual(BUDGET[40].h * 1.15)
    }
  })
})

describe('what the layout measures', () => {
  it('counts crossing arrows centre to centre, as the cards data asks for them', () => {
    const box = (x: number, y: number): Box => ({ x, y, w: 10, h: 10 })
    const cards: LayoutCard[] = [
      { id: 'd1', kind: 'domain', box: box(0, 0), domainIds: [] },
      { id: 'd2', kind: 'domain', box: box(100, 0), domainIds: [] },
      { id: 'a1', kind: 'action', box: box(100, 100), domainIds: ['d1'] },
      { id: 'a2', kind: 'action', box: box(0, 100), domainIds: ['d2'] },
    ]
    expect(relationsOf(cards)).toHaveLength(2)
    expect(layoutQuality(cards).crossings).toBe(1)
    const [r1, r2] = relationsOf(cards)
    expect(segmentsCross(centreOf(r1.from.box), centreOf(r1.to.box), centreOf(r2.from.box), centreOf(r2.to.box))).toBe(true)
  })
})
