/**
 * Client rendering benchmark (issue 8, "Smooth with many cards"): a page of our app showing a
 * 300-card meeting while 5 clients each drag a different card 10 times a second for 20 s,
 * side by side with bare tldraw 5.1.1 receiving the same shape updates, in the same run.
 *
 * ours  — our real server (tests/helpers/serverProcess.ts) serving a copy of the built client
 *         (dist/, taken when the benchmark starts; BENCH_CLIENT_DIST overrides dist/);
 *         the board is written through the sync protocol (one raw Yjs client writes the tldraw
 *         records into the board Y.Doc), participants and decisions go through the HTTP API;
 *         Chromium opens the facilitator link and joins as "Uw naam" = Marieke; 5 y-websocket
 *         clients in this process each move one action card (x/y of its record, one transaction
 *         per step), which our server relays to the page.
 * bare  — bench/bare-tldraw (`<Tldraw>` with default shapes, built with the same Vite) showing
 *         the same scene as geo rectangles with the same ids, positions, sizes and arrows; this
 *         process sends the same positions at the same times over one websocket and the page
 *         applies them as remote changes.
 * bare-cards — the same page with the 300 rectangles only (no arrows).
 *
 * Both pages: Chromium headless at 1920×1080, fresh user-data dir per run, zoomed to fit the
 * board, measured from inside the page (bench/pageMetrics.ts). The order of the sides alternates
 * from one repeat to the next. Everything started here is stopped here; only 127.0.0.1 is used.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import type { CreateBoardResponse } from '../shared/protocol'
import { getRecordsMap, recordToYMap, type RecordJson, type YRecord } from '../shared/ydoc/layout'
import { DIST_DIR, joinBoard } from '../tests/helpers/boardFlow'
import { openRawEditor, recordDecision, registerParticipant } from '../tests/helpers/meetingFixtures'
import { startServer, type ServerProcess } from '../tests/helpers/serverProcess'
import { ourEntry } from './servers'
import { buildBareTldraw, serveBareTldraw, type BareServer } from './bareTldraw'
import { bareTldrawRecords, buildMeetingBoard, dragPosition, type MeetingBoard } from './meetingBoard'
import { installMetrics, openWindow, waitForQuietPage, type PageMetrics } from './pageMetrics'
import { cpuSeconds } from './processStats'
import { openProvider } from './provider'
import { sleep, waitUntil } from './stats'

export const CLIENT_BENCH = {
  dragClients: 5,
  updatesPerSecondPerClient: 10,
  durationMs: 20_000,
  viewport: { width: 1920, height: 1080 },
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromiumArgs: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Nothing but 127.0.0.1 resolves: no third-party request can slip through; any attempt is
    // listed in the results.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
  /** The page must have had no long task for this long before the window opens (at most 20 s). */
  quietMs: 2000,
} as const

/**
 * ours: our app; bare: bare tldraw with the same scene (cards as geo rectangles, the same relation
 * arrows); bare-cards: bare tldraw with the 300 geo rectangles only, no arrows (the page the issue
 * first sketched). Targets are reported against both baselines.
 */
export type Side = 'ours' | 'bare' | 'bare-cards'
export const SIDES: readonly Side[] = ['ours', 'bare', 'bare-cards']

export interface ClientRun {
  side: Side
  rep: number
  metrics: PageMetrics
  /** Every dragged card sat at its last sent position at the end. */
  delivered: boolean
  /** Shapes on the page (cards + arrows) and the zoom after fitting the board. */
  shapes: number
  zoom: number
  /** Time waited for a quiet page after loading, ms. */
  settleMs: number
  /** Updates sent, and how late the driver's latest tick was against its schedule, ms. */
  updatesSent: number
  driverMaxLagMs: number
  /** CPU seconds during the window: our server process (ours only) and this bench process. */
  serverCpuS: number | null
  benchCpuS: number
  /** Requests to anything but 127.0.0.1 (should be none). */
  foreignRequests: string[]
}

export interface ClientBenchResults {
  date: Date
  durationSeconds: number
  repeats: number
  runs: ClientRun[]
  failures: string[]
  scene: { cards: number; arrows: number; bindings: number; decisions: number; participants: number }
  chromiumVersion: string
  distBuiltAt: string
  /** HEAD and whether client/, shared/ or server/ had uncommitted changes, when the bench started. */
  source: string
  loadAverage: number[]
  loadAverageEnd: number[]
}

type Progress = (text: string) => void

const tempDirs = new Set<string>()
process.once('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true })
})

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  tempDirs.add(dir)
  return dir
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
  tempDirs.delete(dir)
}

