/** What every part of a joined board needs to know: who I am, what I may do, the live meeting. */
import { createContext, useContext } from 'react'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { MeetingSnapshot } from '../../shared/domain/snapshot'
import type { Access } from '../../shared/protocol'

export interface MeetingContextValue {
  boardId: string
  token: string
  access: Access
  identity: ParticipantIdentity
  snapshot: MeetingSnapshot
  /** Editing is allowed for me right now (not closed; not locked unless I am the facilitator). */
  canEdit: boolean
}

export const MeetingContext = createContext<MeetingContextValue | null>(null)

export function useMeeting(): MeetingContextValue {
  const value = useContext(MeetingContext)
  if (!value) throw new Error('useMeeting outside MeetingContext')
  return value
}

