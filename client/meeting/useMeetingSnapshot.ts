import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { readMeetingSnapshot, type MeetingSnapshot } from '../../shared/domain/snapshot'

/** Re-read at most this often while a drag streams updates; decisions and states are rarer. */
const REFRESH_MS = 150

/**
 * The meeting as the shared rules see it, live: the same `readMeetingSnapshot` the server uses to
 * decide whether a meeting may close, read here from the client's copies of both documents.
 */
export function useMeetingSnapshot(boardDoc: Y.Doc, meetingDoc: Y.Doc): MeetingSnapshot {
  const [snapshot, setSnapshot] = useState(() => readMeetingSnapshot(boardDoc, meetingDoc))
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const refresh = () => {
      if (timer) return
      timer = setTimeout(() => {
        timer = null
        setSnapshot(readMeetingSnapshot(boardDoc, meetingDoc))
      }, REFRESH_MS)
    }
    boardDoc.on('update', refresh)
    meetingDoc.on('update', refresh)
    setSnapshot(readMeetingSnapshot(boardDoc, meetingDoc))
    return () => {
      if (timer) clearTimeout(timer)
      boardDoc.off('update', refresh)
      meetingDoc.off('update', refresh)
    }
  }, [boardDoc, meetingDoc])
  return snapshot
}
