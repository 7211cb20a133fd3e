/**
 * Issue 7, point 1 and 8, as people at the table do it: her "no" to the budget coach cannot be
 * deleted by a participant (the screen refuses and says why; the server would write it back),
 * the facilitator removes it only after a confirmation that names her decision, the close dialog
 * lists it with "put back", and the proposed follow-up date has to be confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { addAction, addAgency, assertClientBuilt, cardIds, clickCard, createMeeting, DIST_DIR, joinBoard, startMeeting } from '../helpers/boardFlow'

const WORDS = 'Mijn man wil geen controle thuis'

describe('a decided action on the board', () => {
  let server: ServerProcess
  let facilitator: Participant
  let professional: Participant
  let coach = ''

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[facilitator, professional] = await Promise.all([
      openParticipant({ viewport: { width: 1920, height: 1080 } }),
      openParticipant({ viewport: { width: 1280, height: 860 } }),
    ])
    const links = await createMeeting(facilitator.page, server.baseUrl)
    await joinBoard(facilitator.page, links.facilitatorUrl, 'Fatima', undefined, { organisation: 'Gemeente' })
    await joinBoard(professional.page, links.participantUrl, 'Joost', 'vrijwilliger', { organisation: 'Kinderrechtswinkel' })
    await startMeeting(facilitator.page, 'Ansaj', ['financien'])
  })

  afterAll(async () => {
    await facilitator?.close()
    await professional?.close()
    await server?.stop()
    await cleanupServers()
  })

  it('her "no" is recorded with her words', async () => {
    const page = facilitator.page
    await addAgency(page, 'financien', { organisation: 'Budgetbeheer Noord', person: 'Henk' })
    coach = await addAction(page, 'financien', 'Budgetcoach aan huis')
    await page.getByTestId('decision-words').fill(WORDS)
    await page.getByTestId('decide-declined').click()
    await expect.poll(() => page.getByTestId('decide-declined').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(async () => (await cardIds(professional.page, 'action')).includes(coach)).toBe(true)
  })

  it("a participant's screen refuses to delete it, with the reason; the card stays for everyone", async () => {
    const page = professional.page
    await clickCard(page, coach)
    await page.getByRole('button', { name: 'Kaart verwijderen' }).click()
    const refusal = page.getByTestId('delete-refused')
    await refusal.waitFor()
    expect(await refusal.innerText()).toContain('Alleen de gespreksleider kan haar van het bord halen')
    // The keyboard is refused the same way.
    await clickCard(page, coach)
    await page.keyboard.press('Delete')
    await page.waitForTimeout(500)
    expect(await cardIds(page, 'action')).toContain(coach)
    expect(await cardIds(facilitator.page, 'action')).toContain(coach)
    await page.screenshot({ path: 'test-results/decided-card-refused.png' })
  })

  it('the facilitator removes it only after a confirmation that names her decision and her words', async () => {
    const page = facilitator.page
    await clickCard(page, coach)
    await page.getByRole('button', { name: 'Kaart verwijderen' }).click()
    const dialog = page.getByTestId('remove-decided-dialog')
    await dialog.waitFor()
    const text = await dialog.innerText()
    expect(text).toContain('Wil ik niet')
    expect(text).toContain(WORDS)
    await page.screenshot({ path: 'test-results/decided-card-confirm.png' })
    // "Nee" keeps it.
    await page.getByRole('button', { name: 'Nee, laten staan' }).click()
    expect(await cardIds(page, 'action')).toContain(coach)
    await page.getByRole('button', { name: 'Kaart verwijderen' }).click()
    await page.getByRole('button', { name: 'Ja, van het bord halen' }).click()
    await expect.poll(async () => (await cardIds(professional.page, 'action')).includes(coach)).toBe(false)
  })

  it('the close dialog lists it with who removed it, puts it back on request, and asks to confirm the follow-up date', async () => {
    const page = facilitator.page
    await page.getByTestId('open-close').click()
    const removed = page.getByTestId('close-removed')
    await removed.waitFor()
    const text = await removed.innerText()
    expect(text).toContain('Budgetcoach aan huis')
    expect(text).toContain('Wil ik niet')
    expect(text).toContain(WORDS)
    expect(text).toContain('van het bord gehaald door Fatima')
    expect(await page.getByTestId('close-problems').innerText()).toContain('De datum van het vervolggesprek is nog een voorstel')
    await page.getByTestId('follow-up-proposed').waitFor()
    await page.screenshot({ path: 'test-results/decided-card-close-dialog.png' })

    await page.getByTestId('close-put-back').click()
    await expect.poll(async () => (await cardIds(professional.page, 'action')).includes(coach)).toBe(true)
    await removed.waitFor({ state: 'detached' })

    await page.getByTestId('follow-up-confirm').click()
    await page.getByTestId('follow-up-confirmed').waitFor()
    await page.getByTestId('close-confirm').click()
    await page.getByTestId('closed-message').waitFor()
  })
})
