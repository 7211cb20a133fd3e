/**
 * Her phone: her list of actions, read from the board's documents through the meeting snapshot.
 * No tldraw here, not even a store: nothing in this file's imports may load tldraw's runtime
 * (tests/browser/phoneLoad.test.ts checks the network log of her phone).
 */
import { useEffect, useMemo } from 'react'
import { canRun } from '../../shared/commands/command'
import { COMMANDS } from '../../shared/commands/index'
import { useMeetingSnapshot } from '../meeting/useMeetingSnapshot'
import { ResidentView } from '../resident/ResidentView'
import { MeetingContext, type MeetingContextValue } from '../ui/MeetingContext'
import type { AwarenessState } from '../sync/presence'
import { ConnectionBadge } from './ConnectionBadge'
import type { SyncedBoardProps } from './partProps'

export function ResidentRoom({ connection, boardId, token, access, identity, connectionSnapshot }: SyncedBoardProps) {
  const snapshot = useMeetingSnapshot(connection.doc, connection.meetingDoc)
  const canEdit = canRun(COMMANDS.editBoard, access, snapshot.info) === null
  const awareness = connection.provider.awareness

  // Everyone's people list shows her; she has no cursor to share. The key never travels.
  useEffect(() => {
    const { key: _key, ...publicIdentity } = identity
    awareness.setLocalStateField('identity', { ...publicIdentity, access } satisfies AwarenessState['identity'])
  }, [awareness, identity, access])

  const meeting = useMemo<MeetingContextValue>(
    () => ({ boardId, token, access, identity, snapshot, canEdit }),
    [boardId, token, access, identity, snapshot, canEdit],
  )
  return (
    <MeetingContext.Provider value={meeting}>
      <ResidentView />
      <div className="resident-view__status"><ConnectionBadge snapshot={connectionSnapshot} /></div>
    </MeetingContext.Provider>
  )
}
