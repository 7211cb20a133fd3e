/**
 * Retention: the organisation's case system is the place of record, not this board. A board whose
 * current session closed more than RETENTION_DAYS ago is purged, exactly like a deletion
 * (connections closed with 4404 `deleted`, every row of it removed). A board with an open
 * session — also a follow-up of a closed one — has no close time and is never purged.
 * Runs at start-up and then every PURGE_INTERVAL_MS.
 */
import { CloseCode } from '../shared/protocol'
import type { BoardRegistry } from './boards'
import type { BoardStore } from './storage'
import { boardRef, errorText, log } from './log'

const DAY_MS = 24 * 60 * 60 * 1000

export interface RetentionSettings {
  retentionDays: number
  purgeIntervalMs: number
}

/** Purges every board closed longer than `retentionDays` ago; returns how many. */
export function purgeExpiredBoards(store: BoardStore, boards: BoardRegistry, retentionDays: number, now = Date.now()): number {
  let purged = 0
  for (const id of store.boardsClosedBefore(now - retentionDays * DAY_MS)) {
    try {
      const record = store.findBoard(id)
      if (record === undefined) continue
      // The meeting document is the truth; the close time only finds the candidates.
      if (boards.meetingInfo(record).state !== 'closed') {
        log('warn', 'purge_skipped_open_board', { board: boardRef(id) })
        store.markSessionOpen(id)
        continue
      }
      boards.delete(id, CloseCode.unknownBoard)
      log('info', 'board_purged', { board: boardRef(id) })
      purged++
    } catch (err) {
      // One board that cannot be removed must not keep the others.
      log('error', 'purge_failed', { board: boardRef(id), error: errorText(err) })
    }
  }
  log('info', 'purge_run', { purged, retentionDays })
  return purged
}

/**
 * A database from before retention has boards closed without a recorded close time: take it
 * from their meeting documents once, so they are purged like every other closed board.
 */
export function recordMissingCloseTimes(store: BoardStore, boards: BoardRegistry): void {
  let recorded = 0
  for (const id of store.boardsWithoutCloseTime()) {
    const record = store.findBoard(id)
    if (record === undefined) continue
    const info = boards.meetingInfo(record)
    if (info.state !== 'closed') continue
    const closedAt = info.closedAt === null ? Number.NaN : Date.parse(info.closedAt)
    // No readable close time: count from now, so it is kept a full retention period.
    store.setLastClosedAt(id, Number.isNaN(closedAt) ? Date.now() : closedAt)
    recorded++
  }
  log('info', 'close_times_recorded', { boards: recorded })
}

/** Purges now and then on schedule; the returned function stops the schedule (shutdown). */
export function startRetention(store: BoardStore, boards: BoardRegistry, settings: RetentionSettings): () => void {
  const run = () => {
    try {
      purgeExpiredBoards(store, boards, settings.retentionDays)
    } catch (err) {
      log('error', 'purge_failed', { error: errorText(err) })
    }
  }
  if (store.addedLastClosedAt) recordMissingCloseTimes(store, boards)
  run()
  const timer = setInterval(run, settings.purgeIntervalMs)
  // The schedule alone must not keep the process alive.
  timer.unref()
  return () => clearInterval(timer)
}
