/** A full-page explanation in plain language when a board cannot be shown. */
import { CloseCode } from '../../shared/protocol'
import { useLanguage } from '../i18n/language'
import { forgetToken } from '../join/boardAccess'
import { signInHref } from '../signInLink'

type Props =
  | { message: string; offerReload?: boolean; refusal?: undefined; boardId?: undefined }
  | { refusal: number; boardId: string; message?: undefined; offerReload?: undefined }

export function ErrorScreen(props: Props) {
  const { strings } = useLanguage()
  // The session this board relied on ended (signed out, idle, too long): sign in again, back here.
  if (props.refusal === CloseCode.sessionEnded) {
    return (
      <main className="page page--narrow" role="alert" data-testid="session-ended">
        <h1>{strings.signIn.sessionEndedTitle}</h1>
        <p className="lead">{strings.signIn.sessionEnded}</p>
        <p className="actions">
          <a className="button button--primary" href={signInHref(`/b/${props.boardId}`)} data-testid="sign-in-again">
            {strings.signIn.signInAgain}
          </a>
          <a className="button" href="/">{strings.errors.toStart}</a>
        </p>
      </main>
    )
  }
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
