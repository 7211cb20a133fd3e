/**
 * Issue 8, the screen at the table: people who join before the start see what is about to
 * happen; "Presenteren" shows the board without tldraw's editing UI, in large type, fitted; a
 * presenting screen moves only when the presenting facilitator moves her view, never for someone
 * else's new card; Esc leaves; a reload comes back fitted; "Alles tonen" is one click and one key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { assertClientBuilt, cardIds, createMeeting, DIST_DIR, eventually, inEditor, joinBoard, startMeeting } from '../helpers/boardFlow'

const TLDRAW_EDITING_UI = '.tlui-toolbar, .tlui-style-panel, .tlui-page-menu__trigger, .tlui-menu-zone, .tlui-navigation-panel, .tlui-help-menu, .tlui-main-toolbar'

const camera = (page: Page) => inEditor(page, (e) => e.getCamera())
/** Whether every shape on the page is inside this screen's view. */
const everythingVisible = (page: Page) =>
  inEditor(page, (e) => {
    const all = e.getCurrentPageBounds()
    return all ? e.getViewportPageBounds().contains(all) : false
  })

describe('the screen at the table', () => {
  let server: ServerProcess
  let laptop: Participant
  let tv: Participant
  let volunteer: Participant

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[laptop, tv, volunteer] = await Promise.all([
      openParticipant({ viewport: { width: 1920, height: 1080 } }),
      openParticipant({ viewport: { width: 1920, height: 1080 } }),
      openParticipant({ viewport: { width: 1280, height: 800 } }),
    ])
    const links = await createMeeting(laptop.page, server.baseUrl)
    await joinBoard(tv.page, links.participantUrl, 'Scherm aan tafel', 'netwerk')
    await joinBoard(volunteer.page, links.participantUrl, 'Joost', 'vrijwilliger')
    await joinBoard(laptop.page, links.facilitatorUrl, 'Fatima', undefined, { organisation: 'Gemeente' })
  })

  afterAll(async () => {
    await laptop?.close()
    await tv?.close()
    await volunteer?.close()
    await server?.stop()
    await cleanupServers()
  })

  it('before the start, the others see what is about to happen, not an empty canvas with tools', async () => {
    const waiting = volunteer.page.getByTestId('waiting-for-start')
    await waiting.waitFor()
    expect(await waiting.innerText()).toContain('Het gesprek begint zo')
    expect(await volunteer.page.locator(TLDRAW_EDITING_UI).count()).toBe(0)
    await volunteer.page.screenshot({ path: 'test-results/presentation-waiting.png' })
    await startMeeting(laptop.page, 'Ansaj', ['financien', 'werk-opleiding', 'geestelijke-gezondheid', 'verblijf-nationaliteit', 'huisvesting'])
    await waiting.waitFor({ state: 'detached' })
    // The board appears as a whole.
    await eventually('the waiting screen fitted the new board', () => everythingVisible(volunteer.page))
  })

  it('"Presenteren" shows the board in large type, without tldraw\'s editing UI, fitted', async () => {
    const page = tv.page
    expect(await page.locator(TLDRAW_EDITING_UI).count()).toBeGreaterThan(0)
    await page.getByTestId('present').click()
    const header = page.getByTestId('presentation-header')
    await header.waitFor()
    expect(await header.innerText()).toContain('Ansaj')
    expect(await page.getByTestId('presentation-people').innerText()).toMatch(/^3 aanwezig: .*Fatima/)
    expect(await page.getByTestId('presentation-people').getAttribute('title')).toContain('Fatima')
    expect(await page.locator(TLDRAW_EDITING_UI).count()).toBe(0)
    expect(await page.getByTestId('open-share').count()).toBe(0)
    const titlePx = await page.locator('.presentation-header__title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(titlePx).toBeGreaterThanOrEqual(40)
    await eventually('the presenting screen shows the whole board', () => everythingVisible(page))
    await page.screenshot({ path: 'test-results/presentation-tv.png' })
  })

  it('a card added in another browser does not move this view', async () => {
    const before = await camera(tv.page)
    const count = (await cardIds(tv.page, 'life-domain')).length
    await inEditor(laptop.page, (e) => {
      const id = 'shape:added-elsewhere' as never
      e.createShape({ id, type: 'life-domain', x: 4000, y: 3000, props: { w: 280, h: 170, domain: 'justitie', customName: '', score: null, strengths: '', worries: '', residentWords: '' } } as never)
      return true
    })
    await eventually('the new card reached the TV', async () => (await cardIds(tv.page, 'life-domain')).length > count)
    await tv.page.waitForTimeout(500)
    expect(await camera(tv.page)).toEqual(before)
  })

  it('follows the facilitator who pressed "Presenteren", and only when she moves her view', async () => {
    await laptop.page.getByTestId('present').click()
    await laptop.page.getByTestId('presentation-header').waitFor()
    await eventually('the TV knows who presents', async () => (await tv.page.getByTestId('presentation-header').innerText()).includes('Volgt Fatima'))
    // Her own screen fitted itself when she pressed it (the TV may follow that); once both are
    // still, the TV does not move while she does not.
    const still = async () => {
      const a = JSON.stringify([await camera(laptop.page), await camera(tv.page)])
      await tv.page.waitForTimeout(400)
      return a === JSON.stringify([await camera(laptop.page), await camera(tv.page)])
    }
    await eventually('both screens are still', still)
    const before = await camera(tv.page)
    // Her cursor moving is not her view moving.
    await laptop.page.mouse.move(300, 300)
    await laptop.page.mouse.move(900, 600, { steps: 8 })
    await tv.page.waitForTimeout(400)
    expect(await camera(tv.page)).toEqual(before)
    // She zooms in on the resident: the TV follows.
    await inEditor(laptop.page, (e) => {
      const resident = e.getCurrentPageShapes().find((s) => s.type === 'resident')!
      e.zoomToBounds(e.getShapePageBounds(resident)!, { inset: 100 })
      return true
    })
    await eventually('the TV follows her view', async () => {
      const now = await camera(tv.page)
      return now.z > before.z * 1.5
    })
    await tv.page.screenshot({ path: 'test-results/presentation-tv-follows.png' })
  })

  it('she leaves presentation mode on her own screen to edit: the TV keeps following until she says stop', async () => {
    await laptop.page.keyboard.press('Escape')
    await laptop.page.getByTestId('presentation-header').waitFor({ state: 'detached' })
    const zoomOnTv = (await camera(tv.page)).z
    await inEditor(laptop.page, (e) => {
      e.zoomToFit()
      return true
    })
    await eventually('the TV follows her view while she edits', async () => (await camera(tv.page)).z < zoomOnTv * 0.8)
    await laptop.page.getByTestId('stop-leading').click()
    await eventually('the TV no longer names her', async () => !(await tv.page.getByTestId('presentation-header').innerText()).includes('Volgt Fatima'))
    await eventually('the TV is still', async () => {
      const a = JSON.stringify(await camera(tv.page))
      await tv.page.waitForTimeout(400)
      return a === JSON.stringify(await camera(tv.page))
    })
    const still = await camera(tv.page)
    await inEditor(laptop.page, (e) => {
      e.setCamera({ x: 0, y: 0, z: 2 })
      return true
    })
    await tv.page.waitForTimeout(500)
    expect(await camera(tv.page)).toEqual(still)
  })

  it('the header fits a smaller screen, with its leave button on screen', async () => {
    await tv.page.setViewportSize({ width: 1280, height: 720 })
    const leave = await tv.page.getByTestId('leave-presentation').boundingBox()
    expect(leave!.x + leave!.width).toBeLessThanOrEqual(1280)
    await tv.page.screenshot({ path: 'test-results/presentation-1280.png' })
    await tv.page.setViewportSize({ width: 1920, height: 1080 })
  })

  it('Esc leaves presentation mode', async () => {
    await tv.page.keyboard.press('Escape')
    await tv.page.getByTestId('presentation-header').waitFor({ state: 'detached' })
    await tv.page.getByTestId('present').waitFor()
  })

  it('"Alles tonen" is one click and one key; a reload comes back fitted', async () => {
    const page = volunteer.page
    // The key does nothing while the list view hides the canvas.
    const beforeList = await camera(page)
    await page.getByTestId('toggle-list').click()
    await page.keyboard.press('0')
    await page.getByTestId('toggle-list').click()
    expect(await camera(page)).toEqual(beforeList)
    await inEditor(page, (e) => {
      e.setCamera({ x: -5000, y: -5000, z: 2 })
      return true
    })
    expect(await everythingVisible(page)).toBe(false)
    await page.getByTestId('show-all').click()
    await eventually('show all by click', () => everythingVisible(page))
    await inEditor(page, (e) => {
      e.setCamera({ x: -5000, y: -5000, z: 2 })
      return true
    })
    await page.keyboard.press('0')
    await eventually('show all by key', () => everythingVisible(page))
    await inEditor(page, (e) => {
      e.setCamera({ x: -5000, y: -5000, z: 2 })
      return true
    })
    await page.reload()
    await page.waitForSelector('.tl-canvas')
    await eventually('fitted after a reload', () => everythingVisible(page))
  })
})