// ---------------------------------------------------------------- browser

interface Browser {
  context: BrowserContext
  page: Page
  requests: string[]
  close(): Promise<void>
}

async function openBrowser(): Promise<Browser> {
  const userDataDir = tempDir('tafelbord-bench-chromium-')
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CLIENT_BENCH.chromiumPath,
    headless: true,
    args: [...CLIENT_BENCH.chromiumArgs],
    viewport: CLIENT_BENCH.viewport,
    locale: 'nl-NL',
  })
  await installMetrics(context)
  const requests: string[] = []
  context.on('request', (request) => requests.push(request.url()))
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('websocket', (ws) => requests.push(ws.url()))
  return {
    context,
    page,
    requests,
    async close() {
      await context.close().catch(() => {})
      removeDir(userDataDir)
    },
  }
}

function foreign(requests: string[]): string[] {
  return [...new Set(requests.filter((url) => {
    const parsed = new URL(url)
    if (['data:', 'blob:', 'about:', 'chrome-extension:'].includes(parsed.protocol)) return false
    return parsed.hostname !== '127.0.0.1'
  }))]
}

type EditorGlobal = 'tafelbordEditor' | 'benchEditor'

async function fitAndCount(page: Page, editorGlobal: EditorGlobal): Promise<{ shapes: number; zoom: number }> {
  const fitted = await page.evaluate((name) => {
    const editor = (window as unknown as Record<string, import('tldraw').Editor>)[name]
    editor.zoomToFit()
    return { shapes: editor.getCurrentPageShapes().length, zoom: editor.getZoomLevel() }
  }, editorGlobal)
  // The same mouse on both pages: none over the page, as on the TV at the table. (Our page had the
  // mouse left on the board by the join click; under a resting mouse Chromium hit-tests the page and
  // tldraw handles a pointer move whenever the content under it changes, which the bare page,
  // never touched by a mouse, was spared.)
  await page.mouse.move(-1, -1)
  return { shapes: fitted.shapes, zoom: fitted.zoom }
}

async function positionsOf(page: Page, editorGlobal: EditorGlobal, ids: string[]): Promise<Array<{ x: number; y: number } | null>> {
  return page.evaluate(([name, shapeIds]) => {
    const editor = (window as unknown as Record<string, import('tldraw').Editor>)[name as string]
    return (shapeIds as string[]).map((id) => {
      const shape = editor.getShape(id as never)
      return shape ? { x: shape.x, y: shape.y } : null
    })
  }, [editorGlobal, ids] as const)
}

