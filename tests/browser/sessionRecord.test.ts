/**
 * The record and the follow-up in a browser: close the meeting, download every format, start the
 * follow-up, record what became of each action, close it, and export planned against done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { assertClientBuilt, cardIds, clickCard, createMeeting, DIST_DIR, domainCardId, inEditor, joinBoard, startMeeting } from '../helpers/boardFlow'

const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-downloads-'))
// The PDFs are kept for people to look at, next to the screenshots.
fs.mkdirSync('test-results', { recursive: true })

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  const target = path.join(downloads, `${testId}-${file.suggestedFilename()}`)
  await file.saveAs(target)
  return target
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8')
}

async function addAction(page: Page, domainKey: string, what: string, owner?: { agency: RegExp; person: string; due: string }) {
  await clickCard(page, await domainCardId(page, domainKey))
  const before = await cardIds(page, 'action')
  await page.getByTestId('add-action').click()
  await expect.poll(async () => (await cardIds(page, 'action')).length).toBe(before.length + 1)
  await page.getByTestId('action-what').fill(what)
  const id = (await cardIds(page, 'action')).find((x) => !before.includes(x))!
  if (owner) {
    const select = page.getByTestId('action-owner')
    await select.selectOption((await select.locator('option', { hasText: owner.agency }).first().getAttribute('value'))!)
    await page.getByTestId('action-owner-person').fill(owner.person)
    await page.getByTestId('action-due-date').fill(owner.due)
  }
  return id
}

/** Opens "Gesprek afronden", confirms the proposed follow-up date if it is still a proposal, and closes. */
async function closeMeeting(page: Page) {
  await page.keyboard.press('Escape')
  await page.getByTestId('open-close').click()
  // The dialog is downloaded when first opened: ask what it shows once it is there.
  await page.getByTestId('close-dialog').waitFor()
  if (await page.getByTestId('follow-up-confirm').count()) {
    await page.getByTestId('follow-up-confirm').click()
    await page.getByTestId('follow-up-confirmed').waitFor()
  }
  await page.getByTestId('close-confirm').click()
}

