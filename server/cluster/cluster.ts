/**
 * This node's part in a cluster of nodes on one PostgreSQL database (issue 11; docs/api.md
 * "Several nodes"): which boards it owns (server/cluster/leases.ts) and what it does with a
 * request for a board another node owns — pass it on, node to node, over the owner's NODE_URL
 * with CLUSTER_SECRET (server/cluster/forwarding.ts, httpForward.ts, socketForward.ts).
 *
 * Rule for every board request (websocket or API): if this node holds the board's lease, serve
 * it here; else take the lease when nobody holds a live one (a free or expired lease is taken by
 * the node that received the request) and serve it here; else forward it to the owner. A request
 * that was itself forwarded is never forwarded again: when this node is not the owner and cannot
 * take the lease, it answers 503 with Retry-After (websocket: close 1013), and the client retries.
 *
 * Only created with DATABASE_URL: on the embedded SQLite file there is one node, which owns every
 * board it serves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RawData, WebSocket } from 'ws'
import { CloseCode } from '../../shared/protocol'
import type { Config } from '../config'
import { boardRef, log } from '../log'
import type { BoardLease, BoardStorage, LeaseAnswer } from '../storage/boardStorage'
import { arrivalOf, clientAddressOf, type Arrival } from './forwarding'
import { forwardHttp } from './httpForward'
import { LeaseKeeper, type LeaseLossReason } from './leases'
import { SocketForward } from './socketForward'

/** How long a forwarded API request may wait for the owner's answer (exports may take a while). */
const HTTP_FORWARD_TIMEOUT_MS = 60_000

export interface ClusterBoards {
  /** The lease of a loaded board was lost: drop it without writing, close its clients with 1012. */
  dropLost(boardId: string): void
  /** Whether the board is loaded or being loaded here. */
  isInUse(boardId: string): boolean
}

export class Cluster {
  readonly nodeId: string
  readonly leases: LeaseKeeper
  private nodeUrlValue: string | null
  private readonly secret: string | null
  private readonly forwards = new Set<SocketForward>()
  private boards: ClusterBoards | null = null

  constructor(
    private readonly config: Config,
    private readonly storage: BoardStorage,
  ) {
    this.nodeId = config.nodeId
    this.nodeUrlValue = config.nodeUrl
    this.secret = config.clusterSecret
    this.leases = new LeaseKeeper({
      storage,
      nodeId: config.nodeId,
      nodeUrl: () => this.nodeUrl,
      ttlMs: config.leaseTtlMs,
      onLost: (boardId, reason) => this.onLeaseLost(boardId, reason),
      inUse: (boardId) => this.boards?.isInUse(boardId) ?? false,
    })
  }

  /** The registry, once it exists (it needs `claim` from here, this needs it for lost leases). */
  attach(boards: ClusterBoards): void {
    this.boards = boards
  }

  /** NODE_URL, or `http://<HOST>:<the port it listens on>` once it listens. */
  get nodeUrl(): string {
    return this.nodeUrlValue ?? `http://${this.config.host}:${this.config.port}`
  }

  /** Called when the server listens: the default NODE_URL needs the real port (PORT=0). */
  listening(host: string, port: number): void {
    if (this.nodeUrlValue !== null) return
    const shown = host.includes(':') ? `[${host}]` : host
    this.nodeUrlValue = `http://${shown}:${port}`
    if (this.secret === null) log('warn', 'cluster_secret_unset', { nodeId: this.nodeId })
  }

  get forwardCount(): number {
    return this.forwards.size
  }

  /** For BoardRegistry: take the board's lease before loading it. */
  claim(boardId: string): Promise<LeaseAnswer> {
    return this.leases.claim(boardId)
  }

  /** For BoardRegistry: the board left memory (everything stored, or dropped): give the lease up. */
  released(boardId: string): void {
    void this.leases.release(boardId)
  }

  /** For BoardRegistry: a write of the board was refused with `FencedError`. */
  fenced(boardId: string): void {
    this.leases.lost(boardId, 'write_fenced')
  }

  /** How a request reached this node (a forged cluster header is `refused`). */
  arrival(req: IncomingMessage): Arrival {
    return arrivalOf(req, this.secret)
  }

