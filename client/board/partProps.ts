/** The props of the board's lazily loaded parts (see lazyPart.ts), apart so no part imports another's module. */
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'
import type { BoardConnection, ConnectionSnapshot } from '../sync/boardConnection'

export interface BoardViewProps {
  boardId: string
  token: string
  access: Access
  identity: ParticipantIdentity
}

/** A board whose documents have arrived, as every view of it gets it. */
export interface SyncedBoardProps extends BoardViewProps {
  connection: BoardConnection
  connectionSnapshot: ConnectionSnapshot
}

export type CanvasRoomProps = SyncedBoardProps
