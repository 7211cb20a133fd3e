/**
 * Group commit (issue 10): accepted document updates are collected — from every board, for one
 * event-loop turn (`windowMs` 0, the default; at most `turnMaxMs` of it, so the first update of
 * a burst does not wait for the whole burst) or for a short window — and stored in ONE
 * transaction (`BoardStorage.appendUpdates`). Only when that transaction has committed is each
 * entry `committed`, which is when its document sends the update to the other clients: whatever
 * anyone has seen is on disk, now at the price of one commit per turn instead of one per update.
 *
 * Order is the order of `enqueue`: batches are stored one after another (at most one
 * `appendUpdates` in flight), and their entries are released in that order too, so a server
 * change written right after a client's update (server/decidedCardGuard.ts) or a meeting write
 * reaches every client after it, never before. An entry without an update (`afterPending`) is
 * released in the same order: it runs once everything enqueued before it has committed.
 *
 * When a transaction fails, nothing of it is stored and every entry of it is `failed` (its
 * board is dropped and its clients closed with 1011; they reconnect and send again what the
 * server lacks). Nothing of a failed batch was ever sent to anyone. A batch refused with
 * `FencedError` (issue 11: some of its boards are owned by another node now) fails only the
 * entries of those boards — they are dropped and their clients closed with 1012, to reconnect to
 * the new owner — and the rest of the batch is committed again at once, in order.
 */
import type { BoardStorage, UpdateToStore, WriteAlongside } from './boardStorage'
import { FencedError } from './boardStorage'

export interface GroupCommitSettings {
  /** 0: one transaction per event-loop turn (setImmediate); > 0: wait this long after the first update. */
  windowMs: number
  /**
   * With `windowMs` 0: a batch that has been collecting this long within one turn is committed
   * at once, mid-turn (0: never; then a turn's batch waits for the whole turn). A burst — say
   * fifty clients whose messages a stalled network delivered together — would otherwise hold the
   * first update until the last of the burst was handled. Default 1.
   */
  turnMaxMs?: number
  /** The clock (milliseconds; tests pass their own). */
  now?: () => number
}

export const DEFAULT_TURN_MAX_MS = 1

export interface CommitEntry {
  /** The board the entry belongs to (for `dropBoard`). */
  boardId: string
  /** The update to store, or null for an entry that only waits (`afterPending`). */
  update: UpdateToStore | null
  /** Called once its transaction committed, in enqueue order; `seq` is 0 without an update. */
  committed(seq: number): void
  /** Called when its transaction failed (nothing of it stored). */
  failed(err: unknown): void
}

interface Queued extends CommitEntry {
  also?: readonly WriteAlongside[]
}

export interface GroupCommitStats {
  /** Transactions committed (or attempted) for updates. */
  transactions: number
  /** Updates stored. */
  updates: number
  /** The largest batch so far. */
  largestBatch: number
}

export class GroupCommitter {
  private pending: Queued[] = []
  /** When the first entry of `pending` came (per `now`). */
  private pendingSince = 0
  /** While above 0 (`together`), a group is never cut mid-turn. */
  private holds = 0
  private readonly turnMaxMs: number
  private readonly now: () => number
  private timer: NodeJS.Immediate | NodeJS.Timeout | null = null
  /** The last started batch, until it is released (committed and its entries told). */
  private inFlight: Promise<void> | null = null
  readonly stats: GroupCommitStats = { transactions: 0, updates: 0, largestBatch: 0 }

  constructor(
    private readonly storage: BoardStorage,
    private readonly settings: GroupCommitSettings = { windowMs: 0 },
  ) {
    this.turnMaxMs = settings.windowMs === 0 ? (settings.turnMaxMs ?? DEFAULT_TURN_MAX_MS) : 0
    this.now = settings.now ?? (() => performance.now())
  }

  /** Updates waiting for their transaction (not yet started). */
  get pendingCount(): number {
    return this.pending.length
  }

  enqueue(entry: CommitEntry): void {
    this.push(entry)
    // A batch collecting for too long in this turn goes now (when no other is in flight).
    if (this.turnMaxMs > 0 && this.holds === 0 && this.inFlight === null && this.now() - this.pendingSince >= this.turnMaxMs) this.run()
    else this.schedule()
  }

  private push(entry: Queued): void {
    if (this.pending.length === 0 && this.turnMaxMs > 0) this.pendingSince = this.now()
    this.pending.push(entry)
  }

  /**
   * Runs `make` so that whatever it enqueues lands in one group: no mid-turn cut separates a
   * document change from the `commit(…, also)` that must be stored with it ("both or neither").
   */
  together<T>(make: () => T): T {
    this.holds++
    try {
      return make()
    } finally {
      this.holds--
    }
  }

