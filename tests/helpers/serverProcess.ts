/**
 * Starts the real server (`node --import tsx server/main.ts`) as a child process for integration
 * tests: random port, temporary DATA_DIR and STATIC_DIR, JSON log lines captured in `logs`.
 * The tests run the sources, so `npx vitest run <file>` needs no build; the compiled server
 * (scripts/build-server.mjs) is started with `entry` (tests/integration/compiled-server.test.ts,
 * the benchmark), or for every test with `TEST_SERVER_ENTRY=dist-server/main.js` after a build.
 * Restart on the same data with `startServer({ dataDir: previous.dataDir })`.
 * Set SHOW_SERVER_LOGS=1 to echo the server's log lines to stderr while debugging.
 *
 * Back ends (issue 11): `backend: 'sqlite'` (the SQLite file in DATA_DIR) or `'postgres'` — a
 * fresh database on the test process's throwaway cluster (tests/helpers/postgres.ts), passed as
 * DATABASE_URL. The default is the environment's TEST_BACKEND (the `integration-postgres` Vitest
 * project sets it), else sqlite. A restart with the same `dataDir` reuses the same database, so
 * "restart on the same data" means the same on both. Tests that read the SQLite file itself skip
 * on postgres with `skipOnPostgres(reason)`.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { selectSync, startPostgres } from './postgres'

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const STARTUP_DEADLINE_MS = 30_000

export type TestBackend = 'sqlite' | 'postgres'

/** The back end of this test run: TEST_BACKEND (`sqlite` or `postgres`), default sqlite. */
export function testBackend(): TestBackend {
  const value = process.env.TEST_BACKEND?.trim() || 'sqlite'
  if (value !== 'sqlite' && value !== 'postgres') throw new Error(`TEST_BACKEND must be sqlite or postgres, got "${value}"`)
  return value
}

/**
 * For a test (or `describe`) that inspects the SQLite file directly: true when this run is on
 * PostgreSQL, after printing why it is skipped. Use as `it.skipIf(skipOnPostgres('…'))(…)`.
 */
export function skipOnPostgres(reason: string): boolean {
  if (testBackend() !== 'postgres') return false
  process.stderr.write(`[TEST_BACKEND=postgres] skipped: ${reason}\n`)
  return true
}

export interface ServerOptions {
  /** Reuse a data directory (restart); default: a fresh temporary one. */
  dataDir?: string
  /** Default: a fresh empty temporary directory. */
  staticDir?: string
  /** Listen on this port (to restart a server where open browsers expect it); default random. */
  port?: number
  /** Extra environment variables (PORT, DATA_DIR and STATIC_DIR are set by the helper). */
  env?: Record<string, string>
  /** Run this compiled entry (e.g. `dist-server/main.js`) with plain `node`; default: TEST_SERVER_ENTRY, else server/main.ts through tsx. */
  entry?: string
  /** Default: TEST_BACKEND, else sqlite. */
  backend?: TestBackend
  /** postgres: this database (default: the one of `dataDir` when restarting, else a fresh one). */
  databaseUrl?: string
}

