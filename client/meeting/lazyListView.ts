/** The list view, its own chunk, downloaded when someone first turns to it (see ui/lazyPiece.ts). */
import { lazyPiece } from '../ui/lazyPiece'
import { InlineWaiting } from '../ui/PieceWaiting'

export const ListView = lazyPiece(() => import('./ListView').then((m) => m.ListView), InlineWaiting)
