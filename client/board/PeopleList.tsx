/** Who is on the board right now, with role and organisation, from awareness. */
import { useEffect, useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { readIdentities } from '../sync/presence'
import { useLanguage } from '../i18n/language'
import { roleForLink, type ParticipantRole } from '../../shared/domain/roles'

/** The link decides the role where it matters, also for a name badge typed before that rule. */
function shownRole(identity: { role: ParticipantRole; access: 'facilitator' | 'participant' | 'resident' }): ParticipantRole {
  return roleForLink(identity.access, identity.role) ?? identity.role
}

export function PeopleList({ awareness, editor }: { awareness: Awareness; editor?: Editor | null }) {
  const { strings } = useLanguage()
  const [people, setPeople] = useState(() => readIdentities(awareness))
  const following = useValue('following', () => editor?.getInstanceState().followingUserId ?? null, [editor])
  useEffect(() => {
    const refresh = () => setPeople(readIdentities(awareness))
    awareness.on('change', refresh)
    refresh()
    return () => awareness.off('change', refresh)
  }, [awareness])
  return (
    <section className="people" aria-label={strings.board.people} data-testid="people">
      <h2 className="people__title">{strings.board.people} ({people.length})</h2>
      <ul>
        {people.map(({ clientId, identity }) => (
          <li key={clientId}>
            <span className="people__dot" style={{ background: identity.color }} aria-hidden="true" />
            <span className="people__name">{identity.name}</span>
            {clientId === awareness.clientID && <span className="people__you"> ({strings.board.you})</span>}
            <span className="people__role"> · {strings.roles[shownRole(identity)] ?? identity.role}{identity.organisation ? `, ${identity.organisation}` : ''}</span>
            {editor && clientId !== awareness.clientID && (
              <button
                type="button"
                className="link-button"
                aria-pressed={following === identity.userId}
                onClick={() => (following === identity.userId ? editor.stopFollowingUser() : editor.startFollowingUser(identity.userId))}
              >
                {following === identity.userId ? strings.bar.stopFollowing : strings.bar.follow}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