export interface ServerProcess {
  port: number
  baseUrl: string
  wsUrl: string
  dataDir: string
  staticDir: string
  backend: TestBackend
  /** postgres: the server's DATABASE_URL; null on sqlite. */
  databaseUrl: string | null
  process: ChildProcess
  /** Every stdout/stderr line, in order. */
  logs: string[]
  /** Parsed JSON log lines (stdout lines that are JSON objects). */
  events(): Array<Record<string, unknown>>
  /** SIGTERM and wait for the exit; resolves with the exit code (null if killed by a signal). */
  stop(): Promise<number | null>
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const running = new Set<ServerProcess>()
/** Every server started in this test file, also stopped ones (for log assertions). */
export const startedServers: ServerProcess[] = []
const tempDirs = new Set<string>()
/** postgres: the database of each data directory, so a restart on the same `dataDir` finds its data. */
const databaseOfDataDir = new Map<string, string>()
let warnedUnusedDatabase = false

// Safety net for files that forget cleanupServers(): no orphan servers or temp dirs when the
// test worker exits.
process.once('exit', () => {
  for (const server of running) server.process.kill('SIGKILL')
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true })
})

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tafelbord-${prefix}-`))
  tempDirs.add(dir)
  return dir
}

export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? makeTempDir('data')
  const staticDir = options.staticDir ?? makeTempDir('static')
  const entry = options.entry ?? process.env.TEST_SERVER_ENTRY
  const backend = options.backend ?? testBackend()
  let databaseUrl: string | null = null
  if (backend === 'postgres') {
    databaseUrl = options.databaseUrl ?? databaseOfDataDir.get(dataDir) ?? (await (await startPostgres()).createDatabase())
    databaseOfDataDir.set(dataDir, databaseUrl)
  }
  const args = entry ? [entry] : ['--import', 'tsx', 'server/main.ts']
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Test files create many boards from 127.0.0.1; the limit itself is tested with its own value.
      BOARD_CREATE_PER_HOUR: '100000',
      ...options.env,
      PORT: String(options.port ?? 0),
      DATA_DIR: dataDir,
      STATIC_DIR: staticDir,
      ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), STARTUP_DEADLINE_MS)
    const onLine = (line: string) => {
      logs.push(line)
      if (process.env.SHOW_SERVER_LOGS) process.stderr.write(`[server ${child.pid}] ${line}\n`)
      const event = parseLine(line)
      if (event?.event === 'listening' && typeof event.port === 'number') {
        clearTimeout(timer)
        resolve(event.port)
      }
    }
    splitLines(child.stdout!, onLine)
    splitLines(child.stderr!, onLine)
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${logs.join('\n')}`))
    })
  })

  const handle: ServerProcess = {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    dataDir,
    staticDir,
    backend,
    databaseUrl,
    process: child,
    logs,
    exited,
    events: () => logs.map(parseLine).filter((e): e is Record<string, unknown> => e !== null),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const { code } = await exited
      running.delete(handle)
      return code
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
      running.delete(handle)
    },
  }
  running.add(handle)
  startedServers.push(handle)
  if (databaseUrl !== null && !warnedUnusedDatabase && !(await hasSchema(databaseUrl))) {
    warnedUnusedDatabase = true
    process.stderr.write(
      '[TEST_BACKEND=postgres] WARNING: the server did not migrate its DATABASE_URL database — server/main.ts does not open ' +
        'its storage with openStorage (server/storage/open.ts) yet, so these tests ran on SQLite\n',
    )
  }
  return handle
}

/** Kills servers still running and removes the temporary directories (call in afterAll). */
export async function cleanupServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill9()))
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true })
  tempDirs.clear()
}

/**
 * The PostgreSQL database the server of `dataDir` stores in, or undefined when it stores in the
 * SQLite file there — also for a postgres run whose server ignored DATABASE_URL (server/main.ts
 * not yet opening its storage with openStorage): the storage the server actually used.
 * Synchronous, for the synchronous storage helpers (tests/helpers/meetingFixtures.ts).
 */
export function postgresUrlOf(dataDir: string): string | undefined {
  const url = databaseOfDataDir.get(dataDir)
  if (url === undefined) return undefined
  if (databasesInUse.has(url)) return url
  const found = selectSync(url, "SELECT 1 AS found WHERE to_regclass('schema_migrations') IS NOT NULL").length > 0
  if (found) databasesInUse.add(url)
  return found ? url : undefined
}
const databasesInUse = new Set<string>()

/** Whether the server made its schema in the database (it migrates before it listens). */
async function hasSchema(databaseUrl: string): Promise<boolean> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS found")).rows[0].found === true
  } finally {
    await client.end()
  }
}

function parseLine(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null
  try {
    const value: unknown = JSON.parse(line)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    pending += chunk
    let newline
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline)
      pending = pending.slice(newline + 1)
      if (line.length > 0) onLine(line)
    }
  })
  stream.on('end', () => {
    if (pending.length > 0) onLine(pending)
    pending = ''
  })
}