  /**
   * The router's hook (`HttpContext.forwardBoardRequest`), before anything of the request is
   * read: true when the request was answered here by the cluster (forwarded, or refused).
   */
  readonly forwardBoardRequest = async (req: IncomingMessage, res: ServerResponse, boardId: string): Promise<boolean> => {
    const arrival = this.arrival(req)
    if (arrival.kind === 'refused') {
      log('warn', 'forward_refused', { board: boardRef(boardId), reason: 'cluster_secret' })
      sendUnavailable(res, 403, 'cluster_forbidden', 'A forwarded request needs the cluster secret.', null)
      return true
    }
    if (this.leases.owns(boardId)) return false
    // Nobody else holds a live lease: served here (a route that loads the board takes the lease
    // then, BoardRegistry.acquireAsync; reads need none). The id may name no board at all: no
    // lease is taken for it here, the route answers 404.
    let lease: BoardLease | undefined
    try {
      lease = await this.storage.currentLease(boardId)
    } catch (err) {
      log('error', 'lease_read_failed', { board: boardRef(boardId), error: err instanceof Error ? err.message.slice(0, 200) : 'unknown' })
      sendUnavailable(res, 503, 'owner_unavailable', 'Who serves this board cannot be decided now; try again.', 1)
      return true
    }
    if (lease === undefined || lease.nodeId === this.nodeId) return false
    if (arrival.kind === 'forwarded' || this.secret === null) {
      // Loop guard: a forwarded request is served here or not at all.
      log('info', 'forward_refused', { board: boardRef(boardId), reason: arrival.kind === 'forwarded' ? 'not_owner' : 'no_cluster_secret', owner: lease.nodeId })
      sendUnavailable(res, 503, 'owner_unavailable', 'Another node serves this board; try again.', 1)
      return true
    }
    await forwardHttp(req, res, {
      boardId,
      ownerUrl: lease.nodeUrl,
      ownerId: lease.nodeId,
      nodeId: this.nodeId,
      clusterSecret: this.secret,
      clientAddress: clientAddressOf(req, this.config.clientAddressHeader, this.secret),
      timeoutMs: HTTP_FORWARD_TIMEOUT_MS,
    })
    return true
  }

  /**
   * A websocket whose board another node owns (BoardRegistry refused to load it here): forward it
   * there, or — when it was forwarded to us already, or this node has no secret — close it with
   * 1013 so the client tries again. The socket is paused; `held` is what it sent meanwhile.
   */
  forwardSocket(client: WebSocket, req: IncomingMessage, lease: BoardLease, held: ReadonlyArray<readonly [RawData, boolean]>, boardId: string, doc: 'board' | 'meeting'): void {
    const arrival = this.arrival(req)
    if (arrival.kind !== 'direct' || this.secret === null) {
      log('info', 'forward_refused', { board: boardRef(boardId), doc, reason: arrival.kind === 'forwarded' ? 'not_owner' : 'no_cluster_secret', owner: lease.nodeId })
      client.close(CloseCode.tryAgainLater, 'try again later')
      client.resume()
      return
    }
    const ttl = this.config.leaseTtlMs
    const forward = new SocketForward(client, req, held, {
      boardId,
      doc,
      ownerUrl: lease.nodeUrl,
      ownerId: lease.nodeId,
      nodeId: this.nodeId,
      clusterSecret: this.secret,
      clientAddress: clientAddressOf(req, this.config.clientAddressHeader, this.secret),
      highWaterBytes: 4 * this.config.maxMessageBytes,
      handshakeTimeoutMs: Math.min(Math.max(ttl, 1000), 10_000),
      ownerPingIntervalMs: Math.max(1000, Math.floor(ttl / 3)),
      onClosed: (f) => this.forwards.delete(f),
    })
    this.forwards.add(forward)
  }

  /** Every 30 s (the lifecycle's keepalive): ping forwarded clients, drop the silent ones. */
  keepalive(): void {
    for (const forward of this.forwards) forward.keepalive()
  }

  /** Shutdown, first step: no new leases; forwarded clients reconnect elsewhere (1012). */
  stopAccepting(code: number, reason: string): void {
    this.leases.stopClaiming()
    for (const forward of [...this.forwards]) forward.close(code, reason)
  }

  /** Shutdown, after every board was stored: give every lease up so others take over at once. */
  releaseAll(): Promise<void> {
    return this.leases.releaseAll()
  }

  private onLeaseLost(boardId: string, reason: LeaseLossReason): void {
    log('info', 'board_dropped', { board: boardRef(boardId), reason })
    this.boards?.dropLost(boardId)
  }
}

function sendUnavailable(res: ServerResponse, status: number, error: string, message: string, retryAfter: number | null): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = JSON.stringify({ error, reason: error === 'cluster_forbidden' ? 'forbidden' : 'ownerUnavailable', message })
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' }
  if (retryAfter !== null) headers['Retry-After'] = String(retryAfter)
  res.writeHead(status, headers)
  res.end(body)
}
