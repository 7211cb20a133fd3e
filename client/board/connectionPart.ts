/** The connection part (chunk): Yjs, y-websocket and the choice of view (her list or the canvas). See lazyPart.ts. */
import { lazyPart } from './lazyPart'
import type { BoardViewProps } from './partProps'

export const connectionPart = lazyPart<BoardViewProps>(() => import('./BoardView').then((m) => ({ default: m.BoardView })))
