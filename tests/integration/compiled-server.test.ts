/**
 * The compiled server — what production runs (`node dist-server/main.js`, no tsx) — against the
 * same checks as the sources: health, a board created, a stock y-websocket client's update synced
 * to another client and kept over a restart (better-sqlite3 loaded from node_modules), the record
 * exports (their code is a chunk loaded by `import()` at the first export request: this proves
 * it resolves in the build), and SIGTERM exits 0.
 *
 * The test compiles the current sources itself, with the build script `npm run build` uses
 * (scripts/build-server.mjs), into a directory of its own under .tmp/: it never runs a stale
 * dist-server/, needs no build step before `npx vitest run`, and does not disturb a dist-server/
 * someone is running. The build takes well under a second.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { connectClient, createBoard, expectLogsClean, health, waitFor } from './support'

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// Inside the repository, beside node_modules/: the packages left external resolve from there.
const OUT_DIR = path.join(REPO_ROOT, '.tmp', `compiled-server-${process.pid}`)
const ENTRY = path.join(OUT_DIR, 'main.js')

/** The chunks main.js loads before it runs (static imports, followed through), by file name. */
function loadedAtStart(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = []
  const packages = new Set<string>()
  const pending = [entry]
  while (pending.length > 0) {
    const file = pending.pop()!
    if (files.includes(file)) continue
    files.push(file)
    const code = fs.readFileSync(file, 'utf8')
    // Static imports only: `import … from "x"` and `import "x"`, not `import("x")`.
    for (const match of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g)) {
      const specifier = match[1]
      if (specifier.startsWith('.')) pending.push(path.resolve(path.dirname(file), specifier))
      else if (!specifier.startsWith('node:')) packages.add(specifier)
    }
  }
  return { files: files.map((f) => path.relative(OUT_DIR, f)), packages }
}

let server: ServerProcess

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-server.mjs', '--outdir', OUT_DIR, '--quiet'], { cwd: REPO_ROOT, stdio: 'inherit' })
  if (!fs.existsSync(ENTRY)) throw new Error(`scripts/build-server.mjs did not write ${ENTRY}`)
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
  fs.rmSync(OUT_DIR, { recursive: true, force: true })
})

describe('the compiled server', () => {
  it('starts without the export code: pdfkit and the record builders are chunks loaded on first use', () => {
    const { files, packages } = loadedAtStart(ENTRY)
    // Only the native addon comes from node_modules at start; everything else is bundled.
    expect([...packages]).toEqual(['better-sqlite3'])
    expect(files.some((f) => /sessionExport|recordPdf|residentSummaryPdf|pdfSupport/.test(f)), files.join(', ')).toBe(false)
    const chunks = fs.readdirSync(path.join(OUT_DIR, 'chunks'))
    expect(chunks.some((f) => f.startsWith('sessionExport-'))).toBe(true)
    // Source maps beside the code.
    expect(fs.existsSync(`${ENTRY}.map`)).toBe(true)
  })

  it('runs with plain node: health, a board, sync between two clients, kept over a restart', async () => {
    server = await startServer({ entry: ENTRY })
    expect(server.process.spawnargs).toEqual([process.execPath, ENTRY])
    const status = await health(server)
    expect(status).toMatchObject({ ok: true })

    const board = await createBoard(server)
    const writer = await connectClient(server, board.id, board.facilitatorToken)
    const reader = await connectClient(server, board.id, board.participantToken)
    writer.map.set('gecompileerd', 'ja')
    await waitFor(() => reader.map.get('gecompileerd') === 'ja', 'the update reached the other client')
    writer.destroy()
    reader.destroy()

    expect(await server.stop()).toBe(0)
    expect(server.events().map((e) => e.event)).toContain('shutdown_complete')

    server = await startServer({ entry: ENTRY, dataDir: server.dataDir })
    const again = await connectClient(server, board.id, board.participantToken)
    await waitFor(() => again.map.get('gecompileerd') === 'ja', 'the update after a restart')
    again.destroy()

    // The exports: loaded now, from their chunks.
    const auth = { Authorization: `Bearer ${board.facilitatorToken}` }
    for (const file of ['record.pdf', 'summary.pdf']) {
      const res = await fetch(`${server.baseUrl}/api/boards/${board.id}/sessions/current/${file}`, { headers: auth })
      expect(res.status, file).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(bytes.subarray(0, 5).toString('latin1'), file).toBe('%PDF-')
    }
    const markdown = await fetch(`${server.baseUrl}/api/boards/${board.id}/sessions/current/record.md`, { headers: auth })
    expect(markdown.status).toBe(200)
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/)
    const exported = server.events().filter((e) => e.event === 'record_exported')
    expect(exported.map((e) => e.format)).toEqual(['record.pdf', 'summary.pdf', 'record.md'])

    expect(await server.stop()).toBe(0)
  })
})
