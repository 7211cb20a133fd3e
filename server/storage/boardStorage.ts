/**
 * The storage interface of the server: what the sync path (server/syncedDocument.ts,
 * server/boards.ts, server/groupCommit.ts via server/storage/groupCommit.ts) and retention need,
 * asynchronous so that an engine with a network round trip (PostgreSQL, issue 11) implements it
 * as well as the embedded SQLite file does (server/storage.ts: `SqliteBoardStorage`).
 *
 * Contract every implementation keeps:
 * - A promise resolves only once what it wrote is committed (durable as the engine's settings
 *   promise, see docs/api.md "Storage and durability"); a rejected write stored nothing of it.
 * - `appendUpdates` stores its updates — and the `also` writes — in ONE transaction, in array
 *   order, and answers each update's `seq`: per board and document, a later update has a higher
 *   `seq`, and a new update's `seq` is higher than every `seq` stored for that document before.
 *   The caller (the group committer) has at most one `appendUpdates` in flight at a time, so
 *   transactions commit in the order they were asked for.
 * - `writeSnapshot` replaces the snapshot and deletes the updates with `seq <= coversUpToSeq` in
 *   one transaction.
 * - `deleteBoard` removes every row of a board in one transaction and does what the engine needs
 *   so the deleted content does not linger (SQLite: secure_delete and a WAL checkpoint;
 *   PostgreSQL: a VACUUM of the affected tables, see docs/api.md "Storage").
 * - Fencing (issue 11): every write for a board whose lease this storage object took is refused
 *   with `FencedError` once that lease's epoch is no longer the board's; a transaction that holds
 *   a write of a fenced board stores nothing (the caller retries the others).
 */
import type { ArchivedSessionSummary } from '../../shared/protocol'

/** Which of a board's two documents. */
export type DocKind = 'board' | 'meeting'
export const DOC_KINDS: readonly DocKind[] = ['board', 'meeting']

export interface BoardRecord {
  id: string
  /** Milliseconds since the epoch. */
  createdAt: number
  facilitatorTokenHash: string
  participantTokenHash: string
  residentTokenHash: string
  /** The participant and resident tokens sealed with the facilitator's token (see tokens.ts). */
  sealedLinks: string
}

/** One closed session of a case, as archived when it closed. */
export interface ArchivedSession {
  number: number
  /** ISO 8601, from the meeting document. */
  startedAt: string
  closedAt: string
  /** `Y.encodeStateAsUpdateV2` of the board document at the close. */
  boardSnapshot: Uint8Array
  /** `Y.encodeStateAsUpdateV2` of the meeting document just after the close (state `closed`). */
  meetingSnapshot: Uint8Array
  /** The board as rendered in the facilitator's browser at the close (PNG), if it sent one. */
  picturePng: Uint8Array | null
}

/** What `listSessions` tells about an archived session, without its (large) contents. */
export type { ArchivedSessionSummary }

export interface StoredDocument {
  /** V2-encoded state at the last compaction, or null if never compacted. */
  snapshot: Uint8Array | null
  /** V1 updates stored after the snapshot, oldest first. */
  updates: Uint8Array[]
  /** `seq` of the newest stored update, or 0 when there are none. */
  lastSeq: number
}

/** One accepted document update to store. */
export interface UpdateToStore {
  boardId: string
  kind: DocKind
  /** A V1 Yjs update. */
  update: Uint8Array
}

/**
 * A write that must commit together with document updates (in the same transaction): closing a
 * session archives it; starting a follow-up marks the board open again.
 */
export type WriteAlongside =
  | { type: 'archiveSession'; boardId: string; session: ArchivedSession }
  | { type: 'markSessionOpen'; boardId: string }

/**
 * Who serves a board (issue 11): one node at a time holds its lease. The epoch grows by one with
 * every change of owner; a write carries the epoch its node took the lease with and is refused by
 * the database once that epoch is no longer the board's (a paused or cut-off old owner cannot
 * write after it lost the lease: the fence).
 */
export interface BoardLease {
  boardId: string
  nodeId: string
  /** The owner's internal address (NODE_URL), where other nodes forward this board's requests. */
  nodeUrl: string
  epoch: number
  /** Milliseconds since the epoch (the database's clock). */
  expiresAt: number
}

/** The answer to taking a lease: ours now (taken or renewed), or someone else's live lease. */
export type LeaseAnswer = { owned: true; lease: BoardLease } | { owned: false; lease: BoardLease }

/**
 * A write for boards whose lease this node no longer holds: nothing of that transaction was
 * stored. The caller stops serving those boards (their clients reconnect to the new owner) and
 * may retry the writes of the other boards.
 */
export class FencedError extends Error {
  constructor(readonly boardIds: readonly string[]) {
    super(`this node no longer holds the lease of ${boardIds.length} board(s)`)
  }
}

export interface BoardStorage {
  // ------------------------------------------------------------------ ownership (issue 11)
  /**
   * Takes the board's lease for this node when it is free, expired, or already this node's (then
   * renews it, same epoch); a new owner gets the next epoch. Otherwise answers the live lease of
   * its owner. From then on every write of this board by this storage object carries that epoch
   * (the fence). The embedded SQLite storage serves one node: every lease is its own.
   */
  acquireLease(boardId: string, nodeId: string, nodeUrl: string, ttlMs: number): Promise<LeaseAnswer>
  /** Renews this node's leases; answers the boards among them it no longer holds (fenced). */
  renewLeases(nodeId: string, boardIds: readonly string[], ttlMs: number): Promise<string[]>
  /** Gives the lease up (after a flush), so another node may take the board at once. */
  releaseLease(boardId: string, nodeId: string): Promise<void>
  /** The live lease of a board, whoever holds it, or undefined when none is live. */
  currentLease(boardId: string): Promise<BoardLease | undefined>


  // ------------------------------------------------------------------ boards
  findBoard(id: string): Promise<BoardRecord | undefined>
  /** The board row and the first state of its meeting document, in one transaction. */
  createBoard(board: BoardRecord, initialMeetingSnapshot: Uint8Array): Promise<void>
  /** Everything of a board, in one transaction; deleted content must not linger (see above). */
  deleteBoard(id: string): Promise<void>

  // ------------------------------------------------------------------ documents
  loadDocument(boardId: string, kind: DocKind): Promise<StoredDocument>
  /**
   * Group commit: every update (and every `also` write after them) in one transaction, in order.
   * Resolves with each update's `seq` once committed; rejects when nothing was stored.
   */
  appendUpdates(updates: readonly UpdateToStore[], also?: readonly WriteAlongside[]): Promise<number[]>
  /** Replaces the snapshot and deletes the updates with `seq <= coversUpToSeq`, in one transaction. */
  writeSnapshot(boardId: string, kind: DocKind, snapshot: Uint8Array, coversUpToSeq: number): Promise<void>

  // ------------------------------------------------------------------ sessions and retention
  /** Archives a closed session and records the close time; never replaces one (throws). */
  archiveSession(boardId: string, session: ArchivedSession): Promise<void>
  listSessions(boardId: string): Promise<ArchivedSessionSummary[]>
  readSession(boardId: string, number: number): Promise<ArchivedSession | undefined>
  markSessionOpen(boardId: string): Promise<void>
  /** Boards whose current session closed at or before `cutoffMs`, longest closed first. */
  boardsClosedBefore(cutoffMs: number): Promise<string[]>

  close(): Promise<void>
}
