/**
 * The meeting bar's dialogs, each its own chunk, downloaded when first opened (see
 * ui/lazyPiece.ts): sharing with its QR code, the records, the access log and closing the meeting
 * are used once or twice a meeting, not before the board is on screen.
 */
import { lazyPiece } from '../ui/lazyPiece'
import { DialogWaiting } from '../ui/PieceWaiting'

export const ShareDialog = lazyPiece(() => import('./ShareDialog').then((m) => m.ShareDialog), DialogWaiting)
export const CloseMeetingDialog = lazyPiece(() => import('./CloseMeetingDialog').then((m) => m.CloseMeetingDialog), DialogWaiting)
export const ExportDialog = lazyPiece(() => import('./ExportDialog').then((m) => m.ExportDialog), DialogWaiting)
export const AuditDialog = lazyPiece(() => import('./AuditDialog').then((m) => m.AuditDialog), DialogWaiting)
export const RemoveDecidedCardDialog = lazyPiece(
  () => import('./RemoveDecidedCardDialog').then((m) => m.RemoveDecidedCardDialog),
  DialogWaiting,
)