describe('session record and follow-up meeting', () => {
  let server: ServerProcess
  let facilitator: Participant
  let resident: Participant
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[facilitator, resident] = await Promise.all([
      openParticipant({ viewport: { width: 1440, height: 900 } }),
      openParticipant({ viewport: { width: 390, height: 844 } }),
    ])
    const links = await createMeeting(facilitator.page, server.baseUrl)
    await joinBoard(facilitator.page, links.facilitatorUrl, 'Fatima', undefined, { organisation: 'Gemeente' })
    await joinBoard(resident.page, links.residentUrl, 'Ansaj', 'bewoner')
  })

  it('builds a small meeting: two domains, an agency, two actions with her decisions', async () => {
    const page = facilitator.page
    await startMeeting(page, 'Ansaj', ['financien', 'verblijf-nationaliteit'])
    await clickCard(page, await domainCardId(page, 'verblijf-nationaliteit'))
    await page.getByTestId('add-agency').click()
    await page.getByTestId('agency-organisation').fill('Kinderrechtswinkel')
    await page.getByTestId('agency-person').fill('Mark Čolić')
    ids.lawyer = await addAction(page, 'verblijf-nationaliteit', 'Advocaat voor de nationaliteit van de kinderen', {
      agency: /Kinderrechtswinkel/, person: 'Mark Čolić', due: '2026-12-18',
    })
    ids.coach = await addAction(page, 'financien', 'Budgetcoach aan huis')
    for (const [id, decision, words] of [[ids.lawyer, 'agreed', 'ja, graag, voor de kinderen'], [ids.coach, 'declined', 'geen controle thuis']] as const) {
      await clickCard(page, id)
      await page.getByTestId('decision-words').fill(words)
      await page.getByTestId(`decide-${decision}`).click()
      await expect.poll(() => page.getByTestId(`decide-${decision}`).getAttribute('aria-pressed')).toBe('true')
    }
  })

  afterAll(async () => {
    await facilitator?.close()
    await resident?.close()
    await server?.stop()
    await cleanupServers()
    fs.rmSync(downloads, { recursive: true, force: true })
  })

  it('a draft record can be downloaded before closing and says "concept"', async () => {
    const page = facilitator.page
    await page.keyboard.press('Escape')
    await page.getByTestId('open-export').click()
    const text = pdfText(await download(page, 'export-current-pdf'))
    expect(text.toLowerCase()).toContain('concept')
    expect(text).toContain('Budgetcoach aan huis')
    await page.getByRole('button', { name: 'Sluiten' }).click()
  })

  it('closes the meeting with a picture of the board and exports every format', async () => {
    const page = facilitator.page
    await closeMeeting(page)
    await page.getByTestId('closed-message').waitFor()
    await page.getByRole('button', { name: 'Terug naar het bord' }).click()
    await page.getByTestId('open-export').click()
    await page.getByTestId('export-session-1').waitFor()

    const recordFile = await download(page, 'export-1-pdf')
    fs.copyFileSync(recordFile, 'test-results/record-session-1.pdf')
    const record = pdfText(recordFile)
    for (const expected of ['Advocaat voor de nationaliteit van de kinderen', 'Budgetcoach aan huis', 'Mark Čolić', 'Kinderrechtswinkel', 'geen controle thuis', 'ja, graag, voor de kinderen']) {
      expect(record).toContain(expected)
    }
    expect(record.toLowerCase()).not.toContain('concept')

    const markdown = fs.readFileSync(await download(page, 'export-1-markdown'), 'utf8')
    expect(markdown).toContain('Budgetcoach aan huis')
    const json = JSON.parse(fs.readFileSync(await download(page, 'export-1-json'), 'utf8'))
    expect(json.schemaVersion).toBe(1)
    expect(json.actions).toHaveLength(2)
    const ics = fs.readFileSync(await download(page, 'export-1-ics'), 'utf8')
    expect(ics).toContain('BEGIN:VCALENDAR')
    expect(ics).toContain('20261218')
    const summaryFile = await download(page, 'export-1-summaryNl')
    fs.copyFileSync(summaryFile, 'test-results/summary-session-1.pdf')
    const summary = pdfText(summaryFile)
    expect(summary).toContain('Advocaat voor de nationaliteit van de kinderen')
    const summaryEn = pdfText(await download(page, 'export-1-summaryEn'))
    expect(summaryEn).not.toEqual(summary)
    await page.screenshot({ path: 'test-results/record-export-dialog.png' })
  })

  it('the resident’s phone shows her summary', async () => {
    const agreed = resident.page.getByTestId('summary-agreed')
    await expect.poll(() => agreed.innerText()).toContain('Advocaat voor de nationaliteit van de kinderen')
    expect(await resident.page.getByTestId('summary-declined').innerText()).toContain('Budgetcoach aan huis')
    await resident.page.screenshot({ path: 'test-results/record-phone-summary.png', fullPage: true })
  })

  it('starts the follow-up: the board comes back, closing waits for an outcome of what she agreed to', async () => {
    const page = facilitator.page
    await page.getByTestId('start-follow-up').click()
    await expect.poll(() => inEditor(page, (e) => e.getIsReadonly())).toBe(false)
    await closeMeeting(page)
    const problems = page.getByTestId('close-problems')
    await expect.poll(() => problems.innerText()).toContain('Nog niet gezegd wat ervan terechtkwam: Advocaat voor de nationaliteit van de kinderen')
    // What she declined is not asked about again.
    expect(await problems.innerText()).not.toContain('Budgetcoach aan huis')
    await page.getByRole('button', { name: 'Terug naar het bord' }).click()
    await clickCard(page, ids.coach)
    expect(await page.getByTestId('outcome-form').count()).toBe(0)
    await clickCard(page, ids.lawyer)
    await page.getByTestId('outcome-words').fill('de advocaat is gebeld, nog geen afspraak')
    await page.getByTestId('outcome-partly').click()
    await expect.poll(() => page.getByTestId('outcome-partly').getAttribute('aria-pressed')).toBe('true')
    await closeMeeting(page)
    await page.getByTestId('closed-message').waitFor()
    await page.getByRole('button', { name: 'Terug naar het bord' }).click()
  })

  it('the follow-up record shows planned against done; the first session still exports as it was', async () => {
    const page = facilitator.page
    await page.getByTestId('open-export').click()
    await page.getByTestId('export-session-2').waitFor()
    const secondFile = await download(page, 'export-2-pdf')
    fs.copyFileSync(secondFile, 'test-results/record-session-2.pdf')
    const second = pdfText(secondFile)
    expect(second).toContain('Afspraken van de vorige keer en wat ervan kwam')
    expect(second).toContain('de advocaat is gebeld, nog geen afspraak')
    // Her "no" stays in every later record, with her words.
    expect(second).toContain('Budgetcoach aan huis')
    expect(second).toContain('geen controle thuis')
    const first = pdfText(await download(page, 'export-1-pdf'))
    expect(first).not.toContain('de advocaat is gebeld')
  })

  it('deletes the case after a confirmation that names what will be lost', async () => {
    const page = facilitator.page
    await page.getByTestId('delete-case').click()
    const consequences = await page.getByTestId('delete-consequences').innerText()
    expect(consequences).toContain('2 verslagen')
    expect(consequences).toContain('2 acties')
    await page.screenshot({ path: 'test-results/record-delete-confirm.png' })
    await page.getByTestId('delete-confirm').click()
    await page.waitForURL(/\/\?deleted=1$/)
    // The start page is downloaded when opened: wait for it, then ask.
    const deleted = page.getByRole('status').filter({ hasText: 'De casus is verwijderd.' })
    await deleted.waitFor()
    expect(await deleted.count()).toBe(1)
    // The resident's phone learns that the board is gone.
    await resident.page.getByTestId('error-screen').waitFor()
    expect(await resident.page.getByTestId('error-screen').innerText()).toContain('bestaat niet (meer)')
  })
})