/** BENCH_CLIENT_SCREENSHOTS=<dir>: a picture of each page before its window (not measured). */
async function screenshot(page: Page, side: Side, rep: number): Promise<void> {
  const dir = process.env.BENCH_CLIENT_SCREENSHOTS
  if (!dir) return
  fs.mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${side}-run${rep + 1}.png`) })
}

// ---------------------------------------------------------------- the drag

interface DriveResult {
  sent: number
  maxLagMs: number
}

/**
 * The five drags: one update every 20 ms in turn (client k % 5, step k / 5), so each client
 * moves its card 10 times a second; the schedule is fixed in advance (open loop).
 */
async function drive(send: (client: number, step: number) => void): Promise<DriveResult> {
  const clients = CLIENT_BENCH.dragClients
  const interval = 1000 / (CLIENT_BENCH.updatesPerSecondPerClient * clients)
  const ticks = Math.round(CLIENT_BENCH.durationMs / interval)
  const t0 = performance.now()
  let maxLagMs = 0
  for (let k = 0; k < ticks; k++) {
    const due = t0 + k * interval
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    maxLagMs = Math.max(maxLagMs, performance.now() - due)
    send(k % clients, Math.floor(k / clients))
  }
  // The window covers the whole 20 s schedule.
  const end = t0 + CLIENT_BENCH.durationMs
  if (end > performance.now()) await sleep(end - performance.now())
  return { sent: ticks, maxLagMs }
}

function finalPositions(board: MeetingBoard): Array<{ x: number; y: number }> {
  const steps = CLIENT_BENCH.updatesPerSecondPerClient * (CLIENT_BENCH.durationMs / 1000)
  return board.dragged.map((card, client) => dragPosition(card, client, steps - 1))
}

async function measure(
  page: Page,
  editorGlobal: EditorGlobal,
  board: MeetingBoard,
  send: (client: number, step: number) => void,
  serverPid: number | null,
): Promise<Pick<ClientRun, 'metrics' | 'delivered' | 'updatesSent' | 'driverMaxLagMs' | 'serverCpuS' | 'benchCpuS'>> {
  const win = await openWindow(page)
  const serverBefore = serverPid === null ? null : cpuSeconds(serverPid)
  const benchBefore = process.cpuUsage()
  // BENCH_CLIENT_PROFILE=<dir>: a CPU profile of each page over the window (for finding where the
  // time goes; it slows the page a little, so do not compare figures of a profiled run).
  const profileDir = process.env.BENCH_CLIENT_PROFILE
  const profiler = profileDir ? await page.context().newCDPSession(page) : null
  if (profiler) {
    await profiler.send('Profiler.enable')
    await profiler.send('Profiler.start')
  }
  // BENCH_CLIENT_TRACE=<dir>: a Chromium trace of each page over the window (raster, compositor,
  // hit tests: what a CPU profile of the page's script does not show).
  const traceDir = process.env.BENCH_CLIENT_TRACE
  const tracer = traceDir ? await page.context().newCDPSession(page) : null
  if (tracer) {
    await tracer.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'viz', 'gpu', 'blink', 'toplevel', 'disabled-by-default-devtools.timeline.frame'] } } as never)
  }
  await win.start()
  const driven = await drive(send)
  if (tracer && traceDir) {
    const done = new Promise<{ stream: string }>((resolve) => tracer.once('Tracing.tracingComplete' as never, resolve as never))
    await tracer.send('Tracing.end')
    const { stream } = await done
    const chunks: string[] = []
    for (;;) {
      const r = (await tracer.send('IO.read', { handle: stream })) as { data: string; eof: boolean; base64Encoded?: boolean }
      chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString() : r.data)
      if (r.eof) break
    }
    fs.mkdirSync(traceDir, { recursive: true })
    fs.writeFileSync(path.join(traceDir, `${serverPid === null ? 'bare' : 'ours'}-${Date.now()}.json`), chunks.join(''))
  }
  const metrics = await win.stop()
  if (profiler && profileDir) {
    const { profile } = await profiler.send('Profiler.stop')
    fs.mkdirSync(profileDir, { recursive: true })
    fs.writeFileSync(path.join(profileDir, `${serverPid === null ? 'bare' : 'ours'}-${Date.now()}.cpuprofile`), JSON.stringify(profile))
  }
  const benchAfter = process.cpuUsage(benchBefore)
  const serverCpuS = serverPid === null || serverBefore === null ? null : cpuSeconds(serverPid) - serverBefore
  const expected = finalPositions(board)
  const ids = board.dragged.map((d) => d.id)
  let delivered = false
  const deadline = Date.now() + 5000
  while (!delivered && Date.now() < deadline) {
    const seen = await positionsOf(page, editorGlobal, ids)
    delivered = seen.every((p, i) => p !== null && Math.abs(p.x - expected[i].x) < 0.01 && Math.abs(p.y - expected[i].y) < 0.01)
    if (!delivered) await sleep(100)
  }
  return {
    metrics,
    delivered,
    updatesSent: driven.sent,
    driverMaxLagMs: driven.maxLagMs,
    serverCpuS,
    benchCpuS: (benchAfter.user + benchAfter.system) / 1e6,
  }
}

// ---------------------------------------------------------------- ours

const FACILITATOR = { userId: 'bench-facilitator', name: 'Marieke', role: 'gespreksleider', organisation: 'Wijkteam' }

async function createBoard(server: ServerProcess): Promise<CreateBoardResponse> {
  const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', signal: AbortSignal.timeout(10_000) })
  if (res.status !== 201) throw new Error(`POST /api/boards answered ${res.status}`)
  return (await res.json()) as CreateBoardResponse
}

async function expectStatus(what: string, call: Promise<{ status: number; body: unknown }>, status: number): Promise<void> {
  const answer = await call
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`)
}

/** The meeting on our server: records through the sync protocol, people and decisions through the API. */
async function seedOurBoard(server: ServerProcess, created: CreateBoardResponse, board: MeetingBoard): Promise<void> {
  const writer = await openRawEditor(server, created.id, created.facilitatorToken)
  try {
    writer.edit((doc) => {
      const records = getRecordsMap(doc)
      for (const record of [...board.base, ...board.cards, ...board.arrows, ...board.bindings]) records.set(record.id, recordToYMap(record))
    })
    await writer.barrier()
  } finally {
    writer.ws.close()
  }
  await expectStatus('register facilitator', registerParticipant(server, created.id, created.facilitatorToken, FACILITATOR), 200)
  await expectStatus('register resident', registerParticipant(server, created.id, created.residentToken, {
    userId: 'bench-resident', name: 'Ansaj Hodžić', role: 'bewoner',
  }), 200)
  for (const person of board.people) {
    await expectStatus(`register ${person.userId}`, registerParticipant(server, created.id, created.participantToken, person), 200)
  }
  for (const decision of board.decisions) {
    await expectStatus(`decision on ${decision.actionId}`, recordDecision(server, created.id, created.facilitatorToken, {
      ...decision,
      recordedBy: { userId: FACILITATOR.userId },
    }), 201)
  }
}

