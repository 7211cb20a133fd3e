/**
 * Ansaj's meeting from the brief, played in three browsers: the facilitator at the table, a
 * remote professional, and the resident's phone. Closing is refused while something is
 * undecided; after the last decision it succeeds and every screen becomes read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { foreignRequests, openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import {
  assertClientBuilt,
  cardIds,
  clickCard,
  createMeeting,
  DIST_DIR,
  inEditor,
  joinBoard,
  startMeeting,
  addAgency,
  addAction,
  setOwner,
} from '../helpers/boardFlow'

const DOMAINS = ['financien', 'werk-opleiding', 'geestelijke-gezondheid', 'verblijf-nationaliteit']

async function decide(page: Page, actionId: string, decision: 'agreed' | 'declined' | 'thinking', words: string) {
  await clickCard(page, actionId)
  await page.getByTestId('decision-words').fill(words)
  await page.getByTestId(`decide-${decision}`).click()
  await expect.poll(() => page.getByTestId(`decide-${decision}`).getAttribute('aria-pressed')).toBe('true')
}

describe("Ansaj's case meeting in three browsers", () => {
  let server: ServerProcess
  let facilitator: Participant
  let professional: Participant
  let resident: Participant
  const ids: Record<string, string> = {}
  let links: Awaited<ReturnType<typeof createMeeting>>

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[facilitator, professional, resident] = await Promise.all([
      openParticipant({ viewport: { width: 1440, height: 900 } }),
      openParticipant({ viewport: { width: 1280, height: 860 } }),
      openParticipant({ viewport: { width: 390, height: 844 } }),
    ])
    links = await createMeeting(facilitator.page, server.baseUrl)
    expect(links.residentUrl).toContain('#r=')
    await joinBoard(facilitator.page, links.facilitatorUrl, 'Fatima', undefined, { organisation: 'Gemeente' })
    await joinBoard(professional.page, links.participantUrl, 'Mark', 'professional', { remote: true, organisation: 'Kinderrechtswinkel' })
    await joinBoard(resident.page, links.residentUrl, 'Ansaj', 'bewoner')
  })

  afterAll(async () => {
    await facilitator?.close()
    await professional?.close()
    await resident?.close()
    await server?.stop()
    await cleanupServers()
  })

  it('the facilitator starts the meeting: the resident in the middle, the chosen domains around her', async () => {
    const page = facilitator.page
    await startMeeting(page, 'Ansaj', DOMAINS)
    await expect.poll(async () => (await cardIds(page, 'life-domain')).length).toBe(4)
    expect(await cardIds(page, 'resident')).toHaveLength(1)
    // The remote professional sees the same board.
    await expect.poll(async () => (await cardIds(professional.page, 'life-domain')).length).toBe(4)
    await page.screenshot({ path: 'test-results/case-meeting-started.png' })
  })

  it('the share dialog shows the participant link with a QR code for phones at the table', async () => {
    const page = facilitator.page
    await page.getByTestId('open-share').click()
    expect(await page.getByTestId('share-participant-link').inputValue()).toBe(links.participantUrl)
    expect(await page.getByTestId('share-resident-link').inputValue()).toBe(links.residentUrl)
    expect(await page.locator('img.qr').count()).toBe(2)
    await page.screenshot({ path: 'test-results/case-meeting-share.png' })
    await page.getByRole('button', { name: 'Sluiten' }).click()
    // A participant's dialog has the participant link only.
    await professional.page.getByTestId('open-share').click()
    expect(await professional.page.getByTestId('share-participant-link').inputValue()).toBe(links.participantUrl)
    expect(await professional.page.getByTestId('share-resident-link').count()).toBe(0)
    await professional.page.getByRole('button', { name: 'Sluiten' }).click()
  })

  it('agencies and actions are added from two browsers, each tied to its domain', async () => {
    ids.gemeente = await addAgency(facilitator.page, 'werk-opleiding', { organisation: 'Gemeente', office: 'Werk & Inkomen', person: 'Sandra' })
    ids.budget = await addAgency(facilitator.page, 'financien', { organisation: 'Budgetbeheer BV', person: 'Henk', atTable: false })
    ids.rechtswinkel = await addAgency(professional.page, 'verblijf-nationaliteit', { organisation: 'Kinderrechtswinkel', person: 'Mark' })
    ids.coach = await addAction(facilitator.page, 'financien', 'Budgetcoach aan huis')
    ids.work = await addAction(facilitator.page, 'werk-opleiding', 'Mogelijkheden voor betaald werk voor haar man')
    ids.lawyer = await addAction(professional.page, 'verblijf-nationaliteit', 'Advocaat voor de nationaliteit van de kinderen')
    ids.referral = await addAction(professional.page, 'verblijf-nationaliteit', 'Verwijzing naar de Raad voor Rechtsbijstand')
    await expect.poll(async () => (await cardIds(facilitator.page, 'action')).length).toBe(4)
    await setOwner(facilitator.page, ids.coach, /Budgetbeheer/, '2026-12-15', 'Henk')
    await setOwner(facilitator.page, ids.work, /Gemeente, Werk & Inkomen/, '2026-12-20', 'Sandra')
    await setOwner(professional.page, ids.lawyer, /^Mark/, '2026-12-18')
    // Relation arrows follow the data: each action points at its domain.
    await expect.poll(() => inEditor(facilitator.page, (e) => e.getCurrentPageShapes().filter((s) => s.type === 'arrow').length)).toBeGreaterThanOrEqual(7)
    await facilitator.page.screenshot({ path: 'test-results/case-meeting-cards.png' })
  })

  it('shows who is missing at the table, live', async () => {
    // Henk of the budget agency owns the coach action but is not at the table.
    await expect.poll(() => facilitator.page.getByTestId('missing-at-table').innerText()).toContain('Henk (Budgetbeheer BV) zit niet aan tafel')
    await expect.poll(() => professional.page.getByTestId('missing-at-table').innerText()).toContain('Henk')
  })

  it('records the resident’s decisions in her own words; her phone shows them', async () => {
    await decide(facilitator.page, ids.coach, 'declined', 'geen controle thuis')
    await decide(facilitator.page, ids.lawyer, 'agreed', 'ja, graag, voor de kinderen')
    await decide(facilitator.page, ids.work, 'thinking', 'ik wil het eerst met mijn man bespreken')
    const phone = resident.page
    await expect.poll(() => phone.locator('[data-testid=resident-action] [data-decision=declined]').count()).toBe(1)
    await expect.poll(() => phone.locator('[data-testid=resident-action] [data-decision=agreed]').count()).toBe(1)
    await expect.poll(() => phone.locator('[data-testid=resident-action] [data-decision=thinking]').count()).toBe(1)
    await phone.screenshot({ path: 'test-results/case-meeting-phone.png', fullPage: true })
    // A declined action needs nobody at the table: Henk is no longer missing.
    await expect.poll(() => facilitator.page.getByTestId('missing-at-table').innerText()).not.toContain('Henk')
  })

  it('the facilitator locks the board: the professional can look but not change; unlocking gives it back', async () => {
    await facilitator.page.keyboard.press('Escape')
    await facilitator.page.getByTestId('toggle-lock').click()
    await expect.poll(() => professional.page.getByTestId('read-only-banner').count()).toBe(1)
    expect(await inEditor(professional.page, (e) => e.getIsReadonly())).toBe(true)
    expect(await professional.page.getByTestId('add-action').count()).toBe(0)
    // The facilitator still edits while locked.
    expect(await inEditor(facilitator.page, (e) => e.getIsReadonly())).toBe(false)
    await facilitator.page.getByTestId('toggle-lock').click()
    await expect.poll(() => professional.page.getByTestId('read-only-banner').count()).toBe(0)
    expect(await inEditor(professional.page, (e) => e.getIsReadonly())).toBe(false)
  })

  it('"Iedereen volgt mij" brings the professional to the facilitator’s view', async () => {
    const facilitatorId = await inEditor(facilitator.page, (e) => e.user.getId())
    await facilitator.page.getByTestId('follow-me').click()
    await expect.poll(() => inEditor(professional.page, (e) => e.getInstanceState().followingUserId)).toBe(facilitatorId)
    await facilitator.page.getByTestId('follow-me').click()
    await expect.poll(() => inEditor(professional.page, (e) => e.getInstanceState().followingUserId)).toBe(null)
  })

  it('the list view shows the whole meeting as headings and lists', async () => {
    const page = professional.page
    await page.getByTestId('toggle-list').click()
    const list = page.getByTestId('list-view')
    await list.waitFor()
    expect(await list.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['Deelnemers', 'Leefgebieden', 'Instanties', 'Acties'])
    expect(await page.getByTestId('list-action').count()).toBe(4)
    expect(await list.innerText()).toContain('geen controle thuis')
    await page.screenshot({ path: 'test-results/case-meeting-list.png', fullPage: true })
    await page.getByTestId('toggle-list').click()
    await page.locator('.tl-canvas').waitFor()
  })

  it('a participant cannot close, lock or record decisions: the server refuses', async () => {
    const page = professional.page
    expect(await page.getByTestId('open-close').count()).toBe(0)
    const status = await page.evaluate(async (boardId) => {
      const token = JSON.parse(localStorage.getItem(`tafelbord:board:${boardId}:token`)!).token
      const close = await fetch(`/api/boards/${boardId}/close`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
      const lock = await fetch(`/api/boards/${boardId}/lock`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
      return [close.status, lock.status]
    }, new URL(page.url()).pathname.split('/').pop())
    expect(status).toEqual([403, 403])
  })

  it('closing is refused while something is undecided, and names it', async () => {
    const page = facilitator.page
    await page.keyboard.press('Escape')
    await page.getByTestId('open-close').click()
    await page.getByTestId('close-confirm').click()
    const problems = page.getByTestId('close-problems')
    await expect.poll(() => problems.innerText()).toContain('Nog geen besluit van de bewoner: Verwijzing naar de Raad voor Rechtsbijstand')
    expect(await problems.innerText()).not.toContain('Budgetcoach')
    await page.screenshot({ path: 'test-results/case-meeting-close-refused.png' })
    // "Ga naar kaart" jumps to the undecided action.
    await problems.getByRole('button', { name: 'Ga naar kaart' }).first().click()
    await expect.poll(() => inEditor(page, (e) => e.getOnlySelectedShape()?.id ?? null)).toBe(ids.referral)
  })

  it('after the last decision and a follow-up date, closing succeeds and all three screens are read-only', async () => {
    const page = facilitator.page
    await setOwner(page, ids.referral, /Gemeente, Werk & Inkomen/, '2026-12-22', 'Sandra')
    // The facilitator lets Ansaj decide the last one herself, on her phone.
    await page.keyboard.press('Escape')
    await page.getByTestId('open-share').click()
    // The toggle shows the server's state: it turns on once the server has recorded it.
    await page.getByTestId('share-resident-may-decide').click()
    await expect.poll(() => page.getByTestId('share-resident-may-decide').isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Sluiten' }).click()
    const phone = resident.page
    const referralOnPhone = phone.getByTestId('resident-action').filter({ hasText: 'Raad voor Rechtsbijstand' })
    await referralOnPhone.getByTestId('resident-decide-agreed').click()
    await expect.poll(() => referralOnPhone.locator('[data-decision=agreed]').count()).toBeGreaterThan(0)
    await page.getByTestId('open-close').click()
    await page.getByTestId('follow-up-date').fill('2027-01-12')
    await page.getByTestId('close-confirm').click()
    await page.getByTestId('closed-message').waitFor()
    await page.getByRole('button', { name: 'Terug naar het bord' }).click()
    for (const p of [facilitator.page, professional.page]) {
      await expect.poll(() => p.getByTestId('read-only-banner').count(), { timeout: 15_000 }).toBe(1)
      expect(await inEditor(p, (e) => e.getIsReadonly())).toBe(true)
      expect(await p.getByTestId('add-action').count()).toBe(0)
    }
    await expect.poll(() => resident.page.getByText('Het gesprek is afgerond.').count()).toBe(1)
    await facilitator.page.screenshot({ path: 'test-results/case-meeting-closed.png' })
  })

  it('no page contacted a host other than our own server', () => {
    for (const participant of [facilitator, professional, resident]) {
      expect(foreignRequests(participant.requests, server.baseUrl)).toEqual([])
    }
  })
})
