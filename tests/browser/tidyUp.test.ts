/**
 * Issue 8, a layout that stays readable and a calm view, on the real canvas: cards added through
 * the side panel land beside their domain by the eco-map rule, on the placer's screen, without a
 * zoom and without moving anyone else's view; "Ordenen" lays a messy board out again for
 * everyone, as one step that undo takes back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { assertClientBuilt, cardIds, clickCard, createMeeting, DIST_DIR, domainCardId, eventually, inEditor, joinBoard, setOwner, startMeeting } from '../helpers/boardFlow'

const DOMAINS = ['financien', 'werk-opleiding', 'geestelijke-gezondheid', 'verblijf-nationaliteit', 'huiselijke-relaties']
/** 1.6 × the diagonal of an action card. */
const ACTION_REACH = 1.6 * Math.hypot(320, 230)

interface CardOnPage {
  id: string
  type: string
  x: number
  y: number
  w: number
  h: number
  domainIds: string[]
}

function cardsOnPage(page: Page): Promise<CardOnPage[]> {
  return inEditor(page, (e) =>
    e
      .getCurrentPageShapes()
      .filter((s) => ['resident', 'life-domain', 'agency', 'action'].includes(s.type))
      .map((s) => {
        const b = e.getShapePageBounds(s)!
        const props = s.props as { domainIds?: string[] }
        return { id: s.id as string, type: s.type as string, x: b.x, y: b.y, w: b.w, h: b.h, domainIds: props.domainIds ?? [] }
      }),
  )
}

function overlapping(cards: CardOnPage[]): string[] {
  const pairs: string[] = []
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      const a = cards[i]
      const b = cards[j]
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) pairs.push(`${a.id} × ${b.id}`)
    }
  }
  return pairs
}

const centre = (c: CardOnPage) => ({ x: c.x + c.w / 2, y: c.y + c.h / 2 })
const distance = (a: CardOnPage, b: CardOnPage) => Math.hypot(centre(a).x - centre(b).x, centre(a).y - centre(b).y)

function strayActions(cards: CardOnPage[]): string[] {
  return cards
    .filter((c) => c.type === 'action' && c.domainIds.length > 0)
    .filter((c) => Math.min(...cards.filter((d) => c.domainIds.includes(d.id)).map((d) => distance(c, d))) > ACTION_REACH)
    .map((c) => c.id)
}

const camera = (page: Page) => inEditor(page, (e) => e.getCamera())

