/**
 * Sign-in in a real browser (issue 12): a professional signs in through the identity provider's
 * own login and consent pages (a real oidc-provider, tests/helpers/oidcProvider.ts), creates a
 * case without any admin key or facilitator link, finds it in "Mijn gesprekken" and opens it from
 * there (the list's own link, no token), runs a short meeting under her account's name, downloads
 * the record and reads the access log with those steps in it. A second browser without a session
 * cannot create a board nor act as facilitator, also after a sign-in refused for want of a second
 * factor (said in plain words). Signing out ends the session — here and at the provider, so the
 * next "Inloggen" asks for a login again: the list is gone, `/api/me` says nobody, and the board
 * still open in another tab shows "log opnieuw in".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page, Response } from 'playwright-core'
import { foreignRequests, openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, type ServerProcess } from '../helpers/serverProcess'
import { ANNA, BERT, PASSWORD_ONLY, startSignInServer } from '../helpers/signIn'
import type { TestOidcProvider } from '../helpers/oidcProvider'
import {
  addAction,
  addAgency,
  assertClientBuilt,
  clickCard,
  connectionState,
  DIST_DIR,
  eventually,
  joinBoard,
  setOwner,
  startMeeting,
} from '../helpers/boardFlow'
import type { AuditEntry, CaseSummary, MeResponse } from '../../shared/protocol'

fs.mkdirSync('test-results', { recursive: true })
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-signin-downloads-'))

async function download(page: Page, testId: string): Promise<{ file: string; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  const target = path.join(downloads, `${testId}-${file.suggestedFilename()}`)
  await file.saveAs(target)
  return { file: target, name: file.suggestedFilename() }
}

/** Our "Inloggen" → the provider's login form → its consent page → back on our site. */
async function signInThroughProvider(page: Page, provider: TestOidcProvider, login: string) {
  await page.getByTestId('sign-in').click()
  await page.waitForURL((url) => url.origin === provider.issuer)
  await page.locator('input[name=login]').fill(login)
  await page.locator('input[name=password]').fill('any password')
  await page.locator('button[type=submit]').click()
  // The consent page ("Continue"), on the provider too.
  await page.waitForURL((url) => url.origin === provider.issuer && !url.pathname.includes('/login'))
  await page.locator('button[type=submit]').click()
}

/** A fetch from the page itself: its cookies, its Origin. */
function fetchInPage(page: Page, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return page.evaluate(
    async ({ url, init }) => {
      const res = await fetch(url, init)
      return { status: res.status, body: (await res.text()) as string }
    },
    { url, init },
  )
}

async function meIn(page: Page): Promise<MeResponse> {
  return JSON.parse((await fetchInPage(page, '/api/me')).body) as MeResponse
}

async function closeMeeting(page: Page) {
  await page.keyboard.press('Escape')
  await page.getByTestId('open-close').click()
  // Choosing the date confirms it.
  await page.getByTestId('follow-up-date').fill('2027-01-12')
  await expect.poll(() => page.getByTestId('follow-up-confirmed').innerText()).toContain('12 januari 2027')
  await page.getByTestId('close-confirm').click()
  await page.getByTestId('closed-message').waitFor()
  await page.getByRole('button', { name: 'Terug naar het bord' }).click()
}

