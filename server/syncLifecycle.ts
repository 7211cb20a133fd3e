/**
 * The sync lifecycle: what happens to one websocket connection to a board, from the upgrade to
 * the board leaving memory. The steps carry the names Hocuspocus gives its hooks, so a reader who
 * knows one server knows the other:
 *
 *   1. connect       (onConnect)           An HTTP upgrade on `/sync/<boardId>` (the board
 *                                           document) or `/sync/<boardId>/meeting` (the meeting
 *                                           document) becomes a websocket. Another path: 404;
 *                                           while shutting down: 503.
 *   2. authenticate  (onAuthenticate)      The board must exist (else 4404) and the token — or,
 *                                           with sign-in (issue 12), the signed-in account —
 *                                           give an access on it (else 4401), read from storage
 *                                           asynchronously (the socket is paused as in step 3).
 *                                           Nothing of the board is sent before this passes.
 *                                           The session cookie is read before the upgrade: one
 *                                           from another site is answered `403` there. With
 *                                           sign-in every opening, and every refused one, is a
 *                                           `board.open` line of the access log.
 *   3. load          (onLoadDocument)      The board with both its documents is loaded once,
 *                                           by whichever connection or API call comes first
 *                                           (BoardRegistry.acquireAsync → LoadedBoard →
 *                                           SyncedDocument: snapshot, then the updates after it),
 *                                           asynchronously: meanwhile the socket is paused and
 *                                           what it sent is kept for step 4. 1011 on failure,
 *                                           4404 when the board was deleted meanwhile. With
 *                                           several nodes (issue 11) only with the board's
 *                                           lease: a board another node owns is not loaded
 *                                           here, the socket is piped to that node instead
 *                                           (server/cluster/socketForward.ts).
 *   4. sync          (onConnection)        SyncConnection speaks the y-websocket protocol: sync
 *                                           step 1 and 2, updates, awareness, within the flood
 *                                           guard's budget (server/floodGuard.ts); presence
 *                                           within its limits and owned by the connection
 *                                           that introduced it (server/awarenessCheck.ts);
 *                                           a client that does not read is terminated; the board's
 *                                           rules (lock, close, read-only meeting document) decide
 *                                           which updates are accepted. Keepalive pings here; at
 *                                           each, a connection opened with a session checks that
 *                                           it still holds (signed out or timed out: 4440), and
 *                                           one whose right came from the account (not a link)
 *                                           that the right still holds (removed: 4401).
 *   5. store         (onChange /           Every accepted update is stored — committed — before
 *                     onStoreDocument)     it is sent to anyone: SyncedDocument's update handler
 *                                           hands it to the group committer, which stores one
 *                                           event-loop turn's updates of all boards in one
 *                                           transaction (server/storage/groupCommit.ts →
 *                                           BoardStorage.appendUpdates); every
 *                                           COMPACT_EVERY_UPDATES updates, and on unload, the
 *                                           document is compacted into one snapshot.
 *   6. unload        (afterUnloadDocument) BOARD_UNLOAD_GRACE_MS after its last connection left,
 *                                           a board is compacted and leaves memory
 *                                           (LoadedBoard.scheduleUnload → unload); at shutdown
 *                                           every board at once, after every connection was told
 *                                           to reconnect (1012), see `shutdown`.
 *
 * Steps 1–4 and the shutdown run from this file; 3, 5 and 6 also serve the HTTP API, which loads
 * boards the same way (server/apiSupport.ts), so they live with the board (server/boards.ts,
 * server/syncedDocument.ts) and are only named here.
 */
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { RawData, WebSocket } from 'ws'
import type { Access } from '../shared/protocol'
import { CloseCode, SYNC_PATH_PREFIX } from '../shared/protocol'
import { MEETING_DOC_SUFFIX } from '../shared/ydoc/meetingDoc'
import { AUDIT_ACTIONS } from '../shared/domain/audit'
import { noteMemberByLink, resolveAccess, type AccessVia } from './apiSupport'
import { actorOf, ANONYMOUS_ACTOR, auditOrigin, keepsAuditLog, recordAudit } from './audit/auditLog'
import type { SessionLookup, SignedIn } from './auth/sessions'
import { sessionOf, sessionStillActive } from './auth/sessions'
import type { CaseStorage, SignInStorage } from './storage/accountStorage'
import { isBoardId } from './tokens'
import { BoardDeletedError, BoardOwnedElsewhereError } from './boards'
import type { Cluster } from './cluster/cluster'
import type { BoardRegistry, LoadedBoard } from './boards'
import type { Config } from './config'
import { floodLimits, sendBufferLimit } from './floodGuard'
import type { FloodLimits } from './floodGuard'
import { boardRef, errorText, log } from './log'
import type { BoardRecord, DocKind } from './storage'
import type { BoardLease, BoardStorage } from './storage/boardStorage'
import { SyncConnection } from './syncConnection'