describe('the eco-map on the canvas', () => {
  let server: ServerProcess
  let facilitator: Participant
  let volunteer: Participant

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[facilitator, volunteer] = await Promise.all([
      openParticipant({ viewport: { width: 1920, height: 1080 } }),
      openParticipant({ viewport: { width: 1280, height: 800 } }),
    ])
    const links = await createMeeting(facilitator.page, server.baseUrl)
    await joinBoard(facilitator.page, links.facilitatorUrl, 'Fatima', undefined, { organisation: 'Gemeente' })
    await joinBoard(volunteer.page, links.participantUrl, 'Joost', 'vrijwilliger')
    await startMeeting(facilitator.page, 'Ansaj', DOMAINS)
    await eventually('the volunteer sees the domains', async () => (await cardIds(volunteer.page, 'life-domain')).length === DOMAINS.length)
  })

  afterAll(async () => {
    await facilitator?.close()
    await volunteer?.close()
    await server?.stop()
    await cleanupServers()
  })

  it('new cards land beside their domain and on your screen, with no zoom and no one else’s view moving', async () => {
    const page = facilitator.page
    // The volunteer looks at the board as a whole and leaves it alone.
    await volunteer.page.getByTestId('show-all').click()
    await volunteer.page.waitForTimeout(400)
    const volunteerView = await camera(volunteer.page)
    const steps: [string, 'agency' | 'action', string, string?][] = [
      ['financien', 'agency', 'Budgetbeheer BV', 'Henk'],
      ['financien', 'action', 'Budgetcoach aan huis — alleen als zij dat wil'],
      ['werk-opleiding', 'agency', 'Gemeente Werk en Inkomen', 'Sandra'],
      ['werk-opleiding', 'action', 'Mogelijkheden voor betaald werk voor haar man'],
      ['geestelijke-gezondheid', 'agency', 'GGZ wijkteam Noord', 'Els'],
      ['geestelijke-gezondheid', 'action', 'Intake bij de praktijkondersteuner'],
      ['verblijf-nationaliteit', 'agency', 'Kinderrechtswinkel', 'Mark'],
      ['verblijf-nationaliteit', 'action', 'Advocaat voor de nationaliteit van de kinderen'],
      ['financien', 'action', 'De belastingaanslag samen bekijken'],
    ]
    const added: string[] = []
    for (const [domainKey, kind, text, person] of steps) {
      await clickCard(page, await domainCardId(page, domainKey))
      const before = await cardIds(page, kind)
      const zoom = (await camera(page)).z
      await page.getByTestId(`add-${kind}`).click()
      await expect.poll(async () => (await cardIds(page, kind)).length).toBe(before.length + 1)
      const id = (await cardIds(page, kind)).find((x) => !before.includes(x))!
      await page.waitForTimeout(350)
      // Your own new card: on your screen, at the zoom you had.
      expect((await camera(page)).z).toBeCloseTo(zoom, 5)
      expect(await page.evaluate((shapeId) => {
        const e = (window as unknown as { tafelbordEditor: import('tldraw').Editor }).tafelbordEditor
        return e.getViewportPageBounds().contains(e.getShapePageBounds(shapeId as never)!)
      }, id)).toBe(true)
      await page.getByTestId(kind === 'agency' ? 'agency-organisation' : 'action-what').fill(text)
      if (person) await page.getByTestId('agency-person').fill(person)
      added.push(id)
    }
    // The owners are chosen in the form afterwards (this moves no card).
    await setOwner(page, added[1], /Budgetbeheer/, '2026-12-15', 'Henk')
    await setOwner(page, added[3], /Gemeente Werk en Inkomen/, '2026-12-20', 'Sandra')
    await setOwner(page, added[7], /Kinderrechtswinkel/, '2026-12-18', 'Mark')
    // Nobody else's view moved.
    expect(await camera(volunteer.page)).toEqual(volunteerView)
    const cards = await cardsOnPage(page)
    expect(cards).toHaveLength(1 + DOMAINS.length + steps.length)
    expect(overlapping(cards)).toEqual([])
    expect(strayActions(cards)).toEqual([])
    await page.keyboard.press('Escape')
    await page.getByTestId('show-all').click()
    await page.waitForTimeout(400)
    await page.screenshot({ path: 'test-results/eco-map-fitted.png' })
  })

  it('"Ordenen" lays a messy board out again for everyone, as one step undo takes back', async (context) => {
    const page = facilitator.page
    await page.keyboard.press('Escape')
    if ((await page.getByTestId('tidy-up').count()) === 0) context.skip()
    // People dragged cards into a heap.
    await page.evaluate(() => {
      const e = (window as unknown as { tafelbordEditor: import('tldraw').Editor }).tafelbordEditor
      const cards = e.getCurrentPageShapes().filter((s) => ['life-domain', 'agency', 'action'].includes(s.type))
      e.run(() => {
        cards.forEach((s, i) => e.updateShape({ id: s.id, type: s.type, x: (i % 4) * 150 - 300, y: Math.floor(i / 4) * 90 - 200 }))
      })
    })
    await expect.poll(async () => overlapping(await cardsOnPage(volunteer.page)).length).toBeGreaterThan(5)
    const messy = await cardsOnPage(page)
    const volunteerView = await camera(volunteer.page)
    // Right after the heap was made (the undo manager would merge edits within half a second).
    await page.getByTestId('tidy-up').click()
    await expect.poll(async () => overlapping(await cardsOnPage(page))).toEqual([])
    const tidy = await cardsOnPage(page)
    expect(strayActions(tidy)).toEqual([])
    // Everyone sees the same board; nobody else's view moved.
    await expect.poll(async () => (await cardsOnPage(volunteer.page)).map((c) => [c.id, Math.round(c.x), Math.round(c.y)])).toEqual(
      tidy.map((c) => [c.id, Math.round(c.x), Math.round(c.y)]),
    )
    expect(await camera(volunteer.page)).toEqual(volunteerView)
    await eventually('the one who pressed it sees the whole board', () =>
      inEditor(page, (e) => e.getViewportPageBounds().contains(e.getCurrentPageBounds()!)),
    )
    await page.screenshot({ path: 'test-results/eco-map-tidied.png' })
    // An edit right after it is a step of its own: the first undo takes back only that edit.
    const tidyPositions = (await cardsOnPage(page)).map((c) => [c.id, Math.round(c.x), Math.round(c.y)])
    const first = tidy[0]
    await page.evaluate((id) => {
      const e = (window as unknown as { tafelbordEditor: import('tldraw').Editor }).tafelbordEditor
      const shape = e.getShape(id as never)!
      e.updateShape({ id: shape.id, type: shape.type, x: shape.x + 5000 })
    }, first.id)
    await page.locator('.tl-canvas').click({ position: { x: 400, y: 300 } })
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await cardsOnPage(page)).map((c) => [c.id, Math.round(c.x), Math.round(c.y)])).toEqual(tidyPositions)
    // The next undo puts the heap back; one redo tidies again.
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await cardsOnPage(page)).map((c) => [c.id, Math.round(c.x), Math.round(c.y)])).toEqual(
      messy.map((c) => [c.id, Math.round(c.x), Math.round(c.y)]),
    )
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(async () => overlapping(await cardsOnPage(page))).toEqual([])
  })
})
