/**
 * Where new cards go, so the board reads like an eco-map: the resident in the middle, life
 * domains on a ring around her, agencies on an outer ring, each action just outside its domain.
 * Pure geometry, unit-tested; the canvas calls it.
 */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export const CENTRE = { x: 0, y: 0 }
const CARD_GAP = 30

function centreOf(box: Box) {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 }
}

function boxAround(centre: { x: number; y: number }, w: number, h: number): Box {
  return { x: Math.round(centre.x - w / 2), y: Math.round(centre.y - h / 2), w, h }
}

export function overlaps(a: Box, b: Box, gap = CARD_GAP): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap
}

/** Radius of the domain ring: room for `count` cards of width `w` side by side. */
export function domainRingRadius(count: number, w = 280): number {
  return Math.max(380, Math.ceil((count * (w + CARD_GAP)) / (2 * Math.PI)))
}

/** Positions of `count` domain cards on the ring, clockwise from the top. */
export function domainRing(count: number, w: number, h: number, centre = CENTRE): Box[] {
  const radius = domainRingRadius(count, w)
  return Array.from({ length: count }, (_, i) => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / Math.max(count, 1)
    return boxAround({ x: centre.x + radius * Math.cos(angle) * 1.25, y: centre.y + radius * Math.sin(angle) }, w, h)
  })
}

/** The first spot along a ring (or spiral) around `centre` that overlaps none of `taken`. */
export function freeSpotNear(
  preferred: { x: number; y: number },
  w: number,
  h: number,
  taken: Box[],
): Box {
  const candidate = boxAround(preferred, w, h)
  if (!taken.some((box) => overlaps(candidate, box))) return candidate
  for (let ring = 1; ring <= 12; ring++) {
    const steps = 8 * ring
    for (let i = 0; i < steps; i++) {
      const angle = (i * 2 * Math.PI) / steps
      const spot = boxAround(
        { x: preferred.x + Math.cos(angle) * ring * (w * 0.6), y: preferred.y + Math.sin(angle) * ring * (h * 0.7) },
        w,
        h,
      )
      if (!taken.some((box) => overlaps(spot, box))) return spot
    }
  }
  return candidate
}

/** A new domain: the largest empty stretch of the domain ring around the resident. */
export function placeDomain(resident: Box | null, domains: Box[], w: number, h: number, taken: Box[]): Box {
  const centre = resident ? centreOf(resident) : CENTRE
  const radius = domainRingRadius(domains.length + 1, w)
  const angles = domains
    .map((d) => Math.atan2(centreOf(d).y - centre.y, (centreOf(d).x - centre.x) / 1.25))
    .sort((a, b) => a - b)
  let angle = -Math.PI / 2
  if (angles.length > 0) {
    let bestGap = -1
    for (let i = 0; i < angles.length; i++) {
      const from = angles[i]
      const to = i + 1 < angles.length ? angles[i + 1] : angles[0] + 2 * Math.PI
      if (to - from > bestGap) {
        bestGap = to - from
        angle = from + (to - from) / 2
      }
    }
  }
  return freeSpotNear({ x: centre.x + radius * Math.cos(angle) * 1.25, y: centre.y + radius * Math.sin(angle) }, w, h, taken)
}

/** An agency: on the outer ring, towards the domain it helps with when there is one. */
export function placeAgency(resident: Box | null, domain: Box | null, w: number, h: number, taken: Box[]): Box {
  const centre = resident ? centreOf(resident) : CENTRE
  const target = domain ? centreOf(domain) : { x: centre.x + 1, y: centre.y - 1 }
  const angle = Math.atan2(target.y - centre.y, target.x - centre.x) + (domain ? 0.35 : 0)
  const distance = (domain ? Math.hypot(target.x - centre.x, target.y - centre.y) : 400) + 360
  return freeSpotNear({ x: centre.x + distance * Math.cos(angle), y: centre.y + distance * Math.sin(angle) }, w, h, taken)
}

/** An action: just outside its domain, away from the resident. */
export function placeAction(resident: Box | null, domain: Box | null, w: number, h: number, taken: Box[]): Box {
  const centre = resident ? centreOf(resident) : CENTRE
  if (!domain) return freeSpotNear({ x: centre.x, y: centre.y + 320 }, w, h, taken)
  const d = centreOf(domain)
  const angle = Math.atan2(d.y - centre.y, d.x - centre.x)
  const distance = Math.hypot(d.x - centre.x, d.y - centre.y) + 260
  return freeSpotNear({ x: centre.x + distance * Math.cos(angle), y: centre.y + distance * Math.sin(angle) }, w, h, taken)
}
