/**
 * The board's parts are each their own chunk, fetched once and only when needed:
 * - the connection (Yjs, the websocket; connectionPart.ts): every board link;
 * - the canvas (tldraw, its CSS, our shapes, the meeting room; canvasPart.ts): every link but hers;
 * - her list (residentPart.ts): the resident link only.
 * The start page, the join screen and her phone view never load the canvas. A part can be asked
 * for early (a prefetch), so its download runs while the server is asked what the link allows,
 * or while the person types their name.
 */
import { createElement, lazy, useState, type ComponentType } from 'react'
import { loadOnce } from '../ui/loadOnce'
import { PartLoadFailed } from './PartLoadFailed'

type Module<P> = { default: ComponentType<P> }

export interface LazyPart<P> {
  /** Starts the download if it has not started; never throws. */
  prefetch(): void
  /** The part, for a <Suspense> boundary; a failed download shows "reload". */
  Component: ComponentType<P>
}

export function lazyPart<P extends object>(load: () => Promise<Module<P>>): LazyPart<P> {
  const part = loadOnce(load)
  const Lazy = lazy(() => part.start().catch((): Module<P> => ({ default: PartLoadFailed })))
  // A part already downloaded (prefetched) renders at once: React.lazy would suspend once more
  // and hold the fallback for its reveal delay, a visible wait on a slow phone. Chosen once per
  // mount: changing the component type later would mount the part afresh.
  const Component = (props: P) => {
    const [Part] = useState(() => (part.current()?.default ?? Lazy) as ComponentType<P>)
    return createElement(Part, props)
  }
  return { prefetch: () => void part.start().catch(() => undefined), Component }
}
