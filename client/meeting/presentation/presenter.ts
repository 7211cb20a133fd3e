/**
 * Who presents: a facilitator who pressed "Presenteren" says so in her awareness state, with the
 * moment she pressed it. Screens in presentation mode follow the view of the facilitator who
 * pressed it last. Her view is read from tldraw's own presence (camera and screen size).
 */
import type { Awareness } from 'y-protocols/awareness'
import type { AwarenessState } from '../../sync/presence'

export const PRESENTING_FIELD = 'presenting'

export interface PageBounds {
  x: number
  y: number
  w: number
  h: number
}

export interface Presenter {
  clientId: number
  name: string
  /** The part of the board her screen shows, in page coordinates; null before her presence arrived. */
  view: PageBounds | null
}

type PresentingState = AwarenessState & { presenting?: { since?: unknown } | null }

/** This facilitator presents from now on (or stops). */
export function announcePresenting(awareness: Awareness, presenting: boolean): void {
  awareness.setLocalStateField(PRESENTING_FIELD, presenting ? { since: Date.now() } : null)
}

/** The part of the board a presence's screen shows: what tldraw calls its viewport page bounds. */
export function viewOf(state: PresentingState): PageBounds | null {
  const camera = state.presence?.camera
  const screen = state.presence?.screenBounds
  if (!camera || !screen || !(camera.z > 0) || !(screen.w > 0) || !(screen.h > 0)) return null
  return { x: -camera.x, y: -camera.y, w: screen.w / camera.z, h: screen.h / camera.z }
}

/** The facilitator who pressed "Presenteren" last, or null. */
export function currentPresenter(awareness: Awareness): Presenter | null {
  let best: { since: number; presenter: Presenter } | null = null
  for (const [clientId, raw] of awareness.getStates()) {
    const state = raw as PresentingState
    const since = state.presenting?.since
    if (typeof since !== 'number' || state.identity?.access !== 'facilitator') continue
    if (best === null || since > best.since) {
      best = { since, presenter: { clientId, name: state.identity.name, view: viewOf(state) } }
    }
  }
  return best?.presenter ?? null
}

export function sameView(a: PageBounds | null, b: PageBounds | null): boolean {
  if (a === null || b === null) return a === b
  const close = (p: number, q: number) => Math.abs(p - q) < 0.5
  return close(a.x, b.x) && close(a.y, b.y) && close(a.w, b.w) && close(a.h, b.h)
}
