/** The steps a person takes in the browser, shared by the browser suites. */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import type { Editor } from 'tldraw'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fs from 'node:fs'

export const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist')

export function assertClientBuilt() {
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error('dist/ is missing: `npm test` builds the client first (npm run build).')
  }
}

/** Waits until `check` holds, polling; fails with `what` after a generous deadline. */
export async function eventually<T>(what: string, check: () => Promise<T | false | null | undefined> | T | false | null | undefined, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs
  let last: unknown
  while (Date.now() < end) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for: ${what}${last ? ` (last error: ${String(last)})` : ''}`)
}

export async function createMeeting(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/`)
  await page.getByRole('button', { name: 'Nieuw gesprek' }).click()
  const participantUrl = await page.getByTestId('participant-link').inputValue()
  const facilitatorUrl = await page.getByTestId('facilitator-link').inputValue()
  const residentLink = page.getByTestId('resident-link')
  const residentUrl = (await residentLink.count()) ? await residentLink.inputValue() : ''
  return { participantUrl, facilitatorUrl, residentUrl }
}

export async function joinBoard(page: Page, link: string, name: string, role?: string, options: { remote?: boolean; organisation?: string } = {}) {
  await page.goto(link)
  await page.getByLabel('Uw naam').fill(name)
  // The facilitator and resident links decide the role themselves: there is no role field.
  if (role && role !== 'gespreksleider' && role !== 'bewoner') await page.getByLabel('Uw rol').selectOption(role)
  if (options.organisation) await page.getByLabel('Organisatie (mag leeg blijven)').fill(options.organisation)
  if (options.remote) await page.getByLabel('Op afstand (via de link)').check()
  await page.getByRole('button', { name: /^(Naar het bord|Naar mijn afspraken)$/ }).click()
  await page.waitForSelector('.tl-canvas, [data-testid=resident-view]', { timeout: 30_000 })
  await eventually('the board is live', async () => (await connectionState(page)) === 'live')
}

export function connectionState(page: Page) {
  return page.getByTestId('connection').getAttribute('data-state')
}

/** Reads the live editor that the app exposes as `window.tafelbordEditor`. */
export function inEditor<T>(page: Page, fn: (editor: Editor) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.tafelbordEditor)`) as Promise<T>
}

export async function drawRectangle(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.keyboard.press('Escape')
  await page.keyboard.press('r')
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  // Move like a hand does: several steps with frames in between, so tldraw sees a drag.
  for (let step = 1; step <= 8; step++) {
    await page.mouse.move(from.x + ((to.x - from.x) * step) / 8, from.y + ((to.y - from.y) * step) / 8)
    await page.waitForTimeout(16)
  }
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

export function geoShapeCount(page: Page) {
  return inEditor(page, (editor) => editor.getCurrentPageShapes().filter((s) => s.type === 'geo').length)
}

/** Clicks a card on the canvas, as a person would, so the side panel shows its form. */
export async function clickCard(page: Page, shapeId: string) {
  // A camera animation (say, from "Ga naar kaart") may still be moving the card: retry the click
  // until the card is the selection.
  await eventually(`card ${shapeId} selected by a click`, async () => {
    await page.keyboard.press('Escape')
    const point = await page.evaluate((id) => {
      const editor = (window as unknown as { tafelbordEditor: Editor }).tafelbordEditor
      editor.stopCameraAnimation()
      const bounds = editor.getShapePageBounds(id as never)!
      editor.zoomToBounds(bounds, { inset: 300, targetZoom: Math.min(editor.getZoomLevel(), 1) })
      const screen = editor.pageToViewport({ x: bounds.x + 20, y: bounds.y + 12 })
      const container = editor.getContainer().getBoundingClientRect()
      return { x: screen.x + container.left, y: screen.y + container.top }
    }, shapeId)
    await page.mouse.click(point.x, point.y)
    return (await inEditor(page, (editor) => editor.getOnlySelectedShape()?.id ?? null)) === shapeId
  })
  await page.getByTestId(/^card-form-/).waitFor()
}

/** Ids of the cards of one type, in creation order of their props' first text. */
export function cardIds(page: Page, type: string) {
  return page.evaluate(
    (t) => (window as unknown as { tafelbordEditor: Editor }).tafelbordEditor.getCurrentPageShapes().filter((s) => s.type === t).map((s) => s.id as string),
    type,
  )
}

export function domainCardId(page: Page, domainKey: string) {
  return page.evaluate((key) => {
    const editor = (window as unknown as { tafelbordEditor: Editor }).tafelbordEditor
    const shape = editor.getCurrentPageShapes().find((s) => s.type === 'life-domain' && (s.props as { domain: string }).domain === key)
    return shape?.id as string
  }, domainKey)
}

/** The facilitator's first step on a new board: name the resident, tick domains, lay out. */
export async function startMeeting(page: Page, residentName: string, domainKeys: string[]) {
  await page.getByTestId('start-resident-name').fill(residentName)
  for (const key of domainKeys) await page.getByTestId(`start-domain-${key}`).check()
  await page.getByTestId('start-submit').click()
  await page.getByTestId('start-submit').waitFor({ state: 'detached' })
}

/** Adds an agency for a domain through the side panel, as a person does; returns its id. */
export async function addAgency(page: Page, domainKey: string, fields: { organisation: string; office?: string; person: string; atTable?: boolean }) {
  await clickCard(page, await domainCardId(page, domainKey))
  const before = await cardIds(page, 'agency')
  await page.getByTestId('add-agency').click()
  await expect.poll(async () => (await cardIds(page, 'agency')).length).toBe(before.length + 1)
  await page.getByTestId('agency-organisation').fill(fields.organisation)
  if (fields.office) await page.getByTestId('agency-office').fill(fields.office)
  await page.getByTestId('agency-person').fill(fields.person)
  if (fields.atTable === false) await page.getByTestId('agency-at-table').uncheck()
  const after = await cardIds(page, 'agency')
  return after.find((id) => !before.includes(id))!
}

/** Adds an action for a domain through the side panel; returns its id. */
export async function addAction(page: Page, domainKey: string, what: string) {
  await clickCard(page, await domainCardId(page, domainKey))
  const before = await cardIds(page, 'action')
  await page.getByTestId('add-action').click()
  await expect.poll(async () => (await cardIds(page, 'action')).length).toBe(before.length + 1)
  await page.getByTestId('action-what').fill(what)
  return (await cardIds(page, 'action')).find((id) => !before.includes(id))!
}

/** Chooses the owner (by its label in the list) and the due date of an action. */
export async function setOwner(page: Page, actionId: string, ownerLabel: RegExp, dueDate: string, person?: string) {
  await clickCard(page, actionId)
  const select = page.getByTestId('action-owner')
  const value = await select.locator('option', { hasText: ownerLabel }).first().getAttribute('value')
  await select.selectOption(value!)
  if (person) await page.getByTestId('action-owner-person').fill(person)
  await page.getByTestId('action-due-date').fill(dueDate)
}
