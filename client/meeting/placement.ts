/**
 * The geometry under the eco-map layout: boxes, gaps, segments, and the ring of life domains
 * around the resident. Pure, unit-tested; the rules of the eco-map are in ecoMapLayout.ts.
 *
 * The board is shown fitted on a 16:9 screen (a TV at the end of the table), and the text on the
 * cards is sized from that fit: every page unit the board grows beyond 16:9 makes every card's
 * text smaller. So rings are wide ellipses, not circles, and gaps are small.
 */
export interface Point {
  x: number
  y: number
}

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export const CENTRE: Point = { x: 0, y: 0 }
/** Space between two cards: enough for an arrow to show, no more. */
export const CARD_GAP = 36
/** The screen the board is fitted to. */
export const BOARD_ASPECT = 16 / 9
/**
 * The domain ring is wider than the screen: the domains at the top and bottom then have room
 * beside them for their cards, instead of stacking them upwards (height is what a 16:9 fit can
 * least afford).
 */
export const RING_ASPECT = 2.4
/** Room on the ring beside each domain, for the first card that comes with it. */
const ROOM_BESIDE_DOMAIN = 250

export function centreOf(box: Box): Point {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 }
}

export function boxAround(centre: Point, w: number, h: number): Box {
  return { x: Math.round(centre.x - w / 2), y: Math.round(centre.y - h / 2), w, h }
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y)
}

/** Whether two boxes come closer than `gap` (touching at exactly `gap` is fine). */
export function overlaps(a: Box, b: Box, gap = CARD_GAP): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap
}

/** The smallest box around all `boxes`, or null when there are none. */
export function boundsOf(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const b of boxes) {
    minX = Math.min(minX, b.x)
    minY = Math.min(minY, b.y)
    maxX = Math.max(maxX, b.x + b.w)
    maxY = Math.max(maxY, b.y + b.h)
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY }
}

/** The union of two boxes. */
export function unionOf(a: Box, b: Box): Box {
  return boundsOf([a, b])!
}

/**
 * The height of the 16:9 frame that `bounds` needs: what "fit to screen" divides the screen by,
 * so the number every layout decision tries to keep small.
 */
export function fitSize(bounds: Box | null): number {
  return bounds ? Math.max(bounds.w / BOARD_ASPECT, bounds.h) : 0
}

/** Where `point` lies on the board's wide ellipse: 1 on the ellipse of vertical radius `ry`. */
export function ellipticRadius(point: Point, centre: Point): number {
  return Math.hypot((point.x - centre.x) / BOARD_ASPECT, point.y - centre.y)
}

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/** Whether segments p1–p2 and q1–q2 cross at a point inside both (touching ends do not count). */
export function segmentsCross(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const d1 = cross(q1, q2, p1)
  const d2 = cross(q1, q2, p2)
  const d3 = cross(p1, p2, q1)
  const d4 = cross(p1, p2, q2)
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

/** Whether the segment p–q passes through `box` (Liang–Barsky clipping). */
export function segmentHitsBox(p: Point, q: Point, box: Box): boolean {
  let t0 = 0
  let t1 = 1
  const dx = q.x - p.x
  const dy = q.y - p.y
  const edges: [number, number][] = [
    [-dx, p.x - box.x],
    [dx, box.x + box.w - p.x],
    [-dy, p.y - box.y],
    [dy, box.y + box.h - p.y],
  ]
  for (const [step, room] of edges) {
    if (step === 0) {
      if (room < 0) return false
      continue
    }
    const t = room / step
    if (step < 0) {
      if (t > t1) return false
      if (t > t0) t0 = t
    } else {
      if (t < t0) return false
      if (t < t1) t1 = t
    }
  }
  return t0 < t1
}

/**
 * The angles of domains on the ring, clockwise from the top, each given a stretch of the ring
 * in proportion to its weight (all 1: evenly). With an even count of equal weights the first two
 * sit either side of the top, so four domains take the four corners of the screen; otherwise
 * the first domain is at the top.
 */
export function ringAnglesWeighted(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0) || 1
  const unit = (2 * Math.PI) / total
  const even = weights.length % 2 === 0 && weights.every((w) => w === weights[0])
  let at = -Math.PI / 2 - (even ? 0 : ((weights[0] ?? 0) * unit) / 2)
  return weights.map((w) => {
    const angle = at + (w * unit) / 2
    at += w * unit
    return angle
  })
}

export function ringAngles(count: number): number[] {
  return ringAnglesWeighted(Array.from({ length: count }, () => 1))
}

/** The point at `angle` on the ring's ellipse of vertical radius `ry` around `centre`. */
export function onRing(centre: Point, ry: number, angle: number, aspect = RING_ASPECT): Point {
  return { x: centre.x + ry * aspect * Math.cos(angle), y: centre.y + ry * Math.sin(angle) }
}

/** Boxes of the given sizes at `angles` on the ring of vertical radius `ry`. */
export function ringBoxes(centre: Point, ry: number, angles: readonly number[], sizes: readonly { w: number; h: number }[], aspect = RING_ASPECT): Box[] {
  return angles.map((a, i) => boxAround(onRing(centre, ry, a, aspect), sizes[i].w, sizes[i].h))
}

/** The smallest radius from `atLeast` up at which the ring's boxes clear each other and the resident. */
export function clearRingRadius(
  resident: Box,
  angles: readonly number[],
  sizes: readonly { w: number; h: number }[],
  atLeast = 0,
  aspect = RING_ASPECT,
): number {
  if (sizes.length === 0) return atLeast
  const centre = centreOf(resident)
  let ry = Math.max(atLeast, resident.h / 2 + CARD_GAP + Math.min(...sizes.map((s) => s.h)) / 2)
  const clear = (radius: number) => {
    const boxes = ringBoxes(centre, radius, angles, sizes, aspect)
    return boxes.every((b, i) => !overlaps(b, resident) && boxes.every((o, j) => j <= i || !overlaps(b, o)))
  }
  while (!clear(ry)) ry += 10
  return Math.ceil(ry)
}

/** The ring's perimeter per unit of vertical radius (Ramanujan would be closer; this is plenty). */
export function ringPerimeterPerRadius(aspect = RING_ASPECT): number {
  return 2 * Math.PI * Math.sqrt((aspect ** 2 + 1) / 2)
}

/**
 * Vertical radius of the domain ring for `count` domains: each domain gets a stretch of the ring
 * about its own width plus room for a card beside it, and no two overlap.
 */
export function domainRingRadius(count: number, w = 280, h = 170, resident: Box = { x: -130, y: -90, w: 260, h: 180 }): number {
  const wanted = (count * (w + CARD_GAP + ROOM_BESIDE_DOMAIN)) / ringPerimeterPerRadius()
  return clearRingRadius(resident, ringAngles(count), Array.from({ length: count }, () => ({ w, h })), wanted)
}

/** Positions of `count` domain cards on the ring around the resident, clockwise from the top. */
export function domainRing(count: number, w: number, h: number, centre = CENTRE, residentSize = { w: 260, h: 180 }): Box[] {
  const resident = boxAround(centre, residentSize.w, residentSize.h)
  const ry = domainRingRadius(count, w, h, resident)
  return ringBoxes(centre, ry, ringAngles(count), Array.from({ length: count }, () => ({ w, h })))
}
