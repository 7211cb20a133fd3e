/** The canvas part (chunk): tldraw, tldraw.css, our shapes and the meeting room. Never on her phone. See lazyPart.ts. */
import { lazyPart } from './lazyPart'
import type { CanvasRoomProps } from './partProps'

export const canvasPart = lazyPart<CanvasRoomProps>(() => import('./CanvasRoom').then((m) => ({ default: m.CanvasRoom })))
