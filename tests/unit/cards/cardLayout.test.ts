import { describe, expect, it } from 'vitest'
import { CARD_DEFAULTS } from '../../../shared/domain/cards'
import { STRINGS } from '../../../client/i18n/strings'
import { cardContentOf, type CardContent } from '../../../client/shapes/cardContent'
import { NO_FACTS, type CardFacts } from '../../../client/shapes/cardFacts'
import { agencyCardHeight, TV_ZOOM_STEP } from '../../../client/shapes/agencyHeight'
import { planCard, type CardPlan } from '../../../client/shapes/cardLayout'
import type { CardShape } from '../../../client/shapes/cardShapeTypes'
import { cardFontSizes, ZOOM_STEPS, zoomStep } from '../../../client/shapes/cardZoom'
import { estimateWidth } from '../../../client/shapes/textMeasure'
import { linesText } from '../../../client/shapes/wrapText'

const strings = STRINGS.nl

function shape<T extends CardShape['type']>(type: T, props: object): CardShape {
  return { id: `shape:${type}`, type, props } as unknown as CardShape
}

const legalShopProps = {
  ...CARD_DEFAULTS.agency(),
  organisation: 'Kinderrechtswinkel',
  office: 'Juridisch spreekuur voor jongeren',
  person: 'Mr. Sanne de Vries',
  canDo: 'Uitleg over het optierecht van de kinderen en welke papieren nodig zijn',
  cannotDo: 'Alleen advies; geen aanvraag of procedure voeren',
}
/** As the side panel sizes it once its "kan niet" is typed. */
const legalShop = shape('agency', { ...legalShopProps, h: agencyCardHeight(legalShopProps) })
const finances = shape('life-domain', {
  ...CARD_DEFAULTS.domain('financien'),
  score: 2,
  worries: 'Schulden bij de Belastingdienst en de zorgverzekeraar; het inkomen wisselt elke maand',
  strengths: 'Houdt zelf een kasboek bij',
  residentWords: 'Ik wil zelf weten waar ons geld heen gaat',
})
const budgetCoach = shape('action', {
  ...CARD_DEFAULTS.action(),
  what: 'Budgetcoach alleen als zij dat zelf wil; eerst samen met haar man bespreken',
  dueDate: '2026-01-15',
})
const thinking: CardFacts = { decision: 'thinking', outcome: null, owner: { person: 'Peter Jansen', organisation: 'Stichting Budgetbeheer' }, domains: ['Financiën'] }

function plan(card: CardShape, step: number, facts: CardFacts = NO_FACTS): { content: CardContent; plan: CardPlan } {
  const content = cardContentOf(card, facts, strings, 'nl')
  const { w, h } = card.props as { w: number; h: number }
  return { content, plan: planCard({ content, w, h, step, measure: estimateWidth, moreLabel: strings.meeting.more }) }
}

const shownText = (p: CardPlan) =>
  [p.title, ...p.second, ...p.details].map((t) => linesText(t.lines)).join(' ').replace(/\u2010\s/g, '').replace(/\s+/g, ' ')
const markers = (p: CardPlan) => [p.title, ...p.second, ...p.details].filter((t) => t.marker).length

