/**
 * The server process: one port for the API, the built client and the websocket sync endpoint.
 * Production: `node dist-server/main.js` (compiled by `npm run build`, scripts/build-server.mjs);
 * development: `npm run dev:server`. Configuration in docs/api.md.
 */
import http from 'node:http'
import { BoardRegistry } from './boards'
import { ConfigError, readConfig } from './config'
import { createRequestHandler } from './http'
import { errorText, log } from './log'
import { startRetention } from './retention'
import { BoardStore, SqliteBoardStorage } from './storage'
import { GroupCommitter } from './storage/groupCommit'
import { readStorageSettings } from './storage/settings'
import { SyncLifecycle } from './syncLifecycle'

/** How long shutdown waits for clients to acknowledge the close frame. */
const SHUTDOWN_CLOSE_WAIT_MS = 3_000

async function main(): Promise<void> {
  let config
  let storageSettings
  try {
    config = readConfig()
    storageSettings = readStorageSettings()
  } catch (err) {
    if (err instanceof ConfigError) {
      log('error', 'config_invalid', { error: err.message })
      process.exit(1)
    }
    throw err
  }

  // One SQLite database: `store` answers synchronously (the HTTP routes, until they are
  // asynchronous), `storage` is the asynchronous interface (sync path, retention).
  const store = new BoardStore(config.dataDir, storageSettings.sqlite)
  const storage = new SqliteBoardStorage(store)
  if (store.migration.applied.length > 0 || store.migration.adopted) {
    log('info', 'schema_migrated', { from: store.migration.from, to: store.migration.to, adopted: store.migration.adopted })
  }
  const committer = new GroupCommitter(storage, storageSettings.groupCommit, store)
  const boards = new BoardRegistry(
    storage,
    committer,
    { boardUnloadGraceMs: config.boardUnloadGraceMs, compactEveryUpdates: config.compactEveryUpdates },
    store,
  )
  // Before listening: a board due for purging is never served again.
  const stopRetention = await startRetention(storage, boards, config)
  // The websocket side, step by step: server/syncLifecycle.ts.
  const sync = new SyncLifecycle({ config, store, boards })
  let shuttingDown = false

  const server = http.createServer(
    createRequestHandler({
      config,
      store,
      boards,
      stats: () => ({ boardsLoaded: boards.loadedCount, connections: sync.connectionCount }),
    }),
  )
  server.on('upgrade', sync.onConnect)

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
    sync.stopAccepting()
    log('info', 'shutdown', { signal, boardsLoaded: boards.loadedCount, connections: sync.connectionCount })
    stopRetention()
    server.close()
    server.closeIdleConnections()
    await sync.shutdown(SHUTDOWN_CLOSE_WAIT_MS)
    await committer.flush()
    await storage.close()
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

main().catch((err: unknown) => {
  log('error', 'startup_failed', { error: errorText(err) })
  process.exit(1)
})
