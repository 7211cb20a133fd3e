/**
 * The participant link with a QR code for phones at the table, and for the facilitator also the
 * resident's link. This dialog is often open on the shared screen: the facilitator's own link,
 * which gives every right, is never shown on it — "Kopieer mijn link" puts it on the clipboard.
 * A board made by a signed-in professional (issue 12) has no facilitator link at all: the
 * facilitators are accounts, listed and added here ("Gespreksleiders"), and the colleagues who open
 * the case by account are listed here too ("Toegang met account").
 */
import { useEffect, useState } from 'react'
import { renderSVG } from 'uqr'
import { FRAGMENT_KEY } from '../../shared/protocol'
import type { BoardLinksResponse } from '../../shared/protocol'
import { COMMANDS } from '../../shared/commands/index'
import { api } from '../api'
import { failureText } from '../ui/apiErrors'
import { useApiCall } from '../ui/useApiCall'
import { useCommand } from '../ui/useCommand'
import { useLanguageWith } from '../i18n/partStrings'
import { CLOSING_STRINGS } from '../i18n/parts/closing'
import { SHARE_STRINGS } from '../i18n/parts/share'
import { CopyButton, CopyField } from '../ui/CopyField'
import { useMeeting } from '../ui/MeetingContext'
import { Dialog } from '../ui/Dialog'
import { Toggle } from '../ui/fields'
import { FacilitatorsPanel } from './FacilitatorsPanel'
import { MembersPanel } from './MembersPanel'

function QrCode({ text, label }: { text: string; label: string }) {
  const svg = renderSVG(text, { border: 2 })
  return <img className="qr" src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`} alt={label} width={220} height={220} />
}

/** The link this browser came in with, built like the server builds it; for when the server's list is not there. */
function ownLink(boardId: string, token: string, access: 'facilitator' | 'participant' | 'resident'): string {
  return `${location.origin}/b/${boardId}#${FRAGMENT_KEY[access]}=${token}`
}

export function ShareDialog({ onClose }: { onClose(): void }) {
  const { strings } = useLanguageWith(CLOSING_STRINGS, SHARE_STRINGS)
  const { boardId, token, access, snapshot } = useMeeting()
  const [links, setLinks] = useState<Partial<BoardLinksResponse> | null>(null)
  const [linksFailure, setLinksFailure] = useState<{ error: unknown } | null>(null)
  // The three links, the resident's switch and my own link are the facilitator's (`links`, `meetingSettings`).
  const allLinks = useCommand(COMMANDS.links)
  const settings = useCommand(COMMANDS.meetingSettings)
  const settingsCall = useApiCall(strings.bar.actionFailed)
  const facilitatorsCommand = useCommand(COMMANDS.facilitators)
  const membersCommand = useCommand(COMMANDS.members)
  const [signIn, setSignIn] = useState(false)

  useEffect(() => {
    let current = true
    api.cachedConfig().then((config) => current && setSignIn(config.signIn === true), () => {})
    return () => {
      current = false
    }
  }, [])

  useEffect(() => {
    if (allLinks.mine) {
      api.links(boardId, token).then(setLinks, (error: unknown) => setLinksFailure({ error }))
      return
    }
    // Everyone else shares the link they came in with: the participant link (the resident's is her own).
    // Someone in by account alone has no link to share.
    if (access === 'participant' && token) setLinks({ participantUrl: ownLink(boardId, token, 'participant') })
  }, [allLinks.mine, access, boardId, token])

  return (
    <Dialog labelledBy="share-title" onClose={onClose} wide>
        <h2 id="share-title">{strings.share.title}</h2>
        {!allLinks.mine && !token && <p className="hint">{strings.share.unavailable}</p>}
        {linksFailure && <p className="error" role="alert">{failureText(strings, linksFailure.error, strings.share.unavailable)}</p>}
        {links?.participantUrl && (
          <div className="share-link">
            <QrCode text={links.participantUrl} label={strings.share.participantLink} />
            <div>
              <CopyField label={strings.share.participantLink} help={strings.share.qrHelp} value={links.participantUrl} testId="share-participant-link" />
            </div>
          </div>
        )}
        {allLinks.mine && links?.residentUrl && (
          <div className="share-link">
            <QrCode text={links.residentUrl} label={strings.share.residentLink} />
            <div>
              <CopyField label={strings.share.residentLink} help={strings.share.qrHelp} value={links.residentUrl} testId="share-resident-link" />
            </div>
          </div>
        )}
        {settings.mine && (
          <Toggle
            label={strings.closing.residentMayDecide}
            checked={snapshot.info.residentMayDecide}
            disabled={!settings.allowed}
            hint={settings.why}
            problem={settingsCall.error}
            onChange={(residentMayDecide) => void settingsCall.run(() => api.updateMeeting(boardId, token, { residentMayDecide }))}
            testId="share-resident-may-decide"
          />
        )}
        {allLinks.mine && (links?.facilitatorUrl || token) && (
          <CopyButton label={strings.share.copyMyLink} help={strings.share.copyMyLinkHelp} value={links?.facilitatorUrl ?? ownLink(boardId, token, 'facilitator')} testId="copy-my-link" />
        )}
        {signIn && facilitatorsCommand.mine && <FacilitatorsPanel />}
        {signIn && membersCommand.mine && <MembersPanel />}
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>{strings.share.close}</button>
    </Dialog>
  )
}
