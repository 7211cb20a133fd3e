import { describe, expect, it } from 'vitest'
import { wrap } from '../../client/shapes/cardSvg'
import type { CardContent } from '../../client/shapes/cardContent'

describe('word wrap for exported cards', () => {
  it('wraps at word boundaries within the width', () => {
    const lines = wrap('Advocaat voor de nationaliteit van de kinderen', 200, 20, 5)
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.join(' ')).toBe('Advocaat voor de nationaliteit van de kinderen')
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(Math.floor(200 / 11))
  })
  it('ends with an ellipsis when the text does not fit in the lines allowed', () => {
    const lines = wrap('een twee drie vier vijf zes zeven acht negen tien elf twaalf', 100, 20, 2)
    expect(lines).toHaveLength(2)
    expect(lines[1].endsWith('…')).toBe(true)
  })
  it('keeps a short text as it is', () => {
    expect(wrap('Financiën', 280, 23, 2)).toEqual(['Financiën'])
  })
})

describe('a card drawn for the record picture', () => {
  it('draws the title, her decision with its icon, the owner and the details, inside the card', async () => {
    const { createElement } = await import('react')
    const { renderToStaticMarkup } = await import('react-dom/server')
    const { CardSvg } = await import('../../client/shapes/cardSvg')
    const content: CardContent = {
      kind: 'action',
      pictogram: null,
      title: 'Advocaat zoeken voor de nationaliteit van de kinderen',
      second: [
        { text: 'Wil ik', icon: 'M5 12l4 4l10-10', tone: 'ok', strong: true, value: 'agreed', whole: true },
        { text: 'Joost Bakker (Kinderrechtswinkel)' },
      ],
      details: [{ label: 'Wanneer', text: '30 maart 2026' }],
      worry: false,
      decision: 'agreed',
    }
    const svg = renderToStaticMarkup(createElement('svg', null, createElement(CardSvg, { content, w: 320, h: 230, pictogramPath: null })))
    expect(svg).toContain('Advocaat zoeken')
    expect(svg).toContain('Wil ik')
    expect(svg).toContain('M5 12l4 4l10-10')
    expect(svg).toContain('Joost Bakker')
    expect(svg).toContain('Wanneer: 30 maart 2026')
    for (const y of [...svg.matchAll(/<text[^>]* y="([\d.]+)"/g)].map((m) => Number(m[1]))) expect(y).toBeLessThanOrEqual(230)
  })
})
