/**
 * Her phone on a first visit (issue 10): the resident link opened in Chromium emulating a slow-4G
 * phone (1.6 Mbps down, 750 kbps up, 150 ms round trip, CPU slowed 4×, 390×844), fresh profile.
 * Measured: the JavaScript and CSS transferred (bytes on the wire, as served: compressed when the
 * server compresses) before her view opens its websocket, and when the page first showed content
 * (first contentful paint) and her own view (after she typed her name).
 *
 * Beside it, without throttling: the JavaScript the board page loads, gzip-compressed here, against
 * the bare tldraw page's (bench/bare-tldraw), so the board's own weight is compared with tldraw's.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import type { CreateBoardResponse } from '../shared/protocol'
import { startServer, type ServerProcess } from '../tests/helpers/serverProcess'
import { buildBareTldraw, serveBareTldraw } from './bareTldraw'
import { CLIENT_BENCH, clientDistDir } from './clientBench'
import { median } from './stats'

/** A class name that only tldraw's editor component (TldrawEditor) writes into the page. */
const EDITOR_MARKER = 'tl-container'

export const SLOW_4G = {
  downloadBitsPerSecond: 1.6e6,
  uploadBitsPerSecond: 750e3,
  latencyMs: 150,
  cpuSlowdown: 4,
  viewport: { width: 390, height: 844 },
} as const

export interface PhoneRun {
  /** JS + CSS bytes on the wire before her view's websocket opened. */
  scriptAndStyleBytes: number
  /** Every byte on the wire before the websocket opened (documents, fonts, images too). */
  allBytes: number
  /** First contentful paint of the resident link, ms after navigation start. */
  firstContentMs: number
  /** From navigation start until her own view (her actions) was on screen, ms (her typing not counted). */
  herViewMs: number
  /** Requests for the tldraw editor's code before the websocket opened (file names). */
  editorChunks: string[]
  foreignRequests: string[]
}

export interface BoardWeight {
  /** The board page's JavaScript, each file gzip-compressed (level 9) and summed, bytes. */
  oursGzip: number
  bareGzip: number
}

export interface PhoneBenchResults {
  date: string
  durationMs: number
  repeats: number
  runs: PhoneRun[]
  weight: BoardWeight
}

type Progress = (text: string) => void

async function openPhone(mobile: boolean): Promise<{ context: BrowserContext; page: Page; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-bench-phone-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CLIENT_BENCH.chromiumPath,
    headless: true,
    args: [...CLIENT_BENCH.chromiumArgs],
    viewport: mobile ? SLOW_4G.viewport : CLIENT_BENCH.viewport,
    deviceScaleFactor: mobile ? 3 : 1,
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'nl-NL',
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return { context, page, dir }
}

async function closePhone(phone: { context: BrowserContext; dir: string }): Promise<void> {
  await phone.context.close().catch(() => {})
  fs.rmSync(phone.dir, { recursive: true, force: true })
}

/** Watches the network through the DevTools protocol: bytes per finished response, and the first websocket. */
async function watchNetwork(cdp: CDPSession) {
  const types = new Map<string, string>()
  let scriptAndStyle = 0
  let all = 0
  let websocketOpened = false
  const before = { scriptAndStyle: 0, all: 0 }
  cdp.on('Network.responseReceived', (e) => {
    types.set(e.requestId, e.type)
  })
  cdp.on('Network.loadingFinished', (e) => {
    if (websocketOpened) return
    const type = types.get(e.requestId)
    all += e.encodedDataLength
    if (type === 'Script' || type === 'Stylesheet') scriptAndStyle += e.encodedDataLength
  })
  cdp.on('Network.webSocketCreated', () => {
    if (websocketOpened) return
    websocketOpened = true
    before.scriptAndStyle = scriptAndStyle
    before.all = all
  })
  await cdp.send('Network.enable')
  return {
    websocketOpened: () => websocketOpened,
    before,
  }
}

