/**
 * Retention: the organisation's case system is the place of record, not this board. A board whose
 * current session closed more than RETENTION_DAYS ago is purged, exactly like a deletion
 * (connections closed with 4404 `deleted`, every row of it removed). A board with an open
 * session — also a follow-up of a closed one — has no close time and is never purged.
 * Runs at start-up and then every PURGE_INTERVAL_MS.
 *
 * Several nodes on one PostgreSQL database (issue 11) each run it. A node leaves a board alone
 * while another node holds its lease live (`storage.currentLease`): that owner has the board
 * loaded and its clients connected, and purges it itself — closing those connections with 4404 —
 * at its next run; once the lease expired (the owner died or let the board go) any node purges
 * it. On SQLite the one node holds every lease, so nothing is ever left to another node.
 *
 * A purged board's case is forgotten (issue 12: facilitators, members, access log) — always, also
 * with sign-in switched off after it was on —, leaving with sign-in one `board.purge` line. Lines of
 * the access log that belong to no board (sign-in, sign-out, refused sign-ins) go once older than
 * RETENTION_DAYS; a board's lines go with its case, never by age.
 */
import { AUDIT_ACTIONS } from '../shared/domain/audit'
import { CloseCode } from '../shared/protocol'
import { auditRowOf, SYSTEM_ACTOR } from './audit/auditLog'
import type { BoardRegistry } from './boards'
import type { Config } from './config'
import type { CaseStorage } from './storage/accountStorage'
import type { BoardStorage } from './storage/boardStorage'
import { boardRef, errorText, log } from './log'

const DAY_MS = 24 * 60 * 60 * 1000

export interface RetentionSettings {
  retentionDays: number
  purgeIntervalMs: number
  /** This node (`NODE_ID`): a board whose live lease another node holds is left to that node. */
  nodeId: string
}

/**
 * Purges every board closed longer than `retentionDays` ago, except those another node serves
 * now (their owner purges them); resolves with how many this run purged.
 */
export async function purgeExpiredBoards(
  store: BoardStorage,
  boards: BoardRegistry,
  settings: Pick<RetentionSettings, 'retentionDays' | 'nodeId'>,
  now = Date.now(),
  caseStorage?: Pick<CaseStorage, 'forgetCase' | 'deleteBoardlessAuditBefore'>,
  /** Sign-in on: a purged case leaves its `board.purge` line. */
  keepTombstones = false,
): Promise<number> {
  const { retentionDays, nodeId } = settings
  let purged = 0
  let leftToOwner = 0
  for (const id of await store.boardsClosedBefore(now - retentionDays * DAY_MS)) {
    try {
      const record = await store.findBoard(id)
      if (record === undefined) continue
      const lease = await store.currentLease(id)
      if (lease !== undefined && lease.nodeId !== nodeId) {
        log('info', 'purge_left_to_owner', { board: boardRef(id), owner: lease.nodeId })
        leftToOwner++
        continue
      }
      // The meeting document is the truth; the close time only finds the candidates.
      if ((await boards.meetingInfoAsync(record)).state !== 'closed') {
        log('warn', 'purge_skipped_open_board', { board: boardRef(id) })
        await store.markSessionOpen(id)
        continue
      }
      await boards.deleteAsync(id, CloseCode.unknownBoard)
      log('info', 'board_purged', { board: boardRef(id) })
      purged++
      if (caseStorage !== undefined) {
        const tombstone = keepTombstones
          ? auditRowOf({ action: AUDIT_ACTIONS.boardPurge, boardId: id, actor: SYSTEM_ACTOR, result: 'ok', origin: `node:${nodeId}` })
          : null
        await caseStorage.forgetCase(id, tombstone)
      }
    } catch (err) {
      // One board that cannot be removed must not keep the others.
      log('error', 'purge_failed', { board: boardRef(id), error: errorText(err) })
    }
  }
  let logLinesDeleted = 0
  if (caseStorage !== undefined) {
    try {
      logLinesDeleted = await caseStorage.deleteBoardlessAuditBefore(now - retentionDays * DAY_MS)
    } catch (err) {
      log('error', 'purge_failed', { error: errorText(err) })
    }
  }
  log('info', 'purge_run', { purged, leftToOwner, retentionDays, logLinesDeleted })
  return purged
}

/**
 * Purges now and then on schedule; resolves (with the function that stops the schedule, for
 * shutdown) once the first purge is done, so a board due for purging is never served again.
 */
export async function startRetention(
  store: BoardStorage,
  boards: BoardRegistry,
  settings: RetentionSettings & Partial<Pick<Config, 'signIn'>>,
  caseStorage?: Pick<CaseStorage, 'forgetCase' | 'deleteBoardlessAuditBefore'>,
): Promise<() => void> {
  // The access log is kept with sign-in only (server/audit/auditLog.ts `keepsAuditLog`): the
  // tombstone too. The case itself is forgotten either way.
  const keepTombstones = settings.signIn !== null && settings.signIn !== undefined
  let running = false
  const run = async () => {
    if (running) return
    running = true
    try {
      await purgeExpiredBoards(store, boards, settings, Date.now(), caseStorage, keepTombstones)
    } catch (err) {
      log('error', 'purge_failed', { error: errorText(err) })
    } finally {
      running = false
    }
  }
  await run()
  const timer = setInterval(() => void run(), settings.purgeIntervalMs)
  // The schedule alone must not keep the process alive.
  timer.unref()
  return () => clearInterval(timer)
}
