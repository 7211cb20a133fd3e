import { describe, expect, it } from 'vitest'
import {
  BOARD_ASPECT,
  boundsOf,
  CARD_GAP,
  centreOf,
  clearRingRadius,
  domainRing,
  domainRingRadius,
  fitSize,
  overlaps,
  ringAngles,
  ringAnglesWeighted,
  ringBoxes,
  segmentHitsBox,
  segmentsCross,
  type Box,
} from '../../client/meeting/placement'

const resident: Box = { x: -130, y: -75, w: 260, h: 150 }

describe('the geometry under the eco-map', () => {
  it('keeps a gap between cards: touching at exactly the gap is fine, closer is not', () => {
    const a: Box = { x: 0, y: 0, w: 100, h: 100 }
    expect(overlaps(a, { x: 100 + CARD_GAP, y: 0, w: 100, h: 100 })).toBe(false)
    expect(overlaps(a, { x: 100 + CARD_GAP - 1, y: 0, w: 100, h: 100 })).toBe(true)
    expect(overlaps(a, { x: 101, y: 0, w: 100, h: 100 }, 0)).toBe(false)
  })

  it('measures a board by the 16:9 frame it needs', () => {
    expect(fitSize({ x: 0, y: 0, w: 1600, h: 900 })).toBeCloseTo(900)
    expect(fitSize({ x: 0, y: 0, w: 3200, h: 900 })).toBeCloseTo(3200 / BOARD_ASPECT)
    expect(fitSize({ x: 0, y: 0, w: 100, h: 900 })).toBe(900)
    expect(boundsOf([{ x: 0, y: 0, w: 10, h: 10 }, { x: 20, y: -5, w: 10, h: 10 }])).toEqual({ x: 0, y: -5, w: 30, h: 15 })
  })

  it('tells crossing arrows from arrows that only share an end or run side by side', () => {
    expect(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }, { x: 10, y: 0 })).toBe(true)
    expect(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 10, y: 10 }, { x: 20, y: 0 })).toBe(false)
    expect(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 5 }, { x: 10, y: 5 })).toBe(false)
  })

  it('sees an arrow running across a card', () => {
    const card: Box = { x: 10, y: -5, w: 10, h: 10 }
    expect(segmentHitsBox({ x: 0, y: 0 }, { x: 40, y: 0 }, card)).toBe(true)
    expect(segmentHitsBox({ x: 0, y: 20 }, { x: 40, y: 20 }, card)).toBe(false)
    expect(segmentHitsBox({ x: 0, y: 0 }, { x: 5, y: 0 }, card)).toBe(false)
  })

  it('spreads domains round the ring clockwise from the top; weights give a domain more of the ring', () => {
    expect(ringAngles(1)[0]).toBeCloseTo(-Math.PI / 2)
    // Four domains: the four corners.
    expect(ringAngles(4).map((a) => Math.round((a * 180) / Math.PI))).toEqual([-45, 45, 135, 225])
    const [a, b, c] = ringAnglesWeighted([1, 2, 1])
    expect(a).toBeCloseTo(-Math.PI / 2)
    expect(c - b).toBeCloseTo(b - a)
    expect(b - a).toBeCloseTo((1.5 / 4) * 2 * Math.PI)
  })

  it('puts every chosen domain on a wide ring around the resident, none overlapping', () => {
    for (const count of [1, 2, 4, 5, 9, 13, 15]) {
      const ring = domainRing(count, 280, 170)
      expect(ring).toHaveLength(count)
      for (const box of ring) expect(overlaps(box, resident)).toBe(false)
      for (let i = 0; i < ring.length; i++) for (let j = i + 1; j < ring.length; j++) expect(overlaps(ring[i], ring[j])).toBe(false)
      if (count >= 4) {
        // Wider than high, like the screen it is shown on.
        const bounds = boundsOf(ring)!
        expect(bounds.w / bounds.h).toBeGreaterThan(BOARD_ASPECT)
      }
    }
  })

  it('finds the smallest ring on which the domains clear the resident and each other', () => {
    const angles = ringAngles(6)
    const sizes = angles.map(() => ({ w: 280, h: 170 }))
    const ry = clearRingRadius(resident, angles, sizes)
    expect(ry).toBeLessThanOrEqual(domainRingRadius(6, 280, 170, resident))
    const boxes = ringBoxes(centreOf(resident), ry, angles, sizes)
    for (const box of boxes) expect(overlaps(box, resident)).toBe(false)
    // 10 units smaller, something touches.
    const smaller = ringBoxes(centreOf(resident), ry - 10, angles, sizes)
    expect(smaller.some((b, i) => overlaps(b, resident) || smaller.some((o, j) => j !== i && overlaps(b, o)))).toBe(true)
    expect(clearRingRadius(resident, angles, sizes, ry + 100)).toBe(ry + 100)
  })
})
