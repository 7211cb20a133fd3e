import { describe, expect, it } from 'vitest'
import type { CardContent } from '../../client/shapes/cardContent'

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
    expect(svg.replace(/<[^>]+>/g, '')).toContain('Wanneer: 30 maart 2026')
    for (const y of [...svg.matchAll(/<text[^>]* y="([\d.]+)"/g)].map((m) => Number(m[1]))) expect(y).toBeLessThanOrEqual(230)
  })

  it('follows the canvas plan: a text cut short ends in "… meer", never a bare "…", and "kan niet" whole', async () => {
    const { createElement } = await import('react')
    const { renderToStaticMarkup } = await import('react-dom/server')
    const { CardSvg } = await import('../../client/shapes/cardSvg')
    const agency: CardContent = {
      kind: 'agency',
      pictogram: 'agency',
      title: 'Kinderrechtswinkel',
      second: [
        { text: 'Mr. Sanne de Vries', maxLines: 2 },
        { label: 'Kan niet', text: 'Alleen advies; geen aanvraag of procedure voeren', tone: 'danger', whole: true, mustShow: true },
      ],
      details: [{ label: 'Kan wel', text: 'Uitleg over het optierecht van de kinderen en welke papieren nodig zijn, en nog veel meer daarover', maxLines: 3 }],
      worry: false,
    }
    for (const [w, h] of [[280, 170], [280, 260], [200, 120], [400, 300]]) {
      const svg = renderToStaticMarkup(createElement('svg', null, createElement(CardSvg, { content: agency, w, h, pictogramPath: 'M1 1L2 2', moreLabel: 'meer' })))
      const texts = [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''))
      const all = texts.join(' ').replace(/\u2010 /g, '')
      // A line ending in "…" is followed by the marker.
      texts.forEach((t, i) => {
        if (t.trim().endsWith('…')) expect(texts[i + 1], `${w}×${h}: "${t}"`).toBe('meer')
      })
      if (all.includes('Kan niet')) expect(all, `${w}×${h}`).toContain('Alleen advies; geen aanvraag of procedure voeren')
      for (const y of [...svg.matchAll(/<text[^>]* y="([\d.]+)"/g)].map((m) => Number(m[1]))) expect(y).toBeLessThanOrEqual(h)
    }
  })
})
