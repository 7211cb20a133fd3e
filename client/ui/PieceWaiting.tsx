/** What a lazily loaded piece (lazyPiece.ts) shows until it is there: in the page, or as a dialog. */
import { useLanguage } from '../i18n/language'
import { Dialog } from './Dialog'
import { LoadingStatus } from './LoadingStatus'
import type { WaitingProps } from './lazyPiece'

function PieceStatus({ failed, onRetry, id, focusRetry }: { failed: boolean; onRetry(): void; id?: string; focusRetry?: boolean }) {
  const { strings } = useLanguage()
  if (!failed) return <LoadingStatus text={strings.parts.loading} id={id} testId="piece-loading" />
  return (
    <div role="alert" data-testid="piece-failed">
      <p className="error" id={id}>{strings.parts.failed}</p>
      <div className="dialog__buttons">
        <button type="button" className="button" autoFocus={focusRetry} onClick={onRetry}>{strings.errors.retry}</button>
        {/* Some browsers remember a failed download of a part until the page is loaded again. */}
        <button type="button" className="button" onClick={() => location.reload()}>{strings.errors.reload}</button>
      </div>
    </div>
  )
}

/** In the page (the list view, a card's form). */
export function InlineWaiting({ failed, onRetry }: WaitingProps<object>) {
  return <PieceStatus failed={failed} onRetry={onRetry} />
}

/** As a dialog, closable as the dialog itself would be. */
export function DialogWaiting({ props, failed, onRetry }: WaitingProps<{ onClose?(): void }>) {
  const { strings } = useLanguage()
  return (
    <Dialog labelledBy="piece-waiting" onClose={props.onClose} testId="piece-waiting">
      <PieceStatus failed={failed} onRetry={onRetry} id="piece-waiting" focusRetry />
      {props.onClose && (
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={props.onClose}>{strings.parts.close}</button>
        </div>
      )}
    </Dialog>
  )
}