const KEEPALIVE_INTERVAL_MS = 30_000
/** The close reason (with 4401 `unauthorized`) when the account's right on the board was taken away. */
const RIGHT_REMOVED = 'right removed'

/** `<boardId>` is the board document, `<boardId>/meeting` its meeting document. */
function parseRoom(room: string): { boardId: string; kind: DocKind } {
  return room.endsWith(MEETING_DOC_SUFFIX)
    ? { boardId: room.slice(0, -MEETING_DOC_SUFFIX.length), kind: 'meeting' }
    : { boardId: room, kind: 'board' }
}

function refuse(ws: WebSocket, code: number, reason: string, logReason: string, board?: string): null {
  log('info', 'connection_refused', { reason: logReason, board: board && boardRef(board) })
  ws.close(code, reason)
  return null
}

/** A right a connection holds by account (issue 12): re-checked at each keepalive tick. */
interface AccountRight {
  boardId: string
  issuer: string
  subject: string
  /** facilitator: a (bound) facilitator of the case; participant: a member (took part before). */
  access: Access
}

/** What an authenticated connection got: the board, the access, and the session it came with. */
interface Authenticated {
  board: BoardRecord
  access: Access
  via: AccessVia
  signedIn: SignedIn | null
}

export class SyncLifecycle {
  private readonly config: Config
  private readonly storage: BoardStorage
  private readonly signInStorage: SignInStorage
  private readonly caseStorage: CaseStorage
  /** Sign-in (issue 12): the session each connection was opened with (its id's hash). */
  private readonly sessionOfConnection = new Map<SyncConnection, string>()
  /** A session check of the keepalive tick is under way (a slow database must not pile them up). */
  private checkingSessions = false
  /**
   * Rights by account (issue 12): connections whose access came from the signed-in account, not
   * from a link — which account, and which right (facilitator, or participant as a member). The
   * right can be taken away while the socket is open (a co-facilitator removed): then it closes.
   */
  private readonly rightOfConnection = new Map<SyncConnection, AccountRight>()
  /** A rights check of the keepalive tick is under way. */
  private checkingRights = false
  private readonly boards: BoardRegistry
  private readonly floodLimits: FloodLimits
  /** Bytes that may wait in one connection's send buffer (server/floodGuard.ts). */
  private readonly sendBufferLimit: number
  private readonly wss: WebSocketServer
  private readonly connections = new Set<SyncConnection>()
  private readonly keepalive: NodeJS.Timeout
  private shuttingDown = false
  /** Several nodes (issue 11): forwarding to a board's owner; null on one node (SQLite). */
  private readonly cluster: Cluster | null

  constructor(deps: {
    config: Config
    storage: BoardStorage
    boards: BoardRegistry
    cluster?: Cluster | null
    signInStorage: SignInStorage
    caseStorage: CaseStorage
  }) {
    this.config = deps.config
    this.storage = deps.storage
    this.signInStorage = deps.signInStorage
    this.caseStorage = deps.caseStorage
    this.boards = deps.boards
    this.cluster = deps.cluster ?? null
    this.floodLimits = floodLimits(deps.config)
    this.sendBufferLimit = sendBufferLimit(deps.config)
    // No permessage-deflate (also ws's default): compressing every small message costs CPU on each send.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.maxMessageBytes, perMessageDeflate: false })
    this.keepalive = setInterval(() => {
      for (const conn of this.connections) conn.keepalive()
      this.cluster?.keepalive()
      void this.checkSessions()
      void this.checkAccountRights()
    }, KEEPALIVE_INTERVAL_MS)
    this.keepalive.unref()
  }

  /** Open sync connections, both documents (for `/api/health` and the log). */
  get connectionCount(): number {
    return this.connections.size + (this.cluster?.forwardCount ?? 0)
  }

