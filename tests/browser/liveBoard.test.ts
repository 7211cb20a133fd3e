/**
 * Two people on one board in real Chromium against the real server: shapes, cursors and names,
 * reload, offline editing, and no request to any host but our own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { foreignRequests, openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import {
  assertClientBuilt,
  connectionState,
  createMeeting,
  DIST_DIR,
  drawRectangle,
  geoShapeCount,
  inEditor,
  joinBoard,
  startMeeting,
} from '../helpers/boardFlow'

describe('the live shared board in a browser', () => {
  let server: ServerProcess
  let a: Participant
  let b: Participant
  let links: { participantUrl: string; facilitatorUrl: string }

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[a, b] = await Promise.all([openParticipant(), openParticipant()])
    links = await createMeeting(a.page, server.baseUrl)
    await joinBoard(a.page, links.facilitatorUrl, 'Fatima')
    await startMeeting(a.page, 'Ansaj', ['financien'])
    await joinBoard(b.page, links.participantUrl, 'Ansaj', 'netwerk')
  })

  afterAll(async () => {
    await a?.close()
    await b?.close()
    await server?.stop()
    await cleanupServers()
  })

  it('takes the token out of the address bar after joining', () => {
    for (const { page } of [a, b]) {
      expect(page.url()).not.toContain('#')
      expect(page.url()).toMatch(/\/b\/[A-Za-z0-9_-]{22}$/)
    }
  })

  it('a shape drawn in A appears in B', async () => {
    await drawRectangle(a.page, { x: 300, y: 250 }, { x: 480, y: 380 })
    expect(await geoShapeCount(a.page)).toBe(1)
    await expect.poll(() => geoShapeCount(b.page), { timeout: 15_000 }).toBe(1)
    await b.page.screenshot({ path: 'test-results/live-board-b.png' })
  })

  it("shows A's cursor with A's name in B, and both people in the list", async () => {
    await a.page.mouse.move(700, 420, { steps: 8 })
    // tldraw v5 paints cursors and name tags on a canvas, so ask B's editor what it shows.
    const visibleInB = () =>
      inEditor(b.page, (editor) =>
        editor.getVisibleCollaboratorsOnCurrentPage().map((p) => `${p.userName}:${p.cursor ? 'cursor' : 'none'}`),
      )
    await expect.poll(visibleInB, { timeout: 15_000 }).toEqual(['Fatima:cursor'])
    // B draws A's cursor where A's pointer is on the page (cameras may differ).
    const pointerInA = await inEditor(a.page, (editor) => {
      const p = editor.inputs.currentPagePoint
      return { x: Math.round(p.x), y: Math.round(p.y) }
    })
    const cursorInB = () =>
      inEditor(b.page, (editor) => {
        const c = editor.getVisibleCollaboratorsOnCurrentPage()[0]?.cursor
        return c ? { x: Math.round(c.x), y: Math.round(c.y) } : null
      })
    await expect.poll(cursorInB, { timeout: 15_000 }).toEqual(pointerInA)
    await b.page.screenshot({ path: 'test-results/live-board-cursor-in-b.png' })
    await expect.poll(() => b.page.getByTestId('people').innerText()).toContain('Fatima')
    expect(await b.page.getByTestId('people').innerText()).toContain('Ansaj')
  })

  it('B reloads and sees everything', async () => {
    await b.page.reload()
    await b.page.waitForSelector('.tl-canvas')
    await expect.poll(() => connectionState(b.page), { timeout: 20_000 }).toBe('live')
    await expect.poll(() => geoShapeCount(b.page), { timeout: 15_000 }).toBe(1)
  })

  it('A goes offline, edits, comes back, and B gets the edits', async () => {
    await a.context.setOffline(true)
    await expect.poll(() => connectionState(a.page), { timeout: 20_000 }).not.toBe('live')
    await drawRectangle(a.page, { x: 550, y: 200 }, { x: 650, y: 300 })
    expect(await geoShapeCount(a.page)).toBe(2)
    await expect.poll(() => a.page.getByTestId('unsent').count()).toBe(1)
    await a.page.screenshot({ path: 'test-results/live-board-a-offline.png' })
    expect(await geoShapeCount(b.page)).toBe(1)
    await a.context.setOffline(false)
    await expect.poll(() => connectionState(a.page), { timeout: 30_000 }).toBe('live')
    await expect.poll(() => geoShapeCount(b.page), { timeout: 15_000 }).toBe(2)
    await expect.poll(() => a.page.getByTestId('unsent').count()).toBe(0)
  })

  it('the server is killed and started again: the board is as it was, browsers reconnect, edits made meanwhile arrive', async () => {
    await server.kill9()
    await expect.poll(() => connectionState(a.page), { timeout: 20_000 }).toBe('reconnecting')
    await drawRectangle(a.page, { x: 300, y: 450 }, { x: 420, y: 520 })
    expect(await geoShapeCount(a.page)).toBe(3)
    server = await startServer({ staticDir: DIST_DIR, dataDir: server.dataDir, port: server.port })
    await expect.poll(() => connectionState(a.page), { timeout: 30_000 }).toBe('live')
    await expect.poll(() => connectionState(b.page), { timeout: 30_000 }).toBe('live')
    await expect.poll(() => geoShapeCount(b.page), { timeout: 15_000 }).toBe(3)
  })

  it('warns before closing a tab that still holds unsent edits', async () => {
    await a.context.setOffline(true)
    await drawRectangle(a.page, { x: 700, y: 450 }, { x: 800, y: 520 })
    await expect.poll(() => a.page.getByTestId('unsent').count()).toBe(1)
    const dialog = new Promise<string>((resolve) => a.page.once('dialog', (d) => { resolve(d.type()); void d.dismiss() }))
    await a.page.close({ runBeforeUnload: true })
    expect(await dialog).toBe('beforeunload')
    expect(a.page.isClosed()).toBe(false)
    await a.context.setOffline(false)
    await expect.poll(() => geoShapeCount(b.page), { timeout: 30_000 }).toBe(4)
  })

  it('B sees the same shapes at the same places as A', async () => {
    const boxes = (page: typeof a.page) =>
      inEditor(page, (editor) =>
        editor.getCurrentPageShapes().map((s) => `${s.id}@${Math.round(s.x)},${Math.round(s.y)}`).sort().join(' '),
      )
    await expect.poll(() => boxes(b.page)).toBe(await boxes(a.page))
  })

  it('no page requested anything from a host other than our own server', () => {
    expect(a.requests.length).toBeGreaterThan(5)
    expect(foreignRequests(a.requests, server.baseUrl)).toEqual([])
    expect(foreignRequests(b.requests, server.baseUrl)).toEqual([])
  })
})