interface DragClient {
  doc: Y.Doc
  provider: WebsocketProvider
  record: YRecord
}

async function openDragClients(server: ServerProcess, created: CreateBoardResponse, board: MeetingBoard): Promise<DragClient[]> {
  const clients: DragClient[] = []
  for (const card of board.dragged) {
    const doc = new Y.Doc()
    const provider = openProvider(`${server.wsUrl}/sync`, created.id, created.participantToken, doc)
    // Shape updates only (no presence), as on the bare side.
    provider.awareness.setLocalState(null)
    clients.push({ doc, provider, record: undefined as unknown as YRecord })
    const ok = await waitUntil(() => provider.synced && getRecordsMap(doc).has(card.id), 30_000)
    if (!ok) throw new Error('a drag client did not sync')
    clients[clients.length - 1].record = getRecordsMap(doc).get(card.id)!
  }
  return clients
}

async function runOurs(board: MeetingBoard, staticDir: string, rep: number, progress: Progress): Promise<ClientRun> {
  // The server production runs (dist-server/, see bench/servers.ts): it shares the machine's cores with the page.
  const server = await startServer({ staticDir, entry: ourEntry() })
  let clients: DragClient[] = []
  let browser: Browser | null = null
  try {
    const created = await createBoard(server)
    await seedOurBoard(server, created, board)
    clients = await openDragClients(server, created, board)
    browser = await openBrowser()
    const { page } = browser
    await joinBoard(page, created.facilitatorUrl, FACILITATOR.name)
    const expectedShapes = board.cards.length + board.arrows.length
    const loaded = await waitUntilAsync(async () =>
      (await page.evaluate(() => (window as unknown as { tafelbordEditor?: import('tldraw').Editor }).tafelbordEditor?.getCurrentPageShapes().length ?? 0)) >= expectedShapes, 60_000)
    if (!loaded) throw new Error('our page did not show every shape of the board within 60 s')
    const { shapes, zoom } = await fitAndCount(page, 'tafelbordEditor')
    await screenshot(page, 'ours', rep)
    const settleMs = await waitForQuietPage(page, { quietMs: CLIENT_BENCH.quietMs })
    progress(`  ours: ${shapes} shapes at zoom ${zoom.toFixed(3)}, quiet after ${(settleMs / 1000).toFixed(1)} s; dragging for ${CLIENT_BENCH.durationMs / 1000} s`)
    const send = (client: number, step: number) => {
      const { doc, record } = clients[client]
      const p = dragPosition(board.dragged[client], client, step)
      doc.transact(() => {
        record.set('x', p.x)
        record.set('y', p.y)
      })
    }
    const result = await measure(page, 'tafelbordEditor', board, send, server.process.pid ?? null)
    return { side: 'ours', rep, shapes, zoom, settleMs, foreignRequests: foreign(browser.requests), ...result }
  } finally {
    await browser?.close()
    for (const c of clients) c.provider.destroy()
    await server.stop()
  }
}

async function waitUntilAsync(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await sleep(200)
  }
  return false
}

// ---------------------------------------------------------------- bare tldraw

async function runBare(side: Side, board: MeetingBoard, records: RecordJson[], bare: BareServer, rep: number, progress: Progress): Promise<ClientRun> {
  const browser = await openBrowser()
  try {
    const { page } = browser
    const ready = bare.nextPage(records)
    await page.goto(bare.url)
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the bare tldraw page did not load the scene within 60 s')), 60_000).unref())
    const { socket } = await Promise.race([ready, timeout])
    const { shapes, zoom } = await fitAndCount(page, 'benchEditor')
    await screenshot(page, side, rep)
    const expectedShapes = records.filter((r) => r.typeName === 'shape').length
    if (shapes !== expectedShapes) throw new Error(`the bare page shows ${shapes} of ${expectedShapes} shapes`)
    const settleMs = await waitForQuietPage(page, { quietMs: CLIENT_BENCH.quietMs })
    progress(`  ${side}: ${shapes} shapes at zoom ${zoom.toFixed(3)}, quiet after ${(settleMs / 1000).toFixed(1)} s; dragging for ${CLIENT_BENCH.durationMs / 1000} s`)
    const send = (client: number, step: number) => {
      const p = dragPosition(board.dragged[client], client, step)
      socket.send(JSON.stringify({ type: 'move', id: board.dragged[client].id, x: p.x, y: p.y }))
    }
    const result = await measure(page, 'benchEditor', board, send, null)
    return { side, rep, shapes, zoom, settleMs, foreignRequests: foreign(browser.requests), ...result }
  } finally {
    await browser.close()
  }
}

