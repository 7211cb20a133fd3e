/**
 * Board ownership of this node (issue 11, docs/api.md "Several nodes"): the leases it holds.
 *
 * A board is served by exactly one node at a time: the holder of its lease, a row in the database
 * (BoardStorage.acquireLease, with an epoch that grows with every change of owner). A node takes
 * the lease when a connection or API call needs the board loaded and nobody else holds a live
 * lease (`claim`, called by BoardRegistry before it loads a board), renews every lease it holds
 * every third of the TTL in one call (`renewLeases`), and gives a lease up once the board left
 * memory with everything stored (`release`: unload, shutdown), so another node may take it at
 * once instead of after the TTL.
 *
 * Losing a lease. A renewal that reports a board fenced (another node took it, e.g. after this
 * process was paused longer than the TTL), a lease whose last successful renewal is older than
 * the TTL (the database could not be reached: someone else may own it by now), or a write refused
 * with `FencedError` (server/boards.ts) all end the same way: `onLost` drops the board at once
 * without writing anything more and closes its clients with 1012, so they reconnect and reach the
 * new owner. The database refuses every write with an old epoch anyway (the fence); stopping
 * quickly only spares the clients a wait.
 *
 * Operations on one board's lease run one after another (a release that is still on its way must
 * not remove a lease taken again after it). Every change is logged: `lease_taken`, `lease_lost`,
 * `lease_released`, and `lease_renew_failed` / `lease_release_failed` on errors.
 */
import type { BoardStorage, LeaseAnswer } from '../storage/boardStorage'
import { boardRef, errorText, log } from '../log'

export type LeaseLossReason = 'fenced' | 'expired' | 'write_fenced'

export interface LeaseKeeperOptions {
  storage: BoardStorage
  nodeId: string
  /** This node's address for the others; read at every claim (known once the server listens). */
  nodeUrl: () => string
  ttlMs: number
  /** A lease was lost: stop serving the board now, write nothing more of it. */
  onLost: (boardId: string, reason: LeaseLossReason) => void
  /** Whether the board is loaded or being loaded here: a held lease of a board that is not is given up. */
  inUse: (boardId: string) => boolean
}

interface Held {
  epoch: number
  /** Local clock: the lease is surely ours until then (the request that took or renewed it started before). */
  validUntil: number
  /** Local clock of the claim: a lease claimed a moment ago is not "unused" yet. */
  claimedAt: number
}

export class ShuttingDownError extends Error {
  constructor() {
    super('this node is shutting down')
  }
}

export class LeaseKeeper {
  private readonly held = new Map<string, Held>()
  private readonly chains = new Map<string, Promise<unknown>>()
  private timer: NodeJS.Timeout | null = null
  private renewing = false
  private renewFailures = 0
  private closed = false

  constructor(private readonly options: LeaseKeeperOptions) {}

  /** Boards whose lease this node holds now (`/api/health` `boardsOwned`). */
  get ownedCount(): number {
    return this.held.size
  }

  owns(boardId: string): boolean {
    const held = this.held.get(boardId)
    return held !== undefined && held.validUntil > Date.now()
  }

  /** Takes (or renews) the board's lease; answers the other owner's live lease when it is not ours. */
  claim(boardId: string): Promise<LeaseAnswer> {
    if (this.closed) return Promise.reject(new ShuttingDownError())
    return this.serialise(boardId, async () => {
      if (this.closed) throw new ShuttingDownError()
      const { storage, nodeId, ttlMs } = this.options
      const started = Date.now()
      const answer = await storage.acquireLease(boardId, nodeId, this.options.nodeUrl(), ttlMs)
      if (!answer.owned) return answer
      const before = this.held.get(boardId)
      this.held.set(boardId, { epoch: answer.lease.epoch, validUntil: started + ttlMs, claimedAt: Date.now() })
      if (before === undefined || before.epoch !== answer.lease.epoch) {
        log('info', 'lease_taken', { board: boardRef(boardId), epoch: answer.lease.epoch })
      }
      this.ensureTimer()
      return answer
    })
  }

