/** A full-page explanation in plain language when a board cannot be shown. */
import { CloseCode } from '../../shared/protocol'
import { useLanguage } from '../i18n/language'
import { forgetToken } from '../join/boardAccess'

type Props =
  | { message: string; offerReload?: boolean; refusal?: undefined; boardId?: undefined }
  | { refusal: number; boardId: string; message?: undefined; offerReload?: undefined }

export function ErrorScreen(props: Props) {
  const { strings } = useLanguage()
  let message = props.message
  if (props.refusal !== undefined) {
    if (props.refusal === CloseCode.unauthorized) message = strings.errors.unauthorized
    else if (props.refusal === CloseCode.unknownBoard) message = strings.errors.unknownBoard
    else message = strings.errors.messageRejected
    if (props.refusal === CloseCode.unauthorized || props.refusal === CloseCode.unknownBoard) forgetToken(props.boardId)
  }
  return (
    <main className="page page--narrow" role="alert" data-testid="error-screen">
      <h1>{strings.errors.title}</h1>
      <p className="lead">{message}</p>
      <p className="actions">
        {(props.offerReload || props.refusal !== undefined) && (
          <button type="button" className="button button--primary" onClick={() => location.reload()}>{strings.errors.reload}</button>
        )}
        <a className="button" href="/">{strings.errors.toStart}</a>
      </p>
    </main>
  )
}
