/**
 * Debian's Chromium driven by playwright-core: headless, no sandbox (root in CI), no background
 * networking, a fresh user-data dir per participant. No test tool downloads its own browser.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

export interface Participant {
  context: BrowserContext
  page: Page
  /** Every URL the page requested, to prove no third-party host is contacted. */
  requests: string[]
  close(): Promise<void>
}

export async function openParticipant(options: { viewport?: { width: number; height: number } } = {}): Promise<Participant> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'tafelbord-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'nl-NL',
  })
  const requests: string[] = []
  context.on('request', (request) => requests.push(request.url()))
  context.on('weberror', (error) => requests.push(`pageerror:${error.error().message}`))
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('websocket', (ws) => requests.push(ws.url()))
  return {
    context,
    page,
    requests,
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Hosts other than our own server that the page contacted (data:, blob: and about: are local). */
export function foreignRequests(requests: string[], ownOrigin: string): string[] {
  const own = new URL(ownOrigin).host
  return requests.filter((url) => {
    if (url.startsWith('pageerror:')) return false
    const parsed = new URL(url)
    if (['data:', 'blob:', 'about:', 'chrome-extension:'].includes(parsed.protocol)) return false
    return parsed.host !== own
  })
}
