/** The start page (chunk): board links never load it. See board/lazyPart.ts. */
import { lazyPart } from '../board/lazyPart'

export const startPart = lazyPart<object>(() => import('./StartPage').then((m) => ({ default: m.StartPage })))
