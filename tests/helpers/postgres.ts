/**
 * A throwaway PostgreSQL cluster for tests: ONE per test process, started on first use and shared
 * by every caller in that process (`startPostgres()` is idempotent), removed when the process
 * exits — also when it is killed (a small watchdog shell stops the cluster and removes its
 * directory once this process is gone).
 *
 *   const pg = await startPostgres()
 *   const url = await pg.createDatabase()   // postgres://postgres@127.0.0.1:<port>/t_… (fresh, empty)
 *
 * How: `initdb` into a fresh temporary directory (as the `postgres` OS user when the tests run as
 * root: initdb and pg_ctl refuse root; the directory is chowned to it), trust authentication,
 * `pg_ctl start -w` on a free port, listening on 127.0.0.1 only and with its Unix socket in that
 * same directory (`-k`), fsync off (a test cluster need not survive a power cut). The binaries come
 * from `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin.
 *
 * Set TEST_POSTGRES_ADMIN_URL=postgres://user@host:port/postgres to use an existing server
 * instead (a superuser connection; each `createDatabase()` makes a new database on it; with
 * TEST_POSTGRES_DATA_DIR its data directory, for `clusterFileBytes`). `npm test` does that: its
 * global setup (tests/helpers/postgresGlobalSetup.ts) starts one cluster for the whole run.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from './freePort'

export interface TestPostgres {
  /** A superuser connection URL to the `postgres` database of the cluster. */
  adminUrl: string
  /** Creates a fresh empty database and answers its postgres:// URL. */
  createDatabase(): Promise<string>
  /** Stops the cluster and removes its directory (also done on process exit). */
  stop(): Promise<void>
  /** The cluster's data directory (to look at the bytes PostgreSQL keeps); null for TEST_POSTGRES_ADMIN_URL. */
  dataDirectory: string | null
}

const START_ATTEMPTS = 3
const START_TIMEOUT_S = 30

let shared: Promise<TestPostgres> | undefined

export function startPostgres(): Promise<TestPostgres> {
  if (!shared) {
    shared = (process.env.TEST_POSTGRES_ADMIN_URL ? existingServer(process.env.TEST_POSTGRES_ADMIN_URL) : startCluster()).catch(
      (error: unknown) => {
        shared = undefined
        throw error
      },
    )
  }
  return shared
}

// ------------------------------------------------------------------ creating databases

let databaseCounter = 0

function databaseCreator(adminUrl: string): () => Promise<string> {
  return async () => {
    const name = `t_${process.pid}_${++databaseCounter}_${Math.random().toString(36).slice(2, 8)}`
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE "${name}"`)
    } finally {
      await client.end()
    }
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return url.toString()
  }
}

async function existingServer(adminUrl: string): Promise<TestPostgres> {
  await waitUntilReady(adminUrl, 10_000)
  return { adminUrl, createDatabase: databaseCreator(adminUrl), stop: async () => {}, dataDirectory: process.env.TEST_POSTGRES_DATA_DIR || null }
}

// ------------------------------------------------------------------ the throwaway cluster

async function startCluster(): Promise<TestPostgres> {
  const bindir = findBinaries()
  const asRoot = process.getuid?.() === 0
  const owner = asRoot ? postgresUser() : undefined

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-pg-'))
  let stopped = false
  let watchdog: ReturnType<typeof spawn> | undefined
  const dataDir = path.join(dir, 'data')
  const logFile = path.join(dir, 'postgres.log')

  /** Synchronous, so that it also works in an 'exit' handler. */
  const stopNow = () => {
    if (stopped) return
    stopped = true
    process.removeListener('exit', stopNow)
    const pid = postmasterPid(dataDir)
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGQUIT') // immediate shutdown: nothing of a test cluster needs saving
      } catch {}
      const deadline = Date.now() + 5_000
      while (isAlive(pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
    }
    fs.rmSync(dir, { recursive: true, force: true })
    watchdog?.kill()
  }
  process.once('exit', stopNow)

  try {
    if (owner) fs.chownSync(dir, owner.uid, owner.gid)
    const run = (tool: string, args: string[]) => {
      const command = asRoot ? 'runuser' : path.join(bindir, tool)
      const fullArgs = asRoot ? ['-u', 'postgres', '--', path.join(bindir, tool), ...args] : args
      const result = spawnSync(command, fullArgs, { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
      if (result.status !== 0) {
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-4_000) : ''
        throw new Error(`${tool} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}${log}`)
      }
    }
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])

    // The watchdog: once this process is gone (even by SIGKILL), stop the cluster and remove it.
    watchdog = spawn(
      'sh',
      [
        '-c',
        'while kill -0 "$1" 2>/dev/null; do sleep 1; done; ' +
          'if [ -f "$2" ]; then kill -QUIT "$(head -n 1 "$2")" 2>/dev/null; sleep 1; fi; rm -rf "$3"',
        'tafelbord-pg-watchdog',
        String(process.pid),
        path.join(dataDir, 'postmaster.pid'),
        dir,
      ],
      { detached: true, stdio: 'ignore' },
    )
    watchdog.unref()

    let port = 0
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      const options = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=300',
        '-c shared_buffers=32MB',
      ].join(' ')
      try {
        run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', String(START_TIMEOUT_S), '-o', options])
        break
      } catch (error) {
        // Most likely someone took the port between freePort() and the start: another port.
        if (attempt >= START_ATTEMPTS) throw error
      }
    }
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`
    await waitUntilReady(adminUrl, START_TIMEOUT_S * 1_000)
    return {
      adminUrl,
      createDatabase: databaseCreator(adminUrl),
      dataDirectory: dataDir,
      async stop() {
        stopNow()
        shared = undefined
      },
    }
  } catch (error) {
    stopNow()
    throw error
  }
}

