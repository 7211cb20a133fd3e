/**
 * Starts the two servers under test as child processes on 127.0.0.1:
 *  - ours: what production runs, the compiled server `node dist-server/main.js` (built by
 *    `npm run build`, scripts/build-server.mjs), via tests/helpers/serverProcess.ts: PORT=0, fresh
 *    temporary DATA_DIR and STATIC_DIR. Without dist-server/ — or with BENCH_SOURCE=1 — the sources
 *    through tsx (`node --import tsx server/main.ts`: about 50 MB more memory and slower start-up,
 *    not what production runs). A dist-server/ older than a file of server/ or shared/ is refused:
 *    run `npm run build` first.
 *  - stock: `node node_modules/@y/websocket-server/src/server.js` (@y/websocket-server 0.1.1) with
 *    only PATH/HOME/HOST/PORT in its environment, so no YPERSISTENCE (in memory) and no CALLBACK_URL.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CreateBoardResponse } from '../shared/protocol'
import { startServer } from '../tests/helpers/serverProcess'
import { freePort } from '../tests/helpers/freePort'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const STOCK_SERVER = path.join(REPO_ROOT, 'node_modules/@y/websocket-server/src/server.js')
/** The compiled server (npm run build). */
export const COMPILED_SERVER = path.join(REPO_ROOT, 'dist-server/main.js')
const STARTUP_DEADLINE_MS = 30_000

export type ServerKind = 'ours' | 'stock'

export interface BenchServer {
  kind: ServerKind
  pid: number
  port: number
  /** `serverUrl` for WebsocketProvider; the room name is appended by the provider. */
  syncUrl: string
  baseUrl: string
  /** Ours only: the data directory (DATA_DIR). */
  dataDir: string | null
  /** SIGTERM, wait for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>
}

/** A board (ours) or room (stock) with the token to join it (null for stock). */
export interface BenchBoard {
  room: string
  token: string | null
}

/**
 * BENCH_SERVER_NODE_OPTIONS is passed to both servers as NODE_OPTIONS (e.g. `--import ./profile-hook.mjs`
 * to profile them); unset by default.
 */
export function extraEnv(): Record<string, string> {
  const nodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS
  return nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}
}

/**
 * BENCH_OURS_ENV (`NAME=value,NAME=value`) is added to our server's environment only, to compare
 * settings (e.g. `SQLITE_FOLD_LOG_ROWS=100000` or `GROUP_COMMIT_WINDOW_MS=2`); unset by default,
 * so the bench runs what production runs by default.
 */
export function oursEnv(): Record<string, string> {
  const pairs = process.env.BENCH_OURS_ENV?.split(',').map((pair) => pair.trim()).filter(Boolean) ?? []
  const env: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new Error(`BENCH_OURS_ENV: "${pair}" is not NAME=value`)
    env[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return env
}

const stockChildren = new Set<import('node:child_process').ChildProcess>()
process.once('exit', () => {
  for (const child of stockChildren) child.kill('SIGKILL')
})

/** The newest modification time of a file under `dir`, in ms. */
function newestMtime(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    const { mtimeMs } = fs.statSync(file)
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs }
  }
  return newest
}

let announced = false

/** The compiled entry to run, or undefined for the sources through tsx (see the header). */
export function ourEntry(): string | undefined {
  const compiled = !process.env.BENCH_SOURCE && fs.existsSync(COMPILED_SERVER)
  if (compiled) {
    const built = fs.statSync(COMPILED_SERVER).mtimeMs
    for (const dir of ['server', 'shared']) {
      const newest = newestMtime(path.join(REPO_ROOT, dir))
      if (newest.mtimeMs > built) {
        throw new Error(`dist-server/ is older than ${path.relative(REPO_ROOT, newest.file)}: run \`npm run build\` (or BENCH_SOURCE=1 to bench the sources)`)
      }
    }
  }
  if (!announced) {
    announced = true
    process.stderr.write(compiled ? 'our server: node dist-server/main.js (compiled)\n' : 'our server: node --import tsx server/main.ts (sources; run `npm run build` to bench the compiled server)\n')
  }
  return compiled ? COMPILED_SERVER : undefined
}

/** How our server is run in this bench, for the report: the compiled server or the sources. */
export function ourServerCommand(): string {
  return ourEntry() ? 'node dist-server/main.js' : 'node --import tsx server/main.ts'
}

export async function startOurs(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<BenchServer> {
  const server = await startServer({ dataDir: options.dataDir, env: { ...extraEnv(), ...oursEnv(), ...options.env }, entry: ourEntry() })
  const pid = server.process.pid
  if (pid === undefined) throw new Error('our server has no pid')
  return {
    kind: 'ours',
    pid,
    port: server.port,
    syncUrl: `${server.wsUrl}/sync`,
    baseUrl: server.baseUrl,
    dataDir: server.dataDir,
    async stop() {
      const timer = setTimeout(() => void server.kill9(), 10_000)
      await server.stop()
      clearTimeout(timer)
    },
  }
}


export async function startStock(): Promise<BenchServer> {
  // The stock server logs the configured port, not the bound one, so pick a free port first.
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startStockOn(await freePort())
    } catch (err) {
      lastError = err
    }
  }
  throw lastError
}

async function startStockOn(port: number): Promise<BenchServer> {
  const child = spawn(process.execPath, [STOCK_SERVER], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), ...extraEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  stockChildren.add(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => stockChildren.delete(child))
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stock server did not start:\n${output}`)), STARTUP_DEADLINE_MS)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (output.includes('running at')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`stock server exited before listening:\n${output}`))
    })
  })
  if (child.pid === undefined) throw new Error('stock server has no pid')
  return {
    kind: 'stock',
    pid: child.pid,
    port,
    syncUrl: `ws://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir: null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export function startBenchServer(kind: ServerKind): Promise<BenchServer> {
  return kind === 'ours' ? startOurs() : startStock()
}

export async function createOurBoard(server: BenchServer): Promise<CreateBoardResponse> {
  const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', signal: AbortSignal.timeout(10_000) })
  if (res.status !== 201) throw new Error(`POST /api/boards answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
  return (await res.json()) as CreateBoardResponse
}

/** `count` boards to join: created through the API (ours, participant token) or random room names (stock). */
export async function createBoards(server: BenchServer, count: number): Promise<BenchBoard[]> {
  const boards: BenchBoard[] = []
  for (let i = 0; i < count; i++) {
    if (server.kind === 'ours') {
      const board = await createOurBoard(server)
      boards.push({ room: board.id, token: board.participantToken })
    } else {
      boards.push({ room: crypto.randomBytes(16).toString('base64url'), token: null })
    }
  }
  return boards
}
