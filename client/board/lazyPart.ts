/**
 * The board's parts are each their own chunk, fetched once and only when needed:
 * - the connection (Yjs, the websocket; connectionPart.ts): every board link;
 * - the canvas (tldraw, its CSS, our shapes, the meeting room; canvasPart.ts): every link but hers;
 * - her list (residentPart.ts): the resident link only.
 * The start page, the join screen and her phone view never load the canvas. A part can be asked
 * for early (a prefetch), so its download runs while the server is asked what the link allows,
 * or while the person types their name.
 */
import { lazy, type ComponentType } from 'react'
import { PartLoadFailed } from './PartLoadFailed'

type Module<P> = { default: ComponentType<P> }

export interface LazyPart<P> {
  /** Starts the download if it has not started; never throws. */
  prefetch(): void
  /** The part, for a <Suspense> boundary; a failed download shows "reload". */
  Component: ComponentType<P>
}

export function lazyPart<P>(load: () => Promise<Module<P>>): LazyPart<P> {
  let loading: Promise<Module<P>> | null = null
  const start = () => {
    // A failed download is tried again next time (the network may be back).
    loading ??= load().catch((error: unknown) => {
      loading = null
      throw error
    })
    return loading
  }
  const Component = lazy(() => start().catch((): Module<P> => ({ default: PartLoadFailed })))
  return { prefetch: () => void start().catch(() => undefined), Component }
}
