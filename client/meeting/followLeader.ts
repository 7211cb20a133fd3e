/**
 * "Iedereen volgt mij": the facilitator announces herself as leader in her awareness state; every
 * other client starts following her viewport with tldraw's own follow mode, and stops when she
 * stops. Following one person is tldraw's follow mode too (see PeopleList).
 */
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import type { AwarenessState } from '../sync/presence'

export const LEADING_FIELD = 'leading'

export function setLeading(awareness: Awareness, leading: boolean): void {
  awareness.setLocalStateField(LEADING_FIELD, leading)
}

/** The user id of the facilitator who leads, if any (not me). */
export function currentLeader(awareness: Awareness): string | null {
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue
    const s = state as AwarenessState & { leading?: boolean }
    if (s.leading === true && s.identity?.access === 'facilitator') return s.identity.userId
  }
  return null
}

/** Keeps this client following the leader while there is one. Returns a stop function. */
export function followLeader(editor: Editor, awareness: Awareness): () => void {
  let following: string | null = null
  const update = () => {
    const leader = currentLeader(awareness)
    if (leader === following) return
    if (leader) editor.startFollowingUser(leader)
    else if (following && editor.getInstanceState().followingUserId === following) editor.stopFollowingUser()
    following = leader
  }
  awareness.on('change', update)
  update()
  return () => awareness.off('change', update)
}