// ---------------------------------------------------------------- the whole benchmark

/** The built client our server serves: dist/ (`npm run build`), or BENCH_CLIENT_DIST if set. */
export function clientDistDir(): string {
  return process.env.BENCH_CLIENT_DIST ? path.resolve(process.env.BENCH_CLIENT_DIST) : DIST_DIR
}

function distBuiltAt(): string {
  const index = path.join(clientDistDir(), 'index.html')
  if (!fs.existsSync(index)) throw new Error(`${clientDistDir()}/index.html is missing: run \`npm run build\` before the client benchmark`)
  return fs.statSync(index).mtime.toISOString()
}

function sourceState(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'client', 'shared', 'server'], { encoding: 'utf8' }).trim()
    return dirty ? `commit ${commit} with uncommitted changes in client/, shared/ or server/` : `commit ${commit}`
  } catch {
    return 'not a git checkout'
  }
}

async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({ executablePath: CLIENT_BENCH.chromiumPath, headless: true, args: [...CLIENT_BENCH.chromiumArgs] })
  try {
    return browser.version()
  } finally {
    await browser.close()
  }
}

export async function runClientBench(repeats: number, progress: Progress): Promise<ClientBenchResults> {
  const started = performance.now()
  const date = new Date()
  const loadAverage = os.loadavg()
  const builtAt = distBuiltAt()
  const source = sourceState()
  // A copy of the build, so a rebuild of dist/ during the benchmark cannot change what is measured.
  const clientCopy = tempDir('tafelbord-bench-client-')
  fs.cpSync(clientDistDir(), clientCopy, { recursive: true })
  const board = buildMeetingBoard()
  const records = bareTldrawRecords(board)
  const cardsOnly = records.filter((r) => r.typeName === 'shape' && r.type !== 'arrow')
  progress(`client bench: building the bare tldraw page (vite)`)
  const bareDir = await buildBareTldraw()
  tempDirs.add(bareDir)
  const bare = await serveBareTldraw(bareDir)
  const runs: ClientRun[] = []
  const failures: string[] = []
  let version = 'unknown'
  try {
    version = await chromiumVersion()
    for (let rep = 0; rep < repeats; rep++) {
      // Alternating order, so a burst of load from elsewhere does not always hit the same side.
      const order: Side[] = rep % 2 === 0 ? [...SIDES] : [...SIDES].reverse()
      for (const side of order) {
        progress(`client bench run ${rep + 1}/${repeats}: ${side}`)
        try {
          const run = side === 'ours'
            ? await runOurs(board, clientCopy, rep, progress)
            : await runBare(side, board, side === 'bare' ? records : cardsOnly, bare, rep, progress)
          runs.push(run)
          const m = run.metrics
          progress(`  ${side}: long tasks ${m.longTaskCount} (${m.longTaskTotalMs.toFixed(0)} ms), frames over 50 ms ${m.framesOver50}, ` +
            `${m.fps.toFixed(1)} frames/s, main thread ${m.taskMs.toFixed(0)} ms; updates delivered: ${run.delivered ? 'yes' : 'NO'}`)
        } catch (err) {
          const message = `client bench ${side}, run ${rep + 1}: ${err instanceof Error ? err.message : String(err)}`
          failures.push(message)
          progress(`  failed: ${message}`)
        }
      }
    }
  } finally {
    await bare.close()
    removeDir(bareDir)
    removeDir(clientCopy)
  }
  return {
    date,
    durationSeconds: (performance.now() - started) / 1000,
    repeats,
    runs,
    failures,
    scene: {
      cards: board.cards.length,
      arrows: board.arrows.length,
      bindings: board.bindings.length,
      decisions: board.decisions.length,
      participants: board.people.length + 2,
    },
    chromiumVersion: version,
    distBuiltAt: builtAt,
    source,
    loadAverage,
    loadAverageEnd: os.loadavg(),
  }
}