function findBinaries(): string {
  const candidates: string[] = []
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
  } catch {}
  const root = '/usr/lib/postgresql'
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')))
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')))
  if (!found) {
    throw new Error(
      'PostgreSQL is not installed (no initdb from `pg_config --bindir` or in /usr/lib/postgresql/*/bin): ' +
        'install the postgresql package (Debian: apt-get install postgresql), or set TEST_POSTGRES_ADMIN_URL to an existing server',
    )
  }
  return found
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
    return { uid, gid }
  } catch {
    throw new Error(
      'the tests run as root, and PostgreSQL refuses to run as root, but there is no `postgres` OS user: ' +
        'install the postgresql package (it creates that user)',
    )
  }
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}


async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => {})
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} did not accept connections: ${String(error)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

// ------------------------------------------------------------------ synchronous reads for test helpers

/**
 * Runs one SELECT synchronously (through `psql`) and answers its rows as JSON objects: for test
 * helpers that are synchronous because they began on SQLite (tests/helpers/meetingFixtures.ts).
 * `bytea` columns arrive as `\x…` hex strings (`fromByteaHex`). Only for tests: `sql` is
 * trusted text, values are quoted with `literal`.
 */
export function selectSync(databaseUrl: string, sql: string): Array<Record<string, unknown>> {
  const bindir = findBinaries()
  const result = spawnSync(
    path.join(bindir, 'psql'),
    ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', `SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) AS t`],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  if (result.status !== 0) throw new Error(`psql failed (${result.status ?? result.signal}): ${result.stderr}`)
  return JSON.parse(result.stdout) as Array<Record<string, unknown>>
}

/** Runs SQL statements synchronously (through `psql`), for test helpers; throws when one fails. */
export function execSync(databaseUrl: string, sql: string): void {
  const result = spawnSync(path.join(findBinaries(), 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', sql], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`psql failed (${result.status ?? result.signal}): ${result.stderr}`)
}

/**
 * Every file of the cluster (tables, indexes, WAL …) as bytes, to show something was never stored
 * anywhere. Root may read the postgres user's files; for an external server: empty.
 */
export async function clusterFileBytes(): Promise<Buffer[]> {
  const { dataDirectory } = await startPostgres()
  if (dataDirectory === null) return []
  const files: Buffer[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) files.push(fs.readFileSync(full))
    }
  }
  walk(dataDirectory)
  return files
}

/** A string as a PostgreSQL literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** A `bytea` value as JSON renders it (`\x0a1b…`), as bytes. */
export function fromByteaHex(value: unknown): Buffer {
  if (typeof value !== 'string' || !value.startsWith('\\x')) throw new Error(`not a bytea hex string: ${String(value).slice(0, 20)}`)
  return Buffer.from(value.slice(2), 'hex')
}
