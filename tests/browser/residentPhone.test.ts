/**
 * Her phone answers her (issue 7, points 4, 6, 8 and 9), played as people would, at 390×844:
 * she joins by the resident link with only her name; the facilitator proposes an action and lets
 * her answer herself; she taps "Wil ik niet" with her reason and sees "U zei: …"; the facilitator
 * changes the action and her phone says so and asks again; a locked board and a closed meeting
 * show on her phone; the follow-up date appears only once confirmed; at the follow-up her phone
 * shows what was carried over. The share dialog never shows the facilitator's link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { foreignRequests, openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { addAction, assertClientBuilt, clickCard, connectionState, createMeeting, DIST_DIR, eventually, startMeeting } from '../helpers/boardFlow'
import { formatCalendarDate } from '../../shared/domain/time'

fs.mkdirSync('test-results', { recursive: true })

const PHONE = { width: 390, height: 844 }
const REASON = 'Mijn man wil niet dat iemand thuis controleert wat wij kopen'

/** Fills the join form of whatever link this is and goes in. */
async function join(page: Page, link: string, fields: { name: string; organisation?: string; contact?: string; submit: string }) {
  await page.goto(link)
  await page.getByLabel('Uw naam').fill(fields.name)
  if (fields.organisation) await page.getByLabel('Organisatie (mag leeg blijven)').fill(fields.organisation)
  if (fields.contact) await page.getByLabel('Telefoon of e-mail (mag leeg)').fill(fields.contact)
  await page.getByRole('button', { name: fields.submit }).click()
  await page.waitForSelector('.tl-canvas, [data-testid=resident-view]', { timeout: 30_000 })
  await eventually('the board is live', async () => (await connectionState(page)) === 'live')
}

async function setOwner(page: Page, actionId: string, ownerLabel: RegExp, dueDate: string) {
  await clickCard(page, actionId)
  const select = page.getByTestId('action-owner')
  await select.selectOption((await select.locator('option', { hasText: ownerLabel }).first().getAttribute('value'))!)
  await page.getByTestId('action-due-date').fill(dueDate)
}

