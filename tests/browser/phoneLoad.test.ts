/**
 * Her phone loads lean (issue 10): the resident link, opened on a 390×844 phone, never downloads
 * the tldraw editor — not on the join screen, not after she joined, not while the meeting goes
 * on — and what it downloads comes compressed (brotli) and decodes to the very files of the build.
 * The editor's code is recognised by its content ('tl-container', the class only tldraw's editor
 * writes), so no file name or chunk layout is assumed. The board itself still loads the canvas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import type { Response } from 'playwright-core'
import { foreignRequests, openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { addAction, assertClientBuilt, connectionState, createMeeting, DIST_DIR, eventually, joinBoard, startMeeting } from '../helpers/boardFlow'

const PHONE = { width: 390, height: 844 }
/** A class name that only tldraw's editor (its code and its CSS) contains. */
const EDITOR_MARKER = 'tl-container'

interface Loaded {
  url: string
  type: string
  status: number
  encoding: string | undefined
  vary: string | undefined
  /** The body as the page got it, decoded by the browser. */
  body: Promise<string>
}

/** Every script and stylesheet a page received, with the encoding it came in. */
function recordScriptsAndStyles(participant: Participant): Loaded[] {
  const loaded: Loaded[] = []
  participant.page.on('response', (response: Response) => {
    const type = response.request().resourceType()
    if (type !== 'script' && type !== 'stylesheet') return
    const headers = response.headers()
    loaded.push({
      url: response.url(),
      type,
      status: response.status(),
      encoding: headers['content-encoding'],
      vary: headers.vary,
      body: response.text().catch(() => ''),
    })
  })
  return loaded
}

async function editorFiles(loaded: Loaded[]): Promise<string[]> {
  const found: string[] = []
  for (const file of loaded) if ((await file.body).includes(EDITOR_MARKER)) found.push(path.basename(new URL(file.url).pathname))
  return found
}

describe('her phone loads lean', () => {
  let server: ServerProcess
  let facilitator: Participant
  let phone: Participant
  let phoneFiles: Loaded[]
  let boardFiles: Loaded[]
  let links: Awaited<ReturnType<typeof createMeeting>>

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[facilitator, phone] = await Promise.all([openParticipant({ viewport: { width: 1440, height: 900 } }), openParticipant({ viewport: PHONE })])
    boardFiles = recordScriptsAndStyles(facilitator)
    phoneFiles = recordScriptsAndStyles(phone)
    links = await createMeeting(facilitator.page, server.baseUrl)
    expect(links.residentUrl).toBeTruthy()
  })

  afterAll(async () => {
    await facilitator?.close()
    await phone?.close()
    await cleanupServers()
  })

  it('the start page loads no tldraw editor either', async () => {
    // What the facilitator's browser loaded so far is the start page alone.
    expect(boardFiles.length).toBeGreaterThan(0)
    expect(await editorFiles(boardFiles)).toEqual([])
  })

  it('the board loads the canvas (tldraw and its CSS) when the facilitator joins', async () => {
    await joinBoard(facilitator.page, links.facilitatorUrl, 'Fatima', 'gespreksleider', { organisation: 'Gemeente' })
    await startMeeting(facilitator.page, 'Ansaj', ['financien'])
    const editor = await editorFiles(boardFiles)
    expect(editor.some((name) => name.endsWith('.js'))).toBe(true)
    expect(editor.some((name) => name.endsWith('.css'))).toBe(true)
  })

  it('her join screen loads no tldraw editor', async () => {
    await phone.page.goto(links.residentUrl)
    await phone.page.getByLabel('Uw naam').waitFor()
    // Everything the join screen asked for has arrived (the connection part is prefetched).
    await phone.page.waitForLoadState('networkidle')
    expect(phoneFiles.length).toBeGreaterThan(0)
    expect(await editorFiles(phoneFiles)).toEqual([])
  })

  it('her own view, live, loads no tldraw editor, also while the meeting goes on', async () => {
    await phone.page.getByLabel('Uw naam').fill('Ansaj')
    await phone.page.getByRole('button', { name: 'Naar mijn afspraken' }).click()
    await phone.page.getByTestId('resident-view').waitFor()
    await eventually('her phone is live', async () => (await connectionState(phone.page)) === 'live')
    // The board goes on: she sees a new action, drawn from the documents without any canvas.
    await addAction(facilitator.page, 'financien', 'Budgetcoach aan huis')
    await expect.poll(() => phone.page.getByTestId('resident-view').innerText(), { timeout: 20_000 }).toContain('Budgetcoach aan huis')
    await phone.page.waitForLoadState('networkidle')
    expect(await editorFiles(phoneFiles)).toEqual([])
    expect(await phone.page.locator('.tl-container, .tl-canvas').count()).toBe(0)
    // Her people list entry still reaches the board: the facilitator sees her.
    await expect.poll(() => facilitator.page.getByTestId('people').innerText(), { timeout: 20_000 }).toContain('Ansaj')
    expect(foreignRequests(phone.requests, server.baseUrl)).toEqual([])
  })

  it('her browser keeps only the token of her link; an entry written before (with linkAccess) still opens the board', async () => {
    const boardId = new URL(links.residentUrl).pathname.split('/').pop()!
    const stored = await phone.page.evaluate((id) => localStorage.getItem(`tafelbord:board:${id}:token`), boardId)
    const token = new URLSearchParams(new URL(links.residentUrl).hash.slice(1)).values().next().value
    expect(JSON.parse(stored!)).toEqual({ token })
    const old = await openParticipant({ viewport: PHONE })
    try {
      await old.page.goto(`${server.baseUrl}/`)
      await old.page.evaluate(([id, value]) => localStorage.setItem(`tafelbord:board:${id}:token`, value), [boardId, JSON.stringify({ token, linkAccess: 'resident' })])
      await old.page.goto(`${server.baseUrl}/b/${boardId}`)
      // Her join screen: only her name is asked, so the server knew the stored token as hers.
      await old.page.getByRole('button', { name: 'Naar mijn afspraken' }).waitFor()
    } finally {
      await old.close()
    }
  })

  it('her phone got every script and stylesheet brotli-compressed, decoded to the files of the build', async () => {
    expect(phoneFiles.some((f) => f.type === 'script')).toBe(true)
    expect(phoneFiles.some((f) => f.type === 'stylesheet')).toBe(true)
    for (const file of phoneFiles) {
      const name = new URL(file.url).pathname
      expect(file.status, name).toBe(200)
      expect(file.encoding, name).toBe('br')
      expect(file.vary, name).toBe('Accept-Encoding')
      // What the browser decoded is byte for byte the file the build wrote.
      expect(await file.body, name).toBe(fs.readFileSync(path.join(DIST_DIR, name), 'utf8'))
    }
    // The page itself came compressed too, and is asked for again on every visit.
    const page = await fetch(links.residentUrl.split('#')[0], { headers: { 'Accept-Encoding': 'br' } })
    expect(page.headers.get('content-encoding')).toBe('br')
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(await page.text()).toBe(fs.readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8'))
  })
})