describe('planning what a card shows for its size on screen', () => {
  it('never plans more than fits the card, at any zoom step', () => {
    for (const step of ZOOM_STEPS) {
      for (const [card, facts] of [[legalShop, NO_FACTS], [finances, NO_FACTS], [budgetCoach, thinking]] as const) {
        const { plan: p } = plan(card, step, facts)
        expect(p.usedHeight, `${card.type} at ${step}`).toBeLessThanOrEqual(p.innerHeight)
        expect(p.title.lines.length).toBeGreaterThan(0)
        expect(p.second.length).toBeGreaterThan(0)
      }
    }
  })

  it('whatever the card\'s size and zoom: fits its box, and says "meer" when anything is left out or cut', () => {
    const cards: [CardShape, CardFacts][] = [
      [legalShop, NO_FACTS],
      [finances, NO_FACTS],
      [budgetCoach, thinking],
      [shape('action', { ...CARD_DEFAULTS.action(), what: 'Bellen' }), thinking],
      [shape('resident', { ...CARD_DEFAULTS.resident(), name: 'Ansaj Hadžić-Begović' }), NO_FACTS],
    ]
    for (const [card, facts] of cards) {
      for (const w of [200, 280, 400]) {
        for (const h of [120, 170, 260]) {
          for (const step of ZOOM_STEPS) {
            const { plan: p } = plan(shape(card.type, { ...card.props, w, h }), step, facts)
            const where = `${card.type} ${w}×${h} at ${step}`
            expect(p.usedHeight, where).toBeLessThanOrEqual(p.innerHeight)
            if (!p.complete) expect(markers(p), where).toBeGreaterThan(0)
            for (const t of [p.title, ...p.second, ...p.details]) if (t.cut) expect(t.marker, where).toBe(true)
            for (const t of p.details) if (t.source.whole) expect(t.cut, where).toBe(false)
          }
        }
      }
    }
  })

  it('draws the title and the line under it at the sizes for the zoom step', () => {
    const { plan: p } = plan(finances, 0.55)
    const sizes = cardFontSizes('domain', 0.55)
    expect(p.title.size).toBeLessThanOrEqual(sizes.title)
    expect(p.title.size).toBeGreaterThanOrEqual(sizes.titleFloor)
    expect(p.second[0].size).toBe(sizes.second)
  })

  it('shows everything at 100 % when it fits, and no marker', () => {
    const { plan: p } = plan(shape('life-domain', { ...CARD_DEFAULTS.domain('huisvesting'), score: 4 }), 1)
    expect(p.complete).toBe(true)
    expect(markers(p)).toBe(0)
    expect(shownText(p)).toContain('4 – Voldoende zelfredzaam')
  })

  it('ends a card that leaves something out in exactly one "meer" on the last text shown, or on the text cut', () => {
    for (const step of ZOOM_STEPS) {
      const { plan: p } = plan(finances, step)
      if (p.complete) expect(markers(p)).toBe(0)
      else expect(markers(p), `at ${step}`).toBeGreaterThan(0)
      // A text cut short always carries the marker.
      for (const t of [p.title, ...p.second, ...p.details]) if (t.cut) expect(t.marker).toBe(true)
    }
  })

  it('shows an agency\'s "kan niet" whole, right after the person, whenever more than the title shows', () => {
    const sizes = [[280, 170], [280, 240], [280, 300], [200, 400], [400, 200], [280, agencyCardHeight(legalShopProps)]]
    for (const [w, h] of sizes) {
      for (const step of ZOOM_STEPS) {
        const { plan: p } = plan(shape('agency', { ...legalShopProps, w, h }), step)
        const where = `${w}×${h} at ${step}`
        const under = [...p.second, ...p.details]
        if (under.length === 0) {
          expect(p.title.marker, where).toBe(true)
          continue
        }
        const cannotDo = p.second.find((t) => t.source.label === strings.meeting.cannotDo)
        expect(cannotDo, where).toBeDefined()
        expect(cannotDo!.cut, where).toBe(false)
        expect(shownText(p), where).toContain('Kan niet: Alleen advies; geen aanvraag of procedure voeren')
        // Right after the person, or alone under the title with the person left out ("meer").
        if (p.second.length === 2) expect(p.second[0].source.text).toBe('Mr. Sanne de Vries')
        else expect(markers(p), where).toBeGreaterThan(0)
      }
    }
    expect(plan(legalShop, 1).plan.details.length).toBeGreaterThan(0)
  })

  it('grows an agency\'s card to show the title, the person and the whole "kan niet" on the TV', () => {
    const h = agencyCardHeight(legalShopProps)
    expect(h).toBeGreaterThan(CARD_DEFAULTS.agency().h)
    expect(agencyCardHeight({ ...legalShopProps, cannotDo: '' })).toBe(CARD_DEFAULTS.agency().h)
    for (const step of ZOOM_STEPS.filter((s) => s >= TV_ZOOM_STEP)) {
      const { plan: p } = plan(legalShop, step)
      expect(p.second.map((t) => t.source.text), `at ${step}`).toEqual(['Mr. Sanne de Vries', 'Alleen advies; geen aanvraag of procedure voeren'])
      expect(p.second[1].cut).toBe(false)
    }
    // Much less would not do at the TV's zoom.
    const { plan: tight } = plan(shape('agency', { ...legalShopProps, h: h - 60 }), zoomStep(0.42))
    expect(tight.second.length === 2 && !tight.second[1].cut).toBe(false)
  })

  it('puts her name first: "Bewoner" gives way before the name is cut', () => {
    const ansaj = shape('resident', { ...CARD_DEFAULTS.resident(), name: 'Ansaj Hadžić-Begović' })
    // On a 260×150 card from the 16-card TV's zoom (0.7) in; on a 260×180 card from the 40-card TV's (0.42).
    const tall = shape('resident', { ...CARD_DEFAULTS.resident(), w: 260, h: 180, name: 'Ansaj Hadžić-Begović' })
    for (const [card, step] of [[ansaj, 0.7], [ansaj, 0.8], [ansaj, 1], [tall, 0.4], [tall, 0.55], [tall, 0.7]] as const) {
      const { plan: p } = plan(card, step)
      expect(p.title.cut, `at ${step}`).toBe(false)
      expect(linesText(p.title.lines).replace(/\n/g, ' ').replace(/- /g, '-'), `at ${step}`).toBe('Ansaj Hadžić-Begović')
      // "Bewoner" may give way, announced by "meer" where that costs the name nothing.
      if (p.second.length === 0 && p.title.marker) expect(p.title.cut).toBe(false)
    }
  })

  it('finishes for any card size at every zoom step, however small (a card resized to a sliver)', () => {
    const cards: [CardShape, CardFacts][] = [
      [legalShop, NO_FACTS],
      [finances, NO_FACTS],
      [budgetCoach, thinking],
      [shape('resident', { ...CARD_DEFAULTS.resident(), name: 'Ansaj Hadžić-Begović' }), NO_FACTS],
    ]
    let plans = 0
    for (const [card, facts] of cards) {
      for (const w of [1, 2, 5, 10, 20, 40, 60, 70, 80, 88, 100, 150, 200, 300, 400]) {
        for (const h of [1, 5, 20, 50, 100, 200, 300]) {
          for (const step of ZOOM_STEPS) {
            const { plan: p } = plan(shape(card.type, { ...card.props, w, h }), step, facts)
            plans++
            // A bounded plan: never more lines than characters in the card's texts.
            const lines = [p.title, ...p.second, ...p.details].reduce((n, t) => n + t.lines.length, 0)
            expect(lines).toBeLessThan(400)
          }
        }
      }
    }
    expect(plans).toBe(4 * 15 * 7 * ZOOM_STEPS.length)
  })

  it('never cuts her decision: "Wil ik…" would read as "Wil ik"', () => {
    for (const step of ZOOM_STEPS) {
      const { plan: p } = plan(budgetCoach, step, thinking)
      expect(p.second[0].source.value).toBe('thinking')
      expect(p.second[0].cut, `at ${step}`).toBe(false)
      expect(linesText(p.second[0].lines).replace(/\n/g, ' ')).toBe('Wil ik over nadenken')
    }
  })

  it('at a follow-up, shows what became of an agreed action beside her decision, never cut', () => {
    const followUp: CardFacts = { ...thinking, decision: 'agreed', outcome: 'partly' }
    for (const step of ZOOM_STEPS) {
      const { plan: p } = plan(budgetCoach, step, followUp)
      expect(p.second.map((t) => t.source.value).slice(0, 2)).toEqual(['agreed', 'partly'])
      expect(p.second[1].cut, `at ${step}`).toBe(false)
      expect(p.usedHeight).toBeLessThanOrEqual(p.innerHeight)
    }
  })

  it('says a score shorter rather than cutting it to "1 –…"', () => {
    for (const step of ZOOM_STEPS) {
      const { plan: p } = plan(shape('life-domain', { ...CARD_DEFAULTS.domain('verblijf-nationaliteit'), score: 1 }), step)
      expect(linesText(p.second[0].lines), `at ${step}`).not.toMatch(/–…$/)
    }
  })

  it('keeps the pictogram beside the title only where it costs the title nothing', () => {
    expect(plan(finances, 1).plan.pictogram).toBeGreaterThan(0)
    const { plan: far } = plan(shape('life-domain', { ...CARD_DEFAULTS.domain('maatschappelijke-participatie'), score: 3 }), 0.5)
    expect(far.pictogram).toBe(0)
  })
})