describe('signing in: my cases, a meeting by account, the access log, signing out', () => {
  let server: ServerProcess
  let provider: TestOidcProvider
  let anna: Participant
  let stranger: Participant
  let boardId = ''
  let participantUrl = ''
  /** Anna's second tab: the start page, while the board stays open in the first. */
  let startTab: Page
  /** Requests made by our own pages (the provider's login pages load what they like). */
  const fromOurPages = new Map<Participant, string[]>()

  beforeAll(async () => {
    assertClientBuilt()
    ;({ server, provider } = await startSignInServer({ accounts: [ANNA, BERT, PASSWORD_ONLY], server: { staticDir: DIST_DIR } }))
    ;[anna, stranger] = await Promise.all([
      openParticipant({ viewport: { width: 1440, height: 900 } }),
      openParticipant({ viewport: { width: 390, height: 844 } }),
    ])
    for (const participant of [anna, stranger]) {
      const urls: string[] = []
      fromOurPages.set(participant, urls)
      participant.context.on('request', (request) => {
        const frameUrl = request.frame().url()
        if (!frameUrl.startsWith(provider.issuer)) urls.push(request.url())
      })
    }
  })

  afterAll(async () => {
    await anna?.close()
    await stranger?.close()
    await server?.stop()
    await provider?.close()
    await cleanupServers()
    fs.rmSync(downloads, { recursive: true, force: true })
  })

  it('someone not signed in is offered "Inloggen", not "Nieuw gesprek"; the start page loads no tldraw', async () => {
    const page = anna.page
    const scripts: Promise<string>[] = []
    const onResponse = (response: Response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''))
    }
    page.on('response', onResponse)
    await page.goto(`${server.baseUrl}/`)
    await page.getByTestId('sign-in').waitFor()
    page.off('response', onResponse)
    // 'tl-container' is a class only tldraw's editor code writes (as tests/browser/phoneLoad.test.ts).
    expect(scripts.length).toBeGreaterThan(0)
    for (const body of await Promise.all(scripts)) expect(body.includes('tl-container')).toBe(false)
    expect(await page.getByRole('button', { name: 'Nieuw gesprek' }).count()).toBe(0)
    expect(await page.getByTestId('my-cases').count()).toBe(0)
    expect(await page.getByTestId('sign-in').getAttribute('href')).toBe('/auth/login?returnTo=%2F')
  })

  it('signs in through the provider’s own login and consent pages', async () => {
    const page = anna.page
    await signInThroughProvider(page, provider, 'anna')
    await page.waitForURL(`${server.baseUrl}/`)
    await expect.poll(() => page.getByTestId('account').innerText()).toContain('Ingelogd als Anna de Vries')
    expect(await meIn(page)).toMatchObject({ signedIn: true, name: 'Anna de Vries', organisation: 'Wijkteam Noord' })
    // The session cookie is the server's alone: scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('tafelbord_session')
  })

  it('creates a case without an admin key: no facilitator link, the board opens by account', async () => {
    const page = anna.page
    await page.getByRole('button', { name: 'Nieuw gesprek' }).click()
    participantUrl = await page.getByTestId('participant-link').inputValue()
    expect(participantUrl).toContain('#p=')
    expect(await page.getByTestId('resident-link').inputValue()).toContain('#r=')
    expect(await page.getByTestId('facilitator-link').count()).toBe(0)
    const open = await page.getByTestId('open-created').getAttribute('href')
    expect(open).toMatch(/^\/b\/[A-Za-z0-9_-]{22}$/)
    boardId = open!.slice('/b/'.length)
    await page.screenshot({ path: 'test-results/sign-in-created.png', fullPage: true })
  })

  it('finds the new case in "Mijn gesprekken" and opens it from there, without any link', async () => {
    const page = anna.page
    const item = page.locator(`[data-testid=case][data-case-id="${boardId}"]`)
    await item.waitFor()
    expect(await item.innerText()).toContain('Nog geen naam')
    // A new page load, as a person coming back later: the list's own `<a>` opens the board.
    await page.goto(`${server.baseUrl}/`)
    const link = page.locator(`[data-testid=case][data-case-id="${boardId}"] a`)
    expect(await link.getAttribute('href')).toBe(`/b/${boardId}`)
    await link.click()
    await page.waitForURL(`${server.baseUrl}/b/${boardId}`)
    // Her name and organisation come from her account: shown, not asked.
    const identity = page.getByTestId('account-identity')
    await identity.waitFor()
    expect(await identity.innerText()).toContain('Anna de Vries')
    expect(await identity.innerText()).toContain('Wijkteam Noord')
    expect(await page.getByLabel('Uw naam').count()).toBe(0)
    await page.screenshot({ path: 'test-results/sign-in-join-by-account.png' })
    await page.getByRole('button', { name: 'Naar het bord' }).click()
    await page.waitForSelector('.tl-canvas', { timeout: 30_000 })
    await eventually('the board is live', async () => (await connectionState(page)) === 'live')
    // No token was ever stored for this board: the session carries the right.
    expect(await page.evaluate((id) => localStorage.getItem(`tafelbord:board:${id}:token`), boardId)).toBeNull()
    // The facilitator's controls are hers.
    await page.getByTestId('open-close').waitFor()
    await page.getByTestId('toggle-lock').waitFor()
  })

  it('runs a short meeting; the people list shows her account’s name', async () => {
    const page = anna.page
    await startMeeting(page, 'Ansaj', ['financien', 'verblijf-nationaliteit'])
    await addAgency(page, 'verblijf-nationaliteit', { organisation: 'Kinderrechtswinkel', person: 'Mark' })
    const lawyer = await addAction(page, 'verblijf-nationaliteit', 'Advocaat voor de nationaliteit van de kinderen')
    await setOwner(page, lawyer, /Kinderrechtswinkel/, '2026-12-18', 'Mark')
    await clickCard(page, lawyer)
    await page.getByTestId('decision-words').fill('ja, graag, voor de kinderen')
    await page.getByTestId('decide-agreed').click()
    await expect.poll(() => page.getByTestId('decide-agreed').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => page.getByTestId('people').innerText()).toContain('Anna de Vries')
    await closeMeeting(page)
    await expect.poll(() => page.getByTestId('read-only-banner').count(), { timeout: 15_000 }).toBe(1)
    await page.screenshot({ path: 'test-results/sign-in-meeting-closed.png' })
  })

  it('the share dialog has no facilitator link; co-facilitators are added by e-mail, refusals said at the field', async () => {
    const page = anna.page
    await page.keyboard.press('Escape')
    await page.getByTestId('open-share').click()
    expect(await page.getByTestId('share-participant-link').inputValue()).toBe(participantUrl)
    expect(await page.getByTestId('copy-my-link').count()).toBe(0)
    const panel = page.getByTestId('facilitators')
    await expect.poll(() => panel.getByTestId('facilitator').count()).toBe(1)
    expect(await panel.getByTestId('facilitator').first().innerText()).toContain('Anna de Vries')
    // Not an address: said at the field, nothing sent.
    await page.getByTestId('facilitator-email').fill('bert.jansen')
    await page.getByTestId('add-facilitator').click()
    await expect.poll(() => page.getByTestId('facilitator-email-problem').innerText()).toContain('Dit is geen e-mailadres')
    await page.getByTestId('facilitator-email').fill(BERT.email!.toUpperCase())
    await page.getByTestId('add-facilitator').click()
    await expect.poll(() => panel.getByTestId('facilitator').count()).toBe(2)
    expect(await panel.locator(`[data-email="${BERT.email}"]`).innerText()).toContain('nog niet ingelogd')
    // The same address again: the server's refusal, in our words, at the field.
    await page.getByTestId('facilitator-email').fill(BERT.email!)
    await page.getByTestId('add-facilitator').click()
    await expect.poll(() => page.getByTestId('facilitator-email-problem').innerText()).toContain('al gespreksleider')
    // Under it, access by account: nobody opened this case with its participant link while signed in.
    const members = page.getByTestId('members')
    expect(await members.getByRole('heading').innerText()).toBe('Toegang met account')
    await expect.poll(() => members.getByTestId('members-empty').count()).toBe(1)
    await page.screenshot({ path: 'test-results/sign-in-share-facilitators.png' })
    // Bert leaves again; then Anna is the last one and cannot leave.
    await panel.locator(`[data-email="${BERT.email}"]`).getByTestId('remove-facilitator').click()
    await expect.poll(() => panel.getByTestId('facilitator').count()).toBe(1)
    await panel.getByTestId('remove-facilitator').click()
    await expect.poll(() => panel.getByTestId('remove-facilitator-problem').innerText()).toContain('minstens één gespreksleider')
    await page.getByRole('button', { name: 'Sluiten' }).click()
  })

  it('downloads the record', async () => {
    const page = anna.page
    await page.getByTestId('open-export').click()
    const { file, name } = await download(page, 'export-1-pdf')
    expect(name).not.toContain('Ansaj')
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('reads the access log: a readable table with the steps, and a CSV download', async () => {
    const page = anna.page
    await page.getByTestId('open-audit').click()
    const table = page.getByTestId('audit-table')
    await table.waitFor()
    const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')))
    for (const step of ['board.create', 'board.open', 'command.decide', 'command.close', 'export.download', 'command.addFacilitator', 'command.removeFacilitator']) {
      expect(actions).toContain(step)
    }
    const text = await table.innerText()
    expect(text).toContain('Tijd')
    expect(text).toContain('Anna de Vries')
    expect(text).toContain('Verslag gedownload')
    expect(text).toContain('Gesprek afronden')
    // The last facilitator's refused removal, with its reason in words.
    expect(text).toContain('Geweigerd')
    // Never an e-mail address of others, nor a token, in the log.
    expect(text).not.toContain(participantUrl.split('#p=')[1])
    await page.screenshot({ path: 'test-results/sign-in-audit.png' })
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.screenshot({ path: 'test-results/sign-in-audit-1920.png' })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: 'test-results/sign-in-audit-390.png' })
    await page.setViewportSize({ width: 1440, height: 900 })
    const { file, name } = await download(page, 'audit-csv')
    expect(name).toMatch(/\.csv$/)
    const csv = fs.readFileSync(file, 'utf8')
    expect(csv.split(/\r?\n/)[0].toLowerCase()).toContain('action')
    expect(csv).toContain('export.download')
    expect(csv).toContain('command.close')
    // The JSON the table was made of agrees.
    const json = JSON.parse((await fetchInPage(page, `/api/boards/${boardId}/audit`)).body) as { entries: AuditEntry[] }
    expect(json.entries.some((e) => e.action === 'board.create' && e.result === 'ok' && e.actor.name === 'Anna de Vries')).toBe(true)
    // Closing the log goes back to "Verslag en dossier"; that closes too.
    await page.getByTestId('audit-dialog').getByRole('button', { name: 'Sluiten' }).click()
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Sluiten' }).click()
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' })
  })

  it('"Mijn gesprekken" shows the case: her name, its state, the next meeting, open agreements; the search narrows it', async () => {
    // The board stays open in its tab; the start page opens in another.
    startTab = await anna.context.newPage()
    const start = startTab
    await start.goto(`${server.baseUrl}/`)
    const item = start.locator(`[data-testid=case][data-case-id="${boardId}"]`)
    await item.waitFor()
    const text = await item.innerText()
    expect(text).toContain('Ansaj')
    expect(text).toContain('Afgerond')
    expect(text).toContain('Eerste gesprek')
    expect(text).toContain('12 januari 2027')
    expect(text).toContain('1 open afspraak')
    const cases = JSON.parse((await fetchInPage(start, '/api/cases')).body) as { cases: CaseSummary[] }
    expect(cases.cases.find((c) => c.id === boardId)).toMatchObject({ residentName: 'Ansaj', state: 'closed', openAgreedActions: 1 })
    await start.getByTestId('cases-search').fill('ansa')
    expect(await start.getByTestId('case').count()).toBe(1)
    await start.getByTestId('cases-search').fill('niemand')
    expect(await start.getByTestId('case').count()).toBe(0)
    await start.getByTestId('cases-search').fill('')
    for (const [width, height] of [[1920, 1080], [390, 844]]) {
      await start.setViewportSize({ width, height })
      await start.screenshot({ path: `test-results/sign-in-my-cases-${width}.png`, fullPage: true })
    }
    await start.setViewportSize({ width: 1440, height: 900 })
  })

  it('a colleague added by e-mail signs in and finds the case among his own, and leads it by his account', async () => {
    await anna.page.getByTestId('open-share').click()
    await anna.page.getByTestId('facilitator-email').fill(BERT.email!)
    await anna.page.getByTestId('add-facilitator').click()
    await expect.poll(() => anna.page.getByTestId('facilitators').getByTestId('facilitator').count()).toBe(2)
    await anna.page.getByRole('button', { name: 'Sluiten' }).click()
    const bert = await openParticipant({ viewport: { width: 1280, height: 800 } })
    try {
      await bert.page.goto(`${server.baseUrl}/`)
      await signInThroughProvider(bert.page, provider, BERT.login)
      const item = bert.page.locator(`[data-testid=case][data-case-id="${boardId}"]`)
      await item.waitFor()
      expect(await item.innerText()).toContain('U leidt dit gesprek')
      await item.locator('a').click()
      expect(await bert.page.getByTestId('account-identity').innerText()).toContain('GGZ Oost')
      await bert.page.getByRole('button', { name: 'Naar het bord' }).click()
      await bert.page.waitForSelector('.tl-canvas', { timeout: 30_000 })
      await bert.page.getByTestId('open-export').waitFor()
      await expect.poll(() => anna.page.getByTestId('people').innerText()).toContain('Bert Jansen')
      // Bound at his first sign-in: Anna's list now names him.
      await anna.page.getByTestId('open-share').click()
      await expect.poll(() => anna.page.locator(`[data-email="${BERT.email}"]`).innerText()).toContain('Bert Jansen')
      await anna.page.getByRole('button', { name: 'Sluiten' }).click()
    } finally {
      await bert.close()
    }
  })

  it('a sign-in without the second factor is refused, and the start page says why in plain words', async () => {
    const page = stranger.page
    await page.goto(`${server.baseUrl}/`)
    await signInThroughProvider(page, provider, PASSWORD_ONLY.login)
    await page.waitForURL((url) => url.origin === server.baseUrl && url.pathname === '/')
    await expect.poll(() => page.getByTestId('sign-in-error').innerText()).toContain('tweede stap')
    // Said once: the address no longer carries it.
    expect(new URL(page.url()).search).toBe('')
    expect((await meIn(page)).signedIn).toBe(false)
    await page.screenshot({ path: 'test-results/sign-in-refused-phone.png', fullPage: true })
  })

  it('a browser without a session cannot create a board, open a case, or act as facilitator', async () => {
    const page = stranger.page
    await page.goto(`${server.baseUrl}/`)
    await page.getByTestId('sign-in').waitFor()
    expect(await page.getByRole('button', { name: 'Nieuw gesprek' }).count()).toBe(0)
    await page.screenshot({ path: 'test-results/sign-in-start-phone.png', fullPage: true })
    const create = await fetchInPage(page, '/api/boards', { method: 'POST' })
    expect(create.status).toBe(401)
    expect(JSON.parse(create.body).reason).toBe('signInRequired')
    expect(JSON.parse((await fetchInPage(page, '/api/cases')).body).reason).toBe('signInRequired')
    // Her case's address alone opens nothing.
    await page.goto(`${server.baseUrl}/b/${boardId}`)
    await page.getByTestId('needs-sign-in').waitFor()
    expect((await fetchInPage(page, `/api/boards/${boardId}`)).status).toBe(401)
    expect((await fetchInPage(page, `/api/boards/${boardId}/audit`)).status).toBe(401)
    // With the participant link (on a laptop: a phone-wide window keeps the canvas hidden): a
    // participant, no facilitator's controls, and the server refuses them.
    await page.setViewportSize({ width: 1280, height: 800 })
    await joinBoard(page, participantUrl, 'Mark', 'professional', { organisation: 'Kinderrechtswinkel' })
    expect(await page.getByTestId('toggle-lock').count()).toBe(0)
    const token = await page.evaluate((id) => JSON.parse(localStorage.getItem(`tafelbord:board:${id}:token`)!).token as string, boardId)
    const auth = { Authorization: `Bearer ${token}` }
    expect((await fetchInPage(page, `/api/boards/${boardId}/audit`, { headers: auth })).status).toBe(403)
    expect((await fetchInPage(page, `/api/boards/${boardId}/facilitators`, { headers: auth })).status).toBe(403)
    expect((await fetchInPage(page, `/api/boards/${boardId}/follow-up`, { method: 'POST', headers: auth })).status).toBe(403)
  })

  it('signing out ends the session: the list is gone, /api/me says nobody, the open board asks to sign in again', async () => {
    const page = startTab
    await page.getByTestId('sign-out').click()
    // Out at the provider too (its end-session endpoint): its own page asks to confirm, then it
    // sends the browser back to our start page (the post-logout redirect URI PUBLIC_URL + '/').
    await page.waitForURL((url) => url.origin === provider.issuer, { waitUntil: 'domcontentloaded' })
    await page.getByRole('button', { name: 'Yes, sign me out' }).click()
    await page.waitForURL(`${server.baseUrl}/`, { waitUntil: 'domcontentloaded' })
    await page.getByTestId('sign-in').waitFor()
    expect(await page.getByTestId('my-cases').count()).toBe(0)
    expect(await meIn(page)).toEqual({ signedIn: false, name: '', email: '', organisation: '' })
    await page.reload()
    await page.getByTestId('sign-in').waitFor()
    expect(await page.getByTestId('my-cases').count()).toBe(0)
    // The board in the other tab relied on the session: its connection is closed with 4440.
    const tab = anna.page
    await tab.getByTestId('session-ended').waitFor({ timeout: 45_000 })
    expect(await tab.getByRole('heading', { level: 1 }).innerText()).toBe('Uw sessie is afgelopen — log opnieuw in')
    expect(await tab.getByTestId('sign-in-again').getAttribute('href')).toBe(`/auth/login?returnTo=${encodeURIComponent(`/b/${boardId}`)}`)
    await tab.screenshot({ path: 'test-results/sign-in-session-ended.png' })
  })

  it('after signing out, the next "Inloggen" on this laptop asks who is there (no single sign-on of the last person)', async () => {
    const page = startTab
    await page.goto(`${server.baseUrl}/`)
    await page.getByTestId('sign-in').click()
    await page.waitForURL((url) => url.origin === provider.issuer, { waitUntil: 'domcontentloaded' })
    await page.locator('input[name=login]').waitFor()
    expect(await meIn(anna.page)).toEqual({ signedIn: false, name: '', email: '', organisation: '' })
  })

  it('no page contacted a host other than our own server and the identity provider', () => {
    for (const participant of [anna, stranger]) {
      const foreign = foreignRequests(fromOurPages.get(participant)!, server.baseUrl).filter((url) => new URL(url).origin !== provider.issuer)
      expect(foreign).toEqual([])
    }
  })
})