async function createBoard(server: ServerProcess): Promise<CreateBoardResponse> {
  const res = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
  if (res.status !== 201) throw new Error(`POST /api/boards answered ${res.status}`)
  return (await res.json()) as CreateBoardResponse
}

async function onePhoneRun(server: ServerProcess): Promise<PhoneRun> {
  const created = await createBoard(server)
  const phone = await openPhone(true)
  try {
    const { page } = phone
    const requests: string[] = []
    phone.context.on('request', (r) => requests.push(r.url()))
    // The tldraw editor's code, recognised by a class name only its editor component writes.
    const editorScripts: Promise<string | null>[] = []
    let websocketSeen = false
    page.on('websocket', () => {
      websocketSeen = true
    })
    page.on('response', (response) => {
      if (websocketSeen || response.request().resourceType() !== 'script') return
      editorScripts.push(response.text().then((text) => (text.includes(EDITOR_MARKER) ? response.url() : null), () => null))
    })
    const cdp = await phone.context.newCDPSession(page)
    const network = await watchNetwork(cdp)
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: SLOW_4G.latencyMs,
      downloadThroughput: SLOW_4G.downloadBitsPerSecond / 8,
      uploadThroughput: SLOW_4G.uploadBitsPerSecond / 8,
    })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_4G.cpuSlowdown })
    await page.goto(created.residentUrl, { waitUntil: 'commit', timeout: 120_000 })
    const name = page.getByLabel('Uw naam')
    await name.waitFor({ timeout: 120_000 })
    const joinShownMs = await page.evaluate(() => performance.now())
    await name.fill('Ansaj')
    const typedMs = await page.evaluate(() => performance.now())
    await name.press('Enter')
    await page.getByTestId('resident-view').waitFor({ timeout: 120_000 })
    const herViewMs = (await page.evaluate(() => performance.now())) - (typedMs - joinShownMs)
    const firstContentMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN)
    if (!network.websocketOpened()) throw new Error('her view opened no websocket')
    return {
      scriptAndStyleBytes: network.before.scriptAndStyle,
      allBytes: network.before.all,
      firstContentMs,
      herViewMs,
      editorChunks: (await Promise.all(editorScripts)).filter((u): u is string => u !== null),
      foreignRequests: [...new Set(requests.filter((u) => u.startsWith('http') && new URL(u).hostname !== '127.0.0.1'))],
    }
  } finally {
    await closePhone(phone)
  }
}

/** Every JavaScript file a page loads (as it arrives, decoded), gzip-compressed here and summed. */
async function gzipOfPageScripts(url: string, ready: (page: Page) => Promise<void>): Promise<number> {
  const browser = await openPhone(false)
  try {
    const bodies = new Map<string, Promise<Buffer>>()
    browser.page.on('response', (response) => {
      if (response.request().resourceType() === 'script' && !bodies.has(response.url())) bodies.set(response.url(), response.body())
    })
    await browser.page.goto(url)
    await ready(browser.page)
    let total = 0
    for (const body of bodies.values()) total += zlib.gzipSync(await body, { level: 9 }).length
    return total
  } finally {
    await closePhone(browser)
  }
}

