import { describe, expect, it } from 'vitest'
import { cardFontSizes, MIN_DETAIL_SCREEN_PX, ZOOM_STEPS, zoomStep } from '../../../client/shapes/cardZoom'

describe('semantic zoom: text sizes for the size a card has on screen', () => {
  it('rounds the zoom down to a step, so cards plan again only when the step changes', () => {
    expect(zoomStep(0.56)).toBe(0.55)
    expect(zoomStep(0.55)).toBe(0.55)
    expect(zoomStep(0.42)).toBe(0.4)
    expect(zoomStep(3.38)).toBe(1)
    expect(zoomStep(0.01)).toBe(ZOOM_STEPS[0])
    for (let zoom = 0.1; zoom < 2; zoom += 0.013) expect(zoomStep(zoom)).toBeLessThanOrEqual(zoom + 1e-9)
  })

  it('keeps every title ≥ 24 px and the line under it ≥ 18 px on screen down to zoom 0.5 (a 16-card board fitted)', () => {
    for (let zoom = 0.5; zoom <= 3; zoom += 0.01) {
      for (const kind of ['resident', 'domain', 'agency', 'action'] as const) {
        const sizes = cardFontSizes(kind, zoomStep(zoom))
        expect(sizes.title * zoom, `${kind} title at ${zoom}`).toBeGreaterThanOrEqual(24)
        expect(sizes.titleFloor * zoom, `${kind} title floor at ${zoom}`).toBeGreaterThanOrEqual(24)
        expect(sizes.second * zoom, `${kind} second line at ${zoom}`).toBeGreaterThanOrEqual(18)
      }
    }
  })

  it('keeps titles ≥ 18 px and the line under ≥ 14 px at zoom 0.42 and up (a 40-card board fitted)', () => {
    for (let zoom = 0.42; zoom < 0.5; zoom += 0.005) {
      const sizes = cardFontSizes('action', zoomStep(zoom))
      expect(sizes.titleFloor * zoom).toBeGreaterThanOrEqual(18)
      expect(sizes.second * zoom).toBeGreaterThanOrEqual(14)
    }
  })

  it('grows the text in page units as the zoom shrinks, up to a cap; base sizes when zoomed in', () => {
    expect(cardFontSizes('domain', 1)).toMatchObject({ title: 24, second: 19, detail: 17, details: true })
    expect(cardFontSizes('domain', 0.55).title).toBeGreaterThan(cardFontSizes('domain', 0.7).title)
    expect(cardFontSizes('domain', 0.1).title).toBe(cardFontSizes('domain', 0.3).title)
  })

  it('leaves details out when they would be too small to read from across the room', () => {
    for (const step of ZOOM_STEPS) {
      const sizes = cardFontSizes('agency', step)
      expect(sizes.details).toBe(sizes.detail * step >= MIN_DETAIL_SCREEN_PX)
    }
    expect(cardFontSizes('agency', 0.3).details).toBe(false)
  })
})