describe('her phone answers her', () => {
  let server: ServerProcess
  let facilitator: Participant
  let resident: Participant
  let links: Awaited<ReturnType<typeof createMeeting>>
  let actionId = ''
  const onPhone = (what: string) => resident.page.getByTestId('resident-action').filter({ hasText: what })
  const phoneAction = () => onPhone('Budgetcoach')

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[facilitator, resident] = await Promise.all([
      openParticipant({ viewport: { width: 1440, height: 900 } }),
      openParticipant({ viewport: PHONE }),
    ])
    links = await createMeeting(facilitator.page, server.baseUrl)
  })

  afterAll(async () => {
    await facilitator?.close()
    await resident?.close()
    await cleanupServers()
  })

  it('the facilitator link asks name, organisation and contact, but no role', async () => {
    const page = facilitator.page
    await page.goto(links.facilitatorUrl)
    await page.getByLabel('Uw naam').waitFor()
    expect(await page.getByLabel('Uw rol').count()).toBe(0)
    expect(await page.getByLabel('Aan tafel').count()).toBe(0)
    await join(page, links.facilitatorUrl, { name: 'Fatima', organisation: 'Gemeente', contact: '06 1234 5678', submit: 'Naar het bord' })
    await startMeeting(page, 'Ansaj', ['financien'])
  })

  it('the resident link asks only her name, in plain words', async () => {
    const page = resident.page
    await page.goto(links.residentUrl)
    const form = page.getByRole('form')
    await form.waitFor()
    expect(await form.locator('input, select, textarea').count()).toBe(1)
    expect(await page.getByLabel('Uw rol').count()).toBe(0)
    expect(await page.getByLabel('Op afstand (via de link)').count()).toBe(0)
    const text = await page.locator('main').innerText()
    for (const word of ['aanwijzer', 'Organisatie', 'rol']) expect(text).not.toContain(word)
    await page.screenshot({ path: 'test-results/resident-phone-join.png' })
    await join(page, links.residentUrl, { name: 'Ansaj', submit: 'Naar mijn afspraken' })
    await page.getByTestId('resident-view').waitFor()
  })

  it('the participant link offers every role but gespreksleider and bewoner, and asks a contact', async () => {
    const other = await openParticipant({ viewport: PHONE })
    try {
      await other.page.goto(links.participantUrl)
      await other.page.getByLabel('Uw rol').waitFor()
      const roles = await other.page.getByLabel('Uw rol').locator('option').allInnerTexts()
      expect(roles).not.toContain('Gespreksleider')
      expect(roles).not.toContain('Bewoner')
      expect(roles.length).toBeGreaterThan(3)
      expect(await other.page.getByLabel('Telefoon of e-mail (mag leeg)').count()).toBe(1)
      expect(await other.page.getByLabel('Op afstand (via de link)').count()).toBe(1)
    } finally {
      await other.close()
    }
  })

  it('the share dialog shows the participant and resident links, never the facilitator link; "Kopieer mijn link" copies it', async () => {
    const page = facilitator.page
    const facilitatorToken = new URL(links.facilitatorUrl).hash.split('=')[1]
    expect(facilitatorToken.length).toBeGreaterThan(10)
    await facilitator.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl })
    await page.keyboard.press('Escape')
    await page.getByTestId('open-share').click()
    expect(await page.getByTestId('share-participant-link').inputValue()).toBe(links.participantUrl)
    expect(await page.getByTestId('share-resident-link').inputValue()).toBe(links.residentUrl)
    expect(await page.getByTestId('share-facilitator-link').count()).toBe(0)
    // Not as text, not in any field, not anywhere in the page.
    expect(await page.content()).not.toContain(facilitatorToken)
    expect(await page.locator('body').innerText()).not.toContain(facilitatorToken)
    await page.getByTestId('copy-my-link').click()
    await expect.poll(() => page.getByTestId('copy-my-link-status').innerText()).toBe('Gekopieerd')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(links.facilitatorUrl)
    expect(await page.content()).not.toContain(facilitatorToken)
    await page.screenshot({ path: 'test-results/resident-phone-share-dialog.png' })
    // She may answer herself from now on.
    await page.getByTestId('share-resident-may-decide').click()
    await expect.poll(() => page.getByTestId('share-resident-may-decide').isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Sluiten' }).click()
  })

  it('she taps "Wil ik niet" with her reason: her phone shows her answer and "U zei: …"', async () => {
    actionId = await addAction(facilitator.page, 'financien', 'Budgetcoach aan huis')
    await setOwner(facilitator.page, actionId, /^Fatima/, '2026-12-15')
    const action = phoneAction()
    await expect.poll(() => action.innerText()).toContain('Budgetcoach aan huis')
    // Who helps her, and how she reaches them (the contact the facilitator gave when joining).
    await expect.poll(() => action.innerText()).toContain('Fatima (Gemeente)')
    expect(await action.getByRole('link', { name: '06 1234 5678' }).getAttribute('href')).toBe('tel:0612345678')
    expect(await resident.page.getByTestId('resident-state').innerText()).toContain('Zeg bij elke afspraak wat u wilt')

    await action.getByTestId('resident-words').fill(REASON)
    await action.getByTestId('resident-decide-declined').click()
    await expect.poll(() => action.getByTestId('resident-said').innerText()).toBe(`U zei: “${REASON}”`)
    expect(await action.locator('.resident-answer [data-decision=declined]').count()).toBe(1)
    // The buttons fold away; she can change her answer while the meeting is open.
    expect(await action.getByTestId('resident-decide-declined').count()).toBe(0)
    expect(await action.getByTestId('resident-change').count()).toBe(1)
    await resident.page.screenshot({ path: 'test-results/resident-phone-declined.png', fullPage: true })
  })

  it('she can change her answer; "Niet veranderen" keeps it', async () => {
    const action = phoneAction()
    await action.getByTestId('resident-change').click()
    expect(await action.getByTestId('resident-decide-declined').getAttribute('aria-pressed')).toBe('true')
    await action.getByRole('button', { name: 'Niet veranderen' }).click()
    expect(await action.getByTestId('resident-decide-declined').count()).toBe(0)
    expect(await action.getByTestId('resident-said').innerText()).toBe(`U zei: “${REASON}”`)
  })

  it('the facilitator changes the action: her phone says so and asks her again', async () => {
    await clickCard(facilitator.page, actionId)
    await facilitator.page.getByTestId('action-what').fill('Budgetcoach, één keer per maand op het kantoor')
    const action = phoneAction()
    await expect.poll(() => action.getByTestId('resident-changed').count()).toBe(1)
    expect(await action.getByTestId('resident-changed').innerText()).toBe('Dit is veranderd. U wordt opnieuw gevraagd.')
    expect(await action.innerText()).toContain('Uw eerdere antwoord')
    // Her old words stay visible; the buttons are back.
    expect(await action.getByTestId('resident-said').innerText()).toBe(`U zei: “${REASON}”`)
    expect(await action.getByTestId('resident-decide-agreed').count()).toBe(1)
    await resident.page.screenshot({ path: 'test-results/resident-phone-changed.png', fullPage: true })

    await action.getByTestId('resident-words').fill('Ik wil het eerst met mijn man bespreken')
    await action.getByTestId('resident-decide-thinking').click()
    await expect.poll(() => action.getByTestId('resident-changed').count()).toBe(0)
    expect(await action.getByTestId('resident-said').innerText()).toBe('U zei: “Ik wil het eerst met mijn man bespreken”')
    // For what she thinks about: who comes back to her about it.
    expect(await action.innerText()).toContain('Wie komt hierop bij u terug: Fatima (Gemeente)')
  })

  it('she agrees to one action and declines another, each with her words', async () => {
    const lawyer = await addAction(facilitator.page, 'financien', 'Advocaat voor de kinderen')
    await setOwner(facilitator.page, lawyer, /^Fatima/, '2026-12-18')
    await addAction(facilitator.page, 'financien', 'Meer vrijwilligerswerk')
    await facilitator.page.keyboard.press('Escape')
    for (const [what, choice, words] of [
      ['Advocaat voor de kinderen', 'agreed', 'Ja, graag, voor de kinderen'],
      ['Meer vrijwilligerswerk', 'declined', 'Mijn gezondheid laat dat niet toe'],
    ] as const) {
      const action = onPhone(what)
      await action.getByTestId('resident-words').fill(words)
      await action.getByTestId(`resident-decide-${choice}`).click()
      await expect.poll(() => action.getByTestId('resident-said').innerText()).toBe(`U zei: “${words}”`)
    }
  })

  it('a locked board shows on her phone: she reads, but cannot change', async () => {
    const page = facilitator.page
    await page.keyboard.press('Escape')
    await page.getByTestId('toggle-lock').click()
    const state = resident.page.getByTestId('resident-state')
    await expect.poll(() => state.getAttribute('data-state')).toBe('locked')
    expect(await state.innerText()).toContain('Het gesprek staat even stil')
    expect(await resident.page.getByTestId('resident-change').count()).toBe(0)
    expect(await resident.page.getByTestId('resident-decide-agreed').count()).toBe(0)
    await resident.page.screenshot({ path: 'test-results/resident-phone-locked.png', fullPage: true })
    await page.getByTestId('toggle-lock').click()
    await expect.poll(() => state.getAttribute('data-state')).toBe('open')
  })

  it('the follow-up date reaches her phone only once it is confirmed; closed, her page shows the result', async () => {
    const page = facilitator.page
    const info = await page.evaluate(async (url) => {
      const boardId = new URL(url).pathname.split('/').pop()!
      const token = JSON.parse(localStorage.getItem(`tafelbord:board:${boardId}:token`)!).token
      return (await fetch(`/api/boards/${boardId}`, { headers: { Authorization: `Bearer ${token}` } })).json()
    }, links.facilitatorUrl)
    const proposed = formatCalendarDate(info.meeting.followUpDate, 'nl')
    expect(await resident.page.getByTestId('resident-view').innerText()).not.toContain(proposed)

    await page.keyboard.press('Escape')
    await page.getByTestId('open-close').click()
    await page.getByTestId('follow-up-confirm').click()
    await page.getByTestId('follow-up-confirmed').waitFor()
    await expect.poll(() => resident.page.getByTestId('summary-next').innerText()).toContain(proposed)

    await page.getByTestId('close-confirm').click()
    await page.getByTestId('closed-message').waitFor()
    await page.getByRole('button', { name: 'Terug naar het bord' }).click()
    const phone = resident.page
    await expect.poll(() => phone.getByTestId('resident-state').getAttribute('data-state')).toBe('closed')
    const text = await phone.getByTestId('resident-view').innerText()
    expect(text).toContain('Het gesprek is afgerond.')
    expect(text).not.toContain('Zeg bij elke afspraak wat u wilt')
    expect(await phone.getByTestId('resident-change').count()).toBe(0)
    expect(await phone.locator('[data-testid^=resident-decide-]').count()).toBe(0)
    expect(await phoneAction().getByTestId('resident-said').innerText()).toBe('U zei: “Ik wil het eerst met mijn man bespreken”')
    await phone.screenshot({ path: 'test-results/resident-phone-closed.png', fullPage: true })
  })

  it('at the follow-up her phone shows what was carried over, and asks again about what she thought about', async () => {
    const page = facilitator.page
    await page.keyboard.press('Escape')
    await page.getByTestId('open-export').click()
    await page.getByTestId('start-follow-up').click()
    const phone = resident.page
    await expect.poll(() => phone.getByTestId('resident-state').getAttribute('data-state')).toBe('open')
    const text = () => phone.getByTestId('resident-view').innerText()
    await expect.poll(text).toContain('Van de vorige keer')
    expect(await text()).toContain('Dit is het vervolggesprek')
    const action = phoneAction()
    expect(await action.innerText()).toContain('Vorige keer')
    expect(await action.innerText()).toContain('Wat wilt u nu?')
    expect(await action.getByTestId('resident-said').innerText()).toBe('U zei: “Ik wil het eerst met mijn man bespreken”')
    expect(await action.getByTestId('resident-decide-agreed').count()).toBe(1)
    // Asked anew: last time's answer is not shown as chosen.
    expect(await action.locator('[aria-pressed=true]').count()).toBe(0)
    // Not asked "what came of it" about something she has not agreed to.
    expect(await action.getByTestId('resident-outcome').count()).toBe(0)

    // What she declined stays declined, with her words, and is not asked about.
    const declined = onPhone('Meer vrijwilligerswerk')
    expect(await declined.getByTestId('resident-said').innerText()).toBe('U zei: “Mijn gezondheid laat dat niet toe”')
    expect(await declined.innerText()).toContain('U wilde dit niet. Dat blijft zo.')
    expect(await declined.locator('[data-testid^=resident-decide-], [data-testid=resident-outcome]').count()).toBe(0)

    // What she agreed to: what came of it, in her words.
    const agreed = onPhone('Advocaat voor de kinderen')
    expect(await agreed.innerText()).toContain('Wat is ervan terechtgekomen?')
    expect(await agreed.getByTestId('resident-decide-agreed').count()).toBe(0)
    await agreed.getByTestId('resident-outcome-words').fill('De advocaat heeft gebeld')
    await agreed.getByTestId('resident-outcome-done').click()
    await expect.poll(() => agreed.getByTestId('resident-outcome-said').innerText()).toBe('U zei: “De advocaat heeft gebeld”')
    expect(await agreed.locator('.resident-outcome [data-outcome=done]').count()).toBe(1)
    await phone.screenshot({ path: 'test-results/resident-phone-follow-up.png', fullPage: true })
    // The same page in English, in the same voice.
    await phone.getByRole('button', { name: 'English' }).click()
    await expect.poll(text).toContain('From last time')
    expect(await action.getByTestId('resident-said').innerText()).toBe('You said: “Ik wil het eerst met mijn man bespreken”')
    expect(await text()).toContain('What do you want now?')
    await phone.screenshot({ path: 'test-results/resident-phone-follow-up-en.png', fullPage: true })
    await phone.getByRole('button', { name: 'Nederlands' }).click()
  })

  it('no page contacted a host other than our own server', () => {
    for (const participant of [facilitator, resident]) {
      expect(foreignRequests(participant.requests, server.baseUrl)).toEqual([])
    }
  })
})