  /** 1. connect: the HTTP server's `upgrade` handler. */
  readonly onConnect = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy())
    const pathname = (req.url ?? '').split('?')[0]
    if (this.shuttingDown || !pathname.startsWith(SYNC_PATH_PREFIX)) {
      log('info', 'connection_refused', { reason: this.shuttingDown ? 'shutting_down' : 'bad_path' })
      socket.end(`HTTP/1.1 ${this.shuttingDown ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    if (this.cluster !== null && this.cluster.arrival(req).kind === 'refused') {
      // Cluster headers without the right CLUSTER_SECRET: not from one of our nodes.
      log('warn', 'forward_refused', { reason: 'cluster_secret' })
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const room = pathname.slice(SYNC_PATH_PREFIX.length)
    // The session cookie (sign-in, issue 12) before the upgrade: one from another site is
    // answered with a plain 403, the socket never opens.
    void sessionOf(this.httpContext, req, { stateChanging: true })
      .then(async (session) => {
        if (session.kind === 'crossOrigin') {
          log('info', 'connection_refused', { reason: 'cross_origin' })
          await this.auditRefusedOpen(req, parseRoom(room).boardId, 'crossOrigin', null)
          socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
          return
        }
        if (socket.destroyed) return
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          try {
            this.accept(ws, req, room, session)
          } catch (err) {
            log('error', 'connection_error', { error: errorText(err) })
            ws.close(1011, 'internal error')
          }
        })
      })
      .catch((err: unknown) => {
        log('error', 'connection_error', { error: errorText(err) })
        socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      })
  }

  /** What the session lookup and the access log need of the HTTP side's context. */
  private get httpContext() {
    return { config: this.config, storage: this.storage, signInStorage: this.signInStorage, caseStorage: this.caseStorage }
  }

  /** A freshly upgraded socket goes through steps 2–4, or is closed with the step's code. */
  private accept(ws: WebSocket, req: http.IncomingMessage, room: string, session: SessionLookup): void {
    const { boardId, kind } = parseRoom(room)
    let conn: SyncConnection | null = null
    ws.on('error', (err) => {
      // ws emits this for oversized frames (then closes with 1009) and protocol errors.
      if (conn !== null) conn.onSocketError(err)
      else log('warn', 'socket_error', { error: errorText(err) })
    })
    // Authenticating and loading read storage asynchronously: until the connection can take them,
    // the socket is paused and whatever it already delivered is kept, in order; a close meanwhile
    // is noted.
    const held: Array<[RawData, boolean]> = []
    let closedMeanwhile = false
    const hold = (data: RawData, isBinary: boolean) => held.push([data, isBinary])
    const noteClose = () => {
      closedMeanwhile = true
    }
    ws.on('message', hold)
    ws.on('close', noteClose)
    ws.pause()
    void this.onAuthenticate(ws, req, boardId, session).then(async (authenticated) => {
      const loaded = authenticated === null ? null : await this.onLoadDocument(ws, authenticated.board)
      ws.off('message', hold)
      ws.off('close', noteClose)
      if (authenticated === null || loaded === null) {
        // Refused and closed with the step's code: read on, so the close handshake completes.
        ws.resume()
        return
      }
      if ('elsewhere' in loaded) {
        // Another node owns the board (issue 11): this socket is piped there, paused until the
        // owner answers, with what it sent meanwhile.
        if (closedMeanwhile || ws.readyState !== ws.OPEN) return
        if (this.shuttingDown || this.cluster === null) {
          refuse(ws, CloseCode.restarting, 'restarting', 'shutting_down')
          ws.resume()
          return
        }
        this.cluster.forwardSocket(ws, req, loaded.elsewhere, held, boardId, kind)
        return
      }
      if (closedMeanwhile || ws.readyState !== ws.OPEN) {
        loaded.release()
        return
      }
      if (this.shuttingDown) {
        loaded.release()
        refuse(ws, CloseCode.restarting, 'restarting', 'shutting_down')
        return
      }
      try {
        conn = this.onConnection(ws, loaded, kind, authenticated)
        for (const [data, isBinary] of held) ws.emit('message', data, isBinary)
      } catch (err) {
        log('error', 'connection_error', { error: errorText(err) })
        ws.close(1011, 'internal error')
      }
      ws.resume()
    }).catch((err: unknown) => {
      log('error', 'connection_error', { error: errorText(err) })
      ws.close(1011, 'internal error')
      ws.resume()
    })
  }

  /**
   * 2. authenticate: which board, and which access the token — or the signed-in account — gives
   * on it. With sign-in, the access log gets the opening or the refused attempt.
   */
  private async onAuthenticate(ws: WebSocket, req: http.IncomingMessage, boardId: string, session: SessionLookup): Promise<Authenticated | null> {
    const token = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('token')
    // The same resolver as the HTTP API's: unknown board first, then the account and the token.
    const resolved = await resolveAccess(this.httpContext, boardId, token, session)
    if (!resolved.ok && resolved.reason === 'unknownBoard') return refuse(ws, CloseCode.unknownBoard, 'unknown board', 'unknown_board')
    if (!resolved.ok) {
      // crossOrigin was answered before the upgrade; here it can only be unauthorized.
      await this.auditRefusedOpen(req, boardId, 'unauthorized', resolved.signedIn)
      return refuse(ws, CloseCode.unauthorized, 'unauthorized', token ? 'wrong_token' : 'missing_token', boardId)
    }
    if (this.shuttingDown) return refuse(ws, CloseCode.restarting, 'restarting', 'shutting_down')
    const { record, access, via, signedIn } = resolved
    await noteMemberByLink(this.httpContext, record.id, access, via, signedIn)
    if (keepsAuditLog(this.config)) {
      await recordAudit(this.httpContext, {
        action: AUDIT_ACTIONS.boardOpen,
        boardId: record.id,
        actor: actorOf(signedIn),
        access,
        result: 'ok',
        origin: auditOrigin(this.config, req),
      })
    }
    return { board: record, access, via, signedIn }
  }

  /** A refused opening of an existing board, in the access log (sign-in only). */
  private async auditRefusedOpen(req: http.IncomingMessage, boardId: string, reason: 'unauthorized' | 'crossOrigin', signedIn: SignedIn | null): Promise<void> {
    if (!keepsAuditLog(this.config) || !isBoardId(boardId)) return
    const record = await this.storage.findBoard(boardId)
    if (record === undefined) return
    await recordAudit(this.httpContext, {
      action: AUDIT_ACTIONS.boardOpen,
      boardId: record.id,
      actor: signedIn !== null ? actorOf(signedIn) : ANONYMOUS_ACTOR,
      result: 'refused',
      reason,
      origin: auditOrigin(this.config, req),
    })
  }

  /** 3. load: the board in memory with both documents (already there when someone else uses it). */
  private async onLoadDocument(ws: WebSocket, board: BoardRecord): Promise<LoadedBoard | { elsewhere: BoardLease } | null> {
    try {
      return await this.boards.acquireAsync(board)
    } catch (err) {
      if (err instanceof BoardDeletedError) return refuse(ws, CloseCode.unknownBoard, 'unknown board', 'unknown_board')
      // Several nodes: another node holds the board's live lease; the connection goes there.
      if (err instanceof BoardOwnedElsewhereError) return { elsewhere: err.lease }
      log('error', 'board_load_failed', { board: boardRef(board.id), error: errorText(err) })
      ws.close(1011, 'board could not be loaded')
      return null
    }
  }

  /** 4. sync: the connection joins the document; 5 and 6 follow from the board (header). */
  private onConnection(ws: WebSocket, board: LoadedBoard, kind: DocKind, authenticated: Authenticated): SyncConnection {
    const conn = new SyncConnection(ws, board, kind, authenticated.access, this.floodLimits, this.sendBufferLimit, (c) => {
      this.connections.delete(c)
      this.sessionOfConnection.delete(c)
      this.rightOfConnection.delete(c)
    })
    this.connections.add(conn)
    const { signedIn } = authenticated
    if (signedIn !== null) {
      this.sessionOfConnection.set(conn, signedIn.idHash)
      if (authenticated.via === 'account') {
        const { issuer, subject } = signedIn.account
        this.rightOfConnection.set(conn, { boardId: authenticated.board.id, issuer, subject, access: authenticated.access })
      }
    }
    return conn
  }

  /**
   * Rights by account (issue 12): the account is no facilitator of the board any more (removed
   * on this node) — or, with `access` 'participant', no member: its connections there that got
   * that right from it (not from a link) close with 4401 `right removed` — clients do not
   * reconnect on 4401. Other nodes notice at their next keepalive tick (`checkAccountRights`).
   */
  closeAccountRightConnections(boardId: string, account: { issuer: string; subject: string }, access: 'facilitator' | 'participant' = 'facilitator'): void {
    let closed = 0
    for (const [conn, right] of this.rightOfConnection) {
      if (right.boardId !== boardId || right.issuer !== account.issuer || right.subject !== account.subject || right.access !== access) continue
      this.rightOfConnection.delete(conn)
      conn.close(CloseCode.unauthorized, RIGHT_REMOVED)
      closed++
    }
    if (closed > 0) log('info', 'right_connections_closed', { board: boardRef(boardId), connections: closed })
  }

  /**
   * At each keepalive tick: every right by account a connection holds is looked up again, once
   * per (board, account, right); one that is gone (the facilitator removed, on any node) closes
   * its connections with 4401.
   */
  private async checkAccountRights(): Promise<void> {
    if (this.checkingRights || this.rightOfConnection.size === 0) return
    this.checkingRights = true
    try {
      const held = new Map<string, AccountRight>()
      for (const right of this.rightOfConnection.values()) held.set(JSON.stringify([right.boardId, right.issuer, right.subject, right.access]), right)
      for (const [key, right] of held) {
        let holds: boolean
        try {
          holds =
            right.access === 'facilitator'
              ? await this.caseStorage.isFacilitator(right.boardId, right.issuer, right.subject)
              : await this.caseStorage.isMember(right.boardId, right.issuer, right.subject)
        } catch (err) {
          // The database cannot be asked now: the connections stay until the next tick.
          log('warn', 'right_check_failed', { error: errorText(err) })
          continue
        }
        if (holds) continue
        let closed = 0
        for (const [conn, other] of this.rightOfConnection) {
          if (JSON.stringify([other.boardId, other.issuer, other.subject, other.access]) !== key) continue
          this.rightOfConnection.delete(conn)
          conn.close(CloseCode.unauthorized, RIGHT_REMOVED)
          closed++
        }
        if (closed > 0) log('info', 'right_connections_closed', { board: boardRef(right.boardId), connections: closed })
      }
    } finally {
      this.checkingRights = false
    }
  }

  /**
   * Sign-in (issue 12): the session `idHash` ended here (signed out): its connections on this
   * node are closed with 4440 `sessionEnded`. Other nodes notice at their next keepalive tick.
   */
  closeSessionConnections(idHash: string): void {
    for (const [conn, session] of this.sessionOfConnection) {
      if (session !== idHash) continue
      this.sessionOfConnection.delete(conn)
      conn.close(CloseCode.sessionEnded, 'session ended')
    }
  }

  /**
   * At each keepalive tick: every session a connection was opened with is looked up once; one
   * that was signed out (on any node) or timed out closes its connections with 4440. A session
   * whose connection sent changes since the last tick is in use: its last use is written then.
   */
  private async checkSessions(): Promise<void> {
    if (this.checkingSessions || this.sessionOfConnection.size === 0) return
    this.checkingSessions = true
    try {
      const used = new Map<string, boolean>()
      for (const [conn, idHash] of this.sessionOfConnection) used.set(idHash, conn.takeActivity() || (used.get(idHash) ?? false))
      for (const [idHash, touch] of used) {
        let active: boolean
        try {
          active = await sessionStillActive(this.httpContext, idHash, { touch })
        } catch (err) {
          // The database cannot be asked now: the connections stay until the next tick.
          log('warn', 'session_check_failed', { error: errorText(err) })
          continue
        }
        if (!active) {
          log('info', 'session_connections_closed', { reason: 'session_ended' })
          this.closeSessionConnections(idHash)
        }
      }
    } finally {
      this.checkingSessions = false
    }
  }

  /** Shutdown, first part: no new connection is accepted from now on (503 / 1012). */
  stopAccepting(): void {
    this.shuttingDown = true
    clearInterval(this.keepalive)
  }

  /**
   * Shutdown, second part (6. unload, for every board): tells every connection to reconnect
   * (1012 `restarting`), stores what is still waiting, compacts and frees every loaded board, and
   * waits up to `waitMs` for the close handshakes before it terminates the sockets left.
   */
  async shutdown(waitMs: number): Promise<void> {
    this.stopAccepting()
    // Forwarded clients reconnect at once: their board's owner is another node.
    this.cluster?.stopAccepting(CloseCode.restarting, 'restarting')
    // Handover: no connection is read any more, so what the boards hold when unloading starts is
    // all there is to store; every board is stored, compacted and freed, its lease given up (so
    // another node takes it over at once); only then are the clients told to reconnect (1012),
    // and they find the board served elsewhere. Until then they still receive what is committed.
    for (const conn of this.connections) conn.stopReading()
    await this.boards.unloadAll()
    await this.cluster?.releaseAll()
    const closed = [...this.connections].map(
      (conn) => new Promise<void>((resolve) => {
        conn.socket.once('close', () => resolve())
        conn.close(CloseCode.restarting, 'restarting')
      }),
    )
    await Promise.race([Promise.all(closed), new Promise((r) => setTimeout(r, waitMs))])
    for (const conn of this.connections) conn.socket.terminate()
  }
}