  /** The board left memory with everything stored: give its lease up (another node may take it now). */
  release(boardId: string): Promise<void> {
    if (!this.held.has(boardId)) return Promise.resolve()
    return this.serialise(boardId, async () => {
      const held = this.held.get(boardId)
      if (held === undefined) return
      this.held.delete(boardId)
      try {
        await this.options.storage.releaseLease(boardId, this.options.nodeId)
        log('info', 'lease_released', { board: boardRef(boardId), epoch: held.epoch })
      } catch (err) {
        // It expires by itself after the TTL.
        log('error', 'lease_release_failed', { board: boardRef(boardId), error: errorText(err) })
      }
    })
  }

  /** The lease is gone (a write was fenced): forget it and stop serving the board. */
  lost(boardId: string, reason: LeaseLossReason): void {
    const held = this.held.get(boardId)
    if (held === undefined) return
    this.held.delete(boardId)
    log('warn', 'lease_lost', { board: boardRef(boardId), epoch: held.epoch, reason })
    try {
      this.options.onLost(boardId, reason)
    } catch (err) {
      log('error', 'lease_lost_failed', { board: boardRef(boardId), error: errorText(err) })
    }
  }

  /** Shutdown: no new leases from now on (claims are refused). */
  stopClaiming(): void {
    this.closed = true
  }

  /** Shutdown, after every board was unloaded: gives every lease still held up; resolves when done. */
  async releaseAll(): Promise<void> {
    this.closed = true
    await Promise.all([...this.held.keys()].map((boardId) => this.release(boardId)))
    await Promise.allSettled([...this.chains.values()])
    this.stop()
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  private serialise<T>(boardId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(boardId) ?? Promise.resolve()
    const next = previous.then(work, work)
    const tail = next.then(
      () => undefined,
      () => undefined,
    )
    this.chains.set(boardId, tail)
    void tail.then(() => {
      if (this.chains.get(boardId) === tail) this.chains.delete(boardId)
    })
    return next
  }

  private ensureTimer(): void {
    if (this.timer !== null) return
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.options.ttlMs / 3)))
    this.timer.unref()
  }

  /** Renews every held lease in one call; drops the fenced ones, and any no longer surely ours. */
  private async renew(): Promise<void> {
    if (this.renewing) {
      this.dropExpired()
      return
    }
    // Before asking: a lease older than the TTL may be someone else's already (this process was
    // paused, or the database unreachable) — stop serving it at once.
    this.dropExpired()
    this.giveUpUnused()
    const ids = [...this.held.keys()]
    if (ids.length === 0) {
      if (this.chains.size === 0) this.stop()
      return
    }
    this.renewing = true
    const started = Date.now()
    const { storage, nodeId, ttlMs } = this.options
    try {
      const fenced = new Set(await storage.renewLeases(nodeId, ids, ttlMs))
      if (this.renewFailures > 0) log('info', 'lease_renew_recovered', { failures: this.renewFailures })
      this.renewFailures = 0
      for (const boardId of ids) {
        const held = this.held.get(boardId)
        if (held === undefined) continue
        if (fenced.has(boardId)) this.lost(boardId, 'fenced')
        else held.validUntil = Math.max(held.validUntil, started + ttlMs)
      }
    } catch (err) {
      this.renewFailures++
      if (this.renewFailures === 1) log('error', 'lease_renew_failed', { boards: ids.length, error: errorText(err) })
    } finally {
      this.renewing = false
    }
    this.dropExpired()
  }

  private dropExpired(): void {
    const now = Date.now()
    for (const [boardId, held] of this.held) {
      if (held.validUntil <= now) this.lost(boardId, 'expired')
    }
  }

  /** A lease held for a board that is neither loaded nor loading here (a load that failed): given up. */
  private giveUpUnused(): void {
    const now = Date.now()
    for (const [boardId, held] of this.held) {
      if (now - held.claimedAt > this.options.ttlMs && !this.options.inUse(boardId) && !this.chains.has(boardId)) void this.release(boardId)
    }
  }
}
