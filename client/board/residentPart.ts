/** Her phone's part (chunk): her list, read from the documents. Only the resident link loads it. See lazyPart.ts. */
import { lazyPart } from './lazyPart'
import type { SyncedBoardProps } from './partProps'

export const residentPart = lazyPart<SyncedBoardProps>(() => import('./ResidentRoom').then((m) => ({ default: m.ResidentRoom })))
