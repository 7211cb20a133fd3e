import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { MeetingSnapshot } from '../../shared/domain/snapshot'
import { readMeetingSnapshot } from '../../shared/ydoc/snapshot'
import { getRecordsMap } from '../../shared/ydoc/layout'

/** Re-read at most this often when something a rule reads changed (a card's data, a decision). */
const REFRESH_MS = 150
/**
 * While people only drag cards, the rules see nothing new (positions only give the reading
 * order): re-read at most this often, so 300 cards are not re-read and re-rendered every 150 ms.
 */
const POSITION_REFRESH_MS = 1000
const POSITION_KEYS = new Set(['x', 'y', 'rotation', 'index'])

/** Whether a change of the records touched only where cards are, not what they say. */
function onlyPositions(events: Y.YEvent<Y.AbstractType<unknown>>[], records: Y.Map<unknown>): boolean {
  return events.every(
    (event) => event.target !== records && event.path.length === 1 && [...event.changes.keys.keys()].every((key) => POSITION_KEYS.has(key)),
  )
}

const ids = (cards: readonly { id: string }[]) => cards.map((card) => card.id).join(' ')

/** Whether two snapshots list the same cards in the same reading order. */
export function sameReadingOrder(a: MeetingSnapshot, b: MeetingSnapshot): boolean {
  return (
    a.resident?.id === b.resident?.id &&
    ids(a.domains) === ids(b.domains) &&
    ids(a.agencies) === ids(b.agencies) &&
    ids(a.actions) === ids(b.actions)
  )
}

/**
 * The meeting as the shared rules see it, live: the same `readMeetingSnapshot` the server uses to
 * decide whether a meeting may close, read here from the client's copies of both documents.
 */
export function useMeetingSnapshot(boardDoc: Y.Doc, meetingDoc: Y.Doc): MeetingSnapshot {
  const [snapshot, setSnapshot] = useState(() => readMeetingSnapshot(boardDoc, meetingDoc))
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    let due = Infinity
    // Only cards moved since the last read: what the rules see changes only if the order did.
    let positionsOnly = true
    const read = () => {
      timer = null
      due = Infinity
      const next = readMeetingSnapshot(boardDoc, meetingDoc)
      const moved = positionsOnly
      positionsOnly = true
      // Keeping the same object spares every card that reads the meeting a render (199 actions
      // re-rendering once a second while people drag was a long task of its own).
      setSnapshot((previous) => (moved && sameReadingOrder(previous, next) ? previous : next))
    }
    const refresh = (delay: number) => {
      const at = Date.now() + delay
      if (at >= due) return
      if (timer) clearTimeout(timer)
      due = at
      timer = setTimeout(read, delay)
    }
    const records = getRecordsMap(boardDoc)
    const onRecords = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (onlyPositions(events, records as Y.Map<unknown>)) {
        refresh(POSITION_REFRESH_MS)
      } else {
        positionsOnly = false
        refresh(REFRESH_MS)
      }
    }
    const onMeeting = () => {
      positionsOnly = false
      refresh(REFRESH_MS)
    }
    records.observeDeep(onRecords)
    meetingDoc.on('update', onMeeting)
    positionsOnly = false
    read()
    return () => {
      if (timer) clearTimeout(timer)
      records.unobserveDeep(onRecords)
      meetingDoc.off('update', onMeeting)
    }
  }, [boardDoc, meetingDoc])
  return snapshot
}
