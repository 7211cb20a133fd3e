/**
 * Archiving a closed session: both documents as they are at the close, plus the picture of the
 * board as the facilitator's browser rendered it (tldraw export, PNG), sent as the optional body
 * of `POST /api/boards/:id/close` (checked by the close command's validator in
 * shared/commands/meeting.ts). The server cannot render tldraw itself, so it keeps the PNG it is
 * given; the record's PDF shows it.
 *
 * Earlier clients also sent the board as SVG (`pictureSvg`). Nothing ever read it, so it is no
 * longer stored: a request that still carries one is accepted, and only the log says it came.
 */
import * as Y from 'yjs'
import type { LoadedBoard } from './boards'
import type { ArchivedSession, WriteAlongside } from './storage/boardStorage'

/** What the close request carried. */
export interface ClosePicture {
  /** The PNG bytes, or null when the request sent none. */
  picturePng: Uint8Array | null
  /** Whether it also carried an SVG (earlier clients): never stored; the log says so. */
  svgIgnored?: boolean
}

/**
 * For the log: which pictures came (`svg`, `png`, `svg,png`) or `none` — never their content.
 * Only the PNG is kept.
 */
export function pictureKinds(picture: ClosePicture): string {
  const kinds = [picture.svgIgnored === true ? 'svg' : null, picture.picturePng !== null ? 'png' : null]
  return kinds.filter((kind) => kind !== null).join(',') || 'none'
}

/**
 * Archives the board's current session, which must just have closed: the archive as a write that
 * commits in the transaction that stores the close
 * (`LoadedBoard.writeMeetingTogetherWithAsync(close, (b) => archiveWithClose(b, picture))`).
 */
export function archiveWithClose(board: LoadedBoard, picture: ClosePicture): WriteAlongside[] {
  return [{ type: 'archiveSession', boardId: board.id, session: closedSession(board, picture) }]
}

/** The board's current session, which must just have closed, as it is archived. */
function closedSession(board: LoadedBoard, picture: ClosePicture): ArchivedSession {
  const info = board.meetingInfo()
  if (info.state !== 'closed' || info.closedAt === null) throw new Error('only a closed session is archived')
  return {
    number: info.sessionNumber,
    startedAt: info.startedAt,
    closedAt: info.closedAt,
    boardSnapshot: Y.encodeStateAsUpdateV2(board.board.doc),
    meetingSnapshot: Y.encodeStateAsUpdateV2(board.meeting.doc),
    picturePng: picture.picturePng,
  }
}
