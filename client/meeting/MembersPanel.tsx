/**
 * "Toegang met account" (sign-in on, issue 12): the colleagues who once opened the case with the
 * participant link while signed in, and so open it with their account from then on. A
 * facilitator takes that access away when someone leaves the case or the organisation. The
 * participant link itself stays valid: whoever still has it can come in again (said in the panel).
 */
import { useEffect, useState } from 'react'
import type { MemberInfo } from '../../shared/protocol'
import { api } from '../api'
import { useLanguageWith } from '../i18n/partStrings'
import { SHARE_STRINGS } from '../i18n/parts/share'
import { formatDateTime } from '../ui/formatDate'
import { useApiCall } from '../ui/useApiCall'
import { useMeeting } from '../ui/MeetingContext'

export function MembersPanel() {
  const { strings, language } = useLanguageWith(SHARE_STRINGS)
  const s = strings.membersPanel
  const { boardId, token, snapshot } = useMeeting()
  const [members, setMembers] = useState<MemberInfo[] | null>(null)
  const [removing, setRemoving] = useState<string | null>(null)
  const loading = useApiCall(s.failed)
  const removal = useApiCall(s.failed)

  const { run: load } = loading
  useEffect(() => {
    void load(() => api.members(boardId, token).then((answer) => setMembers(answer.members)))
  }, [load, boardId, token])

  const remove = async (id: string) => {
    setRemoving(id)
    await removal.run(async () => setMembers((await api.removeMember(boardId, token, id)).members))
  }

  return (
    <section className="facilitators" aria-labelledby="members-title" data-testid="members">
      <h3 id="members-title">{s.title}</h3>
      <p className="hint">{s.intro}</p>
      <p className="hint">{s.linkNote}</p>
      {!members && !loading.error && <p role="status">{s.loading}</p>}
      {loading.error && <p className="error" role="alert">{loading.error}</p>}
      {members && members.length === 0 && <p data-testid="members-empty">{s.empty}</p>}
      {members && members.length > 0 && (
        <ul className="facilitators__list">
          {members.map((m) => (
            <li key={m.id} className="facilitators__item" data-testid="member" data-member={m.id}>
              <span className="facilitators__who">
                <strong>{m.name || s.noName}</strong>
                {m.organisation && <span className="facilitators__email">{m.organisation}</span>}
                <span className="facilitators__notes">{s.lastSeen(formatDateTime(m.lastSeenAt, language, snapshot.info.timeZone))}</span>
              </span>
              <button type="button" className="button button--danger" disabled={removal.busy}
                aria-label={s.removeLabel(m.name || s.noName)} data-testid="remove-member"
                onClick={() => void remove(m.id)}>
                {s.remove}
              </button>
              {removing === m.id && removal.error && (
                <p className="error facilitators__problem" role="alert" data-testid="remove-member-problem">{removal.error}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {/* A removal that failed for someone no longer listed (removed meanwhile): said under the list. */}
      {removal.error && removing !== null && !members?.some((m) => m.id === removing) && (
        <p className="error" role="alert" data-testid="remove-member-problem">{removal.error}</p>
      )}
    </section>
  )
}
