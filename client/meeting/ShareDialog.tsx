/** The participant link with a QR code for phones at the table; the other links for the facilitator only. */
import { useEffect, useState } from 'react'
import { renderSVG } from 'uqr'
import { FRAGMENT_KEY } from '../../shared/protocol'
import type { BoardLinksResponse } from '../../shared/protocol'
import { api } from '../api'
import { useLanguage } from '../i18n/language'
import { CopyField } from '../start/CopyField'
import { useMeeting } from './MeetingContext'
import { Dialog } from '../ui/Dialog'
import { Toggle } from '../panel/fields'

function QrCode({ text, label }: { text: string; label: string }) {
  const svg = renderSVG(text, { border: 2 })
  return <img className="qr" src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`} alt={label} width={220} height={220} />
}

export function ShareDialog({ onClose }: { onClose(): void }) {
  const { strings } = useLanguage()
  const { boardId, token, access, snapshot } = useMeeting()
  const [links, setLinks] = useState<Partial<BoardLinksResponse> | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    if (access === 'participant') {
      setLinks({ participantUrl: `${location.origin}/b/${boardId}#${FRAGMENT_KEY.participant}=${token}` })
      return
    }
    if (access !== 'facilitator') return
    api.links(boardId, token).then(setLinks, () => setFailed(true))
  }, [access, boardId, token])

  return (
    <Dialog labelledBy="share-title" onClose={onClose} wide>
        <h2 id="share-title">{strings.share.title}</h2>
        {failed && <p className="error" role="alert">{strings.share.unavailable}</p>}
        {links?.participantUrl && (
          <div className="share-link">
            <QrCode text={links.participantUrl} label={strings.share.participantLink} />
            <div>
              <CopyField label={strings.share.participantLink} help={strings.share.qrHelp} value={links.participantUrl} testId="share-participant-link" />
            </div>
          </div>
        )}
        {access === 'facilitator' && links?.residentUrl && (
          <div className="share-link">
            <QrCode text={links.residentUrl} label={strings.share.residentLink} />
            <div>
              <CopyField label={strings.share.residentLink} help={strings.share.qrHelp} value={links.residentUrl} testId="share-resident-link" />
            </div>
          </div>
        )}
        {access === 'facilitator' && (
          <Toggle
            label={strings.closing.residentMayDecide}
            checked={snapshot.info.residentMayDecide}
            onChange={(residentMayDecide) => void api.updateMeeting(boardId, token, { residentMayDecide }).catch(() => setFailed(true))}
            testId="share-resident-may-decide"
          />
        )}
        {access === 'facilitator' && links?.facilitatorUrl && (
          <CopyField label={strings.share.facilitatorLink} help={strings.start.facilitatorLinkHelp} value={links.facilitatorUrl} testId="share-facilitator-link" />
        )}
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>{strings.share.close}</button>
    </Dialog>
  )
}