  /**
   * Runs `then` once everything enqueued so far has committed (`failed` with the error when that
   * failed). Used to send a sync step 2 answer only after what it contains is on disk.
   */
  afterPending(boardId: string, then: () => void, failed: (err: unknown) => void = () => {}): void {
    if (this.pending.length === 0 && this.inFlight === null) {
      then()
      return
    }
    this.push({ boardId, update: null, committed: () => then(), failed })
    this.schedule()
  }

  /**
   * Commits everything enqueued so far together with `also` in one transaction; resolves once
   * committed and released, rejects when it failed. The asynchronous way for a route to store
   * a document change (and e.g. an archived session with it).
   */
  commit(boardId: string, also: readonly WriteAlongside[] = []): Promise<void> {
    return new Promise((resolve, reject) => {
      this.push({ boardId, update: null, committed: () => resolve(), failed: reject, also })
      this.schedule()
    })
  }

  /**
   * Drops what a dropped board still had waiting (its clients are gone; a deleted board's rows
   * would be refused): those entries are `failed`, never stored.
   */
  dropBoard(boardId: string): void {
    const dropped = this.pending.filter((entry) => entry.boardId === boardId)
    if (dropped.length === 0) return
    this.pending = this.pending.filter((entry) => entry.boardId !== boardId)
    this.fail(dropped, new Error('the board was dropped'))
  }

  /** Resolves when everything enqueued before this call has been released (committed or failed). */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight !== null) {
      if (this.inFlight === null) this.run()
      if (this.inFlight !== null) await this.inFlight
    }
  }

  private schedule(): void {
    if (this.timer !== null || this.inFlight !== null) return
    this.timer = this.settings.windowMs > 0 ? setTimeout(() => this.run(), this.settings.windowMs) : setImmediate(() => this.run())
  }

  private clearTimer(): void {
    if (this.timer === null) return
    clearTimeout(this.timer as NodeJS.Timeout)
    clearImmediate(this.timer as NodeJS.Immediate)
    this.timer = null
  }

  /** Starts the next batch: everything pending, in one transaction. */
  private run(): void {
    this.clearTimer()
    if (this.inFlight !== null || this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    const updates = updatesOf(batch)
    const also = alsoOf(batch)
    if (updates.length === 0 && also.length === 0) {
      this.release(batch, [])
      return
    }
    let stored: Promise<number[]>
    try {
      stored = this.storage.appendUpdates(updates, also)
    } catch (err) {
      stored = Promise.reject(err)
    }
    this.count(batch)
    this.track(stored.then((seqs) => this.release(batch, seqs), (err: unknown) => this.failOrRetry(batch, err)))
  }

  /** Keeps `released` as the batch in flight until it settles, then starts what came meanwhile. */
  private track(released: Promise<void>): void {
    this.inFlight = released
    void released.finally(() => {
      if (this.inFlight !== released) return
      this.inFlight = null
      if (this.pending.length > 0) this.run()
    })
  }

  private count(batch: readonly Queued[]): void {
    const updates = batch.filter((entry) => entry.update !== null).length
    this.stats.transactions++
    this.stats.updates += updates
    this.stats.largestBatch = Math.max(this.stats.largestBatch, updates)
  }

  private release(batch: readonly Queued[], seqs: readonly number[]): void {
    let next = 0
    for (const entry of batch) {
      const seq = entry.update === null ? 0 : seqs[next++]
      try {
        entry.committed(seq)
      } catch {
        // One document's failure to send must not keep the others from theirs.
      }
    }
  }

  /**
   * A failed batch. When the database refused it only because some of its boards are fenced
   * (another node owns them now, issue 11), the entries of those boards fail — their boards are
   * dropped without writing anything more — and the others go again, first and in their order.
   */
  private failOrRetry(batch: readonly Queued[], err: unknown): void {
    if (err instanceof FencedError && err.boardIds.length > 0) {
      const fenced = new Set(err.boardIds)
      const lost = batch.filter((entry) => fenced.has(entry.boardId))
      if (lost.length > 0) {
        const rest = batch.filter((entry) => !fenced.has(entry.boardId))
        this.fail(lost, err)
        this.pending = [...rest, ...this.pending]
        return
      }
    }
    this.fail(batch, err)
  }

  private fail(batch: readonly Queued[], err: unknown): void {
    for (const entry of batch) {
      try {
        entry.failed(err)
      } catch {
        // As in `release`.
      }
    }
  }
}

function updatesOf(batch: readonly Queued[]): UpdateToStore[] {
  const updates: UpdateToStore[] = []
  for (const entry of batch) if (entry.update !== null) updates.push(entry.update)
  return updates
}

function alsoOf(batch: readonly Queued[]): WriteAlongside[] {
  return batch.flatMap((entry) => entry.also ?? [])
}
