/**
 * The server process: one port for the API, the built client and the websocket sync endpoint.
 * Run with `node --import tsx server/main.ts`; configuration in docs/api.md.
 */
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { CloseCode, SYNC_PATH_PREFIX } from '../shared/protocol'
import { BoardRegistry } from './boards'
import { ConfigError, readConfig } from './config'
import { MEETING_DOC_SUFFIX } from '../shared/ydoc/meetingDoc'
import { createRequestHandler } from './http'
import { boardRef, errorText, log } from './log'
import { startRetention } from './retention'
import { BoardStore } from './storage'
import type { DocKind } from './storage'
import { SyncConnection } from './syncConnection'
import type { FloodLimits } from './syncConnection'
import { accessForToken, isBoardId } from './tokens'

const KEEPALIVE_INTERVAL_MS = 30_000
/** How long shutdown waits for clients to acknowledge the close frame. */
const SHUTDOWN_CLOSE_WAIT_MS = 3_000

/** `<boardId>` is the board document, `<boardId>/meeting` its meeting document. */
function parseRoom(room: string): { boardId: string; kind: DocKind } {
  return room.endsWith(MEETING_DOC_SUFFIX)
    ? { boardId: room.slice(0, -MEETING_DOC_SUFFIX.length), kind: 'meeting' }
    : { boardId: room, kind: 'board' }
}

function main(): void {
  let config
  try {
    config = readConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      log('error', 'config_invalid', { error: err.message })
      process.exit(1)
    }
    throw err
  }

  const store = new BoardStore(config.dataDir)
  const boards = new BoardRegistry(store, {
    boardUnloadGraceMs: config.boardUnloadGraceMs,
    compactEveryUpdates: config.compactEveryUpdates,
    timeZone: config.timeZone,
  })
  const floodLimits: FloodLimits = {
    messagesPerSecond: config.floodMaxMessagesPerSecond,
    // Room for a big paste each second, sustained; derived so there is one size knob.
    bytesPerSecond: config.maxMessageBytes,
    burstSeconds: 2,
  }
  const connections = new Set<SyncConnection>()
  let shuttingDown = false
  // Before listening: a board due for purging is never served again.
  const stopRetention = startRetention(store, boards, config)

  const server = http.createServer(
    createRequestHandler({
      config,
      store,
      boards,
      stats: () => ({ boardsLoaded: boards.loadedCount, connections: connections.size }),
    }),
  )
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes })

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const pathname = (req.url ?? '').split('?')[0]
    if (shuttingDown || !pathname.startsWith(SYNC_PATH_PREFIX)) {
      log('info', 'connection_refused', { reason: shuttingDown ? 'shutting_down' : 'bad_path' })
      socket.end(`HTTP/1.1 ${shuttingDown ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        acceptSocket(ws, req, pathname.slice(SYNC_PATH_PREFIX.length))
      } catch (err) {
        log('error', 'connection_error', { error: errorText(err) })
        ws.close(1011, 'internal error')
      }
    })
  })

  /** Authenticates a freshly upgraded socket; nothing of the board is sent before this passes. */
  function acceptSocket(ws: WebSocket, req: http.IncomingMessage, room: string): void {
    const { boardId, kind } = parseRoom(room)
    let conn: SyncConnection | null = null
    ws.on('error', (err) => {
      // ws emits this for oversized frames (then closes with 1009) and protocol errors.
      if (conn !== null) conn.onSocketError(err)
      else log('warn', 'socket_error', { error: errorText(err) })
    })
    const refuse = (code: number, reason: string, logReason: string, board?: string) => {
      log('info', 'connection_refused', { reason: logReason, board: board && boardRef(board) })
      ws.close(code, reason)
    }
    const board = isBoardId(boardId) ? store.findBoard(boardId) : undefined
    if (board === undefined) return refuse(CloseCode.unknownBoard, 'unknown board', 'unknown_board')
    const token = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('token')
    const access = accessForToken(board, token)
    if (access === null) {
      return refuse(CloseCode.unauthorized, 'unauthorized', token ? 'wrong_token' : 'missing_token', board.id)
    }
    if (shuttingDown) return refuse(CloseCode.restarting, 'restarting', 'shutting_down')

    let loaded
    try {
      loaded = boards.acquire(board)
    } catch (err) {
      log('error', 'board_load_failed', { board: boardRef(board.id), error: errorText(err) })
      ws.close(1011, 'board could not be loaded')
      return
    }
    conn = new SyncConnection(ws, loaded, kind, access, floodLimits, (c) => connections.delete(c))
    connections.add(conn)
  }

  const keepalive = setInterval(() => {
    for (const conn of connections) conn.keepalive()
  }, KEEPALIVE_INTERVAL_MS)
  keepalive.unref()

  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  server.on('error', (err) => {
    // Only listen errors reach here (e.g. port in use): nothing to serve, so stop.
    log('error', 'server_error', { error: errorText(err) })
    process.exit(1)
  })

  server.listen(config.port, config.host, () => {
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    log('info', 'listening', { port, host: config.host })
  })

  async function shutdown(signal: string): Promise<void> {
    if (shuttingDown) return
    shuttingDown = true
    log('info', 'shutdown', { signal, boardsLoaded: boards.loadedCount, connections: connections.size })
    clearInterval(keepalive)
    stopRetention()
    server.close()
    server.closeIdleConnections()
    // Synchronous from here to unloadAll(): no message can be applied in between.
    const closed = [...connections].map(
      (conn) => new Promise<void>((resolve) => {
        conn.socket.once('close', () => resolve())
        conn.close(CloseCode.restarting, 'restarting')
      }),
    )
    boards.unloadAll()
    await Promise.race([Promise.all(closed), new Promise((r) => setTimeout(r, SHUTDOWN_CLOSE_WAIT_MS))])
    for (const conn of connections) conn.socket.terminate()
    store.close()
    log('info', 'shutdown_complete', {})
    process.exit(0)
  }

  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

// Last line of defence: handlers already catch their own errors; anything left is logged and the
// other meetings carry on (all state that matters is in SQLite).
process.on('uncaughtException', (err) => {
  log('error', 'uncaught_exception', { error: errorText(err) })
})
process.on('unhandledRejection', (err) => {
  log('error', 'unhandled_rejection', { error: errorText(err) })
})

try {
  main()
} catch (err) {
  log('error', 'startup_failed', { error: errorText(err) })
  process.exit(1)
}
