/**
 * Presence over the Yjs awareness protocol: my cursor, selection, name, colour and role go out
 * (throttled); other people's come in as tldraw `instance_presence` records, which tldraw draws
 * as named cursors and lists in its people menu. Presence never enters the Y.Doc.
 */
import type { Awareness } from 'y-protocols/awareness'
import {
  atom,
  createPresenceStateDerivation,
  InstancePresenceRecordType,
  react,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'

/** At most this often my presence goes out; a cursor at 20 updates a second looks smooth. */
export const PRESENCE_INTERVAL_MS = 50

/** What each client publishes in its awareness state. */
export interface AwarenessState {
  /** Who this is; never the browser's own key. */
  identity?: Omit<ParticipantIdentity, 'key'> & { access: Access }
  presence?: TLInstancePresence
}

function presenceIdFor(clientId: number) {
  return InstancePresenceRecordType.createId(String(clientId))
}

export function bindPresence(store: TLStore, awareness: Awareness, identity: ParticipantIdentity, access: Access) {
  // The key proves who may change this person's entry; it never travels in presence.
  const { key: _key, ...publicIdentity } = identity
  awareness.setLocalStateField('identity', { ...publicIdentity, access } satisfies AwarenessState['identity'])
  // The resident's phone shows a list, not the canvas: it has no cursor to share.
  if (access === 'resident') return () => undefined

  const user = atom<TLUser | null>('tafelbord user', {
    id: identity.userId as TLUser['id'],
    typeName: 'user',
    name: identity.name,
    color: identity.color,
    imageUrl: '',
    meta: {},
  })

  // Outgoing, throttled: send at once after a quiet period, then at most every PRESENCE_INTERVAL_MS.
  const $presence = createPresenceStateDerivation(user, {
    instanceId: presenceIdFor(awareness.clientID),
  })(store)
  let lastSent = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  const send = () => {
    timer = null
    lastSent = Date.now()
    const presence = $presence.get()
    if (presence) awareness.setLocalStateField('presence', presence)
  }
  const stopReacting = react('send presence', () => {
    $presence.get()
    if (timer) return
    const wait = Math.max(0, PRESENCE_INTERVAL_MS - (Date.now() - lastSent))
    timer = setTimeout(send, wait)
  })

  // Incoming: validated like any other record; a bad state is ignored, never breaks the editor.
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = []
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const state = awareness.getStates().get(clientId) as AwarenessState | undefined
      if (!state?.presence) continue
      try {
        const record = InstancePresenceRecordType.validate({
          ...state.presence,
          id: presenceIdFor(clientId),
          // Their clock is not ours: "active" means we heard from them just now.
          lastActivityTimestamp: Date.now(),
        })
        toPut.push(record)
      } catch {
        // Ignored: a malformed presence only hides that one cursor.
      }
    }
    for (const clientId of removed) {
      const id = presenceIdFor(clientId)
      if (store.has(id)) toRemove.push(id)
    }
    if (toPut.length || toRemove.length) {
      store.mergeRemoteChanges(() => {
        if (toRemove.length) store.remove(toRemove)
        if (toPut.length) store.put(toPut)
      })
    }
  }
  awareness.on('change', onChange)
  // People who were here before we arrived.
  onChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] })

  return () => {
    stopReacting()
    if (timer) clearTimeout(timer)
    awareness.off('change', onChange)
    awareness.setLocalStateField('presence', null)
  }
}

/** Everyone on the board according to awareness, me included, for our own people list. */
export function readIdentities(awareness: Awareness): Array<{ clientId: number; identity: NonNullable<AwarenessState['identity']> }> {
  const out: Array<{ clientId: number; identity: NonNullable<AwarenessState['identity']> }> = []
  for (const [clientId, state] of awareness.getStates()) {
    const identity = (state as AwarenessState).identity
    if (identity && typeof identity.name === 'string') out.push({ clientId, identity })
  }
  return out
}