export async function runPhoneBench(repeats: number, progress: Progress): Promise<PhoneBenchResults> {
  const started = Date.now()
  const server = await startServer({ staticDir: clientDistDir() })
  const runs: PhoneRun[] = []
  let weight: BoardWeight
  try {
    for (let rep = 0; rep < repeats; rep++) {
      const run = await onePhoneRun(server)
      progress(`  phone run ${rep + 1}: ${(run.scriptAndStyleBytes / 1024).toFixed(0)} KB JS+CSS, first content ${(run.firstContentMs / 1000).toFixed(1)} s, her view ${(run.herViewMs / 1000).toFixed(1)} s`)
      runs.push(run)
    }
    const created = await createBoard(server)
    const oursGzip = await gzipOfPageScripts(created.facilitatorUrl, async (page) => {
      await page.getByLabel('Uw naam').fill('Marieke')
      await page.getByLabel('Uw naam').press('Enter')
      await page.locator('.tl-canvas').waitFor({ timeout: 60_000 })
    })
    const bareDir = await buildBareTldraw()
    const bare = await serveBareTldraw(bareDir)
    try {
      const pageReady = bare.nextPage([])
      const bareGzip = await gzipOfPageScripts(bare.url, async () => {
        await pageReady
      })
      weight = { oursGzip, bareGzip }
    } finally {
      await bare.close()
      fs.rmSync(bareDir, { recursive: true, force: true })
    }
  } finally {
    await server.stop()
  }
  return { date: new Date(started).toISOString(), durationMs: Date.now() - started, repeats, runs, weight }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`

export function renderPhoneMarkdown(results: PhoneBenchResults): string {
  const m = (pick: (r: PhoneRun) => number) => median(results.runs.map(pick))
  const js = m((r) => r.scriptAndStyleBytes)
  const fcp = m((r) => r.firstContentMs)
  const ratio = results.weight.oursGzip / results.weight.bareGzip
  const chunks = [...new Set(results.runs.flatMap((r) => r.editorChunks))]
  const foreign = [...new Set(results.runs.flatMap((r) => r.foreignRequests))]
  const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**')
  return [
    PHONE_SECTION_START,
    '## Her phone: the resident link on a slow-4G phone, first visit',
    '',
    `_Written by \`npm run bench\` and by \`npm run bench -- --only phone\`; ${results.date}, ${results.repeats} runs, ${(results.durationMs / 1000).toFixed(0)} s._`,
    '',
    `Chromium at 390×844 (mobile), ${SLOW_4G.downloadBitsPerSecond / 1e6} Mbps down, ${SLOW_4G.uploadBitsPerSecond / 1e3} kbps up, ${SLOW_4G.latencyMs} ms round trip, CPU slowed ${SLOW_4G.cpuSlowdown}×, fresh profile (nothing cached).`,
    '',
    '| metric (median, min–max) | measured |',
    '|---|---:|',
    `| JS + CSS on the wire before her websocket opens | ${kb(js)} (${kb(Math.min(...results.runs.map((r) => r.scriptAndStyleBytes)))}–${kb(Math.max(...results.runs.map((r) => r.scriptAndStyleBytes)))}) |`,
    `| everything on the wire before it | ${kb(m((r) => r.allBytes))} |`,
    `| first content (FCP) | ${(fcp / 1000).toFixed(2)} s |`,
    `| her own view on screen (her typing not counted) | ${(m((r) => r.herViewMs) / 1000).toFixed(2)} s |`,
    `| the board page's JavaScript, gzip: ours / bare tldraw | ${kb(results.weight.oursGzip)} / ${kb(results.weight.bareGzip)} = ${ratio.toFixed(2)}x |`,
    '',
    '| target (issue 10) | measured | result |',
    '|---|---|---|',
    `| her view ≤ 150 KB gzip JS+CSS before the websocket opens | ${kb(js)} | ${verdict(js <= 150 * 1024)} |`,
    `| first content ≤ 3 s on slow 4G | ${(fcp / 1000).toFixed(2)} s | ${verdict(fcp <= 3000)} |`,
    `| the board's JS ≤ 1.1× bare tldraw's gzip size | ${ratio.toFixed(2)}x | ${verdict(ratio <= 1.1)} |`,
    `| no tldraw editor code on her phone before the websocket | ${chunks.length === 0 ? 'none' : chunks.map((c) => path.basename(new URL(c).pathname)).join(', ')} | ${verdict(chunks.length === 0)} |`,
    `| no request to anything but 127.0.0.1 | ${foreign.length === 0 ? 'none' : foreign.join(', ')} | ${verdict(foreign.length === 0)} |`,
    '',
    PHONE_SECTION_END,
  ].join('\n')
}

export const PHONE_SECTION_START = '<!-- phone-bench:start -->'
export const PHONE_SECTION_END = '<!-- phone-bench:end -->'
