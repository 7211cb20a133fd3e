/**
 * What is downloaded when first used (issue 10) says so while it comes, and says in Dutch when it
 * could not come, with a way to try again that needs no reload: a dialog of the meeting bar, a
 * card's form, and English (first: the card forms bring English along, for the agency height).
 * The download is made to fail by refusing its file for a while; to hang, by holding it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page, Route } from 'playwright-core'
import { openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import type { Editor } from 'tldraw'
import { assertClientBuilt, cardIds, createMeeting, DIST_DIR, joinBoard, startMeeting } from '../helpers/boardFlow'
import { SLOW_AFTER_MS } from '../../client/ui/LoadingStatus'

/**
 * Refuses every download of a chunk (by its name, e.g. "ShareDialog"; its preload too) until the
 * returned function is called: the network is back.
 */
async function refuse(page: Page, chunk: string): Promise<() => void> {
  let refusing = true
  await page.route(new RegExp(`/assets/${chunk}-[\\w-]+\\.js$`), (route: Route) => (refusing ? route.abort() : route.continue()))
  return () => {
    refusing = false
  }
}

describe('parts downloaded when first used', () => {
  let server: ServerProcess
  let facilitator: Participant

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    facilitator = await openParticipant({ viewport: { width: 1440, height: 900 } })
    const links = await createMeeting(facilitator.page, server.baseUrl)
    await joinBoard(facilitator.page, links.facilitatorUrl, 'Marieke')
    await startMeeting(facilitator.page, 'Ansaj', ['financien'])
  })

  afterAll(async () => {
    await facilitator?.close()
    await cleanupServers()
  })

  it('a dialog that cannot be downloaded says so in Dutch; "Opnieuw proberen" brings it', async () => {
    const page = facilitator.page
    const networkBack = await refuse(page, 'ShareDialog')
    await page.getByTestId('open-share').click()
    const failed = page.getByTestId('piece-failed')
    await failed.waitFor()
    expect(await failed.innerText()).toContain('Dit onderdeel kon niet worden geladen.')
    // For browsers that keep a failed download failed until the page is loaded again.
    expect(await failed.getByRole('button', { name: 'Pagina herladen' }).count()).toBe(1)
    networkBack()
    await page.getByRole('button', { name: 'Opnieuw proberen' }).click()
    await page.getByTestId('share-participant-link').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('share-participant-link').waitFor({ state: 'detached' })
  })

  it('English that cannot be downloaded leaves the page in Dutch and says so beside the switch', async () => {
    const page = facilitator.page
    const networkBack = await refuse(page, 'en')
    await page.getByRole('button', { name: 'English' }).click()
    const alert = page.locator('.language-switch__error')
    await alert.waitFor()
    expect(await alert.innerText()).toBe('Engels kon niet worden geladen. Controleer de verbinding en probeer het opnieuw.')
    expect(await page.getByTestId('open-share').innerText()).toBe('Delen')
    // The switch itself tries again.
    networkBack()
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.getByTestId('open-share').innerText()).toBe('Share')
    expect(await alert.count()).toBe(0)
    await page.getByRole('button', { name: 'Nederlands' }).click()
    await expect.poll(() => page.getByTestId('open-share').innerText()).toBe('Delen')
  })

  it("a card's form that cannot be downloaded says so beside the board, which stays usable", async () => {
    const page = facilitator.page
    const networkBack = await refuse(page, 'CardForm')
    // Selected as a click would (the helper clickCard waits for the form, which is not coming).
    const [domain] = await cardIds(page, 'life-domain')
    await page.evaluate((id) => {
      ;(window as unknown as { tafelbordEditor: Editor }).tafelbordEditor.select(id as never)
    }, domain!)
    await page.getByTestId('piece-failed').waitFor()
    networkBack()
    await page.getByRole('button', { name: 'Opnieuw proberen' }).click()
    await page.getByTestId('card-form-life-domain').waitFor()
  })

  it('a download that hangs says after a while that it takes long, and offers to reload', async () => {
    const page = facilitator.page
    // Held, not answered: as on a phone between two cells.
    const held: Route[] = []
    await page.route(/\/assets\/ExportDialog-[\w-]+\.js$/, (route: Route) => void held.push(route))
    const openedAt = Date.now()
    await page.getByTestId('open-export').click()
    const waiting = page.getByTestId('piece-loading')
    await waiting.waitFor()
    expect(await waiting.innerText()).toBe('Bezig met laden…')
    const slow = page.getByTestId('loading-slow')
    await slow.waitFor({ timeout: SLOW_AFTER_MS + 10_000 })
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(SLOW_AFTER_MS)
    expect(await slow.innerText()).toContain('Dit duurt langer dan normaal. Controleer de verbinding, of laad de pagina opnieuw.')
    expect(await slow.getByRole('button', { name: 'Pagina herladen' }).count()).toBe(1)
    // The download arrives after all: the dialog comes, the notice goes.
    await page.unroute(/\/assets\/ExportDialog-[\w-]+\.js$/)
    for (const route of held) await route.continue()
    await page.getByTestId('export-dialog').waitFor()
    expect(await slow.count()).toBe(0)
    await page.keyboard.press('Escape')
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' })
  }, SLOW_AFTER_MS + 40_000)
})
