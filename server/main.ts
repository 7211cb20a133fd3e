/**
 * The server process: one port for the API, the built client and the websocket sync endpoint.
 * Production: `node dist-server/main.js` (compiled by `npm run build`, scripts/build-server.mjs);
 * development: `npm run dev:server`. Configuration in docs/api.md.
 */
import http from 'node:http'
import { BoardRegistry } from './boards'
import { Cluster } from './cluster/cluster'
import { ConfigError, readConfig, signInWarnings } from './config'
import { createRequestHandler } from './http'
import { errorText, log } from './log'
import { startRetention } from './retention'
import { openStorage } from './storage/open'
import { GroupCommitter } from './storage/groupCommit'
import { readStorageSettings } from './storage/settings'
import { SyncLifecycle } from './syncLifecycle'
import type { Config } from './config'
import type { CaseStorage, SignInStorage } from './storage/accountStorage'
import { idleMs } from './auth/sessions'

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
  // A working but weaker set-up (e.g. sign-in without a second factor): said once at start.
  for (const warning of signInWarnings(config)) log('warn', warning, {})

  // The SQLite file, or PostgreSQL with DATABASE_URL (server/storage/open.ts). `storage` is the
  // asynchronous interface everything uses.
  const opened = await openStorage(config, { sqlite: storageSettings.sqlite })
  const { storage, migration } = opened
  if (migration.applied.length > 0 || migration.adopted) {
    log('info', 'schema_migrated', { from: migration.from, to: migration.to, adopted: migration.adopted })
  }
  const committer = new GroupCommitter(storage, storageSettings.groupCommit)
  const boards = new BoardRegistry(
    storage,
    committer,
    { boardUnloadGraceMs: config.boardUnloadGraceMs, compactEveryUpdates: config.compactEveryUpdates },
  )
  // Several nodes on one PostgreSQL database (issue 11): one owner per board, with a lease; a
  // request for a board another node owns is forwarded there (server/cluster/cluster.ts).
  const cluster = config.databaseUrl !== null ? new Cluster(config, storage) : null
  if (cluster !== null) {
    cluster.attach(boards)
    boards.setOwnership(cluster)
  }
  // Before listening: a board due for purging is never served again (and its case forgotten,
  // leaving the one `board.purge` line in the access log).
  const stopRetention = await startRetention(storage, boards, config, opened.cases)
  // The websocket side, step by step: server/syncLifecycle.ts.
  const sync = new SyncLifecycle({ config, storage, boards, cluster, signInStorage: opened.signIn, caseStorage: opened.cases })
  // Sign-in (issue 12): ended sessions and abandoned sign-ins leave the database in the background
  // (with sign-in off: all of them, at once).
  const stopSessionSweep = startSessionSweep(config, opened.signIn)
  await warnOfBoardsNeedingSignIn(config, opened.cases)
  let shuttingDown = false

  const server = http.createServer(
    createRequestHandler({
      config,
      storage,
      boards,
      rateLimitStore: opened.rateLimitStore,
      signInStorage: opened.signIn,
      caseStorage: opened.cases,
      // Signed out on this node: its websockets that relied on the session close with 4440 now;
      // other nodes notice at their next keepalive check.
      endSessionConnections: (idHash) => sync.closeSessionConnections(idHash),
      // A facilitator (or a member) removed: this node's websockets that got that right from the
      // account close with 4401 now; other nodes notice at their next keepalive check.
      endAccountRightConnections: (boardId, account, right) => sync.closeAccountRightConnections(boardId, account, right),
      stats: () => ({
        boardsLoaded: boards.loadedCount,
        connections: sync.connectionCount,
        nodeId: config.nodeId,
        // One node (SQLite) owns every board it has loaded.
        boardsOwned: cluster !== null ? cluster.leases.ownedCount : boards.loadedCount,
      }),
      forwardBoardRequest: cluster?.forwardBoardRequest,
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
    cluster?.listening(config.host, port)
    log('info', 'listening', { port, host: config.host, nodeId: config.nodeId, nodeUrl: cluster?.nodeUrl })
  })

  async function shutdown(signal: string): Promise<void> {
    if (shuttingDown) return
    shuttingDown = true
    sync.stopAccepting()
    log('info', 'shutdown', { signal, boardsLoaded: boards.loadedCount, connections: sync.connectionCount })
    stopRetention()
    stopSessionSweep()
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

/** How often ended sessions and expired pending sign-ins are deleted. */
const SESSION_SWEEP_INTERVAL_MS = 10 * 60_000

/**
 * Deletes ended sessions and expired pending sign-ins now and then: a session that nobody
 * presents again would otherwise stay in the database for good (with the account's name and
 * e-mail). Every node sweeps; the deletes are idempotent. Unref'd, so it never keeps the process
 * alive. With sign-in off (perhaps switched off after it was on) no session can be used: every
 * one, and every pending sign-in, is deleted at start (as if all had ended).
 */
function startSessionSweep(config: Config, signIn: SignInStorage): () => void {
  if (config.signIn === null) {
    signIn.deleteExpired(Number.MAX_SAFE_INTEGER, 0).catch((err: unknown) => log('warn', 'session_sweep_failed', { error: errorText(err) }))
    return () => {}
  }
  const sweep = () => {
    signIn.deleteExpired(Date.now(), idleMs(config)).catch((err: unknown) => log('warn', 'session_sweep_failed', { error: errorText(err) }))
  }
  sweep()
  const timer = setInterval(sweep, SESSION_SWEEP_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Sign-in off, but boards were made (or shared) by account while it was on: their facilitators
 * have no link, so nobody can facilitate them until sign-in is on again. Said once at start, with
 * how many (no ids).
 */
async function warnOfBoardsNeedingSignIn(config: Config, cases: Pick<CaseStorage, 'countBoardsWithAccountFacilitators'>): Promise<void> {
  if (config.signIn !== null) return
  try {
    const boards = await cases.countBoardsWithAccountFacilitators()
    if (boards > 0) log('warn', 'boards_need_sign_in', { boards })
  } catch (err) {
    log('warn', 'boards_need_sign_in_check_failed', { error: errorText(err) })
  }
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
