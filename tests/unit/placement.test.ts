import { describe, expect, it } from 'vitest'
import { domainRing, freeSpotNear, overlaps, placeAction, placeAgency, placeDomain, type Box } from '../../client/meeting/placement'

const resident: Box = { x: -130, y: -75, w: 260, h: 150 }
const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 })
const distance = (a: Box, b: Box) => Math.hypot(centre(a).x - centre(b).x, centre(a).y - centre(b).y)

describe('placing cards like an eco-map', () => {
  it('puts every chosen domain on a ring around the resident, none overlapping', () => {
    for (const count of [1, 4, 9, 15]) {
      const ring = domainRing(count, 280, 170)
      expect(ring).toHaveLength(count)
      for (const box of ring) expect(overlaps(box, resident, 0)).toBe(false)
      for (let i = 0; i < ring.length; i++) for (let j = i + 1; j < ring.length; j++) expect(overlaps(ring[i], ring[j], 0)).toBe(false)
    }
  })

  it('finds a free spot next to occupied ones', () => {
    const taken = [{ x: -140, y: -85, w: 280, h: 170 }]
    const spot = freeSpotNear({ x: 0, y: 0 }, 280, 170, taken)
    expect(overlaps(spot, taken[0])).toBe(false)
  })

  it('puts a new domain in the largest gap of the ring', () => {
    const ring = domainRing(3, 280, 170)
    const added = placeDomain(resident, ring, 280, 170, [resident, ...ring])
    for (const box of [resident, ...ring]) expect(overlaps(added, box)).toBe(false)
  })

  it('puts an action just outside its domain, further from the resident', () => {
    const [domain] = domainRing(4, 280, 170)
    const action = placeAction(resident, domain, 320, 230, [resident, domain])
    expect(overlaps(action, domain)).toBe(false)
    expect(distance(action, resident)).toBeGreaterThan(distance(domain, resident))
    expect(distance(action, domain)).toBeLessThan(600)
  })

  it('puts an agency on the outer ring, towards its domain', () => {
    const ring = domainRing(4, 280, 170)
    const agency = placeAgency(resident, ring[1], 280, 170, [resident, ...ring])
    expect(distance(agency, resident)).toBeGreaterThan(distance(ring[1], resident))
    for (const box of [resident, ...ring]) expect(overlaps(agency, box)).toBe(false)
  })
})
